"""Deleted spans remembered: one tombstone per deleted span (schema 4).

A tombstone names the article by its text hash (as merges match articles),
the annotator, the label, the bounds and when it was deleted. It is written in
the delete's own transaction and removed when the span exists again (an undo
of the delete, or the same span made anew), so a merge can tell an older copy
of a span deleted here from new work.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

__all__ = ["Tombstone", "buried", "bury", "bury_key", "clear", "here", "keys_of"]


@dataclass(frozen=True)
class Tombstone:
    """One deleted span: ``(label, start, end)`` of ``annotator`` on the article ``sha256``."""

    sha256: str
    annotator: str
    label: str
    start: int
    end: int
    deleted_at: str

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.label, self.start, self.end)


_BURY = (
    'INSERT INTO deleted_spans (sha256, annotator_id, label_id, start, "end", deleted_at)'
    ' VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (sha256, annotator_id, label_id, start, "end")'
    " DO UPDATE SET deleted_at = max(deleted_at, excluded.deleted_at)"
)


def bury(conn: sqlite3.Connection, span_id: int, when: str) -> None:
    """Inside the delete's transaction, before the row goes: remember span ``span_id`` as deleted at ``when``."""
    conn.execute(
        'INSERT INTO deleted_spans (sha256, annotator_id, label_id, start, "end", deleted_at)'
        ' SELECT a.sha256, s.annotator_id, s.label_id, s.start, s."end", ? FROM spans s'
        " JOIN articles a ON a.id = s.article_id WHERE s.id = ?"
        ' ON CONFLICT (sha256, annotator_id, label_id, start, "end") DO UPDATE SET deleted_at = excluded.deleted_at',
        (when, span_id),
    )


def bury_key(
    conn: sqlite3.Connection, sha256: str, annotator_id: int, label_id: int, start: int, end: int, when: str
) -> None:
    """A tombstone another file carries, kept here too (the later time wins)."""
    conn.execute(_BURY, (sha256, annotator_id, label_id, start, end, when))


def clear(conn: sqlite3.Connection, span_id: int) -> None:
    """Span ``span_id`` exists (again) as it now is: that span is no longer deleted."""
    conn.execute(
        "DELETE FROM deleted_spans WHERE id IN (SELECT d.id FROM deleted_spans d JOIN articles a"
        " ON a.sha256 = d.sha256 JOIN spans s ON s.article_id = a.id AND s.annotator_id = d.annotator_id"
        ' AND s.label_id = d.label_id AND s.start = d.start AND s."end" = d."end" WHERE s.id = ?)',
        (span_id,),
    )


def buried(conn: sqlite3.Connection, article_id: int, annotator: str, label: str, start: int, end: int) -> bool:
    """Whether that span was deleted here (and not made again since)."""
    return (
        conn.execute(
            "SELECT 1 FROM deleted_spans d JOIN articles ar ON ar.sha256 = d.sha256 JOIN annotators a ON a.id ="
            " d.annotator_id JOIN labels l ON l.id = d.label_id WHERE ar.id = ? AND a.name = ? AND l.name = ?"
            ' AND d.start = ? AND d."end" = ?',
            (article_id, annotator, label, start, end),
        ).fetchone()
        is not None
    )


def keys_of(conn: sqlite3.Connection, hashes: list[str]) -> set[tuple[str, int, int, int, int]]:
    """Every tombstone of the articles ``hashes`` as ``(sha256, annotator_id, label_id, start, end)``."""
    found: set[tuple[str, int, int, int, int]] = set()
    for i in range(0, len(hashes), 500):  # within SQLite's limit on parameters
        chunk = hashes[i : i + 500]
        found.update(
            conn.execute(
                f'SELECT sha256, annotator_id, label_id, start, "end" FROM deleted_spans'
                f" WHERE sha256 IN ({', '.join('?' * len(chunk))})",
                chunk,
            )
        )
    return found


def here(conn: sqlite3.Connection, sha256: str, annotator: str) -> dict[tuple[str, int, int], Tombstone]:
    """This file's tombstones of ``annotator`` on the article ``sha256``, by ``(label, start, end)``."""
    rows = conn.execute(
        'SELECT d.sha256, a.name, l.name, d.start, d."end", d.deleted_at FROM deleted_spans d'
        " JOIN annotators a ON a.id = d.annotator_id JOIN labels l ON l.id = d.label_id"
        " WHERE d.sha256 = ? AND a.name = ?",
        (sha256, annotator),
    )
    found = [Tombstone(*row) for row in rows]
    return {t.key: t for t in found}
