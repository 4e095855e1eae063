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

from ..tokenize import sentences, token_columns
from .base import Document, Exporter, safe_names
from .corpus import Corpus
from .report import ExportReport
from .source import SpanRow

__all__ = ["EXPORTER", "article_lines", "bio_tags"]

Chosen = tuple[int, int, str]  # first token, last token (inclusive), label


class _Tokens:
    """One article's tokens as columns (millions per export: no object per token)."""

    def __init__(self, text: str) -> None:
        self.starts, self.ends, self.texts = token_columns(text)

    def __len__(self) -> int:
        return len(self.starts)


def _choose(doc: Document, tokens: _Tokens, order: dict[str, int], report: ExportReport) -> list[Chosen]:
    """Each span as the tokens it touches (rule 2); identical ones once (rule 1)."""
    candidates: dict[Chosen, SpanRow] = {}
    starts, ends, n = tokens.starts, tokens.ends, len(tokens)
    for span in doc.spans:
        first = bisect_right(ends, span.start)
        last = bisect_left(starts, span.end, lo=first) - 1
        if first >= n or last < first:
            report.drop("span covers no token (only spaces)", span)
            continue
        key = (first, last, span.label)
        if key in candidates:
            report.merge("same tokens and label from several spans or annotators", 1)
            continue
        candidates[key] = span
    return _resolve(candidates, order, tokens, report)


def _resolve(
    candidates: dict[Chosen, SpanRow], order: dict[str, int], tokens: _Tokens, report: ExportReport
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
        start, end = tokens.starts[first], tokens.ends[last]
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
        tags[first + 1 : last + 1] = [f"I-{names[label]}"] * (last - first)
    return tags


def _blocks(text: str, tokens: _Tokens, kept: list[Chosen], report: ExportReport) -> list[range]:
    """Token index ranges of the sentences, joined where a kept span crosses a boundary.

    A token before the first sentence start belongs to the first sentence; a sentence boundary falls
    before the first token that starts at or after a later sentence's start.
    """
    joined = bytearray(len(tokens))  # 1: token i continues the block of token i - 1
    for first, last, _ in kept:
        joined[first + 1 : last + 1] = b"\x01" * (last - first)
    starts = tokens.starts
    cuts = sorted({bisect_left(starts, start) for start, _ in sentences(text)[1:]} - {0, len(tokens)})
    blocks, begin = [], 0
    for i in cuts:
        if joined[i]:
            report.adjust("sentence boundary inside a kept span: the sentences written as one")
        else:
            blocks.append(range(begin, i))
            begin = i
    if len(tokens):
        blocks.append(range(begin, len(tokens)))
    return blocks


def article_lines(doc: Document, order: dict[str, int], names: dict[str, str], report: ExportReport) -> str:
    """The ``-DOCSTART-`` block and sentences of one article."""
    tokens = _Tokens(doc.article.text)
    kept = _choose(doc, tokens, order, report)
    for _, _, label in kept:
        report.spans[doc.split, label] += 1
    tags = bio_tags(len(tokens), kept, names)
    parts = ["-DOCSTART- O\n"]
    texts = tokens.texts
    for block in _blocks(doc.article.text, tokens, kept, report):
        lo, hi = block.start, block.stop
        parts.append("\n" + "\n".join(map(" ".join, zip(texts[lo:hi], tags[lo:hi]))) + "\n")
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
