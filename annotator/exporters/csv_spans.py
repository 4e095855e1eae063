"""A flat CSV of spans for spreadsheets (``spans.csv``): one row per span, all splits.

Written as UTF-8 with a byte-order mark so that Excel and LibreOffice detect
the encoding (Python's ``utf-8-sig`` and pandas read it too). Cell values
are the stored text, unaltered: a span beginning with ``=`` stays as it is,
so open the file as data (text import), not by double-click, if the
articles may contain formulas.
"""

from __future__ import annotations

import csv
from pathlib import Path

from .base import Exporter
from .corpus import Corpus

__all__ = ["COLUMNS", "EXPORTER"]

COLUMNS = ("split", "article_id", "title", "annotator", "label", "start", "end", "text", "note")


def write(corpus: Corpus, folder: Path) -> None:
    """``spans.csv`` with a ``split`` column."""
    with open(folder / "spans.csv", "w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(COLUMNS)
        for split in corpus.splits:
            for doc in corpus.documents(split):
                a = doc.article
                out.writerows(
                    (split, a.id, a.title, s.annotator, s.label, s.start, s.end, s.text, s.note or "")
                    for s in doc.spans
                )
                corpus.report.keep_all(split, doc.spans)
    corpus.report.files.append("spans.csv")


EXPORTER = Exporter(
    name="csv",
    summary="flat CSV of spans for spreadsheets (article id, title, annotator, label, start, end, text, note)",
    write=write,
    usage="""```python
import pandas as pd
spans = pd.read_csv("OUT/spans.csv", encoding="utf-8-sig", keep_default_na=False)
```
In a spreadsheet use *Data > From Text/CSV* (UTF-8, comma). Offsets are code points.""",
)
