"""brat standoff: per article ``SPLIT/ID.txt`` (the text, untouched) and ``SPLIT/ID.ann``.

``T1<TAB>claim 0 23<TAB>text`` per span, the annotator as attribute
``A1<TAB>Annotator T1 alice``, a note as ``#1<TAB>AnnotatorNotes T1<TAB>note``.
A brat text-bound annotation cannot hold a line break (brat reads ``.ann``
files line by line with ``str.splitlines``, so U+2028, U+0085, form feed and
the like end a line too), so a span across lines is written as a
discontinuous one, its fragments split at the breaks
(``T2<TAB>claim 0 5;6 10<TAB>first second``: fragment texts joined by a
space, as brat writes them). Names with spaces become ``_`` and notes are
put on one line; both are listed in the card. ``annotation.conf`` (entity
types, the Annotator attribute) is written at the top and in each split
folder, where brat looks for it.
"""

from __future__ import annotations

import re
from pathlib import Path

from .base import Document, Exporter, safe_names
from .corpus import Corpus
from .report import ExportReport
from .source import SpanRow

__all__ = ["EXPORTER", "ann_lines", "annotation_conf", "fragments"]

# Every line end of str.splitlines, which brat reads .ann files with (codecs streams), not only \r and \n.
_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_LINE_BREAKS = re.compile("[\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` cut at line breaks into non-empty pieces."""
    pieces, pos = [], start
    for match in _BREAK.finditer(text, start, end):
        if match.start() > pos:
            pieces.append((pos, match.start()))
        pos = match.end()
    if end > pos:
        pieces.append((pos, end))
    return pieces


def ann_lines(doc: Document, types: dict[str, str], people: dict[str, str], report: ExportReport) -> list[str]:
    """The ``.ann`` lines of one article."""
    text, n = doc.article.text, 0
    lines: list[str] = []
    for span in doc.spans:
        pieces = fragments(text, span.start, span.end)
        if not pieces:
            report.drop("span holds only line breaks (brat cannot show it)", span)
            continue
        n += 1
        _add_span(lines, n, span, pieces, text, types, people, report)
        report.keep(doc.split, span)
    return lines


def _add_span(
    lines: list[str],
    n: int,
    span: SpanRow,
    pieces: list[tuple[int, int]],
    text: str,
    types: dict[str, str],
    people: dict[str, str],
    report: ExportReport,
) -> None:
    if len(pieces) > 1:
        report.realign(
            "span crosses a line break: written as brat fragments split at the break", span, pieces[0][0], pieces[-1][1]
        )
    where = ";".join(f"{s} {e}" for s, e in pieces)
    shown = " ".join(text[s:e] for s, e in pieces)
    lines.append(f"T{n}\t{types[span.label]} {where}\t{shown}")
    lines.append(f"A{n}\tAnnotator T{n} {people[span.annotator]}")
    if span.note:
        note = _LINE_BREAKS.sub(" ", span.note)
        if note != span.note:
            report.adjust("note held tabs or line breaks: written on one line")
        lines.append(f"#{n}\tAnnotatorNotes T{n}\t{note}")


def annotation_conf(types: list[str], people: list[str]) -> str:
    """Entity types and the Annotator attribute."""
    return (
        "[entities]\n"
        + "".join(f"{t}\n" for t in types)
        + "\n[relations]\n\n[events]\n\n[attributes]\n"
        + f"Annotator\tArg:<ENTITY>, Value:{'|'.join(people) or 'unknown'}\n"
    )


def write(corpus: Corpus, folder: Path) -> None:
    """Per split a folder of ``ID.txt``/``ID.ann`` pairs, plus ``annotation.conf``."""
    report = corpus.report
    types = safe_names(corpus.labels, "labels")
    people = safe_names(report.annotators, "annotators")
    _note_renames(report, types, "label")
    _note_renames(report, people, "annotator")
    conf = annotation_conf(list(types.values()), list(people.values()))
    (folder / "annotation.conf").write_text(conf, "utf-8")
    for split in corpus.splits:
        sub = folder / split
        sub.mkdir()
        (sub / "annotation.conf").write_text(conf, "utf-8")
        for doc in corpus.documents(split):
            _write_pair(sub, doc, ann_lines(doc, types, people, report))
        report.files.append(f"{split}/")
    report.files.append("annotation.conf")


def _write_pair(folder: Path, doc: Document, lines: list[str]) -> None:
    stem = f"{doc.article.id}"
    # newline="" keeps the text byte for byte: brat offsets count its characters as stored.
    with open(folder / f"{stem}.txt", "w", encoding="utf-8", newline="") as fh:
        fh.write(doc.article.text)
    with open(folder / f"{stem}.ann", "w", encoding="utf-8", newline="\n") as fh:
        fh.write("".join(line + "\n" for line in lines))


def _note_renames(report: ExportReport, mapping: dict[str, str], what: str) -> None:
    for name, token in mapping.items():
        if name != token:
            report.notes.append(f"{what} {name!r} is written as {token!r} (brat names are one word)")


EXPORTER = Exporter(
    name="brat",
    summary="brat standoff: ID.txt and ID.ann per article, annotation.conf with the entity types",
    write=write,
    usage="""Copy `OUT/SPLIT` (or all of `OUT`) into brat's `data/` folder and open it in brat, or read it
with a standoff reader. Each `T` line's text is `txt[s:e]` of its fragments joined by one space;
offsets are code points of the UTF-8 `.txt` file.""",
)
