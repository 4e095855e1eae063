"""File ▸ Merge annotations: chosen files merged with progress, a summary that lists conflicts, the list refreshed."""

from __future__ import annotations

from gui_helpers import SAMPLES, open_window
from PySide6.QtWidgets import QFileDialog, QMessageBox

from annotator.model import ArticleIn, Status
from annotator.store import Store

EXTRA = "A text only bob's laptop has. It says the Kremlin denied everything."


def _laptop(path, who: str, words: list[tuple[str, str]], extra: bool = False):
    """An annotator's own file: the AP sample article (and perhaps one more) with their spans, done."""
    text = sorted(SAMPLES.glob("ap_*.txt"))[0].read_text("utf-8")
    with Store(path) as store:
        article_id, _ = store.add_article(ArticleIn(text=text, title=text.split("\n", 1)[0][:100],
                                                    origin="ap.txt", source="sample"))
        for label, passage in words:
            at = text.index(passage)
            store.add_span(article_id, who, label, at, at + len(passage))
        store.set_status(article_id, who, Status.DONE)
        if extra:
            other, _ = store.add_article(ArticleIn(text=EXTRA, title="Only on bob's laptop"))
            store.add_span(other, who, "denial", EXTRA.index("denied"), EXTRA.index("denied") + 6)
    return path


def _merge_by_menu(qtbot, window, monkeypatch, paths) -> QMessageBox:
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(p) for p in paths], ""))
    window.merge_action.trigger()
    box = window.last_merge_box
    assert box is not None and box.isVisible()
    return box


def test_merge_two_laptops_then_a_conflict_and_a_bad_file(qtbot, sample_store, settings, tmp_path, monkeypatch):
    alice = _laptop(tmp_path / "alice.db", "alice", [("claim", "Moscow would seek Western guarantees")])
    bob = _laptop(tmp_path / "bob.db", "bob", [("denial", "The Kremlin has insisted it has no such intention")],
                  extra=True)
    window = open_window(qtbot, sample_store, settings, annotator="rev")
    rows_before = window.articles.model.rowCount()
    file_menu = window.menuBar().actions()[0].menu()
    assert "Merge annotations" in window.merge_action.text() and window.merge_action in file_menu.actions()

    box = _merge_by_menu(qtbot, window, monkeypatch, [alice, bob])
    assert "alice.db: 0 articles added, 1 span added" in box.text()
    assert "bob.db: 1 article added, 2 spans added" in box.text()
    assert box.icon() == QMessageBox.Icon.Information
    assert "backed up first" in box.text() and window.safety.last_backup.exists()
    box.close()
    assert window.articles.model.rowCount() == rows_before + 1  # the list shows bob's extra article
    spans = sample_store.spans(annotators=["alice", "bob"])
    assert sorted((s.annotator, s.label) for s in spans) == [("alice", "claim"), ("bob", "denial"), ("bob", "denial")]
    assert sample_store.status(spans[0].article_id, "alice") is Status.DONE

    # alice keeps working on another copy and removes her span there: a conflict, reported, nothing lost
    other = _laptop(tmp_path / "alice2.db", "alice", [("demand", "legal guarantees of its security")])
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database" * 100)
    box = _merge_by_menu(qtbot, window, monkeypatch, [other, junk])
    assert box.icon() == QMessageBox.Icon.Warning
    assert "1 conflict" in box.text() and "junk.db: not merged" in box.text()
    assert "alice on" in box.informativeText() and "kept this file's spans" in box.informativeText()
    assert "junk.db" in box.detailedText()
    box.close()
    assert [s.label for s in sample_store.spans(annotators=["alice"])] == ["claim"]
    window.close()


def test_merging_the_open_database_itself_is_refused(qtbot, file_store, settings, monkeypatch):
    window = open_window(qtbot, file_store, settings)
    box = _merge_by_menu(qtbot, window, monkeypatch, [file_store.path])
    assert "this is the database that is open" in box.text()
    box.close()
