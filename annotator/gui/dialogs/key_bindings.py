"""Edit ▸ Key bindings: the keys of the window's commands, changed and remembered.

A desktop may take keys before the window sees them (LXDE and Openbox take
``Alt+Shift+arrows``, the very keys that grow and shrink a selection's start),
so every command's keys can be rebound; the settings file keeps them and the
shortcut sheet (F1) shows them, since it reads the menus. A key is refused
when another command or a label has it, when it is Tab (which moves between
the panes) or plain Enter (a span's note, in the article), and, for a command
that finishes an article, when any dialog could take it for "OK": an
annotator who types into nothing and confirms must never finish an article.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QKeySequenceEdit,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..common.keys import FINISHING, command_title

__all__ = ["CONFIRM_KEYS", "KeyBindingsDialog", "portable", "refusal"]


def portable(key: str | QKeySequence) -> str:
    """A key as the settings file writes it (``Ctrl+Shift+D``)."""
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.PortableText)


def _confirm_keys() -> frozenset[str]:
    """Every key a dialog may take as "OK": Return or Enter, with any modifiers, keypad included."""
    mods = (
        Qt.KeyboardModifier.NoModifier,
        Qt.KeyboardModifier.ControlModifier,
        Qt.KeyboardModifier.ShiftModifier,
        Qt.KeyboardModifier.AltModifier,
        Qt.KeyboardModifier.MetaModifier,
    )
    found = set()
    for a in mods:
        for b in mods:
            for pad in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier):
                for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    found.add(portable(QKeySequence((a | b | pad).value | key.value)))
    return frozenset(found)


CONFIRM_KEYS = _confirm_keys()
_NEVER = {
    portable("Tab"): "Tab moves between the panes.",
    portable("Shift+Tab"): "Shift+Tab moves between the panes.",
    portable("Return"): "Enter opens a span's note in the article.",
    portable("Enter"): "Enter opens a span's note in the article.",
}


def refusal(
    name: str, key: str, bound: dict[str, list[str]], label_keys: dict[str, str], titles: dict[str, str]
) -> str | None:
    """Why ``key`` cannot be a key of command ``name`` (``None``: it can)."""
    key = portable(key)
    if not key:
        return "Press a key first."
    if key in _NEVER:
        return _NEVER[key]
    if name in FINISHING and key in CONFIRM_KEYS:
        return (
            f"{key} confirms dialogs (a note is saved with Ctrl+Enter), so it never finishes an "
            "article: choose a key no dialog uses."
        )
    for label, label_key in label_keys.items():
        if portable(label_key) == key:
            return f"{key} is the key of the label {label} (change it in Labels ▸ Edit label scheme)."
    for other, keys in bound.items():
        if other != name and key in keys:
            return f"{key} is already the key of “{titles[other]}”."
    return None


class KeyBindingsDialog(QDialog):
    """A table of commands and their keys; press a key to bind it to the chosen command."""

    def __init__(self, actions: dict[str, QAction], label_keys: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Key bindings")
        self._actions = actions
        self._label_keys = label_keys
        self.titles = {name: command_title(action) for name, action in actions.items()}
        self.bound = {name: [portable(k) for k in action.shortcuts()] for name, action in actions.items()}
        self.defaults = {name: list(action.property("defaultKeys") or []) for name, action in actions.items()}
        self.names = sorted(actions, key=lambda n: self.titles[n].lower())
        self.table = QTableWidget(len(self.names), 3)
        self.table.setHorizontalHeaderLabels(["Command", "Keys", "Default"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.recorder = QKeySequenceEdit()
        self.recorder.setMaximumSequenceLength(1)
        self.recorder.setClearButtonEnabled(False)
        self.recorder.editingFinished.connect(self._recorded)
        self.note = QLabel("Choose a command, then press its new key in the box below.")
        self.note.setWordWrap(True)
        self._fill()
        self.table.currentCellChanged.connect(lambda *_: self._say_chosen())
        self.table.selectRow(0)
        self._layout()
        self.resize(640, 600)

    def _layout(self) -> None:
        row = QHBoxLayout()
        row.addWidget(QLabel("New key:"))
        row.addWidget(self.recorder, 1)
        for text, slot in (
            ("Add as another key", self._add_recorded),
            ("No key", self._clear),
            ("Default", self._default),
            ("All defaults", self._all_defaults),
        ):
            button = QPushButton(text)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            row.addWidget(button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.note)
        layout.addWidget(buttons)

    def _fill(self) -> None:
        for r, name in enumerate(self.names):
            for c, text in enumerate((self.titles[name], ", ".join(self.bound[name]), ", ".join(self.defaults[name]))):
                self.table.setItem(r, c, QTableWidgetItem(text))

    def chosen(self) -> str | None:
        """The command the table's current row shows."""
        row = self.table.currentRow()
        return self.names[row] if 0 <= row < len(self.names) else None

    def choose(self, name: str) -> None:
        self.table.selectRow(self.names.index(name))

    def _say_chosen(self) -> None:
        name = self.chosen()
        if name is not None:
            self.note.setStyleSheet("")
            self.note.setText(
                f"Press the new key for “{self.titles[name]}” in the box below (it replaces the present ones)."
            )

    # -- changes --------------------------------------------------------------------

    def _recorded(self) -> None:
        self.bind(replace=True)

    def _add_recorded(self) -> None:
        self.bind(replace=False)

    def bind(self, *, replace: bool) -> bool:
        """Bind the recorded key to the chosen command; ``False`` (with the reason shown) if refused."""
        name, key = self.chosen(), portable(self.recorder.keySequence())
        if name is None or not key:
            return False
        why = refusal(name, key, self.bound, self._label_keys, self.titles)
        if why is not None:
            self.note.setStyleSheet("color: #c0392b")
            self.note.setText(why)
            return False
        self._set(name, [key] if replace else self.bound[name] + [k for k in [key] if k not in self.bound[name]])
        self.recorder.clear()
        self.note.setStyleSheet("")
        self.note.setText(f"“{self.titles[name]}”: {', '.join(self.bound[name])}")
        return True

    def _set(self, name: str, keys: list[str]) -> None:
        self.bound[name] = keys
        self.table.item(self.names.index(name), 1).setText(", ".join(keys))

    def _clear(self) -> None:
        name = self.chosen()
        if name is not None:
            self._set(name, [])

    def _default(self) -> None:
        name = self.chosen()
        if name is None:
            return
        taken = [
            k for k in self.defaults[name] if refusal(name, k, self.bound, self._label_keys, self.titles) is not None
        ]
        if taken:
            self.note.setStyleSheet("color: #c0392b")
            self.note.setText(refusal(name, taken[0], self.bound, self._label_keys, self.titles) or "")
            return
        self._set(name, list(self.defaults[name]))

    def _all_defaults(self) -> None:
        for name in self.names:
            self._set(name, list(self.defaults[name]))

    def changes(self) -> dict[str, list[str] | None]:
        """Each command whose keys changed: its new keys (``None``: back to its defaults)."""
        out: dict[str, list[str] | None] = {}
        for name, action in self._actions.items():
            now = self.bound[name]
            if now != [portable(k) for k in action.shortcuts()]:
                out[name] = None if now == self.defaults[name] else now
        return out
