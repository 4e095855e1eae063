"""Writing a small file whole or not at all: beside its final name, flushed, then renamed.

A plain ``write_text`` over an existing file truncates it first, so a full
disk or a kill leaves the user's file half-written; this never does.
"""

from __future__ import annotations

import os
from pathlib import Path

from .snapshot import fsync_dir

__all__ = ["WouldReplaceDatabaseError", "write_text_atomic"]

_SQLITE = b"SQLite format 3\x00"


class WouldReplaceDatabaseError(OSError):
    """The file asked for is a database (perhaps the open one): it is never written over."""


def write_text_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8); on any error the old file is left as it was, and no leftover.

    A file that is an SQLite database (the one open, or any other) is refused, untouched: a scheme
    or a report written over it would take every article and span with it.
    """
    if _is_database(path):
        raise WouldReplaceDatabaseError(f"{path} is a database; it was not written over (choose another name)")
    partial = path.with_name(f".{path.name}.partial")
    try:
        with open(partial, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def _is_database(path: Path) -> bool:
    try:
        with open(path, "rb") as existing:
            return existing.read(len(_SQLITE)) == _SQLITE
    except OSError:
        return False
