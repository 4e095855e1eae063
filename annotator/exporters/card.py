"""The dataset card (``README.md``) written beside every export.

Whoever trains on an export months later needs what is not in the files:
how many spans of each label in each split, whose labels they are, what the
labels mean (the guidelines), the options that produced the export, and
what the format could not hold: every drop, re-alignment and merge with its
reason and a few examples.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from .. import __version__
from ..model import Label
from ..shell import ShellQuoteError
from ..words import plural
from .base import Exporter
from .report import ExportReport

__all__ = ["md", "render_card"]


def render_card(report: ExportReport, exporter: Exporter, labels: list[Label], notes: list[str]) -> str:
    """The Markdown of the card."""
    sections = [
        _header(report, exporter),
        _counts(report),
        _annotators(report),
        _gold(report),
        _guidelines(report, labels),
        _options(report, notes),
        _changes(report),
        _usage(report, exporter),
    ]
    return "\n\n".join(s.rstrip() for s in sections if s) + "\n"


# Markdown's inline characters, as far as they can mean something in the middle of a line: an
# underscore between two letters or digits (alignment_mode) and an & that starts no entity stay as they are.
_MD_SPECIAL = re.compile(r"([\\`*\[\]<|~]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|&(?=#?\w+;))")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def md(text: object) -> str:
    """Any text as inline Markdown that shows it as it is, on one line.

    Markdown's characters are backslash-escaped, so a label called ``*x*|y``
    neither emphasises nor adds a table column; line breaks and other
    characters that do not print are shown as ``\\n`` or ``\\uXXXX``.
    """
    escaped = _MD_SPECIAL.sub(r"\\\1", str(text))
    if escaped.isprintable():
        return escaped
    return "".join(ch if ch.isprintable() else _NAMED.get(ch, f"\\u{ord(ch):04x}") for ch in escaped)


def _header(report: ExportReport, exporter: Exporter) -> str:
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    files = ", ".join(md(f) for f in report.files[:20])
    if len(report.files) > 20:
        files += f" and {len(report.files) - 20} more"
    return (
        f"# {md(report.out.name)}: span annotations ({exporter.name})\n\n"
        f"{exporter.summary}.\n\nExported {stamp} by annotator {__version__}. Files: {files}.\n\n"
        "Offsets are Unicode code points of the article text (Python `str` indices), end exclusive; "
        "every span was checked to satisfy `text[start:end] == span text` before it was written."
    )


def _counts(report: ExportReport) -> str:
    splits = list(report.articles)
    rows = ["| label | " + " | ".join(splits) + " | total |", "|---|" + "---|" * (len(splits) + 1)]
    for label in report.labels:
        per = [report.spans[s, label] for s in splits]
        rows.append(f"| {md(label)} | " + " | ".join(map(str, per)) + f" | {sum(per)} |")
    totals = [sum(report.spans[s, label] for label in report.labels) for s in splits]
    rows.append("| **spans** | " + " | ".join(map(str, totals)) + f" | {sum(totals)} |")
    arts = [report.articles[s] for s in splits]
    rows.append("| **articles** | " + " | ".join(map(str, arts)) + f" | {sum(arts)} |")
    return "## Counts\n\nSpans written, per label and split.\n\n" + "\n".join(rows)


def _annotators(report: ExportReport) -> str:
    who = ", ".join(md(a) for a in report.annotators) or "none"
    scope = "all annotators" if not report.options.annotators else "the annotators chosen"
    gold = "\n\n`gold` holds the adjudicated labels." if "gold" in report.annotators else ""
    return f"## Annotators\n\n{who} ({scope}).{gold}"


def _gold(report: ExportReport) -> str:
    gaps = report.gold
    if gaps is None:
        return ""
    if not gaps.incomplete:
        every = "The one article" if gaps.to_review == 1 else f"Every one of the {plural(gaps.to_review, 'article')}"
        return (
            f"## Gold layer\n\n{every} that two or more annotators worked on is marked adjudicated, and no "
            "review item is left undecided."
        )
    lines = [
        f"- {gaps.unadjudicated:,} of the {plural(gaps.to_review, 'article')} that two or more annotators worked "
        f"on {'is' if gaps.unadjudicated == 1 else 'are'} not marked adjudicated: their gold spans may be "
        "missing or partial" + (f" (e.g. article {', '.join(map(str, gaps.examples))})" if gaps.examples else ""),
        f"- {plural(gaps.undecided, 'review item')} (disagreements between the annotators) "
        f"{'is' if gaps.undecided == 1 else 'are'} undecided, in {plural(gaps.undecided_articles, 'article')}",
    ]
    if gaps.left_out:
        lines.append(f"- {plural(gaps.left_out, 'article')} not marked adjudicated left out by --done-only")
    return (
        "## Gold layer\n\nThe gold layer is incomplete: a model trained on it learns that what is not yet "
        "decided is not there.\n\n" + "\n".join(lines)
    )


def _guidelines(report: ExportReport, labels: list[Label]) -> str:
    chosen = [lab for lab in labels if lab.name in report.labels]
    lines = [
        f"- **{md(lab.name)}**{' (retired)' if lab.retired else ''}: {md(lab.guideline or '(no guideline)')}"
        for lab in chosen
    ]
    return "## Labels and guidelines\n\n" + "\n".join(lines)


def _options(report: ExportReport, notes: list[str]) -> str:
    opts = report.options
    lines = [
        f"- format: `{report.format}`",
        f"- annotators: {', '.join(md(a) for a in opts.annotators) if opts.annotators else 'all'}",
        f"- articles: {_DONE_ONLY if opts.done_only else 'all'}",
        f"- labels: {', '.join(md(label) for label in opts.labels) if opts.labels else 'all'}",
        f"- split: {_split_text(report)}",
    ]
    lines += [f"- {md(note)}" for note in notes + report.notes]
    return "## Export options\n\n" + "\n".join(lines) + "\n\n" + _again(report)


def _again(report: ExportReport) -> str:
    """The command that makes this export again, in a fenced block (it may hold any character but a NUL)."""
    try:
        command = report.options.command_line(report.format, report.database, report.out)
    except ShellQuoteError:
        return (
            "A name chosen for this export holds a NUL character, which no command line can pass, so no "
            "command is given to repeat it."
        )
    return f"The same export again (it replaces this folder):\n\n```sh\n{command}\n```"


_DONE_ONLY = (
    "only those a selected annotator marked done; each annotator's spans only where that "
    "annotator marked the article done"
)


def _split_text(report: ExportReport) -> str:
    opts = report.options
    if opts.split is None:
        return "none (one split, `all`)"
    ratios = "/".join(f"{r:g}" for r in opts.split)
    return (
        f"train/dev/test {ratios} by article, seed {opts.seed}: articles ranked by "
        "sha256(seed, article sha256), so the same articles and seed give the same split"
    )


def _changes(report: ExportReport) -> str:
    lines = [
        f"{plural(report.selected, 'span')} {'was' if report.selected == 1 else 'were'} selected; "
        f"{report.written:,} {'was' if report.written == 1 else 'were'} written."
    ]
    groups = (
        ("Left out by the selection", report.excluded),
        ("Dropped by the format", report.dropped),
        ("Re-aligned (written with other boundaries)", report.realigned),
        ("Duplicates written once", report.merged),
        ("Other changes to fit the format", report.adjusted),
    )
    for title, counter in groups:
        if not counter:
            continue
        lines.append(f"\n### {title}\n")
        for reason, count in counter.most_common():
            lines.append(f"- {count} × {md(reason)}")
            lines += [f"  - e.g. {md(example)}" for example in report.examples.get(reason, [])]
    if len(lines) == 1:
        gold = report.gold is not None and report.gold.incomplete
        lines.append(
            "\nThe format dropped, re-aligned and merged nothing; the gold layer itself is incomplete "
            "(see Gold layer above)."
            if gold
            else "\nNothing was dropped, re-aligned or merged."
        )
    return "## What was dropped or changed, and why\n\n" + "\n".join(lines)


_PLAIN_NAME = re.compile(r"[\w.\- ]+")


def _usage(report: ExportReport, exporter: Exporter) -> str:
    first = next(iter(report.articles), "train")
    usage = exporter.usage.replace("SPLIT", first)
    if _PLAIN_NAME.fullmatch(report.out.name):
        return "## Loading\n\n" + usage.replace("OUT", report.out.name)
    return "## Loading\n\n`OUT` below stands for the path of this folder.\n\n" + usage
