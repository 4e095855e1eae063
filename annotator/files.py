"""Writing a small file whole or not at all: beside its final name, flushed, then renamed.

A plain ``write_text`` over an existing file truncates it first, so a full
disk or a kill leaves the user's file half-written; this never does.
"""

from __future__ import annotations

import os
from pathlib import Path

from .snapshot import fsync_dir

__all__ = ["write_text_atomic"]


def write_text_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8); on any error the old file is left as it was, and no leftover."""
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
