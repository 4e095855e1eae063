"""File ▸ Import folder on files whose names are not UTF-8: imported, and named readably in the summary."""

from __future__ import annotations

import os

from gui_helpers import open_window
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog


def test_a_folder_with_names_that_are_not_utf8_imports_and_the_summary_names_them(
    qtbot, file_store, settings, tmp_path, monkeypatch
):
    folder = tmp_path / "in"
    folder.mkdir()
    raw = os.fsencode(folder)
    for name, data in {
        b"a.txt": b"A first article about the Kremlin.",
        b"caf\xe9.txt": b"A second article here.",
        b"z.txt": b"A third article.",
        b"bad\xff.bin": bytes(range(256)) * 20,
    }.items():
        with open(raw + b"/" + name, "wb") as f:
            f.write(data)
    window = open_window(qtbot, file_store, settings)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    QTest.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.articles.model.rowCount() == 3)
    assert sorted(file_store.article(i).origin for i in file_store.article_ids()) == [
        f"{folder}/a.txt",
        f"{folder}/caf\\xe9.txt",
        f"{folder}/z.txt",
    ]
    box = window.import_paths([folder])  # again: every origin is listed, as a duplicate or a refusal
    assert box is not None and box.text().startswith("0 imported, 3 duplicates skipped, 1 refused")
    details = box.detailedText()
    assert f"refused: {folder}/bad\\xff.bin: binary" in details
    assert f"duplicate of article 2: {folder}/caf\\xe9.txt" in details
    box.close()
