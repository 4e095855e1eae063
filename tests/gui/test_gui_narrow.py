"""In a narrow window the article stays the widest pane (it had 320 px beside a 403 px tag panel)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest


def drag_handle(splitter, index: int, dx: int) -> None:
    """Drag splitter handle ``index`` by ``dx`` px with the mouse."""
    handle = splitter.handle(index)
    middle = QPoint(handle.width() // 2, handle.height() // 2)
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, middle)
    QTest.mouseMove(handle, middle + QPoint(dx // 2, 0))
    QTest.mouseMove(handle, middle + QPoint(dx, 0))
    QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, middle + QPoint(dx, 0))


def test_the_article_is_the_widest_pane_at_every_width(qtbot, window):
    window.resize(1366, 700)
    qtbot.waitUntil(lambda: window.width() == 1366, timeout=3000)
    drag_handle(window.splitter, 2, -250)  # a wider tag panel ...
    drag_handle(window.splitter, 1, -400)  # ... and the article list dragged shut
    assert window.splitter.sizes()[0] == 0 and window.splitter.sizes()[2] > 400
    for width in (500, 1600, 640, 2400, 520, 1024, 700):
        window.resize(width, 400)
        qtbot.waitUntil(lambda w=width: window.width() == w or window.minimumSizeHint().width() > w, timeout=3000)
        listing, article, panel = window.splitter.sizes()
        assert article >= listing and article >= panel, (width, window.splitter.sizes())
