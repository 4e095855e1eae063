"""A flat CSV of spans for spreadsheets (``spans.csv``): one row per span, all splits.

Written as UTF-8 with a byte-order mark so that Excel and LibreOffice detect
the encoding (Python's ``utf-8-sig`` and pandas read it too).

A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
is a formula to Excel, LibreOffice and Google Sheets, which run it on opening
(``=HYPERLINK(...)`` in an article's title is enough). As OWASP's "CSV
Injection" guidance says, such cells of the text columns get a single quote
in front, which spreadsheets show as text; so do cells that already begin
with a quote, so that the rule is exact both ways: in those columns, a cell
beginning with ``'`` had one added, and dropping it gives the stored value
back (and ``text`` equals ``article[start:end]`` again). The card says how
many cells of which column were changed.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from ..words import plural
from .base import Document, Exporter
from .corpus import Corpus

__all__ = ["COLUMNS", "EXPORTER", "TEXT_COLUMNS", "neutralise"]

COLUMNS = ("split", "article_id", "title", "annotator", "label", "start", "end", "text", "note")
TEXT_COLUMNS = ("title", "annotator", "label", "text", "note")  # free text: the cells that may be prefixed
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PREFIXED = (*FORMULA_START, "'")


def neutralise(value: str) -> str:
    """``value`` with a single quote in front if a spreadsheet would run it (or it begins with one)."""
    return "'" + value if value.startswith(_PREFIXED) else value


def write(corpus: Corpus, folder: Path) -> None:
    """``spans.csv`` with a ``split`` column."""
    changed: Counter[str] = Counter()
    with open(folder / "spans.csv", "w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(COLUMNS)
        for split in corpus.splits:
            for doc in corpus.documents(split):
                out.writerows(_rows(corpus, doc, changed))
                corpus.report.keep_all(split, doc.spans)
    corpus.report.files.append("spans.csv")
    _tell(corpus, changed)


def _rows(corpus: Corpus, doc: Document, changed: Counter[str]) -> Iterator[tuple[object, ...]]:
    """One article's rows, guarded; the names to guard are known up front (1,000,000 rows pass here)."""
    labels = {name: "'" + name for name in corpus.labels if name.startswith(_PREFIXED)}
    people = {name: "'" + name for name in corpus.report.annotators if name.startswith(_PREFIXED)}
    title = neutralise(doc.article.title or "")
    if title != (doc.article.title or ""):
        changed["title"] += len(doc.spans)
    for s in doc.spans:
        annotator, label, text, note = s.annotator, s.label, s.text, s.note or ""
        if annotator in people:
            annotator = people[annotator]
            changed["annotator"] += 1
        if label in labels:
            label = labels[label]
            changed["label"] += 1
        if text.startswith(_PREFIXED):
            text = "'" + text
            changed["text"] += 1
        if note.startswith(_PREFIXED):
            note = "'" + note
            changed["note"] += 1
        yield doc.split, doc.article.id, title, annotator, label, s.start, s.end, text, note


def _tell(corpus: Corpus, changed: Counter[str]) -> None:
    for column in TEXT_COLUMNS:
        if changed[column]:
            corpus.report.adjust(
                f"{column} cell began with = + - @ tab, carriage return or a quote: a single "
                "quote put in front, so that spreadsheets show it as text (OWASP CSV injection)",
                changed[column],
            )
    total = sum(changed.values())
    done = f"{plural(total, 'cell')} got one here" if total else "no cell needed one here"
    corpus.report.notes.append(
        "in the columns title, annotator, label, text and note, a cell that would begin with = + - @ tab, "
        f"carriage return or a single quote gets a single quote in front ({done}); drop a leading quote from "
        "those cells to get the stored value back, and text equals the article's text[start:end] again "
        "(start and end count in the stored text, without the quote)"
    )


EXPORTER = Exporter(
    name="csv",
    summary="flat CSV of spans for spreadsheets (article id, title, annotator, label, start, end, text, note)",
    write=write,
    usage="""```python
import csv
with open("OUT/spans.csv", encoding="utf-8-sig", newline="") as fh:
    rows = list(csv.DictReader(fh))
for row in rows:  # undo the quote put in front of cells a spreadsheet would run as formulas
    for column in ("title", "annotator", "label", "text", "note"):
        if row[column].startswith("'"):
            row[column] = row[column][1:]
```
In a spreadsheet use *Data > From Text/CSV* (UTF-8, comma); cells that began with `=`, `+`, `-`, `@`,
a tab or a carriage return show a leading `'` and are never run as formulas. Offsets are code points.""",
)
