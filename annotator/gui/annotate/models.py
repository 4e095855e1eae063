"""Qt item models over store results: the article list and the span list.

Both are adapters in the napari sense: they hold plain rows the store returned
(:class:`ArticleRow` carries no text, so 10,000 articles cost a few MB and
scroll without loading one article) and change one row at a time when an
operation reports a change, instead of re-querying. The span list keeps its
rows sorted by the chosen column and inserts by bisect, so an edit on an
article with 10,000 spans costs O(log n), not a re-sort.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from ...model import ArticleRow, Span, Status
from ...words import plural
from ..common.theme import swatch

__all__ = ["ArticleListModel", "SpanListModel"]

Index = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class ArticleListModel(QAbstractTableModel):
    """Articles of the current annotator: title, source, status, span count."""

    COLUMNS = ("Title", "Source", "Status", "Spans")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ArticleRow] = []
        self._row_of: dict[int, int] = {}

    def set_rows(self, rows: list[ArticleRow]) -> None:
        """Replace every row (after a filter change, an import or an annotator switch)."""
        self.beginResetModel()
        self._rows = rows
        self._row_of = {r.id: i for i, r in enumerate(rows)}
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if role == _DISPLAY and orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section]
        return None

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        row, col = self._rows[index.row()], index.column()
        if role == _DISPLAY:
            return (row.title, row.source, row.status.value, row.span_count)[col]
        if role == _TOOLTIP and col == 0:
            return f"{row.title}\n{plural(row.length, 'character')}"
        if role == _ALIGN and col == 3:
            return _RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and row.status in (Status.DONE, Status.SKIPPED):
            return QColor(128, 128, 128)
        return None

    def row(self, row: int) -> ArticleRow:
        """The article on view row ``row``."""
        return self._rows[row]

    def row_of(self, article_id: int) -> int | None:
        """View row of an article, if the filter shows it."""
        return self._row_of.get(article_id)

    def ids(self) -> list[int]:
        """Article ids in list order."""
        return [r.id for r in self._rows]

    def update(self, article_id: int, *, status: Status | None = None, span_delta: int = 0) -> ArticleRow | None:
        """Change one row in place; returns the new row (``None`` if not listed)."""
        i = self._row_of.get(article_id)
        if i is None:
            return None
        old = self._rows[i]
        new = _with(old, status=status or old.status, span_count=max(0, old.span_count + span_delta))
        if new != old:
            self._rows[i] = new
            self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.COLUMNS) - 1))
        return new


def _with(row: ArticleRow, **changes: Any) -> ArticleRow:
    return row._replace(**changes)  # a NamedTuple: cheap to make by the 10,000


def _excerpt(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


_SORT_KEYS: tuple[Callable[[Span], tuple], ...] = (
    lambda s: (s.start, s.end, s.id),
    lambda s: (s.label, s.start, s.id),
    lambda s: (s.text.lower(), s.start, s.id),
    lambda s: (s.note or "", s.start, s.id),
    lambda s: (s.annotator, s.start, s.id),
)


class SpanListModel(QAbstractTableModel):
    """Spans of the open article, sortable by any column, updated one span at a time."""

    COLUMNS = ("At", "Label", "Text", "Note", "Annotator")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._spans: list[Span] = []  # ascending by the sort key
        self._keys: list[tuple] = []
        self._by_id: dict[int, Span] = {}
        self._column = 0
        self._descending = False
        self._colors: dict[str, str] = {}

    # -- content ----------------------------------------------------------

    def set_colors(self, colors: dict[str, str]) -> None:
        """Label colours for the swatches."""
        self._colors = dict(colors)
        if self._spans:
            self.dataChanged.emit(self.index(0, 1), self.index(len(self._spans) - 1, 1))

    def set_spans(self, spans: list[Span]) -> None:
        """Show these spans (when an article opens)."""
        self.beginResetModel()
        key = _SORT_KEYS[self._column]
        self._spans = sorted(spans, key=key)
        self._keys = [key(s) for s in self._spans]
        self._by_id = {s.id: s for s in spans}
        self.endResetModel()

    def add(self, span: Span) -> None:
        """Insert one span at its sorted place."""
        if span.id in self._by_id:
            self.remove(span.id)
        key = _SORT_KEYS[self._column](span)
        i = bisect_left(self._keys, key)
        row = len(self._spans) - i if self._descending else i
        self.beginInsertRows(QModelIndex(), row, row)
        self._spans.insert(i, span)
        self._keys.insert(i, key)
        self._by_id[span.id] = span
        self.endInsertRows()

    def remove(self, span_id: int) -> None:
        """Drop one span."""
        i = self._storage_index(span_id)
        if i is None:
            return
        row = self._view_row(i)
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._spans[i]
        del self._keys[i]
        del self._by_id[span_id]
        self.endRemoveRows()

    def _storage_index(self, span_id: int) -> int | None:
        span = self._by_id.get(span_id)
        if span is None:
            return None
        return bisect_left(self._keys, _SORT_KEYS[self._column](span))

    def _view_row(self, i: int) -> int:
        return len(self._spans) - 1 - i if self._descending else i

    def row_of(self, span_id: int) -> int | None:
        """View row of a span."""
        i = self._storage_index(span_id)
        return None if i is None else self._view_row(i)

    def span(self, row: int) -> Span:
        """The span on view row ``row``."""
        return self._spans[self._view_row(row)]

    # -- Qt model ---------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._spans)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if role == _DISPLAY and orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section]
        return None

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        span, col = self.span(index.row()), index.column()
        if role == _DISPLAY:
            return (span.start, span.label, _excerpt(span.text), _excerpt(span.note or "", 40), span.annotator)[col]
        if role == Qt.ItemDataRole.DecorationRole and col == 1:
            return swatch(self._colors.get(span.label, "#999999"))
        if role == _TOOLTIP:
            tip = f"[{span.start}, {span.end}) {span.label} by {span.annotator}\n{span.text}"
            return tip + (f"\n\nNote: {span.note}" if span.note else "")
        if role == _ALIGN and col == 0:
            return _RIGHT
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._column = column
        self._descending = order == Qt.SortOrder.DescendingOrder
        key = _SORT_KEYS[column]
        self._spans.sort(key=key)
        self._keys = [key(s) for s in self._spans]
        self.layoutChanged.emit()
