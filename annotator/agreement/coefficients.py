"""Chance-corrected agreement coefficients on categorical ratings.

Map: ``RatingTable`` (units compressed to counts of value combinations), ``percent_agreement``,
``cohen_kappa`` (one pair of raters), ``fleiss_kappa``, ``krippendorff_alpha`` (nominal) and
``gwet_ac1`` (two or more raters), ``confusion_matrix`` (one pair).

Every function takes ``ratings`` either as rater-major rows (``ratings[rater][unit]``, ``None`` for a
missing value, the layout of Krippendorff's reliability data) or as a ``RatingTable``. A table costs
O(distinct value combinations) instead of O(units), which is what makes corpus figures cheap.

Missing values: Cohen's kappa drops units either rater left out; Fleiss' kappa and Gwet's AC1 follow
Gwet's generalisation (irrCAC ``fleiss.kappa.raw`` / ``gwet.ac1.raw``): agreement is averaged over units
with two or more values, category shares over units with at least one; Krippendorff's alpha uses the
coincidence matrix, which ignores units with fewer than two values.

Undefined values: when every value given is the same single category, kappa and alpha are 0/0 and
are returned as ``float('nan')``. So is Gwet's AC1: its q (the number of categories) is the number in
use in the table, as in DKPro Statistics' ``GwetAC1Agreement``, and with one category its chance term
divides by q - 1 = 0 (DKPro refuses such a study with ``InsufficientDataException``). Fewer than two
raters raises ``ValueError``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

__all__ = [
    "ConfusionMatrix",
    "RatingTable",
    "cohen_kappa",
    "confusion_matrix",
    "fleiss_kappa",
    "gwet_ac1",
    "krippendorff_alpha",
    "percent_agreement",
]

NAN = float("nan")
Key = tuple[Hashable | None, ...]


@dataclass(frozen=True)
class _Stats:
    """One pass over a table: what Fleiss, Krippendorff and Gwet need."""

    pa: float  # observed agreement over units with two or more values
    shares: dict[Hashable, float]  # pi_k: mean share of category k over units with any value
    pairable: int  # values in units with two or more values (Krippendorff's n)
    coincident: float  # sum of the coincidence matrix's diagonal
    marginals: dict[Hashable, int]  # Krippendorff's n_c


@dataclass
class RatingTable:
    """How many units received each combination of values (one value per rater, None = missing).

    Change it through ``update`` only: the statistics every coefficient needs are cached.
    """

    raters: int
    counts: Counter[Key] = field(default_factory=Counter)
    _stats: _Stats | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.raters < 2:
            raise ValueError(f"agreement needs at least two raters, got {self.raters}")

    @classmethod
    def from_rows(cls, ratings: Sequence[Sequence[Hashable | None]]) -> RatingTable:
        """Build a table from rater-major rows of equal length."""
        rows = [list(row) for row in ratings]
        if len(rows) < 2:
            raise ValueError(f"agreement needs at least two raters, got {len(rows)}")
        if len({len(row) for row in rows}) != 1:
            raise ValueError("every rater needs one value per unit (use None for a missing value)")
        return cls(len(rows), Counter(zip(*rows)))

    @property
    def units(self) -> int:
        """Number of units, including those nobody rated."""
        return sum(self.counts.values())

    def update(self, other: RatingTable) -> None:
        """Add another table's units (same raters, same order) to this one."""
        if other.raters != self.raters:
            raise ValueError("tables have different numbers of raters")
        self.counts.update(other.counts)
        self._stats = None

    def pair_counts(self, first: int, second: int) -> dict[tuple[Hashable, Hashable], int]:
        """Counts of (value of first, value of second) over units both rated."""
        pairs: dict[tuple[Hashable, Hashable], int] = {}
        for key, n in self.counts.items():
            a, b = key[first], key[second]
            if a is not None and b is not None:
                pairs[a, b] = pairs.get((a, b), 0) + n
        return pairs

    def stats(self) -> _Stats:
        """Agreement, category shares and coincidences, computed once per table."""
        if self._stats is None:
            self._stats = _collect(self.counts)
        return self._stats


def _collect(counts: Mapping[Key, int]) -> _Stats:
    """Fleiss (1971) as generalised by Gwet, and Krippendorff's coincidences, in one pass."""
    agree = coincident = 0.0
    pairable = rated = pairable_values = 0
    shares: dict[Hashable, float] = {}
    marginals: dict[Hashable, int] = {}
    for key, n in counts.items():
        values: dict[Hashable, int] = {}
        for v in key:
            if v is not None:
                values[v] = values.get(v, 0) + 1
        m = len(key) - key.count(None)
        if m == 0:
            continue
        rated += n
        for category, c in values.items():
            shares[category] = shares.get(category, 0.0) + n * c / m
        if m >= 2:
            same = sum(c * (c - 1) for c in values.values())
            pairable += n
            pairable_values += n * m
            agree += n * same / (m * (m - 1))
            coincident += n * same / (m - 1)
            for category, c in values.items():
                marginals[category] = marginals.get(category, 0) + n * c
    return _Stats(
        agree / pairable if pairable else NAN,
        {k: v / rated for k, v in shares.items()},
        pairable_values,
        coincident,
        marginals,
    )


@dataclass(frozen=True)
class ConfusionMatrix:
    """Counts of units by the first rater's value (rows) and the second's (columns)."""

    labels: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]

    def to_dict(self) -> dict[str, object]:
        """Plain data for JSON."""
        return {"labels": list(self.labels), "counts": [list(row) for row in self.counts]}


RatingsLike = RatingTable | Sequence[Sequence[Hashable | None]]


def _table(ratings: RatingsLike) -> RatingTable:
    """Accept either form of input."""
    return ratings if isinstance(ratings, RatingTable) else RatingTable.from_rows(ratings)


def percent_agreement(ratings: RatingsLike) -> float:
    """Share of agreeing rater pairs, averaged over units with at least two values."""
    return _table(ratings).stats().pa


def cohen_kappa(ratings: RatingsLike, pair: tuple[int, int] = (0, 1)) -> float:
    """Cohen's (1960) kappa of two raters, over the units both rated."""
    pairs = _table(ratings).pair_counts(*pair)
    n = sum(pairs.values())
    rows: dict[Hashable, int] = {}
    cols: dict[Hashable, int] = {}
    diagonal = 0
    for (a, b), c in pairs.items():
        rows[a] = rows.get(a, 0) + c
        cols[b] = cols.get(b, 0) + c
        if a == b:
            diagonal += c
    chance = sum(r * cols.get(k, 0) for k, r in rows.items())
    # Exact integers: kappa = (n*agree - chance) / (n^2 - chance); 0/0 when one category fills both.
    denominator = n * n - chance
    return (n * diagonal - chance) / denominator if denominator else NAN


def fleiss_kappa(ratings: RatingsLike) -> float:
    """Fleiss' (1971) kappa for two or more raters, generalised to missing values."""
    st = _table(ratings).stats()
    pa, shares = st.pa, st.shares
    if len(shares) < 2 or math.isnan(pa):
        return NAN
    pe = math.fsum(p * p for p in shares.values())
    return (pa - pe) / (1.0 - pe)


def krippendorff_alpha(ratings: RatingsLike) -> float:
    """Krippendorff's alpha, nominal metric, from the coincidence matrix (missing values allowed)."""
    st = _table(ratings).stats()
    n = st.pairable
    expected = n * n - sum(c * c for c in st.marginals.values())
    if expected == 0:
        return NAN
    return 1.0 - (n - 1) * (n - st.coincident) / expected


def gwet_ac1(ratings: RatingsLike, categories: Iterable[Hashable] | None = None) -> float:
    """Gwet's (2008) AC1 for two or more raters; ``categories`` fixes q, else the ones in use count.

    ``nan`` when q < 2: with one category there is no decision to agree on.
    """
    st = _table(ratings).stats()
    pa, shares = st.pa, st.shares
    if math.isnan(pa):
        return NAN
    q = len(shares)
    if categories is not None:
        allowed = set(categories)
        unknown = set(shares) - allowed
        if unknown:
            raise ValueError(f"values outside the given categories: {sorted(map(str, unknown))}")
        q = len(allowed)
    if q < 2:
        return NAN
    pe = math.fsum(p * (1.0 - p) for p in shares.values()) / (q - 1)
    return (pa - pe) / (1.0 - pe)


def confusion_matrix(
    ratings: RatingsLike, pair: tuple[int, int] = (0, 1), labels: Sequence[str] | None = None
) -> ConfusionMatrix:
    """Units counted by the two raters' values; ``labels`` fixes the order (default: sorted)."""
    pairs = _table(ratings).pair_counts(*pair)
    if labels is None:
        labels = sorted({str(v) for key in pairs for v in key})
    index = {label: i for i, label in enumerate(labels)}
    grid = [[0] * len(labels) for _ in labels]
    for (a, b), c in pairs.items():
        if str(a) not in index or str(b) not in index:
            raise ValueError(f"value {a!r} or {b!r} is not among the labels")
        grid[index[str(a)]][index[str(b)]] += c
    return ConfusionMatrix(tuple(labels), tuple(tuple(row) for row in grid))
