"""The marker file of an export: every file it wrote, with its size and SHA-256.

``--overwrite`` may delete only what an earlier export wrote and nobody has
changed since. A list of names cannot tell ``all.jsonl`` as written from
``all.jsonl`` with an afternoon's hand corrections appended, so the marker
records each file's size and SHA-256 when the export is sealed, and an
overwrite refuses when a listed file no longer holds that. Hashing happens
after the format's writer is done (spaCy and ``datasets`` write their own
files), in the pass that flushes each file to disk anyway, while its pages
are still in memory.

Once a file's content has been checked, its ``stat`` signature (inode, size,
modification and change times) stands for it: the checks just before the
folders trade places and before each old file is removed compare that, and
hash again only a file whose signature moved.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["MARKER", "Listing", "Signature", "changed_files", "read_listing", "seal", "signature"]

MARKER = ".annotator-export.json"
_CHUNK = 1 << 20

Signature = tuple[int, int, int, int]  # inode, size, mtime and ctime in nanoseconds


@dataclass(frozen=True)
class Listing:
    """What a marker says: the files' names, and their (size, sha256) unless an older version wrote it."""

    files: list[str]
    contents: dict[str, tuple[int, str]] | None


def seal(folder: Path, names: list[str], marker: dict[str, object]) -> None:
    """Flush every named file to disk, hashing it on the way; write the marker listing them."""
    contents = {name: _hash_and_flush(folder / name) for name in names}
    record = {**marker, "files": names, "contents": {n: {"size": s, "sha256": h} for n, (s, h) in contents.items()}}
    path = folder / MARKER
    path.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", "utf-8")
    _hash_and_flush(path)


def read_listing(folder: Path) -> Listing | None:
    """The marker in ``folder``; None if it is missing, unreadable or lists no plain relative names."""
    try:
        data = json.loads((folder / MARKER).read_text("utf-8"))
    except (OSError, ValueError, RecursionError):  # nested too deeply: not a marker we wrote either
        return None
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, list) or not all(isinstance(f, str) and _is_plain_relative(f) for f in files):
        return None
    return Listing(files, _contents(data.get("contents"), files))


def _contents(value: object, files: list[str]) -> dict[str, tuple[int, str]] | None:
    """Sizes and hashes of every listed file, or None when the marker does not give them all."""
    if not isinstance(value, dict):
        return None
    found = {}
    for name in files:
        entry = value.get(name)
        if not isinstance(entry, dict):
            return None
        size, digest = entry.get("size"), entry.get("sha256")
        if not isinstance(size, int) or isinstance(size, bool) or not isinstance(digest, str):
            return None
        found[name] = (size, digest)
    return found


def _is_plain_relative(name: str) -> bool:
    parts = name.split("/")
    return (
        bool(name)
        and not name.startswith("/")
        and all(p not in ("", ".", "..") for p in parts)
        and "\\" not in name
        and "\0" not in name
    )


def signature(path: Path) -> Signature | None:
    """What ``stat`` says of a plain file (None if it is gone or is not one)."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if not os.path.isfile(path) or os.path.islink(path):
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns


def changed_files(folder: Path, contents: dict[str, tuple[int, str]], checked: dict[str, Signature]) -> list[str]:
    """Listed files whose content is not what the export wrote; ``checked`` is updated for the others.

    A listed file that is gone changed nothing worth keeping. A file whose signature is in
    ``checked`` unchanged was found intact before and is not read again.
    """
    changed = []
    for name, (size, digest) in contents.items():
        path = folder / name
        now = signature(path)
        if now is None or checked.get(name) == now:
            continue
        if now[1] != size or _hash(path) != digest:
            changed.append(name)
            checked.pop(name, None)
        else:
            checked[name] = now
    return sorted(changed)


def _hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _hash_and_flush(path: Path) -> tuple[int, str]:
    """(size, sha256) of a file just written, and its data flushed to the disk."""
    digest, size = hashlib.sha256(), 0
    fd = os.open(path, os.O_RDONLY)
    try:
        while chunk := os.read(fd, _CHUNK):
            digest.update(chunk)
            size += len(chunk)
        os.fsync(fd)
    finally:
        os.close(fd)
    return size, digest.hexdigest()
