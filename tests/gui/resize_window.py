"""Run by test_gui_wide.py in a child process: the window resized and its splitters dragged, wide to narrow.

A resize feedback loop in the article view is a stack overflow, which kills
the process (SIGSEGV) instead of raising: run here, it fails the test without
taking pytest down. Every step prints one line the test reads back:
``step WIDTH VIEW_WIDTH LEFT RIGHT COLUMN LIST``, where ``COLUMN`` is the
widest reading column the view allows and ``LIST`` the article list's width.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from gui_helpers import add_samples
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

SIZES = ((800, 600), (1024, 700), (1366, 768), (1600, 1000), (1920, 1080), (2560, 1440), (3840, 2160))


def report(app: QApplication, window, step: str) -> None:
    app.processEvents()
    view = window.view
    view.viewport().repaint()  # paints the spans of the visible blocks at this width
    margins = view.viewportMargins()
    print(
        f"{step} {window.width()} {view.width()} {margins.left()} {margins.right()} {view.column_width()} "
        f"{window.splitter.sizes()[0]}",
        flush=True,
    )


def drag_handle(app: QApplication, window, index: int, dx: int) -> None:
    """Drag splitter handle ``index`` by ``dx`` pixels with the mouse."""
    handle = window.splitter.handle(index)
    at = QPoint(handle.width() // 2, handle.height() // 2)
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)
    for _ in range(8):  # the handle follows the pointer, so each move is relative to where it now is
        QTest.mouseMove(handle, at + QPoint(dx // 8, 0))
    QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)
    app.processEvents()


def main() -> int:
    from annotator.gui.annotate.main_window import MainWindow
    from annotator.gui.common.settings import Settings
    from annotator.store import Store

    app = QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "a.db")
        add_samples(store)
        store.add_span(1, "alice", "claim", 0, 20, text=store.article(1).text)
        window = MainWindow(store, Settings(Path(tmp) / "s.ini"), "alice")
        window.show()
        for width, height in SIZES + tuple(reversed(SIZES)):
            window.resize(width, height)
            report(app, window, "resize")
        window.resize(3840, 2160)
        report(app, window, "resize")
        drag_handle(app, window, 1, -2000)  # the list pane dragged shut
        report(app, window, "collapse")
        drag_handle(app, window, 2, 1500)  # the tag panel pushed to its narrowest
        report(app, window, "drag")
        drag_handle(app, window, 1, 700)
        report(app, window, "drag")
        for _ in range(4):
            window.zoom(1)  # a bigger font widens the column
            report(app, window, "zoom")
        window.zoom(0)
        window.showMaximized()
        report(app, window, "maximize")
        window.showNormal()
        window.resize(1024, 700)
        report(app, window, "resize")
        window.close()
        store.close()
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
