"""What every format module shares: the exporter record, errors and span helpers.

A format module only turns validated documents into files; choosing articles,
checking offsets, atomic writing and the dataset card happen once, around it.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from ..extras import install_hint
from ..model import Article

if TYPE_CHECKING:
    from .corpus import Corpus
    from .source import SpanRow

__all__ = [
    "Document",
    "ExportError",
    "Exporter",
    "MissingDependency",
    "one_line_json",
    "require",
    "safe_name",
    "safe_names",
    "unique_spans",
]


class ExportError(Exception):
    """An export that cannot be made as asked; nothing was written under the final name."""


class MissingDependency(ExportError):
    """A format needs an optional package that is not installed."""


@dataclass(frozen=True, slots=True)
class Document:
    """One article with the selected spans (checked against its text) and its split."""

    article: Article
    spans: tuple[SpanRow, ...]
    split: str
    meta_json: str = "{}"  # the article's metadata as stored: write this, not ``article.meta`` (see source.py)
    statuses: tuple[tuple[str, str], ...] = ()  # (annotator, status) of the exported annotators, todo left out


@dataclass(frozen=True)
class Exporter:
    """One registered format: how to write it and how a reader loads it."""

    name: str
    summary: str
    write: Callable[[Corpus, Path], None]
    usage: str  # Markdown for the dataset card: how the real consumer loads the files
    requires: tuple[tuple[str, str], ...] = ()  # (module, extra) pairs

    def check(self) -> None:
        """Fail early, before any file is made, if an optional dependency is missing."""
        for module, extra in self.requires:
            require(module, extra)


def one_line_json(text: str) -> str:
    """Valid JSON text on one line that any line splitter keeps whole.

    Outside strings, line breaks are white space (a space is the same);
    inside strings JSON allows none raw. U+2028, U+2029 and U+0085, which
    ``str.splitlines`` treats as line ends, are written as escapes.
    """
    if text.isprintable():
        return text
    return (
        text.replace("\r", " ")
        .replace("\n", " ")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
        .replace("\x85", "\\u0085")
    )


def require(module: str, extra: str) -> ModuleType:
    """Import an optional dependency or say exactly how to install it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingDependency(
            f"this export format needs the optional package {module!r}, which is not installed; "
            f"install it into this environment with: {install_hint(extra, fallback=(module,))}"
        ) from exc


_UNSAFE = re.compile(r"[^\w\-.]+")


def safe_name(name: str) -> str:
    """A label or annotator name as a single token for whitespace-separated formats.

    Only letters, digits, ``_``, ``-`` and ``.``, and never a ``-`` or ``.`` first
    (brat's configuration reads a lone ``-`` as a separator).
    """
    token = _UNSAFE.sub("_", name.strip()) or "_"
    return token if token[0].isalnum() or token[0] == "_" else "_" + token


def safe_names(names: Iterable[str], what: str) -> dict[str, str]:
    """Map names to single tokens; refuse if two names would become the same token."""
    mapping: dict[str, str] = {}
    seen: dict[str, str] = {}
    for name in names:
        token = safe_name(name)
        if token in seen and seen[token] != name:
            raise ExportError(f"{what} {seen[token]!r} and {name!r} would both be written as {token!r}; rename one")
        seen[token] = name
        mapping[name] = token
    return mapping


def unique_spans(spans: Sequence[SpanRow]) -> tuple[list[SpanRow], int]:
    """Spans with distinct (start, end, label), first kept; and how many repeats were merged.

    Two annotators marking the same stretch with the same label is one
    training example, not two, in formats that do not record annotators.
    """
    seen: set[tuple[int, int, str]] = set()
    kept: list[SpanRow] = []
    for span in spans:
        key = (span.start, span.end, span.label)
        if key not in seen:
            seen.add(key)
            kept.append(span)
    return kept, len(spans) - len(kept)
