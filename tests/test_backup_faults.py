"""Backups and restores under real faults: a full disk, a kill between writes, a damaged backup,
a second process on the file, two databases in one folder."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

from annotator.backup import backups, take_backup
from annotator.model import ArticleIn
from annotator.store import Store
from tests.faults import fill_disk, run_until
from tests.test_cli import run


def make_db(path, spans: int) -> None:
    with Store(path) as store:
        article_id, _ = store.add_article(ArticleIn(text="Putin demanded guarantees. " * 40, title=path.name))
        for i in range(spans):
            store.add_span(article_id, "ann", "demand", i, i + 6)


def span_count(path) -> int:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM spans").fetchone()[0]
    finally:
        conn.close()


def strays(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def damage_a_page(path) -> None:
    """Overwrite the middle of the file: SQLite still opens it, integrity_check fails."""
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) >= 3 * page
    data[page + 100 : 2 * page - 100] = b"\xff" * (page - 200)
    path.write_bytes(bytes(data))


def test_backups_on_a_full_disk_leave_nothing_and_keep_the_good_ones(small_disk):
    db = small_disk / "corpus.db"
    make_db(db, 3)
    good = [run("--db", db, "backup", "--keep", "2") for _ in range(2)]
    assert all(g.returncode == 0 for g in good)
    before = backups(db)
    window = Store(db)  # an open window keeps its -wal and -shm: the backup itself meets the full disk
    filler = fill_disk(small_disk)
    for _ in range(3):  # several failures in a row must not push the good backups out
        failed = run("--db", db, "backup", "--keep", "2", check=False)
        assert failed.returncode == 1, failed.stdout
        assert "Traceback" not in failed.stderr and "disk is full" in failed.stderr, failed.stderr
        assert "nothing was written" in failed.stderr
    assert backups(db) == before
    assert all(p.stat().st_size > 0 for p in before)
    assert strays(db.parent / "backups") == []
    window.close()
    filler.unlink()
    restored = run("--db", db, "restore", "--yes")
    assert str(before[-1].name) in restored.stdout
    assert span_count(db) == 3


def test_a_database_that_cannot_open_on_a_full_disk_says_so(small_disk):
    db = small_disk / "corpus.db"
    make_db(db, 1)  # closed cleanly: opening it again must make a -wal and -shm
    fill_disk(small_disk)
    failed = run("--db", db, "backup", check=False)
    assert failed.returncode == 1 and "is full" in failed.stderr and "Traceback" not in failed.stderr


def test_a_restore_on_a_full_disk_changes_nothing(small_disk):
    db = small_disk / "corpus.db"
    make_db(db, 2)
    run("--db", db, "backup")
    with Store(db) as store:
        store.add_span(1, "ann", "claim", 100, 130)  # made after the backup: must survive the refusal
    count = span_count(db)
    assert count == 3
    fill_disk(small_disk)
    refused = run("--db", db, "restore", "--yes", check=False)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr, refused.stderr
    assert span_count(db) == count
    assert strays(small_disk) == []


def test_restore_passes_over_a_damaged_newest_backup_and_says_so(tmp_path):
    db = tmp_path / "corpus.db"
    make_db(db, 2)
    with Store(db) as store:
        older = take_backup(store)
        store.add_span(1, "ann", "claim", 100, 120)
        newest = take_backup(store)
    damage_a_page(newest)
    sqlite3.connect(db).close()
    restored = run("--db", db, "restore", "--yes")
    assert f"passed over {newest.name}" in restored.stderr
    assert older.name in restored.stdout and span_count(db) == 2
    chosen = run("--db", db, "restore", "--yes", newest, check=False)  # asked for by name: refused
    assert chosen.returncode == 1 and "cannot be restored" in chosen.stderr


def test_a_damaged_database_names_the_backup_restore_would_use(tmp_path):
    db = tmp_path / "corpus.db"
    make_db(db, 2)
    with Store(db) as store:
        older = take_backup(store)
        newest = take_backup(store)
    damage_a_page(newest)
    db.write_bytes(b"garbage" * 500)
    damaged = run("--db", db, "stats", check=False)
    assert damaged.returncode == 1 and "Traceback" not in damaged.stderr
    assert f"newest sound backup ({older.name})" in damaged.stderr and newest.name in damaged.stderr
    newest.unlink()
    older.unlink()
    alone = run("--db", db, "stats", check=False)
    assert "No backup of it was found" in alone.stderr


def test_a_damaged_database_is_not_backed_up_as_newest(tmp_path):
    db = tmp_path / "corpus.db"
    make_db(db, 40)
    run("--db", db, "backup")
    before = backups(db)
    damage_a_page(db)
    failed = run("--db", db, "backup", check=False)
    assert failed.returncode == 1 and "Traceback" not in failed.stderr, failed.stderr
    assert backups(db) == before


def test_two_databases_in_one_folder_keep_their_own_backups(tmp_path):
    a, b = tmp_path / "corpus.db", tmp_path / "corpus.sqlite"
    make_db(a, 1)
    make_db(b, 4)
    run("--db", b, "backup", "--keep", "1")
    for _ in range(3):
        run("--db", a, "backup", "--keep", "1")  # prunes corpus.db's own only
    assert len(backups(b)) == 1 and len(backups(a)) == 1
    assert set(backups(a)).isdisjoint(backups(b))
    run("--db", b, "restore", "--yes")
    assert span_count(b) == 4  # its own content, not corpus.db's


def test_restore_refuses_while_another_process_writes(tmp_path):
    db = tmp_path / "corpus.db"
    make_db(db, 2)
    run("--db", db, "backup")
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout.readline().strip() == "1"  # one acknowledged edit, connection still open
        refused = run("--db", db, "restore", "--yes", check=False)
        assert refused.returncode == 1 and "open in another annotator window" in refused.stderr
        writer.stdin.write("more\n")
        writer.stdin.flush()
        assert writer.stdout.readline().strip() == "2"
    finally:
        writer.stdin.close()
        writer.wait(timeout=30)
    assert span_count(db) == 4  # both acknowledged edits are there


WRITER = """
import itertools, sys
from annotator.store import Store
store = Store(sys.argv[1])
for n, line in enumerate(itertools.chain(["first"], sys.stdin), 1):
    store.add_span(1, "other", "claim", 200 + n, 210 + n)
    print(n, flush=True)
"""


def test_a_kill_during_the_restore_of_a_damaged_file_never_leaves_it_empty(tmp_path):
    db = tmp_path / "corpus.db"
    make_db(db, 3)
    run("--db", db, "backup")
    db.write_bytes(b"\0garbage" * 2000)
    child = run_until("restore-before-replace", ["--db", str(db), "restore", "--yes"], tmp_path)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert db.read_bytes().startswith(b"\0garbage")  # the damaged bytes, never an empty database
    run("--db", db, "restore", "--yes")  # and the restore can simply be run again
    assert span_count(db) == 3
    assert [p for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


def test_a_kill_just_before_a_backup_is_renamed_leaves_no_backup_under_its_name(tmp_path):
    db = tmp_path / "corpus.db"
    make_db(db, 3)
    child = run_until("snapshot-before-rename", ["--db", str(db), "backup"], tmp_path)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert backups(db) == []  # the half-made copy is never listed, nor restored
    (leftover,) = (db.parent / "backups").glob(".*.partial")
    os.utime(leftover, (time.time() - 3600,) * 2)  # an hour later ...
    run("--db", db, "backup")  # ... the next backup is whole, and the leftover is gone
    assert len(backups(db)) == 1 and strays(db.parent / "backups") == []
