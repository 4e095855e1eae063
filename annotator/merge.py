"""Bringing other annotators' database files into this one.

Articles are matched by the SHA-256 of their text; articles this file lacks
are added. For each annotator and article the incoming spans are added when
they extend what is here (a later copy of the same person's work); when this
file holds spans of that annotator the incoming file lacks, that is a
conflict: it is reported and nothing of that annotator's work on that
article changes. Merging the same file twice therefore adds nothing. The whole
merge is one transaction, recorded in ``merges`` with every span it added.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import schema
from .errors import DamagedDatabaseError, StoreError
from .model import ArticleIn, Span, Status
from .store import Store

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
        return (f"{self.annotator} on {self.article_title[:60]!r}: {self.only_here} span(s) only here, "
                f"{self.only_there} only in the merged file; kept this file's spans")


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

    def summary(self) -> str:
        return (f"{self.source}: {_count(self.articles_added, 'article')} added, "
                f"{_count(self.spans_added, 'span')} added, {_count(self.statuses_changed, 'status', 'statuses')}"
                f" updated, {_count(self.notes_updated, 'note')} updated, {_count(len(self.conflicts), 'conflict')}")


def _count(n: int, one: str, many: str = "") -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def merge_file(store: Store, other: str | Path, *, progress: Progress | None = None) -> MergeResult:
    """Merge database ``other`` into ``store`` (see the module docstring)."""
    other = Path(other)
    if not other.is_file():
        raise StoreError(f"{other}: no such database file")
    if store.path is not None and other.resolve() == store.path.resolve():
        raise StoreError(f"{other} is the database being merged into; choose another annotator's file")
    with tempfile.TemporaryDirectory() as tmp:
        snapshot = _snapshot(other, Path(tmp) / "merge-source.db")
        with Store(snapshot) as source:
            return _merge(store, source, str(other), progress)


def _snapshot(path: Path, target: Path) -> Path:
    """A private copy made with the backup API: safe while its owner is writing,
    and an older file can be upgraded in the copy without touching the original."""
    try:
        src = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            schema.check_version(src, path)
            dest = sqlite3.connect(target)
            src.backup(dest)
            dest.close()
        finally:
            src.close()
    except sqlite3.DatabaseError as exc:
        raise DamagedDatabaseError(f"{path} is not a readable annotator database: {exc}") from exc
    return target


def _merge(store: Store, source: Store, name: str, progress: Progress | None) -> MergeResult:
    result = MergeResult(source=name)
    with store.write() as conn:
        result.merge_id = int(conn.execute("INSERT INTO merges (source, merged_at) VALUES (?, ?)",
                                           (name, schema.now())).lastrowid)
        _merge_labels(store, source)
        _merge_annotators(store, source, result)
        ids = source.article_ids()
        for done, source_id in enumerate(ids, 1):
            _merge_article(store, source, source_id, result)
            if progress is not None:
                progress(done, len(ids))
        conn.execute(
            "UPDATE merges SET articles_added = ?, spans_added = ?, statuses_changed = ?, conflicts = ?"
            " WHERE id = ?",
            (result.articles_added, result.spans_added, result.statuses_changed,
             json.dumps([c.describe() for c in result.conflicts], ensure_ascii=False), result.merge_id),
        )
    return result


def _merge_labels(store: Store, source: Store) -> None:
    known = {lab.name for lab in store.labels.all(include_retired=True)}
    used_keys = {lab.key for lab in store.labels.all() if lab.key}
    for lab in source.labels.all(include_retired=True):
        if lab.name not in known:
            key = lab.key if lab.key and lab.key not in used_keys else ""
            store.labels.add(lab.name, lab.color, key, lab.guideline)
            used_keys.add(key)


def _merge_annotators(store: Store, source: Store, result: MergeResult) -> None:
    for name, kind in source.conn.execute("SELECT name, kind FROM annotators ORDER BY id"):
        store.annotator_id(name)
        if kind != "human":
            store.conn.execute("UPDATE annotators SET kind = ? WHERE name = ?", (kind, name))
        result.annotators.append(name)


def _merge_article(store: Store, source: Store, source_id: int, result: MergeResult) -> None:
    article = source.article(source_id)
    row = store.conn.execute("SELECT id FROM articles WHERE sha256 = ?", (article.sha256,)).fetchone()
    if row is None:
        local_id, _ = store.add_article(ArticleIn(
            text=article.text, title=article.title, origin=article.origin, source=article.source,
            url=article.url, published=article.published, meta=article.meta, normalised=article.normalised,
        ))
        result.articles_added += 1
    else:
        local_id = int(row[0])
    incoming: dict[str, list[Span]] = {}
    for span in source.spans(source_id):
        incoming.setdefault(span.annotator, []).append(span)
    for annotator, spans in incoming.items():
        _merge_spans(store, local_id, article, annotator, spans, result)
    for annotator, status, updated in source.conn.execute(
        "SELECT a.name, s.status, s.updated_at FROM article_status s JOIN annotators a"
        " ON a.id = s.annotator_id WHERE s.article_id = ?", (source_id,)
    ):
        _merge_status(store, local_id, annotator, Status(status), updated, result)


def _key(span: Span) -> tuple[str, int, int]:
    return (span.label, span.start, span.end)


def _merge_spans(store: Store, local_id: int, article, annotator: str, spans: list[Span],
                 result: MergeResult) -> None:
    local = {_key(s): s for s in store.spans(local_id, [annotator])}
    here, there = set(local), {_key(s) for s in spans}
    if here - there:
        result.conflicts.append(Conflict(annotator, article.title, article.sha256,
                                         len(here - there), len(there - here)))
        return
    for span in spans:
        if _key(span) in here:
            _merge_note(store, local[_key(span)], span, result)
            continue
        span_id, added = store._insert_span(
            local_id, annotator, span.label, span.start, span.end, article.text, span.note,
            created_at=span.created_at, updated_at=span.updated_at,
        )
        if added:
            store.conn.execute("UPDATE spans SET merge_id = ? WHERE id = ?", (result.merge_id, span_id))
            result.spans_added += 1


def _merge_note(store: Store, mine: Span, theirs: Span, result: MergeResult) -> None:
    """The same span on both sides: the more recently edited note wins, as statuses do."""
    if theirs.note and theirs.note != mine.note and theirs.updated_at > mine.updated_at:
        store.conn.execute("UPDATE spans SET note = ?, updated_at = ? WHERE id = ?",
                           (theirs.note, theirs.updated_at, mine.id))
        result.notes_updated += 1


def _merge_status(store: Store, article_id: int, annotator: str, status: Status, updated: str,
                  result: MergeResult) -> None:
    row = store.conn.execute(
        "SELECT status, updated_at FROM article_status WHERE article_id = ? AND annotator_id = ?",
        (article_id, store.annotator_id(annotator)),
    ).fetchone()
    if row is not None and (row[0] == status.value or row[1] >= updated):
        return  # the same, or this file's is the more recent word
    store.conn.execute(
        "INSERT OR REPLACE INTO article_status (article_id, annotator_id, status, updated_at)"
        " VALUES (?, ?, ?, ?)", (article_id, store.annotator_id(annotator), status.value, updated))
    result.statuses_changed += 1
