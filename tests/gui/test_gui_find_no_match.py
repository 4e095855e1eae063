"""Find with no match, then Esc: the selection is what it was before the find, not the last prefix match."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def test_no_match_then_escape_goes_back_to_the_selection_before_the_find(qtbot, window):
    view = window.view
    QTest.keyClick(view, Qt.Key.Key_Down, ALT)
    before = view.selection16()
    QTest.keyClick(view, Qt.Key.Key_F, CTRL)
    edit = QApplication.focusWidget()
    QTest.keyClicks(edit, "NATO")
    assert view.selection16() != before  # the match is shown while there is one
    QTest.keyClicks(edit, " 1")  # no such text
    assert window.find_bar.count.text() == "no match" and view.selection16() == before
    QTest.keyClick(edit, Qt.Key.Key_Escape)
    assert view.hasFocus() and view.selection16() == before  # was: "NATO " still selected
    QTest.keyClick(view, Qt.Key.Key_2)  # so a label key tags the sentence, not a word not found
    (span,) = window.store.spans(1)
    assert window.doc.to_utf16(span.start, span.end) == before


def test_a_found_match_stays_selected_after_escape(qtbot, window):
    view = window.view
    QTest.keyClick(view, Qt.Key.Key_F, CTRL)
    QTest.keyClicks(QApplication.focusWidget(), "NATO")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    start, end = window.doc.to_cp(*view.selection16())
    assert window.doc.text[start:end].lower() == "nato"
