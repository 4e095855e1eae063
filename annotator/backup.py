"""Rolling backups with SQLite's online backup API, and restoring one.

Backups go to a ``backups`` folder beside the database, named after it and
the moment they were taken, and only the newest ``keep`` are kept. The backup
API copies a consistent snapshot even while edits are being written; a plain
file copy of a live WAL database would not (and closing any descriptor on it
drops SQLite's locks). Restoring first backs up the current file, if it can
still be read, so a restore can itself be undone.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime
from pathlib import Path

from .errors import StoreError
from .store import Store

__all__ = ["DEFAULT_KEEP", "backup_dir", "backups", "latest_backup", "take_backup", "restore_backup"]

DEFAULT_KEEP = 10


def backup_dir(db_path: Path) -> Path:
    """Where the backups of ``db_path`` live."""
    return db_path.parent / "backups"


def backups(db_path: Path) -> list[Path]:
    """Backups of ``db_path``, oldest first (never those of ``a-b.db`` for ``a.db``)."""
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    own = re.compile(re.escape(db_path.stem) + r"-\d{8}-\d{6}-\d{6}(?:-[A-Za-z0-9_-]+)?\.db")
    return sorted(p for p in folder.glob(f"{db_path.stem}-*.db") if own.fullmatch(p.name))


def latest_backup(db_path: Path) -> Path | None:
    """The newest backup of ``db_path``, if any."""
    found = backups(db_path)
    return found[-1] if found else None


def take_backup(store: Store, *, keep: int = DEFAULT_KEEP, reason: str = "") -> Path:
    """Snapshot the open store into a new backup file and prune old ones."""
    if store.path is None:
        raise StoreError("an in-memory database has no backups")
    folder = backup_dir(store.path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    suffix = f"-{reason}" if reason else ""
    target = folder / f"{store.path.stem}-{stamp}{suffix}.db"
    _copy(store.conn, target)
    for old in backups(store.path)[:-keep] if keep > 0 else []:
        old.unlink(missing_ok=True)
    return target


def restore_backup(db_path: Path, backup: Path) -> Path | None:
    """Replace the database at ``db_path`` with ``backup``; return the safety copy of the old file.

    No other window or command should have the database open.
    """
    _check(backup)
    safety = None
    try:
        with Store(db_path) as current:
            safety = take_backup(current, keep=0, reason="before-restore")
    except StoreError:
        # Unreadable (that is why we restore): keep its bytes aside untouched.
        safety = _set_aside(db_path)
    source = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
    try:
        _copy(source, db_path)
    finally:
        source.close()
    return safety


def _copy(conn: sqlite3.Connection, target: Path) -> None:
    dest = sqlite3.connect(target)
    try:
        conn.backup(dest)
        # A backup is one self-contained file: reading it later leaves no -wal or -shm beside it.
        dest.execute("PRAGMA journal_mode = DELETE")
        if dest.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise StoreError(f"the backup written to {target} failed its integrity check")
    finally:
        dest.close()


def _check(backup: Path) -> None:
    try:
        conn = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
        try:
            ok = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{backup} is not a readable backup: {exc}") from exc
    if not ok:
        raise StoreError(f"{backup} fails SQLite's integrity check; choose another backup")


def _set_aside(db_path: Path) -> Path | None:
    if not db_path.exists():
        return None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = db_path.with_name(f"{db_path.name}.damaged-{stamp}")
    db_path.rename(aside)
    for extra in ("-wal", "-shm"):
        side = db_path.with_name(db_path.name + extra)
        if side.exists():
            side.rename(aside.with_name(aside.name + extra))
    return aside
