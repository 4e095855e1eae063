"""Export labelled datasets in the formats NLP tools load as they are.

Map of the package:

- ``options``: what to export (annotators, done-only, labels, split, seed) and the plan it resolves to;
- ``corpus``: streams the chosen articles one at a time and checks every span's offsets;
- ``atomic``: the output appears complete under its name, or not at all;
- ``marker``: which files an export wrote and what they held, so that ``--overwrite`` removes nothing else;
- ``report`` and ``card``: counts, drops and re-alignments, and the README.md written beside the data;
- one module per format, registered in ``FORMATS`` below (the only registry).

An export is always a folder: the format's files (one per split where the
format has files), ``README.md`` (the dataset card) and a marker file.
"""

from __future__ import annotations

import os
from os import PathLike
from pathlib import Path

from ..adjudication import GOLD
from ..backup import backup_dir
from ..store import Store
from . import brat, conll, csv_spans, doccano, hf, jsonl, label_studio, spacy_docbin
from .atomic import atomic_dir
from .base import Document, Exporter, ExportError, MissingDependency
from .card import render_card
from .corpus import Corpus, Progress
from .db_errors import readable
from .gold import unadjudicated_warning
from .options import ExportOptions, Plan, make_plan, parse_split
from .report import ExportReport

__all__ = [
    "FORMATS",
    "Document",
    "ExportError",
    "ExportOptions",
    "ExportReport",
    "Exporter",
    "MissingDependency",
    "export",
    "get_format",
    "gold_warning",
    "parse_split",
]

FORMATS: dict[str, Exporter] = {
    e.name: e
    for e in (
        jsonl.EXPORTER,
        doccano.EXPORTER,
        spacy_docbin.EXPORTER,
        conll.EXPORTER,
        brat.EXPORTER,
        hf.EXPORTER,
        label_studio.EXPORTER,
        csv_spans.EXPORTER,
    )
}


def database_files(store: Store) -> list[Path]:
    """The database file, its WAL, shared memory and journal, and its backups folder: never replaced."""
    if store.path is None:
        return []
    db = Path(os.path.abspath(store.path))
    return [db, *(db.with_name(db.name + end) for end in ("-wal", "-shm", "-journal")), backup_dir(db)]


def gold_warning(store: Store, options: ExportOptions) -> str | None:
    """Why an export of gold with these options would ship gaps, or None (also when gold is not chosen)."""
    with readable(store):
        plan = make_plan(store, options)
        if GOLD not in plan.annotators or plan.all_annotators:
            return None
        return unadjudicated_warning(store, (aid for ids in plan.splits.values() for aid in ids))


def get_format(name: str) -> Exporter:
    """The exporter registered as ``name``."""
    try:
        return FORMATS[name]
    except KeyError:
        raise ExportError(f"no export format {name!r}; choose one of {', '.join(FORMATS)}") from None


def export(
    store: Store,
    fmt: str,
    out: str | PathLike[str],
    options: ExportOptions | None = None,
    *,
    overwrite: bool = False,
    progress: Progress | None = None,
) -> ExportReport:
    """Write the selected spans of ``store`` as ``fmt`` into the folder ``out``, atomically."""
    exporter = get_format(fmt)
    exporter.check()
    options = options or ExportOptions()
    with readable(store):
        plan = make_plan(store, options)
        report = ExportReport(exporter.name, Path(out), options, plan.annotators, plan.labels, database=store.path)
        _write(store, exporter, plan, report, Corpus(store, plan, report, progress), overwrite)
    return report


def _write(store: Store, exporter: Exporter, plan: Plan, report: ExportReport, corpus: Corpus, overwrite: bool) -> None:
    out = report.out
    marker = {"format": exporter.name, "articles": plan.total}
    kept: list[Path] = []
    try:
        with atomic_dir(out, overwrite=overwrite, marker=marker, protect=database_files(store), kept=kept) as tmp:
            exporter.write(corpus, tmp)
            card = render_card(report, exporter, store.labels.all(include_retired=True), plan.notes)
            (tmp / "README.md").write_text(card, "utf-8")
        report.kept = kept[0] if kept else None
    except OSError as exc:  # an unwritable or missing location, a full disk: nothing is left under ``out``
        raise ExportError(f"{out}: the export cannot be written there ({exc.strerror or exc})") from exc
    except UnicodeError as exc:  # text no UTF-8 file can hold; the store's own reads refuse it first
        raise ExportError(
            f"{out}: an article or name holds text that cannot be written as UTF-8 ({exc}); nothing was exported"
        ) from exc
