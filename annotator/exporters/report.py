"""What an export wrote, and what it left out or moved, with the reasons.

Formats that cannot hold every span (BIO has no overlaps, spaCy needs token
boundaries, brat no line breaks) record each decision here; the dataset card
and the CLI summary are written from it, so nothing is lost silently. Memory
stays flat: counters, plus a handful of examples per reason.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..words import plural
from .gold import GoldGaps
from .options import ExportOptions
from .source import SpanRow

__all__ = ["ExportReport"]

EXAMPLES_PER_REASON = 5


@dataclass
class ExportReport:
    """Counts per split and label, and every drop, re-alignment and note."""

    format: str
    out: Path
    options: ExportOptions
    annotators: list[str]
    labels: list[str]
    articles: Counter[str] = field(default_factory=Counter)  # split -> articles written
    spans: Counter[tuple[str, str]] = field(default_factory=Counter)  # (split, label) -> spans written
    selected: int = 0  # spans the selection delivered to the format
    excluded: Counter[str] = field(default_factory=Counter)  # left out by the selection, by reason
    dropped: Counter[str] = field(default_factory=Counter)  # lost by the format, by reason
    realigned: Counter[str] = field(default_factory=Counter)  # written with other boundaries, by reason
    merged: Counter[str] = field(default_factory=Counter)  # duplicates written once, by reason
    adjusted: Counter[str] = field(default_factory=Counter)  # other changes to fit the format, by reason
    examples: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    database: Path | None = None  # the file exported, for the card's command
    gold: GoldGaps | None = None  # what the review left undecided, when gold is exported
    kept: Path | None = None  # where files of the replaced export that changed during the export were kept

    def keep(self, split: str, span: SpanRow) -> None:
        """One span written as it is."""
        self.spans[split, span.label] += 1

    def keep_all(self, split: str, spans: tuple[SpanRow, ...] | list[SpanRow]) -> None:
        """Spans written as they are."""
        self.spans.update([(split, span.label) for span in spans])

    def drop(self, reason: str, span: SpanRow) -> None:
        """A span the format could not hold."""
        self.dropped[reason] += 1
        self._example(reason, span)

    def realign(self, reason: str, span: SpanRow, start: int, end: int) -> None:
        """A span written with other boundaries; call ``keep`` as well."""
        self.realigned[reason] += 1
        self._example(reason, span, f" -> [{start}, {end})")

    def merge(self, reason: str, count: int) -> None:
        """Identical spans written once."""
        if count:
            self.merged[reason] += count

    def adjust(self, reason: str, count: int = 1) -> None:
        """Something else changed to fit the format (a note put on one line, ...)."""
        self.adjusted[reason] += count

    def _example(self, reason: str, span: SpanRow, extra: str = "") -> None:
        shown = self.examples.setdefault(reason, [])
        if len(shown) < EXAMPLES_PER_REASON:
            text = span.text if len(span.text) <= 60 else span.text[:57] + "..."
            shown.append(
                f"article {span.article_id}, {span.annotator}, {span.label} [{span.start}, {span.end}) {text!r}{extra}"
            )

    @property
    def written(self) -> int:
        """Spans in the export."""
        return sum(self.spans.values())

    def summary(self) -> str:
        """One line for the CLI."""
        line = (
            f"exported {plural(sum(self.articles.values()), 'article')} and {plural(self.written, 'span')} "
            f"as {self.format} to {self.out}"
        )
        extra = []
        if self.dropped:
            extra.append(f"{plural(sum(self.dropped.values()), 'span')} dropped")
        if self.realigned:
            extra.append(f"{plural(sum(self.realigned.values()), 'span')} re-aligned")
        if self.merged:
            extra.append(f"{plural(sum(self.merged.values()), 'duplicate')} merged")
        if extra:
            line += f" ({', '.join(extra)}; see README.md)"
        return line
