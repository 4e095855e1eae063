"""JSON Lines: loaded by Hugging Face ``load_dataset("json")``, exact offsets, and a lossless round trip."""

from __future__ import annotations

import importlib
import json

from test_export_corpus import TEXTS, build_corpus

from annotator.exporters import ExportOptions, export
from annotator.store import Store


def _lines(path):
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_one_article_per_line_with_metadata_and_spans(store, tmp_path):
    ids = build_corpus(store)
    export(store, "jsonl", tmp_path / "out")
    rows = _lines(tmp_path / "out" / "all.jsonl")
    assert [r["id"] for r in rows] == ids
    first = rows[0]
    assert first["text"] == TEXTS[0]
    assert first["metadata"] == {
        "title": "Article 0",
        "source": "test",
        "url": "https://x/0",
        "published": "",
        "sha256": store.article(ids[0]).sha256,
        "meta": {"n": 0},
    }
    assert first["spans"][0] == {
        "start": 1,
        "end": 22,
        "label": "evidence",
        "text": "This is an annotation",
        "annotator": "alice",
        "note": "nested\nover\tclaim",
    }
    # The golden emoji case: code points, not UTF-16 units.
    assert {"start": 12, "end": 22, "label": "claim", "text": "annotation", "annotator": "bob", "note": None} in first[
        "spans"
    ]
    for row in rows:
        for span in row["spans"]:
            assert row["text"][span["start"] : span["end"]] == span["text"]
    assert sum(len(r["spans"]) for r in rows) == 12


def test_hugging_face_json_loader_reads_it(store, tmp_path):
    datasets = importlib.import_module("datasets")
    build_corpus(store)
    export(store, "jsonl", tmp_path / "out", ExportOptions(split=(0.6, 0.2, 0.2), seed=4))
    files = {name: str(tmp_path / "out" / f"{name}.jsonl") for name in ("train", "dev", "test")}
    ds = datasets.load_dataset("json", data_files=files, cache_dir=str(tmp_path / "cache"))
    assert {name: ds[name].num_rows for name in ds} == {"train": 3, "dev": 1, "test": 1}
    seen = 0
    for name in ds:
        for row in ds[name]:
            for span in row["spans"]:
                assert row["text"][span["start"] : span["end"]] == span["text"]
                seen += 1
    assert seen == 12


def test_round_trip_through_the_importer_is_identical(store, tmp_path):
    from annotator.importers import import_paths

    build_corpus(store)
    first = export(store, "jsonl", tmp_path / "one")
    fresh = Store(tmp_path / "copy.db")
    try:
        result = import_paths(fresh, [tmp_path / "one" / "all.jsonl"], annotator=None)
        assert not result.refused, result.refused
        second = export(fresh, "jsonl", tmp_path / "two")
    finally:
        fresh.close()
    # Parsed first, for a readable diff; then byte for byte.
    assert _lines(tmp_path / "two" / "all.jsonl") == _lines(tmp_path / "one" / "all.jsonl")
    assert (tmp_path / "two" / "all.jsonl").read_bytes() == (tmp_path / "one" / "all.jsonl").read_bytes()
    assert second.written == first.written == 12


def test_importing_a_whole_split_export_folder_skips_its_dataset_card(store, tmp_path):
    from annotator.importers import import_paths

    build_corpus(store)
    export(store, "jsonl", tmp_path / "out", ExportOptions(split=(0.5, 0.25, 0.25), seed=3))
    fresh = Store(tmp_path / "copy.db")
    try:
        result = import_paths(fresh, [tmp_path / "out"])
        assert not result.refused
        assert fresh.count_articles() == store.count_articles()
        assert all(origin.endswith(".jsonl:" + origin.rsplit(":", 1)[1]) for origin, _ in result.imported)
    finally:
        fresh.close()
