"""What the reviewer's choices and decision keys do, as a mixin of :class:`ReviewWindow`.

Choosing: a candidate (Alt+digit or a click in its lane) selects its text in
the gold lane; a selection dragged in any lane is copied to the gold lane;
Alt+arrows grow or shrink it there. Deciding: each method turns the window's state (current item, chosen candidate, the
gold lane's selection) into one :class:`ReviewOperations` call; the window
redraws when the operation reports the change, and an accept, relabel or
reject then moves on by itself (:mod:`review_flow`). Rules, so that keys are
predictable:

- the *chosen span* is the candidate picked with Alt+digit or a click, or
  the item's only candidate when there is just one;
- a selection in the gold lane that overlaps the chosen span gives it new
  boundaries; one that does not is a new gold span (label keys only);
- Delete rejects the chosen span, or withdraws a gold span clicked in the gold lane.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ...adjudication import GOLD
from ...model import Span
from ...words import plural
from ..text import selection

if TYPE_CHECKING:
    from .window import ReviewWindow

    _Base = ReviewWindow
else:
    _Base = object

__all__ = ["ReviewDecisions"]


class ReviewDecisions(_Base):
    """Choosing a candidate or a range; accept, relabel, adjust, reject, withdraw, accept agreed, reopen."""

    # -- choosing --------------------------------------------------------------------------

    def choose_candidate(self, n: int, *, quiet: bool = False) -> None:
        """Choose candidate ``n`` (0-based): outlined in its lane, its text selected in the gold lane."""
        spans = self.candidates()
        if not 0 <= n < len(spans):
            self.message(f"There is no candidate {n + 1} here." if spans else "Choose an item first (F8).")
            return
        span = spans[n]
        self.clear_choice()
        self.candidate = n
        self.lanes.lanes[span.annotator].select_span(span.id)
        self.gold_lane.select16(*self.docs[GOLD].to_utf16(span.start, span.end))
        self.panel.set_candidates(self.panel.item_title.text(), spans, self._colors, n)
        if not quiet:
            self.message(
                f"Chosen: {span.annotator}'s {span.label}. Return accepts it, a label key relabels it, "
                "Alt+arrows adjust its boundaries, Delete rejects it."
            )

    def clear_choice(self) -> None:
        """No candidate, no chosen gold span, no selection."""
        self.candidate = None
        for view in self.lanes.lanes.values():
            view.select_span(None)
            cursor = view.textCursor()
            if cursor.hasSelection():  # setTextCursor would scroll to the cursor otherwise
                cursor.clearSelection()
                view.setTextCursor(cursor)
        self.panel.candidates.setCurrentRow(-1)

    def _span_clicked(self, lane: str, span_id: int) -> None:
        if lane == GOLD:
            self.candidate = None
            self.gold_lane.select_span(span_id)
            self.message("Gold span chosen: Shift+Delete (or Delete) withdraws it.")
            return
        for k, item in enumerate(self.items):
            if any(s.id == span_id for s in item.spans):
                if k != self.current:
                    self.set_current(k, reveal=False)
                ids = [s.id for s in self.candidates()]
                self.choose_candidate(ids.index(span_id))
                return

    def _lane_selected(self, lane: str, start16: int, end16: int) -> None:
        if lane != GOLD and GOLD in self.lanes.lanes:
            self.gold_lane.select16(start16, end16)

    def working_range(self) -> tuple[int, int] | None:
        """The gold lane's selection in code points, if any."""
        doc = self.docs.get(GOLD)
        start16, end16 = self.gold_lane.selection16() if doc else (0, 0)
        if doc is None or start16 >= end16:
            return None
        return doc.to_cp(start16, end16)

    def run_selection(self, fn: Callable[[str, int, int], tuple[int, int] | None], snap_result: bool) -> None:
        """Grow, shrink or move the gold lane's selection with a :mod:`selection` function."""
        doc = self.docs.get(GOLD)
        if doc is None:
            return
        start, end = self.working_range() or doc.to_cp(*self.gold_lane.selection16())
        found = fn(doc.text, start, end)
        if found is None:
            self.message("Nothing further in that direction.")
            return
        if snap_result and self.settings.snap:
            found = selection.snap(doc.text, *found) or found
        self.gold_lane.select16(*doc.to_utf16(*found))

    # -- deciding -------------------------------------------------------------------------

    def chosen_span(self) -> Span | None:
        """The candidate the decision applies to (see the module docstring)."""
        spans = self.candidates()
        if self.candidate is not None and self.candidate < len(spans):
            return spans[self.candidate]
        if len(spans) == 1:
            picked = self.working_range()
            if picked is None or _overlap(picked, (spans[0].start, spans[0].end)):
                return spans[0]
        return None

    def _bounds(self, span: Span) -> tuple[int | None, int | None]:
        """New boundaries from the gold lane's selection, or ``(None, None)`` to keep the span's."""
        picked = self.working_range()
        if picked is None or picked == (span.start, span.end) or not _overlap(picked, (span.start, span.end)):
            return None, None
        return picked

    def accept(self) -> None:
        """The chosen span into gold, with the gold lane's boundaries if they were adjusted."""
        span = self.chosen_span()
        if span is None:
            self.message("Choose whose span to accept: Alt+1…9, or click it in its lane.")
            return
        start, end = self._bounds(span)
        if self.ops.accept(span, start=start, end=end) is not None:
            moved = " with adjusted boundaries" if start is not None else ""
            self.message(f"Accepted {span.annotator}'s {span.label}{moved} into gold. {self.advance()}")

    def apply_label(self, name: str) -> None:
        """A label key: the chosen span into gold as ``name``, or the selection as a new gold span."""
        doc = self.docs.get(GOLD)
        if doc is None:
            return
        span = self.chosen_span()
        if span is not None:
            start, end = self._bounds(span)
            if self.ops.accept(span, label=name, start=start, end=end) is not None:
                self.message(f"{span.annotator}'s {span.label} went into gold as {name}. {self.advance()}")
            return
        picked = self.working_range()
        if picked is None:
            self.message("Select text for a new gold span, or choose a candidate (Alt+1…9) to relabel it.")
            return
        if self.settings.snap:
            picked = selection.snap(doc.text, *picked) or picked
        if self.ops.add_gold(doc.id, name, *picked) is not None:
            self.message(f"New gold {name} span.")

    def reject(self) -> None:
        """Reject the chosen span; with a gold span clicked, withdraw that instead."""
        if self.gold_lane.selected_span is not None:
            self.withdraw()
            return
        span = self.chosen_span()
        if span is None:
            self.message("Choose whose span to reject: Alt+1…9, or click it in its lane.")
            return
        if self.ops.reject(span) is not None:
            self.message(f"Rejected {span.annotator}'s {span.label}: it stays out of gold. {self.advance()}")

    def withdraw(self) -> None:
        """Take the gold span clicked in the gold lane back out of gold."""
        doc = self.docs.get(GOLD)
        span_id = self.gold_lane.selected_span
        if doc is None or span_id is None or span_id not in doc.spans:
            self.message("Click a span in the gold lane first.")
            return
        if self.ops.withdraw(doc.spans[span_id]):
            self.message("Gold span withdrawn.")

    def accept_agreed(self) -> None:
        """Every agreed item of this article into gold, in one undoable step."""
        article_id = self.article_id
        if article_id is None or len(self.annotators) < 2:
            self.message("Nothing to compare on this article.")
            return
        made = self.ops.accept_agreed(article_id, self.annotators)
        if made is not None:
            self.message(f"{plural(len(made), 'agreed span')} accepted into gold.")

    def reopen(self) -> None:
        """Take the adjudicated mark off this article."""
        if self.article_id is not None and self.ops.set_adjudicated(self.article_id, done=False) is not None:
            self.message("Article reopened for review.")


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]
