"""The domain objects every layer shares: plain frozen dataclasses, no I/O."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any, NamedTuple

__all__ = [
    "DEFAULT_LABELS",
    "Article",
    "ArticleIn",
    "ArticleRow",
    "Label",
    "Span",
    "SpanIn",
    "Status",
]


class Status(str, enum.Enum):
    """Where one annotator stands with one article."""

    TODO = "todo"
    IN_PROGRESS = "in progress"
    DONE = "done"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class Label:
    """A tag of the scheme; spans refer to it by id, so a rename carries them along."""

    id: int
    name: str
    color: str
    key: str
    guideline: str = ""
    retired: bool = False
    position: int = 0


class SpanIn(NamedTuple):
    """A span as it arrives from an importer, before it has an id (a tuple: an import brings millions)."""

    start: int
    end: int
    label: str
    annotator: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleIn:
    """An article as an importer produces it: normalised text plus what we know of it."""

    text: str
    title: str
    origin: str = ""
    source: str = ""
    url: str = ""
    published: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    normalised: tuple[str, ...] = ()  # what was done to the raw text, e.g. ("bom removed",)
    spans: tuple[SpanIn, ...] = ()
    statuses: tuple[tuple[str, Status], ...] = ()  # (annotator, status) the file gives, e.g. doccano's is_confirmed
    annotators: tuple[str, ...] = ()  # the annotators the file names: they exist after the import, spans or not


@dataclass(frozen=True, slots=True)
class Article:
    """A stored article; ``text`` is what every span offset refers to."""

    id: int
    sha256: str
    title: str
    text: str
    origin: str = ""
    source: str = ""
    url: str = ""
    published: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    normalised: tuple[str, ...] = ()
    imported_at: str = ""
    # Stored metadata that is not JSON (another program wrote it): its raw text; ``meta`` is then empty.
    unreadable_meta: str | None = None


class ArticleRow(NamedTuple):
    """One line of the article list: everything but the text (a tuple: 10,000 are made at once)."""

    id: int
    title: str
    source: str
    status: Status
    span_count: int
    length: int


@dataclass(frozen=True, slots=True)
class Span:
    """``[start, end)`` in code points of the article text; ``text`` is that slice."""

    id: int
    article_id: int
    start: int
    end: int
    label: str
    annotator: str
    text: str
    note: str | None = None
    created_at: str = ""
    updated_at: str = ""


# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
DEFAULT_LABELS: tuple[tuple[str, str, str, str], ...] = (
    ("claim", "#E69F00", "1", "An assertion presented as true by a named or implied source."),
    ("denial", "#56B4E9", "2", "A statement rejecting a claim, accusation or intention."),
    ("demand", "#009E73", "3", "A call for someone to do, stop or guarantee something."),
    ("evidence", "#CC79A7", "4", "Facts, figures or observations offered in support of a claim."),
)
