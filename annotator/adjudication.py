"""Review and adjudication: where annotators disagree, and the gold layer a reviewer decides.

The gold layer is an annotator of its own (named ``gold``, kind ``gold``), so
it is exported, merged and shown like anyone's work. Each reviewer decision
(accept, adjust, relabel, reject, new, accept agreed) is a row in
``decisions`` recording the source span as it was, so the gold layer can
always say where each span came from. Every decision is one committed
transaction and can be undone.

Alignment: spans with the same boundaries and label for every chosen
annotator are *agreed*. The remaining spans are grouped by overlap into
items, each a disagreement of one kind: different label (same boundaries),
different boundaries (same label), both, or marked by only some annotators.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from . import connection, schema
from .model import Span, Status
from .store import ChangedElsewhereError, Store

__all__ = [
    "GOLD",
    "Decision",
    "Item",
    "accept",
    "accept_agreed",
    "add_gold",
    "decisions",
    "disagreements",
    "ensure_gold",
    "items",
    "progress",
    "reject",
    "undo_decision",
]

GOLD = "gold"


@dataclass(frozen=True)
class Item:
    """One place in the text where the chosen annotators agree or disagree."""

    start: int
    end: int
    spans: tuple[Span, ...]
    kind: str  # "agreed", "label", "boundaries", "label and boundaries", "only some annotators"
    missing: tuple[str, ...] = ()
    resolved: bool = False

    @property
    def agreed(self) -> bool:
        return self.kind == "agreed"


@dataclass(frozen=True)
class Decision:
    """What a decision did, so that it can be undone."""

    decision_id: int
    gold_span: Span | None
    # Whether taking the decision back may remove ``gold_span``: not when it came in by import or merge.
    owns_span: bool = True


def ensure_gold(store: Store) -> str:
    """The gold annotator's name, created (as kind gold) on first use."""
    store.annotator_id(GOLD)
    if store.conn.execute("SELECT kind FROM annotators WHERE name = ?", (GOLD,)).fetchone()[0] != "gold":
        with store.write() as conn:
            conn.execute("UPDATE annotators SET kind = 'gold' WHERE name = ?", (GOLD,))
    return GOLD


def items(store: Store, article_id: int, annotators: Sequence[str]) -> list[Item]:
    """Every agreed and disputed place in one article, in text order."""
    if len(annotators) < 2:
        raise ValueError("review needs at least two annotators")
    spans = store.spans(article_id, annotators)
    gold = _GoldIndex(store.spans(article_id, [GOLD]))
    decided = _decided_span_ids(store, article_id)
    by_key: dict[tuple[int, int, str], list[Span]] = {}
    for span in spans:
        by_key.setdefault((span.start, span.end, span.label), []).append(span)
    found: list[Item] = []
    rest: list[Span] = []
    for (start, end, label), group in by_key.items():
        if sorted(s.annotator for s in group) == sorted(annotators):
            done = (start, end, label) in gold.keys
            found.append(Item(start, end, tuple(group), "agreed", resolved=done or _any(group, decided)))
        else:
            rest.extend(group)
    for cluster in _overlap_clusters(rest):
        found.append(_disputed(cluster, annotators, gold, decided))
    return sorted(found, key=lambda it: (it.start, it.end, it.kind))


def disagreements(store: Store, article_id: int, annotators: Sequence[str]) -> list[Item]:
    """Only the disputed items, for stepping through with next / previous."""
    return [it for it in items(store, article_id, annotators) if not it.agreed]


class _GoldIndex:
    """Gold spans by key and by start, so each item is checked in O(log n), not against all of gold."""

    def __init__(self, gold: list[Span]) -> None:
        self.keys = {(g.start, g.end, g.label) for g in gold}
        self._starts = sorted(g.start for g in gold)
        self._ends = sorted(g.end for g in gold)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether a gold span overlaps ``[start, end)``: some begins before ``end`` and not all end by ``start``."""
        begun = bisect_left(self._starts, end)  # gold spans starting before end
        finished = bisect_right(self._ends, start)  # gold spans ending at or before start
        return begun > finished


def _decided_span_ids(store: Store, article_id: int) -> set[int]:
    rows = store.conn.execute("SELECT source_span_id FROM decisions WHERE article_id = ?", (article_id,))
    return {r[0] for r in rows if r[0] is not None}


def _any(spans: Iterable[Span], ids: set[int]) -> bool:
    return any(s.id in ids for s in spans)


def _overlap_clusters(spans: list[Span]) -> list[list[Span]]:
    clusters: list[list[Span]] = []
    end = -1
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        if clusters and span.start < end:
            clusters[-1].append(span)
            end = max(end, span.end)
        else:
            clusters.append([span])
            end = span.end
    return clusters


def _disputed(cluster: list[Span], annotators: Sequence[str], gold: _GoldIndex, decided: set[int]) -> Item:
    start, end = min(s.start for s in cluster), max(s.end for s in cluster)
    missing = tuple(a for a in annotators if a not in {s.annotator for s in cluster})
    if missing:
        kind = "only some annotators"
    else:
        same_bounds = len({(s.start, s.end) for s in cluster}) == 1
        same_label = len({s.label for s in cluster}) == 1
        kind = "label" if same_bounds else "boundaries" if same_label else "label and boundaries"
    in_gold = gold.overlaps(start, end)
    # Rejecting one candidate leaves the others open: decided when gold covers it or every span is decided.
    every = all(s.id in decided for s in cluster)
    return Item(start, end, tuple(cluster), kind, missing, resolved=in_gold or every)


# -- decisions -------------------------------------------------------------


def accept(
    store: Store,
    span: Span,
    *,
    label: str | None = None,
    start: int | None = None,
    end: int | None = None,
    decided_by: str = "",
) -> Decision:
    """Take ``span`` into gold, optionally relabelled or with adjusted boundaries."""
    label = label or span.label
    start = span.start if start is None else start
    end = span.end if end is None else end
    moved = (start, end) != (span.start, span.end)
    action = "adjust" if moved else "relabel" if label != span.label else "accept"
    with store.write():
        gold, owns = _gold_span(
            store, span.article_id, label, start, end, span.note, store.article(span.article_id).text
        )
        decision_id = _record(store, span.article_id, action, gold.id, span, decided_by)
    return Decision(decision_id, gold, owns)


def reject(store: Store, span: Span, *, decided_by: str = "") -> Decision:
    """Decide that ``span`` does not belong in gold."""
    with store.write():
        decision_id = _record(store, span.article_id, "reject", None, span, decided_by)
    return Decision(decision_id, None)


def add_gold(store: Store, article_id: int, label: str, start: int, end: int, *, decided_by: str = "") -> Decision:
    """A gold span no annotator made."""
    with store.write():
        gold, owns = _gold_span(store, article_id, label, start, end, None, None)  # reads the text once
        decision_id = _record(store, article_id, "new", gold.id, None, decided_by)
    return Decision(decision_id, gold, owns)


def accept_agreed(store: Store, article_id: int, annotators: Sequence[str], *, decided_by: str = "") -> list[Decision]:
    """Take every agreed, not yet decided item into gold in one step (one transaction)."""
    made = []
    text = store.article(article_id).text
    with store.write():
        for item in items(store, article_id, annotators):
            if item.agreed and not item.resolved:
                span = item.spans[0]
                gold, owns = _gold_span(store, article_id, span.label, span.start, span.end, None, text)
                made.append(
                    Decision(_record(store, article_id, "accept agreed", gold.id, span, decided_by), gold, owns)
                )
    return made


def _gold_span(
    store: Store, article_id: int, label: str, start: int, end: int, note: str | None, text: str | None
) -> tuple[Span, bool]:
    """The gold span a decision makes or finds, and whether the decision may take it away again."""
    gold, created = store.add_or_find_span(article_id, ensure_gold(store), label, start, end, note, text=text)
    made_by_decisions = (
        created
        or store.conn.execute("SELECT 1 FROM decisions WHERE gold_span_id = ? LIMIT 1", (gold.id,)).fetchone()
        is not None
    )
    return gold, made_by_decisions


def undo_decision(store: Store, decision: Decision) -> None:
    """Take a decision back: its row goes, and the gold span it made if nothing else uses it.

    Refused, with nothing changed, when another window took the decision back
    already or changed its gold span since.
    """
    gold = decision.gold_span
    with store.write() as conn:
        row = conn.execute("SELECT gold_span_id FROM decisions WHERE id = ?", (decision.decision_id,)).fetchone()
        if row is None or row[0] != (gold.id if gold else None):
            raise ChangedElsewhereError(
                "nothing was changed: this review decision was already taken back"
                " in another window or by another command"
            )
        conn.execute("DELETE FROM decisions WHERE id = ?", (decision.decision_id,))
        if gold is not None and decision.owns_span:
            still = conn.execute("SELECT count(*) FROM decisions WHERE gold_span_id = ?", (gold.id,)).fetchone()[0]
            if not still:
                store.delete_span(gold.id, expected=gold)


def _record(
    store: Store, article_id: int, action: str, gold_span_id: int | None, source: Span | None, decided_by: str
) -> int:
    cur = store.conn.execute(
        "INSERT INTO decisions (article_id, action, gold_span_id, source_annotator, source_span_id,"
        " source_start, source_end, source_label, decided_by, decided_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (
            article_id,
            action,
            gold_span_id,
            source and source.annotator,
            source and source.id,
            source and source.start,
            source and source.end,
            source and source.label,
            decided_by,
            schema.now(),
        ),
    )
    return connection.inserted_id(cur)


def decisions(store: Store, article_id: int) -> list[dict[str, object]]:
    """The decisions taken on one article, oldest first (for the review view and exports)."""
    cur = store.conn.execute(
        "SELECT id, action, gold_span_id, source_annotator, source_span_id, source_start, source_end,"
        " source_label, decided_by, decided_at FROM decisions WHERE article_id = ? ORDER BY id",
        (article_id,),
    )
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur]


def progress(store: Store) -> tuple[int, int]:
    """(articles adjudicated, articles with work by two or more annotators)."""
    total = store.conn.execute(
        "SELECT count(*) FROM (SELECT s.article_id FROM spans s JOIN annotators a ON a.id = s.annotator_id"
        " WHERE a.kind = 'human' GROUP BY s.article_id HAVING count(DISTINCT s.annotator_id) >= 2)"
    ).fetchone()[0]
    done = store.conn.execute(
        "SELECT count(*) FROM article_status st JOIN annotators a ON a.id = st.annotator_id"
        " WHERE a.name = ? AND st.status = ?",
        (GOLD, Status.DONE.value),
    ).fetchone()[0]
    return int(done), int(total)
