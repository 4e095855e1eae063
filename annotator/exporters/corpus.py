"""The selected articles, streamed one at a time from the store and checked.

Only one article and its spans are in memory at a time, whatever the size of
the corpus. Every span is checked against the article text before a format
sees it: if ``text[start:end]`` is not the span's stored text the export
stops with an error (the offsets would be wrong in every tool downstream),
and the temporary output is thrown away.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from operator import attrgetter

from ..adjudication import GOLD
from ..model import Article
from ..store import Store
from .base import Document, ExportError
from .gold import GoldTracker
from .options import Plan
from .report import ExportReport
from .source import SpanReader, SpanRow, StatusReader, read_article, undecodable_text

__all__ = ["Corpus", "Progress"]

Progress = Callable[[int, int], None]


class Corpus:
    """Validated documents per split, in article-id order; counts go to the report."""

    def __init__(self, store: Store, plan: Plan, report: ExportReport, progress: Progress | None = None) -> None:
        self.store = store
        self.plan = plan
        self.report = report
        self._progress = progress
        self._done = 0
        self._labels = frozenset(plan.labels)
        self._all_labels = len(store.labels.all(include_retired=True))
        self._read_spans = SpanReader(store, None if plan.all_annotators else plan.annotators)
        self._read_statuses = StatusReader(store, None if plan.all_annotators else plan.annotators)
        exported = [aid for ids in plan.splits.values() for aid in ids]
        # Counting undecided review items reads every article's review (about 1 ms each): done when gold
        # is asked for by name, not for every --all-annotators export of a database that has a gold layer.
        self._gold = GoldTracker(store, exported) if GOLD in plan.annotators and not plan.all_annotators else None
        report.gold = self._gold.gaps if self._gold is not None else None

    @property
    def splits(self) -> list[str]:
        """Names of the non-empty splits, in train, dev, test order."""
        return list(self.plan.splits)

    @property
    def labels(self) -> list[str]:
        """Selected label names in panel order (the class list of typed formats)."""
        return list(self.plan.labels)

    def documents(self, split: str) -> Iterator[Document]:
        """Stream the articles of ``split`` with their selected, checked spans."""
        for article_id in self.plan.splits[split]:
            with undecodable_text(f"article {article_id}"):
                article, meta_json = read_article(self.store, article_id)
                spans = self._select(article, self._read_spans(article_id))
                statuses = self._read_statuses(article_id)
            self.report.articles[split] += 1
            self.report.selected += len(spans)
            if self._gold is not None:
                self._gold.visit(article_id)
            yield Document(article, spans, split, meta_json, statuses)
            self._done += 1
            if self._progress is not None:
                self._progress(self._done, self.plan.total)

    def _select(self, article: Article, spans: list[SpanRow]) -> tuple[SpanRow, ...]:
        if self.plan.done_by is None and len(self._labels) == self._all_labels:
            chosen = spans  # the common case, kept fast: 1,000,000 spans pass here
        else:
            chosen = self._filter(article, spans)
        text, length = article.text, len(article.text)
        for span in chosen:
            if not (0 <= span.start < span.end <= length) or text[span.start : span.end] != span.text:
                check_span(article, span)
        # Stable across databases (ids differ after a re-import): order by content.
        chosen.sort(key=_CONTENT_ORDER)
        return tuple(chosen)

    def _filter(self, article: Article, spans: list[SpanRow]) -> list[SpanRow]:
        done = self.plan.done_by.get(article.id, frozenset()) if self.plan.done_by is not None else None
        chosen = []
        for span in spans:
            if span.label not in self._labels:
                self.report.excluded["label not selected"] += 1
            elif done is not None and span.annotator not in done:
                self.report.excluded["annotator has not marked the article done"] += 1
            else:
                chosen.append(span)
        return chosen


_CONTENT_ORDER = attrgetter("start", "end", "label", "annotator")


def check_span(article: Article, span: SpanRow) -> None:
    """Refuse a span whose offsets do not give back its text."""
    if not (0 <= span.start < span.end <= len(article.text)) or article.text[span.start : span.end] != span.text:
        raise ExportError(
            f"article {article.id} ({article.title!r}): span {span.id} [{span.start}, {span.end}) "
            f"labelled {span.label!r} by {span.annotator} does not match the text "
            f"(stored {span.text!r}, text has {article.text[span.start : span.end]!r}); nothing was exported"
        )
