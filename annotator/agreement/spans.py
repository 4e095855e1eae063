"""Span-level matching of two annotators, as in SemEval 2013 task 9.1 and ``nervaluate``.

One annotator is the reference, the other the candidate; swapping them swaps precision and recall.
Spans are ``(start, end, label)`` with ``end`` exclusive; empty spans are ignored; two spans overlap
when they share at least one character. Each candidate span, in order of (start, end, label), is
matched greedily against reference spans not yet matched, exactly as ``nervaluate`` 1.x does:

* strict: same boundaries and label -> correct; else the first overlapping -> incorrect;
* exact: same boundaries -> correct; else the first overlapping -> incorrect;
* partial: same boundaries -> correct; else the first overlapping -> partial (counts half);
* type: overlapping with the same label -> correct (closest boundaries win); else the first
  overlapping -> incorrect.

A candidate matching nothing is spurious; a reference span left unmatched is missed.
``compare_spans_by_label`` also gives, in the same pass, each label's counts as if only that label's
spans existed (nervaluate's per-entity figures).
precision = (correct + partial/2) / actual, recall = (correct + partial/2) / possible;
F1 = 2 (correct + partial/2) / (actual + possible). As in ``nervaluate``, each is 0.0 when its
denominator is 0: precision when the candidate has no span, recall when the reference has none, all
three when neither has one.

Where this departs from ``nervaluate`` 1.2 (``strategies.py``): any shared character is an overlap,
while nervaluate also needs the overlap to be at least ``min_overlap_percentage`` (default 1 %) of the
reference span's length (so a one-character overlap with a reference span over 100 characters is
spurious + missed there, incorrect or partial here); spans are matched in sorted order, not in the
order the caller lists them, so the result never depends on the order of a file; empty spans are
ignored.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

__all__ = [
    "SCHEMES",
    "MatchCounts",
    "compare_spans",
    "compare_spans_by_label",
    "match_spans",
]

SCHEMES = ("strict", "exact", "partial", "type")
Span = tuple[int, int, str]


@dataclass(frozen=True)
class MatchCounts:
    """Outcome counts of one matching scheme; add them up over articles for corpus figures."""

    correct: int = 0
    incorrect: int = 0
    partial: int = 0
    missed: int = 0
    spurious: int = 0

    @classmethod
    def total(cls, counts: Iterable[MatchCounts]) -> MatchCounts:
        """Field-by-field sum of many counts (corpus figures), without intermediate objects."""
        c = i = p = m = s = 0
        for x in counts:
            c, i, p, m, s = c + x.correct, i + x.incorrect, p + x.partial, m + x.missed, s + x.spurious
        return cls(c, i, p, m, s)

    def __add__(self, other: MatchCounts) -> MatchCounts:
        """Field-by-field sum, so counts of articles add up to corpus counts."""
        return MatchCounts(
            self.correct + other.correct,
            self.incorrect + other.incorrect,
            self.partial + other.partial,
            self.missed + other.missed,
            self.spurious + other.spurious,
        )

    @property
    def actual(self) -> int:
        """Candidate spans: correct + incorrect + partial + spurious."""
        return self.correct + self.incorrect + self.partial + self.spurious

    @property
    def possible(self) -> int:
        """Reference spans: correct + incorrect + partial + missed."""
        return self.correct + self.incorrect + self.partial + self.missed

    @property
    def _matched(self) -> float:
        """Matches, a partial one counting half."""
        return self.correct + 0.5 * self.partial

    @property
    def precision(self) -> float:
        """Share of the candidate's spans that match; 0.0 without any (as nervaluate)."""
        return self._matched / self.actual if self.actual else 0.0

    @property
    def recall(self) -> float:
        """Share of the reference's spans that are matched; 0.0 without any (as nervaluate)."""
        return self._matched / self.possible if self.possible else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall; 0.0 when neither side has a span (as nervaluate)."""
        total = self.actual + self.possible
        return 2 * self._matched / total if total else 0.0

    def to_dict(self) -> dict[str, float | int]:
        """Plain data for JSON."""
        return {
            "correct": self.correct,
            "incorrect": self.incorrect,
            "partial": self.partial,
            "missed": self.missed,
            "spurious": self.spurious,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


def _prepare(spans: Iterable[Span]) -> list[Span]:
    """Sorted non-empty spans; the order fixes the greedy matching."""
    return [s for s in sorted(spans) if s[1] > s[0]]


def _decide(scheme: str, cand: Span, ref: list[Span], found: list[int]) -> tuple[str, int]:
    """Outcome of one candidate under one scheme, and the reference span it uses (or -1)."""
    start, end, label = cand
    if scheme == "type":
        best, distance = -1, 0
        for i in found:
            s, e, lab = ref[i]
            if lab == label:
                d = abs(start - s) + abs(end - e)
                if best < 0 or d < distance:
                    best, distance = i, d
        if best >= 0:
            return "correct", best
        return ("incorrect", found[0]) if found else ("spurious", -1)
    for i in found:
        s, e, lab = ref[i]
        if s == start and e == end and (scheme != "strict" or lab == label):
            return "correct", i
    if not found:
        return "spurious", -1
    return ("partial" if scheme == "partial" else "incorrect"), found[0]


def _decide_all(cand: Span, ref: list[Span], found: list[int]) -> list[tuple[int, int]]:
    """``_decide`` for the four schemes at once (outcome index, span), when all see the same spans."""
    start, end, label = cand
    strict = exact = best = -1
    distance = 0
    for i in found:
        s, e, lab = ref[i]
        if s == start and e == end:
            if exact < 0:
                exact = i
            if strict < 0 and lab == label:
                strict = i
        if lab == label:
            d = abs(start - s) + abs(end - e)
            if best < 0 or d < distance:
                best, distance = i, d
    first = found[0]
    return [
        (0, strict) if strict >= 0 else (1, first),
        (0, exact) if exact >= 0 else (1, first),
        (0, exact) if exact >= 0 else (2, first),
        (0, best) if best >= 0 else (1, first),
    ]


_OUTCOMES = ("correct", "incorrect", "partial", "spurious")
# Outcome index per scheme (strict, exact, partial, type) when a candidate meets one free reference
# span: same bounds and label / same bounds only / same label only / overlap only; or meets none.
_SINGLE = ((0, 0, 0, 0), (1, 0, 0, 1), (1, 1, 2, 0), (1, 1, 2, 1), (3, 3, 3, 3))


class _Tally:
    """Outcome counts of the four schemes, the fast-path cases kept apart until the end."""

    __slots__ = ("counts", "single")

    def __init__(self) -> None:
        self.counts = [[0, 0, 0, 0] for _ in SCHEMES]  # correct, incorrect, partial, spurious
        self.single = [0] * len(_SINGLE)

    def step(self, cand: Span, found: list[int], ref: list[Span], taken: list[int], shift: int) -> None:
        """Decide one candidate against the overlapping reference spans; scheme k owns bit k + shift."""
        if not found:
            self.single[4] += 1
            return
        if len(found) == 1 and not taken[found[0]] >> shift & 0b1111:  # the common case
            j = found[0]
            taken[j] |= 0b1111 << shift
            s, e, lab = ref[j]
            self.single[(s != cand[0] or e != cand[1]) * 2 + (lab != cand[2])] += 1
            return
        if not any(taken[j] >> shift & 0b1111 for j in found):  # every scheme sees the same spans
            for k, (outcome, i) in enumerate(_decide_all(cand, ref, found)):
                self.counts[k][outcome] += 1
                taken[i] |= 1 << (k + shift)
            return
        for k, scheme in enumerate(SCHEMES):
            bit = 1 << (k + shift)
            outcome_name, i = _decide(scheme, cand, ref, [j for j in found if not taken[j] & bit])
            self.counts[k][_OUTCOMES.index(outcome_name)] += 1
            if i >= 0:
                taken[i] |= bit

    def result(self, masks: Mapping[int, int], shift: int) -> dict[str, MatchCounts]:
        """MatchCounts per scheme; ``masks`` counts reference spans by their bits, clear = missed."""
        out = {}
        for k, scheme in enumerate(SCHEMES):
            c = self.counts[k][:]
            for case, n in enumerate(self.single):
                c[_SINGLE[case][k]] += n
            missed = sum(n for t, n in masks.items() if not t >> (k + shift) & 1)
            out[scheme] = MatchCounts(c[0], c[1], c[2], missed, c[3])
        return out


def _match(
    reference: Iterable[Span], candidate: Iterable[Span], by_label: bool
) -> tuple[dict[str, MatchCounts], dict[str, dict[str, MatchCounts]]]:
    """Overall counts and, if asked, per-label counts (as if run on each label's spans alone)."""
    ref = _prepare(reference)
    starts = [s[0] for s in ref]
    ends = [s[1] for s in ref]
    longest = max((e - s for s, e in zip(starts, ends)), default=0)
    taken = [0] * len(ref)  # bits 0-3: overall schemes; bits 4-7: the same within the span's label
    overall = _Tally()
    single = overall.single
    cands = _prepare(candidate)
    labels = {label: _Tally() for label in {s[2] for s in cands} | {s[2] for s in ref}} if by_label else {}
    for cand in cands:
        start, end, label = cand
        # Only reference spans starting before `end` and at most `longest` before `start` can overlap.
        found = [j for j in range(bisect_right(starts, start - longest), bisect_left(starts, end)) if ends[j] > start]
        if len(found) == 1 and not taken[found[0]]:  # the common case, inline for speed
            j = found[0]
            s, e, lab = ref[j]
            single[(s != start or e != end) * 2 + (lab != label)] += 1
            if not by_label:
                taken[j] = 0b1111
            elif lab == label:
                taken[j] = 0b11111111
                labels[label].single[(s != start or e != end) * 2] += 1
            else:
                taken[j] = 0b1111
                labels[label].single[4] += 1
            continue
        overall.step(cand, found, ref, taken, 0)
        if by_label:
            labels[label].step(cand, [j for j in found if ref[j][2] == label], ref, taken, 4)
    per_label = {}
    if by_label:
        masks: dict[str, Counter[int]] = {label: Counter() for label in labels}
        for (label, mask), n in Counter(zip((s[2] for s in ref), taken)).items():
            masks[label][mask] += n
        per_label = {label: labels[label].result(masks[label], 4) for label in sorted(labels)}
    return overall.result(Counter(taken), 0), per_label


def compare_spans(reference: Iterable[Span], candidate: Iterable[Span]) -> dict[str, MatchCounts]:
    """Counts of all four schemes for one document's spans of two annotators."""
    return _match(reference, candidate, False)[0]


def compare_spans_by_label(
    reference: Iterable[Span], candidate: Iterable[Span]
) -> tuple[dict[str, MatchCounts], dict[str, dict[str, MatchCounts]]]:
    """Overall counts, and per label the counts of matching that label's spans alone, in one pass."""
    return _match(reference, candidate, True)


def match_spans(reference: Sequence[Span], candidate: Sequence[Span], scheme: str = "strict") -> MatchCounts:
    """Counts of one scheme (strict, exact, partial or type) for one document."""
    if scheme not in SCHEMES:
        raise ValueError(f"unknown scheme {scheme!r}; choose one of {', '.join(SCHEMES)}")
    return compare_spans(reference, candidate)[scheme]
