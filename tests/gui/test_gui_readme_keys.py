"""README's keys table and the window's menus say the same: no key documented that the window lacks,
no window key left out of README."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtGui import QKeySequence

README = Path(__file__).resolve().parents[2] / "README.md"
# Keys README names that are not menu actions: the view's Enter (a span's note), the note dialog's,
# find-bar and filter keys, and plain keys in the sheet's extra rows.
LOCAL = {"Enter", "Ctrl+Enter", "Shift+Enter", "Esc", "Down"}
_NAMES = {"Ctrl+plus": "Ctrl++", "Ctrl+minus": "Ctrl+-", "PgDown": "PgDown", "Delete": "Del"}


def _table() -> str:
    text = README.read_text("utf-8")
    start = text.index("| keys | action |")
    return text[start : text.index("\n\n", start)]


def _normal(key: str) -> str:
    for word, qt in _NAMES.items():
        key = key.replace(word, qt)
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.PortableText)


def test_every_key_in_the_readme_table_is_a_key_of_the_window_and_back(window):
    bound = {_normal(k.toString()) for a in window.findChildren(type(window.actions_.undo)) for k in a.shortcuts()}
    documented = {k for k in re.findall(r"`([^`\s]+)`", _table()) if k not in ("1", "2", "3", "4")}
    assert len(documented) > 40
    missing = {k for k in documented if k not in LOCAL and _normal(k) not in bound}
    assert not missing, f"README names keys the window does not have: {sorted(missing)}"
    everywhere = {_normal(k) for k in re.findall(r"`([^`\s]+)`", README.read_text("utf-8"))}
    label_keys = {_normal(k.toString()) for a in window.actions_.label_actions.values() for k in a.shortcuts()}
    left_out = {k for k in bound - label_keys if k not in everywhere}
    assert not left_out, f"window keys README does not mention: {sorted(left_out)}"
