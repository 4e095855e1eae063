"""The agreement report of a corpus: token-level coefficients, unitizing alpha and span matching.

``build_report`` takes plain data (``ArticleInput``: length, token boundaries, each annotator's
``(start, end, label)`` spans) and returns an ``AgreementReport``, a dataclass tree with per-label and
overall figures for every article and for the corpus, ``to_dict()`` for JSON and ``worst_articles``.
``render_text`` turns it into plain-text tables. ``METHOD``, stored in every report, says how units
are built; read it before comparing these figures with another tool's.
"""

from __future__ import annotations

import math
import textwrap
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations, repeat
from operator import le, lt

from annotator.agreement.coefficients import (
    ConfusionMatrix,
    RatingTable,
    cohen_kappa,
    confusion_matrix,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    percent_agreement,
)
from annotator.agreement.selection import Selection
from annotator.agreement.spans import SCHEMES, MatchCounts, compare_spans_by_label
from annotator.agreement.unitizing import AlphaU, UnitizingCorpus, UnitizingResult, unitizing_alpha
from annotator.tokenize import tokenize

from ..words import plural

__all__ = [
    "METHOD",
    "OUTSIDE",
    "AgreementReport",
    "ArticleInput",
    "ArticleReport",
    "Figures",
    "TokenAgreement",
    "build_report",
    "render_text",
]

OUTSIDE = "O"
METHOD = """\
Units: every token of every article is one unit (word and punctuation tokens, [start, end) in code \
points). Tokens nobody marked stay in as units everyone labelled "O", and tokens only one annotator \
marked stay in too (INCEpTION drops those, which inflates its scores). A span covers a token when \
they share at least one character.
Per-label figures: one yes/no decision per token and annotator: "does this annotator tag this token \
with this label" (any covering span of the label counts, so overlapping spans are all seen).
Overall figures: one label per token and annotator: that of the longest covering span (ties: the \
earlier start, then the label listed first), or "O".
An annotator absent from an article did not annotate it, and their values there are missing; one \
present with no spans labelled every token "O". Cohen's kappa drops missing values pairwise, Fleiss' \
kappa and Gwet's AC1 use Gwet's generalisation to missing values, Krippendorff's alpha (nominal) \
uses the units with two or more values.
Where the references differ, these figures follow DKPro Statistics. Gwet's AC1 counts as its \
categories (q) those in use in the data compared (labels and "O" that occur; for a per-label figure \
yes and no, if both occur), not every label defined, as DKPro's GwetAC1Agreement does.
Undefined figures (one category only, e.g. a label nobody used, or no span at all) show as n/a \
(null in JSON): kappa, alpha and AC1 alike (DKPro refuses AC1 with one category).
Unitizing alpha_U (Krippendorff 1995/2004, as DKPro's KrippendorffAlphaUnitizingAgreement) is on \
characters, per label and pooled over labels (1 - sum D_o / sum D_e); overlapping spans of one \
annotator and label are merged first. Per article the continuum is [0, length); for the corpus the \
articles annotated by every annotator are laid end to end. As in DKPro, alpha_U is 0.0 whenever \
D_o = D_e, which includes D_o = D_e = 0: a label nobody marked, or no span at all, gives 0.0, not \
n/a; only an empty continuum (no article every annotator annotated) gives n/a.
Span matching (SemEval 2013 task 9.1, as nervaluate): strict, exact, partial (counts half) and type, \
per pair with the first annotator as reference; corpus counts are summed before precision, recall \
and F1. As in nervaluate, precision is 0 when the second annotator has no span, recall 0 when the \
first has none, and F1 0 when either is 0. Unlike nervaluate, which also needs the overlap to cover \
1 % of the first annotator's span, any shared character is an overlap, and spans are matched in \
text order. Corpus token figures pool the tokens of all articles."""

Pair = tuple[str, str]
Span = tuple[int, int, str]
SpanFigures = dict[Pair, dict[str, MatchCounts]]
METRICS = ("percent_agreement", "fleiss_kappa", "krippendorff_alpha", "gwet_ac1")


def _num(value: float) -> float | None:
    """JSON has no NaN: undefined figures become null."""
    return None if math.isnan(value) else value


@dataclass(frozen=True)
class ArticleInput:
    """One article: length in code points, token boundaries, and each annotator's spans.

    An annotator missing from ``spans`` did not annotate the article; one mapped to an empty list
    annotated it and found nothing.
    """

    article_id: str
    length: int
    tokens: Sequence[tuple[int, int]]
    spans: Mapping[str, Sequence[Span]]

    @classmethod
    def from_text(cls, article_id: str, text: str, spans: Mapping[str, Sequence[Span]]) -> ArticleInput:
        """Tokenise ``text`` with the project's tokeniser."""
        return cls(article_id, len(text), [(t.start, t.end) for t in tokenize(text)], spans)


@dataclass(frozen=True)
class TokenAgreement:
    """Token-level coefficients for one label (binary) or for all labels (multi-class)."""

    units: int
    percent_agreement: float
    fleiss_kappa: float
    krippendorff_alpha: float
    gwet_ac1: float
    cohen_kappa: dict[Pair, float]

    def to_dict(self) -> dict[str, object]:
        """Plain data for JSON."""
        data: dict[str, object] = {"units": self.units}
        data.update({name: _num(getattr(self, name)) for name in METRICS})
        data["cohen_kappa"] = [{"first": a, "second": b, "kappa": _num(k)} for (a, b), k in self.cohen_kappa.items()]
        return data


def _spans_to_dict(figures: SpanFigures) -> list[dict[str, object]]:
    """Pairs as records, since JSON keys are strings."""
    return [
        {"first": a, "second": b, "schemes": {s: c.to_dict() for s, c in by_scheme.items()}}
        for (a, b), by_scheme in figures.items()
    ]


@dataclass(frozen=True)
class Figures:
    """Every figure for one article or for the corpus."""

    tokens: TokenAgreement
    tokens_by_label: dict[str, TokenAgreement]
    unitizing: UnitizingResult | None
    spans: SpanFigures
    spans_by_label: dict[str, SpanFigures]

    def score(self, metric: str) -> float:
        """One number to rank by: a token metric, ``unitizing_alpha`` or ``f1_<scheme>`` (pairs pooled)."""
        if metric in METRICS:
            return float(getattr(self.tokens, metric))
        if metric == "unitizing_alpha":
            return self.unitizing.overall.alpha if self.unitizing else math.nan
        if metric.startswith("f1_") and metric[3:] in SCHEMES:
            return MatchCounts.total(c[metric[3:]] for c in self.spans.values()).f1
        raise ValueError(f"unknown metric {metric!r}")

    def to_dict(self) -> dict[str, object]:
        """Plain data for JSON."""
        return {
            "tokens": {
                "overall": self.tokens.to_dict(),
                "labels": {k: v.to_dict() for k, v in self.tokens_by_label.items()},
            },
            "unitizing": self.unitizing.to_dict() if self.unitizing else None,
            "spans": {
                "overall": _spans_to_dict(self.spans),
                "labels": {k: _spans_to_dict(v) for k, v in self.spans_by_label.items()},
            },
        }


@dataclass(frozen=True)
class ArticleReport:
    """One article's figures, so the worst articles can be found and reopened."""

    article_id: str
    length: int
    tokens: int
    span_counts: dict[str, int]
    figures: Figures

    def to_dict(self) -> dict[str, object]:
        """Plain data for JSON."""
        return {
            "article_id": self.article_id,
            "length": self.length,
            "tokens": self.tokens,
            "span_counts": dict(self.span_counts),
            "figures": self.figures.to_dict(),
        }


@dataclass(frozen=True)
class AgreementReport:
    """Corpus and per-article agreement of two or more annotators."""

    annotators: tuple[str, ...]
    labels: tuple[str, ...]
    corpus: Figures
    confusion: dict[Pair, ConfusionMatrix]
    articles: list[ArticleReport]
    method: str = METHOD
    selection: Selection | None = None  # which articles were compared and which left out, from a store

    def worst_articles(self, n: int = 10, metric: str = "krippendorff_alpha") -> list[ArticleReport]:
        """The n articles with the lowest ``metric``; undefined ones come last."""

        def key(article: ArticleReport) -> tuple[bool, float]:
            value = article.figures.score(metric)
            return math.isnan(value), value

        return sorted(self.articles, key=key)[:n]

    def to_dict(self) -> dict[str, object]:
        """Plain data for JSON (``json.dumps`` works on it as is)."""
        return {
            "annotators": list(self.annotators),
            "labels": list(self.labels),
            "method": self.method,
            "selection": self.selection.to_dict() if self.selection else None,
            "corpus": self.corpus.to_dict(),
            "confusion": [{"first": a, "second": b, **m.to_dict()} for (a, b), m in self.confusion.items()],
            "articles": [a.to_dict() for a in self.articles],
        }


# --- token units ---------------------------------------------------------------------------------


def _check(article: ArticleInput, labels: set[str]) -> None:
    """Reject malformed input with the article it came from."""
    where = f"article {article.article_id!r}"
    starts = [t[0] for t in article.tokens]
    ends = [t[1] for t in article.tokens]
    if starts and not (
        starts[0] >= 0 and ends[-1] <= article.length and all(map(lt, starts, ends)) and all(map(le, ends, starts[1:]))
    ):
        raise ValueError(f"{where}: tokens must be non-empty, in order, apart and inside the text")
    for annotator, spans in article.spans.items():
        for start, end, label in spans:
            if not 0 <= start <= end <= article.length:
                raise ValueError(f"{where}: {annotator}'s span ({start}, {end}) is out of range")
            if label not in labels:
                raise ValueError(f"{where}: {annotator}'s label {label!r} is not among {sorted(labels)}")


def _annotator_units(
    starts: list[int], ends: list[int], spans: Sequence[Span], bits: Mapping[str, int]
) -> tuple[list[str], list[int]]:
    """One annotator's overall label per token (longest span wins) and a bit per label it carries."""
    placed = []
    for start, end, label in spans:
        lo, hi = bisect_right(ends, start), bisect_left(starts, end)
        if start < end and lo < hi:
            placed.append((end - start, -start, -bits[label], lo, hi, label))
    # Paint the weakest span first so that the strongest (longest, then earliest, then the label
    # listed first, whose bit is lowest) ends up on top.
    placed.sort()
    column = [OUTSIDE] * len(starts)
    mask = [0] * len(starts)
    for _, _, bit, lo, hi, label in placed:
        column[lo:hi] = [label] * (hi - lo)
        mask[lo:hi] = [m | -bit for m in mask[lo:hi]]
    return column, mask


def _token_tables(
    article: ArticleInput, annotators: Sequence[str], labels: Sequence[str]
) -> tuple[RatingTable, dict[str, RatingTable]]:
    """Overall and per-label rating tables of one article's tokens."""
    n = len(article.tokens)
    starts = [t[0] for t in article.tokens]
    ends = [t[1] for t in article.tokens]
    bits = {label: 1 << k for k, label in enumerate(labels)}
    columns: list[Iterable[str | None]] = []
    masks: list[Iterable[int | None]] = []
    for name in annotators:
        if name in article.spans:
            column, mask = _annotator_units(starts, ends, article.spans[name], bits)
            columns.append(column)
            masks.append(mask)
        else:
            columns.append(repeat(None, n))
            masks.append(repeat(None, n))
    # Count label-bit combinations once, then read each label's yes/no table off them.
    combos = Counter(zip(*masks))
    values = {m for key in combos for m in key}
    by_label = {}
    for label, bit in bits.items():
        decide = {m: None if m is None else bool(m & bit) for m in values}.get
        counts: Counter[tuple[Hashable | None, ...]] = Counter()
        for key, count in combos.items():
            counts[tuple(map(decide, key))] += count
        by_label[label] = RatingTable(len(annotators), counts)
    return RatingTable(len(annotators), Counter(zip(*columns))), by_label


def _token_agreement(table: RatingTable, annotators: Sequence[str]) -> TokenAgreement:
    """All token-level coefficients of one rating table; AC1's q is the categories in use there."""
    cohen = {
        (annotators[i], annotators[j]): cohen_kappa(table, (i, j)) for i, j in combinations(range(len(annotators)), 2)
    }
    return TokenAgreement(
        table.units, percent_agreement(table), fleiss_kappa(table), krippendorff_alpha(table), gwet_ac1(table), cohen
    )


# --- building --------------------------------------------------------------------------------------


@dataclass
class _Totals:
    """Running corpus sums while articles are processed."""

    tokens: RatingTable
    by_label: dict[str, RatingTable]
    unitizing: UnitizingCorpus
    spans: dict[str, dict[Pair, list[dict[str, MatchCounts]]]] = field(default_factory=dict)

    def add_spans(self, spans: dict[str, SpanFigures]) -> None:
        """Keep one article's span counts ("" = all labels) for summing at the end."""
        for label, pairs in spans.items():
            into = self.spans.setdefault(label, {})
            for pair, counts in pairs.items():
                into.setdefault(pair, []).append(counts)

    def span_sums(self) -> dict[str, SpanFigures]:
        """Corpus span counts: every article's counts added up."""
        sums: dict[str, SpanFigures] = {"": {}}
        for label, pairs in self.spans.items():
            sums[label] = {
                pair: {s: MatchCounts.total(c[s] for c in counts) for s in SCHEMES} for pair, counts in pairs.items()
            }
        return sums


def _span_figures(article: ArticleInput, annotators: Sequence[str]) -> dict[str, SpanFigures]:
    """Span matching per present pair, for all labels ("") and for each label either used."""
    present = [a for a in annotators if a in article.spans]
    out: dict[str, SpanFigures] = {"": {}}
    for a, b in combinations(present, 2):
        out[""][(a, b)], by_label = compare_spans_by_label(article.spans[a], article.spans[b])
        for label, counts in by_label.items():
            out.setdefault(label, {})[(a, b)] = counts
    return out


def _figures(
    overall: RatingTable,
    by_label: dict[str, RatingTable],
    unitizing: UnitizingResult | None,
    spans: dict[str, SpanFigures],
    annotators: Sequence[str],
    labels: Sequence[str],
) -> Figures:
    """Compute coefficients from tables and wrap everything up. A label neither of a pair used has
    zero counts, so precision, recall and F1 0.0, as nervaluate's figures for an unseen entity type."""
    none = {s: MatchCounts() for s in SCHEMES}
    per_label = {label: {pair: spans.get(label, {}).get(pair, none) for pair in spans[""]} for label in labels}
    per_label.update({k: v for k, v in spans.items() if k and k not in per_label})
    return Figures(
        _token_agreement(overall, annotators),
        {label: _token_agreement(by_label[label], annotators) for label in labels},
        _declared(unitizing, labels),
        spans[""],
        per_label,
    )


def _declared(result: UnitizingResult | None, labels: Sequence[str]) -> UnitizingResult | None:
    """Every label as an alpha_U category, as DKPro's study has its declared categories: one nobody
    marked has D_o = D_e = 0, so alpha 0.0. An empty continuum (n/a) has none."""
    if result is None or math.isnan(result.overall.alpha):
        return result
    zero = AlphaU(0.0, 0.0)
    return UnitizingResult({label: result.categories.get(label, zero) for label in labels}, result.overall)


def _article_unitizing(article: ArticleInput, annotators: Sequence[str], totals: _Totals) -> UnitizingResult | None:
    """alpha_U of the annotators present; fully annotated articles also join the corpus continuum."""
    present = [article.spans[a] for a in annotators if a in article.spans]
    if len(present) == len(annotators):
        return totals.unitizing.add(present, article.length)
    return unitizing_alpha(present, article.length) if len(present) > 1 else None


def _article(article: ArticleInput, annotators: Sequence[str], labels: Sequence[str], totals: _Totals) -> ArticleReport:
    """One article's figures; its tables, counts and spans are added to the corpus totals."""
    overall, by_label = _token_tables(article, annotators, labels)
    totals.tokens.update(overall)
    for label, table in by_label.items():
        totals.by_label[label].update(table)
    spans = _span_figures(article, annotators)
    totals.add_spans(spans)
    unitizing = _article_unitizing(article, annotators, totals)
    counts = {a: len(article.spans[a]) for a in annotators if a in article.spans}
    return ArticleReport(
        article.article_id,
        article.length,
        len(article.tokens),
        counts,
        _figures(overall, by_label, unitizing, spans, annotators, labels),
    )


def build_report(
    articles: Iterable[ArticleInput], annotators: Sequence[str] | None = None, labels: Sequence[str] | None = None
) -> AgreementReport:
    """Agreement of two or more annotators over ``articles``; see ``METHOD`` for the rules.

    ``annotators`` and ``labels`` default to all that appear, sorted; label order breaks ties.
    """
    articles = list(articles)
    if annotators is None:
        annotators = sorted({a for art in articles for a in art.spans})
    if labels is None:
        labels = sorted({s[2] for art in articles for spans in art.spans.values() for s in spans})
    annotators, labels = tuple(annotators), tuple(labels)
    if len(annotators) < 2:
        raise ValueError(f"agreement needs at least two annotators, got {list(annotators)}")
    if OUTSIDE in labels:
        raise ValueError(f'"{OUTSIDE}" is reserved for tokens outside every span')
    r = len(annotators)
    totals = _Totals(RatingTable(r), {label: RatingTable(r) for label in labels}, UnitizingCorpus(r))
    reports = []
    for article in articles:
        _check(article, set(labels))
        reports.append(_article(article, annotators, labels, totals))
    unitizing = totals.unitizing.result() if totals.unitizing.length else None
    corpus = _figures(totals.tokens, totals.by_label, unitizing, totals.span_sums(), annotators, labels)
    confusion = {
        (annotators[i], annotators[j]): confusion_matrix(totals.tokens, (i, j), [*labels, OUTSIDE])
        for i, j in combinations(range(r), 2)
    }
    return AgreementReport(annotators, labels, corpus, confusion, reports)


# --- rendering -------------------------------------------------------------------------------------


def _fmt(value: float) -> str:
    """Three decimals, or n/a for an undefined figure."""
    return "n/a" if math.isnan(value) else f"{value:.3f}"


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A plain text table: first column left-aligned, the others right-aligned."""
    grid = [list(header), *[list(r) for r in rows]]
    widths = [max(len(r[i]) for r in grid) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))) for r in grid]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _label_rows(f: Figures, labels: Sequence[str]) -> list[list[str]]:
    """Token coefficients and alpha_U, overall then per label."""
    u = f.unitizing
    rows = []
    for name, tokens, alpha_u in [
        ("(all)", f.tokens, u.overall if u else None),
        *((lab, f.tokens_by_label[lab], u.categories.get(lab) if u else None) for lab in labels),
    ]:
        rows.append(
            [
                name,
                str(tokens.units),
                *(_fmt(getattr(tokens, m)) for m in METRICS),
                _fmt(alpha_u.alpha) if alpha_u else "n/a",
            ]
        )
    return rows


def _pair_rows(f: Figures, labels: Sequence[str]) -> list[list[str]]:
    """Cohen's kappa and span F1 per pair, overall then per label."""
    rows = []
    for name, tokens, spans in [
        ("(all)", f.tokens, f.spans),
        *((lab, f.tokens_by_label[lab], f.spans_by_label.get(lab, {})) for lab in labels),
    ]:
        for pair, kappa in tokens.cohen_kappa.items():
            counts = spans.get(pair)
            f1 = [_fmt(counts[s].f1) if counts else "n/a" for s in SCHEMES]
            rows.append([name, f"{pair[0]} / {pair[1]}", _fmt(kappa), *f1])
    return rows


def _worst_rows(report: AgreementReport, worst: int, metric: str) -> list[list[str]]:
    """The lowest-scoring articles with their main figures."""
    shown = ("krippendorff_alpha", "fleiss_kappa", "gwet_ac1", "unitizing_alpha", "f1_strict")
    return [
        [art.article_id, str(art.tokens), *(_fmt(art.figures.score(m)) for m in shown)]
        for art in report.worst_articles(worst, metric)
    ]


def render_text(report: AgreementReport, worst: int = 10, metric: str = "krippendorff_alpha") -> str:
    """The report as plain-text tables: corpus figures, confusion matrices and the worst articles."""
    parts = [
        f"Agreement of {', '.join(report.annotators)} over {plural(len(report.articles), 'article')}",
        _table(
            ["label", "tokens", "agree", "Fleiss k", "Kripp. a", "Gwet AC1", "alpha_U"],
            _label_rows(report.corpus, report.labels),
        ),
        _table(["label", "pair", "Cohen k", *(f"F1 {s}" for s in SCHEMES)], _pair_rows(report.corpus, report.labels)),
    ]
    for (a, b), matrix in report.confusion.items():
        rows = [[label, *map(str, row)] for label, row in zip(matrix.labels, matrix.counts)]
        parts.append(_table([f"{a} \\ {b}", *matrix.labels], rows))
    if worst:
        rows = _worst_rows(report, worst, metric)
        header = ["article", "tokens", "Kripp. a", "Fleiss k", "Gwet AC1", "alpha_U", "F1 strict"]
        parts.append(f"Worst {plural(len(rows), 'article')} by {metric}:\n" + _table(header, rows))
    if report.selection is not None:
        parts.append(_wrap(report.selection.render()))
    return "\n\n".join([*parts, "Method:\n" + _wrap(report.method)]) + "\n"


def _wrap(text: str) -> str:
    """Lines of at most 100 characters; indented lines (lists) are left as they are."""
    return "\n".join(p if p.startswith(" ") else textwrap.fill(p, 100) for p in text.splitlines())
