"""Boundaries inside the GUI: widgets never run SQL; the selection logic needs no Qt."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

GUI = Path(__file__).resolve().parents[2] / "annotator" / "gui"
SQL = re.compile(
    r"\.execute\(|\.conn\b|\bSELECT\b|\bINSERT\b|\bUPDATE\s+\w+\s+SET\b|\bDELETE\s+FROM\b|sqlite3\.connect"
)


def test_no_gui_module_runs_sql():
    for path in GUI.glob("*.py"):
        text = path.read_text("utf-8")
        assert not SQL.search(text), f"{path.name} runs SQL: {SQL.search(text).group()}"


def test_pure_modules_import_without_qt():
    code = (
        "import sys\n"
        "import annotator.gui.text.selection, annotator.gui.text.span_index, annotator.gui.text.document\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "sys.exit(1 if bad else 0)\n"
    )
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0


def test_every_gui_module_says_why():
    for path in GUI.glob("*.py"):
        text = path.read_text("utf-8").lstrip()
        assert text.startswith('"""'), f"{path.name} has no module docstring"
