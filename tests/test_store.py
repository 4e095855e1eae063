"""The store: articles, spans, statuses; every write committed; offsets in code points."""

import sqlite3

import pytest

from annotator.model import ArticleIn, Status
from annotator.store import Store, StoreError, sha256_text

TRICKY = "💩 Putin said: «NATO must stop». Café e\u0301té. שלום עולם 👩‍👩‍👧 ok"


def add(store, text=TRICKY, title="t"):
    article_id, _ = store.add_article(ArticleIn(text=text, title=title))
    return article_id


def test_same_text_is_stored_once(store):
    first = store.add_article(ArticleIn(text="Hello world", title="a"))
    second = store.add_article(ArticleIn(text="Hello world", title="b"))
    assert first == (first[0], True)
    assert second == (first[0], False)
    assert store.count_articles() == 1
    assert store.article(first[0]).sha256 == sha256_text("Hello world")


@pytest.mark.parametrize("word", ["Putin", "NATO must stop", "e\u0301té", "שלום", "👩‍👩‍👧", "💩"])
def test_span_offsets_are_code_points(store, word):
    article_id = add(store)
    start = TRICKY.index(word)
    span = store.add_span(article_id, "ann", "claim", start, start + len(word))
    assert span.text == word == TRICKY[span.start : span.end]


def test_span_outside_the_article_is_refused(store):
    article_id = add(store, "short")
    with pytest.raises(ValueError, match="outside the article"):
        store.add_span(article_id, "ann", "claim", 2, 99)
    with pytest.raises(ValueError):
        store.add_span(article_id, "ann", "claim", 3, 3)
    assert store.spans(article_id) == []


def test_overlapping_and_nested_spans_are_kept_duplicates_are_not(store):
    article_id = add(store, "Russia demands guarantees from NATO now")
    outer = store.add_span(article_id, "ann", "demand", 0, 35)
    inner = store.add_span(article_id, "ann", "claim", 7, 14)
    overlap = store.add_span(article_id, "ann", "evidence", 30, 39)
    again = store.add_span(article_id, "ann", "demand", 0, 35)
    other = store.add_span(article_id, "bob", "demand", 0, 35)
    assert again.id == outer.id
    assert len({outer.id, inner.id, overlap.id, other.id}) == 4
    assert len(store.spans(article_id)) == 4
    assert [s.label for s in store.spans(article_id, ["ann"])] == ["demand", "claim", "evidence"]


def test_edits_return_what_undo_needs(store):
    article_id = add(store, "Russia denies any plan to invade")
    span = store.add_span(article_id, "ann", "claim", 7, 13, note="first")
    assert store.relabel_span(span.id, "denial").label == "claim"
    assert store.span(span.id).label == "denial"
    assert store.set_note(span.id, "checked").note == "first"
    assert store.move_span(span.id, 0, 13).start == 7
    assert store.span(span.id).text == "Russia denies"
    deleted = store.delete_span(span.id)
    assert store.spans(article_id) == []
    restored = store.restore_span(deleted)
    assert restored == deleted


def test_relabelling_onto_an_identical_span_is_refused(store):
    article_id = add(store, "Russia denies any plan")
    span = store.add_span(article_id, "ann", "claim", 0, 6)
    store.add_span(article_id, "ann", "denial", 0, 6)
    with pytest.raises(ValueError, match="already has this span as 'denial'"):
        store.relabel_span(span.id, "denial")
    assert store.span(span.id).label == "claim"


def test_first_span_moves_status_to_in_progress(store):
    article_id = add(store)
    assert store.status(article_id, "ann") is Status.TODO
    store.add_span(article_id, "ann", "claim", 0, 1)
    assert store.status(article_id, "ann") is Status.IN_PROGRESS
    assert store.set_status(article_id, "ann", Status.DONE) is Status.IN_PROGRESS
    assert store.status(article_id, "bob") is Status.TODO


def test_article_list_has_counts_and_no_texts(store):
    ids = [add(store, f"article number {n} about NATO", f"title {n}") for n in range(3)]
    store.add_span(ids[1], "ann", "claim", 0, 7)
    store.add_span(ids[1], "bob", "claim", 0, 7)
    store.set_status(ids[2], "ann", Status.SKIPPED)
    rows = store.articles("ann")
    assert [(r.title, r.status, r.span_count) for r in rows] == [
        ("title 0", Status.TODO, 0),
        ("title 1", Status.IN_PROGRESS, 1),
        ("title 2", Status.SKIPPED, 0),
    ]
    assert not hasattr(rows[0], "text")
    assert [r.id for r in store.articles("ann", status=Status.SKIPPED)] == [ids[2]]
    assert [r.id for r in store.articles("ann", search="NUMBER 1")] == [ids[1]]
    assert store.articles()[1].span_count == 2


def test_every_edit_is_committed_before_it_returns(db_path):
    store = Store(db_path)
    article_id = add(store)
    span = store.add_span(article_id, "ann", "claim", 2, 7)
    store.relabel_span(span.id, "denial")
    # A second connection sees the edits at once: they are committed, not pending.
    other = sqlite3.connect(db_path)
    assert other.execute("SELECT count(*) FROM spans").fetchone()[0] == 1
    assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    other.close()
    store.close()
    with Store(db_path) as again:
        assert again.span(span.id).label == "denial"


def test_a_failed_edit_leaves_nothing_behind(store):
    article_id = add(store, "some text here")
    with pytest.raises(Exception):
        store.add_span(article_id, "ann", "no-such-label", 0, 4)
    assert store.spans() == []
    assert not store.conn.in_transaction


def test_read_only_database_can_be_read_not_changed(db_path):
    with Store(db_path) as store:
        add(store, "kept")
    db_path.chmod(0o444)
    try:
        with Store(db_path) as store:
            assert store.readonly
            assert store.count_articles() == 1
            with pytest.raises(StoreError, match="read-only"):
                add(store, "new")
    finally:
        db_path.chmod(0o644)


def test_garbage_file_gives_a_clear_message(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is not a database at all" * 100)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="notes.db is not a readable annotator database"):
        Store(path)
    assert path.read_bytes() == before


def test_stats_counts_per_label_annotator_and_status(store):
    article_id = add(store)
    store.add_span(article_id, "ann", "claim", 0, 1)
    store.add_span(article_id, "bob", "denial", 0, 1)
    stats = store.stats()
    assert stats["spans"] == 2 and stats["articles"] == 1
    assert stats["by_label"] == {"claim": 1, "denial": 1, "demand": 0, "evidence": 0}
    assert stats["by_annotator"] == {"ann": 1, "bob": 1}


def test_reads_never_create_annotators(db_path):
    with Store(db_path) as store:
        add(store, "kept")
    db_path.chmod(0o444)
    try:
        with Store(db_path) as store:
            assert store.articles("stranger")[0].status is Status.TODO
            assert store.status(1, "stranger") is Status.TODO
            assert store.annotators() == []
    finally:
        db_path.chmod(0o644)


def test_damaged_file_raises_the_damaged_kind_of_error(tmp_path):
    from annotator.errors import DamagedDatabaseError

    path = tmp_path / "x.db"
    path.write_bytes(b"garbage" * 1000)
    with pytest.raises(DamagedDatabaseError):
        Store(path)


def test_change_marker_moves_with_this_and_other_connections(db_path):
    with Store(db_path) as one, Store(db_path) as two:
        before = one.change_marker()
        assert one.change_marker() == before
        add(one, "mine")
        after_mine = one.change_marker()
        assert after_mine != before
        add(two, "theirs")
        assert one.change_marker() != after_mine


def test_an_edit_that_expects_another_row_changes_nothing(store):
    from annotator.store import ChangedElsewhereError

    article_id, _ = store.add_article(ArticleIn(text="Putin denied it. NATO said so.", title="t"))
    seen = store.add_span(article_id, "alice", "claim", 0, 5)
    store.relabel_span(seen.id, "denial")  # someone else, meanwhile
    for change in (
        lambda: store.delete_span(seen.id, expected=seen),
        lambda: store.relabel_span(seen.id, "demand", expected=seen),
        lambda: store.set_note(seen.id, "x", expected=seen),
        lambda: store.move_span(seen.id, 0, 12, expected=seen),
    ):
        with pytest.raises(ChangedElsewhereError, match="changed in another window.*denial"):
            change()
    now = store.span(seen.id)
    assert (now.label, now.start, now.end, now.note) == ("denial", 0, 5, None)
    store.delete_span(seen.id)
    with pytest.raises(ChangedElsewhereError, match="deleted in another window"):
        store.relabel_span(seen.id, "demand", expected=now)


def test_restoring_a_span_made_again_elsewhere_is_refused_not_doubled(store):
    from annotator.store import ChangedElsewhereError

    article_id, _ = store.add_article(ArticleIn(text="Putin denied it.", title="t"))
    span = store.delete_span(store.add_span(article_id, "alice", "claim", 0, 5).id)
    other = store.add_span(article_id, "alice", "claim", 0, 5)  # the same span, made again by another window
    assert other.id != span.id
    with pytest.raises(ChangedElsewhereError, match="made again"):
        store.restore_span(span)
    assert [s.id for s in store.spans(article_id)] == [other.id]
