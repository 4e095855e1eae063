"""Where the keys go: the article has them at the start and after choosing an article; the filter and
the find bar keep the keys that edit text and let the window's commands through; Esc hands them back."""

from __future__ import annotations

from gui_helpers import add_samples
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from test_gui_note_discard import when_active
from test_gui_traps import back_in

from annotator.gui.annotate.main_window import MainWindow
from annotator.gui.dialogs.export_dialog import ExportDialog
from annotator.model import Status

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def shown(qtbot, store, settings) -> MainWindow:
    """A window as a person opens it: nothing in the test moves the focus."""
    window = MainWindow(store, settings, "alice")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    return window


def press(key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """A key to whatever has the keyboard focus, as a keyboard sends it."""
    QTest.keyClick(QApplication.focusWidget(), key, modifiers)


def test_the_article_has_the_keys_when_the_window_opens(qtbot, file_store, settings):
    add_samples(file_store)
    window = shown(qtbot, file_store, settings)
    assert QApplication.focusWidget() is window.view  # was: the article-list filter
    press(Qt.Key.Key_Down, ALT)
    press(Qt.Key.Key_2)  # a label key tags the sentence instead of typing "2" into the filter
    assert window.articles.search.text() == "" and [s.label for s in file_store.spans(1)] == ["denial"]


def test_enter_in_the_article_list_gives_the_article_the_keys(qtbot, file_store, settings):
    add_samples(file_store)
    window = shown(qtbot, file_store, settings)
    press(Qt.Key.Key_L, CTRL)
    press(Qt.Key.Key_Down)  # into the list
    press(Qt.Key.Key_Down)  # the next article opens, the keys stay in the list
    assert window.doc.id == 2 and QApplication.focusWidget() is window.articles.table
    press(Qt.Key.Key_Return)
    assert QApplication.focusWidget() is window.view
    press(Qt.Key.Key_Down, ALT)
    press(Qt.Key.Key_1)
    assert [s.label for s in file_store.spans(2)] == ["claim"]


def test_escape_in_the_filter_gives_the_article_the_keys_and_keeps_its_chosen_span(qtbot, file_store, settings):
    add_samples(file_store)
    window = shown(qtbot, file_store, settings)
    press(Qt.Key.Key_Down, ALT)
    press(Qt.Key.Key_1)
    chosen = window.view.selected_span
    press(Qt.Key.Key_L, CTRL)
    QTest.keyClicks(QApplication.focusWidget(), "mos")
    press(Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is window.view and window.view.selected_span == chosen
    press(Qt.Key.Key_3)  # the label key reaches the chosen span
    assert window.store.span(chosen).label == "demand"


def test_window_commands_reach_the_window_from_the_filter(qtbot, file_store, settings):
    add_samples(file_store)
    window = shown(qtbot, file_store, settings)
    press(Qt.Key.Key_Down, ALT)
    press(Qt.Key.Key_1)
    press(Qt.Key.Key_L, CTRL)
    search = window.articles.search
    QTest.keyClicks(search, "mos")
    press(Qt.Key.Key_Left, CTRL)  # the keys that edit text stay the filter's
    press(Qt.Key.Key_Delete)
    assert search.text() == "os" and search.hasFocus()
    press(Qt.Key.Key_Z, CTRL)  # the window's last edit (was: the filter's typing, then nothing)
    assert file_store.spans(1) == [] and window.statusBar().currentMessage() == "Undone: Tag claim"
    assert search.text() == "os"
    press(Qt.Key.Key_Y, CTRL)
    assert len(file_store.spans(1)) == 1
    search.setFocus()
    seen: list[str] = []
    when_active(ExportDialog, lambda dialog: (seen.append(dialog.windowTitle()), dialog.reject()))
    press(Qt.Key.Key_E, CTRL)  # was: swallowed by the filter (X11's "end of line")
    assert seen == ["Export"]
    back_in(qtbot, window)
    search.setFocus()
    press(Qt.Key.Key_D, CTRL)  # Mark done, not "delete a character"
    assert file_store.status(1, "alice") is Status.DONE
