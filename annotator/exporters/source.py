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

import contextlib
import json
import re
import sqlite3
from collections.abc import Iterator
from typing import NamedTuple

from ..model import Article
from ..store import Store, article_head
from .base import ExportError

__all__ = ["SpanReader", "SpanRow", "StatusReader", "article_hashes", "read_article", "undecodable_text"]


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


# Aliases name the field in SQLite's "Could not decode to UTF-8 column ..." (see undecodable_text).
_ARTICLE = (
    "SELECT id, sha256, title, text, origin, source, url, published, meta AS metadata, normalised,"
    " imported_at FROM articles WHERE id = ?"
)


def read_article(store: Store, article_id: int) -> tuple[Article, str]:
    """One article, and its metadata as the JSON text stored (what exports write).

    Metadata can nest as deeply as an importer allowed (about 975 levels of
    JSON objects): decoding it again where the stack is already deep (inside
    ``datasets``' generator) exceeds Python's recursion limit. So exports
    write the stored JSON text as it is, and ``Article.meta`` is decoded only
    where that is possible (else it is empty and ``meta_json`` is the truth).
    The stored text was written by ``json.dumps``; it is checked to be JSON.
    """
    row = store.conn.execute(_ARTICLE, (article_id,)).fetchone()
    if row is None:
        raise KeyError(f"no article {article_id}")
    meta_json = row[8] or "{}"
    meta = _decode(meta_json, article_id, "metadata")
    normalised = _decode(row[9] or "[]", article_id, "list of normalisations")
    article = Article(
        *article_head(row),
        meta=meta if isinstance(meta, dict) else {},
        normalised=tuple(normalised) if isinstance(normalised, list) else (),
        imported_at=row[10],
    )
    return article, meta_json


def _decode(text: str, article_id: int, what: str) -> object:
    try:
        return json.loads(text)
    except RecursionError:
        return None  # nested too deeply to decode here; written as stored
    except ValueError as exc:
        raise ExportError(
            f"article {article_id}: its stored {what} is not valid JSON ({exc}); nothing was exported"
        ) from exc


_UNDECODABLE = re.compile(r"Could not decode to UTF-8 column '([^']*)'")


@contextlib.contextmanager
def undecodable_text(where: str) -> Iterator[None]:
    """Turn SQLite's "Could not decode to UTF-8" (text another program stored, such as a lone
    surrogate half written as CESU-8 bytes) into a refusal naming ``where`` and the column.

    Such text cannot be written to any UTF-8 file as it is, and guessing what it meant would
    move offsets, so the export is refused rather than written with the text changed.
    """
    try:
        yield
    except sqlite3.OperationalError as exc:
        found = _UNDECODABLE.match(str(exc))
        if found is None:
            raise
        raise ExportError(
            f"{where}: its stored {found.group(1)} is not valid UTF-8 (a lone surrogate or other "
            "bytes another program wrote), so it cannot be written to any file; nothing was "
            "exported. Restore a backup made before it was written (the `restore` command), or "
            "correct it with the program that wrote it"
        ) from exc


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
        sql = (
            'SELECT id, start, "end", label_id, annotator_id, text AS "span text", note AS "span note"'
            " FROM spans WHERE article_id = ?"
        )
        if annotators is not None:
            sql += f" AND annotator_id IN ({', '.join(str(int(i)) for i in names) or 'NULL'})"
        self._sql = sql

    def __call__(self, article_id: int) -> list[SpanRow]:
        """Spans of ``article_id`` in no particular order."""
        labels, people, make = self._labels, self._annotators, tuple.__new__  # a million rows: no keyword handling
        return [
            make(SpanRow, (sid, article_id, start, end, labels[label_id], people[ann_id], text, note))
            for sid, start, end, label_id, ann_id, text, note in self._conn.execute(self._sql, (article_id,))
        ]


class StatusReader:
    """Who set a status other than todo on one article at a time, of some annotators (or all).

    One lookup of the ``(annotator_id, article_id)`` primary key per annotator and article.
    """

    def __init__(self, store: Store, annotators: list[str] | None) -> None:
        self._conn = store.conn
        names = dict(store.conn.execute("SELECT id, name FROM annotators"))
        if annotators is not None:
            wanted = set(annotators)
            names = {i: n for i, n in names.items() if n in wanted}
        self._names = names
        self._sql = (
            f"SELECT annotator_id, status FROM article_status WHERE annotator_id IN "
            f"({', '.join(str(int(i)) for i in names) or 'NULL'}) AND article_id = ? AND status != 'todo'"
        )

    def __call__(self, article_id: int) -> tuple[tuple[str, str], ...]:
        """``(annotator, status)`` pairs of ``article_id``, by annotator name."""
        names = self._names
        return tuple(sorted((names[ann_id], status) for ann_id, status in self._conn.execute(self._sql, (article_id,))))
