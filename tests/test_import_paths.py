"""import_paths: folders, order, progress, duplicates, refusals that change nothing, the samples."""

import json
import os
from pathlib import Path

import pytest

from annotator.importers import READERS, find_files, import_paths, read_paths
from annotator.model import ArticleIn
from annotator.store import Store

SAMPLES = Path(__file__).resolve().parent.parent / "sample_articles"


def snapshot(store):
    tables = ("articles", "spans", "annotators", "labels", "article_status")
    counts = {t: store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    return store.stats(), counts


def make_tree(root):
    (root / "b" / "deeper").mkdir(parents=True)
    (root / "a.txt").write_text("Article a", "utf-8")
    (root / "b" / "c.md").write_text("# Article c", "utf-8")
    (root / "b" / "deeper" / "d.jsonl").write_text('{"text": "Article d"}\n', "utf-8")
    (root / ".hidden.txt").write_text("hidden file", "utf-8")
    (root / ".git").mkdir()
    (root / ".git" / "x.txt").write_text("hidden folder", "utf-8")
    return root


def test_registry_covers_the_formats():
    assert set(READERS) == {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".jsonl", ".ndjson", ".json"}


def test_folders_are_walked_recursively_sorted_without_hidden_files(tmp_path):
    root = make_tree(tmp_path / "corpus")
    assert find_files([root]) == [root / "a.txt", root / "b" / "c.md", root / "b" / "deeper" / "d.jsonl"]


def test_a_hidden_file_named_explicitly_is_imported(tmp_path):
    root = make_tree(tmp_path)
    assert find_files(root / ".hidden.txt") == [root / ".hidden.txt"]


def test_symlinked_folders_are_not_followed(tmp_path):
    root = make_tree(tmp_path / "corpus")
    os.symlink(root, root / "loop")
    assert len(find_files([root])) == 3


def test_import_a_folder(store, tmp_path):
    root = make_tree(tmp_path)
    result = import_paths(store, [root])
    assert [o for o, _ in result.imported] == [
        str(root / "a.txt"),
        str(root / "b" / "c.md"),
        f"{root / 'b' / 'deeper' / 'd.jsonl'}:1",
    ]
    assert [r.title for r in store.articles()] == ["Article a", "Article c", "Article d"]


def test_progress_counts_files(store, tmp_path):
    root = make_tree(tmp_path)
    (root / "bad.txt").write_bytes(b"")
    calls = []
    import_paths(store, [root], progress=lambda done, total: calls.append((done, total)))
    assert calls == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]


def test_progress_may_cancel(store, tmp_path):
    root = make_tree(tmp_path)

    def cancel(done, total):
        if done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_paths(store, [root], progress=cancel)
    assert store.count_articles() == 0  # the open batch was never committed: nothing partial


def test_missing_path_is_refused(store, tmp_path):
    result = import_paths(store, [tmp_path / "nope.txt", tmp_path / "nope.jsonl"])
    assert result.refused == [
        (str(tmp_path / "nope.txt"), "no such file"),
        (str(tmp_path / "nope.jsonl"), "no such file"),
    ]


def test_dedupe_on_reimport_and_after_normalisation(store, tmp_path):
    (tmp_path / "unix.txt").write_text("Same article\nsame text\n", "utf-8")
    first = import_paths(store, [tmp_path])
    (tmp_path / "windows.txt").write_bytes(b"\xef\xbb\xbfSame article\r\nsame text\r\n")
    again = import_paths(store, [tmp_path])
    assert len(first.imported) == 1
    assert again.imported == []
    assert [o for o, _ in again.duplicates] == [str(tmp_path / "unix.txt"), str(tmp_path / "windows.txt")]
    assert store.count_articles() == 1


def test_refused_files_change_nothing(file_store, tmp_path):
    store = file_store
    good = tmp_path / "good"
    good.mkdir()
    (good / "a.txt").write_text("Existing article", "utf-8")
    import_paths(store, [good])
    before = snapshot(store)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "blank.md").write_bytes(b"\n   \n")
    (bad / "noise.txt").write_bytes(bytes(range(256)) * 8)
    (bad / "nul.text").write_bytes(b"text\x00with NUL")
    (bad / "huge.txt").write_text("x" * 2000, "utf-8")
    (bad / "broken.json").write_text('[{"text": "a"}, {oops}]', "utf-8")
    (bad / "lines.jsonl").write_text('not json\n{"no_text": 1}\n[]\n{"text": "\\udc00"}\n', "utf-8")
    (bad / "image.bin").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    result = import_paths(store, [bad], annotator="a", max_bytes=1000)
    assert result.imported == [] and result.duplicates == []
    assert len(result.refused) == 11
    assert all(reason for _, reason in result.refused)
    assert snapshot(store) == before
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_read_paths_stores_nothing(tmp_path):
    root = make_tree(tmp_path)
    items = list(read_paths(root))
    assert [type(i) for i in items] == [ArticleIn] * 3


def test_single_path_argument(store, tmp_path):
    (tmp_path / "a.txt").write_text("One", "utf-8")
    assert len(import_paths(store, str(tmp_path / "a.txt")).imported) == 1


def test_sample_articles_round_trip(db_path):
    with Store(db_path) as store:
        first = import_paths(store, [SAMPLES])
        assert first.summary() == "5 imported, 0 duplicates skipped, 0 refused"
        assert first.notes == []
    with Store(db_path) as store:
        again = import_paths(store, [SAMPLES])
        assert again.summary() == "0 imported, 5 duplicates skipped, 0 refused"
        for (origin, article_id), path in zip(first.imported, sorted(SAMPLES.iterdir())):
            article = store.article(article_id)
            assert origin == str(path)
            assert article.text == path.read_text("utf-8").replace("\r\n", "\n")
            assert 0 < len(article.title) <= 120
        titles = [r.title for r in store.articles()]
        assert "Putin Slams 'Lying West' But Says 'Positive' on U.S.-NATO Talks" in titles


def test_imported_spans_survive_a_reopen(db_path, tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"text": "abc def", "label": [[4, 7, "claim"]]}) + "\n", "utf-8")
    with Store(db_path) as store:
        import_paths(store, [path], annotator="ann")
    with Store(db_path) as store:
        assert [(s.text, s.annotator) for s in store.spans()] == [("def", "ann")]
