"""Merging annotators' files: match by text, add what is new, report conflicts, twice adds nothing."""

import pytest

from annotator.errors import StoreError
from annotator.merge import merge_file
from annotator.model import ArticleIn, Status
from annotator.store import Store
from tests.test_cli import run

TEXT_A = "Putin denied any plan to invade Ukraine. 💩 NATO must stop, he demanded."
TEXT_B = "The Kremlin said troops were on exercises. שלום"


def laptop(path, annotator, spans, texts=(TEXT_A,), status=None):
    """An annotator's own database file, as their laptop would have it."""
    with Store(path) as store:
        ids = [store.add_article(ArticleIn(text=t, title=t[:20]))[0] for t in texts]
        for label, word in spans:
            start = texts[0].index(word)
            store.add_span(ids[0], annotator, label, start, start + len(word), note=f"{annotator} note")
        if status:
            store.set_status(ids[0], annotator, status)
    return path


def test_merge_brings_in_articles_spans_and_statuses(tmp_path, file_store):
    file_store.add_article(ArticleIn(text=TEXT_A, title="mine"))
    alice = laptop(
        tmp_path / "alice.db",
        "alice",
        [("denial", "denied"), ("demand", "NATO must stop")],
        texts=(TEXT_A, TEXT_B),
        status=Status.DONE,
    )
    result = merge_file(file_store, alice)
    assert (result.articles_added, result.spans_added, result.statuses_changed) == (1, 2, 1)
    assert file_store.count_articles() == 2
    spans = file_store.spans(annotators=["alice"])
    assert [(s.label, s.text, s.note) for s in spans] == [
        ("denial", "denied", "alice note"),
        ("demand", "NATO must stop", "alice note"),
    ]
    assert file_store.status(spans[0].article_id, "alice") is Status.DONE
    row = file_store.conn.execute("SELECT source, spans_added FROM merges").fetchone()
    assert row == (str(alice), 2)
    assert (
        file_store.conn.execute("SELECT count(*) FROM spans WHERE merge_id = ?", (result.merge_id,)).fetchone()[0] == 2
    )


def test_merging_the_same_file_twice_adds_nothing(tmp_path, file_store):
    alice = laptop(tmp_path / "alice.db", "alice", [("denial", "denied")])
    merge_file(file_store, alice)
    again = merge_file(file_store, alice)
    assert (again.articles_added, again.spans_added, again.statuses_changed, again.conflicts) == (0, 0, 0, [])
    assert len(file_store.spans()) == 1


def test_later_copy_of_the_same_work_extends_it(tmp_path, file_store):
    path = tmp_path / "alice.db"
    laptop(path, "alice", [("denial", "denied")])
    merge_file(file_store, path)
    with Store(path) as alice:
        article_id = alice.article_ids()[0]
        alice.add_span(article_id, "alice", "claim", 0, 5)
    result = merge_file(file_store, path)
    assert result.spans_added == 1 and result.conflicts == []


def test_conflict_is_reported_never_overwritten(tmp_path, file_store):
    article_id, _ = file_store.add_article(ArticleIn(text=TEXT_A, title="mine"))
    file_store.add_span(article_id, "alice", "claim", 0, 5)  # this file's copy of alice's work
    other = laptop(tmp_path / "alice.db", "alice", [("denial", "denied")])
    result = merge_file(file_store, other)
    assert len(result.conflicts) == 1
    described = result.conflicts[0].describe()
    assert "alice" in described and "1 span only here, 1 only in the merged file" in described
    assert [(s.label, s.start) for s in file_store.spans(annotators=["alice"])] == [("claim", 0)]


def test_the_command_words_a_conflict_in_the_right_number(tmp_path):
    here = tmp_path / "here.db"
    with Store(here) as store:
        article_id, _ = store.add_article(ArticleIn(text=TEXT_A, title="mine"))
        store.add_span(article_id, "alice", "claim", 0, 5)
    other = laptop(tmp_path / "alice.db", "alice", [("denial", "denied")])
    proc = run("--db", here, "merge", other, check=False)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr == (
        "conflict: alice on 'mine': 1 span only here, 1 only in the merged file; kept this file's spans\n"
        "difference: article 'mine': title differs in the merged file; kept this file's\n"
    )
    assert proc.stdout == (
        f"{other}: 0 articles added, 0 spans added, 0 statuses updated, 0 notes updated, "
        "1 conflict, 1 difference left as it is here\n"
    )


def test_labels_unknown_here_are_added(tmp_path, file_store):
    path = tmp_path / "bob.db"
    with Store(path) as bob:
        bob.labels.add("threat", "#AA0000", "5", "Warns of harm.")
        article_id, _ = bob.add_article(ArticleIn(text=TEXT_A, title="t"))
        bob.add_span(article_id, "bob", "threat", 0, 5)
    merge_file(file_store, path)
    assert file_store.labels.get("threat").color == "#AA0000"
    assert file_store.spans()[0].label == "threat"


def test_bad_files_are_refused_and_nothing_changes(tmp_path, file_store):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database" * 50)
    before = file_store.stats()
    with pytest.raises(StoreError, match="junk.db"):
        merge_file(file_store, junk)
    with pytest.raises(StoreError, match="no such database"):
        merge_file(file_store, tmp_path / "missing.db")
    assert file_store.stats() == before


def test_file_from_a_newer_version_is_refused(tmp_path, file_store):
    path = laptop(tmp_path / "new.db", "alice", [("denial", "denied")])
    with Store(path) as s:
        s.conn.execute("INSERT INTO schema_version VALUES (99, 'future')")
    with pytest.raises(StoreError, match="newer version"):
        merge_file(file_store, path)
    assert file_store.spans() == []


def test_merging_a_database_into_itself_is_refused(file_store):
    with pytest.raises(StoreError, match="is the database being merged into"):
        merge_file(file_store, file_store.path)


def test_a_note_edited_later_on_the_same_span_is_brought_in(tmp_path, file_store):
    path = laptop(tmp_path / "alice.db", "alice", [("denial", "denied")])
    merge_file(file_store, path)
    with Store(path) as alice:
        alice.set_note(alice.spans()[0].id, "checked against the transcript")
    result = merge_file(file_store, path)
    assert result.notes_updated == 1 and "1 note updated" in result.summary()
    assert file_store.spans()[0].note == "checked against the transcript"
    assert merge_file(file_store, path).notes_updated == 0
