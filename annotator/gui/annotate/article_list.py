"""The left-hand panel: a filter box, a status filter and the article table.

Typing in the filter box waits a moment before asking for new rows (a
full-text search over 10,000 articles is one query, not one per keystroke).
The table has fixed row heights and fixed column widths so that Qt never
measures 10,000 rows.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...model import ArticleRow, Status
from .models import ArticleListModel

__all__ = ["ArticleListPanel"]

FILTER_DELAY_MS = 250


class ArticleListPanel(QWidget):
    """Article table with its filters; says which article was chosen."""

    filter_changed = Signal()
    article_chosen = Signal(int)
    done_here = Signal()  # Esc in the filter, Enter in the list: the article is to have the keys

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ArticleListModel(self)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Filter: title or text…")
        self.search.setClearButtonEnabled(True)
        self.status = QComboBox()
        self.status.addItem("All", None)
        for status in Status:
            self.status.addItem(status.value.capitalize(), status.value)  # Qt turns a str enum into str
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        vertical = self.table.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 84), (2, 76), (3, 44)):
            self.table.setColumnWidth(col, width)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FILTER_DELAY_MS)
        self._timer.timeout.connect(self.filter_changed)
        self.search.textChanged.connect(lambda _: self._timer.start())
        self.status.currentIndexChanged.connect(lambda _: self.filter_changed.emit())
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.search.installEventFilter(self)
        self.search.returnPressed.connect(self.enter_list)
        self.table.activated.connect(lambda _index: self.done_here.emit())
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        self._quiet = False

    def set_rows(self, rows: list[ArticleRow]) -> None:
        """New rows for the table; the source column shows only if some article has one."""
        self.model.set_rows(rows)
        self.table.setColumnHidden(1, not any(row.source for row in rows))

    def search_text(self) -> str:
        return self.search.text().strip()

    def status_filter(self) -> Status | None:
        data = self.status.currentData()
        return Status(data) if data else None

    def flush_filter(self) -> None:
        """Apply a pending filter edit now (tests, Enter)."""
        if self._timer.isActive():
            self._timer.stop()
            self.filter_changed.emit()

    def show_current(self, article_id: int | None) -> None:
        """Highlight the open article's row without re-announcing it."""
        row = self.model.row_of(article_id) if article_id is not None else None
        self._quiet = True
        try:
            if row is None:
                self.table.selectionModel().clearCurrentIndex()
                self.table.clearSelection()
            else:
                index = self.model.index(row, 0)
                self.table.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
                )
                self.table.scrollTo(index)
        finally:
            self._quiet = False

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._quiet and current.isValid():
            self.article_chosen.emit(self.model.row(current.row()).id)

    def focus_table(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def enter_list(self) -> None:
        """From the filter box into the list (Enter or Down): the filter applied, the keys in the table."""
        self.flush_filter()
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))  # opens the first match
        self.focus_table()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.search or not isinstance(event, QKeyEvent):
            return False
        if event.type() == QEvent.Type.ShortcutOverride and event.key() == Qt.Key.Key_Escape:
            event.accept()  # the filter's Esc, not the window's "clear selection"
            return True
        if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Down:
            self.enter_list()
            return True
        if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:
            self.done_here.emit()  # as the find bar's Esc: back to the article, its selection kept
            return True
        return False
