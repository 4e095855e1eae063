"""The read-only queries exports need that ``Store`` does not offer (yet).

``Store.spans`` builds a frozen ``Span`` per row and joins the label and
annotator names in SQL: 4.6 s for 1,000,000 spans, more than the whole
JSON Lines budget (5 s). Exports only read, so here one indexed query per
article returns plain rows; names are resolved from two small dicts and each
span is a ``SpanRow``, a named tuple with ``Span``'s attribute names (about
1.3 s for the same million). These belong in ``Store`` once it has a fast
streaming read; then this module shrinks to calls of it.
"""

from __future__ import annotations

from typing import NamedTuple

from ..store import Store

__all__ = ["SpanReader", "SpanRow", "article_hashes"]


class SpanRow(NamedTuple):
    """A stored span as exports read it: ``[start, end)`` in code points and its text."""

    id: int
    article_id: int
    start: int
    end: int
    label: str
    annotator: str
    text: str
    note: str | None = None


def article_hashes(store: Store) -> list[tuple[int, str]]:
    """``(id, sha256)`` of every article in id order, without reading the texts."""
    return [(int(r[0]), str(r[1])) for r in store.conn.execute("SELECT id, sha256 FROM articles ORDER BY id")]


class SpanReader:
    """The spans of one article at a time, of some annotators (or all)."""

    def __init__(self, store: Store, annotators: list[str] | None) -> None:
        self._conn = store.conn
        self._labels = {lab.id: lab.name for lab in store.labels.all(include_retired=True)}
        names = dict(store.conn.execute("SELECT id, name FROM annotators"))
        if annotators is not None:
            wanted = set(annotators)
            names = {i: n for i, n in names.items() if n in wanted}
        self._annotators = names
        sql = 'SELECT id, start, "end", label_id, annotator_id, text, note FROM spans WHERE article_id = ?'
        if annotators is not None:
            sql += f" AND annotator_id IN ({', '.join(str(int(i)) for i in names) or 'NULL'})"
        self._sql = sql

    def __call__(self, article_id: int) -> list[SpanRow]:
        """Spans of ``article_id`` in no particular order."""
        labels, people = self._labels, self._annotators
        return [
            SpanRow(sid, article_id, start, end, labels[label_id], people[ann_id], text, note)
            for sid, start, end, label_id, ann_id, text, note in self._conn.execute(self._sql, (article_id,))
        ]
