"""The article, read-only, with its spans painted under the text.

Spans are painted, not formatted: ``paintEvent`` fills and underlines the
spans of the *visible* blocks only (found by bisect in the article's
:class:`SpanIndex`) before the text is drawn on top (see :mod:`span_paint`).
So opening an article costs no highlighting pass, an edit costs one repaint
of what is on screen, and the document never changes (so it is never re-laid
out) because a span did. A ``QTextEdit`` lays a 1 MB article out lazily, and
unlike ``QPlainTextEdit`` it honours line and paragraph spacing, which gives
the stacked underlines (and the label tags, when shown) room between lines.

Overlaps stay visible two ways: the fill of a stretch blends the colours of
every span on it (stronger where more spans nest), and each span has its own
underline lane in its label's colour. Hovering lists every span at the point.

On top of the text: a solid outline round the chosen span, a dashed one round
what a label key would tag now (the selection as snapping will take it, so a
drag shows its snapped span before any key is pressed), and a thin one round
each visible match of the find bar. The selection itself is a see-through
grey (:func:`theme.selection_tint`), never a label's colour.

All positions here are Qt's UTF-16 units; :class:`OpenArticle` converts.
"""

from __future__ import annotations

import html
import re

import shiboken6
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
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
from PySide6.QtWidgets import QApplication, QTextEdit, QToolTip, QWidget

from ..common.theme import blend_fill, is_dark, selection_tint
from .document import OpenArticle, display_text
from .span_paint import LANES_HEIGHT, outline, paint_spans, paint_tags, pieces, tag_font

__all__ = ["ArticleView", "reading_font"]

_pieces = pieces  # the review lanes paint with it too
_LINE_GAP = LANES_HEIGHT  # px added under every line for the underline lanes
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
        self.snap = False  # outline the selection as snapping to words would tag it
        self._target: tuple[int, int] | None = None  # what a label key would tag now
        self._show_tags = False
        self._tag_hits: list[tuple[QRectF, int]] = []  # label tags painted last, for clicks
        self._find: re.Pattern[str] | None = None
        self.selectionChanged.connect(self._selection_moved)
        self._install(self._new_document(""))

    # -- content ----------------------------------------------------------

    def _tag_room(self) -> int:
        """Extra px between lines that label tags take (0 when they are hidden)."""
        return int(QFontMetricsF(tag_font(self.font())).height()) + 2 if self._show_tags else 0

    def _new_document(self, text: str) -> QTextDocument:
        document = QTextDocument(self)
        document.setUndoRedoEnabled(False)  # else the whole text is kept twice
        document.setDefaultFont(self.font())
        document.setDocumentMargin(max(14, self._tag_room() + 4))
        cursor = QTextCursor(document)
        block_format = QTextBlockFormat()
        block_format.setLineHeight(
            _LINE_GAP + self._tag_room(), QTextBlockFormat.LineHeightTypes.LineDistanceHeight.value
        )
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
        self.verticalScrollBar().setValue(0)  # the top, margin included, not where the last article was

    def set_label_names(self, on: bool) -> None:
        """Show (or hide) each span's label in a tag above its first word; the place is kept."""
        if on == self._show_tags:
            return
        place, chosen = self.place16(), self._selected
        self._show_tags = on
        self._install(self._new_document(self._doc.text if self._doc is not None else ""))
        self.go_to16(*place, chosen=chosen)

    @property
    def label_names_shown(self) -> bool:
        return self._show_tags

    def set_find(self, pattern: re.Pattern[str] | None) -> None:
        """Outline every visible match of ``pattern`` (in code points of the text), or none."""
        self._find = pattern
        self.viewport().update()

    @property
    def article(self) -> OpenArticle | None:
        return self._doc

    def set_label_colors(self, colors: dict[str, str]) -> None:
        """Colours by label name, as the scheme holds them."""
        self._colors = {name: QColor(c) for name, c in colors.items()}
        self._fills.clear()
        self.restyle_selection()  # the selection keeps clear of every label's colour
        self.viewport().update()

    def color_of(self, label: str) -> QColor:
        return self._colors.get(label, QColor("gray"))

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
        self._target = self._tag_target()
        self.viewport().update()

    # -- selection in UTF-16 positions -------------------------------------

    def selection16(self) -> tuple[int, int]:
        """The selected range (start == end for a bare cursor)."""
        cursor = self.textCursor()
        return cursor.selectionStart(), cursor.selectionEnd()

    def select16(self, start: int, end: int, *, reveal: bool = True) -> None:
        """Select ``[start, end)`` and scroll it into view; the cursor sits at ``end``.

        A new selection is never a chosen span, even on exactly a span's text.
        """
        self._set_chosen(None)
        cursor = self.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        if reveal:
            self.ensureCursorVisible()

    def place16(self) -> tuple[int, int, int, int]:
        """Anchor, caret, the position heading the view, and the pixels scrolled past that line's top."""
        cursor = self.textCursor()
        top = self.cursorForPosition(QPoint(0, 0)).position()
        offset = self.verticalScrollBar().value() - self._line_top(top)
        return cursor.anchor(), cursor.position(), top, offset

    def go_to16(self, anchor: int, caret: int, top: int, offset: int = 0, chosen: int | None = None) -> None:
        """Put back a selection (choosing ``chosen`` if it still covers it) and a scroll position."""
        last = max(self.document().characterCount() - 1, 0)
        cursor = self.textCursor()
        cursor.setPosition(min(max(anchor, 0), last))
        cursor.setPosition(min(max(caret, 0), last), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        mark = self._doc.index.get(chosen) if (self._doc is not None and chosen is not None) else None
        if mark is not None and (mark.start, mark.end) == self.selection16():
            self._set_chosen(chosen)
        self.verticalScrollBar().setValue(self._line_top(min(max(top, 0), last)) + offset)
        self.viewport().update()

    def _line_top(self, pos16: int) -> int:
        """Document y of the line holding ``pos16`` (laying the text out that far, if not yet)."""
        block = self.document().findBlock(pos16)
        self.document().documentLayout().blockBoundingRect(block)
        line = block.layout().lineForTextPosition(pos16 - block.position())
        return int(block.layout().position().y() + (line.y() if line.isValid() else 0))

    @property
    def selected_span(self) -> int | None:
        """The span chosen by a click or from the list, while its text is selected."""
        return self._selected

    def select_span(self, span_id: int | None, *, reveal: bool = True) -> None:
        """Choose a span: its text is selected and outlined (and scrolled into view, with ``reveal``)."""
        mark = self._doc.index.get(span_id) if (self._doc is not None and span_id is not None) else None
        if mark is None:
            self._set_chosen(None)
        else:
            self.select16(mark.start, mark.end, reveal=reveal)
            self._set_chosen(span_id)
            self._target = None
        self.viewport().update()

    def _set_chosen(self, span_id: int | None) -> None:
        changed = (span_id is None) != (self._selected is None)
        self._selected = span_id
        if changed:
            self.restyle_selection()

    def _selection_moved(self) -> None:
        """A chosen span stays chosen only while exactly its text is selected; the target follows."""
        if self._selected is not None and self._doc is not None:
            mark = self._doc.index.get(self._selected)
            if mark is None or self.selection16() != (mark.start, mark.end):
                self._set_chosen(None)
        target = self._tag_target()
        if target != self._target or self._selected is not None:
            self._target = target
            self.viewport().update()

    def _tag_target(self) -> tuple[int, int] | None:
        start, end = self.selection16()
        if self._doc is None or self._selected is not None or start == end:
            return None
        found = self._doc.target(start, end, self.snap)
        return self._doc.to_utf16(*found) if found is not None else None

    @property
    def tag_target16(self) -> tuple[int, int] | None:
        """What a label key would tag now (the dashed outline), ``None`` over a chosen span or nothing."""
        return self._target

    def set_snap(self, on: bool) -> None:
        """Whether the dashed outline shows the selection snapped to words."""
        self.snap = on
        self._selection_moved()

    def restyle_selection(self) -> None:
        """A see-through grey selection (see :func:`theme.selection_tint`), so span colours show
        through it and it is never taken for a span; none over a chosen span (its outline says
        it is chosen, and its own colour stays true)."""
        base = QApplication.palette()
        text = base.color(QPalette.ColorRole.Text)
        highlight = selection_tint(
            base.color(QPalette.ColorRole.Base), text, list(self._colors.values()), is_dark(base)
        )
        if self._selected is not None:
            highlight.setAlpha(0)
        palette = self.palette()
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, QPalette.ColorRole.Highlight, highlight)
            palette.setColor(group, QPalette.ColorRole.HighlightedText, text)
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
        if (
            event.button() == Qt.MouseButton.LeftButton
            and self.textCursor().hasSelection()
            and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
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
        point = event.position()
        tagged = [span_id for box, span_id in self._tag_hits if box.contains(point)]
        if tagged:
            self.span_clicked.emit(tagged[-1])  # the tag on top
            return
        pos = self.char_at(point.toPoint())
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
            row = (
                f"<span style='color:{color}'>■</span> <b>{html.escape(span.label)}</b>"
                f" <i>{html.escape(span.annotator)}</i>: “{html.escape(excerpt)}”"
            )
            if span.note:
                row += f"<br>&nbsp;&nbsp;&nbsp;note: {html.escape(span.note)}"
            rows.append(row)
        QToolTip.showText(event.globalPos(), "<br>".join(rows), self.viewport())

    # -- painting ---------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        top, bottom = event.rect().top(), event.rect().bottom()
        blocks = self._visible_blocks(top, bottom) if self._doc is not None else []
        self._tag_hits = []
        if blocks and len(self._doc.index):
            painter = QPainter(self.viewport())
            try:
                paint_spans(painter, blocks, self._doc.index, self._fill, self.color_of)
                if self._show_tags:
                    self._tag_hits = paint_tags(painter, blocks, self._doc.index, tag_font(self.font()), self.color_of)
            finally:
                painter.end()
        super().paintEvent(event)
        if blocks:
            painter = QPainter(self.viewport())
            try:
                self._paint_marks(painter, blocks)
            finally:
                painter.end()

    def _paint_marks(self, painter: QPainter, blocks: list[tuple[QTextBlock, QPointF]]) -> None:
        """Outlines over the text: find matches, the chosen span, what a label key would tag."""
        assert self._doc is not None
        text = QColor(self.palette().color(QPalette.ColorRole.Text))
        if self._find is not None:
            text.setAlpha(150)
            painter.setPen(QPen(text, 1.0))
            for start, end in self._matches(blocks):
                outline(painter, blocks, start, end, 0.5)
            text.setAlpha(255)
        mark = self._doc.index.get(self._selected) if self._selected is not None else None
        if mark is not None:
            color = QColor(self.color_of(mark.label))
            painter.setPen(QPen(color.lighter(130) if is_dark(self.palette()) else color.darker(150), 1.6))
            outline(painter, blocks, mark.start, mark.end)
        elif self._target is not None:
            painter.setPen(QPen(text, 1.4, Qt.PenStyle.DashLine))
            outline(painter, blocks, *self._target, 1.5)

    def _matches(self, blocks: list[tuple[QTextBlock, QPointF]]) -> list[tuple[int, int]]:
        """UTF-16 ranges of the find pattern's matches in the visible blocks."""
        assert self._doc is not None and self._find is not None
        last = blocks[-1][0]
        lo, hi = self._doc.to_cp(blocks[0][0].position(), last.position() + last.length())
        return [
            self._doc.to_utf16(m.start(), m.end())
            for m in self._find.finditer(self._doc.text, lo, min(hi, len(self._doc.text)))
        ]

    def _fill(self, labels: tuple[str, ...]) -> QColor:
        color = self._fills.get(labels)
        if color is None:
            base = self.palette().color(QPalette.ColorRole.Base)
            colors = [self._colors.get(lab, QColor("gray")) for lab in labels]
            color = self._fills[labels] = blend_fill(colors, base, is_dark(self.palette()))
        return color

    # -- zoom -------------------------------------------------------------

    def set_point_size(self, size: float) -> None:
        """Zoom: the reading font at ``size`` points; the line at the top stays at the top."""
        place, chosen = self.place16(), self._selected
        self.setFont(reading_font(size))
        self.document().setDefaultFont(self.font())
        self._fit_column()  # the column's width is counted in lines of this font
        if self._show_tags:  # the tags' room between lines grows with the font
            self._show_tags = False
            self.set_label_names(True)
        self.go_to16(*place[:3], chosen=chosen)

    def point_size(self) -> float:
        return self.font().pointSizeF()
