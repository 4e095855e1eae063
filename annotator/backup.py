"""Rolling backups with SQLite's online backup API, and restoring one.

Backups go to a ``backups`` folder beside the database, named after the
database file's whole name (``corpus.db`` and ``corpus.sqlite`` never share a
set) and the moment they were taken; only the newest ``keep`` are kept. Each
is written through :mod:`snapshot`: checked, then renamed, so a full disk
leaves no file that later looks like the newest backup.

A restore puts a checked copy of the backup beside the database and renames
it into place, so a kill at any moment leaves either the old file or the
restored one. It refuses while another window or command has the file open
(their edits would be lost), keeps the file it replaces (a backup of it, or
its damaged bytes under another name), and without a chosen backup uses the
newest one that passes the check, saying which ones it passed over.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from . import faultpoints, snapshot
from .errors import StoreError
from .store import Store

__all__ = ["DEFAULT_KEEP", "Restored", "backup_dir", "backups", "backup_taken", "latest_backup",
           "newest_sound_backup", "passed_over_text", "take_backup", "restore_backup"]

DEFAULT_KEEP = 10
_STAMP = r"(\d{8}-\d{6}-\d{6})(?:-([A-Za-z0-9_-]+))?\.db"


def backup_dir(db_path: Path) -> Path:
    """Where the backups of ``db_path`` live."""
    return db_path.parent / "backups"


def _own(db_path: Path) -> list[re.Pattern[str]]:
    patterns = [re.compile(re.escape(db_path.name) + "-" + _STAMP)]
    if db_path.suffix == ".db":  # named by the stem before version 0.2: kept for the .db file only
        patterns.append(re.compile(re.escape(db_path.stem) + "-" + _STAMP))
    return patterns


def backup_taken(db_path: Path, backup: Path) -> tuple[datetime, str] | None:
    """When a backup of ``db_path`` was taken and why (its name says), or ``None`` if it is not one."""
    for pattern in _own(db_path):
        match = pattern.fullmatch(backup.name)
        if match:
            return datetime.strptime(match.group(1), "%Y%m%d-%H%M%S-%f"), match.group(2) or ""
    return None


def backups(db_path: Path) -> list[Path]:
    """Backups of ``db_path`` and of no other file, oldest first."""
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    found = [(taken[0], p) for p in folder.glob("*.db") if (taken := backup_taken(db_path, p))]
    return [p for _, p in sorted(found)]


def latest_backup(db_path: Path) -> Path | None:
    """The newest backup of ``db_path`` by name, if any (see :func:`newest_sound_backup`)."""
    found = backups(db_path)
    return found[-1] if found else None


def newest_sound_backup(db_path: Path) -> tuple[Path | None, list[tuple[Path, str]]]:
    """The newest backup that passes the check, and those newer ones that did not (with why)."""
    passed_over = []
    for path in reversed(backups(db_path)):
        problem = snapshot.check_file(path)
        if not problem:
            return path, passed_over
        passed_over.append((path, problem))
    return None, passed_over


def take_backup(store: Store, *, keep: int = DEFAULT_KEEP, reason: str = "") -> Path:
    """Snapshot the open store into a new, checked backup file; then prune the oldest of its own."""
    if store.path is None:
        raise StoreError("an in-memory database has no backups")
    folder = backup_dir(store.path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"could not make the backup folder {folder}: {exc.strerror or exc}") from exc
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{store.path.name}-{stamp}{'-' + reason if reason else ''}.db"
    snapshot.drop_stale_partials(folder, f".{store.path.name}-")
    snapshot.write_snapshot(store.conn, target)
    for old in backups(store.path)[:-keep] if keep > 0 else []:
        old.unlink(missing_ok=True)
    return target


@dataclass(frozen=True)
class Restored:
    """What a restore did, for the message at its end."""

    used: Path  # the backup now in place
    kept: Path | None  # the replaced file, as a backup or set aside; None if there was none

    def summary(self, db_path: Path) -> str:
        """What happened, in words."""
        kept = f"the previous file is kept as {self.kept}" if self.kept else "there was no previous file"
        return f"restored {db_path} from {self.used}; {kept}"


def passed_over_text(passed_over: list[tuple[Path, str]]) -> str:
    """Lines naming the newer backups a restore did not use, and why."""
    return "\n".join(f"passed over {p.name}: {why}" for p, why in passed_over)


def restore_backup(db_path: Path, backup: Path) -> Restored:
    """Replace the database at ``db_path`` with ``backup`` (see :func:`newest_sound_backup` to pick one).

    Nothing in this process may have the database open; another process that
    has it open makes the restore refuse, untouched.
    """
    if problem := snapshot.check_file(backup):
        raise StoreError(f"{backup} cannot be restored: {problem}; choose another backup")
    _refuse_if_open_elsewhere(db_path)
    staged = snapshot.partial_name(db_path)
    source = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
    try:
        snapshot.write_snapshot(source, staged)  # checked, beside the database, not yet in place
    finally:
        source.close()
    try:
        kept = _keep_current(db_path)
        faultpoints.reach("restore-before-replace")
        os.replace(staged, db_path)
        snapshot.fsync_dir(db_path.parent)
    finally:
        staged.unlink(missing_ok=True)
    return Restored(backup, kept)


def _keep_current(db_path: Path) -> Path | None:
    """Back up the file about to be replaced, or set its bytes aside if it cannot be read; no -wal left."""
    if not db_path.exists():
        return None
    try:
        with Store(db_path) as current:
            if snapshot.check_file(db_path) == "":
                kept = take_backup(current, keep=0, reason="before-restore")
                _fold_wal(current)
                return kept
    except StoreError:
        pass
    return _set_aside(db_path)


def _fold_wal(store: Store) -> None:
    # Checkpoint into the file and leave WAL mode: only possible while no one else has it open.
    try:
        store.conn.execute("PRAGMA busy_timeout = 2000")
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        if store.conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0] != "delete":
            raise sqlite3.OperationalError("database is locked")
    except sqlite3.OperationalError as exc:
        raise StoreError(_in_use(store.path)) from exc


def _set_aside(db_path: Path) -> Path:
    """Keep a damaged file's bytes under another name; the name itself stays until the replace."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    aside = db_path.with_name(f"{db_path.name}.damaged-{stamp}")
    try:
        os.link(db_path, aside)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links
        shutil.copyfile(db_path, aside)  # not open as a database by anyone: a plain copy is safe
    for extra in ("-wal", "-shm"):  # a damaged file's journal must not be applied to the restored one
        side = db_path.with_name(db_path.name + extra)
        if side.exists():
            side.rename(aside.with_name(aside.name + extra))
    return aside


def _refuse_if_open_elsewhere(db_path: Path) -> None:
    """Refuse while another process holds SQLite's locks on the file (Linux: asked without taking them)."""
    if sys.platform != "linux" or not db_path.exists():
        return  # elsewhere the WAL fold in _keep_current is the check
    import fcntl
    import struct

    # SQLite's lock bytes: the SHARED range of the main file, and the -shm "dead man switch" every open
    # WAL connection holds. F_GETLK asks who holds them without taking them. This process holds none of
    # them (its own connections are closed), so closing these descriptors drops nothing of ours.
    for path, start, length in ((db_path, 0x40000000, 512), (db_path.with_name(db_path.name + "-shm"), 128, 1)):
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            query = struct.pack("hhqqi", fcntl.F_WRLCK, os.SEEK_SET, start, length, 0)
            held = struct.unpack("hhqqi", fcntl.fcntl(fd, fcntl.F_GETLK, query))[0] != fcntl.F_UNLCK
        finally:
            os.close(fd)
        if held:
            raise StoreError(_in_use(db_path))


def _in_use(db_path: Path | None) -> str:
    return (f"{db_path} is open in another annotator window or command: close it first (its edits would "
            "be lost); nothing was restored")
