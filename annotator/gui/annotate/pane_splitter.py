"""The window's three panes side by side, the article always the widest of them.

A plain ``QSplitter`` takes a shrinking window's width from the stretching
pane (the article) until it reaches its minimum, and only then from the side
panes: at 500 px the article was 320 px and the tag panel 403. Here, after
every resize, side panes wider than the article give way down to a third of
the width each, so the article (the thing read) is the widest at any width.
A pane the annotator drags keeps its width until the window is resized.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QSplitter, QWidget

__all__ = ["SIDE_MINIMUM", "PaneSplitter"]

SIDE_MINIMUM = 140  # px a side pane may shrink to in a narrow window (its contents scroll or clip)


class PaneSplitter(QSplitter):
    """Article list, article, tag panel; the middle one stretches and stays the widest."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.keep_middle_widest()

    def keep_middle_widest(self) -> None:
        """Narrow the side panes (to a third of the width at most) where one is wider than the middle."""
        sizes = self.sizes()
        if len(sizes) != 3 or sizes[1] >= max(sizes[0], sizes[2]):
            return
        total = sum(sizes)
        cap = max(total // 3, 0)
        side = [min(sizes[0], cap), min(sizes[2], cap)]
        self.setSizes([side[0], total - side[0] - side[1], side[1]])
