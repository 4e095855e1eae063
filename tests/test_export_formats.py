"""doccano, Label Studio and CSV: the shapes their tools import, with exact offsets; and the card."""

from __future__ import annotations

import csv
import importlib
import json

import pytest
from test_export_corpus import TEXTS, build_corpus

from annotator.exporters import FORMATS, ExportOptions, export


def test_doccano_text_and_label_triples(store, tmp_path):
    build_corpus(store)
    report = export(store, "doccano", tmp_path / "out")
    rows = [json.loads(line) for line in (tmp_path / "out" / "all.jsonl").read_text("utf-8").splitlines()]
    assert [r["text"] for r in rows] == TEXTS
    for row in rows:
        for start, end, label in row["label"]:
            assert label in {"claim", "denial", "demand", "evidence"}
            assert 0 <= start < end <= len(row["text"])
    assert [12, 22, "claim"] in rows[0]["label"]
    assert rows[0]["label"].count([12, 22, "claim"]) == 1  # alice's and bob's, once
    assert report.written == 11 and sum(report.merged.values()) == 1


def test_label_studio_tasks(store, tmp_path):
    build_corpus(store)
    export(store, "label-studio", tmp_path / "out")
    tasks = json.loads((tmp_path / "out" / "all.json").read_text("utf-8"))
    assert [t["data"]["text"] for t in tasks] == TEXTS
    first = tasks[0]
    assert first["data"]["annotators"] == ["alice", "bob"]
    assert len(first["annotations"]) == 2
    count = 0
    for task in tasks:
        for annotation in task["annotations"]:
            for region in annotation["result"]:
                assert (region["from_name"], region["to_name"], region["type"]) == ("label", "text", "labels")
                value = region["value"]
                assert task["data"]["text"][value["start"] : value["end"]] == value["text"]
                count += 1
    assert count == 12
    regions = [r for r in first["annotations"][0]["result"] if r["value"]["labels"] == ["evidence"]]
    assert regions[0]["meta"] == {"text": ["nested\nover\tclaim"]}
    config = (tmp_path / "out" / "labeling_config.xml").read_text("utf-8")
    assert '<Labels name="label" toName="text">' in config and '<Label value="claim"/>' in config


def test_csv_for_spreadsheets(store, tmp_path):
    build_corpus(store)
    export(store, "csv", tmp_path / "out", ExportOptions(split=(0.6, 0.2, 0.2)))
    raw = (tmp_path / "out" / "spans.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel detects UTF-8
    with open(tmp_path / "out" / "spans.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["split", "article_id", "title", "annotator", "label", "start", "end", "text", "note"]
    assert len(rows) == 12
    texts = {store.article(int(r["article_id"])).text for r in rows}
    assert texts <= set(TEXTS)
    for row in rows:
        text = store.article(int(row["article_id"])).text
        assert text[int(row["start"]) : int(row["end"])] == row["text"]
    assert {r["split"] for r in rows} <= {"train", "dev", "test"}
    assert any(r["note"] == "nested\nover\tclaim" for r in rows)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_writes_a_dataset_card(store, tmp_path, fmt):
    build_corpus(store)
    importlib.import_module({"spacy": "spacy", "hf": "datasets"}.get(fmt, "json"))
    export(store, fmt, tmp_path / "out", ExportOptions(annotators=("alice", "gold"), split=(0.6, 0.2, 0.2), seed=1))
    card = (tmp_path / "out" / "README.md").read_text("utf-8")
    for heading in (
        "## Counts",
        "## Annotators",
        "## Labels and guidelines",
        "## Export options",
        "## What was dropped or changed, and why",
        "## Loading",
    ):
        assert heading in card
    assert "alice, gold" in card and "`gold` holds the adjudicated labels" in card
    assert "| claim |" in card and "| **articles** | 3 | 1 | 1 | 5 |" in card
    assert "An assertion presented as true" in card  # the guideline
    assert "--annotator alice --annotator gold --split 0.6,0.2,0.2 --seed 1" in card
    assert "OUT" not in card and "SPLIT" not in card
