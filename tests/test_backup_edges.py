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
from datetime import UTC

from annotator import faultpoints, snapshot
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
    child = run_until(
        "restore-staged", ["--db", str(db), "restore", "--yes"], tmp_path, env={faultpoints.RESUME_ENV: str(go)}
    )
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom annotator.store import Store\n"
            "s = Store(sys.argv[1]); s.add_span(1, 'w', 'claim', 300, 310)\n"
            "print('saved', flush=True); sys.stdin.read()",
            str(db),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout.readline().strip() == "saved"  # acknowledged, and still open
        go.touch()  # the restore goes on
        _, err = child.communicate(timeout=60)
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


def test_a_backup_taken_while_the_clock_was_ahead_does_not_stay_the_newest(tmp_path):
    from datetime import datetime, timedelta

    db = tmp_path / "c.db"
    make_db(db, 1)
    (early,) = [type(db)(run("--db", db, "backup").stdout.split()[-1])]
    ahead = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y%m%d-%H%M%S-%fZ")
    early.rename(early.with_name(f"c.db.backup-{ahead}.db"))  # what a backup taken a day ahead is called
    with Store(db) as store:
        store.add_span(1, "ann", "claim", 50, 60)  # the clock put right, work goes on
    newest = type(db)(run("--db", db, "backup").stdout.split()[-1])
    assert backups(db)[-1] == newest and newest.name > f"c.db.backup-{ahead}"
    with Store(db) as store:
        store.add_span(1, "ann", "claim", 70, 80)
    run("--db", db, "restore", "--yes")
    assert span_count(db) == 2  # the backup taken last, not the one dated tomorrow


def test_a_day_of_window_starts_keeps_the_copy_before_a_restore(qtbot, tmp_path):
    from annotator.gui.annotate.main_window import MainWindow
    from annotator.gui.common.settings import Settings

    db = tmp_path / "c.db"
    make_db(db, 2)
    run("--db", db, "backup")
    run("--db", db, "labels", "add", "extra")
    kept = run("--db", db, "restore", "--yes").stdout
    safety = next(p for p in backups(db) if "before-restore" in p.name)
    assert safety.name in kept
    for _ in range(12):  # opening the window changes nothing: no twelve copies of the same file
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


WRITER = """import sys
from annotator.store import Store
store = Store(sys.argv[1])
print('opened', flush=True)
store.add_span(1, sys.argv[2], 'claim', 300, 310)
print('saved', flush=True)
if sys.argv[3] == 'stay':
    sys.stdin.readline()
    store.add_span(1, sys.argv[2], 'claim', 320, 330)
    print('saved again', flush=True)
store.close()
"""


def _writer(db, who, how):
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), who, how],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _locked(db) -> bool:
    conn = sqlite3.connect(db, timeout=0)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return False
    except sqlite3.OperationalError as exc:
        return "locked" in str(exc)
    finally:
        conn.close()


def _spans_of(db, who) -> int:
    with Store(db) as store:
        return sum(1 for s in store.spans() if s.annotator == who)


def test_a_writer_that_opens_the_file_just_before_the_restore_lands_waits_and_loses_nothing(tmp_path):
    db = tmp_path / "c.db"
    make_db(db, 2)
    run("--db", db, "backup")
    with Store(db) as store:
        store.add_span(1, "ann", "claim", 100, 120)  # after the backup: kept in the before-restore copy
    go = tmp_path / "go"
    child = run_until(
        "restore-before-replace", ["--db", str(db), "restore", "--yes"], tmp_path, env={faultpoints.RESUME_ENV: str(go)}
    )
    once, stays = _writer(db, "bob", "once"), _writer(db, "carol", "stay")  # a command, and a window
    try:
        assert _locked(db)  # neither can read or write the file while the restore holds it
        go.touch()
        out, err = child.communicate(timeout=60)
        assert child.returncode == 0 and "restored" in out, err
        assert once.stdout.readline() == "opened\n" and once.stdout.readline() == "saved\n"
        assert stays.stdout.readline() == "opened\n" and stays.stdout.readline() == "saved\n"
        stays.stdin.write("\n")
        stays.stdin.flush()
        assert stays.stdout.readline() == "saved again\n"
    finally:
        for proc in (once, stays):
            proc.stdin.close()
            proc.wait(timeout=60)
    # Both saved into the restored file, after it was restored: nothing they were told is saved is lost.
    assert (_spans_of(db, "ann"), _spans_of(db, "bob"), _spans_of(db, "carol")) == (2, 1, 2)
    assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    (kept,) = [p for p in backups(db) if "before-restore" in p.name]
    assert _spans_of(kept, "ann") == 3


def test_a_kill_while_the_backup_is_copied_over_the_file_leaves_the_old_file(tmp_path):
    from annotator.model import ArticleIn

    db = tmp_path / "c.db"
    make_db(db, 2)
    with Store(db) as store:
        store.add_article(ArticleIn(text="A long report. " * 100_000, title="big"))  # many pages to copy
    run("--db", db, "backup")
    (backup,) = backups(db)
    with Store(db) as store:
        store.add_span(1, "ann", "claim", 100, 120)
    child = run_until("restore-copying", ["--db", str(db), "restore", "--yes"], tmp_path)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert span_count(db) == 3  # SQLite's journal put the old file back
    restored = run("--db", db, "restore", "--yes", backup)  # and it can simply be run again
    assert "restored" in restored.stdout and span_count(db) == 2


def test_a_damaged_file_that_still_opens_is_restored_under_the_lock_too(tmp_path):
    from annotator.model import ArticleIn

    db = tmp_path / "c.db"
    make_db(db, 2)
    run("--db", db, "backup")
    with Store(db) as store:
        store.add_article(ArticleIn(text="A long report. " * 5000, title="big"))  # overflow pages to damage
    data = bytearray(db.read_bytes())
    page = data.index(b"A long report. " * 100) // 4096 + 3  # an overflow page of that text, well inside it
    data[page * 4096 : page * 4096 + 4] = b"\xff" * 4  # its pointer to the next one: a broken chain
    db.write_bytes(bytes(data))
    assert snapshot.check_file(db)  # damaged
    with Store(db) as store:
        store.add_span(1, "ann", "claim", 100, 120)  # it still opens and takes edits
    go = tmp_path / "go"
    child = run_until(
        "restore-before-replace", ["--db", str(db), "restore", "--yes"], tmp_path, env={faultpoints.RESUME_ENV: str(go)}
    )
    writer = _writer(db, "bob", "once")
    try:
        assert _locked(db)
        go.touch()
        out, err = child.communicate(timeout=60)
        assert child.returncode == 0 and "restored" in out, err
        assert writer.stdout.readline() == "opened\n" and writer.stdout.readline() == "saved\n"
    finally:
        writer.stdin.close()
        writer.wait(timeout=60)
    assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert (_spans_of(db, "ann"), _spans_of(db, "bob")) == (2, 1)  # the backup, and bob's edit after it
    (aside,) = tmp_path.glob("c.db.damaged-*")
    assert span_count(aside) == 3  # the damaged file's pages, its last edit included
