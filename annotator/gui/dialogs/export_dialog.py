"""File ▸ Export: a dialog over ``annotator.exporters.export``.

The exporters package decides what a format holds and writes the folder
atomically; this dialog only gathers the same choices as ``annotator export``
(format, folder, whose spans, which labels, done only, split and seed) and
shows the report.
"""

from __future__ import annotations

import sqlite3
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
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QWidget,
)

from ... import exporters
from ...store import Store, StoreError
from ..safekeeping.read_guard import find_guard

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
        known = store.annotators()
        self.whose = _checklist(known, {annotator} & set(known))
        self.whose.setToolTip("Whose spans to export; 'gold' is the adjudicated layer. None checked: everyone's.")
        labels = [lab.name for lab in store.labels.all(include_retired=True)]
        self.labels = _checklist(labels, set(labels))
        self.done_only = QCheckBox("Only articles marked done")
        self.split = QLineEdit()
        self.split.setPlaceholderText("e.g. 0.8,0.1,0.1 (empty: no split)")
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setToolTip("The same articles and seed always give the same split")
        self.overwrite = QCheckBox("Replace an earlier export in that folder")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.run)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Format", self.format)
        form.addRow("Folder", row)
        form.addRow("Annotators", self.whose)
        form.addRow("Labels", self.labels)
        form.addRow("", self.done_only)
        form.addRow("Split", self.split)
        form.addRow("Seed", self.seed)
        form.addRow("", self.overwrite)
        form.addRow(buttons)
        self.resize(620, 440)
        self.report: Any = None

    def _browse(self) -> None:
        folder, _ = QFileDialog.getSaveFileName(
            self, "Export into the new folder", self.folder.text(), options=QFileDialog.Option.DontConfirmOverwrite
        )
        if folder:
            self.folder.setText(folder)

    def options(self) -> Any:
        """The choices as ``ExportOptions``; raises ValueError for a split that does not parse."""
        split = self.module.parse_split(self.split.text()) if self.split.text().strip() else None
        labels = _checked(self.labels)
        if not labels:
            raise ValueError("choose at least one label")
        every_label = len(labels) == self.labels.count()
        return self.module.ExportOptions(
            annotators=_checked(self.whose),
            done_only=self.done_only.isChecked(),
            labels=() if every_label else labels,
            split=split,
            seed=self.seed.value(),
        )

    def run(self) -> None:
        """Export, showing progress; keep the dialog open on a refusal or a "no" to the gold warning."""
        try:
            options = self.options()
            if not self._confirm_gold(options):
                return
        except (self.module.ExportError, StoreError, OSError, ValueError) as exc:
            QMessageBox.warning(self, "Export", str(exc))
            return
        except sqlite3.DatabaseError as exc:  # a damaged page while counting the gold layer
            guard = find_guard(self)
            QMessageBox.warning(self, "Export", str(guard.failed("the gold layer", exc) if guard else exc))
            return
        progress = QProgressDialog("Exporting…", "", 0, 0, self)
        progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)

        def report(done: int, total: int) -> None:
            progress.setMaximum(max(total, 1))
            progress.setValue(min(done, max(total, 1)))
            QApplication.processEvents()

        try:
            self.report = self.module.export(
                self.store,
                self.format.currentData(),
                Path(self.folder.text()),
                options,
                overwrite=self.overwrite.isChecked(),
                progress=report,
            )
        except (self.module.ExportError, StoreError, OSError, ValueError) as exc:
            progress.close()
            QMessageBox.warning(self, "Export", str(exc))
            return
        progress.close()
        QMessageBox.information(self, "Export finished", self.report.summary())
        self.accept()

    def _confirm_gold(self, options: Any) -> bool:
        """Ask before shipping a gold layer with articles nobody adjudicated yet."""
        warning = self.module.gold_warning(self.store, options)
        if warning is None:
            return True
        answer = QMessageBox.question(
            self,
            "Export gold",
            f"{warning[0].upper()}{warning[1:]}.\n\nExport anyway?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes


def _checklist(names: list[str], checked: set[str]) -> QListWidget:
    widget = QListWidget()
    for name in names:
        item = QListWidgetItem(name)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if name in checked else Qt.CheckState.Unchecked)
        widget.addItem(item)
    widget.setMaximumHeight(22 * min(max(len(names), 2), 5) + 6)
    return widget


def _checked(widget: QListWidget) -> tuple[str, ...]:
    return tuple(
        widget.item(i).text() for i in range(widget.count()) if widget.item(i).checkState() == Qt.CheckState.Checked
    )
