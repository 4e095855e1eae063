"""Rolling backups from the window and File ▸ Restore backup…, on real files."""

from __future__ import annotations

import sqlite3

from gui_helpers import open_window
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.backup import backups
from annotator.gui.common.settings import Settings
from annotator.gui.safekeeping.backup_dialog import BackupDialog, describe_backups
from annotator.gui.safekeeping.recovery import restore_into
from annotator.gui.safekeeping.safety import BACKUP_KEEP, backup_before

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def tag_next_sentence(window, key=Qt.Key.Key_1) -> None:
    QTest.keyClick(window.view, Qt.Key.Key_Down, ALT)
    QTest.keyClick(window.view, key)


def span_count(path) -> int:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM spans").fetchone()[0]
    finally:
        conn.close()


def menu_action(window, menu: str, text: str):
    for top in window.menuBar().actions():
        if top.menu() and top.menu().title().replace("&", "") == menu:
            for action in top.menu().actions():
                if action.text().replace("&", "").startswith(text):
                    return action
    raise AssertionError(f"no {menu} ▸ {text}")


def test_a_backup_on_start_is_shown_in_the_status_bar(window):
    found = backups(window.store.path)
    assert len(found) == 1 and found[0].name.endswith("-start.db")
    assert window.safety.last_backup == found[0]
    assert window.safety.label.text().startswith("Backed up ")
    assert str(found[0]) in window.safety.label.toolTip()


def test_the_timer_backs_up_only_what_changed(qtbot, window):
    assert window.safety.tick() is None  # nothing changed since the start backup
    tag_next_sentence(window)
    window.safety.set_interval(0.002)  # 120 ms: the real timer, fast
    qtbot.waitUntil(lambda: len(backups(window.store.path)) == 2, timeout=3000)
    newest = backups(window.store.path)[-1]
    assert newest.name.endswith("-auto.db") and span_count(newest) == 1
    qtbot.wait(400)  # several more ticks: nothing new to back up
    assert len(backups(window.store.path)) == 2


def test_the_interval_comes_from_the_settings(qtbot, sample_store, tmp_path):
    assert Settings(tmp_path / "default.ini").backup_minutes == 10
    settings = Settings(tmp_path / "s.ini")
    settings.backup_minutes = 3
    window = open_window(qtbot, sample_store, settings)
    assert window.safety.timer.isActive() and window.safety.timer.interval() == 180_000
    settings.backup_minutes = 0
    window.safety.set_interval(settings.backup_minutes)
    assert not window.safety.timer.isActive()


def test_only_the_newest_backups_are_kept(window):
    taken = []
    for n in range(BACKUP_KEEP + 4):
        tag_next_sentence(window, (Qt.Key.Key_1, Qt.Key.Key_2)[n % 2])
        taken.append(window.safety.tick())
    assert all(taken)
    assert backups(window.store.path) == taken[-BACKUP_KEEP:]


def test_backup_before_a_risky_operation(window):
    path = backup_before(window, "before merge")
    assert path is not None and path.name.endswith("-before-merge.db")
    assert path == backups(window.store.path)[-1]
    assert describe_backups(window.store.path)[0].reason == "before a merge"


def test_a_failed_backup_is_a_warning_and_editing_goes_on(qtbot, sample_store, settings):
    folder = sample_store.path.parent / "backups"
    folder.write_text("a file where the backup folder should be")  # mkdir fails for real, even as root
    window = open_window(qtbot, sample_store, settings)
    assert window.safety.label.text() == "⚠ backup failed"
    assert window.safety.last_error and window.safety.label.toolTip() == window.safety.last_error
    assert "Could not back up" in window.statusBar().currentMessage()
    tag_next_sentence(window)
    assert len(window.doc.spans) == 1 and window.saved.text() == "✔ all changes saved"
    assert window.safety.tick() is None and backup_before(window, "before merge") is None
    assert window.safety.label.text() == "⚠ backup failed"


def test_the_dialog_lists_backups_newest_first(qtbot, window):
    for _ in range(3):
        tag_next_sentence(window)
        window.safety.tick()
    dialog = BackupDialog(window.store.path, window)
    qtbot.addWidget(dialog)
    infos = describe_backups(window.store.path)
    assert dialog.table.rowCount() == 4
    assert [i.taken for i in infos] == sorted((i.taken for i in infos), reverse=True)
    assert dialog.table.item(0, 2).text() == "while editing"
    assert dialog.table.item(3, 2).text() == "database opened"
    assert dialog.table.item(0, 1).text().endswith("kB")
    assert dialog.chosen() == infos[0].path  # the newest is preselected


def _accept_dialog_choosing(row: int) -> None:
    def go() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, BackupDialog), dialog
        dialog.table.selectRow(row)
        dialog.restore_button.click()

    QTimer.singleShot(0, go)


def test_restore_backup_from_the_menu(qtbot, window):
    tag_next_sentence(window)
    tag_next_sentence(window)
    kept_state = backup_before(window, "checkpoint")
    for _ in range(3):
        tag_next_sentence(window, Qt.Key.Key_2)
    assert window.ops.stack.count() == 5 and span_count(window.store.path) == 5
    _accept_dialog_choosing(0)  # the newest: the checkpoint
    menu_action(window, "File", "Restore backup").trigger()
    assert span_count(window.store.path) == 2
    assert len(window.doc.spans) == 2 and window.articles.model.row(0).span_count == 2
    assert window.ops.stack.count() == 0  # the undo history described the replaced file
    safety = [p for p in backups(window.store.path) if p.name.endswith("-before-restore.db")]
    assert len(safety) == 1 and span_count(safety[0]) == 5
    box = next(b for b in window.findChildren(QMessageBox) if b.windowTitle() == "Backup restored")
    assert str(safety[0]) in box.text() and kept_state.name in box.text()
    assert "kept as" in window.statusBar().currentMessage()
    box.accept()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    tag_next_sentence(window, Qt.Key.Key_3)  # the reopened store takes edits
    assert span_count(window.store.path) == 3 and window.saved.text() == "✔ all changes saved"


def test_cancelling_the_dialog_changes_nothing(qtbot, window):
    tag_next_sentence(window)
    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().reject())
    menu_action(window, "File", "Restore backup").trigger()
    assert span_count(window.store.path) == 1 and window.ops.stack.count() == 1


def test_a_bad_backup_is_refused_and_the_database_kept(qtbot, window, monkeypatch):
    tag_next_sentence(window)
    bad = window.store.path.parent / "backups" / f"{window.store.path.stem}-29991231-235959-000000-auto.db"
    bad.write_bytes(b"not a backup" * 400)
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warned.append(a[2]))
    assert restore_into(window, bad) is None
    assert warned and "cannot be restored" in warned[0] and "as it was" in warned[0]
    assert span_count(window.store.path) == 1 and len(window.doc.spans) == 1
    tag_next_sentence(window, Qt.Key.Key_2)  # the store, reopened, takes edits
    assert span_count(window.store.path) == 2


def test_a_restore_reopens_the_article_where_it_is_now_not_where_it_was_last_left(qtbot, window):
    backup_before(window, "checkpoint")
    view = window.view
    QTest.keyClick(view, Qt.Key.Key_Down, ALT)  # the first sentence…
    QTest.keyClick(view, Qt.Key.Key_PageDown, CTRL)  # …is where article 1 was left
    QTest.keyClick(window.view, Qt.Key.Key_PageUp, CTRL)
    assert window.doc.id == 1
    for _ in range(2):
        QTest.keyClick(view, Qt.Key.Key_Down, ALT)  # now on the third
    here = view.selection16()
    _accept_dialog_choosing(0)
    menu_action(window, "File", "Restore backup").trigger()
    assert window.doc.id == 1 and window.view.selection16() == here  # was: back on the first sentence
