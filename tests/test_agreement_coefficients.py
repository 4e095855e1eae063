"""Token-level coefficients against published values and reference implementations.

Golden values: Krippendorff (2011) reliability data; Cohen (1960); Fleiss (1971) diagnoses (R irr
``kappam.fleiss`` 0.4302445); Wikipedia's Fleiss example (0.210); irrCAC's documented outputs for
``cac.raw4raters`` (the Krippendorff data, transposed), ``distrib.6raters`` (the first 15 Fleiss
subjects) and ``cont3x3abstractors``. References on random data: scikit-learn, ``krippendorff``,
statsmodels.
"""

from __future__ import annotations

import importlib
import math
import random

import pytest

from annotator.agreement import (
    RatingTable,
    cohen_kappa,
    confusion_matrix,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    percent_agreement,
)

N = None
# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": 4 coders x 12 units.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]
# Fleiss (1971): 30 patients, 6 psychiatrists each, 5 diagnoses (as in R irr's `diagnoses`).
FLEISS_1971 = [
    "444444",
    "222555",
    "233335",
    "555555",
    "222444",
    "113333",
    "333355",
    "113334",
    "114444",
    "555555",
    "144444",
    "124444",
    "222333",
    "144444",
    "224445",
    "333335",
    "111455",
    "111112",
    "224444",
    "133555",
    "555555",
    "244444",
    "224555",
    "114444",
    "144445",
    "222224",
    "111155",
    "224444",
    "133333",
    "555555",
]


def _rows_from_table(table: list[list[int]]) -> list[list[int]]:
    """Two raters' values from a contingency table (rows: first rater, columns: second)."""
    first, second = [], []
    for i, row in enumerate(table):
        for j, count in enumerate(row):
            first += [i] * count
            second += [j] * count
    return [first, second]


def _rows_from_distribution(table: list[list[int]]) -> list[list[int]]:
    """Rater-major rows from counts of raters per subject and category (who is who is irrelevant)."""
    units = [[k for k, count in enumerate(row) for _ in range(count)] for row in table]
    return [list(r) for r in zip(*units)]


def _fleiss_rows(subjects: list[str]) -> list[list[int]]:
    return [list(r) for r in zip(*[[int(c) for c in s] for s in subjects])]


# --- golden values ------------------------------------------------------------------------------


def test_krippendorff_2011_nominal_alpha() -> None:
    assert krippendorff_alpha(KRIPPENDORFF_2011) == pytest.approx(0.743421, abs=1e-6)


def test_irrcac_cac_raw4raters_all_coefficients() -> None:
    """irrCAC README: pa 0.8181818, AC1 0.77544 (pe 0.1903212), Fleiss 0.76117, alpha 0.74342."""
    assert percent_agreement(KRIPPENDORFF_2011) == pytest.approx(0.8181818, abs=1e-7)
    assert gwet_ac1(KRIPPENDORFF_2011) == pytest.approx(0.77544, abs=5e-6)
    assert fleiss_kappa(KRIPPENDORFF_2011) == pytest.approx(0.76117, abs=5e-6)
    assert krippendorff_alpha(KRIPPENDORFF_2011) == pytest.approx(0.74342, abs=5e-6)


def test_cohen_1960_example() -> None:
    """p_o 0.70, p_e 0.41, kappa 0.492."""
    rows = _rows_from_table([[88, 14, 18], [10, 40, 10], [2, 6, 12]])
    assert cohen_kappa(rows) == pytest.approx((0.70 - 0.41) / (1 - 0.41), abs=1e-12)
    assert round(cohen_kappa(rows), 3) == 0.492


def test_cohen_two_by_two() -> None:
    assert cohen_kappa(_rows_from_table([[20, 5], [10, 15]])) == pytest.approx(0.4, abs=1e-12)


def test_irrcac_cont3x3abstractors_two_raters() -> None:
    """irrCAC README: Cohen 0.7964094, AC1 0.8493305, alpha 0.7972585, agreement 0.89."""
    rows = _rows_from_table([[13, 0, 0], [0, 20, 7], [0, 4, 56]])
    assert cohen_kappa(rows) == pytest.approx(0.7964094, abs=1e-7)
    assert gwet_ac1(rows) == pytest.approx(0.8493305, abs=1e-7)
    assert krippendorff_alpha(rows) == pytest.approx(0.7972585, abs=1e-7)
    assert percent_agreement(rows) == pytest.approx(0.89)


def test_fleiss_1971_diagnoses() -> None:
    assert fleiss_kappa(_fleiss_rows(FLEISS_1971)) == pytest.approx(0.4302445, abs=1e-7)


def test_irrcac_distrib_6raters_first_fifteen_fleiss_subjects() -> None:
    """irrCAC README: AC1 0.4448007 (pa 0.5511111), Fleiss 0.4139265, alpha 0.4204384."""
    rows = _fleiss_rows(FLEISS_1971[:15])
    assert percent_agreement(rows) == pytest.approx(0.5511111, abs=1e-7)
    assert gwet_ac1(rows) == pytest.approx(0.4448007, abs=1e-7)
    assert fleiss_kappa(rows) == pytest.approx(0.4139265, abs=1e-7)
    assert krippendorff_alpha(rows) == pytest.approx(0.4204384, abs=1e-7)


def test_wikipedia_fleiss_example() -> None:
    table = [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]
    assert round(fleiss_kappa(_rows_from_distribution(table)), 3) == 0.210


def test_gwet_ac1_hand_worked_two_raters() -> None:
    """Worked by hand: two raters, 10 units, values a/b, disagreeing on units 7 and 10.

    p_a = 8/10; each rater says a 7 times and b 3 times, so pi_a = 14/20 = 0.7, pi_b = 0.3;
    p_e = (0.7 * 0.3 + 0.3 * 0.7) / (2 - 1) = 0.42; AC1 = (0.8 - 0.42) / (1 - 0.42) = 0.655172...
    (Cohen's kappa on the same data: p_e = 0.7^2 + 0.3^2 = 0.58, kappa = 0.22 / 0.42 = 0.5238.)
    """
    first = list("aaaaaaabbb")
    second = list("aaaaaabbba")
    assert percent_agreement([first, second]) == pytest.approx(0.8)
    assert gwet_ac1([first, second]) == pytest.approx(0.38 / 0.58, abs=1e-12)
    assert cohen_kappa([first, second]) == pytest.approx(0.22 / 0.42, abs=1e-12)


# --- references on random data ------------------------------------------------------------------


def _random_rows(rng: random.Random, raters: int, units: int, values: str, missing: float) -> list[list]:
    truth = [rng.choice(values) for _ in range(units)]
    rows = []
    for _ in range(raters):
        row = [t if rng.random() < 0.6 else rng.choice(values) for t in truth]
        rows.append([None if rng.random() < missing else v for v in row])
    return rows


def test_cohen_matches_scikit_learn_on_random_data() -> None:
    sklearn = importlib.import_module("sklearn.metrics")
    rng = random.Random(1)
    for _ in range(200):
        a, b = _random_rows(rng, 2, rng.randint(5, 300), "OABCD"[: rng.randint(2, 5)], 0.0)
        if len(set(a) | set(b)) < 2:
            continue
        assert cohen_kappa([a, b]) == pytest.approx(sklearn.cohen_kappa_score(a, b), abs=1e-12)


def test_krippendorff_matches_package_with_missing_values() -> None:
    krippendorff = importlib.import_module("krippendorff")
    np = importlib.import_module("numpy")
    rng = random.Random(2)
    for _ in range(200):
        rows = _random_rows(rng, rng.randint(2, 5), rng.randint(5, 200), "ABCDE"[: rng.randint(2, 5)], 0.2)
        data = np.array([[np.nan if v is None else "ABCDE".index(v) for v in row] for row in rows], float)
        if len({v for row in rows for v in row if v is not None}) < 2:
            continue
        expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
        assert krippendorff_alpha(rows) == pytest.approx(expected, abs=1e-9)


def test_krippendorff_2011_matches_package() -> None:
    krippendorff = importlib.import_module("krippendorff")
    np = importlib.import_module("numpy")
    data = np.array([[np.nan if v is None else v for v in row] for row in KRIPPENDORFF_2011], float)
    expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert krippendorff_alpha(KRIPPENDORFF_2011) == pytest.approx(expected, abs=1e-12)


def test_fleiss_matches_statsmodels_on_random_complete_data() -> None:
    inter_rater = importlib.import_module("statsmodels.stats.inter_rater")
    np = importlib.import_module("numpy")
    rng = random.Random(3)
    for _ in range(100):
        values = "ABCD"[: rng.randint(2, 4)]
        rows = _random_rows(rng, rng.randint(2, 7), rng.randint(5, 100), values, 0.0)
        table = np.array([[col.count(v) for v in values] for col in zip(*rows)])
        if (table.sum(axis=0) > 0).sum() < 2:
            continue
        assert fleiss_kappa(rows) == pytest.approx(inter_rater.fleiss_kappa(table), abs=1e-9)


def test_fleiss_1971_matches_statsmodels() -> None:
    inter_rater = importlib.import_module("statsmodels.stats.inter_rater")
    np = importlib.import_module("numpy")
    rows = _fleiss_rows(FLEISS_1971)
    table, _ = inter_rater.aggregate_raters(np.array(rows).T)
    assert fleiss_kappa(rows) == pytest.approx(inter_rater.fleiss_kappa(table), abs=1e-12)


def test_two_rater_fleiss_and_ac1_agree_with_the_contingency_forms() -> None:
    """With two raters and no missing values Fleiss' kappa is Scott's pi and AC1 Gwet's 2-rater AC1."""
    rng = random.Random(4)
    for _ in range(50):
        a, b = _random_rows(rng, 2, 60, "ABC", 0.0)
        n = len(a)
        pa = sum(x == y for x, y in zip(a, b)) / n
        shares = {k: (a.count(k) + b.count(k)) / (2 * n) for k in set(a) | set(b)}
        if len(shares) < 2:
            continue
        pe_scott = sum(p * p for p in shares.values())
        pe_gwet = sum(p * (1 - p) for p in shares.values()) / (len(shares) - 1)
        assert fleiss_kappa([a, b]) == pytest.approx((pa - pe_scott) / (1 - pe_scott), abs=1e-12)
        assert gwet_ac1([a, b]) == pytest.approx((pa - pe_gwet) / (1 - pe_gwet), abs=1e-12)


# --- tables, edge cases, confusion matrix ------------------------------------------------------


def test_table_and_rows_give_the_same_figures_and_tables_add_up() -> None:
    rows = KRIPPENDORFF_2011
    left = RatingTable.from_rows([r[:6] for r in rows])
    left.update(RatingTable.from_rows([r[6:] for r in rows]))
    for f in (percent_agreement, fleiss_kappa, krippendorff_alpha, gwet_ac1):
        assert f(left) == pytest.approx(f(rows), abs=1e-12)
    assert cohen_kappa(left, (1, 3)) == pytest.approx(cohen_kappa(rows, (1, 3)), abs=1e-12)
    assert left.units == 12


def test_update_refreshes_cached_statistics() -> None:
    table = RatingTable.from_rows([["a", "b"], ["a", "a"]])
    before = percent_agreement(table)
    table.update(RatingTable.from_rows([["b"] * 5, ["b"] * 5]))
    assert before == 0.5
    assert percent_agreement(table) == pytest.approx(6 / 7)


def test_one_category_only_is_undefined_for_kappa_alpha_and_ac1() -> None:
    rows = [["O"] * 20, ["O"] * 20, ["O"] * 20]
    assert math.isnan(cohen_kappa(rows))
    assert math.isnan(fleiss_kappa(rows))
    assert math.isnan(krippendorff_alpha(rows))
    assert math.isnan(gwet_ac1(rows))  # q = 1 category in use: DKPro refuses it (InsufficientDataException)
    assert gwet_ac1(rows, categories=["O", "claim"]) == 1.0  # q fixed by the caller: chance agreement 0
    assert percent_agreement(rows) == 1.0


def test_no_pairable_units_is_undefined() -> None:
    rows = [["a", None, "b"], [None, "a", None]]
    for f in (percent_agreement, fleiss_kappa, krippendorff_alpha, gwet_ac1, cohen_kappa):
        assert math.isnan(f(rows))


def test_single_rater_raises() -> None:
    with pytest.raises(ValueError, match="at least two raters"):
        fleiss_kappa([["a", "b"]])
    with pytest.raises(ValueError, match="at least two raters"):
        RatingTable(1)


def test_rows_of_different_lengths_raise() -> None:
    with pytest.raises(ValueError, match="one value per unit"):
        krippendorff_alpha([["a", "b"], ["a"]])


def test_ac1_rejects_values_outside_the_categories() -> None:
    with pytest.raises(ValueError, match="outside the given categories"):
        gwet_ac1([["a", "b"], ["a", "c"]], categories=["a", "b"])


def test_ac1_categories_change_chance_agreement() -> None:
    rows = [list("aab"), list("abb")]
    assert gwet_ac1(rows, categories="abcd") != pytest.approx(gwet_ac1(rows))


def test_confusion_matrix_counts_units_both_rated() -> None:
    rows = [["claim", "O", "O", "denial", None], ["claim", "claim", "O", "O", "O"]]
    matrix = confusion_matrix(rows, labels=["claim", "denial", "O"])
    assert matrix.labels == ("claim", "denial", "O")
    assert matrix.counts == ((1, 0, 0), (0, 0, 1), (1, 0, 1))
    assert matrix.to_dict() == {"labels": ["claim", "denial", "O"], "counts": [[1, 0, 0], [0, 0, 1], [1, 0, 1]]}
    assert confusion_matrix(rows).labels == ("O", "claim", "denial")
    with pytest.raises(ValueError, match="not among the labels"):
        confusion_matrix(rows, labels=["claim", "O"])
