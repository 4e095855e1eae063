"""doccano sequence-labelling JSONL (``SPLIT.jsonl``): ``{"text", "label": [[start, end, label]]}``.

doccano assigns imported labels to the importing user, so spans of several
annotators are merged: the same stretch with the same label is written once
(counted in the card). Overlaps are kept; doccano shows them. Extra keys
(``id``, ``title``) become doccano metadata. When exactly one annotator is
exported, ``is_confirmed`` says whether they marked the article done (with
several, doccano's one flag could not say whose).
"""

from __future__ import annotations

import json
from pathlib import Path

from ..model import Status
from .base import Exporter, one_line_json, unique_spans
from .corpus import Corpus

__all__ = ["EXPORTER"]


def write(corpus: Corpus, folder: Path) -> None:
    """``SPLIT.jsonl`` per split."""
    report = corpus.report
    only = corpus.plan.annotators[0] if len(corpus.plan.annotators) == 1 else None
    for split in corpus.splits:
        name = f"{split}.jsonl"
        with open(folder / name, "w", encoding="utf-8", newline="\n") as fh:
            for doc in corpus.documents(split):
                spans, repeats = unique_spans(doc.spans)
                report.merge("same span and label from several annotators", repeats)
                line: dict[str, object] = {
                    "id": doc.article.id,
                    "title": doc.article.title,
                    "text": doc.article.text,
                    "label": [[s.start, s.end, s.label] for s in spans],
                }
                if only is not None:  # whose confirmation it is can be said only for one annotator
                    line["is_confirmed"] = dict(doc.statuses).get(only) == Status.DONE.value
                fh.write(one_line_json(json.dumps(line, ensure_ascii=False)) + "\n")
                report.keep_all(split, spans)
        report.files.append(name)


EXPORTER = Exporter(
    name="doccano",
    summary="doccano sequence-labelling JSONL: text plus [start, end, label] triples",
    write=write,
    usage="""In doccano: *Dataset > Actions > Import Dataset*, task *Sequence Labeling*, format *JSONL*,
column for text `text`, column for label `label`; upload `OUT/SPLIT.jsonl`. Offsets are code points.
With one annotator exported, `is_confirmed` is true where they marked the article done.""",
)
