"""Annotating the way a person does: mouse drags, label keys, clicks on spans, Delete, undo."""

from __future__ import annotations

from gui_helpers import EMOJI_TEXT, click_at, drag_select, open_window
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator.model import ArticleIn
from annotator.offsets import Utf16Map


def _emoji_window(qtbot, file_store, settings):
    article_id, _ = file_store.add_article(ArticleIn(text=EMOJI_TEXT, title="Emoji"))
    window = open_window(qtbot, file_store, settings)
    window.open_article(article_id)
    return window, article_id


def test_golden_emoji_case_through_mouse_and_key(qtbot, file_store, settings):
    window, article_id = _emoji_window(qtbot, file_store, settings)
    view = window.view
    start = EMOJI_TEXT.index("annotation")
    assert start == 12  # code points; Qt puts it at 13
    umap = Utf16Map(EMOJI_TEXT)
    drag_select(qtbot, view, umap.to_utf16(12) + 2, umap.to_utf16(22) - 1)  # a sloppy drag inside the word
    assert view.textCursor().hasSelection()
    QTest.keyClick(view, Qt.Key.Key_1)
    spans = file_store.spans(article_id)
    assert [(s.start, s.end, s.text, s.label) for s in spans] == [(12, 22, "annotation", "claim")]
    assert view.selection16() == (13, 23)


def test_non_bmp_everywhere_keyboard_only(qtbot, file_store, settings):
    window, article_id = _emoji_window(qtbot, file_store, settings)
    view = window.view
    # Alt+Down twice: the second sentence (the first line is sentence one).
    QTest.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    QTest.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    QTest.keyClick(view, Qt.Key.Key_2)
    # Alt+Left drops the last word of the selection before tagging.
    QTest.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    QTest.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    QTest.keyClick(view, Qt.Key.Key_4)
    spans = sorted(file_store.spans(article_id), key=lambda s: s.start)
    for span in spans:
        assert EMOJI_TEXT[span.start : span.end] == span.text
    assert [(s.label, s.text) for s in spans] == [
        ("denial", "The 🇺🇦 flag and 👩‍👩‍👧 family: 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 text said “Moscow denies it"),
        ("evidence", "A third line with 😀 and 𠜎 ends"),
    ]


def test_click_span_then_relabel_delete_and_undo(qtbot, window):
    view = window.view
    doc = window.doc
    store = window.store
    QTest.keyClick(view, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)  # sentence at the cursor
    QTest.keyClick(view, Qt.Key.Key_1)
    (span,) = store.spans(doc.id)
    assert span.label == "claim"
    click_at(qtbot, view, doc.umap.to_utf16(span.start) + 3)
    assert view.selected_span == span.id
    QTest.keyClick(view, Qt.Key.Key_3)
    assert store.span(span.id).label == "demand"
    QTest.keyClick(view, Qt.Key.Key_Delete)
    assert store.spans(doc.id) == []
    QTest.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store.span(span.id).label == "demand"
    QTest.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store.span(span.id).label == "claim"
    QTest.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store.spans(doc.id) == []
    redo = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    for label in ("claim", "demand"):
        QTest.keyClick(view, Qt.Key.Key_Z, redo)
        assert store.span(span.id).label == label
    QTest.keyClick(view, Qt.Key.Key_Z, redo)
    assert store.spans(doc.id) == []
    assert len(window.doc.spans) == 0
