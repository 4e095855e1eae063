"""Helpers shared by the window tests (imported by name: tests/gui is on sys.path)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from annotator.model import ArticleIn
from annotator.store import Store

SAMPLES = Path(__file__).resolve().parents[2] / "sample_articles"

EMOJI_TEXT = (
    "💩This is an annotation.\n"
    "The 🇺🇦 flag and 👩‍👩‍👧 family: 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 text said “Moscow denies it.”\n"
    "A third line with 😀 and 𠜎 ends here."
)


def add_samples(store: Store) -> list[int]:
    """The five sample articles, read directly (no dependency on the importers)."""
    ids = []
    for path in sorted(SAMPLES.glob("*.txt")):
        text = path.read_text("utf-8")
        title = text.split("\n", 1)[0][:100]
        article_id, _ = store.add_article(ArticleIn(text=text, title=title, origin=path.name, source="sample"))
        ids.append(article_id)
    return ids


def open_window(qtbot, store: Store, settings, annotator: str = "alice"):
    """A shown, active window on ``store`` with the article view focused."""
    from annotator.gui.annotate.main_window import MainWindow

    window = MainWindow(store, settings, annotator)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    window.view.setFocus()
    return window


def point_of(view, pos16: int) -> QPoint:
    """Viewport point in the middle of the line at UTF-16 position ``pos16``, at its left edge."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(pos16)
    rect = view.cursorRect(cursor)
    return QPoint(rect.left() + 1, rect.center().y())


def drag_select(qtbot, view, start16: int, end16: int) -> None:
    """Select ``[start16, end16)`` with real mouse events (press, move, release)."""
    a, b = point_of(view, start16), point_of(view, end16)
    port = view.viewport()
    QTest.mousePress(port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    QTest.mouseMove(port, QPoint((a.x() + b.x()) // 2, b.y()))
    QTest.mouseMove(port, b)
    QTest.mouseRelease(port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)


def click_at(qtbot, view, pos16: int) -> None:
    """A plain click on the character at ``pos16``."""
    p = point_of(view, pos16)
    p.setX(p.x() + 2)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, p)
