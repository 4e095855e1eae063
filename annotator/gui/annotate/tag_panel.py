"""The right-hand panel: one button per label, and the article's span list.

Buttons never take keyboard focus, so clicking one leaves the article's
selection where it was and the label applies to it. Counts change by one per
edit (the main window passes the article's running :class:`~collections.Counter`).
"""

from __future__ import annotations

import html
from collections.abc import Mapping

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...model import Label
from ..common.theme import swatch
from .models import SpanListModel

__all__ = ["TagPanel"]


class TagPanel(QWidget):
    """Label buttons with counts over a sortable span table."""

    label_clicked = Signal(str)
    span_activated = Signal(int)  # a row clicked or Enter on it: choose its span, the article takes the keys
    span_current = Signal(int)  # a row reached with the keys in the list: choose its span, keys stay here

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._buttons: dict[str, QPushButton] = {}
        self._labels: list[Label] = []
        self._grid = QGridLayout()
        self._grid.setSpacing(4)
        self.spans = SpanListModel(self)
        self.table = _SpanTable()
        self.table.setModel(self.spans)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in enumerate((44, 84, 130, 70, 70)):
            self.table.setColumnWidth(col, width)
        # The text takes what the panel has left, so the note (and annotator) columns stay in view
        # in a 250 px panel instead of behind a horizontal scroll bar.
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.clicked.connect(self._row_clicked)
        self.table.activated.connect(self._row_clicked)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.show_annotators(False)
        heading = QLabel("<b>Spans in this article</b>")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("<b>Labels</b>"))
        layout.addLayout(self._grid)
        layout.addSpacing(6)
        layout.addWidget(heading)
        layout.addWidget(self.table, 1)

    def set_labels(self, labels: list[Label]) -> None:
        """Rebuild the buttons for the scheme's active labels."""
        for button in self._buttons.values():
            self._grid.removeWidget(button)
            button.deleteLater()
        self._buttons.clear()
        self._labels = list(labels)
        for n, label in enumerate(labels):
            button = QPushButton()
            button.setIcon(swatch(label.color))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setStyleSheet(
                f"QPushButton {{ text-align: left; padding: 4px 8px; border-left: 5px solid {label.color}; }}"
            )
            key = f" [{label.key}]" if label.key else ""
            button.setToolTip(
                f"<b>{html.escape(label.name)}</b>{html.escape(key)}"
                f"<br>{html.escape(label.guideline or 'No guideline yet.')}"
            )
            button.clicked.connect(lambda _=False, name=label.name: self.label_clicked.emit(name))
            self._grid.addWidget(button, n // 2, n % 2)
            self._buttons[label.name] = button
        self.spans.set_colors({lab.name: lab.color for lab in labels})
        self.set_counts({})

    def set_counts(self, counts: Mapping[str, int]) -> None:
        """Show how many spans of each label the article has."""
        for label in self._labels:
            button = self._buttons[label.name]
            key = f"{label.key}  " if label.key else ""
            button.setText(f"{key}{label.name}  ({counts.get(label.name, 0)})")

    def button(self, name: str) -> QPushButton:
        """The button of a label (for tests and screenshots)."""
        return self._buttons[name]

    def show_annotators(self, show: bool) -> None:
        """The annotator column matters only when everyone's spans are shown."""
        self.table.setColumnHidden(4, not show)

    def select_row_of(self, span_id: int | None) -> None:
        """Follow the view: highlight the row of the chosen span."""
        row = self.spans.row_of(span_id) if span_id is not None else None
        if row is None:
            self.table.clearSelection()
            return
        self.table.selectRow(row)
        self.table.scrollTo(self.spans.index(row, 0))

    def _row_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.span_activated.emit(self.spans.span(index.row()).id)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        # Only the annotator's own moves in the list choose a span: rows shifting under a
        # delete must never choose the neighbour (the next Delete would take it too).
        if self.table.moving and current.isValid():
            self.span_current.emit(self.spans.span(current.row()).id)


class _SpanTable(QTableView):
    """The span table; says whether the current row is moving because of a key the annotator pressed."""

    moving = False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self.moving = True
        try:
            super().keyPressEvent(event)
        finally:
            self.moving = False
