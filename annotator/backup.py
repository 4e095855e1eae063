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
import stat
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from . import faultpoints, schema, snapshot
from .connection import store_error
from .errors import DamagedDatabaseError, StoreError
from .shell import quote
from .store import Store
from .words import plural

__all__ = [
    "DEFAULT_KEEP",
    "Restored",
    "backup_dir",
    "backup_if_changed",
    "backup_taken",
    "backups",
    "how_to_restore",
    "latest_backup",
    "newest_sound_backup",
    "passed_over_text",
    "restore_backup",
    "take_backup",
]

DEFAULT_KEEP = 10
SAFETY_PREFIX = "before-"  # backups taken before a risky step (restore, merge): pruned apart from the rolling ones
# New names say "backup" and the time in UTC (a clock moved back an hour must not reorder them):
# corpus.db.backup-20261202-101500-123456Z-auto.db. Before 0.2: corpus-20261202-111500-123456-auto.db,
# in local time, for .db files only.
_NEW = r"\.backup-(\d{8}-\d{6}-\d{6})Z(?:-([A-Za-z0-9_-]+))?\.db"
_OLD = r"-(\d{8}-\d{6}-\d{6})(?:-([A-Za-z0-9_-]+))?\.db"


def backup_dir(db_path: Path) -> Path:
    """Where the backups of ``db_path`` live."""
    return db_path.parent / "backups"


def _own(db_path: Path) -> list[tuple[re.Pattern[str], bool]]:
    patterns = [(re.compile(re.escape(db_path.name) + _NEW), True)]
    if db_path.suffix == ".db":
        patterns.append((re.compile(re.escape(db_path.stem) + _OLD), False))
    return patterns


def backup_taken(db_path: Path, backup: Path) -> tuple[datetime, str] | None:
    """When (an aware time) a backup of ``db_path`` was taken and why, or ``None`` if it is not one of its."""
    for pattern, utc in _own(db_path):
        match = pattern.fullmatch(backup.name)
        if match:
            taken = datetime.strptime(match.group(1), "%Y%m%d-%H%M%S-%f")
            return (taken.replace(tzinfo=UTC) if utc else taken.astimezone()), match.group(2) or ""
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


def _check(path: Path) -> str:
    return snapshot.check_file(path, newest_version=schema.SCHEMA_VERSION)


def newest_sound_backup(db_path: Path) -> tuple[Path | None, list[tuple[Path, str]]]:
    """The newest backup that passes the check, and those newer ones that did not (with why)."""
    passed_over: list[tuple[Path, str]] = []
    for path in reversed(backups(db_path)):
        problem = _check(path)
        if not problem:
            return path, passed_over
        passed_over.append((path, problem))
    return None, passed_over


def _is_safety(db_path: Path, path: Path) -> bool:
    found = backup_taken(db_path, path)
    return found is not None and found[1].startswith(SAFETY_PREFIX)


def take_backup(store: Store, *, keep: int = DEFAULT_KEEP, reason: str = "") -> Path:
    """Snapshot the open store into a new, checked backup file; then prune the oldest of its own.

    Rolling backups and safety copies (reasons ``before-…``) are pruned apart, ``keep`` of each, so
    a day of window starts never pushes out the copy a restore or a merge made.
    """
    if store.path is None:
        raise StoreError("an in-memory database has no backups")
    folder = backup_dir(store.path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"could not make the backup folder {folder}: {exc.strerror or exc}") from exc
    stamp = _next_moment(store.path).strftime("%Y%m%d-%H%M%S-%fZ")
    target = folder / f"{store.path.name}.backup-{stamp}{'-' + reason if reason else ''}.db"
    snapshot.drop_stale_partials(folder, f".{store.path.name}.backup-")
    snapshot.write_snapshot(store.conn, target, mode=_file_mode(store.path))
    if keep > 0:
        safety = reason.startswith(SAFETY_PREFIX)
        same_kind = [p for p in backups(store.path) if _is_safety(store.path, p) == safety]
        for old in same_kind[:-keep]:
            old.unlink(missing_ok=True)
    return target


def _next_moment(db_path: Path) -> datetime:
    """Now, or just after the newest backup's time if that is later: a backup taken while the clock was
    ahead (then corrected) must not stay "the newest" over every backup taken after it."""
    now = datetime.now(UTC)
    times = [taken[0] for p in backups(db_path) if p.is_file() and (taken := backup_taken(db_path, p))]
    return max(now, max(times, default=now) + timedelta(microseconds=1))


def backup_if_changed(store: Store, *, keep: int = DEFAULT_KEEP, reason: str = "") -> Path | None:
    """:func:`take_backup`, unless the newest backup already holds exactly what the store holds (``None``)."""
    newest = latest_backup(store.path) if store.path is not None else None
    if newest is not None and not _check(newest) and snapshot.same_content(store.conn, newest):
        return None
    return take_backup(store, keep=keep, reason=reason)


def _file_mode(db_path: Path) -> int | None:
    """The database's permission bits, for its copies (a private database keeps private backups)."""
    try:
        return stat.S_IMODE(db_path.stat().st_mode) & 0o666
    except OSError:
        return None


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


def how_to_restore(db: Path) -> str:
    """A sentence for a damaged ``db``: how to put back its newest sound backup, or why there is none."""
    command = f"`annotator --db {quote(str(db))} restore`"
    sound, passed_over = newest_sound_backup(db)
    failed = "; ".join(f"{path.name}: {why}" for path, why in passed_over)
    if sound is not None:
        newer = f" (newer ones fail the check: {failed})" if failed else ""
        return f"Restore the newest sound backup ({sound.name}){newer} with {command}; add `--list` to see them all"
    if len(passed_over) == 1:
        return (
            f"Its one backup in {backup_dir(db)} fails the check ({failed}), so it cannot be restored; look "
            "for another copy of the file"
        )
    if passed_over:
        return (
            f"None of its {plural(len(passed_over), 'backup')} in {backup_dir(db)} passes the check "
            f"({failed}), so none can be restored; look for another copy of the file"
        )
    return (
        f"No backup of it was found in {backup_dir(db)}; where there is one, {command} restores it, else "
        "look for another copy of the file"
    )


def restore_backup(db_path: Path, backup: Path) -> Restored:
    """Replace the database at ``db_path`` with ``backup`` (see :func:`newest_sound_backup` to pick one).

    Nothing in this process may have the database open; another process that
    has it open makes the restore refuse, untouched. So does a database marked
    read-only, and a current file that cannot be backed up first (a full disk).

    A readable file is restored in place: locked against every other process
    from before its safety copy until the restored pages are committed, so no
    one can write between the copy and the restore, and a process that opens
    it meanwhile waits, then sees the restored file (never a file renamed away
    under it, whose ``-wal`` would land in the new one). A kill leaves SQLite's
    journal, which puts the old file back. A damaged file that still opens is
    restored the same way (its bytes copied aside first); only one SQLite
    cannot open is set aside and replaced by a checked copy renamed in.
    """
    if problem := _check(backup):
        raise StoreError(f"{backup} cannot be restored: {problem}; choose another backup")
    mode = _file_mode(db_path)
    if mode is not None and not mode & stat.S_IWUSR:
        raise StoreError(f"{db_path} is marked read-only; nothing was restored (make it writable first)")
    _refuse_if_open_elsewhere(db_path)
    faultpoints.reach("restore-staged")
    current, damaged = _open_current(db_path)
    if current is None:
        return Restored(backup, _replace_damaged(db_path, backup, mode))
    with current:
        try:
            _lock_out_others(current)
        except sqlite3.DatabaseError:  # too damaged even to fold its journal: set aside and renamed
            current.close()
            return Restored(backup, _replace_damaged(db_path, backup, mode))
        kept = _copy_aside(current) if damaged else _safety_copy(current)
        faultpoints.reach("restore-before-replace")
        try:
            _copy_into(backup, current)
        except StoreError:
            if not damaged:
                kept.unlink(missing_ok=True)  # the file is as it was: its copy would only fill the disk
            raise
    return Restored(backup, kept)


def _open_current(db_path: Path) -> tuple[Store | None, bool]:
    """The current file, open, and whether it fails the check; ``None`` if it cannot be opened or is absent.

    A damaged file that still opens is restored in place too, under the same lock (another process can
    write to it, and would otherwise write past the restore); only one SQLite cannot open is renamed over.
    """
    if not db_path.exists():
        return None, False
    try:
        current = Store(db_path)
    except (DamagedDatabaseError, schema.NewerSchemaError):
        return None, False  # this version cannot back it up; its bytes are kept as they are
    return current, bool(snapshot.check_file(db_path))


def _safety_copy(current: Store) -> Path:
    try:
        return take_backup(current, keep=0, reason="before-restore")
    except StoreError as exc:
        raise StoreError(f"{exc}; the current file could not be backed up first, so nothing was restored") from exc


def _copy_aside(current: Store) -> Path:
    """A damaged file's pages, copied aside while it is locked (its journal already folded into it).

    Through SQLite's backup API, which copies pages as they are: opening and closing the file itself here
    would drop the lock (POSIX locks belong to the process, and any close releases them all).
    """
    db_path = current.path
    assert db_path is not None
    aside = db_path.with_name(f"{db_path.name}.damaged-{datetime.now():%Y%m%d-%H%M%S-%f}")
    target = sqlite3.connect(aside)
    try:
        current.conn.backup(target)
    except sqlite3.Error as exc:
        target.close()
        aside.unlink(missing_ok=True)
        raise StoreError(
            f"{db_path} is damaged and its pages could not be kept aside ({exc}); nothing was restored"
        ) from exc
    target.close()
    return aside


def _lock_out_others(store: Store) -> None:
    """Fold the WAL and hold an exclusive lock until ``store`` closes: only possible while no one else
    has the file open, and no one can open it (to read or write) until then."""
    conn = store.conn
    try:
        conn.execute("PRAGMA busy_timeout = 2000")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        if conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0] != "delete":
            raise sqlite3.OperationalError("database is locked")
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("UPDATE schema_version SET version = version")  # a write: the lock is kept from now on
        conn.execute("COMMIT")
    except sqlite3.OperationalError as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise StoreError(_in_use(store.path)) from exc


def _copy_into(backup: Path, store: Store) -> None:
    """The backup's pages written over the locked file in one transaction, then checked."""
    source = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
    try:
        source.backup(store.conn, pages=256, progress=_copying)
    except sqlite3.Error as exc:
        raise StoreError(f"{store_error(store.path, exc)}; nothing was restored, the file is as it was") from exc
    finally:
        source.close()
    if (result := store.conn.execute("PRAGMA quick_check").fetchone()[0]) != "ok":
        raise StoreError(f"{store.path}: the restored file fails SQLite's check ({result})")
    if store.path is not None:  # a file (restore opens nothing else): its new contents' name made durable
        snapshot.fsync_dir(store.path.parent)


def _copying(status: int, remaining: int, total: int) -> None:
    if remaining:
        faultpoints.reach("restore-copying")  # a kill now leaves the journal that puts the old file back


def _replace_damaged(db_path: Path, backup: Path, mode: int | None) -> Path | None:
    """Set a damaged (or missing) file's bytes aside and rename a checked copy of ``backup`` in."""
    staged = db_path.with_name(f".{db_path.name}.restoring")
    staged.unlink(missing_ok=True)  # left by a restore that was killed
    source = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
    try:
        snapshot.write_snapshot(source, staged, mode=mode)  # checked, beside the database, not yet in place
    finally:
        source.close()
    try:
        kept = _set_aside(db_path) if db_path.exists() else None
        faultpoints.reach("restore-before-replace")
        os.replace(staged, db_path)
        snapshot.fsync_dir(db_path.parent)
    finally:
        staged.unlink(missing_ok=True)
    return kept


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
        return  # elsewhere the WAL fold in _lock_out_others is the check
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
    return (
        f"{db_path} is open in another annotator window or command: close it first (its edits would "
        "be lost); nothing was restored"
    )
