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
    rows = [sum((_column(TEXTS[k], who[k]) for k in articles), []) for who in (ALICE, BOB)]
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
    assert done["selection"] == {**done["selection"], "compared": 3, "left_out": [],
                                 "compared_without_someone": [], "annotators_not_compared": []}
