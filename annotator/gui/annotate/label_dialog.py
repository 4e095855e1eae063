"""Labels ▸ Edit scheme: add, rename, recolour, re-key, describe and retire labels.

Every change goes through :class:`Operations` (so it is saved at once and can
be undone) and the table is re-read from the store after it; a refused change
(duplicate name, key in use) is shown, not raised. The ``ask_*`` hooks are
the only places that open input dialogs, so tests replace them.
"""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...model import Label
from ..common.theme import swatch
from ..safekeeping.read_guard import guarded
from .operations import Operations

__all__ = ["LabelSchemeDialog"]


class LabelSchemeDialog(QDialog):
    """Edits the label scheme of the open database."""

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Label scheme")
        self.ops = ops
        self._errors: list[str] = []
        ops.failed.connect(self._on_failed)  # a method: disconnected when the dialog goes
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Name", "Key", "Guideline", "State"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        buttons = QHBoxLayout()
        for text, slot in (
            ("Add…", self._add),
            ("Rename…", self._rename),
            ("Colour…", self._recolour),
            ("Key…", self._rekey),
            ("Describe…", self._describe),
            ("Retire / restore", self._toggle_retired),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        self.problem = QLabel()  # a refused change is explained here, without a modal box
        self.problem.setStyleSheet("color: #c0392b")
        self.problem.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "Changes are saved at once; Edit ▸ Undo takes them back. "
                "A retired label leaves the panel but its spans stay."
            )
        )
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.problem)
        layout.addWidget(close)
        self.resize(720, 360)
        self._labels: list[Label] = []
        self.refresh()

    def _on_failed(self, message: str) -> None:
        self._errors.append(message)

    @guarded("the label scheme")
    def refresh(self) -> None:
        """Re-read the scheme."""
        labels = self.ops.store.labels.all(include_retired=True)
        self._labels = labels
        self.table.setRowCount(len(labels))
        for row, label in enumerate(labels):
            name = QTableWidgetItem(swatch(label.color), label.name)
            self.table.setItem(row, 0, name)
            self.table.setItem(row, 1, QTableWidgetItem(label.key))
            self.table.setItem(row, 2, QTableWidgetItem(label.guideline))
            self.table.setItem(row, 3, QTableWidgetItem("retired" if label.retired else "active"))

    def current(self) -> Label | None:
        """The selected label."""
        row = self.table.currentRow()
        return self._labels[row] if 0 <= row < len(self._labels) else None

    def select(self, name: str) -> None:
        """Select a label's row by name."""
        for row, label in enumerate(self._labels):
            if label.name == name:
                self.table.selectRow(row)

    # -- the changes (also called by tests) ---------------------------------

    def _apply(self, change: object) -> bool:
        ok = change is not None
        self.refresh()
        self.problem.setText(self._errors[-1] if not ok and self._errors else "")
        self._errors.clear()
        return ok

    def add(self, name: str, color: str | None = None, key: str = "", guideline: str = "") -> bool:
        return self._apply(self.ops.add_label(name, color, key, guideline))

    def rename(self, old: str, new: str) -> bool:
        return self._apply(self.ops.rename_label(old, new))

    def update(self, name: str, **changes: str) -> bool:
        return self._apply(self.ops.update_label(name, **changes))

    def set_retired(self, name: str, retired: bool) -> bool:
        return self._apply(self.ops.retire_label(name, retired))

    # -- asking the person ---------------------------------------------------

    def ask_text(self, title: str, prompt: str, text: str = "") -> str | None:
        value, ok = QInputDialog.getText(self, title, prompt, text=text)
        return value.strip() if ok and value.strip() else None

    def ask_color(self, color: str) -> str | None:
        chosen = QColorDialog.getColor(QColor(color), self, "Label colour")
        return chosen.name().upper() if chosen.isValid() else None

    def _add(self) -> None:
        name = self.ask_text("Add label", "Name of the new label:")
        if name:
            self.add(name)
            self.select(name)

    def _rename(self) -> None:
        label = self.current()
        new = self.ask_text("Rename label", f"New name for {label.name}:", label.name) if label else None
        if label and new and new != label.name:
            self.rename(label.name, new)
            self.select(new)

    def _recolour(self) -> None:
        label = self.current()
        color = self.ask_color(label.color) if label else None
        if label and color:
            self.update(label.name, color=color)

    def _rekey(self) -> None:
        label = self.current()
        if label is None:
            return
        value, ok = QInputDialog.getText(self, "Label key", f"One key for {label.name} (empty: none):", text=label.key)
        if ok:  # a typed Space stays a Space, so that it is refused by name rather than read as "none"
            self.update(label.name, key=(value.strip() or value)[:1])

    def _describe(self) -> None:
        label = self.current()
        if label is None:
            return
        value, ok = QInputDialog.getMultiLineText(self, "Guideline", f"When to use {label.name}:", label.guideline)
        if ok:
            self.update(label.name, guideline=value.strip())

    def _toggle_retired(self) -> None:
        label = self.current()
        if label is not None:
            self.set_retired(label.name, not label.retired)
