"""Which keys a one-line text field keeps and which reach the window's commands.

A line edit claims many keys before the window's shortcuts see them (on X11
``Ctrl+E`` moves to the end of the line, ``Ctrl+D`` deletes a character,
``Ctrl+Z`` undoes its typing), so with the focus in the article-list filter
or the find bar, Export, Mark done or Undo did nothing. The rule here: a
field keeps the keys that edit text (typing, Backspace, Delete, the arrows
and Home/End with Shift or Ctrl, Ctrl+A/C/V/X); every other key a window
command holds goes to that command, Undo and Redo included: they take back the
window's edits, never half a search word (Backspace or the field's clear
button does that), so Ctrl+Z means one thing wherever the focus is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit

__all__ = ["WindowKeysFirst"]

_MODS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
_EDITING_WITH_CTRL = {
    Qt.Key.Key_A,
    Qt.Key.Key_C,
    Qt.Key.Key_V,
    Qt.Key.Key_X,
    Qt.Key.Key_Insert,
    Qt.Key.Key_Left,
    Qt.Key.Key_Right,
    Qt.Key.Key_Home,
    Qt.Key.Key_End,
    Qt.Key.Key_Backspace,
    Qt.Key.Key_Delete,
}


def _edits_text(event: QKeyEvent) -> bool:
    """A key that edits or moves in the field's text (with Shift or none: typing and moving)."""
    mods = event.modifiers() & _MODS
    if not mods:  # Esc too: the field says what it does (the find bar closes, the filter hands back the keys)
        return not Qt.Key.Key_F1 <= event.key() <= Qt.Key.Key_F35
    return mods == Qt.KeyboardModifier.ControlModifier and event.key() in _EDITING_WITH_CTRL


class WindowKeysFirst(QObject):
    """Installed on a window's line edits: lets the window's command keys past them (see above)."""

    def __init__(self, actions: Callable[[], Iterable[QAction]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._actions = actions

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() != QEvent.Type.ShortcutOverride
            or not isinstance(event, QKeyEvent)
            or not isinstance(watched, QLineEdit)
            or _edits_text(event)
        ):
            return False
        pressed = QKeySequence(event.keyCombination())
        if any(
            key.matches(pressed) == QKeySequence.SequenceMatch.ExactMatch
            for action in self._actions()
            for key in action.shortcuts()
        ):
            event.ignore()  # not the field's: the shortcut fires
            return True
        return False
