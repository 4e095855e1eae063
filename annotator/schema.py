"""The database schema and its migrations, in one place.

Each migration is a function that takes the connection inside an open
transaction and moves the schema up by one version. ``schema_version`` holds
one row per applied migration, so a file says which version wrote it. Opening
an older file first writes a backup copy (SQLite's online backup API, never a
plain file copy of a live database), then applies the missing migrations in
one transaction; a file from a newer version is refused and left untouched.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from .errors import StoreError
from .foreign_objects import foreign_code, foreign_tables
from .model import DEFAULT_LABELS
from .snapshot import write_snapshot

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "NewerSchemaError", "check_version", "current_version", "migrate"]


class NewerSchemaError(StoreError):
    """The file was written by a newer annotator; we must not touch it."""


def _run(conn: sqlite3.Connection, script: str) -> None:
    # Not executescript(): it commits first, and a migration must be one transaction.
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _v1(conn: sqlite3.Connection) -> None:
    _run(
        conn,
        """
        CREATE TABLE schema_version (
            version INTEGER PRIMARY KEY,
            applied_at TEXT NOT NULL
        );
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            sha256 TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            length INTEGER NOT NULL,
            origin TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '',
            url TEXT NOT NULL DEFAULT '',
            published TEXT NOT NULL DEFAULT '',
            meta TEXT NOT NULL DEFAULT '{}',
            normalised TEXT NOT NULL DEFAULT '[]',
            imported_at TEXT NOT NULL,
            text TEXT NOT NULL
        );
        -- Covers the article list, so listing never reads the pages that hold texts.
        CREATE INDEX articles_list ON articles (id, title, source, length);
        CREATE TABLE annotators (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL
        );
        CREATE TABLE labels (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            color TEXT NOT NULL,
            key TEXT NOT NULL DEFAULT '',
            guideline TEXT NOT NULL DEFAULT '',
            retired INTEGER NOT NULL DEFAULT 0,
            position INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE spans (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id),
            annotator_id INTEGER NOT NULL REFERENCES annotators(id),
            label_id INTEGER NOT NULL REFERENCES labels(id),
            start INTEGER NOT NULL CHECK (start >= 0),
            "end" INTEGER NOT NULL CHECK ("end" > start),
            text TEXT NOT NULL,
            note TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (article_id, annotator_id, label_id, start, "end")
        );
        CREATE INDEX spans_by_article ON spans (article_id, annotator_id);
        CREATE INDEX spans_by_label ON spans (label_id);
        CREATE TABLE article_status (
            article_id INTEGER NOT NULL REFERENCES articles(id),
            annotator_id INTEGER NOT NULL REFERENCES annotators(id),
            status TEXT NOT NULL CHECK (status IN ('todo', 'in progress', 'done', 'skipped')),
            updated_at TEXT NOT NULL,
            PRIMARY KEY (annotator_id, article_id)
        );
        """,
    )
    conn.executemany(
        "INSERT INTO labels (name, color, key, guideline, position) VALUES (?, ?, ?, ?, ?)",
        [(*label, n) for n, label in enumerate(DEFAULT_LABELS)],
    )


def _v2(conn: sqlite3.Connection) -> None:
    """Several annotators: where merged spans came from, the gold layer and its decisions."""
    import sqlite_utils  # only when a file is created or upgraded: it is slow to import

    db = sqlite_utils.Database(conn)
    db.table("merges").create(
        {
            "id": int,
            "source": str,
            "merged_at": str,
            "articles_added": int,
            "spans_added": int,
            "statuses_changed": int,
            "conflicts": str,
        },
        pk="id",
        not_null={"source", "merged_at"},
        defaults={"articles_added": 0, "spans_added": 0, "statuses_changed": 0, "conflicts": "[]"},
    )
    db.table("spans").add_column("merge_id", int)  # merges.id; NULL for spans made here
    db.table("annotators").add_column("kind", str, not_null_default="human")  # 'human' or 'gold'
    db.table("decisions").create(
        {
            "id": int,
            "article_id": int,
            "action": str,
            "gold_span_id": int,
            "source_annotator": str,
            "source_span_id": int,
            "source_start": int,
            "source_end": int,
            "source_label": str,
            "decided_by": str,
            "decided_at": str,
        },
        pk="id",
        not_null={"article_id", "action", "decided_at"},
        defaults={"decided_by": ""},
        foreign_keys=[("article_id", "articles", "id")],
    )
    db.table("decisions").create_index(["article_id"], index_name="decisions_by_article")


def _v3(conn: sqlite3.Connection) -> None:
    """Ids never reused (AUTOINCREMENT): an undo step, a decision or a label names one row forever.

    Without it SQLite hands a deleted highest id to the next row, so one window's
    undo could delete or relabel the span another window has just made.
    """
    _run(
        conn,
        """
        CREATE TABLE spans_v3 (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            article_id INTEGER NOT NULL REFERENCES articles(id),
            annotator_id INTEGER NOT NULL REFERENCES annotators(id),
            label_id INTEGER NOT NULL REFERENCES labels(id),
            start INTEGER NOT NULL CHECK (start >= 0),
            "end" INTEGER NOT NULL CHECK ("end" > start),
            text TEXT NOT NULL,
            note TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            merge_id INTEGER,
            UNIQUE (article_id, annotator_id, label_id, start, "end")
        );
        INSERT INTO spans_v3 (id, article_id, annotator_id, label_id, start, "end", text, note,
                              created_at, updated_at, merge_id)
            SELECT id, article_id, annotator_id, label_id, start, "end", text, note,
                   created_at, updated_at, merge_id FROM spans;
        DROP TABLE spans;
        ALTER TABLE spans_v3 RENAME TO spans;
        CREATE INDEX spans_by_article ON spans (article_id, annotator_id);
        CREATE INDEX spans_by_label ON spans (label_id);
        CREATE TABLE decisions_v3 (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            article_id INTEGER NOT NULL REFERENCES articles(id),
            action TEXT NOT NULL,
            gold_span_id INTEGER,
            source_annotator TEXT,
            source_span_id INTEGER,
            source_start INTEGER,
            source_end INTEGER,
            source_label TEXT,
            decided_by TEXT NOT NULL DEFAULT '',
            decided_at TEXT NOT NULL
        );
        INSERT INTO decisions_v3 SELECT id, article_id, action, gold_span_id, source_annotator,
            source_span_id, source_start, source_end, source_label, coalesce(decided_by, ''), decided_at
            FROM decisions;
        DROP TABLE decisions;
        ALTER TABLE decisions_v3 RENAME TO decisions;
        CREATE INDEX decisions_by_article ON decisions (article_id);
        CREATE TABLE labels_v3 (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL UNIQUE,
            color TEXT NOT NULL,
            key TEXT NOT NULL DEFAULT '',
            guideline TEXT NOT NULL DEFAULT '',
            retired INTEGER NOT NULL DEFAULT 0,
            position INTEGER NOT NULL DEFAULT 0
        );
        INSERT INTO labels_v3 SELECT id, name, color, key, guideline, retired, position FROM labels;
        DROP TABLE labels;
        ALTER TABLE labels_v3 RENAME TO labels
        """,
    )


def _v4(conn: sqlite3.Connection) -> None:
    """Deletions remembered (a tombstone per deleted span), so a merge does not bring a deleted span back.

    The article is named by its text hash, as merges match articles, so a
    tombstone means the same in every file; written in the delete's own
    transaction and removed when the span is made again.
    """
    _run(
        conn,
        """
        CREATE TABLE deleted_spans (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            sha256 TEXT NOT NULL,
            annotator_id INTEGER NOT NULL REFERENCES annotators(id),
            label_id INTEGER NOT NULL REFERENCES labels(id),
            start INTEGER NOT NULL CHECK (start >= 0),
            "end" INTEGER NOT NULL CHECK ("end" > start),
            deleted_at TEXT NOT NULL,
            UNIQUE (sha256, annotator_id, label_id, start, "end")
        )
        """,
    )


Migration = Callable[[sqlite3.Connection], None]

# MIGRATIONS[n] moves a database from version n to version n + 1.
MIGRATIONS: list[Migration] = [_v1, _v2, _v3, _v4]
SCHEMA_VERSION = len(MIGRATIONS)


def now() -> str:
    """UTC timestamp as stored in every *_at column."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def current_version(conn: sqlite3.Connection) -> int:
    """Version of the schema in ``conn``; 0 for an empty file."""
    has_table = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").fetchone()
    if not has_table:
        return 0
    row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def check_version(conn: sqlite3.Connection, path: Path | None, target: int | None = None) -> int:
    """The file's schema version; refuse, without writing, a file from a newer version."""
    target = SCHEMA_VERSION if target is None else target
    version = current_version(conn)
    where = path or "the database"
    if version == 0 and (tables := foreign_tables(conn)):
        raise StoreError(
            f"{where} is an SQLite database of another program (it holds {', '.join(tables[:5])}"
            f"{', …' if len(tables) > 5 else ''}), not an annotator database; it has not been "
            "changed. Give annotator a file of its own (`--db NEW.db`)"
        )
    if version and (code := foreign_code(conn)):
        raise StoreError(
            f"{where} cannot be opened: {code} (a trigger would run on every edit); it has not "
            "been changed. Remove it with the sqlite3 shell (`DROP TRIGGER name;` or `DROP VIEW "
            "name;`) if you trust the rest of the file, or restore a backup"
        )
    if version > target:
        raise NewerSchemaError(
            f"{path or 'the database'} was written by a newer version of annotator "
            f"(schema {version}; this version reads up to {target}). "
            "It has not been changed: upgrade annotator to open it."
        )
    return version


def _backup(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    return write_snapshot(conn, path.with_name(f"{path.name}.v{version}-backup-{datetime.now():%Y%m%d-%H%M%S}"))


def migrate(
    conn: sqlite3.Connection,
    path: Path | None,
    migrations: list[Migration] | None = None,
) -> Path | None:
    """Bring ``conn`` up to date; return the backup written, if any.

    ``conn`` must be in autocommit mode (``isolation_level=None``).
    """
    migrations = MIGRATIONS if migrations is None else migrations
    target = len(migrations)
    version = check_version(conn, path, target)
    if version == target:
        return None
    backup = _backup(conn, path, version) if (path is not None and version > 0) else None
    # Tables are rebuilt the way SQLite's documentation says (its "12 steps"): foreign keys off
    # around the transaction, checked by hand before it commits.
    keys_on = conn.execute("PRAGMA foreign_keys").fetchone()[0]
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Another process may have migrated while we waited for the lock.
        version = current_version(conn)
        for number in range(version, target):
            migrations[number](conn)
            conn.execute(
                "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                (number + 1, now()),
            )
        broken = conn.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise StoreError(
                f"{path or 'the database'}: the upgrade would break {len(broken)} references"
                f" (first: {broken[0]}); nothing was changed"
            )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    finally:
        if keys_on:
            conn.execute("PRAGMA foreign_keys = ON")
    return backup
