"""Token-level BIO in CoNLL columns (``SPLIT.conll``): ``token TAG`` per line.

Tokens and sentences come from ``annotator.tokenize``, the one tokenizer the
project uses (agreement counts the same tokens). Each article starts with
``-DOCSTART- O`` and a blank line; sentences are separated by blank lines.

BIO cannot hold overlapping spans, so a stated rule decides:

1. identical spans (same tokens, same label) from several annotators are one;
2. each span covers the tokens it touches; a span that starts or ends inside
   a token is widened to the whole token, one that starts or ends on white
   space shrinks to its first and last token (re-aligned, counted);
3. among spans sharing a token, the one covering more tokens is kept; on a
   tie the earlier one, then the label that comes first in the scheme; the
   others are dropped and counted, with examples, in the card;
4. a kept span never straddles a blank line: sentences it crosses are
   written as one block.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from pathlib import Path

from ..tokenize import Token, sentences, tokenize
from .base import Document, Exporter, safe_names
from .corpus import Corpus
from .report import ExportReport
from .source import SpanRow

__all__ = ["EXPORTER", "article_lines", "bio_tags"]

Chosen = tuple[int, int, str]  # first token, last token (inclusive), label


def _choose(doc: Document, tokens: list[Token], order: dict[str, int], report: ExportReport) -> list[Chosen]:
    ends = [t.end for t in tokens]
    starts = [t.start for t in tokens]
    candidates: dict[Chosen, SpanRow] = {}
    for span in doc.spans:
        found = _cover(tokens, starts, ends, span)
        if found is None:
            report.drop("span covers no token (only spaces)", span)
            continue
        key = (found[0], found[1], span.label)
        if key in candidates:
            report.merge("same tokens and label from several spans or annotators", 1)
            continue
        candidates[key] = span
    return _resolve(candidates, order, tokens, report)


def _cover(tokens: list[Token], starts: list[int], ends: list[int], span: SpanRow) -> tuple[int, int] | None:
    first = bisect_right(ends, span.start)
    last = bisect_left(starts, span.end, lo=first) - 1
    if first >= len(tokens) or last < first:
        return None
    return first, last


def _resolve(
    candidates: dict[Chosen, SpanRow], order: dict[str, int], tokens: list[Token], report: ExportReport
) -> list[Chosen]:
    taken = bytearray(len(tokens))
    kept: list[Chosen] = []
    for key in sorted(candidates, key=lambda k: (-(k[1] - k[0]), k[0], order[k[2]])):
        first, last, _ = key
        if any(taken[first : last + 1]):
            report.drop(
                "overlaps a kept span that is longer (or as long and earlier, or of a label "
                "earlier in the scheme): BIO has no overlaps",
                candidates[key],
            )
            continue
        taken[first : last + 1] = b"\x01" * (last + 1 - first)
        kept.append(key)
        span = candidates[key]
        start, end = tokens[first].start, tokens[last].end
        if (start, end) != (span.start, span.end):
            report.realign(
                "boundary inside a token or on white space: moved to the tokens it touches", span, start, end
            )
    return sorted(kept)


def bio_tags(n_tokens: int, kept: list[Chosen], names: dict[str, str]) -> list[str]:
    """``B-label``/``I-label``/``O`` per token."""
    tags = ["O"] * n_tokens
    for first, last, label in kept:
        tags[first] = f"B-{names[label]}"
        for i in range(first + 1, last + 1):
            tags[i] = f"I-{names[label]}"
    return tags


def _blocks(text: str, tokens: list[Token], kept: list[Chosen], report: ExportReport) -> list[range]:
    """Token index ranges of the sentences, joined where a kept span crosses a boundary."""
    sent_starts = [s for s, _ in sentences(text)]
    sent_of = [max(bisect_right(sent_starts, t.start) - 1, 0) for t in tokens]
    joined = bytearray(len(tokens))  # 1: token i continues the block of token i - 1
    for first, last, _ in kept:
        joined[first + 1 : last + 1] = b"\x01" * (last - first)
    blocks, begin = [], 0
    for i in range(1, len(tokens)):
        if sent_of[i] != sent_of[i - 1]:
            if joined[i]:
                report.adjust("sentence boundary inside a kept span: the sentences written as one")
            else:
                blocks.append(range(begin, i))
                begin = i
    if tokens:
        blocks.append(range(begin, len(tokens)))
    return blocks


def article_lines(doc: Document, order: dict[str, int], names: dict[str, str], report: ExportReport) -> str:
    """The ``-DOCSTART-`` block and sentences of one article."""
    tokens = tokenize(doc.article.text)
    kept = _choose(doc, tokens, order, report)
    for _, _, label in kept:
        report.spans[doc.split, label] += 1
    tags = bio_tags(len(tokens), kept, names)
    parts = ["-DOCSTART- O\n"]
    for block in _blocks(doc.article.text, tokens, kept, report):
        parts.append("\n" + "".join(f"{tokens[i].text} {tags[i]}\n" for i in block))
    return "".join(parts) + "\n"


def write(corpus: Corpus, folder: Path) -> None:
    """``SPLIT.conll`` per split."""
    order = {name: n for n, name in enumerate(corpus.labels)}
    names = safe_names(corpus.labels, "labels")
    for name, token in names.items():
        if name != token:
            corpus.report.notes.append(f"label {name!r} is written as {token!r} (tags are one word)")
    for split in corpus.splits:
        fname = f"{split}.conll"
        with open(folder / fname, "w", encoding="utf-8", newline="\n") as fh:
            for doc in corpus.documents(split):
                fh.write(article_lines(doc, order, names, corpus.report))
        corpus.report.files.append(fname)


EXPORTER = Exporter(
    name="conll",
    summary="token-level BIO, one 'token TAG' per line, blank line between sentences",
    write=write,
    usage="""```python
from seqeval.metrics.sequence_labeling import get_entities
sentences, tags = [], []
for line in open("OUT/SPLIT.conll", encoding="utf-8"):
    line = line.rstrip("\\n")
    if not line or line.startswith("-DOCSTART-"):
        continue  # a blank line ends a sentence
    token, tag = line.rsplit(" ", 1)
```
Tokens are those of `annotator.tokenize.tokenize`; each article starts with `-DOCSTART- O`. Also readable
by flair's `ColumnCorpus` (`{0: "text", 1: "ner"}`) and the Hugging Face `conll2003`-style loaders.""",
)
