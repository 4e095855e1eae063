"""The article open in the window: its text, offset map and shown spans (no Qt).

The store speaks code points, Qt speaks UTF-16 code units; this object holds
the article's :class:`~annotator.offsets.Utf16Map` so that every conversion in
the window goes through that one tested map. Spans are kept twice: by id in
code points (what the store returns) and as UTF-16 :class:`Mark` objects in a
:class:`SpanIndex` (what painting and hit tests need), both updated per edit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ...model import Article, Span
from ...offsets import Utf16Map
from . import selection
from .span_index import Mark, SpanIndex

__all__ = ["OpenArticle", "display_text"]

# Characters QTextDocument does not keep as one position each: "\r" (and "\r\n")
# become a block break, U+FDD0/U+FDD1 mark frames. Replacing them one for one
# keeps every UTF-16 position equal to the stored text's.
_QT_SPECIAL = str.maketrans({"\r": " ", "\ufdd0": "\ufffd", "\ufdd1": "\ufffd", "\ufdef": "\ufffd"})


def display_text(text: str) -> str:
    """``text`` as the view shows it: same length, nothing Qt would merge or drop."""
    if "\r" not in text and "\ufdd0" not in text and "\ufdd1" not in text and "\ufdef" not in text:
        return text
    return text.translate(_QT_SPECIAL)


@dataclass
class OpenArticle:
    """One article with the spans currently shown on it."""

    article: Article
    umap: Utf16Map
    spans: dict[int, Span] = field(default_factory=dict)
    index: SpanIndex = field(default_factory=SpanIndex)
    counts: Counter[str] = field(default_factory=Counter)

    @classmethod
    def load(cls, article: Article, spans: Iterable[Span]) -> OpenArticle:
        """Index ``spans`` of ``article`` once, when the article opens."""
        umap = Utf16Map(article.text)
        by_id = {s.id: s for s in spans}
        marks = [_mark(umap, s) for s in by_id.values()]
        counts = Counter(s.label for s in by_id.values())
        return cls(article, umap, by_id, SpanIndex(marks), counts)

    @property
    def id(self) -> int:
        return self.article.id

    @property
    def text(self) -> str:
        return self.article.text

    def add(self, span: Span) -> None:
        """Show a span (or its new version after a relabel)."""
        self.remove(span.id)
        self.spans[span.id] = span
        self.counts[span.label] += 1
        self.index.add(_mark(self.umap, span))

    def remove(self, span_id: int) -> Span | None:
        """Stop showing a span; return it if it was shown."""
        span = self.spans.pop(span_id, None)
        if span is not None:
            self.counts[span.label] -= 1
            self.index.remove(span_id)
        return span

    def find(self, annotator: str, label: str, start: int, end: int) -> Span | None:
        """The shown span with exactly these boundaries, label and annotator."""
        pos = self.umap.to_utf16(start)
        for mark in self.index.overlapping(pos, pos + 1):
            span = self.spans[mark.span_id]
            if (span.start, span.end, span.label, span.annotator) == (start, end, label, annotator):
                return span
        return None

    def spans_at(self, pos16: int) -> list[Span]:
        """Spans covering UTF-16 position ``pos16``, innermost first."""
        return [self.spans[m.span_id] for m in self.index.at(pos16)]

    def target(self, start16: int, end16: int, snap: bool) -> tuple[int, int] | None:
        """What a label key tags for the UTF-16 selection ``[start16, end16)``, in code points.

        Snapped to whole words (``None`` when it holds none) if ``snap``, else as
        selected (``None`` when empty). The window tags this, and the view
        outlines it while the selection is made, so the two never differ.
        """
        start, end = self.to_cp(start16, end16)
        if snap:
            return selection.snap(self.text, start, end)
        return (start, end) if start < end else None

    def to_cp(self, start16: int, end16: int) -> tuple[int, int]:
        """A UTF-16 range as code points."""
        return self.umap.from_utf16(start16), self.umap.from_utf16(end16)

    def to_utf16(self, start: int, end: int) -> tuple[int, int]:
        """A code-point range as UTF-16 positions."""
        return self.umap.to_utf16(start), self.umap.to_utf16(end)


def _mark(umap: Utf16Map, span: Span) -> Mark:
    return Mark(umap.to_utf16(span.start), umap.to_utf16(span.end), span.id, span.label, span.annotator)
