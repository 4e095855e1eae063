"""Keyboard all the way: spans chosen and stepped through, the span list, label tags, find,
the list filter, the place in each article, rebinding keys."""

from __future__ import annotations

from gui_helpers import open_window
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox
from test_gui_traps import back_in, type_into_note_dialog

from annotator.gui.common.dialogs import shortcut_rows
from annotator.gui.dialogs.key_bindings import KeyBindingsDialog

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def caret_to(view, pos16: int) -> None:
    """Move the caret with the arrow keys, as a person would."""
    QTest.keyClick(view, Qt.Key.Key_Escape)
    QTest.keyClick(view, Qt.Key.Key_Home, CTRL)
    for _ in range(pos16):
        QTest.keyClick(view, Qt.Key.Key_Right)
    assert view.textCursor().position() == pos16


def test_space_chooses_the_span_at_the_caret_and_alt_n_p_step_through_spans(qtbot, window):
    view, text = window.view, window.doc.text
    outer = window.ops.add_span(1, text, "claim", 0, 40)
    inner = window.ops.add_span(1, text, "evidence", 10, 20)
    later = window.ops.add_span(1, text, "demand", 100, 120)
    caret_to(view, 12)
    QTest.keyClick(view, Qt.Key.Key_Space)
    assert view.selected_span == inner.id  # innermost first
    QTest.keyClick(view, Qt.Key.Key_Space)
    assert view.selected_span == outer.id  # again: the one enclosing it
    QTest.keyClick(view, Qt.Key.Key_Space)
    assert view.selected_span == inner.id  # and round
    QTest.keyClick(view, Qt.Key.Key_N, ALT)
    assert view.selected_span == later.id and "demand" in window.statusBar().currentMessage()
    QTest.keyClick(view, Qt.Key.Key_N, ALT)
    assert view.selected_span == later.id and "No span after" in window.statusBar().currentMessage()
    for expected in (inner, outer, outer):
        QTest.keyClick(view, Qt.Key.Key_P, ALT)
        assert view.selected_span == expected.id
    QTest.keyClick(view, Qt.Key.Key_F8)
    assert view.selected_span == inner.id
    # Now relabel, annotate and delete it without the mouse.
    QTest.keyClick(view, Qt.Key.Key_3)
    assert window.store.span(inner.id).label == "demand"
    type_into_note_dialog(qtbot, "nested in the claim")
    QTest.keyClick(view, Qt.Key.Key_Return)
    assert window.store.span(inner.id).note == "nested in the claim"
    back_in(qtbot, window)
    assert view.selected_span == inner.id
    QTest.keyClick(view, Qt.Key.Key_Delete)
    assert {s.id for s in window.store.spans(1)} == {outer.id, later.id}
    caret_to(view, 60)  # between spans: Space finds none, Alt+N the next one
    QTest.keyClick(view, Qt.Key.Key_Space)
    assert view.selected_span is None and "No span at the cursor" in window.statusBar().currentMessage()
    QTest.keyClick(view, Qt.Key.Key_N, ALT)
    assert view.selected_span == later.id


def test_the_span_list_chooses_its_row_from_the_keys_and_delete_deletes_that_row(qtbot, window):
    view, text = window.view, window.doc.text
    spans = [window.ops.add_span(1, text, "claim", a, a + 9) for a in (0, 100, 200)]
    table = window.panel.table
    table.setFocus()
    QTest.keyClick(table, Qt.Key.Key_Home, CTRL)
    QTest.keyClick(table, Qt.Key.Key_Down)
    row = table.currentIndex().row()
    chosen = window.panel.spans.span(row)
    assert view.selected_span == chosen.id and table.hasFocus()  # the keys stay in the list
    QTest.keyClick(table, Qt.Key.Key_Delete)
    assert {s.id for s in window.store.spans(1)} == {s.id for s in spans} - {chosen.id}
    assert view.selected_span is None  # the row that moved up is not chosen by the delete …
    QTest.keyClick(table, Qt.Key.Key_Delete)
    assert len(window.store.spans(1)) == 2  # … so a second Delete takes nothing
    QTest.keyClick(table, Qt.Key.Key_Up)
    QTest.keyClick(table, Qt.Key.Key_Delete)  # but a row moved to is chosen again
    assert len(window.store.spans(1)) == 1


def _tag_pixels(window, span) -> int:
    """Pixels of exactly the span's label colour in the band above its first line (where its tag goes)."""
    view = window.view
    cursor = QTextCursor(view.document())
    cursor.setPosition(window.doc.to_utf16(span.start, span.end)[0])
    rect = view.cursorRect(cursor)
    image = view.viewport().grab().toImage()
    color = QColor(window.store.labels.get(span.label).color).rgb()
    return sum(
        image.pixel(x, y) == color
        for x in range(rect.left(), rect.left() + 30)
        for y in range(max(rect.top() - 16, 0), rect.top())
    )


def test_label_names_show_on_the_spans_switch_with_a_key_and_are_remembered(qtbot, sample_store, settings):
    window = open_window(qtbot, sample_store, settings)
    view = window.view
    QTest.keyClick(view, Qt.Key.Key_S, ALT)
    QTest.keyClick(view, Qt.Key.Key_1)
    (span,) = window.store.spans(1)
    assert _tag_pixels(window, span) == 0
    QTest.keyClick(view, Qt.Key.Key_L, CTRL | SHIFT)
    assert settings.label_names and window.actions_.label_names.isChecked()
    assert _tag_pixels(window, span) > 20  # a box in claim's colour over the span's first word
    assert view.selected_span == span.id  # the choice (and the place) survive the new line spacing
    QTest.keyClick(view, Qt.Key.Key_Escape)
    cursor = QTextCursor(view.document())
    cursor.setPosition(0)
    rect = view.cursorRect(cursor)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.left() + 6, rect.top() - 6))
    assert view.selected_span == span.id  # a click on the tag chooses its span
    window.close()
    again = open_window(qtbot, sample_store, settings)
    assert again.view.label_names_shown and _tag_pixels(again, span) > 20


def test_find_in_the_article_steps_through_matches_and_esc_leaves_the_match_to_tag(qtbot, window):
    view, text = window.view, window.doc.text
    bar = window.find_bar
    QTest.keyClick(view, Qt.Key.Key_F, CTRL)
    assert bar.isVisible() and bar.edit.hasFocus()
    QTest.keyClicks(bar.edit, "putin said")  # a space types a space here, and case does not matter
    starts = [i for i in range(len(text)) if text.lower().startswith("putin said", i)]
    assert len(starts) >= 3
    assert window.doc.to_cp(*view.selection16()) == (starts[0], starts[0] + 10)
    assert bar.count.text() == f"1 of {len(starts)}"
    QTest.keyClick(bar.edit, Qt.Key.Key_Return)
    assert window.doc.to_cp(*view.selection16())[0] == starts[1]
    QTest.keyClick(bar.edit, Qt.Key.Key_Return, SHIFT)
    QTest.keyClick(bar.edit, Qt.Key.Key_Return, SHIFT)  # past the first: round to the last
    assert window.doc.to_cp(*view.selection16())[0] == starts[-1]
    QTest.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible() and view.hasFocus()
    QTest.keyClick(view, Qt.Key.Key_F3)  # from the article: the same query, on round to the first
    assert window.doc.to_cp(*view.selection16())[0] == starts[0] and view.hasFocus()
    QTest.keyClick(view, Qt.Key.Key_F3, SHIFT)
    assert window.doc.to_cp(*view.selection16())[0] == starts[-1]
    QTest.keyClick(view, Qt.Key.Key_1)  # the match is selected: a label key tags it
    (span,) = window.store.spans(1)
    assert span.start == starts[-1] and span.text.lower() == "putin said"


def test_the_list_filter_has_its_own_key_and_enter_or_down_go_into_the_list(qtbot, window):
    view = window.view
    window.splitter.setSizes([0, 900, 300])  # the list dragged shut: its key opens it again
    QTest.keyClick(view, Qt.Key.Key_L, CTRL)
    search = window.articles.search
    assert search.hasFocus() and window.splitter.sizes()[0] > 0
    QTest.keyClicks(search, "Navalny")
    QTest.keyClick(search, Qt.Key.Key_Return)
    table = window.articles.table
    assert table.hasFocus() and window.articles.model.rowCount() == 1
    assert "Navalny" in window.doc.text  # the first match opened
    QTest.keyClick(table, Qt.Key.Key_L, CTRL)
    search.clear()
    QTest.keyClicks(search, "Putin")
    QTest.keyClick(search, Qt.Key.Key_Down)
    assert table.hasFocus() and window.articles.model.rowCount() > 1
    QTest.keyClick(table, Qt.Key.Key_Down)  # and on through the list
    assert window.doc.id == window.articles.model.row(table.currentIndex().row()).id


def _read_somewhere(window) -> tuple[int, int, int, int]:
    view = window.view
    for _ in range(3):
        QTest.keyClick(view, Qt.Key.Key_PageDown)
    for _ in range(2):
        QTest.keyClick(view, Qt.Key.Key_Down, ALT)
    assert view.verticalScrollBar().value() > 0
    return view.place16()


def test_an_article_reopens_where_it_was_left_in_the_same_run_and_after_a_restart(qtbot, sample_store, settings):
    window = open_window(qtbot, sample_store, settings)
    window.view.resize(window.view.width(), 320)
    place = _read_somewhere(window)
    QTest.keyClick(window.view, Qt.Key.Key_PageDown, CTRL)
    assert window.doc.id == 2 and window.view.verticalScrollBar().value() == 0  # a new article: the top
    QTest.keyClick(window.view, Qt.Key.Key_PageUp, CTRL)
    assert window.doc.id == 1 and window.view.place16() == place  # was: back at the top
    window.close()
    again = open_window(qtbot, sample_store, settings)
    assert again.doc.id == 1
    anchor, caret, top, _offset = place
    qtbot.waitUntil(lambda: again.view.place16()[:3] == (anchor, caret, top), timeout=3000)


def test_keys_a_desktop_takes_can_be_rebound_and_the_sheet_and_next_start_follow(qtbot, sample_store, settings):
    window = open_window(qtbot, sample_store, settings)
    window.actions_.by_name["key_bindings"].trigger()
    dialog = window.findChildren(KeyBindingsDialog)[-1]
    qtbot.waitExposed(dialog)
    dialog.choose("grow_start")
    dialog.recorder.setFocus()
    QTest.keyClick(dialog.recorder, Qt.Key.Key_Left, CTRL | ALT)
    assert dialog.bound["grow_start"] == ["Ctrl+Alt+Left"]
    dialog.choose("shrink_start")
    QTest.keyClick(dialog.recorder, Qt.Key.Key_Left, CTRL | ALT)
    assert "already the key of" in dialog.note.text() and dialog.bound["shrink_start"] == ["Alt+Shift+Right"]
    QTest.keyClick(dialog.recorder, Qt.Key.Key_1)
    assert "label claim" in dialog.note.text()
    dialog.choose("mark_done")
    QTest.keyClick(dialog.recorder, Qt.Key.Key_Return, CTRL)
    assert "confirms dialogs" in dialog.note.text() and dialog.bound["mark_done"] == ["Ctrl+D"]
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    QTest.mouseClick(ok, Qt.MouseButton.LeftButton)
    back_in(qtbot, window)
    view, text = window.view, window.doc.text
    QTest.keyClick(view, Qt.Key.Key_S, ALT)  # the first sentence …
    QTest.keyClick(view, Qt.Key.Key_Down, ALT)  # … no, the second
    start, end = window.doc.to_cp(*view.selection16())
    QTest.keyClick(view, Qt.Key.Key_Left, ALT | SHIFT)  # the old key: nothing now
    assert window.doc.to_cp(*view.selection16()) == (start, end)
    QTest.keyClick(view, Qt.Key.Key_Left, CTRL | ALT)  # the new one grows the start by a word
    grown = window.doc.to_cp(*view.selection16())
    assert grown[1] == end and grown[0] < start and " " not in text[grown[0] : start].strip()
    sheet = {(action, keys) for _menu, action, keys in shortcut_rows(window.menuBar())}
    assert ("Grow start by a word", "Ctrl+Alt+Left") in sheet
    window.close()
    again = open_window(qtbot, sample_store, settings)
    assert [k.toString() for k in again.actions_.by_name["grow_start"].shortcuts()] == ["Ctrl+Alt+Left"]


def test_keys_the_window_binds_still_edit_text_in_the_filter_and_find_boxes(qtbot, window):
    view, text = window.view, window.doc.text
    span = window.ops.add_span(1, text, "claim", 0, 9)
    window.choose_span(span.id)
    for box, opener in ((window.articles.search, Qt.Key.Key_L), (window.find_bar.edit, Qt.Key.Key_F)):
        QTest.keyClick(view, opener, CTRL)
        assert box.hasFocus()
        box.clear()
        QTest.keyClicks(box, "Putin 12")  # a space and label keys type themselves
        QTest.keyClick(box, Qt.Key.Key_Backspace)  # the window's Delete span keys edit the text here
        QTest.keyClick(box, Qt.Key.Key_Home)
        QTest.keyClick(box, Qt.Key.Key_Delete)
        assert box.text() == "utin 1"
        window.choose_span(span.id)
    assert [s.id for s in window.store.spans(1)] == [span.id]  # nothing tagged, nothing deleted


def test_zooming_keeps_the_line_at_the_top(qtbot, window):
    view = window.view
    view.resize(view.width(), 320)
    _read_somewhere(window)

    def on_top_line(pos: int) -> bool:
        cursor = QTextCursor(view.document())
        cursor.setPosition(pos)
        line = view.fontMetrics().height() * 1.6
        return -line < view.cursorRect(cursor).top() < line

    for key in (Qt.Key.Key_Plus, Qt.Key.Key_Plus, Qt.Key.Key_Minus, Qt.Key.Key_0):
        top = view.place16()[2]  # the character heading the view …
        QTest.keyClick(view, key, CTRL)
        assert on_top_line(top), key  # … heads it after the zoom (was: the text reflowed under a fixed offset)
