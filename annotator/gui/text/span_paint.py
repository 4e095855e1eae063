"""Painting spans on the laid-out lines of the visible blocks: fills, underline lanes, outlines, label tags.

Every function here gets the visible blocks (with their layout origin in the
viewport) and draws only on them, so a repaint costs what is on screen and
never what the article holds. Positions are Qt's UTF-16 units.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QTextBlock, QTextLine

from .span_index import Mark, SpanIndex, segments

__all__ = [
    "LANES_HEIGHT",
    "LANE_STEP",
    "MAX_LANES",
    "Block",
    "outline",
    "paint_spans",
    "paint_tags",
    "pieces",
    "tag_font",
    "text_on",
]

MAX_LANES = 3  # underline rows drawn between lines; deeper nesting shares the last
STRIPE = 2.0  # underline thickness, px
LANE_STEP = 3.0
LANES_HEIGHT = int(1 + MAX_LANES * LANE_STEP)  # px under every line the lanes take

Block = tuple[QTextBlock, QPointF]  # a visible block and its layout origin in the viewport


def _lines(block: QTextBlock) -> list[QTextLine]:
    layout = block.layout()
    return [layout.lineAt(i) for i in range(layout.lineCount())]


def pieces(lines: list[QTextLine], origin: QPointF, a: int, b: int) -> list[tuple[QRectF, QTextLine]]:
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


def _block_range(block: QTextBlock) -> tuple[int, int]:
    lo = block.position()
    return lo, lo + max(block.length() - 1, 1)


def paint_spans(
    painter: QPainter,
    blocks: list[Block],
    index: SpanIndex,
    fill: Callable[[tuple[str, ...]], QColor],
    color: Callable[[str], QColor],
) -> None:
    """Blended fills where spans lie, then one underline per span in its lane."""
    for block, origin in blocks:
        lo, hi = _block_range(block)
        marks = index.overlapping(lo, hi)
        if not marks:
            continue
        lines = _lines(block)
        for a, b, labels in segments(marks, lo, hi):
            shade = fill(labels)
            for rect, _line in pieces(lines, origin, a - lo, b - lo):
                painter.fillRect(rect, shade)
        for mark in marks:
            lane = min(index.lanes.get(mark.span_id, 0), MAX_LANES - 1)
            stripe = color(mark.label)
            for rect, line in pieces(lines, origin, mark.start - lo, mark.end - lo):
                y = rect.bottom() + 1 + lane * LANE_STEP
                left = rect.left() + (1 if mark.start - lo >= line.textStart() else 0)
                right = rect.right() - (1 if mark.end - lo <= line.textStart() + line.textLength() else 0)
                painter.fillRect(QRectF(left, y, max(right - left, 1.0), STRIPE), stripe)


def outline(painter: QPainter, blocks: list[Block], start: int, end: int, grow: float = 1.0) -> None:
    """A box (with the painter's pen) round each line's piece of ``[start, end)``."""
    for block, origin in blocks:
        lo, hi = _block_range(block)
        if end <= lo or start > hi:
            continue
        for rect, _line in pieces(_lines(block), origin, start - lo, end - lo):
            painter.drawRect(rect.adjusted(-grow, -grow, grow, grow))


def tag_font(reading: QFont) -> QFont:
    """The small sans-serif font label tags are written in."""
    font = QFont()
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPointSizeF(max(reading.pointSizeF() * 0.68, 7.5))
    font.setBold(True)
    return font


def text_on(background: QColor) -> QColor:
    """Black or white, whichever reads better on ``background``."""
    luminance = 0.2126 * background.redF() + 0.7152 * background.greenF() + 0.0722 * background.blueF()
    return QColor("#000000") if luminance > 0.5 else QColor("#ffffff")


def paint_tags(
    painter: QPainter, blocks: list[Block], index: SpanIndex, font: QFont, color: Callable[[str], QColor]
) -> list[tuple[QRectF, int]]:
    """A box with the label's name above the first character of each span starting on screen.

    Tags on one line never cover each other: a tag that would is pushed right
    of the one before it (as brat and INCEpTION stack theirs). Returns each
    tag's box and span, so that a click on a tag can choose its span.
    """
    metrics = QFontMetricsF(font)
    height = metrics.height()
    painter.setFont(font)
    hits: list[tuple[QRectF, int]] = []
    for block, origin in blocks:
        lo, hi = _block_range(block)
        starting = [m for m in index.overlapping(lo, hi) if lo <= m.start < hi]
        if not starting:
            continue
        layout = block.layout()
        right_of: dict[int, float] = {}  # line number -> right edge of its last tag
        for mark in sorted(starting, key=lambda m: (m.start, -m.end, m.span_id)):
            line = layout.lineForTextPosition(mark.start - lo)
            if not line.isValid():
                continue
            x = max(origin.x() + line.cursorToX(mark.start - lo)[0], right_of.get(line.lineNumber(), -1e9) + 2)
            box = _paint_tag(painter, mark, QPointF(x, origin.y() + line.y() - height - 1), metrics, color)
            right_of[line.lineNumber()] = box.right()
            hits.append((box, mark.span_id))
    return hits


def _paint_tag(
    painter: QPainter, mark: Mark, at: QPointF, metrics: QFontMetricsF, color: Callable[[str], QColor]
) -> QRectF:
    box = QRectF(at.x(), at.y(), metrics.horizontalAdvance(mark.label) + 6, metrics.height())
    shade = color(mark.label)
    painter.fillRect(box, shade)
    painter.setPen(text_on(shade))
    painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), mark.label)
    return box
