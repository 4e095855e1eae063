"""Importing files and folders of articles: one registry, one entry point.

``import_paths`` is what the CLI and the window call. It walks the paths it is
given (folders recursively, in sorted order, hidden files and folders
skipped), reads each file with the reader its suffix names in
:data:`READERS` (an unknown suffix is read as plain text if it looks like
text, and refused if it is binary), and hands the articles to
:meth:`Store.import_articles`, which commits them in batches and skips
duplicates by the hash of their text.

Bad input never stops an import and never stores part of an article: a
reader builds each article whole before yielding it, anything it cannot
read becomes an ``(origin, reason)`` refusal reported beside the imports, and
an article the store could not take whole (text that is not Unicode,
metadata nested too deeply) is refused here rather than cost its batch.
Origins name files as :func:`~annotator.display.shown_path` writes them, so a
file name that is not UTF-8 is stored and shown as ``caf\\xe9.txt``.
Repairs and guesses (an encoding detected, UTF-16 offsets fixed) go to
``ImportResult.notes``.

Spans in imported files belong to ``annotator`` when one is given (the CLI's
``--annotator NAME``), else to the annotator the file names; spans with
neither are refused, and their article still imports.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..display import shown_path, shown_text
from ..exporters.atomic import MARKER as EXPORT_MARKER
from ..json_depth import TOO_DEEP, too_deep
from ..model import ArticleIn
from ..store import ImportResult, Store
from .decode import DEFAULT_MAX_BYTES, Item, ReadOptions, Refused, special_kind
from .html import read_html
from .jsonl import read_json, read_jsonl
from .text import read_markdown, read_text

__all__ = [
    "DEFAULT_MAX_BYTES",
    "READERS",
    "Item",
    "find_files",
    "import_paths",
    "read_path",
    "read_paths",
    "reader_for",
]

Reader = Callable[[Path, ReadOptions], Iterator[Item]]
Progress = Callable[[int, int], None]
PathLike = str | os.PathLike[str]

READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".text": read_text,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".json": read_json,
}
"""File suffix (lower case) -> reader. Anything else is sniffed: text or refused."""


def import_paths(
    store: Store,
    paths: PathLike | Iterable[PathLike],
    *,
    annotator: str | None = None,
    progress: Progress | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    unowned_to: str | None = None,
) -> ImportResult:
    """Import every file under ``paths``; ``progress(done, total)`` counts files.

    ``annotator`` owns every imported span; ``unowned_to`` only those the file
    attributes to no one (the window passes its user when asked to).

    ``progress`` is called with ``(0, total)`` first and after each file. It
    may raise to cancel: batches already committed stay, nothing partial does.
    """
    files = find_files(paths)
    result = ImportResult()
    opts = ReadOptions(
        annotator=_clean(annotator), max_bytes=max_bytes, notes=result.notes, unowned_to=_clean(unowned_to)
    )
    scheme = {lab.name for lab in store.labels.all(include_retired=True)}
    try:
        store.import_articles(_read_all(files, opts, progress), annotator=opts.annotator, result=result)
    finally:
        added = [lab.name for lab in store.labels.all(include_retired=True) if lab.name not in scheme]
        if added:  # often a spelling of a known one ("Claim", "CLAIM"): say so rather than grow the scheme unseen
            names = ", ".join(repr(name) for name in added)
            result.notes.append(
                f"{'a label' if len(added) == 1 else 'labels'} not in the scheme "
                f"{'was' if len(added) == 1 else 'were'} added to it: {names}"
            )
    return result


def read_paths(
    paths: PathLike | Iterable[PathLike],
    *,
    annotator: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    notes: list[str] | None = None,
) -> Iterator[Item]:
    """Every article (or refusal) of every file under ``paths``, without storing anything."""
    opts = ReadOptions(_clean(annotator), max_bytes, notes if notes is not None else [])
    return _read_all(find_files(paths), opts, None)


def read_path(
    path: PathLike,
    *,
    annotator: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    notes: list[str] | None = None,
) -> Iterator[Item]:
    """The articles of one file, or ``(origin, reason)`` for what was refused; never raises."""
    opts = ReadOptions(_clean(annotator), max_bytes, notes if notes is not None else [])
    return _checked(_read_one(Path(path), opts))


def reader_for(path: Path) -> Reader:
    """The reader registered for ``path``'s suffix, or the sniffing one."""
    return READERS.get(path.suffix.lower(), _read_unknown)


def find_files(paths: PathLike | Iterable[PathLike]) -> list[Path]:
    """Files to import: each path as given, folders walked recursively in sorted order.

    Hidden files and folders (a name starting with ".") inside a folder are
    skipped, and so is the dataset card of a folder our export wrote; symbolic
    links to folders are not followed (no loops). Everything else found is
    kept, so that what cannot be imported (a path that does not exist, a
    folder that cannot be listed, a named pipe, a device, a link that leads
    nowhere or in a circle) is reported as refused, never skipped in silence.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(_walk(path))
        else:
            found.append(path)
    return found


def _walk(folder: Path) -> Iterator[Path]:
    """Depth first with a stack of listings, not recursion: a tree nested a thousand deep is walked too."""
    stack = [_listing(folder)]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
        elif entry[1]:
            stack.append(_listing(entry[0]))
        else:
            yield entry[0]


def _listing(folder: Path) -> Iterator[tuple[Path, bool]]:
    """``(path, is a folder to walk)`` for each entry of ``folder``, in sorted order."""
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError:
        yield folder, False  # refused by _read_one with the reason, never skipped in silence
        return
    # An export of ours carries a dataset card that is not an article.
    card = "README.md" if any(e.name == EXPORT_MARKER for e in entries) else None
    for entry in entries:
        if entry.name.startswith(".") or entry.name == card:
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                yield Path(entry.path), True
            elif not (entry.is_symlink() and entry.is_dir()):  # links to folders are not followed
                yield Path(entry.path), False
        except OSError:  # a link that leads in a circle: reported when it is read
            yield Path(entry.path), False


def _read_all(files: list[Path], opts: ReadOptions, progress: Progress | None) -> Iterator[Item]:
    total = len(files)
    if progress is not None:
        progress(0, total)
    for done, path in enumerate(files, 1):
        yield from _checked(_read_one(path, opts))
        if progress is not None:
            progress(done, total)


def _read_one(path: Path, opts: ReadOptions) -> Iterator[Item]:
    origin = shown_path(path)
    try:
        if path.is_dir():  # a folder find_files could not list
            os.scandir(path).close()
            raise Refused("folder cannot be read")
        kind = special_kind(path)
        if kind:  # before a reader opens it: a named pipe would never end
            raise Refused(f"not a regular file ({kind})")
        yield from reader_for(path)(path, opts)
    except Refused as exc:
        yield origin, exc.reason
    except OSError as exc:
        what = "folder cannot be read" if path.is_dir() else "cannot be read"
        yield origin, f"{what}: {exc.strerror or exc}"
    except Exception as exc:  # a reader's bug must not end the whole import
        yield origin, f"cannot be imported ({type(exc).__name__}: {exc})"


def _checked(items: Iterator[Item]) -> Iterator[Item]:
    """Each article the store can take whole, else its refusal: one bad article never costs its batch."""
    for item in items:
        if isinstance(item, ArticleIn):
            reason = _unstorable(item)
            if reason:
                item = (item.origin, reason)
        if isinstance(item, tuple):  # a refusal is one printable line, whatever its reader put in it
            item = (shown_text(item[0]), shown_text(item[1]))
        yield item


def _unstorable(article: ArticleIn) -> str:
    """Why the store would fail on ``article`` (and roll its batch back), or ""."""
    try:
        for value in (article.text, article.title, article.origin, article.source, article.url, article.published):
            value.encode("utf-8")
        if article.meta and too_deep(article.meta):
            return f"its metadata is {TOO_DEEP}"
        if article.meta:
            json.dumps(article.meta, ensure_ascii=False).encode("utf-8")
        length, seen = len(article.text), set()
        for start, end, label, who, note in article.spans:
            if not 0 <= start < end <= length:
                return f"span [{start}, {end}) lies outside the text (length {length})"
            if note:
                note.encode("utf-8")
            if label in seen and (who is None or who in seen):
                continue  # an article repeats a few names many times: each is checked once
            for what, name in (("label", label), ("annotator", who or "")):
                name.encode("utf-8")
                if shown_text(name) != name:
                    return f"a span's {what} '{shown_text(name)}' holds control characters; a name is one line of text"
                seen.add(name)
    except UnicodeEncodeError as exc:
        return f"holds text that is not valid Unicode (U+{ord(exc.object[exc.start]):04X}, half of a UTF-16 pair)"
    except (AttributeError, TypeError, ValueError, RecursionError) as exc:
        return f"cannot be stored ({type(exc).__name__}: {exc})"
    return ""


def _read_unknown(path: Path, opts: ReadOptions) -> Iterator[Item]:
    """A file of unknown type: imported as plain text if it is text."""
    try:
        yield from read_text(path, opts)
    except Refused as exc:
        if "binary" in exc.reason or "encoding fits" in exc.reason:
            kind = f"'{path.suffix}'" if path.suffix else "no suffix"
            raise Refused(f"{exc.reason} (unknown file type: {kind})") from exc
        raise


def _clean(name: str | None) -> str | None:
    """The annotator's name, stripped; a name with control characters is refused before anything is read."""
    name = name.strip() if name else ""
    if shown_text(name) != name:
        raise ValueError(f"an annotator's name is one line of plain text, not '{shown_text(name)}'")
    return name or None
