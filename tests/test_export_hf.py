"""Hugging Face: load_from_disk gives a typed DatasetDict; the Parquet files load too."""

from __future__ import annotations

import importlib

from test_export_corpus import build_corpus

from annotator.exporters import ExportOptions, export

datasets = importlib.import_module("datasets")


def test_load_from_disk_with_typed_features_and_splits(store, tmp_path):
    build_corpus(store)
    export(store, "hf", tmp_path / "out", ExportOptions(split=(0.6, 0.2, 0.2), seed=2))
    ds = datasets.load_from_disk(str(tmp_path / "out"))
    assert isinstance(ds, datasets.DatasetDict)
    assert {name: ds[name].num_rows for name in ds} == {"train": 3, "validation": 1, "test": 1}
    label = ds["train"].features["spans"].feature["label"]
    assert isinstance(label, datasets.ClassLabel)
    assert label.names == ["claim", "denial", "demand", "evidence"]
    assert ds["train"].features["id"].dtype == "int64"
    seen = []
    for name in ds:
        for row in ds[name]:
            for span in row["spans"]:
                assert row["text"][span["start"] : span["end"]] == span["text"]
                seen.append((span["text"], label.int2str(span["label"]), span["annotator"]))
    assert len(seen) == 12
    assert ("annotation", "claim", "alice") in seen
    assert ("de\u0301menti", "denial", "alice") in seen


def test_parquet_per_split(store, tmp_path):
    build_corpus(store)
    export(store, "hf", tmp_path / "out")
    files = sorted(p.name for p in (tmp_path / "out" / "parquet").iterdir())
    assert files == ["train.parquet"]
    ds = datasets.load_dataset(
        "parquet",
        data_files={"train": str(tmp_path / "out" / "parquet" / "train.parquet")},
        cache_dir=str(tmp_path / "cache"),
    )
    assert ds["train"].num_rows == 5
    assert ds["train"].features["spans"].feature["label"].names == ["claim", "denial", "demand", "evidence"]
    assert sum(len(row["spans"]) for row in ds["train"]) == 12
    assert not (tmp_path / "out" / ".hf-cache").exists()


def test_label_filter_shrinks_the_class_list(store, tmp_path):
    build_corpus(store)
    export(store, "hf", tmp_path / "out", ExportOptions(labels=("denial", "claim")))
    ds = datasets.load_from_disk(str(tmp_path / "out"))
    assert ds["train"].features["spans"].feature["label"].names == ["claim", "denial"]


def test_rows_are_written_in_batches(store, tmp_path, monkeypatch):
    from annotator.exporters import hf

    build_corpus(store)
    monkeypatch.setattr(hf, "BATCH_ROWS", 2)
    export(store, "hf", tmp_path / "out")
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(tmp_path / "out" / "parquet" / "train.parquet")
    assert parquet.metadata.num_row_groups == 3 and parquet.metadata.num_rows == 5
    assert datasets.load_from_disk(str(tmp_path / "out"))["train"]["id"] == list(range(1, 6))


def test_an_unexpected_cache_layout_falls_back_to_a_plain_copy(store, tmp_path, monkeypatch):
    build_corpus(store)
    two_files = property(lambda self: [{"filename": "a.arrow"}, {"filename": "b.arrow"}])
    monkeypatch.setattr(datasets.Dataset, "cache_files", two_files)
    export(store, "hf", tmp_path / "out")
    monkeypatch.undo()
    ds = datasets.load_from_disk(str(tmp_path / "out"))
    assert ds["train"].num_rows == 5 and sum(len(r["spans"]) for r in ds["train"]) == 12
