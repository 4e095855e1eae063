"""Traps that damage work: a just-tagged span not chosen, keys a dialog and the window share,
a re-read that throws the place away, a selection the colour of a span."""

from __future__ import annotations

import pytest
from gui_helpers import click_at
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QKeySequence, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.gui.common.dialogs import NoteDialog
from annotator.gui.common.keys import FINISHING
from annotator.gui.common.theme import SELECTION_CONTRAST, delta_e
from annotator.gui.dialogs.key_bindings import CONFIRM_KEYS, portable
from annotator.model import Status

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def type_into_note_dialog(qtbot, text: str, *, confirm=(Qt.Key.Key_Return, CTRL)) -> list[NoteDialog]:
    """When the note dialog comes up (a nested event loop), type ``text`` and confirm it with the keyboard."""
    seen: list[NoteDialog] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, NoteDialog) or not dialog.isActiveWindow():
            if isinstance(dialog, NoteDialog):
                dialog.activateWindow()
            QTimer.singleShot(20, answer)
            return
        seen.append(dialog)
        dialog.edit.setFocus()
        QTest.keyClicks(dialog.edit, text)
        QTest.keyClick(dialog.edit, *confirm)

    QTimer.singleShot(0, answer)
    return seen


def back_in(qtbot, window) -> None:
    """The window active again after a dialog, as a window manager makes it (offscreen Qt does not)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)


def test_a_just_tagged_span_is_chosen_and_enter_opens_its_note(qtbot, window):
    view = window.view
    QTest.keyClick(view, Qt.Key.Key_Down, ALT)
    QTest.keyClick(view, Qt.Key.Key_1)
    (span,) = window.store.spans(1)
    assert view.selected_span == span.id  # was: only its text selected, so Enter and F2 did nothing
    table = window.panel.table  # the list follows in the next frame
    qtbot.waitUntil(
        lambda: [window.panel.spans.span(i.row()).id for i in table.selectionModel().selectedRows()] == [span.id],
        timeout=3000,
    )
    seen = type_into_note_dialog(qtbot, "as quoted by AP")
    QTest.keyClick(view, Qt.Key.Key_Return)
    assert seen and window.store.span(span.id).note == "as quoted by AP"
    assert window.doc.id == 1 and window.store.status(1, "alice") is Status.IN_PROGRESS  # not finished
    back_in(qtbot, window)
    assert view.selected_span == span.id
    QTest.keyClick(view, Qt.Key.Key_4)  # a label key on the chosen span relabels it
    assert [(s.id, s.label) for s in window.store.spans(1)] == [(span.id, "evidence")]


def test_a_note_typed_into_nothing_and_confirmed_never_finishes_the_article(window):
    view = window.view
    QTest.keyClick(view, Qt.Key.Key_Escape)  # nothing chosen, nothing selected
    QTest.keyClick(view, Qt.Key.Key_Return)  # no note dialog: there is no span here
    assert "Choose a span first" in window.statusBar().currentMessage()
    QTest.keyClicks(view, "checked against the AP wire")
    for key, mods in (
        (Qt.Key.Key_Return, CTRL),
        (Qt.Key.Key_Enter, CTRL | Qt.KeyboardModifier.KeypadModifier),
        (Qt.Key.Key_Return, CTRL | Qt.KeyboardModifier.ShiftModifier),
        (Qt.Key.Key_Enter, CTRL | Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier),
    ):
        QTest.keyClick(view, key, mods)
    assert window.doc.id == 1  # was: Ctrl+Enter marked the article done and opened the next one
    assert window.store.status(1, "alice") is Status.TODO


def test_no_key_that_finishes_an_article_is_one_a_dialog_confirms_with(qtbot, window):
    dialog = NoteDialog("x", "", window)
    qtbot.addWidget(dialog)
    dialog_keys = {portable(k) for action in dialog.actions() for k in action.shortcuts()}
    assert dialog_keys and dialog_keys <= CONFIRM_KEYS  # the guard knows every key the note dialog confirms with
    for name in FINISHING:
        keys = {portable(k) for k in window.actions_.by_name[name].shortcuts()}
        assert keys and not keys & CONFIRM_KEYS, name
    QTest.keyClick(window.view, Qt.Key.Key_D, CTRL)  # the key that does finish an article
    assert window.store.status(1, "alice") is Status.DONE and window.doc.id == 2
    QTest.keyClick(window.view, Qt.Key.Key_D, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert window.store.status(2, "alice") is Status.SKIPPED and window.doc.id == 3


def _scroll_down_and_choose(window) -> int:
    view = window.view
    view.resize(view.width(), 300)
    for _ in range(3):
        QTest.keyClick(view, Qt.Key.Key_Down, ALT)
        QTest.keyClick(view, Qt.Key.Key_1)
    for _ in range(8):
        QTest.keyClick(view, Qt.Key.Key_Down, ALT)
    QTest.keyClick(view, Qt.Key.Key_3)
    chosen = view.selected_span
    assert chosen is not None and view.verticalScrollBar().value() > 0
    return chosen


def test_saving_a_note_keeps_the_caret_the_scroll_and_the_choice(qtbot, window):
    view = window.view
    chosen = _scroll_down_and_choose(window)
    place, document = view.place16(), view.document()
    type_into_note_dialog(qtbot, "needs a second look")
    QTest.keyClick(view, Qt.Key.Key_F2)
    back_in(qtbot, window)  # back in the window, which re-reads the file on its return
    assert window.store.span(chosen).note == "needs a second look"
    assert view.place16() == place and view.selected_span == chosen  # was: caret to the top, choice dropped
    assert view.document() is document  # nothing changed on disk, so nothing was re-read
    QTest.keyClick(view, Qt.Key.Key_F5)  # View ▸ Refresh re-reads …
    assert view.place16() == place and view.selected_span == chosen  # … and keeps the place too


def test_re_reading_after_another_program_wrote_keeps_the_place(qtbot, window):
    view = window.view
    chosen = _scroll_down_and_choose(window)
    place = view.place16()
    text = window.store.article(1).text
    window.store.add_span(1, "alice", "demand", 0, 9, text=text)  # as another window on the file would
    QTest.keyClick(view, Qt.Key.Key_F5)
    assert len(window.doc.spans) == 5
    assert view.place16() == place and view.selected_span == chosen
    window.actions_.show_all.trigger()  # showing everyone's spans re-reads the article as well
    assert view.place16() == place and view.selected_span == chosen


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_fresh_selection_is_no_label_colour_and_a_new_span_shows_its_own(qtbot, window, theme):
    window.actions_.themes[theme].trigger()
    qtbot.wait(10)  # the new palette reaches the widgets through the event loop
    view = window.view
    text = window.doc.text
    a = text.index("Moscow")
    b = a + len("Moscow")
    spans = {}
    for name, word in (
        ("claim", "Vladimir"),
        ("denial", "Wednesday"),
        ("demand", "guarantees"),
        ("evidence", "eastward"),
    ):  # one word each, all in the first sentence, on screen
        at = text.index(word)
        spans[name] = window.ops.add_span(1, text, name, at, at + len(word))
    view.select16(*window.doc.to_utf16(a, b))
    base = QApplication.palette().color(QPalette.ColorRole.Base)
    selection = _background(view, a, b)
    assert delta_e(selection, base) >= SELECTION_CONTRAST
    for name, span in spans.items():
        view.select16(*window.doc.to_utf16(a, b))
        fill = _background(view, span.start, span.end)
        assert delta_e(selection, fill) >= SELECTION_CONTRAST, (theme, name)  # was 3.6 from denial's fill
    view.select16(*window.doc.to_utf16(a, b))
    QTest.keyClick(view, Qt.Key.Key_2)  # tag it denial: the new span is chosen, its colour shows true
    new = max(window.store.spans(1), key=lambda s: s.id)
    assert (
        delta_e(_background(view, new.start, new.end), _background(view, spans["denial"].start, spans["denial"].end))
        < 3
    )
    window.actions_.themes["light"].trigger()


def _background(view, start: int, end: int) -> QColor:
    """The commonest colour painted over the characters ``[start, end)`` (the glyphs are fewer)."""
    a, b = view.article.to_utf16(start, end)
    view.verticalScrollBar().setValue(0)
    cursor = view.textCursor()
    cursor.setPosition(a)
    first = view.cursorRect(cursor)
    cursor.setPosition(b)
    last = view.cursorRect(cursor)
    assert first.top() == last.top(), "keep the sample on one line"
    image = view.viewport().grab().toImage()
    counts: dict[int, int] = {}
    for x in range(first.left() + 3, last.left() - 2):
        for y in range(first.top() + 3, first.bottom() - 2):
            rgb = image.pixel(x, y)
            counts[rgb] = counts.get(rgb, 0) + 1
    return QColor.fromRgb(max(counts, key=counts.get))


def test_a_drag_shows_the_snapped_span_before_the_key(qtbot, window):
    from gui_helpers import drag_select

    view = window.view
    text = window.doc.text
    a = text.index("Wednesday")
    drag_select(qtbot, view, *window.doc.to_utf16(a + 3, a + len("Wednesday that Mos")))  # "nesday that Mos"
    target = view.tag_target16
    assert target is not None and window.doc.to_cp(*target) == (a, a + len("Wednesday that Moscow"))
    before = view.viewport().grab().toImage()
    QTest.keyClick(view, Qt.Key.Key_1)
    (span,) = window.store.spans(1)
    assert (span.start, span.end) == window.doc.to_cp(*target)  # what was outlined is what was tagged
    assert view.tag_target16 is None and view.selected_span == span.id
    window.actions_.snap.trigger()  # off: the outline is the selection itself
    view.select16(*window.doc.to_utf16(a + 3, a + 7))
    assert window.doc.to_cp(*view.tag_target16) == (a + 3, a + 7)
    window.actions_.snap.trigger()
    assert window.doc.to_cp(*view.tag_target16) == (a, a + len("Wednesday"))
    assert not before.isNull()


def test_enter_on_your_span_at_the_caret_opens_its_note_without_choosing_first(qtbot, window):
    view = window.view
    text = window.doc.text
    span = window.ops.add_span(1, text, "claim", 0, 9)
    click_at(qtbot, view, 40)  # somewhere else: nothing chosen
    cursor = view.textCursor()
    cursor.setPosition(4)
    view.setTextCursor(cursor)  # the caret inside the span, nothing chosen
    seen = type_into_note_dialog(qtbot, "who said it first?")
    QTest.keyClick(view, Qt.Key.Key_Return)
    assert seen and window.store.span(span.id).note == "who said it first?"
    assert QKeySequence("Ctrl+D") in window.actions_.done.shortcuts()
