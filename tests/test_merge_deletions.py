"""Deletions survive merges: a span deleted here is not brought back by an older copy of it (schema 4 tombstones).

Every merge goes through the CLI on real database files, as a user runs it.
"""

import sqlite3

from merge_files import TEXT, cli, laptop, tamper

from annotator import schema
from annotator.model import ArticleIn
from annotator.store import Store, sha256_text


def _setup(tmp_path):
    """alice's file (2 spans, done); bob's file that took alice's in and added his own span."""
    alice = laptop(tmp_path / "alice.db", "alice")
    bob = tmp_path / "bob.db"
    assert cli("--db", bob, "merge", alice).returncode == 0
    with Store(bob) as store:
        store.add_span(1, "bob", "claim", 0, 5)
    return alice, bob


def _keys(path, who):
    with Store(path) as store:
        return sorted((s.label, s.start, s.end) for s in store.spans(annotators=[who]))


def _delete_alice_threat(path):
    with Store(path) as store:
        (span,) = [s for s in store.spans(annotators=["alice"]) if s.label == "threat"]
        store.delete_span(span.id, expected=span)
    return span


def test_a_span_deleted_here_stays_deleted_and_is_reported(tmp_path):
    alice, bob = _setup(tmp_path)
    gone = _delete_alice_threat(alice)
    run = cli("--db", alice, "merge", bob)
    assert run.returncode == 0, run.stderr
    assert "1 span added" in run.stdout and "1 span deleted here kept deleted" in run.stdout  # bob's span only
    assert "kept deleted: alice's threat span “Troops massed”" in run.stderr
    assert (gone.label, gone.start, gone.end) not in _keys(alice, "alice")
    assert _keys(bob, "alice") != _keys(alice, "alice")  # bob's file still has it: read, never written
    again = cli("--db", alice, "merge", bob)
    assert "0 spans added" in again.stdout and "1 span deleted here kept deleted" in again.stdout


def test_undo_of_the_delete_removes_the_tombstone(tmp_path):
    alice, bob = _setup(tmp_path)
    gone = _delete_alice_threat(alice)
    with Store(alice) as store:
        store.restore_span(gone)  # what the window's undo does
        assert store.conn.execute("SELECT count(*) FROM deleted_spans").fetchone()[0] == 0
    run = cli("--db", alice, "merge", bob)
    assert "deleted here" not in run.stdout and run.returncode == 0
    assert (gone.label, gone.start, gone.end) in _keys(alice, "alice")


def test_the_same_span_edited_there_after_the_delete_is_new_work(tmp_path):
    alice, bob = _setup(tmp_path)
    _delete_alice_threat(alice)
    with Store(bob) as store:  # someone edits alice's span in bob's file after she deleted hers
        (span,) = [s for s in store.spans(annotators=["alice"]) if s.label == "threat"]
        store.set_note(span.id, "still a threat", expected=span)
    run = cli("--db", alice, "merge", bob)
    assert "2 spans added" in run.stdout and "kept deleted" not in run.stdout
    with Store(alice) as store:
        assert "still a threat" in [s.note for s in store.spans(annotators=["alice"])]
        assert store.conn.execute("SELECT count(*) FROM deleted_spans").fetchone()[0] == 0


def test_a_files_deletion_of_a_span_here_is_a_difference_not_a_delete(tmp_path):
    alice, bob = _setup(tmp_path)
    gone = _delete_alice_threat(alice)
    run = cli("--db", bob, "merge", alice)
    assert run.returncode == 0, run.stderr  # no conflict: the file says why it lacks the span
    assert "0 conflicts, 1 difference left as it is here" in run.stdout
    assert (
        "difference: alice's threat span “Troops massed”" in run.stderr and "deleted in the merged file" in run.stderr
    )
    assert (gone.label, gone.start, gone.end) in _keys(bob, "alice")


def test_tombstones_travel_with_merges(tmp_path):
    alice, bob = _setup(tmp_path)
    gone = _delete_alice_threat(alice)
    carol = tmp_path / "carol.db"
    with Store(carol) as store:
        store.add_article(ArticleIn(text=TEXT, title="t"))
    assert cli("--db", carol, "merge", alice).returncode == 0  # carol learns of alice's deletion
    run = cli("--db", carol, "merge", bob)  # bob's older copy of alice's work
    assert "1 span deleted here kept deleted" in run.stdout
    assert (gone.label, gone.start, gone.end) not in _keys(carol, "alice")


def test_a_file_of_schema_3_without_tombstones_merges(tmp_path):
    old = tmp_path / "old.db"
    conn = sqlite3.connect(old, isolation_level=None)
    schema.migrate(conn, None, migrations=schema.MIGRATIONS[:3])
    conn.execute(
        "INSERT INTO articles (sha256, title, length, imported_at, text) VALUES (?, 't', ?, ?, ?)",
        (sha256_text(TEXT), len(TEXT), schema.now(), TEXT),
    )
    conn.execute("INSERT INTO annotators (name, created_at) VALUES ('dan', ?)", (schema.now(),))
    conn.execute(
        'INSERT INTO spans (article_id, annotator_id, label_id, start, "end", text, created_at, updated_at)'
        " VALUES (1, 1, 1, 0, 5, ?, ?, ?)",
        (TEXT[:5], schema.now(), schema.now()),
    )
    conn.close()
    run = cli("--db", tmp_path / "here.db", "merge", old)
    assert run.returncode == 0 and "1 article added, 1 span added" in run.stdout, run.stderr


def test_a_bad_tombstone_refuses_the_file(tmp_path):
    alice, bob = _setup(tmp_path)
    _delete_alice_threat(alice)
    tamper(alice, 'UPDATE deleted_spans SET "end" = 99999')
    run = cli("--db", bob, "merge", alice)
    assert run.returncode == 1 and "deleted_spans row 1" in run.stderr and "not a span inside its article" in run.stderr


def test_an_older_export_does_not_bring_a_deleted_span_back(tmp_path):
    alice = laptop(tmp_path / "alice.db", "alice")
    out = tmp_path / "ex"
    assert cli("--db", alice, "export", "--format", "jsonl", "--out", out, "--annotator", "alice", "-q").returncode == 0
    gone = _delete_alice_threat(alice)
    run = cli("--db", alice, "import", out / "all.jsonl")
    assert run.returncode == 0, run.stderr
    assert "1 span deleted here kept deleted" in run.stdout and "kept alice's threat span" in run.stderr
    assert (gone.label, gone.start, gone.end) not in _keys(alice, "alice")


def test_an_older_export_does_not_bring_back_a_span_moved_or_relabelled_since(tmp_path):
    alice = laptop(tmp_path / "alice.db", "alice")
    out = tmp_path / "ex"
    assert cli("--db", alice, "export", "--format", "jsonl", "--out", out, "--annotator", "alice", "-q").returncode == 0
    with Store(alice) as store:
        first, second = sorted(store.spans(annotators=["alice"]), key=lambda s: s.start)[:2]
        store.update_span(first.id, bounds=(first.start, first.end + 1), expected=first)  # moved
        store.relabel_span(second.id, "evidence" if second.label != "evidence" else "claim", expected=second)
    before = _keys(alice, "alice")
    run = cli("--db", alice, "import", out / "all.jsonl")
    assert run.returncode == 0, run.stderr
    assert _keys(alice, "alice") == before  # neither the old place nor the old label comes back
    assert "2 spans deleted here kept deleted" in run.stdout, run.stdout
