"""Saved web pages: the article's main text, without menus, scripts or comments.

Telling an article from the page around it is a hard problem that
trafilatura solves well, so we use it rather than strip tags ourselves. It is
an optional dependency (extra ``html``): without it an HTML file is refused
with the command that installs it, and every other format still imports.

The stored text is what trafilatura extracts (paragraphs on their own lines),
not the HTML source, so ``normalised`` says so; offsets refer to that text.
Its metadata gives the title (``<title>`` / ``og:title``), author, date, URL
and site name (stored as the source).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..display import shown_path, shown_text
from ..extras import install_hint
from ..model import ArticleIn
from .decode import Item, ReadOptions, Refused, decode_bytes, is_blank, normalise, read_bytes
from .text import guess_title, short_title

__all__ = ["NEEDS_TRAFILATURA", "read_html"]

NEEDS_TRAFILATURA = "HTML import needs trafilatura: " + install_hint(
    "html", fallback=("trafilatura", "lxml_html_clean")
)

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_META_FIELDS = ("author", "hostname", "description", "categories", "tags", "language", "license")


def read_html(path: Path, opts: ReadOptions) -> Iterator[Item]:
    """One article from an HTML file, or a refusal saying why there is none."""
    trafilatura = _trafilatura()
    data = read_bytes(path, opts.max_bytes)
    decoded = decode_bytes(data, declared=_declared_charset(data))
    doc = _extract(trafilatura, decoded.text)
    text = normalise(str(getattr(doc, "text", "") or "")).text if doc is not None else ""
    if is_blank(text):
        raise Refused("no article text found in this HTML page")
    note = decoded.note(shown_path(path))
    if note:
        opts.notes.append(note)
    yield ArticleIn(
        text=text,
        title=short_title(_field(doc, "title")) or guess_title(text, fallback=shown_text(path.stem)),
        origin=shown_path(path),
        source=_field(doc, "sitename") or _field(doc, "hostname"),
        url=_field(doc, "url"),
        published=_field(doc, "date"),
        meta={**decoded.meta, **_meta(doc)},
        normalised=(*decoded.steps, f"main text extracted from HTML by trafilatura {_version(trafilatura)}"),
    )


def _trafilatura() -> Any:
    try:
        import trafilatura
    except ImportError as exc:
        raise Refused(NEEDS_TRAFILATURA) from exc
    return trafilatura


def _extract(trafilatura: Any, html: str) -> Any:
    try:
        return trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            include_formatting=False,
        )
    except Exception as exc:  # a parser failure on odd markup is a refusal, not a crash
        raise Refused(f"the HTML could not be parsed: {exc}") from exc


def _declared_charset(data: bytes) -> str | None:
    match = _CHARSET.search(data[:8192])
    return match.group(1).decode("ascii") if match else None


def _field(doc: Any, name: str) -> str:
    value = doc.get(name) if isinstance(doc, dict) else getattr(doc, name, None)
    return " ".join(str(value).split()) if isinstance(value, str) and value.strip() else ""


def _meta(doc: Any) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    for name in _META_FIELDS:
        value = doc.get(name) if isinstance(doc, dict) else getattr(doc, name, None)
        if value:
            meta[name] = value if isinstance(value, (str, list)) else str(value)
    return meta


def _version(trafilatura: Any) -> str:
    return str(getattr(trafilatura, "__version__", "")).strip()
