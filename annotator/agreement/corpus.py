"""Agreement of a store's annotators: which articles count, and their spans as plain data.

The statistics themselves are pure functions of plain data (``report``); this
module only picks the articles every chosen annotator finished (status done)
and hands their texts and spans over, one article at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from annotator.agreement.report import AgreementReport, ArticleInput, build_report
from annotator.model import Status
from annotator.store import Store

__all__ = ["human_annotators", "shared_articles", "store_report"]

Progress = Callable[[int, int], None]


def human_annotators(store: Store, *, with_work: bool = False) -> list[str]:
    """Annotators other than gold layers, in the order they first appeared.

    ``with_work`` keeps only those with a span or an article status: opening the
    window registers a name, and a reviewer who never tagged anything would
    make every span look like a disagreement.
    """
    sql = "SELECT name FROM annotators a WHERE kind = 'human'"
    if with_work:
        sql += (" AND (EXISTS (SELECT 1 FROM spans s WHERE s.annotator_id = a.id)"
                " OR EXISTS (SELECT 1 FROM article_status st WHERE st.annotator_id = a.id"
                f" AND st.status != '{Status.TODO.value}'))")
    return [r[0] for r in store.conn.execute(sql + " ORDER BY id")]


def shared_articles(store: Store, annotators: Sequence[str], *, finished_only: bool = True) -> list[int]:
    """Articles every annotator in ``annotators`` finished (or, if not ``finished_only``, touched)."""
    placeholders = ", ".join("?" * len(annotators))
    if finished_only:
        sql = (f"SELECT st.article_id FROM article_status st JOIN annotators a ON a.id = st.annotator_id"
               f" WHERE a.name IN ({placeholders}) AND st.status = '{Status.DONE.value}'"
               " GROUP BY st.article_id HAVING count(DISTINCT a.id) = ? ORDER BY st.article_id")
    else:
        sql = (f"SELECT article_id FROM (SELECT s.article_id, a.id AS who FROM spans s JOIN annotators a"
               f" ON a.id = s.annotator_id WHERE a.name IN ({placeholders})"
               " UNION SELECT st.article_id, a.id FROM article_status st JOIN annotators a"
               f" ON a.id = st.annotator_id WHERE a.name IN ({placeholders}))"
               " GROUP BY article_id HAVING count(DISTINCT who) = ? ORDER BY article_id")
        return [r[0] for r in store.conn.execute(sql, [*annotators, *annotators, len(annotators)])]
    return [r[0] for r in store.conn.execute(sql, [*annotators, len(annotators)])]


def store_report(store: Store, annotators: Sequence[str] | None = None, labels: Sequence[str] | None = None,
                 *, finished_only: bool = True, progress: Progress | None = None) -> AgreementReport:
    """The agreement report over the articles the annotators all finished."""
    if annotators:
        annotators = list(dict.fromkeys(annotators))
        _check_known("annotator", annotators, store.annotators())
        if len(annotators) < 2:
            raise ValueError(f"agreement needs two or more annotators; only {annotators[0]} was given")
    else:
        annotators = human_annotators(store)
        if len(annotators) < 2:
            raise ValueError(f"agreement needs two or more annotators; this database has {annotators or 'none'}")
    ids = shared_articles(store, annotators, finished_only=finished_only)
    if not ids:
        which = "finished (marked done)" if finished_only else "annotated"
        raise ValueError(f"no article has been {which} by all of {', '.join(annotators)}")
    scheme = [lab.name for lab in store.labels.all(include_retired=True)]
    if labels:
        labels = list(dict.fromkeys(labels))
        _check_known("label", labels, scheme)
    else:
        labels = scheme
    wanted = set(labels)

    def inputs():
        for done, article_id in enumerate(ids, 1):
            text = store.article(article_id).text
            spans = {name: [] for name in annotators}
            for span in store.spans(article_id, annotators):
                if span.label in wanted:  # spans of other labels are left out, as if unlabelled
                    spans[span.annotator].append((span.start, span.end, span.label))
            if progress is not None:
                progress(done, len(ids))
            yield ArticleInput.from_text(str(article_id), text, spans)

    return build_report(inputs(), annotators, labels)


def _check_known(kind: str, names: Sequence[str], known: Sequence[str]) -> None:
    unknown = [name for name in names if name not in known]
    if unknown:
        raise ValueError(f"no {kind} named {unknown[0]!r}; known: {', '.join(known) or 'none'}")
