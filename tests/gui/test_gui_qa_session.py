"""Regressions found by using the window on a real X display (QA session)."""

from __future__ import annotations

from gui_helpers import click_at, drag_select
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.gui.common.dialogs import NoteDialog
from annotator.gui.dialogs.import_dialog import summary_box
from annotator.importers.records import NO_ANNOTATOR
from annotator.store import ImportResult

CTRL = Qt.KeyboardModifier.ControlModifier


def test_ctrl_enter_saves_the_note(qtbot):
    dialog = NoteDialog("Putin said", "")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
    dialog.edit.setFocus()
    QTest.keyClicks(dialog.edit, "quoted by AP")
    QTest.keyClick(dialog.edit, Qt.Key.Key_Return, CTRL)
    assert dialog.result() == NoteDialog.DialogCode.Accepted and not dialog.isVisible()
    assert dialog.note() == "quoted by AP"


def test_deleting_the_chosen_span_leaves_no_row_chosen_in_the_list(qtbot, window):
    view = window.view
    for key in (Qt.Key.Key_1, Qt.Key.Key_2):
        QTest.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
        QTest.keyClick(view, key)
    first = min(window.store.spans(1), key=lambda s: s.start)
    click_at(qtbot, view, window.doc.to_utf16(first.start, first.end)[0] + 2)
    assert view.selected_span == first.id
    QTest.keyClick(view, Qt.Key.Key_Delete)
    assert len(window.store.spans(1)) == 1
    assert view.selected_span is None
    assert not window.panel.table.selectionModel().hasSelection()  # was: the next row looked chosen


def test_label_buttons_follow_a_theme_switch(window):
    def button_fill() -> int:
        image = window.panel.button("claim").grab().toImage()
        return image.pixelColor(image.width() - 6, image.height() // 2).lightness()

    window.actions_.themes["light"].trigger()
    assert button_fill() > 128
    window.actions_.themes["dark"].trigger()
    assert button_fill() < 128  # was: light buttons with dark text until the scheme changed
    window.actions_.themes["light"].trigger()
    assert button_fill() > 128
    assert QApplication.palette().base().color().lightness() > 128


def test_dragging_from_inside_the_just_tagged_span_selects_anew(qtbot, window):
    view = window.view
    view.select16(0, 9)  # "President"
    QTest.keyClick(view, Qt.Key.Key_1)
    assert view.textCursor().hasSelection()  # the tagged text stays selected
    drag_select(qtbot, view, 3, 24)  # from inside it, over "Vladimir Putin"
    assert view.selection16() == (3, 24)  # was: Qt started dragging the selected text away
    QTest.keyClick(view, Qt.Key.Key_2)
    spans = {(s.label, s.text) for s in window.store.spans(1)}
    assert ("denial", "President Vladimir Putin") in spans


def test_import_summary_does_not_call_refused_spans_refused_files():
    result = ImportResult(
        imported=[("c.jsonl:1", 1)],
        refused=[
            ("c.jsonl:1", f"1 span not imported: {NO_ANNOTATOR}"),
            ("d.bin", "binary file"),
        ],
    )
    box = summary_box(None, result)
    assert "file(s) were refused" not in box.informativeText()
    assert "--annotator NAME" not in box.detailedText()
    assert "take them as yours when asked" in box.detailedText()
    box.deleteLater()


def test_windows_open_no_larger_than_the_screen(qtbot, window):
    from annotator.gui.agreement.window import AgreementWindow
    from annotator.gui.review.window import ReviewWindow

    room = window.screen().availableGeometry()
    report = AgreementWindow(window.store, window)
    review = ReviewWindow(window.store, window.settings, "alice")
    qtbot.addWidget(review)
    for w in (window, report, review):
        assert w.width() <= room.width() and w.height() <= room.height()  # was: 1440x900 on any screen


def test_agreement_report_closes_with_a_key(qtbot, window):
    from annotator.gui.agreement.window import AgreementWindow

    report = AgreementWindow(window.store, window)
    qtbot.addWidget(report)
    report.show()
    qtbot.waitExposed(report)
    report.activateWindow()
    qtbot.waitUntil(report.isActiveWindow, timeout=3000)
    QTest.keyClick(report, Qt.Key.Key_W, CTRL)
    assert not report.isVisible()  # was: no key closed it (Escape, Ctrl+W did nothing)
