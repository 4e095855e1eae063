"""The corpus store: one SQLite file holding articles, annotators, labels and spans.

Every method that changes something is its own committed transaction
(``BEGIN IMMEDIATE`` ... ``COMMIT`` with ``synchronous=FULL`` in WAL mode), so an
edit that was reported as made survives a crash or a power cut. Bulk imports
commit once per batch (:mod:`batch_import`). Readers never load article texts they do not need.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import batch_import, connection, schema, tombstones
from .batch_import import ImportResult, ImportStopped, sha256_text
from .errors import ChangedElsewhereError, StoreError
from .labels import LabelScheme
from .model import Article, ArticleIn, ArticleRow, Span, Status

if TYPE_CHECKING:
    import sqlite_utils

__all__ = ["KEEP", "ChangedElsewhereError", "ImportResult", "ImportStopped", "Store", "StoreError", "sha256_text"]

Progress = Callable[[int, int], None]


# Sets a status only where it changes, so that an unchanged one keeps its time (merges compare times).
_UPSERT_STATUS = (
    "INSERT INTO article_status (article_id, annotator_id, status, updated_at) VALUES (?, ?, ?, ?)"
    " ON CONFLICT (annotator_id, article_id) DO UPDATE SET status = excluded.status,"
    " updated_at = excluded.updated_at WHERE status != excluded.status"
)
_REOPEN_STATUS = (  # back to todo: no row means todo already, so none is added
    "UPDATE article_status SET status = 'todo', updated_at = ?"
    " WHERE article_id = ? AND annotator_id = ? AND status != 'todo'"
)

_SPAN_SELECT = """
    SELECT s.id, s.article_id, s.start, s."end", l.name, a.name, s.text, s.note,
           s.created_at, s.updated_at
    FROM spans s JOIN labels l ON l.id = s.label_id JOIN annotators a ON a.id = s.annotator_id
"""


def _span(row: tuple[Any, ...]) -> Span:
    return Span(*row)


def article_head(row: Sequence[Any]) -> tuple[int, str, str, str, str, str, str, str]:
    """An article row's first eight columns (id to published, in ``Article``'s order), typed as such."""
    return (row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7])


class _Keep:
    """The type of :data:`KEEP`: leave this field as it is."""


KEEP = _Keep()


def _content(span: Span) -> tuple[object, ...]:
    # What a span means; times and the id say nothing about whether it was changed.
    return (span.article_id, span.annotator, span.label, span.start, span.end, span.note)


def _describe(span: Span) -> str:
    text = span.text if len(span.text) <= 40 else span.text[:37] + "..."
    return f"{span.annotator}'s {span.label} span \u201c{text}\u201d"


def _changed(expected: Span, current: Span) -> str:
    return (
        f"nothing was changed: {_describe(expected)} was changed in another window or by another command"
        f" (it is now {_describe(current)}{' with a note' if current.note else ''})"
    )


class Store:
    """Verb methods over one database file; see the module docstring for the rules."""

    def __init__(self, path: str | os.PathLike[str] | None = None, *, readonly: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self.readonly = readonly
        self.backup_path: Path | None = None
        self.conn = self._connect()
        self.labels = LabelScheme(self)
        self._annotator_ids: dict[str, int] = {}

    # -- connection -------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        conn, self.readonly = connection.open_connection(self.path, readonly=self.readonly)
        if not self.readonly:
            try:
                self.backup_path = schema.migrate(conn, self.path)
            except sqlite3.DatabaseError as exc:
                conn.close()
                raise connection.store_error(self.path, exc) from exc
        return conn

    @functools.cached_property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over the same connection, for introspection and ad-hoc work."""
        import sqlite_utils  # slow to import (it pulls in pandas where installed): only on use

        return sqlite_utils.Database(self.conn)

    def close(self) -> None:
        """Close the file; a clean close also folds the WAL back into it."""
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One committed transaction; the write lock is taken at once so two
        instances queue instead of failing half-way."""
        if self.readonly:
            raise StoreError(f"{self.path} is open read-only; nothing can be changed")
        if self.conn.in_transaction:  # nested: part of the caller's transaction
            yield self.conn
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise connection.store_error(self.path, exc) from exc
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException as exc:
            # SQLite has already rolled back after some errors (a full disk, an I/O error).
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            self._forget_ids()
            if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.IntegrityError):
                raise connection.store_error(self.path, exc) from exc
            raise

    def _forget_ids(self) -> None:
        # Ids cached inside a rolled-back transaction may not exist any more.
        self._annotator_ids.clear()
        self.labels.forget()

    # -- annotators -------------------------------------------------------

    def annotator_id(self, name: str, *, create: bool = True) -> int:
        """Id of annotator ``name``, created on first use."""
        name = name.strip()
        if not name:
            raise ValueError("an annotator needs a name")
        if name in self._annotator_ids:
            return self._annotator_ids[name]
        row = self.conn.execute("SELECT id FROM annotators WHERE name = ?", (name,)).fetchone()
        if row is None:
            if not create:
                raise KeyError(f"no annotator named {name!r}")
            with self.write() as conn:
                cur = conn.execute("INSERT INTO annotators (name, created_at) VALUES (?, ?)", (name, schema.now()))
            row = (cur.lastrowid,)
        self._annotator_ids[name] = row[0]
        return int(row[0])

    def _known_annotator(self, name: str) -> int:
        """Id for reading: 0 (no row has it) for a name not stored yet, so reads never write."""
        try:
            return self.annotator_id(name, create=False)
        except KeyError:
            return 0

    def annotators(self) -> list[str]:
        """Every annotator's name, in the order they first appeared."""
        return [r[0] for r in self.conn.execute("SELECT name FROM annotators ORDER BY id")]

    # -- articles ---------------------------------------------------------

    def import_articles(
        self,
        articles: Iterable[ArticleIn | tuple[str, str]],
        *,
        annotator: str | None = None,
        batch_size: int = 500,
        progress: Progress | None = None,
        total: int = 0,
        result: ImportResult | None = None,
    ) -> ImportResult:
        """Store many articles, one transaction per batch (see :mod:`annotator.batch_import`)."""
        return batch_import.import_articles(
            self, articles, annotator=annotator, batch_size=batch_size, progress=progress, total=total, result=result
        )

    def add_article(self, article: ArticleIn) -> tuple[int, bool]:
        """Store one article; return its id and whether it was new."""
        result = self.import_articles([article])
        if result.imported:
            return result.imported[0][1], True
        return result.duplicates[0][1], False

    def articles(
        self, annotator: str | None = None, *, status: Status | None = None, search: str = ""
    ) -> list[ArticleRow]:
        """The article list for ``annotator``: status and span counts, never the texts."""
        ann_id = self._known_annotator(annotator) if annotator else -1
        sql = """
            SELECT a.id, a.title, a.source, coalesce(st.status, 'todo'), coalesce(c.n, 0), a.length
            FROM articles a
            LEFT JOIN article_status st ON st.article_id = a.id AND st.annotator_id = :ann
            LEFT JOIN (SELECT article_id, count(*) AS n FROM spans
                       WHERE annotator_id = :ann OR :ann = -1 GROUP BY article_id) c
                   ON c.article_id = a.id
        """
        where: list[str] = []
        params: dict[str, object] = {"ann": ann_id}
        if status is not None:
            where.append("coalesce(st.status, 'todo') = :status")
            params["status"] = status.value
        if search:
            # SQLite's own lower() is fast but ASCII-only; fold() (Python's casefold) only when it matters.
            fold = "lower" if search.isascii() else "fold"
            where.append(f"(instr({fold}(a.title), :q) OR instr({fold}(a.text), :q))")
            params["q"] = search.lower() if search.isascii() else search.casefold()
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY a.id"
        statuses = {s.value: s for s in Status}
        return [ArticleRow(r[0], r[1], r[2], statuses[r[3]], r[4], r[5]) for r in self.conn.execute(sql, params)]

    def article_ids(self) -> list[int]:
        """Every article id, in import order."""
        return [r[0] for r in self.conn.execute("SELECT id FROM articles ORDER BY id")]

    def article(self, article_id: int) -> Article:
        """One article with its text."""
        row = self.conn.execute(
            "SELECT id, sha256, title, text, origin, source, url, published, meta, normalised, imported_at"
            " FROM articles WHERE id = ?",
            (article_id,),
        ).fetchone()
        if row is None:
            raise KeyError(f"no article {article_id}")
        meta, unreadable = _stored_json(row[8], dict)
        normalised, _ = _stored_json(row[9], list)
        return Article(
            *article_head(row), meta=meta, normalised=tuple(normalised), imported_at=row[10], unreadable_meta=unreadable
        )

    def count_articles(self) -> int:
        """Number of articles, cheaply."""
        return int(self.conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    # -- status -----------------------------------------------------------

    def status(self, article_id: int, annotator: str) -> Status:
        """Where ``annotator`` stands with the article."""
        row = self.conn.execute(
            "SELECT status FROM article_status WHERE article_id = ? AND annotator_id = ?",
            (article_id, self._known_annotator(annotator)),
        ).fetchone()
        return Status(row[0]) if row else Status.TODO

    def set_status(self, article_id: int, annotator: str, status: Status, *, expected: Status | None = None) -> Status:
        """Set the status; return the previous one so the change can be undone.

        With ``expected`` (an undo step's view), nothing changes unless the status is still that.
        """
        ann_id = self.annotator_id(annotator)
        with self.write() as conn:
            previous = self.status(article_id, annotator)
            if expected is not None and previous != expected:
                raise ChangedElsewhereError(
                    f"nothing was changed: {annotator}'s status of article {article_id} was set to"
                    f" '{previous.value}' in another window or by another command"
                )
            conn.execute(
                "INSERT INTO article_status (article_id, annotator_id, status, updated_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (annotator_id, article_id)"
                " DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at",
                (article_id, ann_id, Status(status).value, schema.now()),
            )
        return previous

    def set_statuses(self, article_ids: Iterable[int], annotator: str, status: Status) -> int:
        """One annotator's status on many articles, in one transaction; return how many changed."""
        ids = list(dict.fromkeys(article_ids))
        with self.write():
            changed = self._write_statuses(ids, annotator, Status(status), schema.now())
        return changed

    def _write_statuses(self, article_ids: list[int], annotator: str, status: Status, stamp: str) -> int:
        """Inside a transaction: set a status where it differs; the number of rows changed."""
        ann_id = self.annotator_id(annotator)
        before = self.conn.total_changes
        if status is Status.TODO:
            self.conn.executemany(_REOPEN_STATUS, [(stamp, a, ann_id) for a in article_ids])
        else:
            self.conn.executemany(_UPSERT_STATUS, [(a, ann_id, status.value, stamp) for a in article_ids])
        return self.conn.total_changes - before

    # -- spans ------------------------------------------------------------

    def add_span(
        self,
        article_id: int,
        annotator: str,
        label: str,
        start: int,
        end: int,
        note: str | None = None,
        *,
        text: str | None = None,
    ) -> Span:
        """Store one span (or return the identical one already there).

        ``text`` is the article text if the caller has it, to save reading it.
        """
        return self.add_or_find_span(article_id, annotator, label, start, end, note, text=text)[0]

    def add_or_find_span(
        self,
        article_id: int,
        annotator: str,
        label: str,
        start: int,
        end: int,
        note: str | None = None,
        *,
        text: str | None = None,
    ) -> tuple[Span, bool]:
        """:meth:`add_span`, and whether the span is new (so an undo knows whether it is its to remove)."""
        if text is None:
            text = self._article_text(article_id)
        with self.write():
            span_id, created = self._insert_span(article_id, annotator, label, start, end, text, note)
            if self.status(article_id, annotator) is Status.TODO:
                self._set_status_in_tx(article_id, annotator, Status.IN_PROGRESS)
        return self.span(span_id), created

    def _set_status_in_tx(self, article_id: int, annotator: str, status: Status) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO article_status (article_id, annotator_id, status, updated_at) VALUES (?, ?, ?, ?)",
            (article_id, self.annotator_id(annotator), status.value, schema.now()),
        )

    def _insert_span(
        self,
        article_id: int,
        annotator: str,
        label: str,
        start: int,
        end: int,
        text: str,
        note: str | None,
        *,
        create_label: bool = False,
        span_id: int | None = None,
        created_at: str | None = None,
        updated_at: str | None = None,
    ) -> tuple[int, bool]:
        if not (0 <= start < end <= len(text)):
            raise ValueError(f"span [{start}, {end}) is outside the article (length {len(text)})")
        label_id = self.labels.id_of(label, create=create_label)
        ann_id = self.annotator_id(annotator)
        stamp = schema.now()
        with self.write() as conn:
            cur = conn.execute(
                'INSERT INTO spans (id, article_id, annotator_id, label_id, start, "end", text, note,'
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                ' ON CONFLICT (article_id, annotator_id, label_id, start, "end") DO NOTHING',
                (
                    span_id,
                    article_id,
                    ann_id,
                    label_id,
                    start,
                    end,
                    text[start:end],
                    note,
                    created_at or stamp,
                    updated_at or stamp,
                ),
            )
            if cur.rowcount:
                span_id = connection.inserted_id(cur)
                tombstones.clear(conn, span_id)
                return span_id, True
            row = conn.execute(
                "SELECT id FROM spans WHERE article_id = ? AND annotator_id = ? AND label_id = ?"
                ' AND start = ? AND "end" = ?',
                (article_id, ann_id, label_id, start, end),
            ).fetchone()
            return int(row[0]), False

    def restore_span(self, span: Span) -> Span:
        """Put back a deleted span with its id and times (undo of a delete).

        Ids are never reused, so the id is free unless the span is already back;
        an identical span made since (another window) is refused, not doubled.
        """
        with self.write() as conn:
            row = conn.execute(_SPAN_SELECT + " WHERE s.id = ?", (span.id,)).fetchone()
            if row is not None:
                if _content(_span(row)) == _content(span):
                    return _span(row)
                raise ChangedElsewhereError(_changed(span, _span(row)))
            span_id, _ = self._insert_span(
                span.article_id,
                span.annotator,
                span.label,
                span.start,
                span.end,
                self._article_text(span.article_id),
                span.note,
                span_id=span.id,
                created_at=span.created_at,
                updated_at=span.updated_at,
            )
            if span_id != span.id:
                raise ChangedElsewhereError(
                    f"nothing was changed: {_describe(span)} was made again in another window or by another command"
                )
        return self.span(span.id)

    def span(self, span_id: int) -> Span:
        """One span by id."""
        row = self.conn.execute(_SPAN_SELECT + " WHERE s.id = ?", (span_id,)).fetchone()
        if row is None:
            raise KeyError(f"no span {span_id}")
        return _span(row)

    def spans(self, article_id: int | None = None, annotators: Iterable[str] | None = None) -> list[Span]:
        """Spans of one article (or all), optionally of some annotators, in text order."""
        where: list[str] = []
        params: list[object] = []
        if article_id is not None:
            where.append("s.article_id = ?")
            params.append(article_id)
        if annotators is not None:
            names = list(annotators)
            where.append(f"a.name IN ({', '.join('?' * len(names))})")
            params.extend(names)
        sql = _SPAN_SELECT + (" WHERE " + " AND ".join(where) if where else "")
        sql += ' ORDER BY s.article_id, s.start, s."end", s.id'
        return [_span(r) for r in self.conn.execute(sql, params)]

    def update_span(
        self,
        span_id: int,
        *,
        expected: Span | None = None,
        label: str | None = None,
        note: str | _Keep | None = KEEP,
        bounds: tuple[int, int] | None = None,
    ) -> Span:
        """Change a span's label, note and boundaries in one transaction; the old span is returned for undo.

        With ``expected`` (what the caller last saw, e.g. an undo step), nothing
        is changed unless the stored row still holds exactly that.
        """
        with self.write() as conn:
            old = self._current_span(span_id, expected)
            sets: list[str] = ["updated_at = ?"]
            params: list[object] = [schema.now()]
            if label is not None and label != old.label:
                sets.append("label_id = ?")
                params.append(self.labels.id_of(label))
            if not isinstance(note, _Keep):
                sets.append("note = ?")
                params.append(note or None)
            if bounds is not None and bounds != (old.start, old.end):
                text = self._article_text(old.article_id)
                start, end = bounds
                if not (0 <= start < end <= len(text)):
                    raise ValueError(f"span [{start}, {end}) is outside the article (length {len(text)})")
                sets += ["start = ?", '"end" = ?', "text = ?"]
                params += [start, end, text[start:end]]
            try:
                if len(sets) > 1 and (label not in (None, old.label) or bounds not in (None, (old.start, old.end))):
                    tombstones.bury(conn, span_id, schema.now())  # the old label or place: never brought back
                conn.execute(f"UPDATE spans SET {', '.join(sets)} WHERE id = ?", (*params, span_id))
                tombstones.clear(conn, span_id)
            except sqlite3.IntegrityError as exc:
                raise ValueError(f"{old.annotator} already has this span as {label or old.label!r}") from exc
        return old

    def relabel_span(self, span_id: int, label: str, *, expected: Span | None = None) -> Span:
        """Give a span another label; the old span is returned for undo."""
        return self.update_span(span_id, expected=expected, label=label)

    def set_note(self, span_id: int, note: str | None, *, expected: Span | None = None) -> Span:
        """Attach or clear a span's note; the old span is returned for undo."""
        return self.update_span(span_id, expected=expected, note=note)

    def move_span(self, span_id: int, start: int, end: int, *, expected: Span | None = None) -> Span:
        """Change a span's boundaries; the old span is returned for undo."""
        return self.update_span(span_id, expected=expected, bounds=(start, end))

    def delete_span(self, span_id: int, *, expected: Span | None = None) -> Span:
        """Delete a span; it is returned so that undo can restore it."""
        with self.write() as conn:
            old = self._current_span(span_id, expected)
            tombstones.bury(conn, span_id, schema.now())  # a merge must not bring it back
            conn.execute("DELETE FROM spans WHERE id = ?", (span_id,))
        return old

    def _current_span(self, span_id: int, expected: Span | None) -> Span:
        """The span as stored, read inside the caller's write; refused if it is not what was ``expected``."""
        row = self.conn.execute(_SPAN_SELECT + " WHERE s.id = ?", (span_id,)).fetchone()
        if row is None:
            if expected is None:
                raise KeyError(f"no span {span_id}")
            raise ChangedElsewhereError(
                f"nothing was changed: {_describe(expected)} was deleted in another window or by another command"
            )
        current = _span(row)
        if expected is not None and _content(current) != _content(expected):
            raise ChangedElsewhereError(_changed(expected, current))
        return current

    def _article_text(self, article_id: int) -> str:
        row = self.conn.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise KeyError(f"no article {article_id}")
        return str(row[0])

    def change_marker(self) -> tuple[int, int]:
        """Changes so far by this connection and by others: equal markers, unchanged file."""
        return self.conn.total_changes, int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    # -- figures ----------------------------------------------------------

    def stats(self) -> dict[str, object]:
        """Counts for `annotator stats`: per label, per annotator, per status, and per annotator and status."""
        q = self.conn.execute
        return {
            "articles": self.count_articles(),
            "spans": q("SELECT count(*) FROM spans").fetchone()[0],
            "annotators": q("SELECT count(*) FROM annotators").fetchone()[0],
            "by_label": dict(
                q(
                    "SELECT l.name, count(s.id) FROM labels l LEFT JOIN spans s"
                    " ON s.label_id = l.id GROUP BY l.id ORDER BY l.position, l.id"
                )
            ),
            "by_annotator": dict(
                q(
                    "SELECT a.name, count(s.id) FROM annotators a LEFT JOIN spans s"
                    " ON s.annotator_id = a.id GROUP BY a.id ORDER BY a.id"
                )
            ),
            "by_status": dict(q("SELECT status, count(*) FROM article_status GROUP BY status")),
            "by_annotator_status": self.status_counts(),
        }

    def status_counts(self) -> dict[str, dict[str, int]]:
        """Per annotator, how many articles have each status (todo: every article they have not touched)."""
        total = self.count_articles()
        counts: dict[str, dict[str, int]] = {
            name: dict.fromkeys((s.value for s in Status), 0) for name in self.annotators()
        }
        for name, status, n in self.conn.execute(
            "SELECT a.name, st.status, count(*) FROM article_status st JOIN annotators a ON a.id = st.annotator_id"
            " GROUP BY a.id, st.status"
        ):
            counts[name][status] += n
        for per in counts.values():
            per[Status.TODO.value] = total - sum(n for s, n in per.items() if s != Status.TODO.value)
        return counts


def _stored_json(text: object, kind: type) -> tuple[Any, str | None]:
    """A JSON column as stored: ``(value, None)``, or ``(kind(), raw text)`` when another program wrote
    something that is not JSON of that kind there (a window must still open the article)."""
    try:
        value = json.loads(text) if isinstance(text, (str, bytes)) else None
    except ValueError:
        value = None
    if isinstance(value, kind):
        return value, None
    return kind(), text if isinstance(text, str) else repr(text)
