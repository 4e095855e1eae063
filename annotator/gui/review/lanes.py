"""Parallel lanes of the review view: one read-only article per annotator, then gold.

Each lane is an :class:`ArticleView` (so spans are painted exactly as in the
annotation window) on the same text at the same width, so the same line sits
at the same height in every lane, and their scroll bars move together. On top
of the spans a lane paints the review items:

- a bar in the left gutter per item, coloured and lettered by kind (``L``
  label, ``B`` boundaries, ``LB`` both, ``∅`` marked by only some), a thin
  grey bar for agreed items; pale with a tick once decided;
- a dotted box where the lane's annotator marked nothing but others did;
- a heavy outline round the current item, in every lane.

Hovering a bar explains the item; clicking it makes it current. Only the
visible lines are painted, as in :class:`ArticleView`.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QTextDocument,
    QTextLine,
)
from PySide6.QtWidgets import QLabel, QToolTip, QVBoxLayout, QWidget

from ...adjudication import GOLD
from ..common.theme import is_dark
from ..text.article_view import ArticleView, _pieces
from ..text.document import OpenArticle

__all__ = ["KINDS", "LaneItem", "LaneView", "ReviewLanes", "legend_html"]

GUTTER = 28  # px left of the text for the item bars
MIN_LANE = 150  # px: a lane can shrink to this, so four lanes and the side panel fit a 1024 px screen
SPACING = 6  # px between lanes
GOLD_FRAME = "#C9A227"

# kind -> (gutter letters, colour, what it means)
KINDS: dict[str, tuple[str, str, str]] = {
    "label": ("L", "#D55E00", "different label"),
    "boundaries": ("B", "#0072B2", "different boundaries"),
    "label and boundaries": ("LB", "#882255", "different label and boundaries"),
    "only some annotators": ("∅", "#117733", "marked by only some annotators"),
    "agreed": ("", "#9E9E9E", "agreed"),
}


def legend_html() -> str:
    """The gutter marks explained, for a label above the lanes."""
    parts = []
    for letters, color, meaning in KINDS.values():
        mark = f"<b style='color:white;background:{color}'>&nbsp;{letters or '&nbsp;'}&nbsp;</b>"
        parts.append(f"{mark}&nbsp;{html.escape(meaning).replace(' ', '&nbsp;')}")
    parts += ["<b>▭</b>&nbsp;current&nbsp;item", "┈&nbsp;nothing&nbsp;marked&nbsp;here", "✓&nbsp;decided"]
    return " &nbsp; ".join(parts)


@dataclass(frozen=True)
class LaneItem:
    """A review item as every lane draws it: UTF-16 range, kind, who left it out."""

    start16: int
    end16: int
    kind: str
    resolved: bool
    missing: tuple[str, ...]
    tip: str


class LaneView(ArticleView):
    """One annotator's (or the gold layer's) spans, with the review items marked."""

    item_clicked = Signal(int)  # index into the lane's items

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._items: list[LaneItem] = []
        self._current: int | None = None
        self._hits: list[tuple[QRectF, int]] = []  # gutter bars drawn last, for hover and clicks

    def _new_document(self, text: str) -> QTextDocument:
        document = super()._new_document(text)
        # The gutter on the left only: a narrow lane (a laptop, four lanes) keeps its words whole.
        frame = document.rootFrame().frameFormat()
        frame.setLeftMargin(GUTTER)
        frame.setRightMargin(6)
        document.rootFrame().setFrameFormat(frame)
        return document

    def set_items(self, items: list[LaneItem], current: int | None) -> None:
        """The items to mark and which one is current."""
        self._items = items
        self._current = current
        self.viewport().update()

    def set_current(self, current: int | None) -> None:
        self._current = current
        self.viewport().update()

    # -- painting -------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._items or self.article is None:
            return
        painter = QPainter(self.viewport())
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._paint_items(painter, event.rect().top(), event.rect().bottom())
        finally:
            painter.end()

    def _paint_items(self, painter: QPainter, top: int, bottom: int) -> None:
        blocks = [
            (b.position(), origin, [b.layout().lineAt(i) for i in range(b.layout().lineCount())])
            for b, origin in self._visible_blocks(top, bottom)
        ]
        self._hits = []
        if not blocks:
            return
        lo = blocks[0][0]
        hi = blocks[-1][0] + sum(line.textLength() for line in blocks[-1][2]) + 1
        # Agreed items first, so disputed bars lie on top where they share a line.
        order = sorted(range(len(self._items)), key=lambda k: (self._items[k].kind != "agreed", k))
        for k in order:
            item = self._items[k]
            if item.end16 <= lo or item.start16 >= hi:
                continue
            rects = _rects(blocks, item.start16, item.end16)
            if rects:
                self._paint_item(painter, k, item, rects, blocks[0][1])

    def _paint_item(self, painter: QPainter, k: int, item: LaneItem, rects: list[QRectF], origin: QPointF) -> None:
        letters, color, _ = KINDS.get(item.kind, KINDS["agreed"])
        top = min(r.top() for r in rects)
        bottom = max(r.bottom() for r in rects)
        agreed = item.kind == "agreed"
        width = 5.0 if agreed else 18.0
        bar = QRectF(origin.x() - GUTTER + 4, top + 1, width, max(bottom - top - 2, 8.0))
        fill = QColor(color)
        if item.resolved:
            fill = QColor("#2E7D32") if agreed else QColor(fill.red(), fill.green(), fill.blue(), 80)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(bar, 3, 3)
        if not agreed:
            self._paint_letters(
                painter,
                bar,
                "✓" if item.resolved else letters,
                QColor(color).darker(130) if item.resolved else QColor("white"),
            )
        self._hits.append((bar.adjusted(-3, 0, 3, 0), k))
        if k == self._current:
            ink = QColor("#f2f2f2") if is_dark(self.palette()) else QColor("#1b1b1b")
            self._outline(painter, rects, QPen(ink, 2.4))
        elif self.name in item.missing:
            pen = QPen(QColor(color), 1.6)
            pen.setStyle(Qt.PenStyle.DotLine)
            self._outline(painter, rects, pen)

    def _paint_letters(self, painter: QPainter, bar: QRectF, text: str, color: QColor) -> None:
        font = QFont(self.font())
        font.setPointSizeF(7.5 if len(text) > 1 else 8.5)
        font.setBold(True)
        font.setFamilies(["DejaVu Sans", "Noto Sans", "Arial"])
        painter.setFont(font)
        painter.setPen(color)
        box = QRectF(bar.left(), bar.top(), bar.width(), min(bar.height(), 18.0))
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), text)

    @staticmethod
    def _outline(painter: QPainter, rects: list[QRectF], pen: QPen) -> None:
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for rect in rects:
            painter.drawRoundedRect(rect.adjusted(-2, -1, 2, 1), 2, 2)

    # -- gutter hover and clicks ------------------------------------------------------

    def _items_at(self, point: QPoint) -> list[int]:
        return [k for rect, k in self._hits if rect.contains(QPointF(point))]

    def _show_tooltip(self, event: QHelpEvent) -> None:
        hit = self._items_at(event.pos())
        if hit:
            QToolTip.showText(event.globalPos(), "<br>".join(self._items[k].tip for k in hit), self.viewport())
            return
        super()._show_tooltip(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        hit = self._items_at(event.position().toPoint())
        if hit and event.button() == Qt.MouseButton.LeftButton:
            self.item_clicked.emit(hit[-1])
            return
        super().mousePressEvent(event)


def _rects(blocks: list[tuple[int, QPointF, list[QTextLine]]], start: int, end: int) -> list[QRectF]:
    """Viewport rectangles of UTF-16 ``[start, end)`` over the visible blocks."""
    out: list[QRectF] = []
    for lo, origin, lines in blocks:
        out.extend(rect for rect, _ in _pieces(lines, origin, start - lo, end - lo))
    return out


class ReviewLanes(QWidget):
    """Equal-width lanes side by side, scrolled together, each with a header.

    The lanes are placed by hand rather than by a layout: a layout would give
    them widths a pixel apart (so lines would wrap at different words), and
    fixing their widths instead would make the window's minimum width grow with
    every resize, so that it could never be made smaller again.
    """

    span_clicked = Signal(str, int)  # lane name, span id
    item_clicked = Signal(int)
    selected = Signal(str, int, int)  # lane name and UTF-16 range the person selected there

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lanes: dict[str, LaneView] = {}
        self.headers: dict[str, QLabel] = {}
        self._columns: list[QWidget] = []
        self._syncing = False

    def set_lanes(self, names: list[str], colors: dict[str, str], point_size: float) -> None:
        """One lane per name, in order (the last is usually gold)."""
        for column in self._columns:
            column.hide()  # now: deleteLater waits for the event loop
            column.deleteLater()
        self.lanes, self.headers, self._columns = {}, {}, []
        for name in names:
            self._add_lane(name, colors, point_size)
        self._fit()
        self.updateGeometry()  # the minimum width depends on the number of lanes

    def _add_lane(self, name: str, colors: dict[str, str], point_size: float) -> None:
        column = QWidget(self)
        box = QVBoxLayout(column)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        header = QLabel(name)
        header.setTextFormat(Qt.TextFormat.RichText)
        view = LaneView(name)
        view.set_label_colors(colors)
        view.set_point_size(point_size)
        view.restyle_selection()  # see-through, so span colours show under a selection
        # Every lane has the same frame width (or lines would wrap apart); gold's is coloured,
        # so the lane decisions go to is never mistaken for an annotator's.
        view.setObjectName("lane")
        frame = GOLD_FRAME if name == GOLD else "palette(mid)"
        view.setStyleSheet(f"#lane {{ border: 2px solid {frame}; }}")
        box.addWidget(header)
        box.addWidget(view, 1)
        column.show()
        self._columns.append(column)
        self.lanes[name] = view
        self.headers[name] = header
        view.verticalScrollBar().valueChanged.connect(lambda value, v=view: self._sync(v, value))
        view.span_clicked.connect(lambda span_id, n=name: self.span_clicked.emit(n, span_id))
        view.item_clicked.connect(self.item_clicked)
        view.selectionChanged.connect(lambda v=view: self._selection_changed(v))

    def _sync(self, source: LaneView, value: int) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            for view in self.lanes.values():
                if view is not source:
                    view.verticalScrollBar().setValue(value)
        finally:
            self._syncing = False

    def _selection_changed(self, view: LaneView) -> None:
        start, end = view.selection16()
        if view.hasFocus() and start < end and view.selected_span is None:
            self.selected.emit(view.name, start, end)

    def minimumSizeHint(self) -> QSize:
        n = max(len(self._columns), 1)
        height = max((c.minimumSizeHint().height() for c in self._columns), default=80)
        return QSize(n * MIN_LANE + SPACING * (n - 1), height)

    def sizeHint(self) -> QSize:
        n = max(len(self._columns), 1)
        return QSize(n * 360 + SPACING * (n - 1), 600)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        # Exactly equal widths, so that every lane wraps its lines at the same words.
        n = len(self._columns)
        if not n:
            return
        width = max((self.width() - SPACING * (n - 1)) // n, 1)
        for k, column in enumerate(self._columns):
            column.setGeometry(k * (width + SPACING), 0, width, self.height())

    def show_docs(self, docs: dict[str, OpenArticle | None]) -> None:
        """Show each lane's article (same text, that lane's spans); keep the scroll position."""
        scroll = next(iter(self.lanes.values())).verticalScrollBar().value() if self.lanes else 0
        for name, view in self.lanes.items():
            view.set_article(docs.get(name))
        self.scroll_to(scroll)

    def scroll_to(self, value: int) -> None:
        for view in self.lanes.values():
            view.verticalScrollBar().setValue(value)

    def set_items(self, items: list[LaneItem], current: int | None) -> None:
        for view in self.lanes.values():
            view.set_items(items, current)

    def set_point_size(self, size: float) -> None:
        for view in self.lanes.values():
            view.set_point_size(size)
