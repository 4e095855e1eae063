"""File ▸ Merge annotations: chosen files merged with progress, a summary that lists conflicts, the list refreshed."""

from __future__ import annotations

from gui_helpers import SAMPLES, click_at, open_window
from merge_files import cli
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from annotator.model import ArticleIn, Status
from annotator.store import Store

EXTRA = "A text only bob's laptop has. It says the Kremlin denied everything."


def _laptop(path, who: str, words: list[tuple[str, str]], extra: bool = False):
    """An annotator's own file: the AP sample article (and perhaps one more) with their spans, done."""
    text = sorted(SAMPLES.glob("ap_*.txt"))[0].read_text("utf-8")
    with Store(path) as store:
        article_id, _ = store.add_article(
            ArticleIn(text=text, title=text.split("\n", 1)[0][:100], origin="ap.txt", source="sample")
        )
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
    bob = _laptop(
        tmp_path / "bob.db", "bob", [("denial", "The Kremlin has insisted it has no such intention")], extra=True
    )
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
    assert box.informativeText().startswith("1 conflict: ") and "(s)" not in box.informativeText()
    assert "junk.db" in box.detailedText()
    box.close()
    assert [s.label for s in sample_store.spans(annotators=["alice"])] == ["claim"]
    window.close()


def test_merging_the_open_database_itself_is_refused(qtbot, file_store, settings, monkeypatch):
    window = open_window(qtbot, file_store, settings)
    box = _merge_by_menu(qtbot, window, monkeypatch, [file_store.path])
    assert "this is the database that is open" in box.text()
    box.close()


def test_a_hostile_file_is_refused_in_the_summary_and_nothing_changes(
    qtbot, sample_store, settings, tmp_path, monkeypatch
):
    from merge_files import dump, tamper

    red = _laptop(tmp_path / "red.db", "alice", [("claim", "Moscow would seek Western guarantees")])
    with Store(red) as store:
        store.labels.add("threat", "#AA0000")
        text = store.article(1).text
        at = text.index("Western")
        store.add_span(1, "alice", "threat", at, at + 7)
    tamper(red, "UPDATE labels SET color = 'red' WHERE name = 'threat'")  # SchemeError escaped the dialog once
    real = _laptop(tmp_path / "real.db", "bob", [("denial", "The Kremlin has insisted it has no such intention")])
    tamper(real, "UPDATE spans SET start = start + 0.5")
    window = open_window(qtbot, sample_store, settings, annotator="rev")
    before = dump(sample_store.path)
    box = _merge_by_menu(qtbot, window, monkeypatch, [red, real])
    assert box.icon() == QMessageBox.Icon.Warning
    assert (
        "red.db: not merged: 2 rows cannot be trusted (nothing of this file was kept): labels row 5: "
        "color 'red' is not written #RRGGBB"
    ) in box.text()
    at = sorted(SAMPLES.glob("ap_*.txt"))[0].read_text("utf-8").index("The Kremlin has insisted")
    assert (
        f"real.db: not merged: 1 row cannot be trusted (nothing of this file was kept): spans row 1: start {at}.5 "
        "is not a whole number" in box.text()
    )
    box.close()
    assert dump(sample_store.path) == before
    window.close()


def test_the_summary_names_the_adjudicated_articles_reopened(qtbot, sample_store, settings, tmp_path, monkeypatch):
    from annotator import adjudication

    alice = _laptop(tmp_path / "alice.db", "alice", [("claim", "Moscow would seek Western guarantees")])
    bob = _laptop(tmp_path / "bob.db", "bob", [("denial", "The Kremlin has insisted it has no such intention")])
    window = open_window(qtbot, sample_store, settings, annotator="rev")
    _merge_by_menu(qtbot, window, monkeypatch, [alice, bob]).close()
    article_id = sample_store.spans(annotators=["alice"])[0].article_id
    for item in adjudication.disagreements(sample_store, article_id, ["alice", "bob"]):
        adjudication.accept(sample_store, item.spans[0])
    sample_store.set_status(article_id, adjudication.GOLD, Status.DONE)
    with Store(alice) as store:  # alice goes on, and marks a passage nobody else did
        text = store.article(1).text
        at = text.index("legal guarantees of its security")
        store.add_span(1, "alice", "demand", at, at + len("legal guarantees of its security"))
    box = _merge_by_menu(qtbot, window, monkeypatch, [alice])
    assert "1 adjudicated article reopened" in box.text()
    assert "Reopened for review: " in box.text() and "gold is in progress again" in box.text()
    box.close()
    assert sample_store.status(article_id, adjudication.GOLD) is Status.IN_PROGRESS
    window.close()


def test_a_span_deleted_in_the_window_is_not_brought_back_by_a_merge(
    qtbot, sample_store, settings, tmp_path, monkeypatch
):
    text = sample_store.article(1).text
    for start in (0, 20):
        sample_store.add_span(1, "alice", "claim", start, start + 8)
    bob = tmp_path / "bob.db"
    assert cli("--db", bob, "merge", sample_store.path).returncode == 0  # bob took in alice's work
    window = open_window(qtbot, sample_store, settings, annotator="alice")
    window.open_article(1)
    doomed = sample_store.spans(1, ["alice"])[1]
    click_at(qtbot, window.view, window.doc.umap.to_utf16(doomed.start) + 2)
    assert window.view.selected_span == doomed.id
    QTest.keyClick(window.view, Qt.Key.Key_Delete)
    tombs = "SELECT count(*) FROM deleted_spans"
    assert sample_store.conn.execute(tombs).fetchone()[0] == 1  # written with the delete
    QTest.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert sample_store.conn.execute(tombs).fetchone()[0] == 0  # undo puts the span back: not deleted any more
    QTest.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert sample_store.conn.execute(tombs).fetchone()[0] == 1

    box = _merge_by_menu(qtbot, window, monkeypatch, [bob])
    assert "1 span deleted here kept deleted" in box.text() and "0 spans added" in box.text()
    assert f"kept deleted: alice's claim span “{text[20:28]}”" in box.detailedText()
    box.close()
    assert [(s.start, s.end) for s in sample_store.spans(1, ["alice"])] == [(0, 8)]
