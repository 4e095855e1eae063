"""The rows of another annotator's file, each checked before a merge uses it.

A file to merge may come from anywhere, so nothing in it is trusted: first
its shape (a schema version this program reads, every table of that version
with its columns, no trigger or view annotator never makes), then every row
as it is read (offsets that are whole numbers inside the text, a span's text
equal to the article's slice, a text whose hash is the stored one, known
statuses, ``#RRGGBB`` colours, tombstones of deleted spans (schema 4) inside
their article, names on one line, metadata that is a JSON object nested at
most :data:`~annotator.json_depth.MAX_DEPTH` levels, times that are times).
A bad shape refuses the file at once; bad rows are collected (the first
:data:`SHOWN_PROBLEMS` named by table and row id) and the merge refuses the
whole file, so that nothing of it is kept: a file with
one tampered or damaged row is not trusted for the rest either.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from . import schema
from .display import shown_path, shown_text
from .errors import DamagedDatabaseError, StoreError
from .json_depth import MAX_DEPTH, deep_spots
from .model import Article, Span, Status
from .source_file import SourceFile
from .store import sha256_text
from .tombstones import Tombstone

__all__ = ["SHOWN_PROBLEMS", "SourceAnnotator", "SourceLabel", "SourceRefused", "SourceRows"]

SHOWN_PROBLEMS = 10

_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_STATUSES = {s.value: s for s in Status}
_KINDS = ("human", "gold")


class SourceRefused(StoreError):
    """The file to merge is not one this program can trust; nothing of it was merged."""


@dataclass(frozen=True)
class SourceLabel:
    name: str
    color: str
    key: str
    guideline: str
    retired: bool


@dataclass(frozen=True)
class SourceAnnotator:
    name: str
    kind: str


class _BadRow(Exception):
    """One value of a row that cannot be used; the message says which and why."""


class SourceRows:
    """Checked reads from one :class:`SourceFile`; problems with rows are collected in :attr:`problems`."""

    def __init__(self, source: SourceFile) -> None:
        self.conn = source.conn
        self.conn.text_factory = bytes  # text that is not UTF-8 becomes a problem of its row, not a crash
        self.name = shown_path(source.path)
        self.problems: list[str] = []
        self.version = self._check_shape()
        self.labels = self._labels()
        self.annotators = self._annotators()
        self._orphans()

    # -- reading ------------------------------------------------------------

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Rows of ``sql``; SQLite's errors name this file, not the one merged into."""
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            raise DamagedDatabaseError(f"{self.name} cannot be read (it is damaged): {exc}") from exc

    def problem(self, table: str, rowid: Any, what: str) -> None:
        self.problems.append(f"{table} row {shown_text(str(rowid))}: {what}")

    def refuse_if_bad(self) -> None:
        """Raise :class:`SourceRefused` naming the bad rows, if there were any."""
        if not self.problems:
            return
        shown = "; ".join(self.problems[:SHOWN_PROBLEMS])
        more = len(self.problems) - SHOWN_PROBLEMS
        tail = f"; and {more} more" if more > 0 else ""
        count = "1 row" if len(self.problems) == 1 else f"{len(self.problems)} rows"
        raise SourceRefused(
            f"{self.name} was not merged: {count} cannot be trusted (nothing of this file was kept): {shown}{tail}"
        )

    # -- the file's shape ---------------------------------------------------

    def _refuse(self, why: str) -> SourceRefused:
        return SourceRefused(f"{self.name} was not merged: {why}")

    def _check_shape(self) -> int:
        objects = {
            (_str(t), _str(n)): _str(sql)
            for t, n, sql in self.query("SELECT type, name, coalesce(sql, '') FROM sqlite_master")
        }
        if ("table", "schema_version") not in objects:
            raise self._refuse("it is not an annotator database (it has no schema_version table)")
        ((version, bad),) = self.query("SELECT max(version), sum(typeof(version) != 'integer') FROM schema_version")
        if bad or not isinstance(version, int) or version < 1:
            raise self._refuse("its schema_version table does not say which version wrote it")
        if version > schema.SCHEMA_VERSION:
            raise schema.NewerSchemaError(
                f"{self.name} was written by a newer version of annotator (schema {version}; this version "
                f"reads up to {schema.SCHEMA_VERSION}). It has not been changed: upgrade annotator to merge it."
            )
        expected = _reference(version)
        for (kind, name), columns in expected.items():
            sql = objects.get((kind, name))
            if kind == "table" and (sql is None or not sql.upper().startswith("CREATE TABLE")):
                raise self._refuse(f"the table {name!r} is missing (not a file annotator wrote, or a damaged one)")
            if kind == "table":
                have = {_str(row[1]) for row in self.query(f'PRAGMA table_info("{name}")')}
                missing = sorted(set(columns) - have)
                if missing:
                    raise self._refuse(f"the table {name!r} lacks the column(s) {', '.join(missing)}")
        for kind, name in objects:
            if kind in ("trigger", "view") and (kind, name) not in expected:
                raise self._refuse(
                    f"it holds a {kind} '{shown_text(name)}', which annotator never makes (another program changed it)"
                )
        return version

    # -- rows ---------------------------------------------------------------

    def _labels(self) -> dict[int, SourceLabel]:
        labels: dict[int, SourceLabel] = {}
        for rowid, name, color, key, guideline, retired in self.query(
            "SELECT id, name, color, key, guideline, retired FROM labels ORDER BY position, id"
        ):
            try:
                label = SourceLabel(
                    _name(name, "name"),
                    _color(color),
                    _key(key),
                    _text(guideline, "guideline"),
                    _flag(retired, "retired"),
                )
                labels[_id(rowid)] = label
            except _BadRow as exc:
                self.problem("labels", rowid, str(exc))
        return labels

    def _annotators(self) -> dict[int, SourceAnnotator]:
        kind_column = "kind" if self.version >= 2 else "'human'"
        found: dict[int, SourceAnnotator] = {}
        for rowid, name, kind in self.query(f"SELECT id, name, {kind_column} FROM annotators ORDER BY id"):
            try:
                kind = _text(kind, "kind")
                if kind not in _KINDS:
                    raise _BadRow(f"kind '{shown_text(kind)}' is not one of {', '.join(_KINDS)}")
                found[_id(rowid)] = SourceAnnotator(_name(name, "name"), kind)
            except _BadRow as exc:
                self.problem("annotators", rowid, str(exc))
        return found

    def _orphans(self) -> None:
        for table, key in (("spans", "id"), ("article_status", "rowid")):
            for rowid, article_id in self.query(
                f"SELECT {key}, article_id FROM {table} WHERE article_id NOT IN (SELECT id FROM articles)"
                f" LIMIT {SHOWN_PROBLEMS}"
            ):
                self.problem(table, rowid, f"its article {shown_text(str(article_id))} is not in the file")

    def article_ids(self) -> list[int]:
        """Every article's id; an id that is not a whole number is a problem of its row."""
        ids = []
        for rowid, article_id in self.query("SELECT rowid, id FROM articles ORDER BY rowid"):
            if isinstance(article_id, int):
                ids.append(article_id)
            else:
                self.problem("articles", rowid, f"id {shown_text(repr(article_id))} is not a whole number")
        return ids

    def article(self, article_id: int) -> Article | None:
        """The article, checked (text, hash, metadata), or None and a problem."""
        rows = self.query(
            "SELECT sha256, title, text, length, origin, source, url, published, meta, normalised,"
            " imported_at FROM articles WHERE id = ?",
            (article_id,),
        )
        try:
            sha, title, text, length, origin, source, url, published, meta, normalised, imported = rows[0]
            text = _text(text, "text")
            if not text or "\x00" in text:
                raise _BadRow("its text is empty or holds NUL characters")
            if _text(sha, "sha256") != sha256_text(text):
                raise _BadRow("its sha256 is not the hash of its text (the text was changed)")
            if length != len(text):
                raise _BadRow(f"length {shown_text(repr(length))} is not its text's length {len(text)}")
            steps = tuple(_strings(_json(normalised, "normalised", list)))
            return Article(
                article_id,
                sha256_text(text),
                _text(title, "title"),
                text,
                _text(origin, "origin"),
                _text(source, "source"),
                _text(url, "url"),
                _text(published, "published"),
                meta=_json(meta, "meta", dict),
                normalised=steps,
                imported_at=_text(imported, "imported_at"),
            )
        except _BadRow as exc:
            self.problem("articles", article_id, str(exc))
            return None

    def spans(self, article: Article) -> list[Span]:
        """The article's spans, each checked against its text; the bad ones become problems."""
        spans = []
        for row in self.query(
            'SELECT id, start, "end", label_id, annotator_id, text, note, created_at, updated_at'
            ' FROM spans WHERE article_id = ? ORDER BY start, "end", id',
            (article.id,),
        ):
            try:
                spans.append(self._span(article, *row))
            except _BadRow as exc:
                self.problem("spans", row[0], str(exc))
        return spans

    def _span(
        self,
        article: Article,
        rowid: Any,
        start: Any,
        end: Any,
        label_id: Any,
        annotator_id: Any,
        text: Any,
        note: Any,
        created: Any,
        updated: Any,
    ) -> Span:
        start, end = _offset(start, "start"), _offset(end, "end")
        if not start < end <= len(article.text):
            raise _BadRow(f"[{start}, {end}) is not a span inside its article (length {len(article.text)})")
        if _text(text, "text") != article.text[start:end]:
            raise _BadRow(
                f"its text '{shown_text(_clip(_text(text, 'text')))}' is not the article's "
                f"'{shown_text(_clip(article.text[start:end]))}' at [{start}, {end})"
            )
        label, who = self.labels.get(label_id), self.annotators.get(annotator_id)
        if label is None or who is None:
            raise _BadRow(f"its {'label' if label is None else 'annotator'} is not in the file (or was refused)")
        note = None if note is None else _text(note, "note")
        return Span(
            _id(rowid),
            article.id,
            start,
            end,
            label.name,
            who.name,
            article.text[start:end],
            note,
            _time(created, "created_at"),
            _time(updated, "updated_at"),
        )

    def tombstones(self, article: Article) -> list[Tombstone]:
        """The spans the file says were deleted from the article (none before schema 4); bad ones are problems."""
        if self.version < 4:
            return []
        found = []
        for rowid, label_id, annotator_id, start, end, deleted in self.query(
            'SELECT id, label_id, annotator_id, start, "end", deleted_at FROM deleted_spans WHERE sha256 = ?',
            (article.sha256,),
        ):
            try:
                start, end = _offset(start, "start"), _offset(end, "end")
                if not start < end <= len(article.text):
                    raise _BadRow(f"[{start}, {end}) is not a span inside its article (length {len(article.text)})")
                label, who = self.labels.get(label_id), self.annotators.get(annotator_id)
                if label is None or who is None:
                    raise _BadRow(
                        f"its {'label' if label is None else 'annotator'} is not in the file (or was refused)"
                    )
                found.append(Tombstone(article.sha256, who.name, label.name, start, end, _time(deleted, "deleted_at")))
            except _BadRow as exc:
                self.problem("deleted_spans", rowid, str(exc))
        return found

    def statuses(self, article_id: int) -> list[tuple[str, Status, str]]:
        """``(annotator, status, updated_at)`` of the article; the bad ones become problems."""
        found = []
        for rowid, annotator_id, status, updated in self.query(
            "SELECT rowid, annotator_id, status, updated_at FROM article_status WHERE article_id = ?", (article_id,)
        ):
            try:
                value = _STATUSES.get(_text(status, "status"))
                if value is None:
                    raise _BadRow(
                        f"status '{shown_text(_text(status, 'status'))}' is not one of {', '.join(_STATUSES)}"
                    )
                who = self.annotators.get(annotator_id)
                if who is None:
                    raise _BadRow("its annotator is not in the file (or was refused)")
                found.append((who.name, value, _time(updated, "updated_at")))
            except _BadRow as exc:
                self.problem("article_status", rowid, str(exc))
        return found


# -- the expected shape of each version ------------------------------------------

_REFERENCES: dict[int, dict[tuple[str, str], list[str]]] = {}


def _reference(version: int) -> dict[tuple[str, str], list[str]]:
    """Tables (with their columns), indexes, triggers and views that version ``version`` makes."""
    if version not in _REFERENCES:
        conn = sqlite3.connect(":memory:", isolation_level=None)
        try:
            schema.migrate(conn, None, migrations=schema.MIGRATIONS[:version])
            objects = {}
            for kind, name in conn.execute("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"):
                columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{name}")')] if kind == "table" else []
                objects[(kind, name)] = columns
        finally:
            conn.close()
        _REFERENCES[version] = objects
    return _REFERENCES[version]


# -- values ------------------------------------------------------------------------


def _str(value: Any) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _text(value: Any, what: str) -> str:
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _BadRow(f"{what} is not valid UTF-8") from exc
    if isinstance(value, str):
        return value
    raise _BadRow(f"{what} {shown_text(repr(value))} is not text")


def _name(value: Any, what: str) -> str:
    name = _text(value, what)
    if not name or name != name.strip() or shown_text(name) != name:
        raise _BadRow(f"{what} '{shown_text(name)}' is not a name on one line")
    return name


def _color(value: Any) -> str:
    color = _text(value, "color")
    if not _COLOR.match(color):
        raise _BadRow(f"color '{shown_text(color)}' is not written #RRGGBB")
    return color.upper()


def _key(value: Any) -> str:
    key = _text(value, "key")
    if len(key) > 1 or shown_text(key) != key or key.isspace():
        raise _BadRow(f"key '{shown_text(key)}' is not one character")
    return key


def _flag(value: Any, what: str) -> bool:
    if value not in (0, 1) or isinstance(value, float):
        raise _BadRow(f"{what} {shown_text(repr(value))} is not 0 or 1")
    return bool(value)


def _id(value: Any) -> int:
    if not isinstance(value, int):
        raise _BadRow(f"id {shown_text(repr(value))} is not a whole number")
    return value


def _offset(value: Any, what: str) -> int:
    if not isinstance(value, int):
        raise _BadRow(f"{what} {shown_text(repr(value))} is not a whole number")
    if value < 0:
        raise _BadRow(f"{what} {value} is negative")
    return value


def _time(value: Any, what: str) -> str:
    stamp = _text(value, what)
    try:
        datetime.fromisoformat(stamp)
    except ValueError as exc:
        raise _BadRow(f"{what} '{_clip(shown_text(stamp))}' is not a date and time") from exc
    return stamp


def _json(value: Any, what: str, kind: type) -> Any:
    text = _text(value, what)
    if deep_spots(text, MAX_DEPTH):
        raise _BadRow(f"{what} is nested more than {MAX_DEPTH} levels deep")
    try:
        parsed = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise _BadRow(f"{what} is not JSON") from exc
    if not isinstance(parsed, kind):
        raise _BadRow(f"{what} is not a JSON {'object' if kind is dict else 'array'}")
    try:
        json.dumps(parsed, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        raise _BadRow(f"{what} holds a lone surrogate (not valid Unicode)") from exc
    return parsed


def _strings(values: list[Any]) -> list[str]:
    if not all(isinstance(v, str) for v in values):
        raise _BadRow("normalised is not a list of strings")
    return values


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
