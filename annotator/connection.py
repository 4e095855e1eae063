"""Opening the SQLite file: pragmas, read-only detection, and SQLite's errors in words.

Every connection runs in autocommit mode (the store opens its own
``BEGIN IMMEDIATE`` transactions), with foreign keys on and a 10-second busy
timeout, so a second window waits for a writer instead of failing. The schema
version is checked before any pragma that could write to the file, so a file
from a newer version is left byte for byte as it was. WAL and
``synchronous=FULL`` are set only on files we may write.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from pathlib import Path

from . import schema
from .errors import DamagedDatabaseError, StoreError

__all__ = ["inserted_id", "open_connection", "store_error"]


def open_connection(path: Path | None, *, readonly: bool = False) -> tuple[sqlite3.Connection, bool]:
    """A configured connection to ``path`` (``None``: in memory) and whether it is read-only."""
    if path is not None and not readonly:
        readonly = _must_open_readonly(path)
    try:
        if path is None:
            conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        elif readonly:
            conn = _connect_readonly(path)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
        _add_functions(conn)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 10000")
        _check_version(conn, path, readonly)  # before any pragma that could write to the file
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.DatabaseError as exc:
        raise store_error(path, exc) from exc
    return conn, readonly


def inserted_id(cursor: sqlite3.Cursor) -> int:
    """The row id an INSERT just made (the cursor's ``lastrowid``, which is ``None`` for anything else)."""
    if cursor.lastrowid is None:
        raise StoreError("an insert made no row")
    return cursor.lastrowid


def _decode(raw: bytes) -> str:
    # Another program may have stored bytes that are not UTF-8: read them (as lone surrogates, which
    # exports refuse by name and the window drops) instead of failing every query that touches the row.
    return raw.decode("utf-8", "surrogateescape")


def _fold(text: str | None) -> str | None:
    return None if text is None else text.casefold()


def _add_functions(conn: sqlite3.Connection) -> None:
    conn.text_factory = _decode
    # SQLite's lower() knows ASCII only: "Élysée" would never match "élysée".
    conn.create_function("fold", 1, _fold, deterministic=True)


def _check_version(conn: sqlite3.Connection, path: Path | None, readonly: bool) -> None:
    try:
        version = schema.check_version(conn, path)
    except StoreError:
        conn.close()
        raise
    if version < schema.SCHEMA_VERSION and readonly:
        conn.close()
        raise StoreError(
            f"{path} is read-only and was written by an older version; it must be upgraded before it can be opened"
        )


def _must_open_readonly(path: Path) -> bool:
    """A file or folder we cannot write, or marked read-only, is opened read-only.

    Mode bits are honoured even where access() says yes (root ignores them), so
    a file a user marked read-only is never written.
    """
    if not path.exists():
        return False
    for target in (path, path.parent):
        if not os.access(target, os.W_OK) or not target.stat().st_mode & stat.S_IWUSR:
            return True
    return False


def _connect_readonly(path: Path) -> sqlite3.Connection:
    """Read-only, falling back to immutable when the WAL's -shm cannot be made."""
    if not path.exists():
        raise StoreError(f"{path}: no such database")
    uri = path.resolve().as_uri()
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None, check_same_thread=False, timeout=10)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
    return sqlite3.connect(f"{uri}?immutable=1", uri=True, isolation_level=None, check_same_thread=False)


def _disk_full(path: Path) -> bool:
    # SQLite says only "disk I/O error" when it cannot make the -wal or -shm on a full disk.
    try:
        return shutil.disk_usage(path.parent).free < 64 * 1024
    except OSError:
        return False


def store_error(path: Path | None, exc: sqlite3.Error) -> StoreError:
    """Turn SQLite's terse errors into a sentence naming the file."""
    name = str(path) if path is not None else "the in-memory database"
    text = str(exc)
    if "not a database" in text or "malformed" in text:
        return DamagedDatabaseError(
            f"{name} is not a readable annotator database (it is damaged or another kind of file): {text}"
        )
    return StoreError(_explain(name, text, path))


def _explain(name: str, text: str, path: Path | None = None) -> str:
    if "disk I/O error" in text and path is not None and _disk_full(path):
        return f"the disk holding {name} is full (SQLite: {text}); free some space and try again"
    if "locked" in text or "busy" in text:
        return f"{name} is busy: another annotator window or command is writing to it; try again"
    if "readonly" in text or "read-only" in text:
        return f"{name} is read-only; nothing can be changed"
    if "disk is full" in text or "full" in text:
        return f"the disk holding {name} is full; the last change was not saved"
    return f"{name}: {text}"
