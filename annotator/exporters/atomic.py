"""All-or-nothing output: an export appears under its name complete, or not at all.

Everything is written into a hidden temporary folder beside the target (same
file system, so publishing it is one rename), flushed to disk, then renamed.
An export that fails or is killed half-way leaves only the hidden
``.NAME.XXXXXXXX.partial`` folder (it holds a ``WRITING`` sentinel or our
marker), which a later export of that name removes once it is an hour old.

The marker file lists every file the export wrote, with its size and SHA-256
(:mod:`.marker`). ``--overwrite`` replaces an earlier export only when the
folder holds exactly such files, each still as written: nothing of the
user's, no file the user edited, no link, not the database being exported
(nor its WAL, shared memory or backups). The new folder and the old one trade places in one
``renameat2(RENAME_EXCHANGE)`` call, so at every moment ``NAME`` holds a
complete export, the old or the new one; then only the files the old marker
lists, and still as it recorded them, are removed. A file system that cannot exchange folders is refused up
front rather than left empty for a moment.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .. import faultpoints
from .base import ExportError
from .marker import MARKER, Signature, changed_files, read_listing, seal

__all__ = ["MARKER", "atomic_dir"]

WRITING = ".annotator-export-writing"  # inside a temporary folder until its marker is written
STALE_AFTER_S = 3600.0
SHOWN = 5  # foreign files named in a refusal


@contextlib.contextmanager
def atomic_dir(
    final: Path,
    *,
    overwrite: bool = False,
    marker: dict[str, object] | None = None,
    protect: Iterable[Path] = (),
    kept: list[Path] | None = None,
) -> Iterator[Path]:
    """Yield an empty temporary folder that becomes ``final`` when the block succeeds.

    ``protect``: paths (the open database and its companions) that must never be inside a replaced folder.
    ``kept``: receives the folder where what changed or arrived in ``final`` during the export was kept.
    """
    final = Path(os.path.abspath(final))
    protect = tuple(protect)
    previous = _check_target(final, overwrite, protect)
    _make_parent(final)
    _remove_leftovers(final)
    tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}.", suffix=".partial", dir=final.parent))
    swapped = False
    try:
        _usual_mode(tmp)
        (tmp / WRITING).touch()
        yield tmp
        _seal(tmp, marker or {})
        faultpoints.reach("export-sealed")
        if previous is None:
            faultpoints.reach("export-publish")
            _publish(tmp, final)
        else:
            _check_target(final, overwrite, protect, previous)  # nothing of the user's arrived while we wrote
            faultpoints.reach("export-swap")
            _exchange(tmp, final)
            swapped = True
            _fsync_dir(final.parent)
            faultpoints.reach("export-swapped")
            aside = _remove_listed(tmp, previous, final)
            if aside is not None and kept is not None:
                kept.append(aside)
    except BaseException:
        if not swapped:
            shutil.rmtree(tmp, ignore_errors=True)
        raise


# -- checks -------------------------------------------------------------------------------


@dataclass
class _Earlier:
    """The export an overwrite replaces: its files, what they held, and the stat of those found intact."""

    files: list[str]
    contents: dict[str, tuple[int, str]]
    checked: dict[str, Signature] = field(default_factory=dict)


def _check_target(
    final: Path, overwrite: bool, protect: tuple[Path, ...], earlier: _Earlier | None = None
) -> _Earlier | None:
    """None for a new folder; for an earlier export to replace, what its marker lists.

    ``earlier``: what a first check found, so that files found intact then are not read again.
    """
    if not final.exists() and not final.is_symlink():
        return None
    if not overwrite:
        raise ExportError(f"{final} already exists; choose another --out or pass --overwrite")
    if not final.is_dir() or final.is_symlink():
        raise ExportError(f"{final} exists and is not an earlier annotator export; it is left alone")
    for path in protect:
        if _inside(path, final):
            raise ExportError(
                f"{final} holds {path}, which belongs to the database being exported; "
                "it is left alone: export to another folder"
            )
    if not (final / MARKER).is_file():
        raise ExportError(f"{final} exists and is not an earlier annotator export; it is left alone")
    listing = read_listing(final)
    if listing is None or listing.contents is None:
        what = "its files" if listing is None else "its files' sizes and checksums"
        raise ExportError(
            f"{final} was written by an earlier version of annotator that did not record {what}, "
            "so it cannot be told from your own; it is left alone: delete it yourself or choose "
            "another --out"
        )
    foreign = _foreign(final, listing.files)
    if foreign:
        raise ExportError(
            f"{final} holds files the earlier export did not write ({_names(foreign)}); "
            "it is left alone: move them out or choose another --out"
        )
    if earlier is None or (earlier.files, earlier.contents) != (listing.files, listing.contents):
        earlier = _Earlier(listing.files, listing.contents)
    edited = changed_files(final, listing.contents, earlier.checked)
    if edited:
        raise ExportError(
            f"{final} holds files changed since the earlier export wrote them ({_names(edited)}); "
            "it is left alone: move them away or delete them, or choose another --out"
        )
    _check_exchange(final)
    return earlier


def _names(found: list[str]) -> str:
    more = f" and {len(found) - SHOWN} more" if len(found) > SHOWN else ""
    return ", ".join(found[:SHOWN]) + more


def _inside(path: Path, folder: Path) -> bool:
    real, top = os.path.realpath(path), os.path.realpath(folder)
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def _foreign(final: Path, files: list[str]) -> list[str]:
    """Entries of ``final`` that are not the listed files or their folders, and every link."""
    listed = set(files) | {MARKER}
    folders = {"/".join(f.split("/")[:n]) for f in files for n in range(1, f.count("/") + 1)}
    found = []
    for here, dirs, names in os.walk(final):
        rel = Path(here).relative_to(final).as_posix()
        prefix = "" if rel == "." else rel + "/"
        links = {d for d in dirs if os.path.islink(os.path.join(here, d))}
        found += [prefix + d for d in links]
        found += [prefix + d + "/" for d in dirs if d not in links and prefix + d not in folders]
        dirs[:] = [d for d in dirs if d not in links and prefix + d in folders]
        found += [prefix + n for n in names if prefix + n not in listed or os.path.islink(os.path.join(here, n))]
    return sorted(found)


def _make_parent(final: Path) -> None:
    for above in final.parents:  # mkdir would only say "File exists"
        if above.exists():
            if not above.is_dir():
                raise ExportError(f"{final}: cannot be made, {above} is a file, not a folder")
            break
    final.parent.mkdir(parents=True, exist_ok=True)


def _usual_mode(folder: Path) -> None:
    """Give the folder the permissions ``mkdir`` would (mkdtemp makes it private, 0700).

    A folder made inside it shows what the user's umask allows, as for the files written into it.
    """
    probe = folder / "mode"
    probe.mkdir()
    mode = probe.stat().st_mode & 0o7777
    probe.rmdir()
    folder.chmod(mode)


_LEFTOVER = r"\.{name}\.[A-Za-z0-9_]{{8}}\.(partial|old)"


def _remove_leftovers(final: Path) -> None:
    """Folders of killed exports of this name, an hour old; never a folder without our sentinel or marker."""
    cutoff = time.time() - STALE_AFTER_S
    pattern = re.compile(_LEFTOVER.format(name=re.escape(final.name)))
    for stale in final.parent.glob(f".{_glob_escape(final.name)}.*"):
        if not pattern.fullmatch(stale.name) or stale.is_symlink():
            continue
        ours = (stale / WRITING).is_file() or (stale / MARKER).is_file() or (stale / "export" / MARKER).is_file()
        with contextlib.suppress(OSError):
            if ours and stale.stat().st_mtime < cutoff:
                shutil.rmtree(stale, ignore_errors=True)


def _glob_escape(name: str) -> str:
    """``name`` with glob's special characters taken literally."""
    return re.sub(r"([*?\[])", r"[\1]", name)


# -- publishing ------------------------------------------------------------------------------


def _seal(tmp: Path, marker: dict[str, object]) -> None:
    """Write the marker listing every file written (flushed and hashed), drop the sentinel, flush the folders."""
    files = sorted(
        p.relative_to(tmp).as_posix()
        for p in tmp.rglob("*")
        if p.is_file() and p.name != WRITING and p.relative_to(tmp).as_posix() != MARKER
    )
    seal(tmp, files, marker)
    (tmp / WRITING).unlink()
    for folder, _, _ in os.walk(tmp):
        _fsync_dir(Path(folder))


def _publish(tmp: Path, final: Path) -> None:
    """Rename ``tmp`` to ``final``, which must not exist (an empty folder made meanwhile is not replaced)."""
    if _rename2(tmp, final, _RENAME_NOREPLACE) is None:
        if final.exists():
            raise ExportError(f"{final} appeared while the export was written; it is left alone")
        os.rename(tmp, final)
    _fsync_dir(final.parent)


def _exchange(tmp: Path, final: Path) -> None:
    if _rename2(tmp, final, _RENAME_EXCHANGE) is None:
        raise ExportError(_NO_EXCHANGE.format(final=final))


_NO_EXCHANGE = (
    "{final}: this file system cannot swap two folders in one step, so replacing the earlier "
    "export would leave nothing there for a moment; it is left alone: delete it yourself or "
    "choose another --out"
)


def _check_exchange(final: Path) -> None:
    """Refuse, before anything is written, where folders cannot be exchanged atomically."""
    a = Path(tempfile.mkdtemp(prefix=f".{final.name}.", suffix=".partial", dir=final.parent))
    b = Path(tempfile.mkdtemp(prefix=f".{final.name}.", suffix=".partial", dir=final.parent))
    try:
        ok = _rename2(a, b, _RENAME_EXCHANGE) is not None
    finally:
        a.rmdir()
        b.rmdir()
    if not ok:
        raise ExportError(_NO_EXCHANGE.format(final=final))


_RENAME_NOREPLACE, _RENAME_EXCHANGE = 1, 2
_UNSUPPORTED = {errno.EINVAL, errno.ENOSYS, getattr(errno, "ENOTSUP", -1), getattr(errno, "EOPNOTSUPP", -1)}


def _rename2(src: Path, dst: Path, flag: int) -> bool | None:
    """``renameat2`` (Linux) or ``renamex_np`` (macOS) with ``flag``; None where the system has neither."""
    if not (sys.platform.startswith("linux") or sys.platform == "darwin"):
        return None
    libc = ctypes.CDLL(None, use_errno=True)
    a, b = os.fsencode(src), os.fsencode(dst)
    if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
        rc = libc.renameat2(-100, a, -100, b, ctypes.c_uint(flag))  # AT_FDCWD
    elif sys.platform == "darwin" and hasattr(libc, "renamex_np"):
        rc = libc.renamex_np(a, b, ctypes.c_uint({_RENAME_NOREPLACE: 4, _RENAME_EXCHANGE: 2}[flag]))
    else:
        return None
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in _UNSUPPORTED:
        return None
    if err == errno.EEXIST:
        raise ExportError(f"{dst} appeared while the export was written; it is left alone")
    raise OSError(err, os.strerror(err), str(dst))


def _remove_listed(old: Path, earlier: _Earlier, final: Path) -> Path | None:
    """Remove the earlier export's own files from where the exchange put it; keep anything else.

    A file changed after the last check (its stat moved and its hash differs) is kept. Returns
    the folder holding what was kept, if anything was.
    """
    edited = set(changed_files(old, earlier.contents, earlier.checked))
    for name in [*earlier.files, MARKER]:
        if name not in edited:
            with contextlib.suppress(OSError):
                (old / name).unlink()
    for here, _, _ in os.walk(old, topdown=False):
        with contextlib.suppress(OSError):
            os.rmdir(here)
    if not old.exists():
        return None
    # Something changed or arrived after the last check: keep it where it can be seen.
    kept = final.parent / f"{final.name}.kept-{time.strftime('%Y%m%d-%H%M%S')}"
    try:
        os.rename(old, kept)
    except OSError:
        return old
    return kept


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform can fsync a folder
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
