"""The article, read-only, with its spans painted under the text.

Spans are painted, not formatted: ``paintEvent`` fills and underlines the
spans of the *visible* blocks only (found by bisect in the article's
:class:`SpanIndex`) before the text is drawn on top. So opening an article
costs no highlighting pass, an edit costs one repaint of what is on screen,
and the document never changes (so it is never re-laid out) because a span
did. A ``QTextEdit`` lays a 1 MB article out lazily, and unlike
``QPlainTextEdit`` it honours line and paragraph spacing, which gives the
stacked underlines room between the lines.

Overlaps stay visible two ways: the fill of a stretch blends the colours of
every span on it (stronger where more spans nest), and each span has its own
underline lane in its label's colour. Hovering lists every span at the point.

All positions here are Qt's UTF-16 units; :class:`OpenArticle` converts.
"""

from __future__ import annotations

import html

import shiboken6
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QTextBlock,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextLine,
)
from PySide6.QtWidgets import QApplication, QLabel, QTextEdit, QToolTip, QVBoxLayout, QWidget

from ..model import Article
from .document import OpenArticle, display_text
from .span_index import segments
from .theme import blend_fill, is_dark

__all__ = ["ArticleView", "ArticlePane", "reading_font"]

MAX_LANES = 3  # underline rows drawn between lines; deeper nesting shares the last
_STRIPE = 2.0  # underline thickness, px
_LANE_STEP = 3.0
_LINE_GAP = int(1 + MAX_LANES * _LANE_STEP)  # px added under every line for the lanes
_READABLE_EM = 42  # widest text column, in multiples of the font's height


def reading_font(point_size: float) -> QFont:
    """A serif for long reading, with fallbacks that exist on a bare Linux."""
    font = QFont()
    font.setFamilies(["Source Serif 4", "Noto Serif", "DejaVu Serif", "Georgia", "Times New Roman"])
    font.setStyleHint(QFont.StyleHint.Serif)
    font.setPointSizeF(point_size)
    return font


class ArticleView(QTextEdit):
    """Read-only text with painted spans; emits which spans a click landed on."""

    span_clicked = Signal(int)  # the span a plain click chose

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setAcceptRichText(False)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.setCursorWidth(2)
        self.setFont(reading_font(13))
        self._doc: OpenArticle | None = None
        self._colors: dict[str, QColor] = {}
        self._fills: dict[tuple[str, ...], QColor] = {}
        self._selected: int | None = None
        self._chosen_before_press: int | None = None
        self._fitting = False
        self.selectionChanged.connect(self._drop_stale_span_selection)
        self._install(self._new_document(""))

    # -- content ----------------------------------------------------------

    def _new_document(self, text: str) -> QTextDocument:
        document = QTextDocument(self)
        document.setUndoRedoEnabled(False)  # else the whole text is kept twice
        document.setDefaultFont(self.font())
        document.setDocumentMargin(14)
        cursor = QTextCursor(document)
        block_format = QTextBlockFormat()
        block_format.setLineHeight(_LINE_GAP, QTextBlockFormat.LineHeightTypes.LineDistanceHeight.value)
        block_format.setBottomMargin(self.fontMetrics().height() * 0.45)
        cursor.setBlockFormat(block_format)
        cursor.insertText(display_text(text))
        return document

    def _install(self, document: QTextDocument) -> None:
        # setDocument does not delete a document it did not create: without this
        # every article switch would leak its whole text and layout.
        old = getattr(self, "_own_document", None)
        self.setDocument(document)
        self._own_document = document
        if old is not None:
            shiboken6.delete(old)  # now, not deleteLater: tests and benchmarks run no event loop

    def set_article(self, doc: OpenArticle | None) -> None:
        """Show ``doc`` (or nothing); the cursor goes to the start."""
        self._doc = doc
        self._set_chosen(None)
        self._install(self._new_document(doc.text if doc is not None else ""))
        self.moveCursor(QTextCursor.MoveOperation.Start)

    @property
    def article(self) -> OpenArticle | None:
        return self._doc

    def set_label_colors(self, colors: dict[str, str]) -> None:
        """Colours by label name, as the scheme holds them."""
        self._colors = {name: QColor(c) for name, c in colors.items()}
        self._fills.clear()
        self.viewport().update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._fills.clear()
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._fit_column()
        super().resizeEvent(event)

    def column_width(self) -> int:
        """The widest the text column gets, in pixels (about 42 lines' height)."""
        return int(self.fontMetrics().height() * _READABLE_EM)

    def _fit_column(self) -> None:
        """Keep lines to a readable length: a centred column on wide windows.

        The margins come from the widget's own width, never from the event's
        size: a viewport resize (which margins cause) is delivered here too,
        with the viewport's size, and answering it with new margins would
        resize the viewport again, forever (a stack overflow past ~860 px).
        """
        if self._fitting:
            return
        side = max(0, (self.width() - 2 * self.frameWidth() - self.column_width()) // 2)
        if self.viewportMargins().left() != side:
            self._fitting = True
            try:
                self.setViewportMargins(side, 0, side, 0)
            finally:
                self._fitting = False

    def spans_changed(self) -> None:
        """Repaint after spans were added or removed (only the visible part is painted)."""
        if self._selected is not None and self._doc is not None and self._selected not in self._doc.index:
            self._set_chosen(None)
        self.viewport().update()

    # -- selection in UTF-16 positions -------------------------------------

    def selection16(self) -> tuple[int, int]:
        """The selected range (start == end for a bare cursor)."""
        cursor = self.textCursor()
        return cursor.selectionStart(), cursor.selectionEnd()

    def select16(self, start: int, end: int) -> None:
        """Select ``[start, end)`` and scroll it into view; the cursor sits at ``end``."""
        cursor = self.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    @property
    def selected_span(self) -> int | None:
        """The span chosen by a click or from the list, while its text is selected."""
        return self._selected

    def select_span(self, span_id: int | None) -> None:
        """Choose a span: its text is selected and outlined."""
        mark = self._doc.index.get(span_id) if (self._doc is not None and span_id is not None) else None
        was_chosen = self._selected is not None
        self._selected = None  # while the selection moves, nothing is chosen
        if mark is not None:
            self.select16(mark.start, mark.end)
            self._selected = span_id
        if was_chosen != (self._selected is not None):
            self.restyle_selection()
        self.viewport().update()

    def _set_chosen(self, span_id: int | None) -> None:
        changed = (span_id is None) != (self._selected is None)
        self._selected = span_id
        if changed:
            self.restyle_selection()

    def _drop_stale_span_selection(self) -> None:
        if self._selected is None or self._doc is None:
            return
        mark = self._doc.index.get(self._selected)
        if mark is None or self.selection16() != (mark.start, mark.end):
            self._set_chosen(None)
            self.viewport().update()

    def restyle_selection(self) -> None:
        """A see-through selection, so span colours show through it; none over a chosen span
        (its outline says it is chosen, and its own colour stays true)."""
        base = QApplication.palette()
        highlight = QColor(base.color(QPalette.ColorRole.Highlight))
        highlight.setAlpha(0 if self._selected is not None else (120 if is_dark(base) else 64))
        palette = self.palette()
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, QPalette.ColorRole.Highlight, highlight)
            palette.setColor(group, QPalette.ColorRole.HighlightedText, base.color(QPalette.ColorRole.Text))
        self.setPalette(palette)

    # -- geometry -----------------------------------------------------------

    def _scroll(self) -> QPointF:
        return QPointF(self.horizontalScrollBar().value(), self.verticalScrollBar().value())

    def _visible_blocks(self, top: int, bottom: int) -> list[tuple[QTextBlock, QPointF]]:
        """Blocks meeting viewport rows ``[top, bottom]`` with their layout origin in the viewport."""
        layout = self.document().documentLayout()
        scroll = self._scroll()
        block = self.cursorForPosition(QPoint(0, top)).block()
        # On a document not laid out yet (just opened, painted before anything else asked) the hit
        # test can land far below ``top``: walk back, laying out as needed, so no span goes unpainted.
        while block.previous().isValid() and layout.blockBoundingRect(block).top() - scroll.y() > top:
            block = block.previous()
        if block.previous().isValid():
            block = block.previous()
        found = []
        while block.isValid():
            rect = layout.blockBoundingRect(block)  # also lays the block out if needed
            if rect.top() - scroll.y() > bottom:
                break
            if rect.bottom() - scroll.y() >= top:
                found.append((block, block.layout().position() - scroll))
            block = block.next()
        return found

    # -- hit tests --------------------------------------------------------

    def char_at(self, point: QPoint) -> int | None:
        """UTF-16 position of the character under ``point`` (viewport coordinates)."""
        block = self.cursorForPosition(point).block()
        self.document().documentLayout().blockBoundingRect(block)
        origin = block.layout().position() - self._scroll()
        x, y = point.x() - origin.x(), point.y() - origin.y()
        layout = block.layout()
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            if line.y() <= y < line.y() + line.height() + _LINE_GAP:
                if not line.x() <= x <= line.x() + line.naturalTextWidth():
                    return None
                return block.position() + line.xToCursor(x, QTextLine.CursorPosition.CursorOnCharacter)
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._chosen_before_press = self._selected  # the press itself clears the selection
        if (event.button() == Qt.MouseButton.LeftButton and self.textCursor().hasSelection()
                and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier):
            # A press inside the selection would start dragging its text somewhere (Qt's text
            # drag) instead of a new selection: right after tagging, the span is still selected.
            cursor = self.textCursor()
            cursor.clearSelection()
            self.setTextCursor(cursor)
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self._doc is None:
            return
        if self.textCursor().hasSelection():
            return
        pos = self.char_at(event.position().toPoint())
        ids = [m.span_id for m in self._doc.index.at(pos)] if pos is not None else []
        if ids:
            # Innermost first; clicking the same spot again moves to the next span under it.
            before = self._chosen_before_press
            self.span_clicked.emit(ids[(ids.index(before) + 1) % len(ids)] if before in ids else ids[0])

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            self._show_tooltip(event)
            return True
        return super().viewportEvent(event)

    def _show_tooltip(self, event: QHelpEvent) -> None:
        pos = self.char_at(event.pos()) if self._doc is not None else None
        spans = self._doc.spans_at(pos) if (self._doc is not None and pos is not None) else []
        if not spans:
            QToolTip.hideText()
            return
        rows = []
        for span in spans:
            excerpt = span.text if len(span.text) <= 60 else span.text[:57] + "…"
            color = self._colors.get(span.label, QColor("gray")).name()
            row = (f"<span style='color:{color}'>■</span> <b>{html.escape(span.label)}</b>"
                   f" <i>{html.escape(span.annotator)}</i>: “{html.escape(excerpt)}”")
            if span.note:
                row += f"<br>&nbsp;&nbsp;&nbsp;note: {html.escape(span.note)}"
            rows.append(row)
        QToolTip.showText(event.globalPos(), "<br>".join(rows), self.viewport())

    # -- painting ---------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._doc is not None and len(self._doc.index):
            painter = QPainter(self.viewport())
            try:
                self._paint_spans(painter, event.rect().top(), event.rect().bottom())
            finally:
                painter.end()
        super().paintEvent(event)
        if self._selected is not None:
            painter = QPainter(self.viewport())
            try:
                self._paint_outline(painter)
            finally:
                painter.end()

    def _paint_spans(self, painter: QPainter, top: int, bottom: int) -> None:
        assert self._doc is not None
        index = self._doc.index
        for block, origin in self._visible_blocks(top, bottom):
            lo = block.position()
            hi = lo + max(block.length() - 1, 1)
            marks = index.overlapping(lo, hi)
            if not marks:
                continue
            lines = [block.layout().lineAt(i) for i in range(block.layout().lineCount())]
            for a, b, labels in segments(marks, lo, hi):
                color = self._fill(labels)
                for rect, _line in _pieces(lines, origin, a - lo, b - lo):
                    painter.fillRect(rect, color)
            for mark in marks:
                lane = min(index.lanes.get(mark.span_id, 0), MAX_LANES - 1)
                color = self._colors.get(mark.label, QColor("gray"))
                for rect, line in _pieces(lines, origin, mark.start - lo, mark.end - lo):
                    y = rect.bottom() + 1 + lane * _LANE_STEP
                    left = rect.left() + (1 if mark.start - lo >= line.textStart() else 0)
                    right = rect.right() - (1 if mark.end - lo <= line.textStart() + line.textLength() else 0)
                    painter.fillRect(QRectF(left, y, max(right - left, 1.0), _STRIPE), color)

    def _paint_outline(self, painter: QPainter) -> None:
        assert self._doc is not None and self._selected is not None
        mark = self._doc.index.get(self._selected)
        if mark is None:
            return
        color = QColor(self._colors.get(mark.label, QColor("gray")))
        painter.setPen(QPen(color.darker(150) if not is_dark(self.palette()) else color.lighter(130), 1.6))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        rect = self.viewport().rect()
        for block, origin in self._visible_blocks(rect.top(), rect.bottom()):
            lo = block.position()
            lines = [block.layout().lineAt(i) for i in range(block.layout().lineCount())]
            for piece, _line in _pieces(lines, origin, mark.start - lo, mark.end - lo):
                painter.drawRect(piece.adjusted(-1, -1, 1, 1))

    def _fill(self, labels: tuple[str, ...]) -> QColor:
        color = self._fills.get(labels)
        if color is None:
            base = self.palette().color(QPalette.ColorRole.Base)
            colors = [self._colors.get(lab, QColor("gray")) for lab in labels]
            color = self._fills[labels] = blend_fill(colors, base, is_dark(self.palette()))
        return color

    # -- zoom -------------------------------------------------------------

    def set_point_size(self, size: float) -> None:
        """Zoom: the reading font at ``size`` points."""
        self.setFont(reading_font(size))
        self.document().setDefaultFont(self.font())
        self._fit_column()  # the column's width is counted in lines of this font

    def point_size(self) -> float:
        return self.font().pointSizeF()


def _pieces(lines: list[QTextLine], origin: QPointF, a: int, b: int) -> list[tuple[QRectF, QTextLine]]:
    """Rectangles (viewport coordinates) covering block-relative ``[a, b)``, one per line."""
    out = []
    for line in lines:
        start = line.textStart()
        end = start + line.textLength()
        s, e = max(a, start), min(b, end)
        if s >= e:
            continue
        x1 = line.cursorToX(s)[0]
        x2 = line.cursorToX(e)[0]
        out.append((QRectF(origin.x() + min(x1, x2), origin.y() + line.y(), abs(x2 - x1), line.height()), line))
    return out


class ArticlePane(QWidget):
    """Title and metadata above the article view."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.meta = QLabel()
        self.meta.setWordWrap(True)
        self.meta.setOpenExternalLinks(True)
        self.meta.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.view = ArticleView()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addWidget(self.view, 1)

    def show_header(self, article: Article | None) -> None:
        """Title and one line of metadata (source, date, link, length)."""
        if article is None:
            self.title.setText("No article")
            self.meta.setText("Import articles with File ▸ Import.")
            return
        self.title.setText(article.title or "(untitled)")
        parts = [html.escape(p) for p in (article.source, article.published) if p]
        if article.url:
            parts.append(f"<a href='{html.escape(article.url, quote=True)}'>{html.escape(article.url)}</a>")
        parts.append(f"{len(article.text):,} characters")
        if article.origin:
            parts.append(html.escape(article.origin.rsplit("/", 1)[-1]))
        self.meta.setText(" · ".join(parts))
