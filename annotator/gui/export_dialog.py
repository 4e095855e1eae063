"""File ▸ Export: a dialog over ``annotator.exporters.export``.

The exporters package decides what a format holds and writes the folder
atomically; this dialog only gathers the same choices as ``annotator export``
(format, folder, whose spans, done only, split) and shows the report. The
package is imported lazily so the window still opens if it is missing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QWidget,
)

from .. import exporters
from ..store import Store, StoreError

__all__ = ["ExportDialog"]


class ExportDialog(QDialog):
    """Choose a format and a folder, then export with a progress dialog."""

    def __init__(self, store: Store, annotator: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.store = store
        self.annotator = annotator
        self.module = exporters
        self.format = QComboBox()
        for name, exporter in self.module.FORMATS.items():
            self.format.addItem(f"{name} — {exporter.summary}", name)
        self.folder = QLineEdit(str(Path.home() / "annotator-export"))
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        self.whose = QComboBox()
        self.whose.addItem(f"Mine ({annotator})", "mine")
        self.whose.addItem("Everyone's", "all")
        self.done_only = QCheckBox("Only articles marked done")
        self.split = QLineEdit()
        self.split.setPlaceholderText("e.g. 0.8,0.1,0.1 (empty: no split)")
        self.overwrite = QCheckBox("Replace an earlier export in that folder")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.run)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Format", self.format)
        form.addRow("Folder", row)
        form.addRow("Spans", self.whose)
        form.addRow("", self.done_only)
        form.addRow("Split", self.split)
        form.addRow("", self.overwrite)
        form.addRow(buttons)
        self.resize(620, 260)
        self.report: Any = None

    def _browse(self) -> None:
        folder, _ = QFileDialog.getSaveFileName(self, "Export into the new folder", self.folder.text(),
                                                options=QFileDialog.Option.DontConfirmOverwrite)
        if folder:
            self.folder.setText(folder)

    def options(self) -> Any:
        """The choices as ``ExportOptions``."""
        split = self.module.parse_split(self.split.text()) if self.split.text().strip() else None
        annotators = (self.annotator,) if self.whose.currentData() == "mine" else ()
        return self.module.ExportOptions(annotators=annotators, done_only=self.done_only.isChecked(), split=split)

    def run(self) -> None:
        """Export, showing progress; keep the dialog open on a refusal."""
        progress = QProgressDialog("Exporting…", "", 0, 0, self)
        progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)

        def report(done: int, total: int) -> None:
            progress.setMaximum(max(total, 1))
            progress.setValue(min(done, max(total, 1)))
            QApplication.processEvents()

        try:
            self.report = self.module.export(self.store, self.format.currentData(), Path(self.folder.text()),
                                             self.options(), overwrite=self.overwrite.isChecked(),
                                             progress=report)
        except (self.module.ExportError, StoreError, OSError) as exc:
            progress.close()
            QMessageBox.warning(self, "Export", str(exc))
            return
        progress.close()
        QMessageBox.information(self, "Export finished", self.report.summary())
        self.accept()
