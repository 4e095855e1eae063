"""The review view's keys: it finishes an article with the main window's finishing key (Ctrl+D, never a key a
dialog confirms with), its gold lane's selection keys follow Edit ▸ Key bindings, and README, the F1 sheet
and the menus say the same."""

from __future__ import annotations

import re
from pathlib import Path

from gui_helpers import open_window
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from test_gui_review import ALT, CTRL, SHIFT, _answer, _key, _open_review, _two_annotators
from test_gui_traps import back_in

from annotator import adjudication as adj
from annotator.gui.common.dialogs import ShortcutSheet
from annotator.gui.dialogs.key_bindings import KeyBindingsDialog
from annotator.model import Status

README = Path(__file__).resolve().parents[2] / "README.md"


def _review(qtbot, file_store, settings):
    _two_annotators(file_store)
    window = open_window(qtbot, file_store, settings, annotator="rev")
    return window, _open_review(qtbot, window)


def _adjudicated(store, article_id: int) -> bool:
    return adj.GOLD in store.annotators() and store.status(article_id, adj.GOLD) is Status.DONE


def test_ctrl_d_marks_adjudicated_and_ctrl_return_does_not(qtbot, file_store, settings):
    _, review = _review(qtbot, file_store, settings)
    article_id = review.article_id
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        _key(review, key, CTRL)  # the key the note dialog and every question confirm with
        assert review.confirm_box is None and not _adjudicated(file_store, article_id)
    _key(review, Qt.Key.Key_D, CTRL)  # as in the main window: open work left, so it asks
    _answer(qtbot, review, Qt.Key.Key_M, ALT)
    assert _adjudicated(file_store, article_id)


def _sheet_rows(qtbot, review) -> list[tuple[str, ...]]:
    """Press F1 in the review view; the rows of the sheet it opens (then closed with its button)."""
    rows: list[tuple[str, ...]] = []

    def read_and_close() -> None:
        sheet = QApplication.activeModalWidget()
        if not isinstance(sheet, ShortcutSheet):
            QTimer.singleShot(20, read_and_close)
            return
        table = sheet.table
        rows.extend(tuple(table.item(r, c).text() for c in range(3)) for r in range(table.rowCount()))
        close = sheet.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
        QTest.mouseClick(close, Qt.MouseButton.LeftButton)

    QTimer.singleShot(20, read_and_close)
    _key(review, Qt.Key.Key_F1)
    return rows


def test_the_f1_sheet_and_readme_give_the_review_view_its_own_keys(qtbot, file_store, settings):
    _, review = _review(qtbot, file_store, settings)
    rows = _sheet_rows(qtbot, review)
    keys = {action: keys for _menu, action, keys in rows}
    assert keys["Mark adjudicated and go to next"] == "Ctrl+D"
    assert not any("Ctrl+Return" in k or "Ctrl+Enter" in k for k in keys.values())
    assert not any(menu in ("Find bar", "Article list filter") for menu, _a, _k in rows)  # main window's only
    text = README.read_text("utf-8")
    table = text[text.index("| keys (review view) | action |") :]
    table = table[: table.index("\n\n")]
    assert "| `Ctrl+D` | mark the article adjudicated" in table and "Ctrl+Enter" not in table
    bound = {
        s.toString(QKeySequence.SequenceFormat.PortableText)
        for a in review.findChildren(type(review.actions_.undo))
        for s in a.shortcuts()
    }
    documented = {k for k in re.findall(r"`([^`\s]+)`", table) if k not in ("Alt+arrows", "Alt+A", "Alt+M")}
    missing = {k for k in documented if QKeySequence(k).toString(QKeySequence.SequenceFormat.PortableText) not in bound}
    assert not missing, f"README's review table names keys the review view lacks: {sorted(missing)}"


def _rebind(qtbot, window, name: str, key: Qt.Key, modifiers) -> None:
    """Edit ▸ Key bindings in the main window: choose ``name``, press the new key, OK."""
    back_in(qtbot, window)
    window.actions_.by_name["key_bindings"].trigger()
    dialog = window.findChildren(KeyBindingsDialog)[-1]
    qtbot.waitExposed(dialog)
    dialog.choose(name)
    dialog.recorder.setFocus()
    QTest.keyClick(dialog.recorder, key, modifiers)
    QTest.mouseClick(
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )


def _gold_selection(review) -> tuple[int, int]:
    return review.docs[adj.GOLD].to_cp(*review.gold_lane.selection16())


def _next_sentence_moves(qtbot, review, key: Qt.Key, modifiers) -> bool:
    review.activateWindow()
    qtbot.waitUntil(review.isActiveWindow, timeout=3000)
    review.gold_lane.setFocus()
    _key(review, Qt.Key.Key_Escape)
    _key(review, Qt.Key.Key_S, ALT)  # the sentence at the caret
    before = _gold_selection(review)
    _key(review, key, modifiers)
    after = _gold_selection(review)
    return after != before and after[0] >= before[1]


def test_selection_keys_rebound_in_the_main_window_reach_the_review_view(qtbot, file_store, settings):
    _two_annotators(file_store)
    window = open_window(qtbot, file_store, settings, annotator="rev")
    _rebind(qtbot, window, "next_sentence", Qt.Key.Key_Down, CTRL | ALT)  # before the review opens
    back_in(qtbot, window)
    review = _open_review(qtbot, window)
    assert _next_sentence_moves(qtbot, review, Qt.Key.Key_Down, CTRL | ALT)  # was: the defaults only
    assert not _next_sentence_moves(qtbot, review, Qt.Key.Key_Down, ALT)
    _rebind(qtbot, window, "next_sentence", Qt.Key.Key_J, ALT | SHIFT)  # while it is open
    assert _next_sentence_moves(qtbot, review, Qt.Key.Key_J, ALT | SHIFT)
    assert not _next_sentence_moves(qtbot, review, Qt.Key.Key_Down, CTRL | ALT)
