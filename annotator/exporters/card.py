"""The dataset card (``README.md``) written beside every export.

Whoever trains on an export months later needs what is not in the files:
how many spans of each label in each split, whose labels they are, what the
labels mean (the guidelines), the options that produced the export, and
what the format could not hold: every drop, re-alignment and merge with its
reason and a few examples.
"""

from __future__ import annotations

from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version

from ..model import Label
from .base import Exporter
from .report import ExportReport

__all__ = ["render_card"]


def render_card(report: ExportReport, exporter: Exporter, labels: list[Label], notes: list[str]) -> str:
    """The Markdown of the card."""
    sections = [
        _header(report, exporter),
        _counts(report),
        _annotators(report),
        _guidelines(report, labels),
        _options(report, notes),
        _changes(report),
        _usage(report, exporter),
    ]
    return "\n\n".join(s.rstrip() for s in sections if s) + "\n"


def _header(report: ExportReport, exporter: Exporter) -> str:
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    files = ", ".join(f"`{f}`" for f in report.files[:20])
    if len(report.files) > 20:
        files += f" and {len(report.files) - 20} more"
    return (f"# {report.out.name}: span annotations ({exporter.name})\n\n"
            f"{exporter.summary}.\n\nExported {stamp} by annotator {_version()}. Files: {files}.\n\n"
            "Offsets are Unicode code points of the article text (Python `str` indices), end exclusive; "
            "every span was checked to satisfy `text[start:end] == span text` before it was written.")


def _version() -> str:
    try:
        return version("annotator")
    except PackageNotFoundError:
        return "(unknown version)"


def _counts(report: ExportReport) -> str:
    splits = list(report.articles)
    rows = ["| label | " + " | ".join(splits) + " | total |", "|---|" + "---|" * (len(splits) + 1)]
    for label in report.labels:
        per = [report.spans[s, label] for s in splits]
        rows.append(f"| {label} | " + " | ".join(map(str, per)) + f" | {sum(per)} |")
    totals = [sum(report.spans[s, label] for label in report.labels) for s in splits]
    rows.append("| **spans** | " + " | ".join(map(str, totals)) + f" | {sum(totals)} |")
    arts = [report.articles[s] for s in splits]
    rows.append("| **articles** | " + " | ".join(map(str, arts)) + f" | {sum(arts)} |")
    return "## Counts\n\nSpans written, per label and split.\n\n" + "\n".join(rows)


def _annotators(report: ExportReport) -> str:
    who = ", ".join(report.annotators) or "none"
    scope = "all annotators" if not report.options.annotators else "the annotators chosen"
    gold = "\n\n`gold` holds the adjudicated labels." if "gold" in report.annotators else ""
    return f"## Annotators\n\n{who} ({scope}).{gold}"


def _guidelines(report: ExportReport, labels: list[Label]) -> str:
    chosen = [lab for lab in labels if lab.name in report.labels]
    lines = [f"- **{lab.name}**{' (retired)' if lab.retired else ''}: {lab.guideline or '(no guideline)'}"
             for lab in chosen]
    return "## Labels and guidelines\n\n" + "\n".join(lines)


def _options(report: ExportReport, notes: list[str]) -> str:
    opts = report.options
    lines = [
        f"- format: `{report.format}`",
        f"- annotators: {', '.join(opts.annotators) if opts.annotators else 'all'}",
        f"- articles: {_DONE_ONLY if opts.done_only else 'all'}",
        f"- labels: {', '.join(opts.labels) if opts.labels else 'all'}",
        f"- split: {_split_text(report)}",
        f"- same export again: `{opts.command_line(report.format)}`",
    ]
    lines += [f"- {note}" for note in notes + report.notes]
    return "## Export options\n\n" + "\n".join(lines)


_DONE_ONLY = ("only those a selected annotator marked done; each annotator's spans only where that "
              "annotator marked the article done")


def _split_text(report: ExportReport) -> str:
    opts = report.options
    if opts.split is None:
        return "none (one split, `all`)"
    ratios = "/".join(f"{r:g}" for r in opts.split)
    return (f"train/dev/test {ratios} by article, seed {opts.seed}: articles ranked by "
            "sha256(seed, article sha256), so the same articles and seed give the same split")


def _changes(report: ExportReport) -> str:
    lines = [f"{report.selected} spans were selected; {report.written} were written."]
    groups = (("Left out by the selection", report.excluded), ("Dropped by the format", report.dropped),
              ("Re-aligned (written with other boundaries)", report.realigned),
              ("Duplicates written once", report.merged), ("Other changes to fit the format", report.adjusted))
    for title, counter in groups:
        if not counter:
            continue
        lines.append(f"\n### {title}\n")
        for reason, count in counter.most_common():
            lines.append(f"- {count} × {reason}")
            lines += [f"  - e.g. {example}" for example in report.examples.get(reason, [])]
    if len(lines) == 1:
        lines.append("\nNothing was dropped, re-aligned or merged.")
    return "## What was dropped or changed, and why\n\n" + "\n".join(lines)


def _usage(report: ExportReport, exporter: Exporter) -> str:
    first = next(iter(report.articles), "train")
    return "## Loading\n\n" + exporter.usage.replace("SPLIT", first).replace("OUT", report.out.name)
