"""Label Studio import JSON (``SPLIT.json``): one task per article, one annotation per annotator.

Each annotation's ``result`` holds regions of type ``labels`` from
``label`` to ``text`` with ``value {start, end, text, labels}``; a note
becomes the region's ``meta.text``. Label Studio records annotators by user
id, which we cannot know, so the annotators' names are listed in
``data.annotators`` in the order of ``annotations``. An annotator who
finished the article without a span has an annotation with an empty
``result``, one who skipped it ``was_cancelled: true``, and
``data.statuses`` holds every exported annotator's status but todo (what
``annotator import`` reads back; Label Studio has no "in progress"). Offsets are code
points, as current Label Studio versions count them (old versions counted
UTF-16 units and misplaced spans after emoji). The file is one JSON array,
written task by task so that memory stays flat.
"""

from __future__ import annotations

import json
import re
from itertools import groupby
from pathlib import Path
from typing import Any

from ..model import Status
from .base import Document, Exporter, ExportError, one_line_json
from .corpus import Corpus
from .source import SpanRow

__all__ = ["EXPORTER", "labeling_config", "task", "xml_names"]


def _region(doc: Document, n: int, span: SpanRow, names: dict[str, str]) -> dict[str, Any]:
    region: dict[str, Any] = {
        "id": f"a{doc.article.id}s{n}",
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "value": {"start": span.start, "end": span.end, "text": span.text, "labels": [names[span.label]]},
    }
    if span.note:
        region["meta"] = {"text": [span.note]}
    return region


def task(doc: Document, names: dict[str, str] | None = None) -> dict[str, Any]:
    """One Label Studio task; ``names``: label names as written (``xml_names``), by default as stored.

    One annotation per annotator with spans, or who finished (done: completed, possibly with an empty
    ``result``) or skipped the article (``was_cancelled``); ``data.statuses`` gives every status as stored.
    """
    labels = names or {span.label: span.label for span in doc.spans}
    a = doc.article
    statuses = dict(doc.statuses)
    by_annotator = sorted(enumerate(doc.spans), key=lambda item: (item[1].annotator, item[0]))
    regions = {
        name: [_region(doc, n, span, labels) for n, span in group]
        for name, group in groupby(by_annotator, key=lambda item: item[1].annotator)
    }
    who = sorted(set(regions) | {name for name, status in statuses.items() if status in _FINISHED})
    annotations: list[dict[str, Any]] = []
    for name in who:
        annotation: dict[str, Any] = {"result": regions.get(name, [])}
        if statuses.get(name) == Status.SKIPPED.value:
            annotation["was_cancelled"] = True
        annotations.append(annotation)
    data = {
        "text": a.text,
        "article_id": a.id,
        "title": a.title,
        "source": a.source,
        "url": a.url,
        "published": a.published,
        "sha256": a.sha256,
        "annotators": who,
        "statuses": statuses,
    }
    return {"data": data, "annotations": annotations}


_FINISHED = (Status.DONE.value, Status.SKIPPED.value)


def labeling_config(labels: list[str]) -> str:
    """The labelling interface for the project's settings; ``labels`` as ``xml_names`` wrote them."""
    choices = "\n".join(f'    <Label value="{_attribute(name)}"/>' for name in labels)
    return (
        f'<View>\n  <Labels name="label" toName="text">\n{choices}\n  </Labels>\n'
        f'  <Text name="text" value="$text"/>\n</View>\n'
    )


# Characters XML 1.0 cannot hold at all, not even as &#...; references (C0 controls but tab, LF, CR; U+FFFE/F).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ATTRIBUTE = {"&": "&amp;", '"': "&quot;", "<": "&lt;", ">": "&gt;", "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"}


def xml_names(labels: list[str]) -> dict[str, str]:
    """Label names as XML can hold them: what it cannot becomes ``_``; two names may not meet."""
    mapping: dict[str, str] = {}
    seen: dict[str, str] = {}
    for name in labels:
        value = _NOT_XML.sub("_", name)
        if value in seen:
            raise ExportError(
                f"labels {seen[value]!r} and {name!r} would both be written as {value!r} in "
                "labeling_config.xml; rename one"
            )
        seen[value] = name
        mapping[name] = value
    return mapping


def _attribute(value: str) -> str:
    """An attribute value that an XML parser gives back exactly (tab and line breaks as references)."""
    return "".join(_ATTRIBUTE.get(ch, ch) for ch in value)


def write(corpus: Corpus, folder: Path) -> None:
    """``SPLIT.json`` per split and ``labeling_config.xml``."""
    names = xml_names(corpus.labels)
    for label, value in names.items():
        if label != value:
            corpus.report.notes.append(
                f"label {label!r} is written as {value!r} (XML, and so Label Studio's "
                "labelling interface, cannot hold its control characters)"
            )
    for split in corpus.splits:
        name = f"{split}.json"
        with open(folder / name, "w", encoding="utf-8", newline="\n") as fh:
            fh.write("[")
            for n, doc in enumerate(corpus.documents(split)):
                line = one_line_json(json.dumps(task(doc, names), ensure_ascii=False))
                fh.write(("\n" if n == 0 else ",\n") + line)
                corpus.report.keep_all(split, doc.spans)
            fh.write("\n]\n")
        corpus.report.files.append(name)
    (folder / "labeling_config.xml").write_text(labeling_config(list(names.values())), "utf-8")
    corpus.report.files.append("labeling_config.xml")


EXPORTER = Exporter(
    name="label-studio",
    summary="Label Studio import JSON: one task per article, one annotation per annotator",
    write=write,
    usage="""Create a project whose labelling interface is `OUT/labeling_config.xml` (*Settings >
Labeling Interface > Code*), then *Import* `OUT/SPLIT.json`. Each task's `data.annotators` names the
annotator of each entry of `annotations`, in order; an annotator who finished the article without a span
has an annotation with an empty `result`, one who skipped it `was_cancelled: true`; `data.statuses` gives
each annotator's status (`in progress`, `done`, `skipped`). Offsets are code points.""",
)
