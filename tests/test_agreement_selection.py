"""Which articles agreement compares, through the command line on real files.

The issue's case: alice and bob agree on two articles; on a third, alice tags four tokens and bob
reads it and tags nothing. Dropping that article (as `agreement --all-articles` did, since bob had
neither a span nor a status on it) gives alpha 1.0; keeping it, with bob's tokens all "O", gives the
krippendorff package's 0.668.
"""

from __future__ import annotations

import json
from pathlib import Path

import krippendorff
import numpy as np
import pytest

from annotator.model import ArticleIn, Status
from annotator.store import Store
from annotator.tokenize import tokenize
from tests.test_cli import run

TEXTS = [
    "Putin denied plans to invade Ukraine.",
    "NATO demanded guarantees from Moscow.",
    "The minister said that the talks would resume next week in Geneva, officials in Kyiv confirmed.",
]
ALICE = {0: ["Putin denied plans"], 1: ["NATO demanded guarantees"], 2: ["the talks would resume"]}
BOB = {0: ["Putin denied plans"], 1: ["NATO demanded guarantees"], 2: []}


def _doccano(path: Path, spans: dict[int, list[str]]) -> Path:
    """A doccano JSONL file: one record per article, its spans as [start, end, "claim"]."""
    lines = []
    for k, text in enumerate(TEXTS):
        labels = [[text.index(w), text.index(w) + len(w), "claim"] for w in spans[k]]
        lines.append(json.dumps({"text": text, "label": labels}))
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def _column(text: str, words: list[str]) -> list[int]:
    """1 for a token inside one of the spans, 0 for "O": the reference's own construction."""
    bounds = [(text.index(w), text.index(w) + len(w)) for w in words]
    return [int(any(s < t.end and t.start < e for s, e in bounds)) for t in tokenize(text)]


def _package_alpha(articles: list[int]) -> float:
    rows = [[value for k in articles for value in _column(TEXTS[k], who[k])] for who in (ALICE, BOB)]
    return float(krippendorff.alpha(reliability_data=np.array(rows, float), level_of_measurement="nominal"))


@pytest.fixture
def team(tmp_path: Path) -> Path:
    db = tmp_path / "team.db"
    run("--db", db, "import", _doccano(tmp_path / "alice.jsonl", ALICE), "--annotator", "alice", "-q")
    run("--db", db, "import", _doccano(tmp_path / "bob.jsonl", BOB), "--annotator", "bob", "-q")
    return db


def _agreement(db: Path, *args: str) -> dict:
    return json.loads(run("--db", db, "agreement", "--format", "json", *args).stdout)


def test_an_article_read_and_left_without_spans_is_in_with_zero_spans(team: Path) -> None:
    # Before bob says he read article 3, it counts for alice only: left out, and said so.
    before = _agreement(team, "--all-articles")
    assert before["corpus"]["tokens"]["overall"]["krippendorff_alpha"] == pytest.approx(_package_alpha([0, 1]))
    assert _package_alpha([0, 1]) == 1.0  # the inflated figure
    [left] = before["selection"]["left_out"]
    assert left == {"article_id": 3, "title": TEXTS[2], "without": ["bob"], "reason": "not started by bob (todo)"}

    proc = run("--db", team, "status", "set", "in progress", "--annotator", "bob", "3")
    assert proc.stdout == "bob: 1 article set to in progress (1 changed)\n"
    after = _agreement(team, "--all-articles")
    alpha = after["corpus"]["tokens"]["overall"]["krippendorff_alpha"]
    assert alpha == pytest.approx(_package_alpha([0, 1, 2]), abs=1e-12)
    assert round(alpha, 3) == 0.668  # the figure, from the krippendorff package
    assert [a["article_id"] for a in after["articles"]] == ["1", "2", "3"]
    assert after["articles"][2]["span_counts"] == {"alice": 1, "bob": 0}
    [pair] = after["articles"][2]["figures"]["spans"]["overall"]
    for counts in pair["schemes"].values():  # bob has no span: precision 0, not null (as nervaluate)
        assert (counts["missed"], counts["precision"], counts["recall"], counts["f1"]) == (1, 0.0, 0.0, 0.0)
    assert after["selection"]["left_out"] == [] and after["selection"]["compared"] == 3


def test_finished_means_done_with_or_without_spans(team: Path) -> None:
    proc = run("--db", team, "agreement", check=False)
    assert proc.returncode == 1 and "no article has been finished (marked done)" in proc.stderr
    run("--db", team, "status", "set", "done", "--annotator", "alice", "--all")
    run("--db", team, "status", "set", "done", "--annotator", "bob", "1", "2")
    partial = _agreement(team)
    assert partial["selection"]["left_out"][0]["reason"] == "not finished by bob (todo)"
    table = run("--db", team, "agreement").stdout
    assert "Agreement of alice, bob over 2 articles" in table
    assert f"Left out (1):\n  article 3 {TEXTS[2]!r}: not finished by bob (todo)\n" in table
    run("--db", team, "status", "set", "done", "--annotator", "bob", "--search", "Geneva")
    done = _agreement(team)
    assert done["corpus"]["tokens"]["overall"]["krippendorff_alpha"] == pytest.approx(_package_alpha([0, 1, 2]))
    assert done["selection"] == {
        **done["selection"],
        "compared": 3,
        "left_out": [],
        "compared_without_someone": [],
        "annotators_not_compared": [],
    }


def test_omissions_are_counted_listed_and_cut_in_the_table(tmp_path: Path) -> None:
    db = tmp_path / "many.db"
    with Store(db) as store:
        for k in range(26):
            store.add_article(ArticleIn(text=f"Report {k}: the minister denied it.", title=f"Report {k}"))
        for name in ("alice", "bob"):
            store.annotator_id(name)
        store.add_span(1, "carol", "denial", 14, 27)  # carol started article 1, finished nothing
        store.annotator_id("dave")  # opened the window once
        for article_id in range(1, 26):
            store.set_status(article_id, "alice", Status.DONE)
        for article_id in (1, 2):
            store.set_status(article_id, "bob", Status.DONE)
    data = _agreement(db)
    assert data["annotators"] == ["alice", "bob"]
    selection = data["selection"]
    assert selection["annotators_not_compared"] == ["carol", "dave"]
    assert len(selection["left_out"]) == 23 and selection["not_started_by_anyone"] == 1
    assert selection["left_out"][0]["reason"] == "not finished by bob (todo)"
    table = run("--db", db, "agreement").stdout
    assert (
        "2 articles compared; 23 articles left out; 1 article that none of them has started (not listed)."
        " Not compared (no article finished): carol, dave."
    ) in table.replace("\n", " ")
    listed = [line for line in table.splitlines() if line.startswith("  article ")]
    assert len(listed) == 20 and listed[0] == "  article 3 'Report 2': not finished by bob (todo)"
    assert "  … and 3 more articles (--format json lists them all)" in table
    # With --all-articles carol's started article counts for her: compared without dave (idle still).
    touched = _agreement(db, "--all-articles")
    assert touched["annotators"] == ["alice", "bob", "carol"]
    assert touched["selection"]["compared_without_someone"][0] == {
        "article_id": 2,
        "title": "Report 1",
        "without": ["carol"],
        "reason": "not started by carol (todo)",
    }
