"""What an adversary found in backups and restores, each caused for real: a writer arriving mid-restore,
a nearly full disk, a suffixless database beside a .db one, a clock moved back, private and read-only
files, a backup from a newer version, killed copies' journals."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time

from annotator import faultpoints
from annotator.backup import backups, take_backup
from annotator.store import Store
from tests.faults import fill_disk, run_until
from tests.test_backup_faults import make_db, span_count, strays
from tests.test_cli import run


def test_a_writer_that_opens_the_file_during_a_restore_makes_it_refuse(tmp_path):
    db = tmp_path / "c.db"
    make_db(db, 2)
    run("--db", db, "backup")
    go = tmp_path / "go"
    child = run_until("restore-staged", ["--db", str(db), "restore", "--yes"], tmp_path,
                      env={faultpoints.RESUME_ENV: str(go)})
    writer = subprocess.Popen([sys.executable, "-c", "import sys, time\nfrom annotator.store import Store\n"
                               "s = Store(sys.argv[1]); s.add_span(1, 'w', 'claim', 300, 310)\n"
                               "print('saved', flush=True); sys.stdin.read()", str(db)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "saved"  # acknowledged, and still open
        go.touch()  # the restore goes on
        out, err = child.communicate(timeout=60)
        assert child.returncode == 1 and "open in another annotator window" in err, err
    finally:
        writer.stdin.close()
        writer.wait(timeout=30)
    assert span_count(db) == 3  # the writer's span is in the real file
    assert not list(tmp_path.glob("c.db.damaged-*"))  # a healthy file is never called damaged


def test_a_restore_that_cannot_back_up_the_current_file_refuses(small_disk):
    from annotator.model import ArticleIn

    db = small_disk / "c.db"
    make_db(db, 2)
    with Store(db) as store:
        backup = take_backup(store)  # small
        store.add_article(ArticleIn(text="A long report. " * 60_000, title="big"))  # the current file: large
    fill_disk(small_disk)
    filler = small_disk / "filler"
    os.truncate(filler, filler.stat().st_size - 3 * backup.stat().st_size - 100_000)  # room for the copy only
    count = span_count(db)
    refused = run("--db", db, "restore", "--yes", check=False)
    assert refused.returncode == 1, refused.stdout
    assert "could not be backed up first" in refused.stderr and "Traceback" not in refused.stderr, refused.stderr
    assert span_count(db) == count and not list(small_disk.glob("c.db.damaged-*"))
    assert run("--db", db, "stats").returncode == 0


def test_corpus_and_corpus_db_in_one_folder_never_share_backups(tmp_path):
    a, b = tmp_path / "corpus.db", tmp_path / "corpus"
    make_db(a, 5)
    make_db(b, 1)
    run("--db", a, "backup")
    run("--db", b, "backup")
    assert len(backups(a)) == 1 and len(backups(b)) == 1 and backups(a) != backups(b)
    run("--db", b, "backup")
    run("--db", a, "backup", "--keep", "1")
    assert len(backups(b)) == 2  # pruning corpus.db's never touches corpus's
    run("--db", a, "restore", "--yes")
    assert span_count(a) == 5


def test_backups_keep_their_order_when_the_clock_moves_back(tmp_path):
    db = tmp_path / "c.db"
    make_db(db, 1)
    for _ in range(3):
        run("--db", db, "backup", "--keep", "3", env_extra={"TZ": "UTC-3"})
    with Store(db) as store:
        store.add_span(1, "ann", "claim", 50, 60)
    newest = run("--db", db, "backup", "--keep", "3", env_extra={"TZ": "UTC"}).stdout.split()[-1]
    assert os.path.exists(newest) and backups(db)[-1] == type(db)(newest)
    run("--db", db, "restore", "--yes")
    assert span_count(db) == 2


def test_a_day_of_window_starts_keeps_the_copy_before_a_restore(qtbot, tmp_path):
    from annotator.gui.main_window import MainWindow
    from annotator.gui.settings import Settings

    db = tmp_path / "c.db"
    make_db(db, 2)
    run("--db", db, "backup")
    run("--db", db, "labels", "add", "extra")
    kept = run("--db", db, "restore", "--yes").stdout
    safety = next(p for p in backups(db) if "before-restore" in p.name)
    assert safety.name in kept
    for n in range(12):  # opening the window changes nothing: no twelve copies of the same file
        window = MainWindow(Store(db), Settings(tmp_path / "s.ini"), "alice")
        qtbot.addWidget(window)
        window.close()
        window.store.close()
    assert safety.exists()
    assert len(backups(db)) <= 3


def test_backups_and_restores_keep_a_private_database_private(tmp_path):
    db = tmp_path / "c.db"
    make_db(db, 2)
    os.chmod(db, 0o600)
    path = run("--db", db, "backup").stdout.split()[-1]
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    run("--db", db, "restore", "--yes")
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


def test_a_database_marked_read_only_is_not_restored_over(tmp_path):
    db = tmp_path / "c.db"
    make_db(db, 2)
    run("--db", db, "backup")
    with Store(db) as store:
        store.add_span(1, "ann", "claim", 50, 60)
    os.chmod(db, 0o444)
    refused = run("--db", db, "restore", "--yes", check=False)
    assert refused.returncode == 1 and "read-only" in refused.stderr
    assert span_count(db) == 3 and stat.S_IMODE(db.stat().st_mode) == 0o444


def test_a_backup_from_a_newer_version_is_passed_over(tmp_path):
    db = tmp_path / "c.db"
    make_db(db, 2)
    with Store(db) as store:
        take_backup(store)
        store.add_span(1, "ann", "claim", 50, 60)
        newer = take_backup(store)
    conn = sqlite3.connect(newer)
    conn.execute("INSERT INTO schema_version VALUES (99, 'future')")
    conn.commit()
    conn.close()
    restored = run("--db", db, "restore", "--yes")
    assert f"passed over {newer.name}" in restored.stderr and "newer version" in restored.stderr
    assert span_count(db) == 2 and run("--db", db, "stats").returncode == 0


def test_killed_backups_leave_no_journal_behind(tmp_path):
    db = tmp_path / "c.db"
    make_db(db, 3)
    child = run_until("snapshot-before-rename", ["--db", str(db), "backup"], tmp_path)
    child.send_signal(signal.SIGKILL)
    child.wait()
    for leftover in (db.parent / "backups").iterdir():
        os.utime(leftover, (time.time() - 3600,) * 2)
    run("--db", db, "backup")
    assert strays(db.parent / "backups") == []
