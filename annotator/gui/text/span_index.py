"""Spans of the open article indexed by position, for painting and hit tests (no Qt).

The view asks "which spans touch these visible lines?" on every paint and
"which spans are under this point?" on every hover, so both must cost
O(log n + k), never a scan of the article's spans. Spans are kept sorted by
start; a span longer than ``LONG`` (rare: a whole paragraph) sits in a short
side list that is always checked, so the bisect window stays small.

Each span also gets a *lane*: the lowest underline row not used by a span it
overlaps, so that overlapping and nested spans draw as stacked underlines.
Lanes are assigned once when the article opens and then per added span from
its neighbours only, so an edit never re-lays out the whole article.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, insort
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["LONG", "Mark", "SpanIndex", "segments"]

LONG = 2048


@dataclass(frozen=True, slots=True)
class Mark:
    """One span as the view sees it: ``[start, end)`` in the view's units (UTF-16)."""

    start: int
    end: int
    span_id: int
    label: str
    annotator: str = ""


class SpanIndex:
    """Marks by position with stable underline lanes."""

    def __init__(self, marks: Iterable[Mark] = ()) -> None:
        self._marks: dict[int, Mark] = {}
        self._starts: list[tuple[int, int]] = []  # (start, span_id) of marks up to LONG long
        self._long: dict[int, Mark] = {}
        self.lanes: dict[int, int] = {}
        ordered = sorted(marks, key=lambda m: (m.start, -m.end, m.span_id))
        for mark in ordered:
            self._marks[mark.span_id] = mark
            if mark.end - mark.start > LONG:
                self._long[mark.span_id] = mark
            else:
                self._starts.append((mark.start, mark.span_id))
        self._starts.sort()  # bisect needs (start, id) order, not the lane order above
        self._assign_lanes(ordered)

    def _assign_lanes(self, ordered: list[Mark]) -> None:
        active: list[tuple[int, int]] = []  # (end, lane)
        free: list[int] = []
        for mark in ordered:
            while active and active[0][0] <= mark.start:
                heapq.heappush(free, heapq.heappop(active)[1])
            lane = heapq.heappop(free) if free else len(active)
            heapq.heappush(active, (mark.end, lane))
            self.lanes[mark.span_id] = lane

    def __len__(self) -> int:
        return len(self._marks)

    def __contains__(self, span_id: object) -> bool:
        return span_id in self._marks

    def get(self, span_id: int) -> Mark | None:
        """The mark of a span, if it is shown."""
        return self._marks.get(span_id)

    def add(self, mark: Mark) -> int:
        """Index a mark (replacing one with its id); return its lane."""
        self.remove(mark.span_id)
        used = {self.lanes[m.span_id] for m in self.overlapping(mark.start, mark.end)}
        lane = next(n for n in range(len(used) + 1) if n not in used)
        self._marks[mark.span_id] = mark
        if mark.end - mark.start > LONG:
            self._long[mark.span_id] = mark
        else:
            insort(self._starts, (mark.start, mark.span_id))
        self.lanes[mark.span_id] = lane
        return lane

    def remove(self, span_id: int) -> Mark | None:
        """Forget a mark; return it (``None`` if it was not there)."""
        mark = self._marks.pop(span_id, None)
        if mark is None:
            return None
        self.lanes.pop(span_id, None)
        if self._long.pop(span_id, None) is None:
            i = bisect_left(self._starts, (mark.start, span_id))
            del self._starts[i]
        return mark

    def overlapping(self, lo: int, hi: int) -> list[Mark]:
        """Marks with ``start < hi`` and ``end > lo``, by start."""
        starts, marks = self._starts, self._marks
        i = bisect_left(starts, (lo - LONG, -1))
        j = bisect_left(starts, (hi, -1))
        found = [m for m in (marks[sid] for _, sid in starts[i:j]) if m.end > lo]
        if self._long:
            found.extend(m for m in self._long.values() if m.start < hi and m.end > lo)
            found.sort(key=lambda m: (m.start, m.end))
        return found

    def step(self, pos: int, direction: int, current: Mark | None = None) -> Mark | None:
        """The next (``direction`` 1) or previous (-1) mark in reading order, or ``None`` at the end.

        Reading order is by start, an enclosing span before the spans nested in
        it. From ``current`` when given, else from the caret at ``pos``: the
        first mark starting there or after it, or the last one starting before.
        """

        def order(m: Mark) -> tuple[int, int, int]:
            return m.start, -m.end, m.span_id

        here = order(current) if current is not None else (pos, -(1 << 62), -1)  # before any mark at pos
        starts, marks = self._starts, self._marks
        best: Mark | None = None
        if direction > 0:
            for k in range(bisect_left(starts, (here[0], -1)), len(starts)):
                mark = marks[starts[k][1]]
                if best is not None and mark.start > best.start:
                    break
                if order(mark) > here and (best is None or order(mark) < order(best)):
                    best = mark
            found = [m for m in self._long.values() if order(m) > here] + ([best] if best else [])
            return min(found, key=order, default=None)
        for k in range(bisect_left(starts, (here[0] + 1, -1)) - 1, -1, -1):
            mark = marks[starts[k][1]]
            if best is not None and mark.start < best.start:
                break
            if order(mark) < here and (best is None or order(mark) > order(best)):
                best = mark
        found = [m for m in self._long.values() if order(m) < here] + ([best] if best else [])
        return max(found, key=order, default=None)

    def at(self, pos: int) -> list[Mark]:
        """Marks covering position ``pos``, innermost (shortest) first."""
        return sorted(self.overlapping(pos, pos + 1), key=lambda m: (m.end - m.start, m.start))


def segments(marks: Iterable[Mark], lo: int, hi: int) -> list[tuple[int, int, tuple[str, ...]]]:
    """Cut ``[lo, hi)`` where the set of covering marks changes.

    Returns ``(start, end, labels)`` for every stretch covered by at least one
    mark, ``labels`` sorted with one entry per covering mark. A sweep over the
    marks' ends: O(m log m) for m marks, whatever their nesting.
    """
    events: list[tuple[int, int, str]] = []
    for m in marks:
        a, b = max(lo, m.start), min(hi, m.end)
        if a < b:
            events.append((a, 1, m.label))
            events.append((b, -1, m.label))
    events.sort()
    out: list[tuple[int, int, tuple[str, ...]]] = []
    active: dict[str, int] = {}
    for i, (pos, delta, label) in enumerate(events):
        active[label] = active.get(label, 0) + delta
        nxt = events[i + 1][0] if i + 1 < len(events) else pos
        if nxt > pos and any(active.values()):
            labels = tuple(sorted(lab for lab, n in active.items() for _ in range(n)))
            out.append((pos, nxt, labels))
    return out
