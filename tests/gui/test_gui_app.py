"""Starting the window: first start (samples, name), the module entry point, the resources."""

from __future__ import annotations

import configparser
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.gui import app as app_module
from annotator.gui.common.dialogs import AnnotatorDialog
from annotator.gui.common.settings import Settings
from annotator.paths import default_db_path, resources_dir


def test_first_start_asks_the_name_and_imports_the_samples(qtbot, tmp_path, monkeypatch):
    asked = []
    monkeypatch.setattr(AnnotatorDialog, "ask", classmethod(lambda cls, known, *a: asked.append(known) or "ana"))
    settings = Settings(tmp_path / "s.ini")
    window = app_module.launch(None, None, settings)
    qtbot.addWidget(window)
    assert asked == [[]]
    assert settings.annotator == "ana" and window.annotator == "ana"
    assert window.store.path == default_db_path()
    assert window.articles.model.rowCount() == 5
    assert window.doc is not None
    window.close()
    window.store.close()
    # The second start remembers the name and does not import again.
    again = app_module.launch(None, None, settings)
    qtbot.addWidget(again)
    assert len(asked) == 1 and again.annotator == "ana"
    assert again.store.count_articles() == 5
    again.close()
    again.store.close()


def _answer_modals(keys: dict[type, Qt.Key], seen: list[str], tries: int = 500) -> None:
    """Press a key in each modal dialog as it comes up (the way a person would), noting what it said."""
    widget = QApplication.activeModalWidget()
    for kind, key in keys.items():
        if isinstance(widget, kind) and widget.isVisible():
            seen.append(widget.text() if isinstance(widget, QMessageBox) else kind.__name__)
            QTest.keyClick(widget, key)
            if len(seen) == len(keys):
                return
            break
    if tries:
        QTimer.singleShot(10, lambda: _answer_modals(keys, seen, tries - 1))


def test_cancelling_the_name_prompt_says_why_the_window_does_not_open(qtbot, tmp_path, capfd):
    seen: list[str] = []
    QTimer.singleShot(
        0, lambda: _answer_modals({AnnotatorDialog: Qt.Key.Key_Escape, QMessageBox: Qt.Key.Key_Return}, seen)
    )
    assert app_module.launch(tmp_path / "x.db", None, Settings(tmp_path / "s.ini")) is None
    assert seen[0] == "AnnotatorDialog"
    assert "no name was given" in seen[1] and "annotator --annotator NAME" in seen[1]
    assert "annotator: The window did not open" in capfd.readouterr().err


def test_a_damaged_database_is_refused_with_a_message(qtbot, tmp_path, monkeypatch):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: shown.append(a[2]))
    assert app_module.launch(bad, "ana", Settings(tmp_path / "s.ini")) is None
    assert shown and "bad.db" in shown[0]


def test_annotator_dialog_needs_a_name(qtbot):
    dialog = AnnotatorDialog(["bob"], "")
    qtbot.addWidget(dialog)
    assert not dialog._ok.isEnabled()
    dialog.combo.setEditText("  carol ")
    assert dialog._ok.isEnabled() and dialog.name() == "carol"


def test_module_entry_point_has_help():
    out = subprocess.run(
        [sys.executable, "-m", "annotator.gui.app", "--help"], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0 and "--db" in out.stdout and "--annotator" in out.stdout


def test_icon_and_desktop_entry(qapp):
    assert not QIcon(str(resources_dir() / "annotator.svg")).isNull()
    entry = configparser.ConfigParser(interpolation=None)
    entry.read(resources_dir() / "annotator.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application" and section["Exec"].startswith("annotator")
    assert section["Icon"] == "annotator"


@pytest.mark.parametrize("theme", ["light", "dark", "system"])
def test_themes_apply(qapp, theme):
    from annotator.gui.common.theme import apply_theme

    apply_theme(qapp, theme)
    assert qapp.style().name().lower() == "fusion"
