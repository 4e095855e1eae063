"""Choosing spans from the keyboard, as a mixin of the main window.

``Space`` chooses the span at the caret (pressed again: the next span nested
there, round and back to the innermost), ``Alt+N`` / ``Alt+P`` step to the
next and previous span in reading order. A chosen span is selected,
outlined, shown in the span list and named in the status bar, so that
``Delete``, a label key (relabel) and ``Enter`` (its note) act on it without
the mouse.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .main_window import MainWindow

    _Base = MainWindow
else:
    _Base = object

__all__ = ["SpanNavigation"]


class SpanNavigation(_Base):
    """Keyboard choice of spans for :class:`MainWindow`."""

    def _caret_point(self) -> int:
        """Where "at the cursor" is: the chosen span's start, else the caret (or the selection's start)."""
        doc, view = self.doc, self.view
        assert doc is not None
        mark = doc.index.get(view.selected_span) if view.selected_span is not None else None
        if mark is not None:
            return mark.start
        start, end = view.selection16()
        if start == end and not doc.index.at(start) and start > 0 and doc.index.at(start - 1):
            return start - 1  # the caret just after a span's last word still means that span
        return start

    def choose_span_at_cursor(self) -> None:
        """Choose the innermost span at the caret; again: the next one enclosing it, round."""
        if self.doc is None:
            return
        chosen = self.view.selected_span
        point, last = getattr(self, "_cycle", (None, None))
        if chosen is None or chosen != last:
            point = self._caret_point()  # a fresh start; else go on round the spans at the same point
        ids = [m.span_id for m in self.doc.index.at(point)]
        if not ids:
            self.message(
                f"No span at the cursor ({self.key_text('next_span')} and "
                f"{self.key_text('previous_span')} go to the next and previous span)."
            )
            return
        span_id = ids[(ids.index(chosen) + 1) % len(ids)] if chosen in ids else ids[0]
        self.choose_span(span_id)
        self._cycle = (point, span_id)

    def step_span(self, direction: int) -> None:
        """Choose the next (1) or previous (-1) span from the chosen one or the caret."""
        doc = self.doc
        if doc is None:
            return
        current = doc.index.get(self.view.selected_span) if self.view.selected_span is not None else None
        mark = doc.index.step(self.view.selection16()[0], direction, current)
        if mark is None:
            self.message("No span after this one." if direction > 0 else "No span before this one.")
            return
        self.choose_span(mark.span_id)
