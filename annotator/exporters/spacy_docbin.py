"""spaCy ``DocBin`` files (``SPLIT/NNNN.spacy``) for ``spacy train``.

Every span goes in ``doc.spans["sc"]`` (the span categorizer's key, which
allows overlaps); when a document's spans do not overlap they are also set as
``doc.ents`` for the NER component. Docs are made by ``spacy.blank("xx")``,
the language-neutral tokenizer, so ``doc.text`` is the article text exactly.

Alignment policy, for spans whose boundaries are not token boundaries:
first ``doc.char_span`` in its strict mode; if that fails,
``alignment_mode="expand"`` (the span grows to whole tokens: no annotated
character is lost, a few neighbouring ones may be added; counted and shown
in the card as re-aligned); if that fails too, the span is dropped and
counted. Identical spans (also after expansion) are kept once.

A DocBin holds its documents in memory until written, so a split is written
as numbered shards of at most ``SHARD_TOKENS`` tokens; ``spacy train`` reads
a folder of ``.spacy`` files as one corpus (``--paths.train OUT/train``).
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

from .base import Document, Exporter, ExportError, require
from .corpus import Corpus
from .report import ExportReport

__all__ = ["EXPORTER", "SHARD_TOKENS", "make_doc"]

SHARD_TOKENS = 500_000
LANG = "xx"


def make_doc(nlp: Any, doc: Document, report: ExportReport) -> Any:
    """A spaCy ``Doc`` with the document's spans aligned to its tokens."""
    text = doc.article.text
    sdoc = nlp.make_doc(text)
    if sdoc.text != text:  # never expected; offsets would be wrong if it happened
        raise ExportError(f"article {doc.article.id}: spaCy changed the text while tokenizing it")
    spans = _aligned(sdoc, doc, report)
    sdoc.spans["sc"] = spans
    if spans and _disjoint(spans):
        sdoc.ents = spans
    elif spans:
        report.adjust("document with overlapping spans: spans in doc.spans['sc'] only, no doc.ents")
    sdoc.user_data.update(
        {"id": doc.article.id, "title": doc.article.title, "sha256": doc.article.sha256, "split": doc.split}
    )
    return sdoc


def _aligned(sdoc: Any, doc: Document, report: ExportReport) -> list[Any]:
    seen: set[tuple[int, int, str]] = set()
    spans = []
    for span in doc.spans:
        aligned = sdoc.char_span(span.start, span.end, label=span.label)
        expanded = aligned is None
        if expanded:
            aligned = sdoc.char_span(span.start, span.end, label=span.label, alignment_mode="expand")
            if aligned is None or not len(aligned):
                report.drop("no spaCy token inside the span, even with alignment_mode='expand'", span)
                continue
        key = (aligned.start, aligned.end, span.label)
        if key in seen:
            report.merge("same tokens and label (several annotators, or after expansion)", 1)
            continue
        seen.add(key)
        spans.append(aligned)
        report.keep(doc.split, span)
        if expanded:
            report.realign(
                "boundary not on a spaCy token boundary: alignment_mode='expand'",
                span,
                aligned.start_char,
                aligned.end_char,
            )
    return spans


def _disjoint(spans: list[Any]) -> bool:
    ordered = sorted((s.start, s.end) for s in spans)
    return all(a_end <= b_start for (_, a_end), (b_start, _) in pairwise(ordered))


def write(corpus: Corpus, folder: Path) -> None:
    """Shards of at most ``SHARD_TOKENS`` tokens per split."""
    spacy = require("spacy", "spacy")
    from spacy.tokens import DocBin

    nlp = spacy.blank(LANG)
    for split in corpus.splits:
        (folder / split).mkdir()
        shard, tokens, n = DocBin(attrs=["ENT_IOB", "ENT_TYPE"], store_user_data=True), 0, 0
        for doc in corpus.documents(split):
            sdoc = make_doc(nlp, doc, corpus.report)
            shard.add(sdoc)
            tokens += len(sdoc)
            if tokens >= SHARD_TOKENS:
                n = _flush(shard, folder / split, n, corpus.report)
                shard, tokens = DocBin(attrs=["ENT_IOB", "ENT_TYPE"], store_user_data=True), 0
        if len(shard) or n == 0:
            _flush(shard, folder / split, n, corpus.report)
    corpus.report.notes.append(f"spaCy {spacy.__version__}, tokenizer spacy.blank({LANG!r})")


def _flush(shard: Any, folder: Path, n: int, report: ExportReport) -> int:
    name = f"{n:04d}.spacy"
    shard.to_disk(folder / name)
    report.files.append(f"{folder.name}/{name}")
    return n + 1


EXPORTER = Exporter(
    name="spacy",
    summary="spaCy DocBin shards: all spans in doc.spans['sc'], also doc.ents where they do not overlap",
    write=write,
    requires=(("spacy", "spacy"),),
    usage="""```python
import spacy
from pathlib import Path
from spacy.tokens import DocBin
nlp = spacy.blank("en")
for path in sorted(Path("OUT/SPLIT").glob("*.spacy")):
    for doc in DocBin().from_disk(path).get_docs(nlp.vocab):
        print(doc.user_data["id"], [(s.text, s.label_) for s in doc.spans["sc"]])
```
Training: `spacy train config.cfg --paths.train OUT/train --paths.dev OUT/dev` (a folder of `.spacy`
files is one corpus); use `spans_key = "sc"` for `spancat`, or `ner` where `doc.ents` are set.""",
)
