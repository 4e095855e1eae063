"""The side panel of the review view: the items to step through and the current item's candidates.

The item table lists disagreements (agreed items too on request) with their
kind and who marked what; the candidate list shows the current item's spans,
one per row with the key that picks it (Alt+1…9). The buttons only trigger
the window's actions, so a click and a key do the same thing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...adjudication import Item
from ...model import Span
from ..common.theme import swatch
from .lanes import KINDS

__all__ = ["ItemListModel", "ReviewPanel", "describe", "excerpt"]


def excerpt(text: str, limit: int = 48) -> str:
    """One line of at most ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(item: Item, annotators: Sequence[str]) -> str:
    """Who marked what on an item, e.g. ``alice: claim · bob: —``."""
    parts = []
    for name in annotators:
        labels = [s.label for s in item.spans if s.annotator == name]
        parts.append(f"{name}: {', '.join(labels) if labels else '—'}")
    return " · ".join(parts)


class ItemListModel(QAbstractTableModel):
    """Review items as rows (kind, text, who); cells are made when drawn, so thousands cost nothing."""

    COLUMNS = ("Kind", "Text", "Who")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[Item] = []
        self._text = ""
        self._annotators: Sequence[str] = ()

    def set_rows(self, items: list[Item], text: str, annotators: Sequence[str]) -> None:
        self.beginResetModel()
        self._items, self._text, self._annotators = items, text, list(annotators)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item, col = self._items[index.row()], index.column()
        letters, color, meaning = KINDS.get(item.kind, KINDS["agreed"])
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return ("✓ " if item.resolved else "") + (letters or "=")
            return excerpt(self._text[item.start : item.end]) if col == 1 else describe(item, self._annotators)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 0:
                return meaning + (" (decided)" if item.resolved else "")
            return self._text[item.start : item.end] if col == 1 else describe(item, self._annotators)
        if role == Qt.ItemDataRole.ForegroundRole and col == 0:
            return QColor(color)
        return None


class ReviewPanel(QWidget):
    """Items, candidates and the decision buttons."""

    item_chosen = Signal(int)  # index into the window's items
    candidate_chosen = Signal(int)  # row in the candidate list
    show_agreed_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[int] = []  # item index per table row
        self._filling = False
        self.progress = QLabel()
        self.progress.setWordWrap(True)
        self.model = ItemListModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(0, 44)
        header.resizeSection(2, 170)  # fixed widths: measuring thousands of rows per decision is slow
        self.table.setWordWrap(False)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._row_chosen())
        self.show_agreed = QCheckBox("Show agreed items too")
        self.show_agreed.toggled.connect(self.show_agreed_changed)
        self.candidates = QListWidget()
        self.candidates.setMaximumHeight(150)
        self.candidates.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.candidates.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.candidates.currentRowChanged.connect(self._candidate_row)
        self.item_title = QLabel("No item")
        self.item_title.setWordWrap(True)
        self._buttons = QGridLayout()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addWidget(self.progress)
        heading = QLabel("<b>Items</b> (F8 / Shift+F8 step through disagreements)")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.show_agreed)
        layout.addWidget(self.item_title)
        layout.addWidget(self.candidates)
        layout.addLayout(self._buttons)

    def add_buttons(self, actions: Sequence[QAction], columns: int = 2) -> None:
        """Buttons that trigger ``actions`` (their text and tooltip show the key)."""
        for n, action in enumerate(actions):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self._buttons.addWidget(button, n // columns, n % columns)

    # -- items ----------------------------------------------------------------

    def set_items(self, items: list[Item], text: str, annotators: Sequence[str], current: int | None) -> None:
        """Fill the table (disagreements, and agreed items when asked)."""
        show_all = self.show_agreed.isChecked()
        self._rows = [k for k, it in enumerate(items) if show_all or not it.agreed]
        self._filling = True
        try:
            self.model.set_rows([items[k] for k in self._rows], text, annotators)
            self.show_current(current)
        finally:
            self._filling = False

    def show_current(self, current: int | None) -> None:
        """Select the current item's row, if listed."""
        self._filling, was = True, self._filling
        try:
            if current is not None and current in self._rows:
                row = self._rows.index(current)
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))
            else:
                self.table.clearSelection()
        finally:
            self._filling = was

    def _row_chosen(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not self._filling and rows and rows[0].row() < len(self._rows):
            self.item_chosen.emit(self._rows[rows[0].row()])

    # -- candidates -----------------------------------------------------------------

    def set_candidates(self, title: str, spans: Sequence[Span], colors: dict[str, str], chosen: int | None) -> None:
        """The current item's spans, each with the key that picks it."""
        self.item_title.setText(title)
        self._filling, was = True, self._filling
        try:
            self.candidates.clear()
            for n, span in enumerate(spans, 1):
                key = f"Alt+{n}" if n <= 9 else "    "
                row = QListWidgetItem(
                    swatch(colors.get(span.label, "#999999")),
                    f"{key}  {span.annotator}: {span.label} “{excerpt(span.text, 40)}”",
                )
                row.setToolTip(f"[{span.start}, {span.end}) {span.label} by {span.annotator}\n{span.text}")
                self.candidates.addItem(row)
            self.candidates.setCurrentRow(-1 if chosen is None else chosen)
        finally:
            self._filling = was

    def _candidate_row(self, row: int) -> None:
        if not self._filling and row >= 0:
            self.candidate_chosen.emit(row)
