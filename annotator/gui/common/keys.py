"""Keys both windows share: a command's bound keys, a label's keys, undo and redo, and the commands
that finish an article (which no key a dialog confirms with may take).

Below every surface, so the annotation window, the review view and the key bindings dialog ask one
place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMenu

from ...model import Label
from .undo import replay_message

if TYPE_CHECKING:
    from .settings import Settings

__all__ = ["FINISHING", "Keys", "bound_keys", "command_title", "held_keys", "label_keys", "undo_redo_actions"]

Keys = str | QKeySequence | QKeySequence.StandardKey

# Actions that leave an article finished: never on a key a dialog confirms with (see key_bindings).
FINISHING = ("mark_done", "mark_skipped")


def bound_keys(settings: Settings, name: str, defaults: tuple[Keys, ...]) -> tuple[list[str], list[QKeySequence]]:
    """Command ``name``'s default keys (portable text) and the keys it has now: those the annotator
    chose in Edit ▸ Key bindings (kept in ``settings``), else the defaults. Both windows ask here."""
    default = [QKeySequence(k).toString(QKeySequence.SequenceFormat.PortableText) for k in defaults]
    chosen = settings.keys(name)
    return default, [QKeySequence(k) for k in (default if chosen is None else chosen)]


def undo_redo_actions(
    menu: QMenu, stack: QUndoStack, undo_sheet: str, say: Callable[[str], None]
) -> tuple[QAction, QAction]:
    """Undo and redo for ``stack`` in ``menu``, with the keys every window uses; ``say`` then tells
    the status bar what was undone or redone (else it still showed the edit just taken back)."""
    undo = stack.createUndoAction(menu, "&Undo")
    undo.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
    redo = stack.createRedoAction(menu, "&Redo")
    for action, undone in ((undo, True), (redo, False)):  # connected after the stack's own: runs after the step
        action.triggered.connect(lambda _=False, u=undone: _say_replay(stack, u, say))
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    undo.setProperty("sheetText", undo_sheet)  # their menu text names the step, e.g. "Undo Tag claim"
    redo.setProperty("sheetText", "Redo")
    return undo, redo


def _say_replay(stack: QUndoStack, undone: bool, say: Callable[[str], None]) -> None:
    text = replay_message(stack, undone)
    if text is not None:
        say(text)


def command_title(action: QAction) -> str:
    """A command's name as the shortcut sheet and the key messages give it."""
    return str(action.property("sheetText") or action.text().replace("&", "").rstrip("…."))


def held_keys(actions: dict[str, QAction]) -> dict[str, list[str]]:
    """Each command's title and the keys it has now: what a label key is checked against."""
    portable = QKeySequence.SequenceFormat.PortableText
    return {command_title(action): [k.toString(portable) for k in action.shortcuts()] for action in actions.values()}


def label_keys(label: Label) -> list[QKeySequence]:
    """A label's key, and its keypad twin for digits."""
    if not label.key:
        return []
    keys = [QKeySequence(label.key)]
    if label.key.isdigit():
        keys.append(QKeySequence(Qt.KeyboardModifier.KeypadModifier.value | ord(label.key)))
    return keys
