"""All-or-nothing output: an export appears under its name complete, or not at all.

Everything is written into a hidden temporary folder beside the target (same
file system, so the final ``os.replace`` is an atomic rename), flushed to
disk, then renamed. An export that fails or is killed half-way leaves only
the hidden ``.NAME.*.partial`` folder, which a later export of that name
removes once it is an hour old. An existing folder is replaced only when asked and only if an
earlier export made it (it holds our marker file), never a folder of the
user's own.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from .base import ExportError

__all__ = ["MARKER", "atomic_dir"]

MARKER = ".annotator-export.json"
STALE_AFTER_S = 3600.0


@contextlib.contextmanager
def atomic_dir(final: Path, *, overwrite: bool = False, marker: dict[str, object] | None = None) -> Iterator[Path]:
    """Yield an empty temporary folder that becomes ``final`` when the block succeeds."""
    final = Path(os.path.abspath(final))
    _check_target(final, overwrite)
    for above in final.parents:  # mkdir would only say "File exists"
        if above.exists():
            if not above.is_dir():
                raise ExportError(f"{final}: cannot be made, {above} is a file, not a folder")
            break
    final.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(final)
    tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}.", suffix=".partial", dir=final.parent))
    try:
        _usual_mode(tmp)
        yield tmp
        (tmp / MARKER).write_text(json.dumps(marker or {}, ensure_ascii=False) + "\n", "utf-8")
        _fsync_tree(tmp)
        _swap(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _usual_mode(folder: Path) -> None:
    """Give the folder the permissions ``mkdir`` would (mkdtemp makes it private, 0700).

    A folder made inside it shows what the user's umask allows, as for the files written into it.
    """
    probe = folder / "mode"
    probe.mkdir()
    mode = probe.stat().st_mode & 0o7777
    probe.rmdir()
    folder.chmod(mode)


def _check_target(final: Path, overwrite: bool) -> None:
    if not final.exists() and not final.is_symlink():
        return
    if not overwrite:
        raise ExportError(f"{final} already exists; choose another --out or pass --overwrite")
    if not (final.is_dir() and not final.is_symlink() and (final / MARKER).is_file()):
        raise ExportError(f"{final} exists and is not an earlier annotator export; it is left alone")


def _remove_leftovers(final: Path) -> None:
    # Folders of killed exports; recent ones may belong to an export still running.
    cutoff = time.time() - STALE_AFTER_S
    for pattern in (f".{final.name}.*.partial", f".{final.name}.*.old"):
        for stale in final.parent.glob(pattern):
            with contextlib.suppress(OSError):
                if stale.stat().st_mtime < cutoff:
                    shutil.rmtree(stale, ignore_errors=True)


def _swap(tmp: Path, final: Path) -> None:
    if not final.exists():
        os.replace(tmp, final)
    else:
        # A folder cannot be renamed over a non-empty one: move the old export aside first.
        old = Path(tempfile.mkdtemp(prefix=f".{final.name}.", suffix=".old", dir=final.parent))
        os.replace(final, old / "export")
        os.replace(tmp, final)
        shutil.rmtree(old, ignore_errors=True)
    _fsync_dir(final.parent)


def _fsync_tree(root: Path) -> None:
    """Flush every file, so that a power cut after the rename cannot leave empty files."""
    for folder, _, files in os.walk(root):
        for name in files:
            fd = os.open(os.path.join(folder, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        _fsync_dir(Path(folder))


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform can fsync a folder
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
