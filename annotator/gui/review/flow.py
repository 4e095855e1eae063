"""Where the review goes after a decision, and the check before an article is marked adjudicated.

A mixin of :class:`ReviewWindow`, kept apart from the decisions themselves
(:mod:`review_decisions`) because it answers *what comes next*:

- after accepting, rejecting or relabelling, the next undecided item becomes
  current by itself (one key per decision, as in Prodigy); when a rejection
  leaves other candidates of the same item open, the next of those is chosen;
- Ctrl+D on an article that still has undecided disagreements, or agreed
  spans not yet in gold, asks first; the safe answer (keep reviewing) is the
  default, so a stray Return changes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from ... import adjudication as adj
from ...words import plural
from ..safekeeping.read_guard import guarded
from .lanes import KINDS

if TYPE_CHECKING:
    from .window import ReviewWindow

    _Base = ReviewWindow
else:
    _Base = object

__all__ = ["ReviewFlow"]


class ReviewFlow(_Base):
    """The next item after a decision; the question before marking an article adjudicated."""

    confirm_box: QMessageBox | None = None  # open while Ctrl+D asks (tests press its buttons)

    # -- after a decision ------------------------------------------------------------------

    def advance(self) -> str:
        """Move on from a decision just taken; a sentence that says where to."""
        item = self.current_item
        if item is not None and not item.agreed and not item.resolved:
            left = self._open_candidates() or []
            if left:
                self.choose_candidate(left[0], quiet=True)
                span = self.candidates()[left[0]]
                return f"Still open here: {span.annotator}'s {span.label} is chosen."
        target = self._next_open()
        if target is None:
            return "Every disagreement here is decided: Ctrl+D marks the article adjudicated."
        self.set_current(target)
        disputed = [k for k, it in enumerate(self.items) if not it.agreed]
        return f"Next: item {disputed.index(target) + 1} of {len(disputed)}, {KINDS[self.items[target].kind][2]}."

    @guarded("the decisions on this article")
    def _open_candidates(self) -> list[int]:
        """Rows of the current item's candidates that no decision has taken yet."""
        article_id = self.article_id
        if article_id is None:
            return []
        decided = {d["source_span_id"] for d in adj.decisions(self.store, article_id)}
        return [n for n, span in enumerate(self.candidates()) if span.id not in decided]

    def _next_open(self) -> int | None:
        """The next undecided disagreement after the current item, wrapping round."""
        open_items = [k for k, it in enumerate(self.items) if not it.agreed and not it.resolved]
        if not open_items:
            return None
        here = -1 if self.current is None else self.current
        return next((k for k in open_items if k > here), open_items[0])

    # -- marking the article adjudicated ----------------------------------------------------------

    def mark_adjudicated(self) -> None:
        """Mark this article adjudicated and open the next one; ask first if work is left on it."""
        if self.article_id is None:
            return
        undecided = sum(1 for it in self.items if not it.agreed and not it.resolved)
        agreed_out = sum(1 for it in self.items if it.agreed and not it.resolved)
        if undecided or agreed_out:
            self._ask_before_marking(undecided, agreed_out)
            return
        self._mark_adjudicated()

    def _ask_before_marking(self, undecided: int, agreed_out: int) -> None:
        disputed = sum(1 for it in self.items if not it.agreed)
        left = []
        if undecided:
            verb = "is" if undecided == 1 else "are"
            left.append(f"{undecided} of {plural(disputed, 'disagreement')} {verb} undecided")
        if agreed_out:
            left.append(f"{plural(agreed_out, 'agreed span')} {'is' if agreed_out == 1 else 'are'} not in gold")
        gold = len(self.docs[adj.GOLD].spans) if adj.GOLD in self.docs else 0
        box = QMessageBox(
            QMessageBox.Icon.Question, "Mark adjudicated?", f"On this article {' and '.join(left)}.", parent=self
        )
        box.setInformativeText(
            f"Its gold layer would stay as it is now, with {plural(gold, 'span')}. Mark it adjudicated anyway?"
        )
        keep = box.addButton("&Keep reviewing", QMessageBox.ButtonRole.RejectRole)
        mark = box.addButton("&Mark adjudicated", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(keep)  # Return, and Esc, leave everything as it is
        box.setEscapeButton(keep)
        box.finished.connect(lambda _result: self._answered(box, box.clickedButton() is mark))
        self.confirm_box = box
        box.open()

    def _answered(self, box: QMessageBox, mark: bool) -> None:
        self.confirm_box = None
        box.deleteLater()
        self.activateWindow()  # keys go on to the lanes, not to wherever focus fell when the box closed
        self.gold_lane.setFocus()
        if mark:
            self._mark_adjudicated()
        else:
            self.message("Not marked: the article stays open for review.")

    def _mark_adjudicated(self) -> None:
        article_id = self.article_id
        if article_id is None:
            return
        left = sum(1 for it in self.items if not it.agreed and not it.resolved)
        if self.ops.set_adjudicated(article_id) is None:
            return
        note = f" ({plural(left, 'disagreement')} left undecided)" if left else ""
        if self.next_unadjudicated():
            self.message(f"Marked adjudicated{note}; here is the next article.")
        else:
            self.message(f"Marked adjudicated{note}. Every article to review is adjudicated.")
