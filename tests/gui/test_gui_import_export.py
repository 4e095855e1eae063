"""File ▸ Import (progress and summary of refusals) and File ▸ Export."""

from __future__ import annotations

import json

from gui_helpers import open_window

from annotator.gui.export_dialog import ExportDialog
from annotator.gui.import_dialog import summary_box
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
    result = ImportResult(imported=[("a.txt", 1)], duplicates=[("b.txt", 1)], refused=[("c.bin", "binary")],
                          notes=["a.txt: encoding cp1252 detected"])
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
