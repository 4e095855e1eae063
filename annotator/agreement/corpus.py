"""Agreement of a store's annotators: which articles count, and their spans as plain data.

The statistics themselves are pure functions of plain data (``report``); this module picks the
articles by the rules of ``selection`` (an article counts for an annotator who finished it, or with
``finished_only=False`` who touched it; it is compared when it counts for two or more), hands their
texts and spans over one article at a time, and attaches the ``Selection`` (what was left out and
why) to the report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

from annotator.agreement.report import AgreementReport, ArticleInput, build_report
from annotator.agreement.selection import Omission, Selection
from annotator.model import ArticleRow, Status
from annotator.store import Store
from annotator.words import plural

__all__ = ["human_annotators", "select_articles", "store_report"]

Progress = Callable[[int, int], None]


def human_annotators(store: Store, *, with_work: bool = False) -> list[str]:
    """Annotators other than gold layers, in the order they first appeared.

    ``with_work`` keeps only those with a span or an article status: opening the
    window registers a name, and a reviewer who never tagged anything would
    make every span look like a disagreement.
    """
    sql = "SELECT name FROM annotators a WHERE kind = 'human'"
    if with_work:
        sql += (
            " AND (EXISTS (SELECT 1 FROM spans s WHERE s.annotator_id = a.id)"
            " OR EXISTS (SELECT 1 FROM article_status st WHERE st.annotator_id = a.id"
            f" AND st.status != '{Status.TODO.value}'))"
        )
    return [r[0] for r in store.conn.execute(sql + " ORDER BY id")]


@dataclass(frozen=True)
class Chosen:
    """The articles to compare, each with the annotators it counts for, and the ``Selection``."""

    articles: list[tuple[int, list[str]]]
    selection: Selection
    annotators: list[str]  # those compared: the chosen ones, less those no article counts for


def _counts(row: ArticleRow, finished_only: bool) -> bool:
    """Whether an article counts for an annotator, from their row of the article list."""
    if finished_only:
        return row.status is Status.DONE
    return row.span_count > 0 or row.status is not Status.TODO


def _state(row: ArticleRow) -> str:
    """Where an annotator stands with an article, for a reason: ``in progress``, ``todo, 2 spans``."""
    return row.status.value + (f", {plural(row.span_count, 'span')}" if row.span_count else "")


def select_articles(store: Store, annotators: Sequence[str], *, finished_only: bool = True) -> Chosen:
    """Apply the selection rules to every article for ``annotators`` (no texts are read)."""
    rule = "finished" if finished_only else "touched"
    rows = {name: {r.id: r for r in store.articles(name)} for name in annotators}  # one query each
    counting = {name: {i for i, r in by_id.items() if _counts(r, finished_only)} for name, by_id in rows.items()}
    active = [name for name in annotators if counting[name]]
    articles: list[tuple[int, list[str]]] = []
    left_out: list[Omission] = []
    partial: list[Omission] = []
    untouched = 0
    for article_id in sorted({i for by_id in rows.values() for i in by_id}):
        states = {name: by_id[article_id] for name, by_id in rows.items() if article_id in by_id}
        mine = [name for name in active if article_id in counting[name]]
        if len(mine) >= 2:
            articles.append((article_id, mine))
            if len(mine) == len(active):
                continue
        elif not any(_counts(state, False) for state in states.values()):
            untouched += 1  # nobody has started it: counted, not listed
            continue
        without = tuple((name, _state(states[name])) for name in active if name not in mine and name in states)
        title = next(iter(states.values())).title
        (partial if len(mine) >= 2 else left_out).append(Omission(article_id, title, without, rule))
    idle = tuple(name for name in annotators if not counting[name])
    selection = Selection(rule, len(articles), tuple(left_out), tuple(partial), untouched, idle)
    return Chosen(articles, selection, active)


def store_report(
    store: Store,
    annotators: Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
    *,
    finished_only: bool = True,
    progress: Progress | None = None,
) -> AgreementReport:
    """The agreement report over the articles that count for two or more of the annotators."""
    annotators = _annotators(store, annotators)
    chosen = select_articles(store, annotators, finished_only=finished_only)
    if not chosen.articles:
        raise ValueError(_nothing_to_compare(chosen, annotators, finished_only))
    labels = _labels(store, labels)
    wanted = set(labels)

    def inputs() -> Iterator[ArticleInput]:
        for done, (article_id, present) in enumerate(chosen.articles, 1):
            text = store.article(article_id).text
            spans: dict[str, list[tuple[int, int, str]]] = {name: [] for name in present}
            for span in store.spans(article_id, present):
                if span.label in wanted:  # spans of other labels are left out, as if unlabelled
                    spans[span.annotator].append((span.start, span.end, span.label))
            if progress is not None:
                progress(done, len(chosen.articles))
            yield ArticleInput.from_text(str(article_id), text, spans)

    report = build_report(inputs(), chosen.annotators, labels)
    return replace(report, selection=chosen.selection)


def _annotators(store: Store, annotators: Sequence[str] | None) -> list[str]:
    """The chosen annotators (checked), or every human one."""
    if annotators:
        annotators = list(dict.fromkeys(annotators))
        _check_known("annotator", annotators, store.annotators())
        if len(annotators) < 2:
            raise ValueError(f"agreement needs two or more annotators; only {annotators[0]} was given")
        return annotators
    found = human_annotators(store)
    if len(found) < 2:
        raise ValueError(f"agreement needs two or more annotators; this database has {found or 'none'}")
    return found


def _labels(store: Store, labels: Sequence[str] | None) -> list[str]:
    """The chosen labels (checked), or the whole scheme, retired labels included."""
    scheme = [lab.name for lab in store.labels.all(include_retired=True)]
    if not labels:
        return scheme
    labels = list(dict.fromkeys(labels))
    _check_known("label", labels, scheme)
    return labels


def _nothing_to_compare(chosen: Chosen, annotators: Sequence[str], finished_only: bool) -> str:
    """Why no article can be compared, with what there is."""
    which = "finished (marked done)" if finished_only else "annotated (a span or a status)"
    text = f"no article has been {which} by two or more of {', '.join(annotators)}"
    if chosen.selection.left_out:
        text += f"; {plural(len(chosen.selection.left_out), 'article')} by only one of them"
    return text


def _check_known(kind: str, names: Sequence[str], known: Sequence[str]) -> None:
    unknown = [name for name in names if name not in known]
    if unknown:
        raise ValueError(f"no {kind} named {unknown[0]!r}; known: {', '.join(known) or 'none'}")
