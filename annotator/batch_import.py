"""Bulk import into the store: many articles and their spans, one committed transaction per batch.

Every article is checked and stored whole or not at all; a batch that cannot be saved (a full disk)
is rolled back and the import stops, saying what earlier batches kept. An article already stored
(the same text hash) is a duplicate whose spans and statuses are still brought in, but never to
take work back: a span deleted here stays deleted (its tombstone), a status never moves backwards.
A batch's spans are written with one ``executemany``: an import brings millions.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import connection, schema, status_order, tombstones
from .errors import StoreError
from .model import ArticleIn, SpanIn
from .words import plural

if TYPE_CHECKING:
    from .store import Store

__all__ = ["ImportResult", "ImportStopped", "import_articles", "sha256_text"]

Progress = Callable[[int, int], None]


def sha256_text(text: str) -> str:
    """Identity of an article: the hash of its stored (normalised) text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class ImportResult:
    """What an import did, for the summary shown at its end."""

    imported: list[tuple[str, int]] = field(default_factory=list)  # (origin, article id)
    duplicates: list[tuple[str, int]] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (origin, reason)
    spans: int = 0
    statuses: int = 0  # article statuses the files set or changed (doccano is_confirmed, Label Studio)
    kept_statuses: dict[str, int] = field(default_factory=dict)  # status here -> articles a file would take back
    kept_deleted: int = 0  # spans deleted here that a file (an older export) still holds
    notes: list[str] = field(default_factory=list)  # repairs made, e.g. UTF-16 offsets fixed

    def summary(self) -> str:
        """One line, as the CLI and the window print it."""
        parts = [
            f"{len(self.imported)} imported",
            f"{plural(len(self.duplicates), 'duplicate')} skipped",
            f"{len(self.refused)} refused",
        ]
        if self.spans:
            parts.append(plural(self.spans, "span"))
        if self.statuses:
            parts.append(plural(self.statuses, "status", "statuses") + " set")
        if self.kept_deleted:
            parts.append(plural(self.kept_deleted, "span") + " deleted here kept deleted")
        return ", ".join(parts + status_order.kept_summary(self.kept_statuses))


def import_articles(
    store: Store,
    articles: Iterable[ArticleIn | tuple[str, str]],
    *,
    annotator: str | None = None,
    batch_size: int = 500,
    progress: Progress | None = None,
    total: int = 0,
    result: ImportResult | None = None,
) -> ImportResult:
    """Store many articles, one transaction per batch; duplicates by text hash are skipped.

    An item may also be ``(origin, reason)`` for a file an importer refused,
    so that refusals are reported in order beside the imports.
    """
    result = result if result is not None else ImportResult()
    store.labels.forget()  # label ids cached by an earlier import may be gone
    batch: list[ArticleIn] = []
    done = 0
    for done, item in enumerate(articles, 1):
        if isinstance(item, tuple):
            result.refused.append(item)
        else:
            batch.append(item)
        if len(batch) >= batch_size:
            _import_batch_or_stop(store, batch, annotator, result)
            batch = []
        if progress is not None:
            progress(done, total)
    if batch:
        _import_batch_or_stop(store, batch, annotator, result)
    return result


def _import_batch_or_stop(store: Store, batch: list[ArticleIn], annotator: str | None, result: ImportResult) -> None:
    """One batch; if it cannot be saved (a full disk), say what earlier batches kept and where it stopped."""
    before = (
        len(result.imported),
        len(result.duplicates),
        result.spans,
        result.statuses,
        dict(result.kept_statuses),
        result.kept_deleted,
    )
    try:
        _import_batch(store, batch, annotator, result)
    except StoreError as exc:  # the batch was rolled back: count only what is kept
        del result.imported[before[0] :], result.duplicates[before[1] :]
        result.spans, result.statuses, result.kept_statuses, result.kept_deleted = before[2:]
        raise ImportStopped(_stopped(exc, result, batch[0].origin)) from exc


def _import_batch(store: Store, batch: list[ArticleIn], annotator: str | None, result: ImportResult) -> None:
    stamp = schema.now()
    hashes = [sha256_text(a.text) for a in batch]
    with store.write() as conn:
        if annotator:  # the importing annotator exists afterwards even if the files bring no span
            store.annotator_id(annotator)
        known = _existing_hashes(conn, hashes)
        spans = _BatchSpans(store, conn, hashes, stamp)
        for article, digest in zip(batch, hashes):
            if digest in known:
                result.duplicates.append((article.origin, known[digest]))
                _add_imported_spans(store, known[digest], digest, article, annotator, spans, result)
                continue
            cur = conn.execute(
                "INSERT INTO articles (sha256, title, text, length, origin, source, url, published,"
                " meta, normalised, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    digest,
                    article.title,
                    article.text,
                    len(article.text),
                    article.origin,
                    article.source,
                    article.url,
                    article.published,
                    json.dumps(article.meta, ensure_ascii=False),
                    json.dumps(list(article.normalised)),
                    stamp,
                ),
            )
            known[digest] = connection.inserted_id(cur)
            result.imported.append((article.origin, known[digest]))
            _add_imported_spans(store, known[digest], digest, article, annotator, spans, result)
        result.spans += spans.insert()


def _add_imported_spans(
    store: Store,
    article_id: int,
    digest: str,
    article: ArticleIn,
    annotator: str | None,
    spans: _BatchSpans,
    result: ImportResult,
) -> None:
    for name in article.annotators:
        store.annotator_id(name)
    for name, status in article.statuses:
        here = store.status(article_id, name)
        if status_order.takes_back(here, status):  # an older export must not undo work done since
            result.kept_statuses[here.value] = result.kept_statuses.get(here.value, 0) + 1
            result.notes.append(
                f"{article.origin}: kept {name}'s {here.value!r} here for article {article_id}"
                f" (the file says {status.value!r})"
            )
            continue
        result.statuses += store.set_statuses([article_id], name, status)  # within the batch's transaction
    for span in spans.add(article_id, digest, article, annotator):
        result.kept_deleted += 1  # an older export must not bring back what was deleted since
        result.notes.append(
            f"{article.origin}: kept {span.annotator}'s {span.label} span [{span.start}, {span.end})"
            f" of article {article_id} deleted, as it was deleted here"
        )


class _BatchSpans:
    """An import batch's spans, written with one ``executemany`` at the end of the batch's transaction.

    Spans deleted here (tombstones of the batch's articles, read in one query) are passed over, so none
    that is inserted has a tombstone to clear; an identical span already stored is left as it is.
    """

    def __init__(self, store: Store, conn: sqlite3.Connection, hashes: list[str], stamp: str) -> None:
        self._store, self._conn, self._stamp = store, conn, stamp
        self._labels: dict[str, int] = {}
        self._annotators: dict[str, int] = {}
        self._rows: list[tuple[int, int, int, int, int, str, str | None, str, str]] = []
        self._buried = tombstones.keys_of(conn, hashes)

    def add(self, article_id: int, digest: str, article: ArticleIn, annotator: str | None) -> list[SpanIn]:
        """Queue an article's spans (``annotator`` owns those that name no one); those deleted here stay out
        and are returned."""
        text, stamp, rows, buried, kept = article.text, self._stamp, self._rows, self._buried, []
        labels, annotators = self._labels, self._annotators
        for span in article.spans:
            start, end, label, who, note = span
            who = who or annotator
            if not who:
                raise ValueError(f"{article.origin}: spans need an annotator and none was given")
            if not (0 <= start < end <= len(text)):
                raise ValueError(f"span [{start}, {end}) is outside the article (length {len(text)})")
            label_id = labels.get(label)
            if label_id is None:
                label_id = labels[label] = self._store.labels.id_of(label, create=True)
            ann_id = annotators.get(who)
            if ann_id is None:
                ann_id = annotators[who] = self._store.annotator_id(who)
            if buried and (digest, ann_id, label_id, start, end) in buried:
                kept.append(span._replace(annotator=who))
                continue
            rows.append((article_id, ann_id, label_id, start, end, text[start:end], note, stamp, stamp))
        return kept

    def insert(self) -> int:
        """Write the queued spans; how many were new."""
        if not self._rows:
            return 0
        cur = self._conn.executemany(
            'INSERT INTO spans (article_id, annotator_id, label_id, start, "end", text, note, created_at, updated_at)'
            ' VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (article_id, annotator_id, label_id, start, "end")'
            " DO NOTHING",
            self._rows,
        )
        return cur.rowcount


class ImportStopped(StoreError):
    """An import batch could not be saved; the message says what was kept and where it stopped."""


def _stopped(exc: StoreError, result: ImportResult, origin: str) -> str:
    cause = str(exc).replace("; the last change was not saved", "")
    imported = len(result.imported)
    kept = f"{plural(imported, 'article')} imported before it {'is' if imported == 1 else 'are'} kept"
    if result.duplicates:
        kept += f" ({plural(len(result.duplicates), 'duplicate')} skipped)"
    again = "the articles already stored are skipped as duplicates" if imported else "nothing was stored yet"
    where = origin or "the next batch of articles"
    return (
        f"{cause}. The import stopped at {where}: it and what follows were not saved; {kept}. "
        f"Free some space and run the same import again ({again})"
    )


def _existing_hashes(conn: sqlite3.Connection, hashes: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i in range(0, len(hashes), 500):
        chunk = hashes[i : i + 500]
        found.update(
            conn.execute(f"SELECT sha256, id FROM articles WHERE sha256 IN ({', '.join('?' * len(chunk))})", chunk)
        )
    return found
