"""Faults caused for real under the window: damaged, newer and read-only files, a full disk,
a second writer, and the process killed mid-edit. Every one must be visible and lose nothing."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
from gui_helpers import add_samples, open_window
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from annotator.backup import take_backup
from annotator.gui import app as app_module
from annotator.gui.annotate.label_dialog import LabelSchemeDialog
from annotator.gui.common.settings import Settings
from annotator.model import Status
from annotator.store import Store

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
YES, NO = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def integrity(path) -> str:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def tag_next_sentence(window, key=Qt.Key.Key_1) -> None:
    QTest.keyClick(window.view, Qt.Key.Key_Down, ALT)
    QTest.keyClick(window.view, key)


def make_database(path, spans: int = 1, backup: bool = True) -> None:
    """Samples, a few spans by alice, and (optionally) one backup; closed cleanly (no -wal left)."""
    with Store(path) as store:
        add_samples(store)
        for i in range(spans):
            store.add_span(1, "alice", "claim", i * 10, i * 10 + 9)
        if backup:
            take_backup(store, reason="auto")
    assert not path.with_name(path.name + "-wal").exists()


def damage(path, how: str) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3] if how == "truncated" else b"\0garbage" * 2000)


def answer(monkeypatch, button) -> dict[str, list[str]]:
    """Answer every question with ``button``; record what each kind of box said."""
    said: dict[str, list[str]] = {"question": [], "information": [], "critical": [], "warning": []}
    for kind in said:
        reply = button if kind == "question" else QMessageBox.StandardButton.Ok
        monkeypatch.setattr(QMessageBox, kind, lambda *a, k=kind, r=reply: said[k].append(a[2]) or r)
    return said


def close(window) -> None:
    window.close()
    window.store.close()


# -- damaged and newer files --------------------------------------------------------------


@pytest.mark.parametrize("how", ["truncated", "garbage"])
def test_damaged_database_at_launch_restores_the_newest_backup_on_yes(qtbot, tmp_path, monkeypatch, how):
    db = tmp_path / "work.db"
    make_database(db, spans=2)
    damage(db, how)
    damaged = db.read_bytes()
    said = answer(monkeypatch, YES)
    window = app_module.launch(db, "alice", Settings(tmp_path / "s.ini"))
    qtbot.addWidget(window)
    assert "work.db" in said["question"][0] and "not a readable annotator database" in said["question"][0]
    assert window.store.path == db and window.articles.model.rowCount() == 5
    assert len(window.store.spans()) == 2 and window.articles.model.row(0).span_count == 2
    aside = next(p for p in tmp_path.glob("work.db.damaged-*") if not p.name.endswith(("-wal", "-shm")))
    assert aside.read_bytes() == damaged  # the damaged bytes are kept, untouched
    assert str(aside) in said["information"][0]
    close(window)


@pytest.mark.parametrize("how", ["truncated", "garbage"])
def test_damaged_database_at_launch_is_left_alone_on_no(qtbot, tmp_path, monkeypatch, how):
    db = tmp_path / "work.db"
    make_database(db)
    damage(db, how)
    before = digest(db)
    said = answer(monkeypatch, NO)
    assert app_module.launch(db, "alice", Settings(tmp_path / "s.ini")) is None  # the app exits
    assert said["question"] and not said["information"]
    assert digest(db) == before and not list(tmp_path.glob("work.db.damaged-*"))


def test_damaged_database_without_backups_is_named_and_refused(qtbot, tmp_path, monkeypatch):
    db = tmp_path / "work.db"
    make_database(db, backup=False)
    damage(db, "garbage")
    said = answer(monkeypatch, YES)
    assert app_module.launch(db, "alice", Settings(tmp_path / "s.ini")) is None
    assert not said["question"] and "work.db" in said["critical"][0]


def test_damaged_database_from_file_open(qtbot, window, tmp_path, monkeypatch):
    other = tmp_path / "elsewhere" / "other.db"
    other.parent.mkdir()
    make_database(other, spans=3)
    damage(other, "truncated")
    before = digest(other)
    home = window.store.path
    said = answer(monkeypatch, NO)
    assert not window.open_database(other)
    assert window.store.path == home and digest(other) == before  # still on the previous database
    tag_next_sentence(window)
    assert len(window.doc.spans) == 1 and window.saved.text() == "✔ all changes saved"
    said = answer(monkeypatch, YES)
    assert window.open_database(other)
    assert "other.db" in said["question"][0] and "other.db" in window.windowTitle()
    assert window.store.path == other and len(window.store.spans()) == 3
    assert window.ops.stack.count() == 0


def _newer(path) -> None:
    make_database(path, backup=True)
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_version VALUES (99, 'future')")
    conn.commit()
    conn.close()


def test_newer_database_is_refused_untouched(qtbot, window, tmp_path, monkeypatch):
    db = tmp_path / "future" / "new.db"
    db.parent.mkdir()
    _newer(db)
    before = digest(db)
    said = answer(monkeypatch, YES)
    assert app_module.launch(db, "alice", Settings(tmp_path / "s.ini")) is None
    assert "new.db" in said["critical"][0] and "newer version of annotator" in said["critical"][0]
    home = window.store.path
    assert not window.open_database(db)  # File ▸ Open: refused the same way, stays where it was
    assert len(said["critical"]) == 2 and not said["question"]
    assert window.store.path == home and digest(db) == before


# -- read-only ------------------------------------------------------------------------------


@pytest.mark.parametrize("what", ["file", "folder"])
@pytest.mark.parametrize("who", ["alice", "newcomer"])
def test_read_only_database_opens_with_a_notice_and_refuses_edits(qtbot, tmp_path, monkeypatch, what, who):
    db = tmp_path / "ro" / "work.db"
    db.parent.mkdir()
    make_database(db, spans=1, backup=False)
    before = digest(db)
    target = db if what == "file" else db.parent
    target.chmod(0o444 if what == "file" else 0o555)  # the core honours mode bits, even for root
    try:
        window = app_module.launch(db, who, Settings(tmp_path / "s.ini"))
        qtbot.addWidget(window)
        qtbot.waitUntil(window.isActiveWindow, timeout=3000)
        _check_read_only_window(window, monkeypatch, spans=1 if who == "alice" else 0)
        close(window)
    finally:
        target.chmod(0o755 if what == "folder" else 0o644)
    assert digest(db) == before and not (db.parent / "backups").exists()


def _check_read_only_window(window, monkeypatch, spans: int) -> None:
    assert window.store.readonly
    assert window.safety.banner.isVisible() and "read-only" in window.safety.banner.text()
    assert "read-only" in window.windowTitle() and "read-only" in window.saved.text()
    assert window.articles.model.row(0).span_count == spans
    window.view.setFocus()
    tag_next_sentence(window)
    assert len(window.doc.spans) == spans and "read-only" in window.statusBar().currentMessage()
    QTest.keyClick(window.view, Qt.Key.Key_D, CTRL)  # mark done: refused too
    assert window.articles.model.row(0).status is not Status.DONE
    if spans:
        window.choose_span(next(iter(window.doc.spans)))
        QTest.keyClick(window.view, Qt.Key.Key_Delete)
        assert len(window.doc.spans) == spans
    assert window.ops.stack.count() == 0 and "read-only" in window.saved.text()
    opened = []
    monkeypatch.setattr(LabelSchemeDialog, "exec", lambda self: opened.append(self))
    window.edit_labels()  # refused before any dialog opens
    assert not opened
    assert window.import_paths([window.store.path]) is None
    assert "read-only" in window.statusBar().currentMessage()
    window.restore_backup()  # refused before the dialog: a backup cannot be written over this file
    assert "can be written" in window.statusBar().currentMessage()
    window.set_annotator("yet another")  # a name the file has never seen: readable, no crash
    assert window.articles.model.row(0).span_count == 0 and window.doc.spans == {}


# -- a full disk ------------------------------------------------------------------------------


def test_full_disk_edit_is_not_shown_as_saved(qtbot, window):
    view, store = window.view, window.store
    tag_next_sentence(window)
    saved_before, stack_before = set(window.doc.spans), window.ops.stack.count()
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")  # the disk is full from now on
    view.select16(*window.doc.to_utf16(0, len(window.doc.text)))  # the whole article needs new pages
    QTest.keyClick(view, Qt.Key.Key_2)
    assert set(window.doc.spans) == saved_before and window.panel.spans.rowCount() == 1
    assert window.ops.stack.count() == stack_before
    assert "NOT saved" in window.saved.text() and "full" in window.saved.text()
    assert "Not saved" in window.statusBar().currentMessage()
    assert not store.conn.in_transaction
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store.conn.execute("PRAGMA max_page_count = 1073741823")  # space freed
    view.select16(*window.doc.to_utf16(0, len(window.doc.text)))
    QTest.keyClick(view, Qt.Key.Key_2)
    assert len(window.doc.spans) == 2 and window.saved.text() == "✔ all changes saved"
    assert window.ops.stack.count() == stack_before + 1


# -- two instances ------------------------------------------------------------------------------


def _writer_holding_the_lock(path):
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    return other


def test_a_write_waits_for_another_writer(qtbot, window):
    tag_next_sentence(window)
    other = _writer_holding_the_lock(window.store.path)
    threading.Timer(0.3, other.execute, ("COMMIT",)).start()
    started = time.monotonic()
    tag_next_sentence(window, Qt.Key.Key_2)  # waits inside the busy timeout, then saves
    assert time.monotonic() - started >= 0.25
    assert len(window.doc.spans) == 2 and window.saved.text() == "✔ all changes saved"
    other.close()


def test_a_lock_held_too_long_is_a_notice_and_nothing_is_shown(qtbot, window):
    window.store.conn.execute("PRAGMA busy_timeout = 200")  # the real timeout is 10 s; same path, faster
    other = _writer_holding_the_lock(window.store.path)
    tag_next_sentence(window)
    assert window.doc.spans == {} and window.ops.stack.count() == 0
    assert "NOT saved" in window.saved.text() and "busy" in window.saved.text()
    assert "another annotator window" in window.statusBar().currentMessage()
    other.execute("ROLLBACK")
    other.close()
    QTest.keyClick(window.view, Qt.Key.Key_1)  # the same selection, tried again
    assert len(window.doc.spans) == 1 and window.saved.text() == "✔ all changes saved"


def _menu_action(window, menu: str, text: str):
    for top in window.menuBar().actions():
        if top.menu() and top.menu().title().replace("&", "") == menu:
            return next(a for a in top.menu().actions() if a.text().replace("&", "").startswith(text))
    raise AssertionError(menu)


def _activate(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    window.view.setFocus()


def test_two_windows_on_one_file_keep_both_and_see_each_other(qtbot, sample_store, settings, tmp_path):
    a = open_window(qtbot, sample_store, settings)
    b_store = Store(sample_store.path)
    b = open_window(qtbot, b_store, Settings(tmp_path / "b.ini"))
    for _ in range(3):
        QTest.keyClick(b.view, Qt.Key.Key_Down, ALT)
    QTest.keyClick(b.view, Qt.Key.Key_3)  # B tags the third sentence
    _activate(qtbot, a)  # coming back to A re-reads the file: B's span shows
    assert a.articles.model.row(0).span_count == 1 and len(a.doc.spans) == 1
    tag_next_sentence(a)
    tag_next_sentence(a, Qt.Key.Key_2)  # A tags the first two
    assert b.articles.model.row(0).span_count == 1  # B has not looked yet
    _menu_action(b, "View", "Refresh").trigger()  # F5
    assert b.articles.model.row(0).span_count == 3 and len(b.doc.spans) == 3
    assert b.panel.spans.rowCount() == 3
    with Store(sample_store.path) as fresh:
        assert len(fresh.spans(1)) == 3
    b_store.close()


CHILD_WRITER = """
import sys, time
from annotator.store import Store
store = Store(sys.argv[1])
print("ready", flush=True)
labels = ("claim", "denial", "demand", "evidence")
i, end = 0, time.monotonic() + float(sys.argv[2])
while time.monotonic() < end:
    store.add_span(2, "alice", labels[i // 3000 % 4], i % 3000, i % 3000 + 1 + i // 12000)
    i += 1
    time.sleep(0.001)  # a busy writer, yet one that lets others in (a tight loop starves them)
print(i, flush=True)
"""


def test_a_second_process_writing_at_the_same_time(qtbot, window):
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD_WRITER, str(window.store.path), "0.8"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout.readline().strip() == "ready", child.stderr.read()
    tagged = 0
    while child.poll() is None:  # the window tags sentences while the other process writes
        tag_next_sentence(window, (Qt.Key.Key_1, Qt.Key.Key_4)[tagged % 2])
        assert window.saved.text() == "✔ all changes saved", window.saved.text()
        tagged += 1
        qtbot.wait(5)
    out, err = child.communicate(timeout=60)
    assert child.returncode == 0 and "locked" not in err, err
    written = int(out)
    assert written > 100 and tagged > 20
    QTest.keyClick(window.view, Qt.Key.Key_F5)
    assert window.articles.model.row(1).span_count == written
    with Store(window.store.path) as fresh:
        assert len(fresh.spans(1)) == len(window.doc.spans) > 20 and len(fresh.spans(2)) == written


# -- killed mid-edit ------------------------------------------------------------------------------

CHILD_WINDOW = """
import sys
from pathlib import Path
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from annotator.gui.app import application
from annotator.gui.annotate.main_window import MainWindow
from annotator.gui.common.settings import Settings
from annotator.store import Store

app = application()
window = MainWindow(Store(sys.argv[1]), Settings(Path(sys.argv[2])), "alice")
window.ops.spans_changed.connect(lambda change: [print(s.id, flush=True) for s in change.added])
window.show()
window.activateWindow()
while not window.isActiveWindow():
    app.processEvents()
window.view.setFocus()
keys = (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4)
while True:
    before = window.view.selection16()
    QTest.keyClick(window.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    if window.view.selection16() == before:  # the end of the article: on to the next
        QTest.keyClick(window.view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
        continue
    for key in keys:  # four labels on the sentence: four spans, each acknowledged when saved
        QTest.keyClick(window.view, key)
    app.processEvents()
"""


def test_window_killed_mid_edit_keeps_every_acknowledged_span(tmp_path):
    db = tmp_path / "work.db"
    make_database(db, spans=0, backup=False)
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD_WINDOW, str(db), str(tmp_path / "s.ini")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    acknowledged = []
    try:
        while len(acknowledged) < 120:
            line = child.stdout.readline()
            assert line, child.stderr.read()
            acknowledged.append(int(line))
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert integrity(db) == "ok"
    with Store(db) as store:
        stored = {s.id: s for s in store.spans()}
        assert set(acknowledged) <= set(stored)
        for span in stored.values():
            assert store.article(span.article_id).text[span.start : span.end] == span.text


def test_the_restore_offer_passes_over_a_damaged_newest_backup(qtbot, tmp_path, monkeypatch):
    db = tmp_path / "work.db"
    make_database(db, spans=2)  # one good backup
    with Store(db) as store:
        store.add_span(1, "alice", "claim", 40, 49)
        newest = take_backup(store, reason="auto")
    data = bytearray(newest.read_bytes())
    data[4096 + 100 : 8192 - 100] = b"\xff" * (4096 - 200)  # a damaged page: opens, fails integrity_check
    newest.write_bytes(bytes(data))
    damage(db, "garbage")
    said = answer(monkeypatch, YES)
    window = app_module.launch(db, "alice", Settings(tmp_path / "s.ini"))
    qtbot.addWidget(window)
    assert newest.name in said["question"][0] and "passed over" in said["question"][0]
    assert len(window.store.spans()) == 2  # the older, sound backup
    close(window)


def test_restore_from_the_window_is_refused_while_another_process_has_the_file(qtbot, window, monkeypatch):
    tag_next_sentence(window)
    backup = take_backup(window.store, reason="auto")
    tag_next_sentence(window, Qt.Key.Key_2)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
            " c.execute('select count(*) from spans').fetchone(); print('open', flush=True);"
            " sys.stdin.read()",
            str(window.store.path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        warned = []
        monkeypatch.setattr(QMessageBox, "warning", lambda *a: warned.append(a[2]))
        from annotator.gui.safekeeping.recovery import restore_into

        assert restore_into(window, backup) is None
        assert warned and "open in another annotator window" in warned[0]
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    assert len(window.store.spans()) == 2 and len(window.doc.spans) == 2  # nothing was replaced
