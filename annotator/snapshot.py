"""Copying a live database into a new file that is whole or absent, never half.

Every copy (rolling backups, the copy before a schema upgrade, the file a
restore puts in place) is written beside its final name under a hidden name
that nothing lists, made self-contained (no ``-wal``), checked with SQLite's
``integrity_check`` and its row counts, flushed to the disk, and only then
renamed. A full disk or a kill leaves at most the hidden file, which the next
copy to that name replaces; a file under the final name was checked.
"""

from __future__ import annotations

import contextlib
import glob
import os
import sqlite3
import stat
import time
from pathlib import Path

from . import faultpoints
from .errors import StoreError
from .foreign_objects import foreign_code

__all__ = [
    "COUNTED",
    "check_file",
    "drop_stale_partials",
    "fingerprint",
    "fsync_dir",
    "partial_name",
    "row_counts",
    "same_content",
    "write_snapshot",
]

COUNTED = ("articles", "spans", "annotators", "labels")  # compared between a database and its copy


def partial_name(target: Path) -> Path:
    """Where a copy to ``target`` is written before it is renamed (hidden, never listed as a backup)."""
    return target.with_name(f".{target.name}.partial")


def drop_stale_partials(folder: Path, prefix: str, *, older_than: float = 600) -> None:
    """Remove hidden copies that killed processes left (not one still being written: they are recent)."""
    now = time.time()
    for partial in [
        *folder.glob(f"{glob.escape(prefix)}*.partial"),
        *folder.glob(f"{glob.escape(prefix)}*.partial-journal"),
    ]:
        with contextlib.suppress(OSError):
            if now - partial.stat().st_mtime > older_than:
                partial.unlink()


def row_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows per counted table (0 where a table does not exist, as in an empty file)."""
    present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return {t: int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) if t in present else 0 for t in COUNTED}


def write_snapshot(source: sqlite3.Connection, target: Path, *, mode: int | None = None) -> Path:
    """Copy ``source`` (open, perhaps being written by others) to ``target``, checked; ``target``.

    ``mode``: the permission bits the copy gets (those of the database it copies).
    """
    partial = partial_name(target)
    for leftover in (partial, _journal(partial)):  # left by a copy that was killed
        leftover.unlink(missing_ok=True)
    try:
        _copy_checked(source, partial)
        if mode is not None:
            os.chmod(partial, mode)
        faultpoints.reach("snapshot-before-rename")
        os.replace(partial, target)
        fsync_dir(target.parent)
    except BaseException as exc:
        for leftover in (partial, _journal(partial)):
            leftover.unlink(missing_ok=True)
        if isinstance(exc, (sqlite3.Error, OSError)):
            raise StoreError(f"could not write {target}: {_reason(exc)}; nothing was written there") from exc
        raise
    return target


def _journal(path: Path) -> Path:
    return path.with_name(path.name + "-journal")


def _copy_checked(source: sqlite3.Connection, partial: Path) -> None:
    # One read transaction on the source: the counts describe the very snapshot the backup copies.
    own_transaction = not source.in_transaction
    if own_transaction:
        source.execute("BEGIN")
    try:
        expected = row_counts(source)
        dest = sqlite3.connect(partial, isolation_level=None)
        try:
            source.backup(dest)
            # A copy is one self-contained file: reading it later leaves no -wal or -shm beside it.
            dest.execute("PRAGMA journal_mode = DELETE")
            problem = _problem(dest, expected)
        finally:
            dest.close()
    finally:
        if own_transaction and source.in_transaction:
            source.execute("COMMIT")
    if problem:
        raise StoreError(f"the copy failed its check ({problem}); nothing was written there")
    with open(partial, "rb") as written:
        os.fsync(written.fileno())


def check_file(path: Path, *, newest_version: int | None = None) -> str:
    """Why the database file at ``path`` is not a sound copy, or ``""`` if it is (opened read-only).

    ``newest_version``: a schema newer than this is a reason too (this version could not open it).
    """
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # opening a named pipe would wait forever
            return "not a regular file"
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except (OSError, sqlite3.Error) as exc:
        return str(exc)
    try:
        return _problem(conn, None) or _too_new(conn, newest_version)
    except sqlite3.Error as exc:
        return str(exc)
    finally:
        conn.close()


def _problem(conn: sqlite3.Connection, expected: dict[str, int] | None) -> str:
    result = conn.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        return f"integrity check: {result}"
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'schema_version'").fetchone():
        return "not an annotator database"
    if code := foreign_code(conn):
        return code
    if expected is not None and (found := row_counts(conn)) != expected:
        return f"rows {found} instead of {expected}"
    return ""


def _too_new(conn: sqlite3.Connection, newest: int | None) -> str:
    version = conn.execute("SELECT max(version) FROM schema_version").fetchone()[0] or 0
    if newest is not None and version > newest:
        return f"written by a newer version of annotator (schema {version}; this version reads up to {newest})"
    return ""


def same_content(conn: sqlite3.Connection, other: Path) -> bool:
    """Whether the database file ``other`` holds what ``conn`` holds (by a fingerprint of every table)."""
    copy = sqlite3.connect(f"{other.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return fingerprint(conn) == fingerprint(copy)
    except sqlite3.Error:
        return False
    finally:
        copy.close()


def fingerprint(conn: sqlite3.Connection) -> tuple[object, ...]:
    """What changes with any edit: counts, highest ids, newest times, the label scheme, the statuses.

    A scan, far cheaper than the copy it can save. (An edit undone exactly gives the old print: right,
    the content is then the old content.)
    """
    present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    parts: list[object] = [tuple(sorted(present))]
    for table, sql in _PRINTS:
        parts.append(conn.execute(sql).fetchone() if table in present else None)
    return tuple(parts)


_PRINTS = (
    ("articles", "SELECT count(*), max(id), total(length) FROM articles"),
    (
        "spans",
        'SELECT count(*), max(id), max(updated_at), total(start * 7 + "end" * 13 + label_id),'
        " total(length(coalesce(note, '')))  FROM spans",
    ),
    ("annotators", "SELECT count(*), group_concat(name || kind, char(31)) FROM annotators"),
    (
        "labels",
        "SELECT group_concat(id || name || color || key || guideline || retired || position, char(31)) FROM labels",
    ),
    (
        "article_status",
        "SELECT count(*), max(updated_at),"
        " total(article_id * annotator_id * instr('todo|in progress|done|skipped', status))"
        " FROM article_status",
    ),
    ("decisions", "SELECT count(*), max(id) FROM decisions"),
    ("merges", "SELECT count(*), max(id) FROM merges"),
)


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (where the platform allows opening folders)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _reason(exc: BaseException) -> str:
    text = str(exc)
    if isinstance(exc, OSError) and exc.strerror:
        text = exc.strerror
    if "full" in text.lower() or getattr(exc, "errno", None) == 28:
        return "the disk is full"
    return text
