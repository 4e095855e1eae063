"""Krippendorff's alpha_U against DKPro Statistics' examples and a literal reimplementation.

The reference below transliterates DKPro's ``KrippendorffAlphaUnitizingAgreement`` (a section-by-
section sweep for D_o; D_e summed over every unit and every gap, no sorting tricks), so the fast
implementation is checked on random data with overlaps, touching units and empty raters.
"""

from __future__ import annotations

import math
import random
from itertools import combinations

import pytest

from annotator.agreement import UnitizingResult, merge_overlaps, unitizing_alpha
from annotator.agreement.unitizing import UnitizingCorpus


def _unit(begin: int, length: int, category: str) -> tuple[int, int, str]:
    """DKPro's (offset, length) to our (start, end)."""
    return begin, begin + length, category


KRIPPENDORFF_2004 = [
    [_unit(225, 70, "c"), _unit(370, 30, "c"), _unit(180, 60, "k"), _unit(300, 50, "k")],
    [_unit(220, 80, "c"), _unit(355, 20, "c"), _unit(400, 20, "c"), _unit(180, 60, "k"), _unit(300, 50, "k")],
]


def _krippendorff_1995(stretch: int) -> list[list[tuple[int, int, str]]]:
    """Krippendorff (1995, p. 57), as in DKPro's Krippendorff1995Test, on a continuum of 24."""
    data = {
        "A": ([(2, 8), (14, 6)], [(4, 4), (15, 2)]),
        "B": ([(0, 18)], [(0, 2), (2, 1), (3, 1), (4, 1), (5, 1), (6, 3), (9, 1)]),
        "C": ([(2, 6), (10, 2), (14, 4), (20, 2)], [(0, 2), (4, 4), (10, 4), (16, 2), (20, 2)]),
        "D": ([(0, 2), (2, 8), (10, 4), (14, 6), (20, 4)], [(0, 4), (4, 4), (8, 7), (15, 2), (17, 7)]),
    }
    raters: list[list[tuple[int, int, str]]] = [[], []]
    for category, per_rater in data.items():
        for r, units in enumerate(per_rater):
            raters[r] += [_unit(b * stretch, n * stretch, category) for b, n in units]
    return raters


# --- a literal reference ------------------------------------------------------------------------


def _sections(units: list[tuple[int, int]], begin: int, length: int) -> list[tuple[int, int, bool]]:
    """(offset, length, is_unit) sections covering the continuum, as DKPro walks them."""
    out, pos = [], begin
    for s, e in units:
        if s > pos:
            out.append((pos, s - pos, False))
        out.append((s, e - s, True))
        pos = e
    if begin + length > pos:
        out.append((pos, begin + length - pos, False))
    return out


def _distance(o1: int, l1: int, u1: bool, o2: int, l2: int, u2: bool) -> int:
    """DKPro's measureDistance."""
    bd, ld = o1 - o2, l1 - l2
    if u1 and u2 and -l1 < bd < l2:
        return bd * bd + (bd + ld) * (bd + ld)
    if u1 and not u2 and -ld >= bd >= 0:
        return l1 * l1
    if not u1 and u2 and -ld <= bd <= 0:
        return l2 * l2
    return 0


def _reference(raters: list[list[tuple[int, int, str]]], begin: int, length: int) -> dict[str, tuple[float, float]]:
    """(D_o, D_e) per category, the slow and obvious way."""
    out = {}
    r_count = len(raters)
    for c in sorted({u[2] for units in raters for u in units}):
        per_rater = [merge_overlaps((s, e) for s, e, cat in units if cat == c) for units in raters]
        sections = [_sections(u, begin, length) for u in per_rater]
        observed = 0
        for a, b in combinations(sections, 2):  # every pair of sections that share a position
            for o1, l1, u1 in a:
                for o2, l2, u2 in b:
                    if o1 < o2 + l2 and o2 < o1 + l1:
                        observed += _distance(o1, l1, u1, o2, l2, u2)
        d_o = 2 * observed / (r_count * (r_count - 1) * length * length)
        units = [e - s for u in per_rater for s, e in u]
        gaps = [n for secs in sections for _, n, is_unit in secs if not is_unit]
        n_c = len(units)
        total = sum(
            (n_c - 1) * (2 * u**3 - 3 * u**2 + u) / 3 + u * u * sum(g - u + 1 for g in gaps if g >= u) for u in units
        )
        denominator = r_count * length * (r_count * length - 1) - sum(u * (u - 1) for u in units)
        out[c] = (d_o, 2 / length * total / denominator)
    return out


def _random_raters(rng: random.Random, raters: int, length: int) -> list[list[tuple[int, int, str]]]:
    out = []
    for _ in range(raters):
        units = []
        for _ in range(rng.randint(0, 8)):
            start = rng.randrange(length)
            units.append((start, min(length, start + rng.randint(0, 25)), rng.choice("xyz")))
        if units and rng.random() < 0.3:  # a touching unit of the same category
            _, e, c = units[0]
            if e < length:
                units.append((e, min(length, e + 3), c))
        out.append(units)
    return out


# --- golden values ------------------------------------------------------------------------------


def test_krippendorff_2004_example_matches_dkpro_exactly() -> None:
    result = unitizing_alpha(KRIPPENDORFF_2004, length=300, begin=150)
    c, k = result.categories["c"], result.categories["k"]
    assert c.observed == pytest.approx(13 / 900, abs=1e-15)
    assert c.expected == pytest.approx(69179 / 1299825, abs=1e-15)
    assert c.alpha == pytest.approx(0.728599, abs=1e-6)
    assert k.observed == 0.0
    assert k.expected == pytest.approx(0.048979, abs=1e-6)
    assert k.alpha == 1.0
    assert result.overall.alpha == pytest.approx(0.858665, abs=1e-6)
    # Pooled, not the mean of the category alphas (which would be 0.8643).
    assert (c.alpha + k.alpha) / 2 == pytest.approx(0.8643, abs=1e-4)


@pytest.mark.parametrize(
    ("first", "second", "distance"),
    [
        ((225, 70), (220, 80), 50),  # overlapping units
        ((370, 30), (355, 20), 850),  # overlapping units
        (None, (400, 20), 400),  # a unit inside the other rater's gap (400, 50)
    ],
)
def test_dkpro_pairwise_distances(first: tuple[int, int] | None, second: tuple[int, int], distance: int) -> None:
    length = 1000
    raters = [[_unit(*first, "c")] if first else [], [_unit(*second, "c")]]
    observed = unitizing_alpha(raters, length).categories["c"].observed
    assert observed * length * length == pytest.approx(distance)  # D_o = 2 * d / (2 * 1 * L^2)


def test_krippendorff_1995_observed_disagreement() -> None:
    result = unitizing_alpha(_krippendorff_1995(1), length=24)
    observed = {c: a.observed for c, a in result.categories.items()}
    assert observed == pytest.approx({"A": 0.03125, "B": 2.26736, "C": 0.02777, "D": 0.38715}, abs=1e-5)


def test_krippendorff_1995_alphas_as_dkpro() -> None:
    """DKPro's figures at stretch 50,000 (within 0.02 of the paper, whose D_e has an error)."""
    result = unitizing_alpha(_krippendorff_1995(50_000), length=24 * 50_000)
    alphas = {c: a.alpha for c, a in result.categories.items()}
    assert alphas == pytest.approx({"A": 0.553, "B": -0.928, "C": 0.693, "D": 0.066}, abs=5e-4)
    assert result.categories["D"].expected == pytest.approx(0.41445, abs=5e-5)


def test_observed_does_not_depend_on_resolution_but_expected_does() -> None:
    coarse = unitizing_alpha(_krippendorff_1995(1), length=24).categories["C"]
    fine = unitizing_alpha(_krippendorff_1995(10), length=240).categories["C"]
    assert fine.observed == pytest.approx(coarse.observed)
    assert fine.expected != pytest.approx(coarse.expected)


# --- against the literal reference --------------------------------------------------------------


def test_matches_the_literal_reference_on_random_data() -> None:
    rng = random.Random(5)
    for _ in range(300):
        length = rng.randint(1, 80)
        begin = rng.choice([0, 7])
        raters = [
            [(s + begin, e + begin, c) for s, e, c in units] for units in _random_raters(rng, rng.randint(2, 4), length)
        ]
        expected = _reference(raters, begin, length)
        result = unitizing_alpha(raters, length, begin)
        assert set(result.categories) == set(expected)
        for c, (d_o, d_e) in expected.items():
            assert result.categories[c].observed == pytest.approx(d_o, abs=1e-12)
            assert result.categories[c].expected == pytest.approx(d_e, rel=1e-12, abs=1e-15)


def test_corpus_equals_documents_laid_end_to_end() -> None:
    rng = random.Random(6)
    for _ in range(100):
        corpus, joined, offset = UnitizingCorpus(3), [[], [], []], 0
        for _ in range(rng.randint(1, 6)):
            length = rng.randint(1, 60)
            raters = _random_raters(rng, 3, length)
            assert corpus.add(raters, length) == unitizing_alpha(raters, length)
            for r in range(3):
                joined[r] += [(s + offset, e + offset, c) for s, e, c in raters[r]]
            offset += length
        assert corpus.length == offset
        whole, pieces = unitizing_alpha(joined, offset), corpus.result()
        assert set(whole.categories) == set(pieces.categories)
        for c, a in whole.categories.items():
            assert pieces.categories[c].observed == pytest.approx(a.observed, abs=1e-12)
            assert pieces.categories[c].expected == pytest.approx(a.expected, rel=1e-12, abs=1e-15)


# --- merging, edge cases ------------------------------------------------------------------------


def test_merge_overlaps_merges_overlapping_keeps_touching_drops_empty() -> None:
    assert merge_overlaps([(5, 9), (0, 3), (2, 4), (4, 5), (6, 7), (8, 8)]) == [(0, 4), (4, 5), (5, 9)]


def test_overlapping_units_of_one_rater_count_as_their_union() -> None:
    merged = unitizing_alpha([[(0, 10, "c")], [(2, 12, "c")]], 40)
    split = unitizing_alpha([[(0, 6, "c"), (4, 10, "c")], [(2, 12, "c"), (3, 5, "c")]], 40)
    assert split == merged


def test_perfect_agreement_is_one_and_other_categories_are_gap() -> None:
    raters = [[(0, 5, "a"), (10, 20, "b")], [(0, 5, "a"), (10, 20, "b")]]
    result = unitizing_alpha(raters, 30)
    assert result.overall.alpha == 1.0
    assert {c: a.alpha for c, a in result.categories.items()} == {"a": 1.0, "b": 1.0}


def test_no_units_at_all_is_zero_as_dkpro() -> None:
    """DKPro's calculateAgreement gives 0.0 when D_o == D_e, and 0 == 0 here."""
    result = unitizing_alpha([[], []], 50)
    assert result.categories == {}
    assert result.overall.alpha == 0.0
    assert result.to_dict() == {"overall": {"observed": 0.0, "expected": 0.0, "alpha": 0.0}, "categories": {}}


def test_observed_equal_to_expected_is_zero_as_dkpro() -> None:
    """D_o == D_e exactly, with units: DKPro returns 0.0 without dividing; so do we.

    One rater marks [0, 1) on a continuum of 2, the other nothing: the unit lies in a gap, so the
    summed distance is 1 and D_o = 2 * 1 / (2 * 1 * 2^2) = 1/4. D_e: one unit of length 1 (N_c = 1,
    so no unit-unit term) against gaps of length >= 1: the first rater's [1, 2) (1) and the second's
    [0, 2) (2), sum of (g - l + 1) = 1 + 2 = 3, times l^2 = 3; times 2/L = 3; over
    R L (R L - 1) - sum l (l - 1) = 2 * 2 * 3 - 0 = 12: D_e = 1/4.
    """
    result = unitizing_alpha([[(0, 1, "c")], []], 2)
    c = result.categories["c"]
    assert c.observed == c.expected == 0.25
    assert c.alpha == 0.0 and result.overall.alpha == 0.0


def test_zero_length_continuum() -> None:
    assert math.isnan(unitizing_alpha([[], []], 0).overall.alpha)  # 0 / 0 in D_o, as in DKPro
    corpus = UnitizingCorpus(2)
    assert corpus.add([[(0, 0, "a")], []], 0).categories == {}
    assert corpus.add([[(0, 3, "a")], [(1, 3, "a")]], 5) == unitizing_alpha([[(0, 3, "a")], [(1, 3, "a")]], 5)
    assert corpus.result() == unitizing_alpha([[(0, 3, "a")], [(1, 3, "a")]], 5)


def test_single_rater_raises() -> None:
    with pytest.raises(ValueError, match="at least two raters"):
        unitizing_alpha([[(0, 5, "a")]], 10)
    with pytest.raises(ValueError, match="at least two raters"):
        UnitizingCorpus(1)


@pytest.mark.parametrize("unit", [(-1, 3, "a"), (5, 11, "a"), (6, 4, "a")])
def test_units_off_the_continuum_raise(unit: tuple[int, int, str]) -> None:
    with pytest.raises(ValueError, match="not inside the continuum"):
        unitizing_alpha([[unit], []], 10)


def test_result_is_a_plain_dataclass_tree() -> None:
    result = unitizing_alpha(KRIPPENDORFF_2004, 300, 150)
    assert isinstance(result, UnitizingResult)
    data = result.to_dict()
    assert data["overall"]["alpha"] == pytest.approx(0.858665, abs=1e-6)
    assert set(data["categories"]) == {"c", "k"}
