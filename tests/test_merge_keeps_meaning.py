"""A merge never changes what this file's rows mean, and reopens adjudicated articles it disputes again.

An incoming file that calls alice 'gold', gives claim another colour, key and
guideline, or another title to a known article leaves them as they are here
(alice stays in agreement and review); the differences are listed. A merge
that brings a new disagreement into an article the review marked adjudicated
puts it back in progress for gold and names it.
"""

from __future__ import annotations

import json
import sqlite3

from merge_files import TEXT, cli, laptop, tamper

from annotator import adjudication
from annotator.agreement.corpus import human_annotators
from annotator.model import Status
from annotator.store import Store


def merges_record(db):
    conn = sqlite3.connect(db)
    try:
        return [json.loads(row[0]) for row in conn.execute("SELECT conflicts FROM merges ORDER BY id")]
    finally:
        conn.close()


def test_an_incoming_file_never_rewrites_kinds_labels_or_article_metadata(tmp_path):
    db = laptop(tmp_path / "reviewer.db", "alice", words=(("claim", "NATO must stop"),))
    laptop(tmp_path / "bob.db", "bob", words=(("denial", "denied"),))
    assert cli("--db", db, "merge", tmp_path / "bob.db").returncode == 0
    with Store(db) as store:
        labels_before = store.labels.to_dict()
        article_before = store.article(1)
    other = laptop(tmp_path / "alice-gold.db", "alice", words=(("claim", "NATO must stop"), ("claim", "denied")))
    tamper(
        other,
        """
        UPDATE annotators SET kind = 'gold' WHERE name = 'alice';
        UPDATE labels SET color = '#123456', key = '9', guideline = 'Something else.' WHERE name = 'claim';
        UPDATE articles SET title = 'Another title', meta = '{"section": "world"}' WHERE id = 1;
        INSERT INTO labels (name, color, key, guideline, position) VALUES ('rumour', '#00AA00', '1', '', 9);
    """,
    )
    proc = cli("--db", db, "merge", other)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == (
        f"{other}: 0 articles added, 1 span added, 0 statuses updated, 0 notes updated, "
        "0 conflicts, 6 differences left as they are here\n"
    )
    differences = [
        "annotator 'alice' is 'human' here and 'gold' in the merged file; kept 'human'",
        "label 'claim': colour '#E69F00' here, '#123456' in the merged file; kept this file's",
        "label 'claim': key '1' here, '9' in the merged file; kept this file's",
        "label 'claim': guideline 'An assertion presented as true by a named or implied source.' here, "
        "'Something else.' in the merged file; kept this file's",
        "label 'rumour' added without its key '1', which label 'claim' uses here",
        f"article {TEXT[:30]!r}: title, meta differ in the merged file; kept this file's",
    ]
    assert sorted(proc.stderr.splitlines()) == sorted(f"difference: {d}" for d in differences)
    with Store(db) as store:
        assert human_annotators(store, with_work=True) == ["alice", "bob"]  # alice still counts
        assert [lab for lab in store.labels.to_dict()["labels"] if lab["name"] != "rumour"] == labels_before["labels"]
        assert store.labels.get("rumour").key == ""
        assert store.article(1) == article_before
    assert sorted(merges_record(db)[-1]) == sorted(f"difference: {d}" for d in differences)


def review_of_alice_and_bob(tmp_path):
    """A reviewer's file: alice and bob disagree on one article, which the review then adjudicated."""
    db = tmp_path / "reviewer.db"
    laptop(tmp_path / "alice.db", "alice", words=(("denial", "denied"), ("threat", "Troops massed")))
    laptop(tmp_path / "bob.db", "bob", words=(("denial", "denied"),))
    assert cli("--db", db, "merge", tmp_path / "alice.db", tmp_path / "bob.db").returncode == 0
    with Store(db) as store:
        for item in adjudication.items(store, 1, ["alice", "bob"]):
            adjudication.accept(store, item.spans[0], decided_by="rev")
        store.set_status(1, adjudication.GOLD, Status.DONE)  # Review ▸ Mark adjudicated
    return db


def test_a_merge_that_disputes_an_adjudicated_article_reopens_it_and_says_so(tmp_path):
    db = review_of_alice_and_bob(tmp_path)
    with Store(tmp_path / "alice.db") as alice:  # alice went on working on her laptop
        at = TEXT.index("NATO must stop")
        alice.add_span(1, "alice", "demand", at, at + len("NATO must stop"))
    proc = cli("--db", db, "merge", tmp_path / "alice.db")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.endswith(", 1 adjudicated article reopened\n")
    assert proc.stderr == (f"reopened: {TEXT[:30]!r}: the merge added a disagreement; gold is in progress again\n")
    with Store(db) as store:
        assert store.status(1, adjudication.GOLD) is Status.IN_PROGRESS
        assert store.status(1, "alice") is Status.DONE
    assert merges_record(db)[-1] == [
        f"reopened: {TEXT[:30]!r}: the merge added a disagreement; gold is in progress again"
    ]


def test_a_merge_that_gold_already_decides_leaves_the_article_adjudicated(tmp_path):
    db = review_of_alice_and_bob(tmp_path)
    with Store(tmp_path / "bob.db") as bob:  # bob now also marks what gold took from alice
        at = TEXT.index("Troops massed")
        bob.add_span(1, "bob", "threat", at, at + len("Troops massed"))
    proc = cli("--db", db, "merge", tmp_path / "bob.db")
    assert proc.returncode == 0 and "reopened" not in proc.stdout + proc.stderr
    with Store(db) as store:
        assert store.status(1, adjudication.GOLD) is Status.DONE
