"""Krippendorff's unitizing alpha (alpha_U) on a continuum of characters.

Follows Krippendorff (1995, 2004) as implemented in DKPro Statistics
(``KrippendorffAlphaUnitizingAgreement``), whose Krippendorff (2004, p. 254) example this module
reproduces exactly (category c 0.728599, k 1.0, overall 0.858665).

For each category and each rater the continuum ``[begin, begin + length)`` is cut into sections: that
rater's units of that category, and the gaps between them (a leading and a trailing gap included;
touching units leave no zero-length gap). Units of one rater and category that overlap are merged
into one unit first (touching ones stay apart, as in DKPro). Spans of other categories are gap.

* distance of two sections: two overlapping units ``(b1-b2)^2 + (e1-e2)^2``; a unit lying wholly in
  the other rater's gap its length squared; otherwise 0. ``D_o = 2 * sum over rater pairs /
  (R (R-1) L^2)``.
* ``D_e``: Krippendorff (2004)'s sum over all units (pooled over raters) against every other unit
  and every gap at least as long; the gap sum uses sorted gap lengths and suffix sums, so a category
  costs O((units + gaps) log gaps) instead of O(units * gaps).
* overall alpha_U = 1 - sum of D_o / sum of D_e over categories (pooled, not a mean of alphas).

Arithmetic is on exact integers up to one final division each. alpha is 0.0 whenever D_o = D_e, as
DKPro's ``calculateAgreement`` and ``calculateCategoryAgreement`` return it; that includes the
degenerate D_o = D_e = 0 of a category (or a whole continuum) where nobody marked anything, which DKPro
also gives 0.0 for a category that was declared but not used. (D_e = 0 with D_o > 0 cannot happen: a
unit that disagrees lies in a gap or beside another unit, and both add to D_e.) A continuum of length 0
has no figures at all: ``nan``. ``UnitizingCorpus`` gives the alpha_U of many documents laid end to
end on one continuum, one document at a time.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations, pairwise

__all__ = ["AlphaU", "UnitizingCorpus", "UnitizingResult", "merge_overlaps", "unitizing_alpha"]

Interval = tuple[int, int]


@dataclass(frozen=True)
class AlphaU:
    """Observed and expected disagreement of one category, or of all pooled."""

    observed: float
    expected: float

    @property
    def alpha(self) -> float:
        """1 - D_o / D_e; 0.0 when D_o = D_e (no units at all included), as in DKPro."""
        if self.observed == self.expected:
            return 0.0
        return 1.0 - self.observed / self.expected if self.expected else math.nan

    def to_dict(self) -> dict[str, float | None]:
        """Plain data for JSON (nan becomes None)."""
        return {
            k: None if math.isnan(v) else v
            for k, v in {"observed": self.observed, "expected": self.expected, "alpha": self.alpha}.items()
        }


@dataclass(frozen=True)
class UnitizingResult:
    """alpha_U per category and pooled over all categories."""

    categories: dict[str, AlphaU]
    overall: AlphaU

    def to_dict(self) -> dict[str, object]:
        """Plain data for JSON."""
        return {"overall": self.overall.to_dict(), "categories": {k: v.to_dict() for k, v in self.categories.items()}}


def merge_overlaps(intervals: Iterable[Interval]) -> list[Interval]:
    """Sort intervals and merge those that overlap; touching ones stay apart and empty ones go."""
    return _merge(list(intervals))


def _merge(intervals: list[Interval]) -> list[Interval]:
    """``merge_overlaps`` on a list it may sort in place."""
    intervals.sort()
    merged: list[Interval] = []
    last = -math.inf
    for start, end in intervals:
        if end <= start:
            continue
        if start < last:
            if end > last:
                merged[-1] = (merged[-1][0], end)
                last = end
        else:
            merged.append((start, end))
            last = end
    return merged


def _pair_distance(first: list[Interval], second: list[Interval]) -> int:
    """Summed section distances between two raters' units of one category."""
    total = 0
    n = len(second)
    hit = [False] * n
    j = 0
    for start, end in first:
        while j < n and second[j][1] <= start:
            j += 1
        k = j
        while k < n and second[k][0] < end:  # units of `second` overlapping this one
            s2, e2 = second[k]
            total += (start - s2) ** 2 + (end - e2) ** 2
            hit[k] = True
            k += 1
        if k == j:  # overlaps nothing, so it lies inside one of second's gaps
            total += (end - start) ** 2
    return total + sum((e - s) ** 2 for (s, e), h in zip(second, hit) if not h)


@dataclass
class _Parts:
    """What one category's alpha_U is made of, in a form that adds up over documents."""

    observed: int  # summed pair distances
    lengths: Counter[int]  # unit lengths, pooled over raters
    gaps: list[int]  # closed gap lengths, pooled over raters

    def alpha(self, raters: int, length: int) -> AlphaU:
        """D_o and D_e on a continuum of ``length`` shared by ``raters`` raters."""
        d_o = 2 * self.observed / (raters * (raters - 1) * length * length)
        numerator, denominator = _expected(self.lengths, sorted(self.gaps), raters, length)
        return AlphaU(d_o, numerator / denominator if numerator else 0.0)


def _expected(lengths: Counter[int], gaps: list[int], raters: int, length: int) -> tuple[int, int]:
    """Numerator and denominator of D_e, exact integers, from unit lengths and sorted gap lengths."""
    n_units = sum(lengths.values())
    suffix = [0] * (len(gaps) + 1)
    for i in range(len(gaps) - 1, -1, -1):
        suffix[i] = suffix[i + 1] + gaps[i]
    total = 0
    for size, count in lengths.items():
        i = bisect_left(gaps, size)
        within = suffix[i] - (size - 1) * (len(gaps) - i)  # sum over gaps g >= size of (g - size + 1)
        total += count * ((n_units - 1) * size * (size - 1) * (2 * size - 1) // 3 + size * size * within)
    squares = sum(count * size * (size - 1) for size, count in lengths.items())
    return 2 * total, length * (raters * length * (raters * length - 1) - squares)


def _interior_gaps(units: list[Interval]) -> list[int]:
    """Lengths of the non-empty stretches between consecutive units."""
    return [s - e for (_, e), (s, _) in pairwise(units) if s > e]


def _parts(per_rater: list[list[Interval]], begin: int, stop: int) -> _Parts:
    """Pair distances, unit lengths and gaps (leading and trailing included) of one category."""
    observed = sum(_pair_distance(a, b) for a, b in combinations(per_rater, 2))
    lengths = Counter(e - s for units in per_rater for s, e in units)
    gaps = []
    for units in per_rater:
        if not units:
            if stop > begin:
                gaps.append(stop - begin)
            continue
        gaps.extend(_interior_gaps(units))
        gaps.extend(g for g in (units[0][0] - begin, stop - units[-1][1]) if g > 0)
    return _Parts(observed, lengths, gaps)


def _by_category(
    raters: Sequence[Iterable[tuple[int, int, str]]], begin: int, length: int
) -> dict[str, list[list[Interval]]]:
    """Group each rater's units by category, check they lie on the continuum, merge overlaps."""
    grouped: dict[str, list[list[Interval]]] = {}
    stop = begin + length
    for r, units in enumerate(raters):
        for start, end, category in units:
            if start < begin or end > stop or end < start:
                raise ValueError(f"unit ({start}, {end}, {category!r}) is not inside the continuum [{begin}, {stop})")
            lists = grouped.get(category)
            if lists is None:
                lists = grouped[category] = [[] for _ in raters]
            lists[r].append((start, end))
    return {c: [_merge(u) for u in lists] for c, lists in sorted(grouped.items())}


_UNDEFINED = AlphaU(math.nan, math.nan)  # no continuum: nothing to observe or expect


def _result(categories: dict[str, AlphaU]) -> UnitizingResult:
    """Per-category figures plus the pooled overall one."""
    overall = AlphaU(
        math.fsum(a.observed for a in categories.values()), math.fsum(a.expected for a in categories.values())
    )
    return UnitizingResult(categories, overall)


def _check_raters(count: int) -> None:
    """alpha_U compares raters: one is not enough."""
    if count < 2:
        raise ValueError(f"agreement needs at least two raters, got {count}")


def unitizing_alpha(raters: Sequence[Iterable[tuple[int, int, str]]], length: int, begin: int = 0) -> UnitizingResult:
    """alpha_U of two or more raters' (start, end, category) units on ``[begin, begin + length)``."""
    _check_raters(len(raters))
    if length < 0:
        raise ValueError(f"continuum length must not be negative, got {length}")
    grouped = _by_category(raters, begin, length)
    if length == 0:
        return UnitizingResult({}, _UNDEFINED)
    return _result({c: _parts(lists, begin, begin + length).alpha(len(raters), length) for c, lists in grouped.items()})


class UnitizingCorpus:
    """alpha_U of documents laid end to end on one continuum, added one document at a time.

    Equal to ``unitizing_alpha`` on the concatenated units, without building them: pair distances
    and unit lengths add up, and a document's trailing gap joins the next one's leading gap.
    """

    def __init__(self, raters: int) -> None:
        _check_raters(raters)
        self.raters = raters
        self.length = 0
        self._parts: dict[str, _Parts] = {}
        self._open: dict[str, list[int]] = {}  # per category and rater: the gap reaching the end

    def add(self, raters: Sequence[Iterable[tuple[int, int, str]]], length: int) -> UnitizingResult:
        """Append one document of ``length`` (every rater's units); return its own alpha_U."""
        if len(raters) != self.raters:
            raise ValueError(f"expected units of {self.raters} raters, got {len(raters)}")
        grouped = _by_category(raters, 0, length)
        if length == 0:  # nothing can lie on it, and it shifts nothing
            return UnitizingResult({}, _UNDEFINED)
        own = {}
        for category, per_rater in grouped.items():
            parts = _parts(per_rater, 0, length)
            own[category] = parts.alpha(self.raters, length)
            self._fold(category, per_rater, parts, length)
        for category, open_gaps in self._open.items():
            if category not in grouped:
                open_gaps[:] = [g + length for g in open_gaps]
        self.length += length
        return _result(own)

    def _fold(self, category: str, per_rater: list[list[Interval]], parts: _Parts, length: int) -> None:
        """Add one document's parts of one category; stitch gaps across the document boundary."""
        total = self._parts.setdefault(category, _Parts(0, Counter(), []))
        total.observed += parts.observed
        total.lengths.update(parts.lengths)
        open_gaps = self._open.setdefault(category, [self.length] * self.raters)
        for r, units in enumerate(per_rater):
            if not units:
                open_gaps[r] += length
                continue
            if open_gaps[r] + units[0][0] > 0:
                total.gaps.append(open_gaps[r] + units[0][0])
            total.gaps.extend(_interior_gaps(units))
            open_gaps[r] = length - units[-1][1]

    def result(self) -> UnitizingResult:
        """alpha_U of everything added so far."""
        if not self.length:
            return UnitizingResult({}, _UNDEFINED)
        categories = {}
        for category, parts in sorted(self._parts.items()):
            gaps = parts.gaps + [g for g in self._open[category] if g > 0]
            categories[category] = _Parts(parts.observed, parts.lengths, gaps).alpha(self.raters, self.length)
        return _result(categories)
