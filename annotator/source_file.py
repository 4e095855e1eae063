"""Opening another annotator's database to read it, writing nothing, anywhere.

A plain read-only connection to a WAL-mode file creates ``-wal`` and ``-shm``
files beside it and cannot remove them, and fails outright in a read-only
folder or mount; a private copy of the file is a full copy left behind in the
temporary folder when the process is killed. So the file is read in place, in
one of three ways, none of which creates a file:

- its ``-wal`` and ``-shm`` are there (its owner has it open, or was killed):
  a read-only connection uses them as they are, in one read transaction, so
  it sees one consistent state however the owner goes on writing;
- a ``-wal`` with transactions but no ``-shm`` (a file copied with its WAL, or
  left so on a read-only medium): the file and its WAL are read into memory,
  the WAL's committed frames applied (their checksums checked, as SQLite
  does), and the image opened in memory;
- otherwise (a file closed cleanly): SQLite's ``immutable`` mode reads the
  main file alone, with no locks and no side files; the file's identity, size
  and time are compared before and after, so a checkpoint by an owner who
  opened it meanwhile is caught, not read half-way.
"""

from __future__ import annotations

import os
import sqlite3
import struct
from array import array
from dataclasses import dataclass
from pathlib import Path

from .display import shown_path
from .errors import DamagedDatabaseError, StoreError

__all__ = ["SourceFile", "apply_wal", "open_source"]

_WAL_MAGIC = (0x377F0682, 0x377F0683)


@dataclass
class SourceFile:
    """A read-only connection to another file, and how to tell that it changed while read."""

    conn: sqlite3.Connection
    path: Path
    how: str  # "shared", "wal image" or "immutable"
    fingerprint: tuple[int, ...] = ()

    def check_unchanged(self) -> None:
        """Refuse what was read if the file changed under an immutable read."""
        if self.fingerprint and _fingerprint(self.path) != self.fingerprint:
            raise StoreError(
                f"{shown_path(self.path)} was changed by another program while it was being read; "
                "nothing of it was merged: merge it again"
            )

    def close(self) -> None:
        self.conn.close()


def open_source(path: Path) -> SourceFile:
    """``path`` open for reading only, in the way that leaves nothing beside it (see the module docstring)."""
    name = shown_path(path)
    journal = _sidecar(path, "-journal")
    if journal.exists() and journal.stat().st_size:
        raise StoreError(
            f"{name} was left half-written by a program that stopped (it has a hot journal); "
            "open it once with annotator, then merge it"
        )
    wal, shm = _sidecar(path, "-wal"), _sidecar(path, "-shm")
    try:
        if wal.exists() and shm.exists():
            source = _shared(path)
            if source is not None:
                return source
        if wal.exists() and wal.stat().st_size:
            return _wal_image(path, wal)
        return _immutable(path)
    except sqlite3.DatabaseError as exc:
        raise DamagedDatabaseError(f"{name} is not a readable annotator database: {exc}") from exc
    except OSError as exc:
        raise StoreError(f"{name} cannot be read: {exc.strerror or exc}") from exc


def _sidecar(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _connect(uri: str) -> sqlite3.Connection:
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA query_only = ON")
    conn.execute("PRAGMA trusted_schema = OFF")  # a hostile file's views and triggers run no functions
    return conn


def _shared(path: Path) -> SourceFile | None:
    """Read-only beside a running owner, using its side files; None if they cannot be used here."""
    conn = None
    try:
        conn = _connect(f"{path.resolve().as_uri()}?mode=ro")
        conn.execute("BEGIN")  # one read transaction: a consistent state while the owner writes
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        if conn is not None:
            conn.close()
        return None
    return SourceFile(conn, path, "shared")


def _immutable(path: Path) -> SourceFile:
    before = _fingerprint(path)
    conn = _connect(f"{path.resolve().as_uri()}?immutable=1")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return SourceFile(conn, path, "immutable", before)


def _fingerprint(path: Path) -> tuple[int, ...]:
    st = os.stat(path)
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns


def _wal_image(path: Path, wal: Path) -> SourceFile:
    """The database as its WAL's committed transactions leave it, in memory."""
    before = (_fingerprint(path), _fingerprint(wal))
    with open(path, "rb") as f:
        image = bytearray(f.read())
    with open(wal, "rb") as f:
        log = f.read()
    if (_fingerprint(path), _fingerprint(wal)) != before:
        raise StoreError(f"{shown_path(path)} was being written while it was read; merge it again")
    image = apply_wal(image, log)
    if len(image) >= 20 and image[18] == 2:  # the header says WAL; the in-memory copy has none
        image[18] = image[19] = 1
    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    conn.deserialize(bytes(image))
    conn.execute("PRAGMA query_only = ON")
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return SourceFile(conn, path, "wal image")


def apply_wal(image: bytearray, log: bytes) -> bytearray:
    """``image`` with the pages of every committed transaction in WAL ``log`` written in.

    The format is SQLite's (sqlite.org/fileformat2.html, "The WAL File
    Format"): a 32-byte header, then frames of a 24-byte header and a page.
    A frame counts only if its salts match the header's and the running
    checksum matches; pages count only up to the last commit frame.
    """
    if len(log) < 32:
        return image
    magic, _, page_size, _, salt1, salt2, sum1, sum2 = struct.unpack(">8I", log[:32])
    if magic not in _WAL_MAGIC or page_size < 512 or page_size & (page_size - 1):
        return image
    big = magic & 1
    sums = _checksum(log[:24], 0, 0, big)
    if sums != (sum1, sum2):
        return image
    pending: dict[int, bytes] = {}
    committed: dict[int, bytes] = {}
    pages = len(image) // page_size
    offset = 32
    while offset + 24 + page_size <= len(log):
        number, size_after, f_salt1, f_salt2, f_sum1, f_sum2 = struct.unpack(">6I", log[offset : offset + 24])
        page = log[offset + 24 : offset + 24 + page_size]
        if (f_salt1, f_salt2) != (salt1, salt2) or number == 0:
            break
        sums = _checksum(page, *_checksum(log[offset : offset + 8], *sums, big), big)
        if sums != (f_sum1, f_sum2):
            break
        pending[number] = page
        if size_after:
            committed.update(pending)
            pending.clear()
            pages = size_after
        offset += 24 + page_size
    if not committed:
        return image
    image = image[: pages * page_size].ljust(pages * page_size, b"\0")
    for number, page in committed.items():
        if number <= pages:
            image[(number - 1) * page_size : number * page_size] = page
    return image


def _checksum(data: bytes, s1: int, s2: int, big: int) -> tuple[int, int]:
    """SQLite's WAL checksum over ``data`` (a multiple of 8 bytes), continuing from ``(s1, s2)``."""
    words = array("I", data)
    if big != (struct.pack("=I", 1) == struct.pack(">I", 1)):
        words.byteswap()
    for i in range(0, len(words), 2):
        s1 = (s1 + words[i] + s2) & 0xFFFFFFFF
        s2 = (s2 + words[i + 1] + s1) & 0xFFFFFFFF
    return s1, s2
