"""Plain text and Markdown files, and the title guess every format falls back on.

A plain file is stored as decoded (see :mod:`.decode`). Markdown is stored as
its source text, markup included, so that offsets still match the file an
annotator may open beside the window. The one exception is YAML front matter:
a block between ``---`` lines at the very top of the file whose lines are all
``key: value`` pairs (or list items / indented continuations of one) goes into
``meta`` and is cut from the text; ``normalised`` then says "front matter
removed" so the shift is on record. A ``---`` at the top followed by ordinary
prose is a horizontal rule and stays.

Nothing of the text is dropped to make a title: the title is a copy of
metadata, a heading or the first meaningful line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..display import shown_path, shown_text
from ..model import ArticleIn
from .decode import Item, ReadOptions, decode_bytes, read_bytes

__all__ = ["guess_title", "read_markdown", "read_text", "short_title", "split_front_matter"]

TITLE_MAX = 120

_DATE_WORDS = frozenset(
    [
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "am",
        "pm",
        "gmt",
        "utc",
        "bst",
        "cet",
        "cest",
        "est",
        "edt",
        "pst",
        "pdt",
        "msk",
        "updated",
        "published",
        "posted",
        "last",
        "on",
        "at",
        "st",
        "nd",
        "rd",
        "th",
    ]
)
_BOILERPLATE = re.compile(
    r"^(advertisement|advert|sponsored|skip to (main )?content|menu|home|share( this( article)?)?|"
    r"sign up.*|subscribe.*|read more|listen( to this article)?|support .*!)$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_HEADING = re.compile(r"^#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)
_FRONT_FIELDS = frozenset({"title", "source", "url", "published"})  # front matter -> article fields
_FM_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_FM_KEY = re.compile(r"^([A-Za-z_][\w.-]*)[ \t]*:(?:[ \t]+(.*?))?[ \t]*$")


def short_title(line: str, limit: int = TITLE_MAX) -> str:
    """``line`` on one line, cut at a word boundary to at most ``limit`` characters."""
    line = " ".join(line.split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:-") + "…"


def guess_title(text: str, fallback: str = "") -> str:
    """The first meaningful line of ``text``: not blank, not a date, not a one-word label."""
    first = ""
    for line in text[:65536].split("\n")[:200]:
        line = line.strip().lstrip("#").strip()
        if not line:
            continue
        first = first or line
        if _meaningful(line[: TITLE_MAX * 2]):  # a title candidate is short; don't scan a paragraph
            return short_title(line)
    return short_title(first) if first else fallback


def _meaningful(line: str) -> bool:
    """Whether a line can serve as a title (dates, bylines' dates and 'Advertisement' cannot)."""
    if _BOILERPLATE.match(line):
        return False
    words = _WORD.findall(line)
    if not [w for w in words if w.lower() not in _DATE_WORDS]:
        return False  # only digits, punctuation and date words: "Monday. 04.03.2024"
    return len(words) >= 2 or len(line) >= 20


def read_text(path: Path, opts: ReadOptions) -> Iterator[Item]:
    """One article from a plain text file."""
    decoded = decode_bytes(read_bytes(path, opts.max_bytes))
    _note(decoded.note(shown_path(path)), opts)
    yield ArticleIn(
        text=decoded.text,
        title=guess_title(decoded.text, fallback=shown_text(path.stem)),
        origin=shown_path(path),
        meta=decoded.meta,
        normalised=decoded.steps,
    )


def read_markdown(path: Path, opts: ReadOptions) -> Iterator[Item]:
    """One article from a Markdown file: front matter to meta, markup kept."""
    decoded = decode_bytes(read_bytes(path, opts.max_bytes))
    text, steps = decoded.text, decoded.steps
    front: dict[str, Any] = {}
    split = split_front_matter(text)
    if split is not None and split[1].strip():
        front, text = split
        steps += ("front matter removed",)
    meta = {**decoded.meta, **{k: v for k, v in front.items() if k not in _FRONT_FIELDS}}
    _note(decoded.note(shown_path(path)), opts)
    yield ArticleIn(
        text=text,
        title=(
            short_title(_pick(front, "title"))
            or _first_heading(text)
            or guess_title(text, fallback=shown_text(path.stem))
        ),
        origin=shown_path(path),
        source=_pick(front, "source", "publisher", "site"),
        url=_pick(front, "url", "link", "canonical"),
        published=_pick(front, "published", "date"),
        meta=meta,
        normalised=steps,
    )


def split_front_matter(text: str) -> tuple[dict[str, object], str] | None:
    """``(fields, rest)`` if ``text`` opens with a YAML front-matter block, else None."""
    if not text.startswith("---\n"):
        return None
    end = _FM_END.search(text, 4)
    if end is None:
        return None
    fields = _parse_front(text[4 : end.start()])
    if fields is None:
        return None
    rest = text[end.end() :]
    return fields, rest[1:] if rest.startswith("\n") else rest


def _parse_front(block: str) -> dict[str, object] | None:
    """A flat reading of simple YAML: ``key: value``, and ``- item`` lists under a key."""
    fields: dict[str, object] = {}
    key = None
    for line in block.split("\n"):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _FM_KEY.match(line)
        if match and not line[0].isspace():
            key, value = match.group(1), match.group(2)
            fields[key] = _scalar(value) if value else None
        elif key is not None and (line[0].isspace() or line.startswith("- ")):
            fields[key] = _continue(fields[key], line.strip())
        else:
            return None  # prose: the opening --- was a horizontal rule
    return fields or None


def _continue(value: object, line: str) -> object:
    if line.startswith("- ") or line == "-":
        items = value if isinstance(value, list) else ([value] if value else [])
        return [*items, _scalar(line[1:].strip())]
    return f"{value} {line}".strip() if value else line


def _scalar(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def _pick(fields: dict[str, object], *keys: str) -> str:
    for key in keys:
        value = fields.get(key)
        if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
            return " ".join(str(value).split())
    return ""


def _first_heading(text: str) -> str:
    match = _HEADING.search(text)
    return short_title(match.group(1)) if match else ""


def _note(note: str | None, opts: ReadOptions) -> None:
    if note:
        opts.notes.append(note)
