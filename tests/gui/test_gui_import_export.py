"""File ▸ Import (progress and summary of refusals) and File ▸ Export."""

from __future__ import annotations

import json

from gui_helpers import open_window

from annotator.gui.dialogs.export_dialog import ExportDialog
from annotator.gui.dialogs.import_dialog import summary_box
from annotator.model import ArticleIn
from annotator.store import ImportResult


def test_import_a_folder_lists_refusals(qtbot, file_store, settings, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "one.txt").write_text("A first article.\nIt says things.", "utf-8")
    (folder / "two.md").write_text("# Second\n\nMore text here.", "utf-8")
    (folder / "three.jsonl").write_text('{"text": "Third one."}\nnot json\n', "utf-8")
    (folder / "blob.bin").write_bytes(bytes(range(256)) * 20)
    window = open_window(qtbot, file_store, settings)
    assert window.doc is None
    box = window.import_paths([folder])
    assert box is not None
    assert window.articles.model.rowCount() >= 3
    assert window.doc is not None  # the first article opened
    assert "refused" in box.text() and "blob.bin" in box.detailedText()
    box.close()


def test_summary_box_lists_everything():
    result = ImportResult(
        imported=[("a.txt", 1)],
        duplicates=[("b.txt", 1)],
        refused=[("c.bin", "binary")],
        notes=["a.txt: encoding cp1252 detected"],
    )
    box = summary_box(None, result)
    assert box.text().startswith("1 imported")
    assert "c.bin: binary" in box.detailedText() and "cp1252" in box.detailedText()
    box.deleteLater()


def test_export_dialog_writes_a_dataset(qtbot, window, tmp_path, monkeypatch):
    text = window.store.article(1).text
    window.ops.add_span(1, text, "claim", 0, 9)
    assert window.actions_.export is not None
    dialog = ExportDialog(window.store, window.annotator, window)
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData("jsonl"))
    dialog.folder.setText(str(tmp_path / "out"))
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    dialog.run()
    files = list((tmp_path / "out").rglob("*.jsonl"))
    assert files and (tmp_path / "out" / "README.md").exists()
    rows = [json.loads(line) for f in files for line in f.read_text("utf-8").splitlines() if line.strip()]
    assert any("claim" in json.dumps(r) for r in rows)


def test_export_dialog_options_whose_which_labels_split_and_seed(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    text = window.store.article(1).text
    window.ops.add_span(1, text, "claim", 0, 9)
    window.ops.add_span(1, text, "denial", 10, 20)
    window.store.add_span(1, "bob", "claim", 0, 9)
    dialog = ExportDialog(window.store, window.annotator, window)
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData("jsonl"))
    dialog.folder.setText(str(tmp_path / "out"))
    dialog.labels.findItems("denial", Qt.MatchFlag.MatchExactly)[0].setCheckState(Qt.CheckState.Unchecked)
    dialog.whose.findItems("bob", Qt.MatchFlag.MatchExactly)[0].setCheckState(Qt.CheckState.Checked)
    dialog.split.setText("0.5,0.25,0.25")
    dialog.seed.setValue(7)
    options = dialog.options()
    assert options.annotators == (window.annotator, "bob") and options.labels == ("claim", "demand", "evidence")
    assert options.split == (0.5, 0.25, 0.25) and options.seed == 7
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    dialog.run()
    spans = [
        s
        for f in (tmp_path / "out").rglob("*.jsonl")
        for line in f.read_text("utf-8").splitlines()
        for s in json.loads(line)["spans"]
    ]
    assert sorted((s["annotator"], s["label"]) for s in spans) == sorted(
        [("bob", "claim"), (window.annotator, "claim")]
    )


def test_export_dialog_refuses_a_bad_split_without_closing(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    dialog = ExportDialog(window.store, window.annotator, window)
    qtbot.addWidget(dialog)
    dialog.folder.setText(str(tmp_path / "out"))
    dialog.split.setText("0.5,banana")
    dialog.run()
    assert warnings and not (tmp_path / "out").exists()


def test_window_import_offers_to_own_spans_the_file_names_no_one_for(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    path = tmp_path / "doccano.jsonl"
    path.write_text(
        json.dumps({"text": "Russia denies plans to invade.", "label": [[7, 13, "denial"]]}) + "\n", "utf-8"
    )
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    box = window.import_paths([path])
    assert asked and "names no annotator" in asked[0]
    spans = [(s.annotator, s.label, s.text) for s in window.store.spans()]
    assert spans == [(window.annotator, "denial", "denies")]
    assert "0 refused" in box.text()


def _answer_next_box(qtbot, button, seen: list[str]) -> None:
    """When the next message box opens, note its text and press ``button`` on it, as a person would."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, press)
            return
        seen.append(box.text())
        qtbot.mouseClick(box.button(button), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, press)


def _gold_only(dialog) -> None:
    from PySide6.QtCore import Qt

    for i in range(dialog.whose.count()):
        item = dialog.whose.item(i)
        item.setCheckState(Qt.CheckState.Checked if item.text() == "gold" else Qt.CheckState.Unchecked)


def test_export_dialog_asks_before_exporting_gold_with_unadjudicated_articles(qtbot, file_store, settings, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    from annotator import adjudication as adj

    text = "Putin denied the report. NATO demanded guarantees."
    aid, _ = file_store.add_article(ArticleIn(text=text, title="A"))
    file_store.add_span(aid, "alice", "denial", 6, 12)
    file_store.add_span(aid, "bob", "claim", 6, 12)
    adj.ensure_gold(file_store)
    window = open_window(qtbot, file_store, settings)
    dialog = ExportDialog(window.store, window.annotator, window)
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData("jsonl"))
    dialog.folder.setText(str(tmp_path / "gold"))
    _gold_only(dialog)
    dialog.show()
    seen: list[str] = []
    _answer_next_box(qtbot, QMessageBox.StandardButton.No, seen)
    dialog.run()
    assert seen and "1 of the 1 exported article that two or more annotators worked on is not adjudicated" in seen[0]
    assert not (tmp_path / "gold").exists() and dialog.isVisible()
    _answer_next_box(qtbot, QMessageBox.StandardButton.Yes, seen)
    _answer_next_box(qtbot, QMessageBox.StandardButton.Ok, seen)  # "Export finished"
    dialog.run()
    assert not dialog.isVisible() and (tmp_path / "gold" / "README.md").exists()
    assert "not marked adjudicated" in (tmp_path / "gold" / "README.md").read_text("utf-8")


def test_export_dialog_refuses_to_replace_a_folder_holding_the_open_database(qtbot, settings, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    from annotator.exporters import export
    from annotator.store import Store

    out = tmp_path / "out"
    with Store(tmp_path / "first.db") as first:
        first.add_article(ArticleIn(text="An article.", title="x"))
        export(first, "jsonl", out)
    store = Store(out / "kept-here.db")  # the database now lives in the earlier export's folder
    try:
        store.add_article(ArticleIn(text="Putin denied the report.", title="A"))
        window = open_window(qtbot, store, settings)
        dialog = ExportDialog(window.store, window.annotator, window)
        qtbot.addWidget(dialog)
        dialog.format.setCurrentIndex(dialog.format.findData("csv"))
        dialog.folder.setText(str(out))
        dialog.overwrite.setChecked(True)
        before = sorted(p.name for p in out.iterdir())
        seen: list[str] = []
        _answer_next_box(qtbot, QMessageBox.StandardButton.Ok, seen)
        dialog.run()
        assert seen and "belongs to the database being exported" in seen[0]
        assert sorted(p.name for p in out.iterdir()) == before and (out / "all.jsonl").exists()
        window.close()
    finally:
        store.close()
