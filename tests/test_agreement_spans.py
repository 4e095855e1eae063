"""Span matching (SemEval 2013 task 9.1) against nervaluate's README examples and the package.

The README's summary table (F1 strict 0.33, exact 0.5, partial 0.66, type 0.5) is reproduced by its
scenario table (I-VI) plus one more fully correct entity: the summary counts one more correct span
in every scheme than the six scenarios give (e.g. strict: 2 correct, the scenarios alone have 1).
"""

from __future__ import annotations

import importlib
import math
import random

import pytest

from annotator.agreement import SCHEMES, MatchCounts, compare_spans, match_spans
from annotator.agreement.spans import compare_spans_by_label

# SemEval scenario table from nervaluate's README, on made-up character offsets.
SEMEVAL_GOLD = [
    (0, 7, "BRAND"),  # III  tikosyn, missed
    (20, 28, "DRUG"),  # V    warfarin, predicted as "of warfarin"
    (30, 41, "DRUG"),  # IV   propranolol, predicted as BRAND
    (50, 59, "DRUG"),  # I    phenytoin, correct
    (66, 80, "GROUP"),  # VI   contraceptives, predicted as DRUG "oral contraceptives"
    (90, 97, "DRUG"),  # the extra correct entity behind the summary table
]
SEMEVAL_PRED = [
    (10, 17, "BRAND"),  # II   healthy, spurious
    (17, 28, "DRUG"),
    (30, 41, "BRAND"),
    (50, 59, "DRUG"),
    (61, 80, "DRUG"),
    (90, 97, "DRUG"),
]


def _bio_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """Token-index spans from BIO tags."""
    spans, start, label = [], None, None
    for i, tag in enumerate([*tags, "O"]):
        if start is not None and (tag == "O" or tag.startswith("B-") or tag[2:] != label):
            spans.append((start, i, label))
            start = None
        if tag.startswith("B-") or (tag.startswith("I-") and start is None):
            start, label = i, tag[2:]
    return spans


def test_semeval_summary_table() -> None:
    result = compare_spans(SEMEVAL_GOLD, SEMEVAL_PRED)
    expected = {  # correct, incorrect, partial, missed, spurious
        "type": (3, 2, 0, 1, 1),
        "partial": (3, 0, 2, 1, 1),
        "exact": (3, 2, 0, 1, 1),
        "strict": (2, 3, 0, 1, 1),
    }
    for scheme, counts in expected.items():
        assert MatchCounts(*counts) == result[scheme]
    f1 = {s: round(result[s].f1, 2) for s in SCHEMES}
    assert f1 == {"strict": 0.33, "exact": 0.5, "partial": 0.67, "type": 0.5}
    assert math.floor(result["partial"].f1 * 100) / 100 == 0.66  # the README truncates
    for scheme in SCHEMES:
        assert result[scheme].precision == result[scheme].recall == pytest.approx(result[scheme].f1)


def test_nervaluate_readme_bio_example() -> None:
    true = [
        ["O", "B-PER", "I-PER", "O", "O", "O", "B-ORG", "I-ORG"],
        ["O", "B-LOC", "B-PER", "I-PER", "O", "O", "B-DATE"],
    ]
    pred = [
        ["O", "O", "B-PER", "I-PER", "O", "O", "B-ORG", "I-ORG"],
        ["O", "B-LOC", "I-LOC", "B-PER", "O", "O", "B-DATE"],
    ]
    total = {s: MatchCounts() for s in SCHEMES}
    for t, p in zip(true, pred):
        for scheme, counts in compare_spans(_bio_spans(t), _bio_spans(p)).items():
            total[scheme] += counts
    assert total["type"] == MatchCounts(correct=5)
    assert total["exact"] == MatchCounts(correct=2, incorrect=3)
    assert total["partial"] == MatchCounts(correct=2, partial=3)
    assert total["strict"] == MatchCounts(correct=2, incorrect=3)
    assert total["partial"].precision == pytest.approx(0.7)
    assert total["strict"].f1 == pytest.approx(0.4)


def _random_spans(rng: random.Random, length: int) -> list[tuple[int, int, str]]:
    spans = []
    for _ in range(rng.randint(0, 8)):
        start = rng.randrange(length)
        spans.append((start, min(length, start + rng.randint(1, 12)), rng.choice("ABC")))
    return sorted(set(spans))


def _evaluate(nervaluate, true: list, pred: list) -> dict:
    """nervaluate on one document; its ends are inclusive."""
    as_dicts = [[{"label": lab, "start": s, "end": e - 1} for s, e, lab in doc] for doc in (true, pred)]
    return nervaluate.Evaluator([as_dicts[0]], [as_dicts[1]], tags=list("ABC"), loader="dict").evaluate()


def _counts(result) -> MatchCounts:
    """nervaluate's EvaluationResult as MatchCounts."""
    return MatchCounts(result.correct, result.incorrect, result.partial, result.missed, result.spurious)


def test_matches_nervaluate_on_random_documents() -> None:
    """Any overlap counts here; nervaluate needs 1 % of the reference span, so spans stay short."""
    nervaluate = importlib.import_module("nervaluate")
    names = {"strict": "strict", "exact": "exact", "partial": "partial", "type": "ent_type"}
    rng = random.Random(7)
    for _ in range(1500):
        true = _random_spans(rng, 60)
        pred = _random_spans(rng, 60)
        if rng.random() < 0.5:  # copies, some relabelled, so that matches are common
            pred = sorted(
                set(
                    pred
                    + [
                        (s, e, rng.choice("ABC") if rng.random() < 0.3 else lab)
                        for s, e, lab in true
                        if rng.random() < 0.7
                    ]
                )
            )
        if not true and not pred:
            continue
        theirs = _evaluate(nervaluate, true, pred)
        overall, by_label = compare_spans_by_label(true, pred)
        assert overall == compare_spans(true, pred)
        for scheme, name in names.items():
            assert overall[scheme] == _counts(theirs["overall"][name])
            for label, results in theirs["entities"].items():
                assert by_label[label][scheme] == _counts(results[name])


def test_by_label_is_matching_each_label_alone() -> None:
    rng = random.Random(8)
    for _ in range(300):
        true, pred = _random_spans(rng, 40), _random_spans(rng, 40)
        _, by_label = compare_spans_by_label(true, pred)
        assert set(by_label) == {s[2] for s in true + pred}
        for label, counts in by_label.items():
            alone = compare_spans([s for s in true if s[2] == label], [s for s in pred if s[2] == label])
            assert counts == alone


def test_no_spans_on_either_side_gives_zeros_as_nervaluate() -> None:
    nervaluate = importlib.import_module("nervaluate")
    theirs = nervaluate.Evaluator([[]], [[]], tags=["A"], loader="dict").evaluate()["overall"]
    for scheme, counts in compare_spans([], []).items():
        assert counts == MatchCounts()
        assert (counts.precision, counts.recall, counts.f1) == (0.0, 0.0, 0.0)
        ref = theirs["ent_type" if scheme == "type" else scheme]
        assert (ref.precision, ref.recall, ref.f1) == (0.0, 0.0, 0.0)
        assert counts.to_dict()["f1"] == 0.0 and counts.to_dict()["precision"] == 0.0


@pytest.mark.parametrize("scheme", SCHEMES)
def test_one_side_empty_gives_zero_precision_recall_and_f1_as_nervaluate(scheme: str) -> None:
    nervaluate = importlib.import_module("nervaluate")
    name = "ent_type" if scheme == "type" else scheme
    only_reference = match_spans([(0, 4, "A")], [], scheme)
    only_candidate = match_spans([], [(0, 4, "A")], scheme)
    assert only_reference == MatchCounts(missed=1) and only_candidate == MatchCounts(spurious=1)
    for counts, (true, pred) in ((only_reference, ([(0, 4, "A")], [])), (only_candidate, ([], [(0, 4, "A")]))):
        ref = _evaluate(nervaluate, true, pred)["overall"][name]
        assert (counts.precision, counts.recall, counts.f1) == (0.0, 0.0, 0.0)
        assert (ref.precision, ref.recall, ref.f1) == (0.0, 0.0, 0.0)
        assert all(counts.to_dict()[k] == 0.0 for k in ("precision", "recall", "f1"))


def test_any_overlap_matches_where_nervaluate_needs_one_percent_of_the_reference() -> None:
    """The README's departure: a 1-character overlap with a 200-character reference span."""
    nervaluate = importlib.import_module("nervaluate")
    true, pred = [(0, 200, "A")], [(199, 210, "A")]
    ours = compare_spans(true, pred)
    theirs = _evaluate(nervaluate, true, pred)["overall"]
    assert ours["type"] == MatchCounts(correct=1) and ours["partial"] == MatchCounts(partial=1)
    assert ours["strict"] == ours["exact"] == MatchCounts(incorrect=1)
    for name in ("strict", "exact", "partial", "ent_type"):  # 1/200 = 0.5 % < 1 %: no overlap there
        assert _counts(theirs[name]) == MatchCounts(missed=1, spurious=1)
    # From 1 % of the reference on, nervaluate agrees (2 characters of 200).
    assert _counts(_evaluate(nervaluate, true, [(198, 210, "A")])["overall"]["ent_type"]) == MatchCounts(correct=1)


def test_touching_spans_do_not_overlap_and_empty_spans_are_ignored() -> None:
    result = compare_spans([(0, 5, "A"), (9, 9, "A")], [(5, 8, "A")])
    assert result["type"] == MatchCounts(missed=1, spurious=1)


def test_swapping_annotators_swaps_precision_and_recall() -> None:
    a = [(0, 5, "A"), (10, 15, "B"), (20, 30, "A")]
    b = [(0, 5, "A"), (11, 15, "B")]
    for scheme in SCHEMES:
        ab, ba = match_spans(a, b, scheme), match_spans(b, a, scheme)
        assert (ab.precision, ab.recall, ab.f1) == pytest.approx((ba.recall, ba.precision, ba.f1))


def test_counts_add_up_and_serialise() -> None:
    total = MatchCounts(1, 2, 3, 4, 5) + MatchCounts(1, 1, 1, 1, 1)
    assert total == MatchCounts(2, 3, 4, 5, 6)
    assert (total.actual, total.possible) == (15, 14)
    assert total.to_dict()["precision"] == pytest.approx((2 + 2) / 15)


def test_unknown_scheme_raises() -> None:
    with pytest.raises(ValueError, match="unknown scheme"):
        match_spans([], [], "fuzzy")
