"""The corpus report: how token units are built, per-article and corpus figures, output forms."""

from __future__ import annotations

import importlib
import json
import math
import random
import subprocess
import sys

import pytest

import annotator.agreement as agreement
from annotator.agreement import (
    METHOD,
    ArticleInput,
    MatchCounts,
    RatingTable,
    build_report,
    cohen_kappa,
    compare_spans,
    krippendorff_alpha,
    render_text,
    unitizing_alpha,
)

TOKENS = [(4 * i, 4 * i + 3) for i in range(10)]  # ten 3-character tokens: 0-3, 4-7, ..., 36-39


def _article(spans: dict, article_id: str = "a1") -> ArticleInput:
    return ArticleInput(article_id, 39, TOKENS, spans)


def _reference_columns(article: ArticleInput, annotators: list[str], labels: list[str]) -> list[list]:
    """Token labels the slow way: the longest covering span, then the earliest, then the first label."""
    columns = []
    for name in annotators:
        if name not in article.spans:
            columns.append([None] * len(article.tokens))
            continue
        column = []
        for ts, te in article.tokens:
            covering = [s for s in article.spans[name] if s[0] < te and ts < s[1] and s[0] < s[1]]
            best = max(covering, key=lambda s: (s[1] - s[0], -s[0], -labels.index(s[2])), default=None)
            column.append(best[2] if best else "O")
        columns.append(column)
    return columns


def _random_corpus(rng: random.Random, articles: int, annotators: list[str], labels: str = "abc") -> list[ArticleInput]:
    out = []
    for k in range(articles):
        vocabulary = ["news", "said", "the", "minister", ",", ".", "denied", "x"]
        words = [rng.choice(vocabulary) for _ in range(rng.randint(5, 40))]
        text = " ".join(words)
        spans = {}
        for name in annotators:
            if rng.random() < 0.1:
                continue  # this annotator skipped the article
            spans[name] = []
            for _ in range(rng.randint(0, 5)):
                start = rng.randrange(len(text))  # anywhere, even inside a token
                spans[name].append((start, min(len(text), start + rng.randint(0, 15)), rng.choice(labels)))
        out.append(ArticleInput.from_text(f"art{k}", text, spans))
    return out


# --- token units ----------------------------------------------------------------------------------


def test_overall_label_is_the_longest_span_and_per_label_figures_see_every_span() -> None:
    art = _article({"ann1": [(0, 7, "claim"), (4, 15, "denial")], "ann2": [(0, 7, "claim"), (5, 6, "claim")]})
    report = build_report([art])
    # ann1: claim, denial, denial, denial, O...; ann2: claim, claim, O...
    matrix = report.confusion[("ann1", "ann2")]
    assert matrix.labels == ("claim", "denial", "O")
    assert matrix.counts == ((1, 0, 0), (1, 0, 2), (0, 0, 6))
    claim = report.corpus.tokens_by_label["claim"]
    assert claim.percent_agreement == 1.0  # ann1's token 1 is claim too, though denial wins overall
    assert claim.cohen_kappa[("ann1", "ann2")] == 1.0
    assert report.corpus.tokens_by_label["denial"].cohen_kappa[("ann1", "ann2")] == 0.0


def test_ties_go_to_the_earlier_span_then_the_label_listed_first() -> None:
    art = _article({"ann1": [(4, 11, "denial"), (0, 7, "claim")], "ann2": [(0, 7, "denial"), (0, 7, "claim")]})
    report = build_report([art])
    columns = _reference_columns(art, ["ann1", "ann2"], ["claim", "denial"])
    assert columns[0][:3] == ["claim", "claim", "denial"]
    assert columns[1][:2] == ["claim", "claim"]
    assert report.confusion[("ann1", "ann2")].counts == ((2, 0, 0), (0, 0, 1), (0, 0, 7))
    relisted = build_report([art], labels=["denial", "claim"])  # now ann2 says denial on tokens 0-1
    assert relisted.confusion[("ann1", "ann2")].labels == ("denial", "claim", "O")
    assert relisted.confusion[("ann1", "ann2")].counts == ((0, 0, 1), (2, 0, 0), (0, 0, 7))


def test_tokens_only_one_annotator_marked_are_kept() -> None:
    report = build_report([_article({"ann1": [(20, 23, "claim")], "ann2": []})])
    tokens = report.corpus.tokens
    assert tokens.units == 10
    assert tokens.percent_agreement == pytest.approx(0.9)
    expected = cohen_kappa([["O"] * 5 + ["claim"] + ["O"] * 4, ["O"] * 10])
    assert tokens.cohen_kappa[("ann1", "ann2")] == expected


def test_a_span_covers_every_token_it_shares_a_character_with() -> None:
    report = build_report([_article({"ann1": [(2, 5, "claim")], "ann2": [(0, 7, "claim")]})])
    assert report.corpus.tokens.percent_agreement == 1.0


def test_token_figures_match_an_independent_construction() -> None:
    sklearn = importlib.import_module("sklearn.metrics")
    rng = random.Random(11)
    names = ["ann1", "ann2", "ann3"]
    articles = _random_corpus(rng, 30, names)
    report = build_report(articles, annotators=names, labels=list("abc"))
    columns = [[], [], []]
    for art in articles:
        for column, part in zip(columns, _reference_columns(art, names, list("abc"))):
            column += part
    assert report.corpus.tokens.krippendorff_alpha == pytest.approx(krippendorff_alpha(columns), abs=1e-12)
    both = [i for i in range(len(columns[0])) if columns[0][i] is not None and columns[1][i] is not None]
    expected = sklearn.cohen_kappa_score([columns[0][i] for i in both], [columns[1][i] for i in both])
    assert report.corpus.tokens.cohen_kappa[("ann1", "ann2")] == pytest.approx(expected, abs=1e-12)
    for art, art_report in zip(articles, report.articles):
        cols = _reference_columns(art, names, list("abc"))
        expected = krippendorff_alpha(cols)
        assert art_report.figures.tokens.krippendorff_alpha == pytest.approx(expected, nan_ok=True)


# --- per article and corpus ---------------------------------------------------------------------


def test_corpus_spans_sum_the_articles_and_alpha_u_lays_them_end_to_end() -> None:
    rng = random.Random(12)
    names = ["ann1", "ann2", "ann3"]
    articles = _random_corpus(rng, 25, names)
    report = build_report(articles, annotators=names)
    for pair in [("ann1", "ann2"), ("ann1", "ann3"), ("ann2", "ann3")]:
        total = MatchCounts()
        for art in articles:
            if pair[0] in art.spans and pair[1] in art.spans:
                total += compare_spans(art.spans[pair[0]], art.spans[pair[1]])["strict"]
        assert report.corpus.spans[pair]["strict"] == total
    joined, offset = [[], [], []], 0
    for art in articles:
        if all(n in art.spans for n in names):
            for r, n in enumerate(names):
                joined[r] += [(s + offset, e + offset, lab) for s, e, lab in art.spans[n]]
            offset += art.length
    expected = unitizing_alpha(joined, offset).overall.alpha
    assert report.corpus.unitizing.overall.alpha == pytest.approx(expected, abs=1e-12)


def test_an_annotator_missing_from_an_article_is_missing_data() -> None:
    full = _article({"ann1": [(0, 7, "claim")], "ann2": [(0, 7, "claim")], "ann3": [(0, 3, "claim")]}, "full")
    partial = _article({"ann1": [(8, 15, "claim")], "ann2": [(8, 11, "claim")]}, "partial")
    report = build_report([full, partial])
    part = report.articles[1]
    assert math.isnan(part.figures.tokens.cohen_kappa[("ann1", "ann3")])
    assert set(part.figures.spans) == {("ann1", "ann2")}
    assert part.span_counts == {"ann1": 1, "ann2": 1}
    assert part.figures.unitizing == unitizing_alpha([partial.spans["ann1"], partial.spans["ann2"]], 39)
    assert report.corpus.unitizing == unitizing_alpha([s for s in full.spans.values()], 39)
    rows = [
        a + b
        for a, b in zip(
            _reference_columns(full, ["ann1", "ann2", "ann3"], ["claim"]),
            _reference_columns(partial, ["ann1", "ann2", "ann3"], ["claim"]),
        )
    ]
    assert report.corpus.tokens.krippendorff_alpha == pytest.approx(krippendorff_alpha(rows))


def test_no_spans_at_all() -> None:
    report = build_report([_article({"ann1": [], "ann2": []})])
    tokens = report.corpus.tokens
    assert math.isnan(tokens.fleiss_kappa) and math.isnan(tokens.krippendorff_alpha)
    assert math.isnan(tokens.cohen_kappa[("ann1", "ann2")])
    assert math.isnan(tokens.gwet_ac1) and tokens.percent_agreement == 1.0  # one category: n/a (DKPro)
    assert report.corpus.spans[("ann1", "ann2")]["strict"].f1 == 0.0  # as nervaluate
    assert report.corpus.unitizing.overall.alpha == 0.0  # D_o = D_e = 0: 0.0, as DKPro
    assert report.labels == ()
    json.dumps(report.to_dict(), allow_nan=False)
    assert "n/a" in render_text(report)


def test_gwet_ac1_counts_the_categories_in_use_not_every_label_defined() -> None:
    """Worked by hand. Four labels are defined; only claim and "O" occur.

    ann1 tags tokens 1-3 claim, ann2 tokens 1-2: they agree on 9 of 10 tokens, p_a = 0.9. Of the 20
    values 5 are claim and 15 "O": pi = 0.25 and 0.75. q = 2 categories in use, so
    p_e = (0.25 * 0.75 + 0.75 * 0.25) / (2 - 1) = 0.375 and AC1 = (0.9 - 0.375) / (1 - 0.375) = 0.84.
    Counting every label defined plus "O" (q = 5) would give p_e = 0.375 / 4 and AC1 0.8897.
    """
    labels = ["claim", "denial", "demand", "evidence"]
    report = build_report([_article({"ann1": [(0, 11, "claim")], "ann2": [(0, 7, "claim")]})], labels=labels)
    assert report.corpus.tokens.gwet_ac1 == pytest.approx(0.525 / 0.625, abs=1e-12)
    assert report.corpus.tokens.gwet_ac1 != pytest.approx((0.9 - 0.375 / 4) / (1 - 0.375 / 4))
    assert report.corpus.tokens_by_label["claim"].gwet_ac1 == pytest.approx(0.84, abs=1e-12)  # yes / no
    assert math.isnan(report.corpus.tokens_by_label["denial"].gwet_ac1)  # only "no": one category
    assert report.articles[0].figures.tokens.gwet_ac1 == pytest.approx(0.84, abs=1e-12)


def test_alpha_u_of_a_label_nobody_marked_is_zero_as_dkpro() -> None:
    """Every label is a declared category: D_o = D_e = 0 gives 0.0 (DKPro), not n/a."""
    report = build_report(
        [_article({"ann1": [(0, 11, "claim")], "ann2": [(0, 7, "claim")]})], labels=["claim", "denial"]
    )
    for figures in (report.corpus, report.articles[0].figures):
        denial = figures.unitizing.categories["denial"]
        assert (denial.observed, denial.expected, denial.alpha) == (0.0, 0.0, 0.0)
        assert (
            figures.unitizing.categories["claim"]
            == unitizing_alpha([[(0, 11, "claim")], [(0, 7, "claim")]], 39).categories["claim"]
        )
    assert report.to_dict()["corpus"]["unitizing"]["categories"]["denial"]["alpha"] == 0.0
    assert "0.000" in [line.split()[-1] for line in render_text(report).splitlines() if line.startswith("denial")]


def test_an_empty_article_changes_nothing() -> None:
    art = _article({"ann1": [(0, 7, "claim")], "ann2": [(0, 3, "claim")]})
    empty = ArticleInput("empty", 0, [], {"ann1": [], "ann2": []})
    alone, both = build_report([art]), build_report([art, empty])
    assert both.corpus.tokens == alone.corpus.tokens
    assert both.corpus.unitizing == alone.corpus.unitizing
    assert math.isnan(both.articles[1].figures.tokens.percent_agreement)
    assert both.articles[1].figures.unitizing.categories == {}


def test_worst_articles_come_first_and_undefined_ones_last() -> None:
    good = _article({"ann1": [(0, 7, "claim")], "ann2": [(0, 7, "claim")]}, "good")
    bad = _article({"ann1": [(0, 7, "claim")], "ann2": [(20, 27, "claim")]}, "bad")
    empty = _article({"ann1": [], "ann2": []}, "empty")
    report = build_report([good, empty, bad])
    assert [a.article_id for a in report.worst_articles()] == ["bad", "good", "empty"]
    # Without a span on either side F1 is 0 (as nervaluate), as low as disagreeing completely.
    assert [a.article_id for a in report.worst_articles(3, "f1_strict")] == ["empty", "bad", "good"]
    assert [a.article_id for a in report.worst_articles(3, "unitizing_alpha")] == ["bad", "empty", "good"]
    with pytest.raises(ValueError, match="unknown metric"):
        report.worst_articles(metric="accuracy")


# --- input errors ---------------------------------------------------------------------------------


def test_a_single_annotator_raises() -> None:
    with pytest.raises(ValueError, match="at least two annotators"):
        build_report([_article({"ann1": [(0, 3, "claim")]})])
    with pytest.raises(ValueError, match="at least two annotators"):
        build_report([], annotators=["ann1"])


@pytest.mark.parametrize(
    ("spans", "message"),
    [
        ({"ann1": [(0, 40, "claim")], "ann2": []}, "out of range"),
        ({"ann1": [(5, 3, "claim")], "ann2": []}, "out of range"),
        ({"ann1": [(0, 3, "O")], "ann2": []}, "reserved"),
    ],
)
def test_bad_spans_raise(spans: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build_report([_article(spans)])


def test_labels_outside_the_given_set_raise() -> None:
    with pytest.raises(ValueError, match="not among"):
        build_report([_article({"ann1": [(0, 3, "claim")], "ann2": []})], labels=["denial"])


def test_overlapping_tokens_raise() -> None:
    with pytest.raises(ValueError, match="token"):
        build_report([ArticleInput("x", 10, [(0, 5), (3, 8)], {"a": [], "b": []})])


# --- outputs --------------------------------------------------------------------------------------


def test_from_text_uses_code_points() -> None:
    text = "💩This is an annotation."
    art = ArticleInput.from_text("emoji", text, {"ann1": [(12, 22, "claim")], "ann2": [(12, 22, "claim")]})
    assert text[12:22] == "annotation" and (12, 22) in art.tokens
    report = build_report([art])
    assert report.corpus.tokens.cohen_kappa[("ann1", "ann2")] == 1.0
    assert report.corpus.spans[("ann1", "ann2")]["strict"] == MatchCounts(correct=1)


def test_to_dict_is_json_ready_and_complete() -> None:
    report = build_report(_random_corpus(random.Random(13), 5, ["x", "y", "z"]), annotators=["x", "y", "z"])
    data = json.loads(json.dumps(report.to_dict(), allow_nan=False))
    assert data["method"] == METHOD
    assert data["annotators"] == ["x", "y", "z"]
    assert len(data["articles"]) == 5
    overall = data["corpus"]["tokens"]["overall"]
    names = {"units", "percent_agreement", "fleiss_kappa", "krippendorff_alpha", "gwet_ac1", "cohen_kappa"}
    assert names <= set(overall)
    assert [(p["first"], p["second"]) for p in overall["cohen_kappa"]] == [("x", "y"), ("x", "z"), ("y", "z")]
    pair = data["corpus"]["spans"]["overall"][0]
    assert set(pair["schemes"]) == {"strict", "exact", "partial", "type"}
    assert {c["first"] for c in data["confusion"]} == {"x", "y"}


def test_render_text_has_the_tables_and_the_method() -> None:
    report = build_report(_random_corpus(random.Random(14), 8, ["ann1", "ann2"]), annotators=["ann1", "ann2"])
    text = render_text(report, worst=3)
    for needle in (
        "Fleiss k",
        "Kripp. a",
        "Gwet AC1",
        "alpha_U",
        "F1 strict",
        "ann1 / ann2",
        "ann1 \\ ann2",
        "Worst 3 articles",
        "Method:",
        "INCEpTION",
        "longest covering span",
    ):
        assert needle in text


def test_method_says_how_units_are_built() -> None:
    for needle in ("every token", "only one annotator", "longest covering span", "merged", "missing"):
        assert needle in METHOD


def test_public_api_is_deliberate() -> None:
    assert sorted(agreement.__all__) == sorted(
        [
            "METHOD",
            "OUTSIDE",
            "SCHEMES",
            "AgreementReport",
            "AlphaU",
            "ArticleInput",
            "ArticleReport",
            "ConfusionMatrix",
            "Figures",
            "MatchCounts",
            "RatingTable",
            "TokenAgreement",
            "UnitizingCorpus",
            "UnitizingResult",
            "build_report",
            "cohen_kappa",
            "compare_spans",
            "compare_spans_by_label",
            "confusion_matrix",
            "fleiss_kappa",
            "gwet_ac1",
            "krippendorff_alpha",
            "match_spans",
            "merge_overlaps",
            "percent_agreement",
            "render_text",
            "unitizing_alpha",
        ]
    )
    assert all(hasattr(agreement, name) for name in agreement.__all__)
    assert isinstance(RatingTable(2), RatingTable)


def test_agreement_imports_neither_qt_nor_sqlite_nor_numpy() -> None:
    code = (
        "import sys, annotator; before = set(sys.modules); import annotator.agreement; "
        "new = set(sys.modules) - before; "
        "print(sorted(m for m in new if m.split('.')[0] in ('PySide6', 'sqlite3', 'numpy')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
