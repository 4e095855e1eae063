"""Review decisions as undoable commands: the only path from the review window to the gold layer.

Same shape as :mod:`operations`: a decision is taken first (the
:mod:`~annotator.adjudication` functions commit before they return), then a
``QUndoCommand`` whose first ``redo`` is a no-op is pushed, so a refused
decision never lands on the stack and whatever the reviewer sees is already
on disk. Undo calls :func:`~annotator.adjudication.undo_decision`; redo takes
the decision again (a new decision row and, for a gold span, a new span id).
``changed`` names the article so the window refreshes what it shows.

Commands keep ids under names such as ``article_id``: an attribute called
``id`` would shadow ``QUndoCommand.id()`` and crash the next push.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ... import adjudication as adj
from ...adjudication import GOLD, Decision
from ...model import Span, Status
from ...store import Store
from ..common.undo import REFUSALS, AppliedStep

__all__ = ["ReviewOperations"]


Make = Callable[[], list[Decision]]


class ReviewOperations(QObject):
    """Decisions of one reviewer on one store, with an undo stack of their own."""

    changed = Signal(int)  # article id whose gold layer or decisions changed
    status_changed = Signal(int, object)  # article id, the gold layer's Status
    failed = Signal(str)  # a decision was not taken: a sentence for the status bar saying why

    def __init__(self, store: Store, reviewer: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.reviewer = reviewer
        self.stack = QUndoStack(self)
        self.stack.setUndoLimit(1000)

    def _take(self, article_id: int, text: str, make: Make) -> list[Decision] | None:
        """Take a decision now; push it for undo; ``None`` if the store refused it."""
        try:
            made = make()
        except REFUSALS as exc:
            self.failed.emit(f"Not saved: {exc}")
            return None
        self.changed.emit(article_id)
        self.stack.push(_Decide(self, article_id, text, make, made))
        return made

    def replay_failed(self, message: str) -> None:
        # The stack no longer matches the file: drop the history rather than replay the wrong thing.
        self.failed.emit(message + " (review undo history cleared)")
        QTimer.singleShot(0, self.stack, self.stack.clear)  # dropped if the stack is gone by then

    # -- decisions ------------------------------------------------------------

    def accept(
        self, span: Span, *, label: str | None = None, start: int | None = None, end: int | None = None
    ) -> Decision | None:
        """Take ``span`` into gold, perhaps relabelled or with other boundaries."""
        moved = (start, end) != (None, None) and (start, end) != (span.start, span.end)
        what = "Adjust" if moved else "Relabel" if label and label != span.label else "Accept"
        made = self._take(
            span.article_id,
            f"{what} {span.annotator}'s {label or span.label}",
            lambda: [adj.accept(self.store, span, label=label, start=start, end=end, decided_by=self.reviewer)],
        )
        return made[0] if made else None

    def reject(self, span: Span) -> Decision | None:
        """Decide that ``span`` stays out of gold."""
        made = self._take(
            span.article_id,
            f"Reject {span.annotator}'s {span.label}",
            lambda: [adj.reject(self.store, span, decided_by=self.reviewer)],
        )
        return made[0] if made else None

    def add_gold(self, article_id: int, label: str, start: int, end: int) -> Decision | None:
        """A gold span nobody marked."""
        made = self._take(
            article_id,
            f"New gold {label}",
            lambda: [adj.add_gold(self.store, article_id, label, start, end, decided_by=self.reviewer)],
        )
        return made[0] if made else None

    def accept_agreed(self, article_id: int, annotators: Sequence[str]) -> list[Decision] | None:
        """Every agreed item into gold in one step (one undo step too)."""
        names = list(annotators)
        return self._take(
            article_id,
            "Accept all agreed",
            lambda: adj.accept_agreed(self.store, article_id, names, decided_by=self.reviewer),
        )

    def withdraw(self, gold: Span) -> bool:
        """Take a gold span out: the decisions that made it are undone (undo takes them again)."""
        rows = [d for d in adj.decisions(self.store, gold.article_id) if d["gold_span_id"] == gold.id]
        try:
            if rows:
                made = [Decision(int(d["id"]), gold) for d in rows]  # type: ignore[call-overload]
                with self.store.write():
                    for decision in reversed(made):
                        adj.undo_decision(self.store, decision)
                command: QUndoCommand = _Withdraw(self, gold.article_id, rows, gold, made)
            else:  # a gold span that came in by import or merge: no decision made it
                self.store.delete_span(gold.id, expected=gold)
                command = _DeleteGold(self, gold)
        except REFUSALS as exc:
            self.failed.emit(f"Not saved: {exc}")
            return False
        self.changed.emit(gold.article_id)
        self.stack.push(command)
        return True

    def remake(self, rows: list[dict[str, object]], gold: Span) -> list[Decision]:
        """Take recorded decisions again (redo of a withdrawal), from their source spans when they still exist."""
        made = []
        for row in rows:
            source = row["source_span_id"]
            span = _existing(self.store, int(source)) if isinstance(source, int) else None
            if span is not None:
                made.append(
                    adj.accept(
                        self.store, span, label=gold.label, start=gold.start, end=gold.end, decided_by=self.reviewer
                    )
                )
            else:
                made.append(
                    adj.add_gold(
                        self.store, gold.article_id, gold.label, gold.start, gold.end, decided_by=self.reviewer
                    )
                )
        return made

    # -- the article's review status ----------------------------------------------

    def set_adjudicated(self, article_id: int, done: bool = True) -> Status | None:
        """Mark the article adjudicated (the gold layer's status done) or reopen it."""
        after = Status.DONE if done else Status.IN_PROGRESS
        try:
            adj.ensure_gold(self.store)
            before = self.store.set_status(article_id, GOLD, after)
        except REFUSALS as exc:
            self.failed.emit(f"Not saved: {exc}")
            return None
        self.status_changed.emit(article_id, after)
        if before != after:
            self.stack.push(_GoldStatus(self, article_id, before, after))
        return before


def _existing(store: Store, span_id: int) -> Span | None:
    try:
        return store.span(span_id)
    except KeyError:
        return None


class _Step(AppliedStep):
    """A review decision: a replay reports a refusal, and the article it touched either way."""

    def __init__(self, ops: ReviewOperations, article_id: int, text: str) -> None:
        super().__init__(text)
        self._ops = ops
        self._article_id = article_id

    def finished(self, error: str | None) -> None:
        if error is not None:
            self._ops.replay_failed(error)
        self._ops.changed.emit(self._article_id)


class _Decide(_Step):
    """Decisions that ``make`` takes; undo takes them back."""

    def __init__(self, ops: ReviewOperations, article_id: int, text: str, make: Make, made: list[Decision]) -> None:
        super().__init__(ops, article_id, text)
        self._make = make
        self._made = made

    def forward(self) -> None:
        with self._ops.store.write():
            self._made = self._make()

    def backward(self) -> None:
        with self._ops.store.write():  # all of the step or none of it: a refusal leaves every decision
            for decision in reversed(self._made):
                adj.undo_decision(self._ops.store, decision)
        self._made = []


class _Withdraw(_Decide):
    """The inverse of :class:`_Decide`: forward undoes the decisions, backward takes them again."""

    def __init__(
        self, ops: ReviewOperations, article_id: int, rows: list[dict[str, object]], gold: Span, made: list[Decision]
    ) -> None:
        super().__init__(ops, article_id, f"Withdraw gold {gold.label}", lambda: ops.remake(rows, gold), made)

    def forward(self) -> None:
        _Decide.backward(self)

    def backward(self) -> None:
        _Decide.forward(self)


class _DeleteGold(_Step):
    def __init__(self, ops: ReviewOperations, gold: Span) -> None:
        super().__init__(ops, gold.article_id, f"Delete gold {gold.label}")
        self._gold = gold

    def forward(self) -> None:
        self._ops.store.delete_span(self._gold.id, expected=self._gold)

    def backward(self) -> None:
        self._ops.store.restore_span(self._gold)


class _GoldStatus(_Step):
    def __init__(self, ops: ReviewOperations, article_id: int, before: Status, after: Status) -> None:
        super().__init__(ops, article_id, "Mark adjudicated" if after is Status.DONE else "Reopen review")
        self._before = before
        self._after = after

    def _set(self, status: Status, expected: Status) -> None:
        self._ops.store.set_status(self._article_id, GOLD, status, expected=expected)
        self._ops.status_changed.emit(self._article_id, status)

    def forward(self) -> None:
        self._set(self._after, self._before)

    def backward(self) -> None:
        self._set(self._before, self._after)
