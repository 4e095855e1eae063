"""After an undo or redo the status bar says what was undone or redone, not the edit taken back."""

from __future__ import annotations

from gui_helpers import open_window
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from test_gui_review import _key, _open_review, _two_annotators

from annotator import adjudication as adj

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def test_the_main_window_says_undone_and_redone(qtbot, window):
    QTest.keyClick(window.view, Qt.Key.Key_Down, ALT)
    QTest.keyClick(window.view, Qt.Key.Key_1)
    QTest.keyClick(window.view, Qt.Key.Key_PageDown, CTRL)
    QTest.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert window.doc.id == 1 and window.store.spans(1) == []
    assert window.statusBar().currentMessage() == "Undone: Tag claim"  # was: "claim by alice: “…”"
    QTest.keyClick(window.view, Qt.Key.Key_Y, CTRL)
    assert window.statusBar().currentMessage() == "Redone: Tag claim" and len(window.store.spans(1)) == 1


def test_the_review_view_says_undone(qtbot, file_store, settings):
    _two_annotators(file_store)
    window = open_window(qtbot, file_store, settings, annotator="rev")
    review = _open_review(qtbot, window)
    first = review.article_id
    _key(review, Qt.Key.Key_1, ALT)
    _key(review, Qt.Key.Key_Return)
    assert file_store.spans(first, [adj.GOLD])
    said = review.statusBar().currentMessage()
    _key(review, Qt.Key.Key_Z, CTRL)
    assert file_store.spans(first, [adj.GOLD]) == []
    message = review.statusBar().currentMessage()
    assert message.startswith("Undone: ") and message != said
