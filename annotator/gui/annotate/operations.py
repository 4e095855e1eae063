"""The only path from widgets to the store: every edit is an undoable command.

An operation writes to the store at once (each store write is its own
committed transaction), then pushes a ``QUndoCommand`` whose first ``redo`` is
a no-op, so a failed write never lands on the undo stack. Undo and redo write
to the store immediately too: whatever the person sees is already on disk
before the next event is handled.

Views never run SQL and never call the store to change anything; they listen
to :class:`Operations` signals. A :class:`SpanChange` says which spans left and
which arrived (a relabel is both, same id), in the Anki ``OpChanges`` spirit:
each view decides what to refresh from it.

The undo step itself lives in :mod:`annotator.gui.common.undo`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from ...command_keys import label_key_refusal
from ...model import Label, Span, Status
from ...store import Store
from ..common.undo import REFUSALS, AppliedStep

__all__ = ["UNDO_LIMIT", "Operations", "SpanChange"]


UNDO_LIMIT = 1000  # steps kept; bounds memory over a day of work


@dataclass(frozen=True)
class SpanChange:
    """Spans that left and arrived on one article; ``replay`` for undo/redo."""

    article_id: int
    removed: tuple[Span, ...] = ()
    added: tuple[Span, ...] = ()
    replay: bool = False


class Operations(QObject):
    """Edits for one annotator on one store, with an undo stack."""

    spans_changed = Signal(object)  # SpanChange
    status_changed = Signal(int, object)  # article id, Status
    labels_changed = Signal()
    saved = Signal(bool, str)  # ok, message
    failed = Signal(str)  # a write did not happen: a sentence for the status bar saying why
    outdated = Signal()  # an undo or redo was refused: what the window shows may be out of date

    def __init__(self, store: Store, annotator: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._annotator = annotator
        self.stack = QUndoStack(self)
        self.stack.setUndoLimit(UNDO_LIMIT)
        # The keys the window's commands hold now (title -> keys): a label key must not be one of them.
        self.held_keys: Callable[[], dict[str, list[str]]] | None = None

    @property
    def store(self) -> Store:
        """The database edits go to (the window swaps it on File ▸ Open and restore)."""
        return self._store

    @store.setter
    def store(self, store: Store) -> None:
        self._store = store

    @property
    def annotator(self) -> str:
        """Whose edits these are."""
        return self._annotator

    @annotator.setter
    def annotator(self, name: str) -> None:
        self._annotator = name

    # -- plumbing ---------------------------------------------------------

    def _write(self, what: Callable[[], object]) -> object | None:
        """Run one store write; report success or failure; ``None`` when it failed."""
        try:
            result = what()
        except REFUSALS as exc:
            self.failed.emit(f"Not saved: {exc}")
            self.saved.emit(False, str(exc))
            return None
        self.saved.emit(True, "")
        return result

    def _push(self, command: _Command) -> None:
        self.stack.push(command)

    def _replay_failed(self, message: str) -> None:
        # A failed undo/redo leaves the stack out of step with the file:
        # drop the history rather than replay the wrong thing later.
        self.failed.emit(message + " (undo history cleared)")
        self.saved.emit(False, message)
        QTimer.singleShot(0, self.stack, self.stack.clear)  # dropped if the stack is gone by then
        self.outdated.emit()

    # -- spans ------------------------------------------------------------

    def add_span(self, article_id: int, text: str, label: str, start: int, end: int) -> Span | None:
        """Tag ``[start, end)`` (code points) with ``label``."""
        made = self._write(
            lambda: self.store.add_or_find_span(article_id, self.annotator, label, start, end, text=text)
        )
        if not isinstance(made, tuple):
            return None
        span, created = made
        self.spans_changed.emit(SpanChange(article_id, added=(span,)))
        if created:  # one that was already stored (made by another window or command) is not ours to undo
            self._push(_AddSpan(self, span))
        return span

    def relabel(self, span: Span, label: str) -> Span | None:
        """Give ``span`` another label."""
        old = self._write(lambda: self.store.relabel_span(span.id, label, expected=span))
        if not isinstance(old, Span):
            return None
        new = dataclasses.replace(old, label=label)
        self.spans_changed.emit(SpanChange(span.article_id, removed=(old,), added=(new,)))
        self._push(_Replace(self, old, new, f"Relabel as {label}"))
        return new

    def set_note(self, span: Span, note: str | None) -> Span | None:
        """Attach, change or clear the note of ``span``."""
        old = self._write(lambda: self.store.set_note(span.id, note, expected=span))
        if not isinstance(old, Span):
            return None
        new = dataclasses.replace(old, note=note or None)
        self.spans_changed.emit(SpanChange(span.article_id, removed=(old,), added=(new,)))
        self._push(_Replace(self, old, new, "Edit note"))
        return new

    def delete(self, span: Span) -> bool:
        """Remove ``span``; undo puts it back with its id."""
        old = self._write(lambda: self.store.delete_span(span.id, expected=span))
        if not isinstance(old, Span):
            return False
        self.spans_changed.emit(SpanChange(span.article_id, removed=(old,)))
        self._push(_DeleteSpan(self, old))
        return True

    def write_span(self, old: Span | None, new: Span | None) -> None:
        """Bring the store from ``old`` to ``new`` (used by undo and redo).

        The row must still be ``old``: a span another window changed or deleted
        since is refused (the store says so), never overwritten.
        """
        if old is not None and new is not None:
            self.store.update_span(old.id, expected=old, label=new.label, note=new.note, bounds=(new.start, new.end))
        elif old is not None:
            self.store.delete_span(old.id, expected=old)
        elif new is not None:
            self.store.restore_span(new)

    # -- status -----------------------------------------------------------

    def set_status(self, article_id: int, status: Status) -> Status | None:
        """Set where this annotator stands with an article; return the previous status."""
        previous = self._write(lambda: self.store.set_status(article_id, self.annotator, status))
        if not isinstance(previous, Status):
            return None
        self.status_changed.emit(article_id, status)
        if previous != status:
            self._push(_SetStatus(self, article_id, previous, status))
        return previous

    # -- labels -----------------------------------------------------------

    def _key_refused(self, key: str | None) -> bool:
        """Say why, if ``key`` is a key one of the window's commands holds now (its rebound keys too)."""
        why = label_key_refusal(key, self.held_keys()) if key and self.held_keys is not None else None
        if why is not None:
            self.failed.emit(f"Not saved: {why}")
        return why is not None

    def add_label(self, name: str, color: str | None = None, key: str = "", guideline: str = "") -> Label | None:
        """A new label at the end of the scheme."""
        if self._key_refused(key):
            return None
        label = self._write(lambda: self.store.labels.add(name, color, key, guideline))
        if not isinstance(label, Label):
            return None
        self.labels_changed.emit()
        made = [label]  # a redo makes the label anew, under a new id: the next undo removes that one

        def redo() -> None:
            made[0] = self.store.labels.add(label.name, label.color, label.key, label.guideline)

        self._push(
            _LabelCommand(
                self,
                f"Add label {label.name}",
                undo=lambda: self.store.labels.delete(made[0].name, expected=made[0]),
                redo=redo,
            )
        )
        return label

    def rename_label(self, old: str, new: str) -> Label | None:
        """Rename a label; its spans follow."""
        return self._change_label(
            old,
            f"Rename label {old} to {new}",
            lambda before: self.store.labels.rename(old, new, expected=before),
            undo=lambda before, label: self.store.labels.rename(label.name, old, expected=label),
            redo=lambda before, label: self.store.labels.rename(old, label.name, expected=before),
        )

    def update_label(
        self, name: str, *, color: str | None = None, key: str | None = None, guideline: str | None = None
    ) -> Label | None:
        """Recolour, re-key or re-describe a label."""
        if self._key_refused(key):
            return None
        return self._change_label(
            name,
            f"Change label {name}",
            lambda before: self.store.labels.update(name, color=color, key=key, guideline=guideline),
            undo=lambda before, label: self.store.labels.update(
                name, color=before.color, key=before.key, guideline=before.guideline, expected=label
            ),
            redo=lambda before, label: self.store.labels.update(
                name, color=label.color, key=label.key, guideline=label.guideline, expected=before
            ),
        )

    def retire_label(self, name: str, retired: bool = True) -> Label | None:
        """Hide a label from the panel (its spans stay), or bring it back."""
        # Retiring drops the key; taking it back gives the key back (if no other label took it meanwhile).
        return self._change_label(
            name,
            f"{'Retire' if retired else 'Restore'} label {name}",
            lambda before: self.store.labels.retire(name, retired, expected=before),
            undo=lambda before, label: self.store.labels.retire(name, not retired, key=before.key, expected=label),
            redo=lambda before, label: self.store.labels.retire(name, retired, key=label.key, expected=before),
        )

    def _change_label(
        self,
        name: str,
        text: str,
        change: Callable[[Label], object],
        *,
        undo: Callable[[Label, Label], object],
        redo: Callable[[Label, Label], object],
    ) -> Label | None:
        """One undoable change of label ``name``: what it was is read first, so that undo and redo act only
        while the stored label still holds what they expect (``before`` and the changed ``label``)."""
        before = self._write(lambda: self.store.labels.get(name))
        if not isinstance(before, Label):
            return None
        label = self._write(lambda: change(before))
        if not isinstance(label, Label):
            return None
        self.labels_changed.emit()
        self._push(_LabelCommand(self, text, undo=lambda: undo(before, label), redo=lambda: redo(before, label)))
        return label


class _Command(AppliedStep):
    """An edit of the annotation view: a replay reports saved or NOT saved."""

    def __init__(self, ops: Operations, text: str) -> None:
        super().__init__(text)
        self._ops = ops

    def finished(self, error: str | None) -> None:
        if error is None:
            self._ops.saved.emit(True, "")
        else:
            self._ops._replay_failed(error)


class _SpanCommand(_Command):
    """Moves one span between two states: ``None`` means absent."""

    def __init__(self, ops: Operations, before: Span | None, after: Span | None, text: str) -> None:
        super().__init__(ops, text)
        self._before = before
        self._after = after

    def _go(self, old: Span | None, new: Span | None) -> None:
        self._ops.write_span(old, new)
        article_id = (new or old).article_id  # type: ignore[union-attr]
        self._ops.spans_changed.emit(
            SpanChange(article_id, removed=(old,) if old else (), added=(new,) if new else (), replay=True)
        )

    def forward(self) -> None:
        self._go(self._before, self._after)

    def backward(self) -> None:
        self._go(self._after, self._before)


class _AddSpan(_SpanCommand):
    def __init__(self, ops: Operations, span: Span) -> None:
        super().__init__(ops, None, span, f"Tag {span.label}")


class _DeleteSpan(_SpanCommand):
    def __init__(self, ops: Operations, span: Span) -> None:
        super().__init__(ops, span, None, f"Delete {span.label} span")


class _Replace(_SpanCommand):
    pass


class _SetStatus(_Command):
    def __init__(self, ops: Operations, article_id: int, before: Status, after: Status) -> None:
        super().__init__(ops, f"Mark {after.value}")
        self._article_id = article_id
        self._before = before
        self._after = after

    def _set(self, status: Status, expected: Status) -> None:
        self._ops.store.set_status(self._article_id, self._ops.annotator, status, expected=expected)
        self._ops.status_changed.emit(self._article_id, status)

    def forward(self) -> None:
        self._set(self._after, self._before)

    def backward(self) -> None:
        self._set(self._before, self._after)


class _LabelCommand(_Command):
    def __init__(self, ops: Operations, text: str, *, undo: Callable[[], object], redo: Callable[[], object]) -> None:
        super().__init__(ops, text)
        self._undo_step = undo
        self._redo_step = redo

    def forward(self) -> None:
        self._redo_step()
        self._ops.labels_changed.emit()

    def backward(self) -> None:
        self._undo_step()
        self._ops.labels_changed.emit()
