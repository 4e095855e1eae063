"""Esc (or the close button) on the note dialog never throws a typed note away without asking."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox
from test_gui_traps import back_in

from annotator.gui.common.dialogs import NoteDialog

ALT = Qt.KeyboardModifier.AltModifier


def when_active(kind, then) -> None:
    """Run ``then(widget)`` once a modal ``kind`` is up and active (a nested event loop)."""

    def look() -> None:
        widget = QApplication.activeModalWidget()
        if not isinstance(widget, kind) or not widget.isActiveWindow():
            if isinstance(widget, kind):
                widget.activateWindow()
            QTimer.singleShot(10, look)
            return
        then(widget)

    QTimer.singleShot(0, look)


def type_then_escape(text: str, answer: QMessageBox.StandardButton | None, asked: list[str]) -> None:
    """In the note dialog, type ``text`` and press Esc; answer the question (if any) with ``answer``."""

    def in_note(dialog: NoteDialog) -> None:
        dialog.edit.setFocus()
        QTest.keyClicks(dialog.edit, text)
        if answer is not None:
            when_active(
                QMessageBox,
                lambda box: (asked.append(box.text()), QTest.mouseClick(box.button(answer), Qt.MouseButton.LeftButton)),
            )
        QTest.keyClick(dialog.edit, Qt.Key.Key_Escape)
        if dialog.isVisible():  # Cancel: back in the note, with the text still there; now save it
            asked.append(f"kept: {dialog.edit.toPlainText()}")
            ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
            QTest.mouseClick(ok, Qt.MouseButton.LeftButton)

    when_active(NoteDialog, in_note)


def tag_first_sentence(window) -> int:
    QTest.keyClick(window.view, Qt.Key.Key_Down, ALT)
    QTest.keyClick(window.view, Qt.Key.Key_1)
    return window.view.selected_span


def test_escape_on_a_typed_note_asks_and_save_keeps_it(qtbot, window):
    span_id = tag_first_sentence(window)
    asked: list[str] = []
    type_then_escape("A long careful note", QMessageBox.StandardButton.Save, asked)
    QTest.keyClick(window.view, Qt.Key.Key_Return)
    assert asked == ["The note has changes. Save them before closing?"]
    assert window.store.span(span_id).note == "A long careful note"  # was: NULL, the note gone


def test_escape_then_discard_drops_it_and_cancel_goes_back_to_the_note(qtbot, window):
    span_id = tag_first_sentence(window)
    asked: list[str] = []
    type_then_escape("not this", QMessageBox.StandardButton.Discard, asked)
    QTest.keyClick(window.view, Qt.Key.Key_Return)
    assert len(asked) == 1 and window.store.span(span_id).note is None
    back_in(qtbot, window)
    asked.clear()
    type_then_escape("second thoughts", QMessageBox.StandardButton.Cancel, asked)
    QTest.keyClick(window.view, Qt.Key.Key_F2)
    assert asked[1] == "kept: second thoughts" and window.store.span(span_id).note == "second thoughts"


def test_an_unchanged_note_closes_at_once_on_escape(qtbot, window):
    span_id = tag_first_sentence(window)
    asked: list[str] = []
    type_then_escape("", None, asked)  # no question comes: Esc closes the dialog
    QTest.keyClick(window.view, Qt.Key.Key_Return)
    assert asked == [] and window.store.span(span_id).note is None
