"""The file merged is only read: from a read-only mount, a 0444 file, beside a live owner, with its WAL.

A merge must read whatever `stats` reads, leave nothing beside the file (no
``-wal`` or ``-shm`` of its own), and leave no copy of it anywhere, not even
when the merge is killed half-way.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys

import pytest
from merge_files import cli, dump, folder_state, killed_laptop, laptop

from annotator.merge import merge_file
from annotator.model import ArticleIn
from annotator.store import Store, StoreError

ROOT = os.geteuid() == 0


def source(folder, state):
    """alice's file in ``folder``: closed cleanly, or as a killed window left it (with or without its -shm)."""
    folder.mkdir()
    if state == "closed cleanly":
        return laptop(folder / "alice.db")
    return killed_laptop(folder / "alice.db", keep_shm=state == "wal and shm left")


STATES = ["closed cleanly", "wal and shm left", "wal left, no shm"]


@pytest.mark.parametrize("state", STATES)
def test_a_merge_leaves_nothing_beside_the_file_and_reads_its_wal(tmp_path, file_store, state):
    other = source(tmp_path / "incoming", state)
    before = folder_state(other.parent)
    result = merge_file(file_store, other)
    assert result.spans_added == (2 if state == "closed cleanly" else 3)  # the spans only in the WAL too
    assert folder_state(other.parent) == before  # no -wal or -shm of the merge's own; the file and WAL as they were


def test_a_0444_file_in_a_0555_folder_is_merged_and_nothing_is_written_beside_it(tmp_path, db_path):
    (tmp_path / "incoming").mkdir()
    other = laptop(tmp_path / "incoming" / "alice.db")
    other.chmod(0o444)
    other.parent.chmod(0o555)
    try:
        before = folder_state(other.parent)
        proc = cli("--db", db_path, "merge", other)
        assert proc.returncode == 0, proc.stderr
        assert "2 spans added" in proc.stdout
        assert folder_state(other.parent) == before
    finally:
        other.parent.chmod(0o755)


@pytest.mark.skipif(not ROOT, reason="mounting a read-only folder needs root")
@pytest.mark.parametrize("state", STATES)
def test_a_file_on_a_read_only_mount_is_merged_as_stats_reads_it(tmp_path, db_path, state):
    other = source(tmp_path / "incoming", state)
    mount = tmp_path / "usb"
    mount.mkdir()
    subprocess.run(["mount", "--bind", str(other.parent), str(mount)], check=True)
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(mount)], check=True)
        with pytest.raises(OSError):
            (mount / "probe").write_text("x")  # really read-only, even for root
        before = folder_state(mount)
        proc = cli("--db", db_path, "merge", mount / "alice.db")
        assert proc.returncode == 0, proc.stderr
        added = "2 articles added, 2 spans" if state == "closed cleanly" else "1 article added, 3 spans"
        assert proc.stdout.startswith(f"{mount / 'alice.db'}: {added} added")
        assert folder_state(mount) == before
    finally:
        subprocess.run(["umount", str(mount)], check=True)
    with Store(db_path) as store:
        assert len(store.spans(annotators=["alice"])) == (2 if state == "closed cleanly" else 3)


MERGE_THEN_WAIT = """
import sys, time
from annotator.merge import merge_file
from annotator.model import ArticleIn
from annotator.store import Store

def hook(done, total):  # the test's chosen point: the merge holds its transaction, half-way through
    if done == 1:
        print("merging", flush=True)
        time.sleep(60)

merge_file(Store(sys.argv[1]), sys.argv[2], progress=hook)
"""


@pytest.mark.parametrize("state", STATES)
def test_a_merge_killed_half_way_leaves_no_copy_and_nothing_merged(tmp_path, db_path, state):
    other = source(tmp_path / "incoming", state)
    Store(db_path).close()
    here = dump(db_path)
    before = folder_state(other.parent)
    temp = tmp_path / "temp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    with subprocess.Popen(
        [sys.executable, "-c", MERGE_THEN_WAIT, str(db_path), str(other)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        try:
            assert proc.stdout.readline().strip() == "merging", proc.stderr.read()
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
    assert list(temp.iterdir()) == []  # no copy of the incoming database left behind
    assert folder_state(other.parent) == before
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    assert dump(db_path) == here  # the killed merge's transaction never happened


OWNER = """
import sys
from annotator.model import ArticleIn
from annotator.store import Store
store = Store(sys.argv[1])
text = "x" * 20000
article_id, _ = store.add_article(ArticleIn(text=text, title="burst"))
for i in range(1_000_000):
    store.add_span(article_id, "alice", "claim", i, i + 1 + i % 7)
    if i == 200:
        print("writing", flush=True)
"""


def test_a_merge_while_the_owner_is_writing_reads_one_consistent_state(tmp_path, file_store):
    other = tmp_path / "alice.db"
    with subprocess.Popen([sys.executable, "-c", OWNER, str(other)], stdout=subprocess.PIPE, text=True) as owner:
        try:
            assert owner.stdout.readline().strip() == "writing"
            result = merge_file(file_store, other)
        finally:
            owner.kill()
            owner.wait(timeout=30)
    spans = file_store.spans(annotators=["alice"])
    assert result.spans_added == len(spans) > 200
    starts = sorted(s.start for s in spans)
    assert starts == list(range(len(spans)))  # a prefix of the owner's work, nothing torn
    assert all(s.text == "x" * (s.end - s.start) for s in spans)


def test_a_file_checkpointed_by_its_owner_during_the_merge_is_refused(tmp_path, file_store):
    other = laptop(tmp_path / "alice.db")
    here = dump(file_store.path)

    def owner_writes(done, total):  # the owner opens the file, writes and closes (a checkpoint) meanwhile
        if done == 1:
            with Store(other) as alice:
                alice.add_span(alice.article_ids()[1], "alice", "claim", 0, 11)

    with pytest.raises(StoreError, match="was changed by another program while it was being read; nothing"):
        merge_file(file_store, other, progress=owner_writes)
    assert dump(file_store.path) == here
    assert len(merge_file(file_store, other).conflicts) == 0  # merged again: all of it, the new span too
    assert len(file_store.spans(annotators=["alice"])) == 3


def _small_disk(folder, fill=True):
    """A real 4 MB filesystem at ``folder``, filled to the last byte if ``fill``; unmount it afterwards."""
    folder.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)], check=True)
    if fill:
        with open(folder / "filler", "wb") as f:
            try:
                while True:
                    f.write(b"\0" * 65536)
                    f.flush()
            except OSError:
                pass
    return folder


def _big_source(path):
    with Store(path) as big:
        for n in range(400):  # about 2.5 MB of text: more than the full disk could take
            text = f"Article {n}. " + "The minister denied the report and demanded an apology. " * 100
            article_id, _ = big.add_article(ArticleIn(text=text, title=f"Article {n}"))
            big.add_span(article_id, "dana", "denial", text.index("denied"), text.index("denied") + 6, text=text)
    return path


@pytest.mark.skipif(not ROOT, reason="mounting a small filesystem needs root")
def test_a_disk_that_fills_during_a_merge_refuses_it_and_keeps_this_file_intact(tmp_path):
    other = _big_source(tmp_path / "big.db")
    disk = _small_disk(tmp_path / "disk", fill=False)
    try:
        db = laptop(disk / "reviewer.db", "bob", words=(("claim", "NATO must stop"),))
        here = dump(db)
        with open(disk / "filler", "wb") as f:  # leave a little room: the merge fills it
            f.write(b"\0" * (4 * 1024 * 1024 - os.path.getsize(db) - 600_000))
        proc = cli("--db", db, "merge", other)
        assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
        assert proc.stderr.startswith("refused: the disk holding ") and " is full" in proc.stderr
        (disk / "filler").unlink()
        assert dump(db) == here
    finally:
        subprocess.run(["umount", str(disk)], check=True)
