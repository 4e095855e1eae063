"""The undo step every edit pushes, and what a replayed step may be refused with.

An operation writes to the store first and pushes its step only when that
write succeeded, so the step's first ``redo`` (which ``QUndoStack.push`` calls)
does nothing. Later undos and redos replay the step against the store; a
replay the store refuses (a full disk, a locked file, a span another window
changed or deleted since) is reported through ``finished`` instead of raising
out of Qt's event loop.

Steps keep ids under names such as ``span_id``: an attribute called ``id``
would shadow ``QUndoCommand.id()`` and crash the next push.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand, QUndoStack

from ...labels import SchemeError
from ...store import StoreError

__all__ = ["REFUSALS", "AppliedStep", "replay_message"]

# What a write may refuse with; anything else is a bug and should surface. An
# OperationalError outside the store's write wrapper is a fault too (an I/O error
# on a read, a lock held past the busy timeout), never a reason to crash.
REFUSALS = (StoreError, SchemeError, ValueError, KeyError, sqlite3.IntegrityError, sqlite3.OperationalError)


class AppliedStep(QUndoCommand):
    """A step already applied when pushed; subclasses give ``forward``, ``backward`` and ``finished``."""

    forward: Callable[[], None]
    backward: Callable[[], None]

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._fresh = True
        self.replayed_ok = False  # the last undo or redo went through (what the status bar then says)

    def redo(self) -> None:
        if self._fresh:  # the operation itself did the first redo
            self._fresh = False
            return
        self._replay(self.forward, "redone")

    def undo(self) -> None:
        self._replay(self.backward, "undone")

    def _replay(self, step: Callable[[], None], done: str) -> None:
        self.replayed_ok = False
        try:
            step()
        except REFUSALS as exc:
            self.finished(f"{self.text()} not {done}: {exc}")
            return
        self.replayed_ok = True
        self.finished(None)

    def finished(self, error: str | None) -> None:
        """Report a replay: ``error`` (a sentence for the status bar) is ``None`` when the store took it."""


def replay_message(stack: QUndoStack, undone: bool) -> str | None:
    """ "Undone: …" or "Redone: …" for the step ``stack`` just replayed; ``None`` if it was refused
    (its refusal was said) or nothing was replayed."""
    step = stack.command(stack.index() if undone else stack.index() - 1)
    if not isinstance(step, AppliedStep) or not step.replayed_ok:
        return None
    return f"{'Undone' if undone else 'Redone'}: {step.text()}"
