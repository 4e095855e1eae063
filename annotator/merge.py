"""Bringing other annotators' database files into this one.

Articles are matched by the SHA-256 of their text; articles this file lacks
are added. For each annotator and article the incoming spans are added when
they extend what is here (a later copy of the same person's work); when this
file holds spans of that annotator the incoming file lacks, that is a
conflict: it is reported and nothing of that annotator's work on that
article changes. Merging the same file twice therefore adds nothing. The whole
merge is one transaction, recorded in ``merges`` with every span it added.

What is here keeps its meaning: an annotator's kind, a known label's colour,
key, guideline and retirement, and a known article's title and metadata are
never changed by a merge; where the incoming file says otherwise, that is a
*difference*, listed in the summary and the merge's record. An article the
review had marked adjudicated (gold's status done) to which the merge adds a
disagreement is reopened (gold's status back to in progress) and named.

Deletions are remembered (:mod:`.tombstones`): an incoming span deleted here
and not edited there since is an older copy and stays deleted (counted and
named); a span here that the file says it deleted is kept and named as a
difference. A merge never takes a status back (:mod:`.status_order`): this
file's is kept and the summary says so.

The file merged is read in place and never written, nor anything beside it
(:mod:`.source_file`); every row it brings is checked first
(:mod:`.merge_source`), and a file with a bad row is refused whole.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import adjudication, connection, schema, status_order, tombstones
from .command_keys import label_key_refusal
from .display import shown_path, shown_text
from .errors import StoreError
from .merge_source import SourceRows
from .model import Article, ArticleIn, Span, Status
from .source_file import SourceFile, open_source
from .store import Store
from .tombstones import Tombstone
from .words import plural

__all__ = ["Conflict", "MergeResult", "merge_file"]

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Conflict:
    """One annotator's spans on one article differ in a way a merge must not decide."""

    annotator: str
    article_title: str
    sha256: str
    only_here: int
    only_there: int

    def describe(self) -> str:
        return (
            f"{self.annotator} on {self.article_title[:60]!r}: {plural(self.only_here, 'span')} only here, "
            f"{self.only_there:,} only in the merged file; kept this file's spans"
        )


@dataclass
class MergeResult:
    """What a merge did, for the summary the CLI and the window show."""

    source: str
    merge_id: int = 0
    articles_added: int = 0
    spans_added: int = 0
    statuses_changed: int = 0
    notes_updated: int = 0
    annotators: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)  # what here means something else there; kept as here
    reopened: list[str] = field(default_factory=list)  # adjudicated articles the merge disputed again
    kept_deleted: list[str] = field(default_factory=list)  # spans deleted here that the file still holds
    kept_statuses: dict[str, int] = field(default_factory=dict)  # status here -> articles the file would take back

    def summary(self) -> str:
        line = (
            f"{self.source}: {plural(self.articles_added, 'article')} added, "
            f"{plural(self.spans_added, 'span')} added, {plural(self.statuses_changed, 'status', 'statuses')}"
            f" updated, {plural(self.notes_updated, 'note')} updated, {plural(len(self.conflicts), 'conflict')}"
        )
        if self.differences:
            n = len(self.differences)
            line += f", {plural(n, 'difference')} left as {'it is' if n == 1 else 'they are'} here"
        if self.reopened:
            line += f", {plural(len(self.reopened), 'adjudicated article')} reopened"
        if self.kept_deleted:
            line += f", {plural(len(self.kept_deleted), 'span')} deleted here kept deleted"
        return ", ".join([line, *status_order.kept_summary(self.kept_statuses)])

    def record(self) -> list[str]:
        """What the ``merges`` row keeps besides its counts: conflicts, differences, reopened articles."""
        return (
            [c.describe() for c in self.conflicts]
            + [f"difference: {d}" for d in self.differences]
            + [f"reopened: {r}" for r in self.reopened]
            + [f"kept deleted: {k}" for k in self.kept_deleted]
            + [f"status: {k}" for k in status_order.kept_summary(self.kept_statuses)]
        )


def merge_file(store: Store, other: str | Path, *, progress: Progress | None = None) -> MergeResult:
    """Merge database ``other`` into ``store`` (see the module docstring)."""
    other = Path(other)
    name = shown_path(other)
    if not other.is_file():
        raise StoreError(
            f"{name}: no such database file"
            if not other.exists()
            else f"{name} is not a database file (it is a folder, a pipe or a device)"
        )
    if _same_file(store, other):
        raise StoreError(f"{name} is the database being merged into; choose another annotator's file")
    source = open_source(other)
    try:
        return _merge(store, SourceRows(source), source, progress)
    finally:
        source.close()


def _same_file(store: Store, other: Path) -> bool:
    if store.path is None:
        return False
    try:
        return os.path.samefile(store.path, other)  # a hard link or another path to it counts too
    except OSError:
        return False


def _merge(store: Store, rows: SourceRows, source: SourceFile, progress: Progress | None) -> MergeResult:
    result = MergeResult(source=rows.name)
    name = rows.name
    with store.write() as conn:
        result.merge_id = connection.inserted_id(
            conn.execute("INSERT INTO merges (source, merged_at) VALUES (?, ?)", (name, schema.now()))
        )
        _merge_labels(store, rows, result)
        _merge_annotators(store, rows, result)
        ids = rows.article_ids()
        for done, source_id in enumerate(ids, 1):
            _merge_article(store, rows, source_id, result)
            if progress is not None:
                progress(done, len(ids))
        rows.refuse_if_bad()  # these raise: the transaction rolls back, nothing of the file is kept
        source.check_unchanged()
        conn.execute(
            "UPDATE merges SET articles_added = ?, spans_added = ?, statuses_changed = ?, conflicts = ? WHERE id = ?",
            (
                result.articles_added,
                result.spans_added,
                result.statuses_changed,
                json.dumps(result.record(), ensure_ascii=False),
                result.merge_id,
            ),
        )
    return result


def _merge_labels(store: Store, rows: SourceRows, result: MergeResult) -> None:
    here = {lab.name: lab for lab in store.labels.all(include_retired=True)}
    used_keys = {lab.key: lab.name for lab in store.labels.all() if lab.key}
    for lab in rows.labels.values():
        mine = here.get(lab.name)
        if mine is not None:
            for what, ours, theirs in (
                ("colour", mine.color, lab.color),
                ("key", mine.key, lab.key),
                ("guideline", mine.guideline, lab.guideline),
                ("retired", mine.retired, lab.retired),
            ):
                if ours != theirs:
                    result.differences.append(
                        f"label {lab.name!r}: {what} {ours!r} here, {theirs!r} in the merged file; kept this file's"
                    )
            continue
        clash = label_key_refusal(lab.key) if lab.key else None
        key = lab.key if lab.key and lab.key not in used_keys and clash is None and not lab.retired else ""
        if lab.key and not key and not lab.retired:
            why = f": {clash}" if clash else f", which label {used_keys[lab.key]!r} uses here"
            result.differences.append(f"label {lab.name!r} added without its key {lab.key!r}{why}")
        here[lab.name] = store.labels.add(lab.name, lab.color, key, lab.guideline)
        if lab.retired:
            store.labels.retire(lab.name)
        elif key:
            used_keys[key] = lab.name


def _merge_annotators(store: Store, rows: SourceRows, result: MergeResult) -> None:
    for who in rows.annotators.values():
        row = store.conn.execute("SELECT kind FROM annotators WHERE name = ?", (who.name,)).fetchone()
        if row is None:
            store.annotator_id(who.name)
            if who.kind != "human":
                store.conn.execute("UPDATE annotators SET kind = ? WHERE name = ?", (who.kind, who.name))
        elif row[0] != who.kind:
            result.differences.append(
                f"annotator {who.name!r} is {row[0]!r} here and {who.kind!r} in the merged file; kept {row[0]!r}"
            )
        if who.name not in result.annotators:
            result.annotators.append(who.name)


def _merge_article(store: Store, rows: SourceRows, source_id: int, result: MergeResult) -> None:
    article = rows.article(source_id)
    if article is None:
        return
    row = store.conn.execute("SELECT id FROM articles WHERE sha256 = ?", (article.sha256,)).fetchone()
    if row is None:
        local_id, _ = store.add_article(
            ArticleIn(
                text=article.text,
                title=article.title,
                origin=article.origin,
                source=article.source,
                url=article.url,
                published=article.published,
                meta=article.meta,
                normalised=article.normalised,
            )
        )
        result.articles_added += 1
        adjudicated = False
    else:
        local_id = int(row[0])
        _compare_article(store.article(local_id), article, result)
        adjudicated = store.status(local_id, adjudication.GOLD) is Status.DONE
    incoming: dict[str, list[Span]] = {}
    for span in rows.spans(article):
        incoming.setdefault(span.annotator, []).append(span)
    stones = rows.tombstones(article)
    added: set[int] = set()
    for annotator, spans in incoming.items():
        gone_there = {t.key for t in stones if t.annotator == annotator}
        added |= _merge_spans(store, local_id, article, annotator, spans, gone_there, result)
    _merge_tombstones(store, local_id, stones, result)
    for annotator, status, updated in rows.statuses(source_id):
        _merge_status(store, local_id, annotator, status, updated, result)
    if adjudicated and added and _disputed_again(store, local_id, added):
        store.conn.execute(
            "INSERT OR REPLACE INTO article_status (article_id, annotator_id, status, updated_at) VALUES (?, ?, ?, ?)",
            (local_id, store.annotator_id(adjudication.GOLD), Status.IN_PROGRESS.value, schema.now()),
        )
        result.reopened.append(
            f"{_title_here(store, local_id)[:60]!r}: the merge added a disagreement; gold is in progress again"
        )


def _title_here(store: Store, article_id: int) -> str:
    """The article's title in this file: what messages call it (a merge never changes it)."""
    return str(store.conn.execute("SELECT title FROM articles WHERE id = ?", (article_id,)).fetchone()[0])


def _compare_article(mine: Article, theirs: Article, result: MergeResult) -> None:
    fields = [
        name for name in ("title", "source", "url", "published", "meta") if getattr(mine, name) != getattr(theirs, name)
    ]
    if fields:
        verb = "differs" if len(fields) == 1 else "differ"
        result.differences.append(
            f"article {mine.title[:60]!r}: {', '.join(fields)} {verb} in the merged file; kept this file's"
        )


def _disputed_again(store: Store, article_id: int, added: set[int]) -> bool:
    """Whether a span the merge added sits in a disagreement the gold layer does not decide."""
    humans = [
        name
        for (name,) in store.conn.execute(
            "SELECT a.name FROM annotators a WHERE a.kind = 'human' AND (EXISTS (SELECT 1 FROM spans s"
            " WHERE s.annotator_id = a.id AND s.article_id = ?) OR EXISTS (SELECT 1 FROM article_status st"
            " WHERE st.annotator_id = a.id AND st.article_id = ? AND st.status = ?)) ORDER BY a.id",
            (article_id, article_id, Status.DONE.value),
        )
    ]
    if len(humans) < 2:
        return False
    return any(
        not item.resolved and any(s.id in added for s in item.spans)
        for item in adjudication.disagreements(store, article_id, humans)
    )


def _key(span: Span) -> tuple[str, int, int]:
    return (span.label, span.start, span.end)


def _merge_spans(
    store: Store,
    local_id: int,
    article: Article,
    annotator: str,
    spans: list[Span],
    gone_there: set[tuple[str, int, int]],
    result: MergeResult,
) -> set[int]:
    """Add ``annotator``'s incoming spans unless that is a conflict; the ids of the spans added.

    A span only here that the file says was deleted there is no conflict: it
    is kept and named as a difference (:func:`_merge_tombstones`).
    """
    local = {_key(s): s for s in store.spans(local_id, [annotator])}
    spans = _not_deleted_here(store, local_id, article, annotator, spans, set(local), result)
    here, there = set(local), {_key(s) for s in spans}
    if here - there - gone_there:
        result.conflicts.append(
            Conflict(
                annotator,
                _title_here(store, local_id),
                article.sha256,
                len(here - there - gone_there),
                len(there - here),
            )
        )
        return set()
    added = set()
    for span in spans:
        if _key(span) in here:
            _merge_note(store, local[_key(span)], span, result)
            continue
        span_id, new = store._insert_span(
            local_id,
            annotator,
            span.label,
            span.start,
            span.end,
            article.text,
            span.note,
            created_at=span.created_at,
            updated_at=span.updated_at,
        )
        if new:
            store.conn.execute("UPDATE spans SET merge_id = ? WHERE id = ?", (result.merge_id, span_id))
            result.spans_added += 1
            added.add(span_id)
    return added


def _not_deleted_here(
    store: Store,
    local_id: int,
    article: Article,
    annotator: str,
    spans: list[Span],
    here: set[tuple[str, int, int]],
    result: MergeResult,
) -> list[Span]:
    """The incoming spans less those deleted here after their last edit (an older copy, not new work).

    A span edited there after it was deleted here is new work and is added
    (which clears the tombstone).
    """
    gone = tombstones.here(store.conn, article.sha256, annotator)
    kept = []
    for span in spans:
        stone = gone.get(_key(span))
        if stone is not None and _key(span) not in here and span.updated_at <= stone.deleted_at:
            result.kept_deleted.append(
                f"{_describe(span)} on {_title_here(store, local_id)[:60]!r}, deleted here "
                f"{stone.deleted_at[:19].replace('T', ' ')} UTC"
            )
        else:
            kept.append(span)
    return kept


def _describe(span: Span | Tombstone, text: str | None = None) -> str:
    text = shown_text(span.text if isinstance(span, Span) else text or "")
    shown = text if len(text) <= 40 else text[:37] + "..."
    return f"{span.annotator}'s {span.label} span \u201c{shown}\u201d"


def _merge_tombstones(store: Store, local_id: int, stones: list[Tombstone], result: MergeResult) -> None:
    """The file's deletions: a span still here is kept and named as a difference; others are remembered here."""
    for stone in stones:
        row = store.conn.execute(
            "SELECT s.text FROM spans s JOIN annotators a ON a.id = s.annotator_id JOIN labels l ON l.id = s.label_id"
            ' WHERE s.article_id = ? AND a.name = ? AND l.name = ? AND s.start = ? AND s."end" = ?',
            (local_id, stone.annotator, stone.label, stone.start, stone.end),
        ).fetchone()
        if row is not None:  # never delete work here on another file's word
            result.differences.append(
                f"{_describe(stone, row[0])} on {_title_here(store, local_id)[:60]!r} was "
                "deleted in the merged file; kept here"
            )
            continue
        tombstones.bury_key(
            store.conn,
            stone.sha256,
            store.annotator_id(stone.annotator),
            store.labels.id_of(stone.label),
            stone.start,
            stone.end,
            stone.deleted_at,
        )


def _merge_note(store: Store, mine: Span, theirs: Span, result: MergeResult) -> None:
    """The same span on both sides: the more recently edited note wins, as statuses do."""
    if theirs.note and theirs.note != mine.note and theirs.updated_at > mine.updated_at:
        store.conn.execute(
            "UPDATE spans SET note = ?, updated_at = ? WHERE id = ?", (theirs.note, theirs.updated_at, mine.id)
        )
        result.notes_updated += 1


def _merge_status(
    store: Store, article_id: int, annotator: str, status: Status, updated: str, result: MergeResult
) -> None:
    """The more recent word wins, except that a merge never takes a status back (:mod:`.status_order`)."""
    row = store.conn.execute(
        "SELECT status, updated_at FROM article_status WHERE article_id = ? AND annotator_id = ?",
        (article_id, store.annotator_id(annotator)),
    ).fetchone()
    if row is not None and (row[0] == status.value or row[1] >= updated):
        return  # the same, or this file's is the more recent word
    here = Status(row[0]) if row is not None else Status.TODO
    if status_order.takes_back(here, status):  # a newer word that undoes work: kept here, and said
        result.kept_statuses[here.value] = result.kept_statuses.get(here.value, 0) + 1
        return
    store.conn.execute(
        "INSERT OR REPLACE INTO article_status (article_id, annotator_id, status, updated_at) VALUES (?, ?, ?, ?)",
        (article_id, store.annotator_id(annotator), status.value, updated),
    )
    result.statuses_changed += 1
