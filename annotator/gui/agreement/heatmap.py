"""A confusion matrix of two annotators as a heat map: where do their labels part ways?

Rows are the first annotator's label per token, columns the second's ("none"
is a token outside every span). Agreement cells (the diagonal) are blue,
disagreement cells orange, deeper with more tokens. The none/none cell holds
most tokens of any corpus, so it is left out of the scale (drawn at full
depth); the scale is a square root so that a handful of tokens still shows.
Every cell has its count written in it and a tooltip with the shares.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QHelpEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QToolTip, QWidget

from ...agreement import OUTSIDE, ConfusionMatrix
from ...words import plural

__all__ = ["ConfusionHeatmap", "cell_color"]

_AGREE = QColor("#1f5fa8")
_DISAGREE = QColor("#d9480f")
_CELL = 52  # px


def _short(count: int) -> str:
    return f"{count / 1000:.1f}k" if count >= 10_000 else str(count)


def cell_color(count: int, top: int, diagonal: bool, base: QColor) -> QColor:
    """``base`` blended towards blue (agreement) or orange (disagreement) by ``count`` / ``top``."""
    share = math.sqrt(min(count / top, 1.0)) if top and count else 0.0
    ink = _AGREE if diagonal else _DISAGREE
    a = 0.08 + 0.92 * share if count else 0.0
    return QColor.fromRgbF(
        base.redF() * (1 - a) + ink.redF() * a,
        base.greenF() * (1 - a) + ink.greenF() * a,
        base.blueF() * (1 - a) + ink.blueF() * a,
    )


class ConfusionHeatmap(QWidget):
    """One pair's confusion matrix, painted."""

    def __init__(self, first: str, second: str, matrix: ConfusionMatrix, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.first, self.second, self.matrix = first, second, matrix
        self.names = ["none" if lab == OUTSIDE else lab for lab in matrix.labels]
        self._font = QFont(self.font())
        self._font.setPointSizeF(max(self._font.pointSizeF() - 1, 7.0))
        metrics = QFontMetrics(self._font)
        self._left = max(metrics.horizontalAdvance(n) for n in self.names) + 14 if self.names else 40
        self._top = metrics.height() * 2 + 12
        cells = [
            c
            for i, row in enumerate(matrix.counts)
            for j, c in enumerate(row)
            if not (matrix.labels[i] == OUTSIDE and matrix.labels[j] == OUTSIDE)
        ]
        self._max = max(cells, default=0)
        n = len(self.names)
        self.setMinimumSize(self._left + n * _CELL + 8, self._top + n * _CELL + 8)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def cell_rect(self, i: int, j: int) -> QRect:
        """Where row ``i``, column ``j`` is drawn."""
        return QRect(self._left + j * _CELL, self._top + i * _CELL, _CELL - 2, _CELL - 2)

    def cell_at(self, point: QPoint) -> tuple[int, int] | None:
        n = len(self.names)
        j, i = (point.x() - self._left) // _CELL, (point.y() - self._top) // _CELL
        return (i, j) if point.x() >= self._left and point.y() >= self._top and i < n and j < n else None

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.setFont(self._font)
            self._paint_axes(painter)
            self._paint_cells(painter)
        finally:
            painter.end()

    def _paint_axes(self, painter: QPainter) -> None:
        text = self.palette().color(QPalette.ColorRole.WindowText)
        painter.setPen(text)
        n = len(self.names)
        height = painter.fontMetrics().height()
        title = f"rows: {self.first}   ·   columns: {self.second}"
        painter.drawText(QRect(0, 2, self._left + n * _CELL, height), int(Qt.AlignmentFlag.AlignLeft), title)
        for k, name in enumerate(self.names):
            top = QRect(self._left + k * _CELL, height + 6, _CELL - 2, height + 4)
            painter.drawText(
                top,
                int(Qt.AlignmentFlag.AlignCenter),
                painter.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, _CELL - 2),
            )
            left = QRect(0, self._top + k * _CELL, self._left - 8, _CELL - 2)
            painter.drawText(left, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), name)

    def _paint_cells(self, painter: QPainter) -> None:
        base = self.palette().color(QPalette.ColorRole.Base)
        labels = self.matrix.labels
        for i, row in enumerate(self.matrix.counts):
            for j, count in enumerate(row):
                both_none = labels[i] == OUTSIDE and labels[j] == OUTSIDE
                color = cell_color(self._max if both_none and count else count, self._max, i == j, base)
                rect = self.cell_rect(i, j)
                painter.fillRect(rect, color)
                painter.setPen(QColor("white") if color.lightnessF() < 0.55 else QColor("#1b1b1b"))
                painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), _short(count))

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            cell = self.cell_at(event.pos())
            if cell is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.tooltip(*cell), self)
            return True
        return super().event(event)

    def tooltip(self, i: int, j: int) -> str:
        """What one cell counts, in words."""
        count = self.matrix.counts[i][j]
        row_total = sum(self.matrix.counts[i]) or 1
        col_total = sum(r[j] for r in self.matrix.counts) or 1
        a, b = self.names[i], self.names[j]
        return (
            f"{self.first}: {a} · {self.second}: {b}\n{plural(count, 'token')}"
            f" ({count / row_total:.0%} of {self.first}'s {a}, {count / col_total:.0%} of {self.second}'s {b})"
        )
