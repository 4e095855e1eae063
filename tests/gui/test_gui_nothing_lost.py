"""Nothing lost: a merge whose backup cannot be written does not start; metadata another program broke
does not stop the window; the review and agreement windows never act on a database already closed."""

from __future__ import annotations

import shutil

from gui_helpers import add_samples, open_window
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from test_gui_merge import _laptop, _merge_by_menu
from test_gui_review import _open_review, _two_annotators

from annotator.backup import backup_dir
from annotator.store import Store

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def test_a_merge_whose_backup_cannot_be_written_is_refused(qtbot, sample_store, settings, tmp_path, monkeypatch):
    window = open_window(qtbot, sample_store, settings)
    folder = backup_dir(sample_store.path)
    shutil.rmtree(folder, ignore_errors=True)
    folder.write_text("not a folder")  # backups/ replaced by a file: no backup can be written
    bob = _laptop(tmp_path / "bob.db", "bob", [("claim", "Moscow")])
    box = _merge_by_menu(qtbot, window, monkeypatch, [bob])
    assert box.windowTitle() == "Merge not started"
    assert "Nothing was merged: the backup" in box.text() and "could not be written" in box.text()
    assert "bob" not in sample_store.annotators()  # was: merged anyway, the warning overwritten
    assert window.statusBar().currentMessage().startswith("Nothing was merged")
    box.close()


def test_metadata_that_is_not_json_is_shown_as_stored_and_the_window_opens(qtbot, sample_store, settings):
    with sample_store.write() as conn:
        conn.execute("UPDATE articles SET meta = '{bad' WHERE id = 1")
    window = open_window(qtbot, sample_store, settings)  # was: JSONDecodeError, no window
    assert window.doc.id == 1
    shown = window.pane.meta.text()
    assert "metadata is not valid JSON" in shown and "{bad" in shown
    QTest.keyClick(window.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    QTest.keyClick(window.view, Qt.Key.Key_1)  # the article can still be tagged
    assert len(sample_store.spans(1)) == 1
    with Store(sample_store.path) as fresh:  # and the stored text is left as it was
        assert fresh.conn.execute("SELECT meta FROM articles WHERE id = 1").fetchone()[0] == "{bad"


def test_opening_another_database_closes_the_review_and_agreement_windows(qtbot, file_store, settings, tmp_path):
    _two_annotators(file_store)
    window = open_window(qtbot, file_store, settings, annotator="rev")
    review = _open_review(qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_R, CTRL | SHIFT)
    report = window.agreement_window
    assert report is not None and report.isVisible()
    other = tmp_path / "other.db"
    with Store(other) as store:
        add_samples(store)
    assert window.open_database(other)
    assert not review.isVisible() and not report.isVisible()  # was: open, on the closed store
    assert window.review_window is None or window.review_window.store is window.store
