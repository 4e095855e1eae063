"""Rolling backups through the backup API, taken while editing, and restores."""

import sqlite3
import threading

import pytest

from annotator.backup import backups, latest_backup, restore_backup, take_backup
from annotator.errors import StoreError
from annotator.model import ArticleIn
from annotator.store import Store
from tests.test_cli import run


def fill(store, n=3):
    article_id, _ = store.add_article(ArticleIn(text="Putin demanded guarantees " * 20, title="t"))
    for i in range(n):
        store.add_span(article_id, "ann", "demand", i, i + 6)
    return article_id


def test_backups_roll_and_keep_the_newest(file_store):
    fill(file_store)
    paths = [take_backup(file_store, keep=3) for _ in range(5)]
    assert backups(file_store.path) == paths[-3:]
    assert latest_backup(file_store.path) == paths[-1]
    conn = sqlite3.connect(paths[-1])
    assert conn.execute("SELECT count(*) FROM spans").fetchone()[0] == 3
    conn.close()


def test_backup_taken_while_edits_are_written_is_consistent(db_path):
    writer = Store(db_path)
    article_id = fill(writer, 1)
    stop = threading.Event()

    def edit():
        i = 0
        while not stop.is_set():
            writer.add_span(article_id, "ann", "claim", i % 400, i % 400 + 3 + i // 400)
            i += 1

    thread = threading.Thread(target=edit)
    thread.start()
    try:
        with Store(db_path) as reader:
            taken = [take_backup(reader, keep=20) for _ in range(10)]
    finally:
        stop.set()
        thread.join()
        writer.close()
    for path in taken:
        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        conn.close()


def test_restore_replaces_the_file_and_keeps_the_old_one(db_path):
    with Store(db_path) as store:
        fill(store, 2)
        backup = take_backup(store)
        fill(store, 5)
    safety = restore_backup(db_path, backup).kept
    with Store(db_path) as store:
        assert len(store.spans()) == 2
    with Store(safety) as old:
        assert len(old.spans()) == 5


def test_damaged_file_is_set_aside_and_restored(db_path):
    with Store(db_path) as store:
        fill(store, 2)
        backup = take_backup(store)
    db_path.write_bytes(b"\0garbage" * 1000)
    with pytest.raises(StoreError):
        Store(db_path)
    aside = restore_backup(db_path, backup).kept
    assert aside.read_bytes().startswith(b"\0garbage")
    with Store(db_path) as store:
        assert len(store.spans()) == 2


def test_a_bad_backup_is_refused_and_nothing_changes(db_path, tmp_path):
    with Store(db_path) as store:
        fill(store, 2)
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"nonsense" * 100)
    with pytest.raises(StoreError, match="bad.db"):
        restore_backup(db_path, bad)
    with Store(db_path) as store:
        assert len(store.spans()) == 2


def test_cli_backup_and_restore_with_a_hint_on_damage(tmp_path):
    db = tmp_path / "work.db"
    run("--db", db, "labels", "add", "threat")  # creates the file
    out = run("--db", db, "backup").stdout
    assert "backed up to" in out
    db.write_bytes(b"garbage" * 500)
    damaged = run("--db", db, "stats", check=False)
    assert damaged.returncode == 1
    assert "is not a readable annotator database" in damaged.stderr and "restore" in damaged.stderr
    restored = run("--db", db, "restore", "--yes")
    assert "restored" in restored.stdout
    assert run("--db", db, "stats").returncode == 0


def test_backups_of_a_db_and_a_b_db_never_mix(tmp_path):
    with Store(tmp_path / "a.db") as a, Store(tmp_path / "a-b.db") as ab:
        fill(a, 1)
        fill(ab, 2)
        mine = take_backup(a, keep=5)
        theirs = [take_backup(ab, keep=5) for _ in range(3)]
        take_backup(a, keep=1)  # prunes a.db's own backups only
    assert backups(tmp_path / "a.db") != [] and mine not in backups(tmp_path / "a.db")
    assert all(p.exists() for p in theirs)
    assert backups(tmp_path / "a-b.db") == theirs


def test_a_restore_leaves_no_stray_files_beside_the_backups(db_path):
    with Store(db_path) as store:
        fill(store, 2)
        backup = take_backup(store)
    restore_backup(db_path, backup)
    strays = [p.name for p in backup.parent.iterdir() if p.name.endswith(("-wal", "-shm"))]
    assert strays == []
