"""A label key that a window command also has: Qt fires neither, so the scheme refuses such a key."""

from __future__ import annotations

from gui_helpers import open_window
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QPushButton

from annotator.gui.annotate.label_dialog import LabelSchemeDialog

ALT = Qt.KeyboardModifier.AltModifier


def answer_key_dialog(keys: str) -> list[str]:
    """When Labels ▸ Key… asks for the key, type ``keys`` over the old one and press Enter."""
    asked: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog) or not dialog.isActiveWindow():
            if isinstance(dialog, QInputDialog):
                dialog.activateWindow()
            QTimer.singleShot(10, answer)
            return
        asked.append(dialog.labelText())
        edit = dialog.findChild(QLineEdit)
        edit.setFocus()
        QTest.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClicks(edit, keys)
        QTest.keyClick(edit, Qt.Key.Key_Return)

    QTimer.singleShot(0, answer)
    return asked


def rekey(qtbot, dialog: LabelSchemeDialog, name: str, keys: str) -> None:
    dialog.select(name)
    asked = answer_key_dialog(keys)
    button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Key…")
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    assert asked


def test_the_labels_dialog_refuses_a_rebound_command_key_and_both_keys_keep_working(qtbot, sample_store, settings):
    settings.set_keys("next_span", ["5"])  # allowed: no label has 5
    window = open_window(qtbot, sample_store, settings)
    text = window.doc.text
    first = window.ops.add_span(1, text, "claim", 0, 10)
    window.ops.add_span(1, text, "claim", 40, 50)
    dialog = LabelSchemeDialog(window.ops, window)
    qtbot.addWidget(dialog)
    dialog.show()
    rekey(qtbot, dialog, "claim", "5")
    assert "5 is the key of the window command “Next span”" in dialog.problem.text()
    assert window.store.labels.get("claim").key == "1"
    rekey(qtbot, dialog, "demand", " ")
    assert "Space is the key of the window command “Choose the span at the cursor" in dialog.problem.text()
    assert window.store.labels.get("demand").key == "3"
    dialog.close()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_5)  # still "next span", not swallowed as an ambiguous key
    assert window.view.selected_span == first.id
    QTest.keyClick(window.view, Qt.Key.Key_Down, ALT)
    QTest.keyClick(window.view, Qt.Key.Key_1)  # and the label key still tags
    assert len([s for s in window.store.spans(1) if s.label == "claim"]) == 3


def test_a_scheme_that_already_holds_a_command_key_leaves_it_unbound_and_says_so(qtbot, sample_store, settings):
    # A label key set before the check existed (another program's UPDATE): the command keeps its key.
    with sample_store.write() as conn:
        conn.execute("UPDATE labels SET key = ' ' WHERE name = 'claim'")
    window = open_window(qtbot, sample_store, settings)
    assert window.actions_.label_actions["claim"].shortcuts() == []
    assert "The key of label claim is left unbound" in window.statusBar().currentMessage()
    span = window.ops.add_span(1, window.doc.text, "denial", 0, 10)
    QTest.keyClick(window.view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(window.view, Qt.Key.Key_Space)
    assert window.view.selected_span == span.id
