"""File ▸ Import: files or a folder, with a progress dialog and a summary.

The import runs in the GUI thread with a modal progress dialog: the store's
connection belongs to this thread, and the dialog's own event processing keeps
the window painted. The store commits per batch, so a cancelled import keeps
what was stored so far; the summary lists every refused file with its reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from ...importers import import_paths
from ...importers.records import NO_ANNOTATOR
from ...store import ImportResult, Store, StoreError

__all__ = ["run_import", "summary_box", "unowned_spans"]


class _Cancelled(Exception):
    """Raised from the progress callback to stop an import."""


def run_import(
    parent: QWidget | None,
    store: Store,
    paths: Sequence[Path],
    annotator: str | None = None,
    unowned_to: str | None = None,
) -> ImportResult | None:
    """Import ``paths`` with a progress dialog; ``None`` if it was cancelled or stopped."""
    progress = QProgressDialog("Importing articles…", "Cancel", 0, 0, parent)
    progress.setWindowTitle("Import")
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(400)

    def report(done: int = 0, total: int = 0, *_: object) -> None:
        if total and progress.maximum() != total:
            progress.setMaximum(total)
        progress.setValue(min(done, total) if total else 0)
        QApplication.processEvents()
        if progress.wasCanceled():
            raise _Cancelled

    try:
        return import_paths(store, list(paths), annotator=annotator, progress=report, unowned_to=unowned_to)
    except _Cancelled:
        QMessageBox.information(parent, "Import", "Import cancelled; articles stored before that are kept.")
    except (StoreError, OSError, ValueError) as exc:
        QMessageBox.warning(parent, "Import", f"The import stopped: {exc}")
    finally:
        progress.close()
    return None


def summary_box(parent: QWidget | None, result: ImportResult) -> QMessageBox:
    """A message box with the summary line and, under Details, every refusal and repair."""
    box = QMessageBox(parent)
    box.setWindowTitle("Import finished")
    box.setIcon(QMessageBox.Icon.Warning if result.refused else QMessageBox.Icon.Information)
    box.setText(result.summary() + ".")
    lines = [f"refused: {origin}: {_for_window(reason)}" for origin, reason in result.refused]
    lines += [f"duplicate of article {aid}: {origin}" for origin, aid in result.duplicates]
    lines += list(getattr(result, "notes", []) or [])
    if result.refused:
        # A refusal may be a whole file, one line of it, or only the spans of a line.
        box.setInformativeText("Some of the input was not imported; Show Details says what and why.")
    if lines:
        box.setDetailedText("\n".join(lines))
    return box


def unowned_spans(result: ImportResult) -> int:
    """How many refusals were spans whose file names no annotator (the window can own them)."""
    return sum(1 for _, reason in result.refused if NO_ANNOTATOR in reason)


def _for_window(reason: str) -> str:
    """The core's reasons name command-line options; say what the window offers instead."""
    return reason.replace("import with --annotator NAME", "import again and take them as yours when asked")
