"""Label Studio import JSON (``SPLIT.json``): one task per article, one annotation per annotator.

Each annotation's ``result`` holds regions of type ``labels`` from
``label`` to ``text`` with ``value {start, end, text, labels}``; a note
becomes the region's ``meta.text``. Label Studio records annotators by user
id, which we cannot know, so the annotators' names are listed in
``data.annotators`` in the order of ``annotations``. Offsets are code
points, as current Label Studio versions count them (old versions counted
UTF-16 units and misplaced spans after emoji). The file is one JSON array,
written task by task so that memory stays flat.
"""

from __future__ import annotations

import json
from itertools import groupby
from pathlib import Path
from typing import Any

from .base import Document, Exporter, one_line_json
from .corpus import Corpus
from .source import SpanRow

__all__ = ["EXPORTER", "labeling_config", "task"]


def _region(doc: Document, n: int, span: SpanRow) -> dict[str, Any]:
    region: dict[str, Any] = {
        "id": f"a{doc.article.id}s{n}",
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "value": {"start": span.start, "end": span.end, "text": span.text, "labels": [span.label]},
    }
    if span.note:
        region["meta"] = {"text": [span.note]}
    return region


def task(doc: Document) -> dict[str, Any]:
    """One Label Studio task."""
    a = doc.article
    by_annotator = sorted(enumerate(doc.spans), key=lambda item: (item[1].annotator, item[0]))
    annotations, names = [], []
    for name, group in groupby(by_annotator, key=lambda item: item[1].annotator):
        names.append(name)
        annotations.append({"result": [_region(doc, n, span) for n, span in group]})
    data = {"text": a.text, "article_id": a.id, "title": a.title, "source": a.source, "url": a.url,
            "published": a.published, "sha256": a.sha256, "annotators": names}
    return {"data": data, "annotations": annotations}


def labeling_config(labels: list[str]) -> str:
    """The labelling interface matching the tasks, for the project's settings."""
    choices = "\n".join(f'    <Label value="{_xml(name)}"/>' for name in labels)
    return (f'<View>\n  <Labels name="label" toName="text">\n{choices}\n  </Labels>\n'
            f'  <Text name="text" value="$text"/>\n</View>\n')


def _xml(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def write(corpus: Corpus, folder: Path) -> None:
    """``SPLIT.json`` per split and ``labeling_config.xml``."""
    for split in corpus.splits:
        name = f"{split}.json"
        with open(folder / name, "w", encoding="utf-8", newline="\n") as fh:
            fh.write("[")
            for n, doc in enumerate(corpus.documents(split)):
                fh.write(("\n" if n == 0 else ",\n") + one_line_json(json.dumps(task(doc), ensure_ascii=False)))
                corpus.report.keep_all(split, doc.spans)
            fh.write("\n]\n")
        corpus.report.files.append(name)
    (folder / "labeling_config.xml").write_text(labeling_config(corpus.labels), "utf-8")
    corpus.report.files.append("labeling_config.xml")


EXPORTER = Exporter(
    name="label-studio",
    summary="Label Studio import JSON: one task per article, one annotation per annotator",
    write=write,
    usage="""Create a project whose labelling interface is `OUT/labeling_config.xml` (*Settings >
Labeling Interface > Code*), then *Import* `OUT/SPLIT.json`. Each task's `data.annotators` names the
annotator of each entry of `annotations`, in order. Offsets are code points.""",
)
