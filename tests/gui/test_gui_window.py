"""The window as a whole: list, filters, navigation, status bar, views, menus, dialogs."""

from __future__ import annotations

from gui_helpers import click_at, open_window
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolTip

from annotator.gui.annotate import main_window as main_window_module
from annotator.model import Status

CTRL = Qt.KeyboardModifier.ControlModifier


def _menu_action(window, menu_title: str, text: str):
    for top in window.menuBar().actions():
        if top.menu() and top.menu().title().replace("&", "") == menu_title:
            for action in top.menu().actions():
                if action.text().replace("&", "").startswith(text):
                    return action
    raise AssertionError(f"no {menu_title} ▸ {text}")


def test_layout_lists_articles_and_status_bar(window):
    assert window.articles.model.rowCount() == 5
    assert window.doc is not None and window.doc.id == 1
    assert window.position.text() == "Article 1 of 5"
    assert window.who.text() == "Annotator: alice"
    assert window.span_count.text() == "0 spans"
    assert "saved" in window.saved.text()
    assert window.pane.title.text()
    assert [b.text() for b in (window.panel.button(n) for n in ("claim", "denial", "demand", "evidence"))] == [
        "1  claim  (0)",
        "2  denial  (0)",
        "3  demand  (0)",
        "4  evidence  (0)",
    ]


def test_counts_in_the_header_and_status_bar_are_in_the_right_number(qtbot, file_store, settings):
    from annotator.model import ArticleIn

    file_store.add_article(ArticleIn(text="A", title="one character"))
    file_store.add_article(ArticleIn(text="Two words.", title="ten"))
    window = open_window(qtbot, file_store, settings)
    assert "1 character" in window.pane.meta.text() and "characters" not in window.pane.meta.text()
    QTest.keyClick(window.view, Qt.Key.Key_A, CTRL)
    QTest.keyClick(window.view, Qt.Key.Key_1)
    assert window.span_count.text() == "1 span"
    QTest.keyClick(window.view, Qt.Key.Key_PageDown, CTRL)
    assert "10 characters" in window.pane.meta.text()


def test_tagging_updates_counts_list_row_and_status_bar(window):
    view = window.view
    QTest.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    QTest.keyClick(view, Qt.Key.Key_1)
    QTest.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    window.panel.button("evidence").click()  # a click on the panel button does the same
    row = window.articles.model.row(0)
    assert row.span_count == 2 and row.status is Status.IN_PROGRESS
    assert window.panel.button("claim").text().endswith("(1)")
    assert window.panel.button("evidence").text().endswith("(1)")
    assert window.span_count.text() == "2 spans"
    assert window.panel.spans.rowCount() == 2
    assert view.hasFocus()  # the button did not take the focus (or the selection)


def test_span_list_click_selects_span_in_view(window):
    view = window.view
    for _ in range(3):
        QTest.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
        QTest.keyClick(view, Qt.Key.Key_2)
    table = window.panel.table
    index = window.panel.spans.index(1, 2)
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())
    span = window.panel.spans.span(1)
    assert view.selected_span == span.id
    assert window.doc.to_cp(*view.selection16()) == (span.start, span.end)
    table.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # sortable: still three rows, all denial
    assert {window.panel.spans.span(r).label for r in range(3)} == {"denial"}


def test_mark_done_goes_to_next_unfinished_and_keys_move_between_articles(window):
    view = window.view
    QTest.keyClick(view, Qt.Key.Key_D, CTRL)
    assert window.store.status(1, "alice") is Status.DONE
    assert window.doc.id == 2
    assert window.articles.model.row(0).status is Status.DONE
    QTest.keyClick(view, Qt.Key.Key_PageDown, CTRL)
    assert window.doc.id == 3
    QTest.keyClick(view, Qt.Key.Key_PageUp, CTRL)
    QTest.keyClick(view, Qt.Key.Key_PageUp, CTRL)
    assert window.doc.id == 1
    assert window.position.text() == "Article 1 of 5"
    QTest.keyClick(view, Qt.Key.Key_Z, CTRL)  # undo the status change too
    assert window.store.status(1, "alice") is Status.TODO


def test_filters_search_titles_and_text_and_status(qtbot, window):
    window.articles.search.setText("Navalny")
    window.articles.flush_filter()
    assert window.articles.model.rowCount() == 1
    window.articles.search.clear()
    window.articles.flush_filter()
    window.mark_done()
    status = window.articles.status
    status.setCurrentIndex(status.findData(Status.DONE.value))
    assert window.articles.model.ids() == [1]
    status.setCurrentIndex(0)
    assert window.articles.model.rowCount() == 5


def test_typing_a_digit_in_the_filter_box_types_it(window):
    window.articles.search.setFocus()
    QTest.keyClicks(window.articles.search, "12")
    assert window.articles.search.text() == "12"
    assert window.store.spans(1) == []


def test_other_annotators_spans_hidden_unless_asked_and_read_only(qtbot, window):
    store = window.store
    text = store.article(1).text
    other = store.add_span(1, "bob", "claim", 0, 9, text=text)
    window.open_article(1, force=True)
    assert window.doc.spans == {}
    window.actions_.show_all.trigger()
    assert other.id in window.doc.spans
    assert not window.panel.table.isColumnHidden(4)
    click_at(qtbot, window.view, 3)
    assert window.view.selected_span == other.id
    QTest.keyClick(window.view, Qt.Key.Key_Delete)
    assert store.span(other.id)  # not yours: still there
    assert "bob" in window.statusBar().currentMessage()
    window.actions_.show_all.trigger()
    assert window.doc.spans == {}


def test_tooltip_lists_every_label_at_the_point(qtbot, window, monkeypatch):
    store, view = window.store, window.view
    text = store.article(1).text
    window.ops.add_span(1, text, "claim", 0, 40)
    window.ops.add_span(1, text, "evidence", 10, 20)
    shown = []
    monkeypatch.setattr(QToolTip, "showText", lambda pos, html, *a: shown.append(html))
    from gui_helpers import point_of

    p = point_of(view, 12)
    event = QHelpEvent(QEvent.Type.ToolTip, p, view.viewport().mapToGlobal(p))
    QApplication.sendEvent(view.viewport(), event)
    assert shown and "claim" in shown[-1] and "evidence" in shown[-1]


def test_note_key_opens_note_and_saves_it(qtbot, window, monkeypatch):
    class FakeNote:
        def __init__(self, excerpt, note, parent):
            self.excerpt = excerpt

        def exec(self):
            return True

        def note(self):
            return "reported speech"

    monkeypatch.setattr(main_window_module, "NoteDialog", FakeNote)
    view = window.view
    QTest.keyClick(view, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    QTest.keyClick(view, Qt.Key.Key_1)
    (span,) = window.store.spans(1)
    click_at(qtbot, view, 2)
    QTest.keyClick(view, Qt.Key.Key_Return)
    assert window.store.span(span.id).note == "reported speech"
    assert window.panel.spans.span(0).note == "reported speech"


def test_snapping_toggle_gives_character_precision(window):
    view = window.view
    window.actions_.snap.trigger()
    assert window.settings.snap is False
    view.select16(3, 7)  # "side" of "President"
    QTest.keyClick(view, Qt.Key.Key_1)
    (span,) = window.store.spans(1)
    assert (span.start, span.end, span.text) == (3, 7, "side")
    window.actions_.snap.trigger()
    view.select16(3, 7)
    QTest.keyClick(view, Qt.Key.Key_2)
    assert {(s.text, s.label) for s in window.store.spans(1)} == {("side", "claim"), ("President", "denial")}


def test_zoom_theme_and_menus(qtbot, window):
    view = window.view
    size = view.point_size()
    QTest.keyClick(view, Qt.Key.Key_Plus, CTRL)
    assert view.point_size() == size + 1
    QTest.keyClick(view, Qt.Key.Key_Minus, CTRL)
    QTest.keyClick(view, Qt.Key.Key_Minus, CTRL)
    assert view.point_size() == size - 1 and window.settings.point_size == size - 1
    window.actions_.themes["dark"].trigger()
    assert window.settings.theme == "dark"
    assert QApplication.palette().base().color().lightness() < 128
    window.actions_.themes["light"].trigger()
    assert QApplication.palette().base().color().lightness() > 128
    menus = [a.menu().title().replace("&", "") for a in window.menuBar().actions() if a.menu()]
    assert menus == ["File", "Edit", "View", "Labels", "Review", "Help"]
    assert _menu_action(window, "File", "Import files")
    assert _menu_action(window, "File", "Open or create database")
    assert _menu_action(window, "Labels", "Edit label scheme")


def test_shortcut_sheet_is_generated_from_the_menus(qtbot, window):
    from annotator.gui.common.dialogs import ShortcutSheet

    sheet = ShortcutSheet(window.menuBar(), window)
    qtbot.addWidget(sheet)
    rows = {(sheet.table.item(r, 1).text(), sheet.table.item(r, 2).text()) for r in range(sheet.table.rowCount())}
    assert ("Tag as claim", "1, Num+1") in rows or ("Tag as claim", "1") in {(a, b.split(",")[0]) for a, b in rows}
    keys = {a: b for a, b in rows}
    assert keys["Next sentence"] == "Alt+Down"
    assert keys["Undo"] == "Ctrl+Z"
    assert "Ctrl+Shift+Z" in keys["Redo"]


def test_label_scheme_dialog_changes_the_panel_and_keys(qtbot, window):
    from annotator.gui.annotate.label_dialog import LabelSchemeDialog

    dialog = LabelSchemeDialog(window.ops, window)
    qtbot.addWidget(dialog)
    assert dialog.add("hedge", "#0072B2", "5", "Softened claims.")
    assert dialog.rename("claim", "assertion")
    assert dialog.update("denial", color="#111111")
    assert not dialog.update("demand", key="1")  # taken by claim: refused, not raised
    assert dialog.table.rowCount() == 5
    dialog.close()
    assert window.panel.button("hedge").text() == "5  hedge  (0)"
    QTest.keyClick(window.view, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    QTest.keyClick(window.view, Qt.Key.Key_5)
    assert [s.label for s in window.store.spans(1)] == ["hedge"]
    QTest.keyClick(window.view, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)  # the new span was chosen
    QTest.keyClick(window.view, Qt.Key.Key_1)
    window.view.select16(0, 0)
    assert {s.label for s in window.store.spans(1)} == {"hedge", "assertion"}


def test_switching_annotator_shows_their_work(qtbot, window):
    QTest.keyClick(window.view, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    QTest.keyClick(window.view, Qt.Key.Key_1)
    window.set_annotator("bob")
    assert window.who.text() == "Annotator: bob"
    assert window.doc.spans == {} and window.articles.model.row(0).span_count == 0
    assert window.settings.annotator == "bob"
    assert window.ops.stack.count() == 0
    window.set_annotator("alice")
    assert len(window.doc.spans) == 1


def test_open_another_database(qtbot, window, tmp_path):
    assert window.open_database(tmp_path / "other.db")
    assert window.articles.model.rowCount() == 0 and window.doc is None
    assert "other.db" in window.windowTitle()
    QTest.keyClick(window.view, Qt.Key.Key_1)  # nothing to tag: no crash
    assert window.settings.last_database == tmp_path / "other.db"


def test_empty_database_window(qtbot, file_store, settings):
    window = open_window(qtbot, file_store, settings)
    assert window.doc is None and window.position.text() == "Article – of 0"
    for key in (Qt.Key.Key_1, Qt.Key.Key_Delete):
        QTest.keyClick(window.view, key)
    QTest.keyClick(window.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    QTest.keyClick(window.view, Qt.Key.Key_D, CTRL)


def test_click_cycles_through_overlapping_spans(qtbot, window):
    text = window.store.article(1).text
    outer = window.ops.add_span(1, text, "claim", 0, 40)
    inner = window.ops.add_span(1, text, "evidence", 10, 20)
    window.clear_selection()
    click_at(qtbot, window.view, 12)
    assert window.view.selected_span == inner.id
    click_at(qtbot, window.view, 12)
    assert window.view.selected_span == outer.id
    QTest.keyClick(window.view, Qt.Key.Key_Escape)
    assert window.view.selected_span is None and not window.view.textCursor().hasSelection()


def test_view_point_hits(window):
    assert window.view.char_at(QPoint(-50, -50)) is None


def test_a_failed_write_is_shown_and_not_undoable(qtbot, window, monkeypatch):
    from annotator.store import StoreError

    def broken(*args, **kwargs):
        raise StoreError("the disk holding annotations.db is full; the last change was not saved")

    monkeypatch.setattr(window.store, "add_or_find_span", broken)
    QTest.keyClick(window.view, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    QTest.keyClick(window.view, Qt.Key.Key_1)
    assert "NOT saved" in window.saved.text()
    assert "disk" in window.statusBar().currentMessage()
    assert window.ops.stack.count() == 0 and window.doc.spans == {}
    monkeypatch.undo()
    QTest.keyClick(window.view, Qt.Key.Key_1)
    assert "all changes saved" in window.saved.text() and len(window.doc.spans) == 1


def test_keypad_digits_tag_too(window):
    QTest.keyClick(window.view, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    QTest.keyClick(window.view, Qt.Key.Key_3, Qt.KeyboardModifier.KeypadModifier)
    assert [s.label for s in window.store.spans(1)] == ["demand"]


def test_help_about_and_shortcuts_open(qtbot, window, monkeypatch):
    from annotator.gui.common import dialogs

    shown = []
    monkeypatch.setattr(dialogs.QMessageBox, "about", lambda parent, title, text: shown.append(text))
    _menu_action(window, "Help", "About").trigger()
    assert shown and "annotator" in shown[0]
    monkeypatch.setattr(dialogs.ShortcutSheet, "exec", lambda self: shown.append(self.table.rowCount()))
    QTest.keyClick(window.view, Qt.Key.Key_F1)
    assert shown[-1] > 20


def test_ten_thousand_articles_scroll_without_loading_texts(qtbot, file_store, settings, monkeypatch):
    from annotator.model import ArticleIn

    file_store.import_articles(
        (ArticleIn(text=f"Text number {i}. It is short.", title=f"Article {i}") for i in range(10_000)), batch_size=5000
    )
    window = open_window(qtbot, file_store, settings)
    loaded = []
    real = file_store.article
    monkeypatch.setattr(file_store, "article", lambda article_id: loaded.append(article_id) or real(article_id))
    table = window.articles.table
    table.scrollToBottom()
    QApplication.processEvents()
    table.scrollToTop()
    QApplication.processEvents()
    assert window.articles.model.rowCount() == 10_000 and loaded == []
    assert window.position.text() == "Article 1 of 10000"
    QTest.keyClick(window.view, Qt.Key.Key_PageDown, CTRL)
    assert loaded == [2]  # only the article opened
