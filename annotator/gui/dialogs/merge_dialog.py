"""File ▸ Merge annotations: other annotators' database files, with progress and a summary.

A merge runs in the GUI thread (the store's connection belongs to it) under a
modal progress dialog whose event processing keeps the window painted. Each
file is merged in one transaction, so *Cancel* undoes the file being merged
and keeps the ones before it. Nothing is silent: the summary names every
file, what it added, every conflict (the spans that were kept), every
difference left as it is here, every adjudicated article reopened, every
span deleted here that the merge kept deleted and every
file that was refused with its reason; no error escapes to the event loop.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from ...display import shown_path
from ...merge import Conflict, MergeResult, merge_file
from ...store import Store, StoreError
from ...words import plural

__all__ = ["MergeOutcome", "merge_summary_box", "run_merge"]

_SHOWN_CONFLICTS = 8  # listed in the box itself; all of them are under Show Details


class _Cancelled(Exception):
    """Raised from the progress callback: the current file's transaction rolls back."""


@dataclass
class MergeOutcome:
    """What happened to each chosen file."""

    merged: list[MergeResult] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    cancelled: str = ""  # the file being merged when Cancel was pressed

    @property
    def conflicts(self) -> int:
        return sum(len(r.conflicts) for r in self.merged)

    @property
    def changed(self) -> bool:
        return any(r.articles_added or r.spans_added or r.statuses_changed for r in self.merged)


def _same_file(store: Store, path: Path) -> bool:
    try:
        return store.path is not None and path.resolve() == Path(store.path).resolve()
    except OSError:
        return False


def run_merge(parent: QWidget | None, store: Store, paths: Sequence[Path]) -> MergeOutcome:
    """Merge ``paths`` one after the other into ``store`` under a progress dialog."""
    outcome = MergeOutcome()
    progress = QProgressDialog("Merging annotations…", "Cancel", 0, 0, parent)
    progress.setWindowTitle("Merge annotations")
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(300)

    def report(done: int, total: int) -> None:
        if total and progress.maximum() != total:
            progress.setMaximum(total)
        progress.setValue(min(done, total))
        QApplication.processEvents()
        if progress.wasCanceled():
            raise _Cancelled

    try:
        for path in paths:
            name = shown_path(path)
            if _same_file(store, path):
                outcome.refused.append((name, "this is the database that is open"))
                continue
            progress.setLabelText(f"Merging {shown_path(path.name)}…")
            progress.setValue(0)
            try:
                outcome.merged.append(merge_file(store, path, progress=report))
            except StoreError as exc:
                outcome.refused.append((name, str(exc)))
            except (ValueError, OSError, sqlite3.Error) as exc:  # never into the event loop, even if unforeseen
                outcome.refused.append((name, f"cannot be merged ({type(exc).__name__}: {exc})"))
            except _Cancelled:
                outcome.cancelled = name
                break
    finally:
        progress.close()
    return outcome


def _conflict_lines(outcome: MergeOutcome) -> list[str]:
    return [f"{Path(r.source).name}: {_conflict_text(c)}" for r in outcome.merged for c in r.conflicts]


def _conflict_text(c: Conflict) -> str:
    """One conflict in words, counted in the right number ("1 span only here")."""
    return (
        f"{c.annotator} on {c.article_title[:60]!r}: {plural(c.only_here, 'span')} only here, "
        f"{c.only_there:,} only in the merged file; kept this file's spans"
    )


def _other_lines(outcome: MergeOutcome) -> list[str]:
    """Differences left as they are here, adjudicated articles reopened, spans deleted here kept deleted."""
    lines = [f"{Path(r.source).name}: reopened {text}" for r in outcome.merged for text in r.reopened]
    lines += [f"{Path(r.source).name}: difference: {text}" for r in outcome.merged for text in r.differences]
    lines += [f"{Path(r.source).name}: kept deleted: {text}" for r in outcome.merged for text in r.kept_deleted]
    return lines


def merge_summary_box(parent: QWidget | None, outcome: MergeOutcome) -> QMessageBox:
    """A message box: one line per file, the conflicts listed, everything under Show Details."""
    box = QMessageBox(parent)
    box.setWindowTitle("Merge finished" if not outcome.cancelled else "Merge cancelled")
    trouble = outcome.conflicts or outcome.refused or outcome.cancelled
    box.setIcon(QMessageBox.Icon.Warning if trouble else QMessageBox.Icon.Information)
    lines = [r.summary() + "." for r in outcome.merged]
    lines += [f"{name}: not merged: {_reason(name, reason)}" for name, reason in outcome.refused]
    lines += [f"Reopened for review: {text}" for r in outcome.merged for text in r.reopened]
    if outcome.cancelled:
        lines.append(
            f"{outcome.cancelled}: cancelled; nothing of this file was merged (files listed above it are kept)."
        )
    box.setText("\n".join(lines) or "No file was merged.")
    conflicts = _conflict_lines(outcome)
    if conflicts:
        shown = "\n".join(f"• {c}" for c in conflicts[:_SHOWN_CONFLICTS])
        more = len(conflicts) - _SHOWN_CONFLICTS
        tail = f"\n… and {more} more (Show Details lists them all)." if more > 0 else ""
        box.setInformativeText(
            f"{plural(len(conflicts), 'conflict')}: an annotator's spans here differ from the merged file's, "
            f"so their work on that article was left as it is here:\n{shown}{tail}"
        )
    details = conflicts + _other_lines(outcome) + [f"refused: {name}: {reason}" for name, reason in outcome.refused]
    if details:
        box.setDetailedText("\n".join(details))
    return box


def _reason(name: str, reason: str) -> str:
    """The reason without the file name it often starts with (the line already names the file)."""
    for prefix in (f"{name} was not merged: ", f"{name}: "):
        if reason.startswith(prefix):
            return reason[len(prefix) :]
    return reason
