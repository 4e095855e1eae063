"""Faults caused for real: SIGKILL mid-burst, power loss, two writers, a full disk.

Each test runs the real store in child processes and inspects the file the
way the next start of the application would.
"""

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from annotator.errors import StoreError
from annotator.model import ArticleIn
from annotator.store import Store

CHILD_EDITS = """
import sys
from annotator.model import ArticleIn
from annotator.store import Store
store = Store(sys.argv[1])
article_id, _ = store.add_article(ArticleIn(text="x" * 100_000, title="burst"))
who = sys.argv[2]
i = 0
while i < int(sys.argv[3]):
    span = store.add_span(article_id, who, "claim", i, i + 1 + i % 7)
    print(span.id, flush=True)  # acknowledged: the user saw it saved
    i += 1
"""

CHILD_BATCHES = """
import sys
from annotator.model import ArticleIn
from annotator.store import Store
store = Store(sys.argv[1])
n = 0
while True:
    batch = [ArticleIn(text=f"article {n + k} " + "text " * 300, title=f"a{n + k}") for k in range(7)]
    store.import_articles(batch, batch_size=7)  # one transaction of 7 articles
    n += 7
"""


def child(code, *args):
    return subprocess.Popen(
        [sys.executable, "-c", code, *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def integrity(path):
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def test_sigkill_mid_burst_loses_no_acknowledged_edit(db_path):
    proc = child(CHILD_EDITS, db_path, "ann", 1_000_000)
    acknowledged = []
    while len(acknowledged) < 400:
        line = proc.stdout.readline()
        assert line, proc.stderr.read()
        acknowledged.append(int(line))
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert integrity(db_path) == "ok"
    with Store(db_path) as store:
        stored = {s.id for s in store.spans()}
        assert set(acknowledged) <= stored
        for span in store.spans():
            assert store.article(span.article_id).text[span.start : span.end] == span.text


def test_power_loss_snapshots_hold_whole_transactions_only(tmp_path):
    db_path = tmp_path / "live.db"
    Store(db_path).close()
    proc = child(CHILD_BATCHES, db_path)
    snapshots = []
    try:
        time.sleep(0.3)
        for n in range(12):
            # Freeze the writer mid-write and take the files as a power cut would leave them.
            os.kill(proc.pid, signal.SIGSTOP)
            snap = tmp_path / f"snap{n}"
            snap.mkdir()
            for suffix in ("", "-wal"):
                src = db_path.with_name(db_path.name + suffix)
                if src.exists():
                    shutil.copyfile(src, snap / ("live.db" + suffix))
            os.kill(proc.pid, signal.SIGCONT)
            snapshots.append(snap / "live.db")
            time.sleep(0.05 + 0.03 * (n % 4))
    finally:
        proc.kill()
        proc.wait()
    counts = []
    for snap in snapshots:
        assert integrity(snap) == "ok"
        with Store(snap) as store:
            count = store.count_articles()
            titles = {row.title for row in store.articles()}
        assert count % 7 == 0, f"a transaction was torn: {count} articles"
        assert titles == {f"a{k}" for k in range(count)}
        counts.append(count)
    assert counts[-1] > 0


def test_two_instances_on_one_file_lose_no_update(db_path):
    Store(db_path).close()
    procs = [child(CHILD_EDITS, db_path, name, 300) for name in ("alice", "bob")]
    outputs = [p.communicate(timeout=120) for p in procs]
    for proc, (out, err) in zip(procs, outputs):
        assert proc.returncode == 0, err
        assert "locked" not in err
        assert len(out.split()) == 300
    with Store(db_path) as store:
        assert store.stats()["by_annotator"] == {"alice": 300, "bob": 300}
        assert store.count_articles() == 1  # the same text, stored once by whichever came first


def test_full_disk_gives_a_clear_message_and_keeps_the_database(db_path):
    store = Store(db_path)
    article_id, _ = store.add_article(ArticleIn(text="kept " * 100, title="kept"))
    store.add_span(article_id, "ann", "claim", 0, 4)
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages + 3}")  # the disk fills up now
    big = [ArticleIn(text=f"{n} " + "word " * 20_000, title=f"big {n}") for n in range(5)]
    with pytest.raises(StoreError, match="full.*not saved"):
        store.import_articles(big)
    with pytest.raises(StoreError, match="full"):
        for i in range(10_000):
            store.add_span(article_id, "ann", "claim", i % 400, i % 400 + 1 + i // 400)
    assert not store.conn.in_transaction
    store.close()
    assert integrity(db_path) == "ok"
    with Store(db_path) as again:
        assert again.count_articles() == 1
        assert (0, 4, "kept") in [(s.start, s.end, s.text) for s in again.spans()]


def test_truncated_database_is_refused_with_a_clear_message(db_path):
    with Store(db_path) as store:
        store.import_articles([ArticleIn(text=f"{i} " + "word " * 1000, title=f"t{i}") for i in range(200)])
    data = db_path.read_bytes()
    db_path.write_bytes(data[: len(data) // 2])
    with pytest.raises(StoreError, match="annotations.db is not a readable annotator database"):
        Store(db_path)
    assert len(db_path.read_bytes()) == len(data) // 2  # left as it was, for a restore or a post-mortem


def test_junk_wal_beside_a_good_database_is_ignored(db_path):
    with Store(db_path) as store:
        article_id, _ = store.add_article(ArticleIn(text="kept text", title="t"))
        store.add_span(article_id, "ann", "claim", 0, 4)
    db_path.with_name(db_path.name + "-wal").write_bytes(os.urandom(40_000))
    with Store(db_path) as store:
        assert [s.text for s in store.spans()] == ["kept"]
        store.add_span(article_id, "ann", "denial", 5, 9)
    assert integrity(db_path) == "ok"
