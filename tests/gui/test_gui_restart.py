"""Everything acknowledged is on disk: a restarted window on the same file finds it all."""

from __future__ import annotations

from gui_helpers import add_samples, click_at, open_window
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator.gui.common.settings import Settings
from annotator.model import Status
from annotator.store import Store

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def _snapshot(store: Store) -> tuple:
    spans = sorted((s.id, s.article_id, s.start, s.end, s.label, s.annotator, s.text, s.note) for s in store.spans())
    statuses = [store.status(a, "alice") for a in store.article_ids()]
    return spans, statuses


def test_restart_finds_every_edit(qtbot, db_path, tmp_path):
    settings_path = tmp_path / "s.ini"
    store = Store(db_path)
    add_samples(store)
    window = open_window(qtbot, store, Settings(settings_path))
    view = window.view
    for key in (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3):  # three sentences
        QTest.keyClick(view, Qt.Key.Key_Down, ALT)
        QTest.keyClick(view, key)
    first = window.doc.spans_at(window.doc.index.get(min(window.doc.spans)).start)[0]
    click_at(qtbot, view, window.doc.index.get(first.id).start + 1)
    QTest.keyClick(view, Qt.Key.Key_4)  # relabel
    QTest.keyClick(view, Qt.Key.Key_Down, ALT)
    QTest.keyClick(view, Qt.Key.Key_1)
    QTest.keyClick(view, Qt.Key.Key_Z, CTRL)  # undo the last tag
    QTest.keyClick(view, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)  # and redo it
    QTest.keyClick(view, Qt.Key.Key_D, CTRL)  # done; on to article 2
    QTest.keyClick(view, Qt.Key.Key_S, ALT)
    QTest.keyClick(view, Qt.Key.Key_2)
    QTest.keyClick(view, Qt.Key.Key_Z, CTRL)  # an undone tag must stay gone
    window.resize(760, 560)  # the offscreen screen is 800 x 600: restored geometry must fit
    qtbot.wait(10)
    window.splitter.setSizes([180, 420, 150])
    sizes = window.splitter.sizes()
    before = _snapshot(store)
    assert len(before[0]) == 4 and before[1][0] is Status.DONE
    assert {s[4] for s in before[0]} == {"evidence", "denial", "demand", "claim"}
    window.close()
    store.close()

    store = Store(db_path)
    assert _snapshot(store) == before
    again = open_window(qtbot, store, Settings(settings_path))
    assert again.size() == window.size()  # geometry came back
    assert again.splitter.sizes() == sizes  # and the splitter positions
    assert again.articles.model.row(0).status is Status.DONE
    assert again.articles.model.row(0).span_count == 4
    assert again.doc.id == 2  # the first unfinished article
    again.open_article(1)
    assert len(again.doc.spans) == 4
    again.close()
    store.close()


def test_settings_remember_name_zoom_theme_snap(tmp_path):
    path = tmp_path / "s.ini"
    s = Settings(path)
    s.annotator, s.point_size, s.theme, s.snap, s.show_all = "zoë", 17.0, "dark", False, True
    s.sync()
    t = Settings(path)
    assert (t.annotator, t.point_size, t.theme, t.snap, t.show_all) == ("zoë", 17.0, "dark", False, True)
    t.theme = "purple"
    assert Settings(path).theme == "system"


def test_restart_opens_the_article_left_open_on_that_database(qtbot, db_path, tmp_path):
    settings_path = tmp_path / "s.ini"
    store = Store(db_path)
    add_samples(store)
    window = open_window(qtbot, store, Settings(settings_path))
    first = window.doc.id
    QTest.keyClick(window.view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(window.view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    left_at = window.doc.id
    assert left_at != first
    window.close()
    store.close()
    again = open_window(qtbot, Store(db_path), Settings(settings_path))
    assert again.doc.id == left_at
    other = tmp_path / "other.db"
    fresh = Store(other)
    add_samples(fresh)
    elsewhere = open_window(qtbot, fresh, Settings(settings_path))
    assert elsewhere.doc.id == first  # another database starts at its first unfinished article
