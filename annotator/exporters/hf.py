"""Hugging Face ``datasets``: a ``DatasetDict`` saved to disk, plus Parquet per split.

Typed features: ``id``, ``text``, ``title``, ``source``, ``url``,
``published``, ``sha256``, ``meta`` (JSON text: free-form metadata has no
fixed type) and ``spans``, a list of ``{start, end, label (ClassLabel over
the selected labels, in scheme order), text, annotator, note}``. Splits are
named ``train``, ``validation`` and ``test`` (the names Hugging Face scripts
expect; our ``dev`` is ``validation``); an unsplit export is ``train``.

Rows come from a generator (``Dataset.from_generator``), which ``datasets``
writes to Arrow in batches of ``BATCH_ROWS``, so memory stays flat; the same
batches are written to Parquet on the way (one pass over the store, and no
second read of the Arrow file). The ``datasets`` cache lives inside the
temporary export folder; its Arrow files become the saved dataset's (see
``_save``) and the rest is deleted before the export is published.
"""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .base import Document, Exporter, ExportError, require
from .corpus import Corpus

__all__ = ["EXPORTER", "HF_SPLITS", "features"]

HF_SPLITS = {"all": "train", "train": "train", "dev": "validation", "test": "test"}
CACHE = ".hf-cache"
BATCH_ROWS = 100  # articles per Arrow batch and Parquet row group: bounds memory (about 40 MB at peak)


def features(labels: list[str]) -> Any:
    """The ``datasets.Features`` of a row."""
    datasets = require("datasets", "hf")
    value, label = datasets.Value, datasets.ClassLabel(names=labels)
    span = {
        "start": value("int32"),
        "end": value("int32"),
        "label": label,
        "text": value("string"),
        "annotator": value("string"),
        "note": value("string"),
    }
    list_of = getattr(datasets, "List", None)  # datasets >= 4; a [dict] literal means the same before
    return datasets.Features(
        {
            "id": value("int64"),
            "text": value("string"),
            "title": value("string"),
            "source": value("string"),
            "url": value("string"),
            "published": value("string"),
            "sha256": value("string"),
            "meta": value("string"),
            "spans": list_of(span) if list_of else [span],
        }
    )


def _row(doc: Document, label_ids: dict[str, int]) -> dict[str, Any]:
    a = doc.article
    return {
        "id": a.id,
        "text": a.text,
        "title": a.title,
        "source": a.source,
        "url": a.url,
        "published": a.published,
        "sha256": a.sha256,
        "meta": doc.meta_json,
        "spans": [
            {
                "start": s.start,
                "end": s.end,
                "label": label_ids[s.label],
                "text": s.text,
                "annotator": s.annotator,
                "note": s.note,
            }
            for s in doc.spans
        ],
    }


def _rows(corpus: Corpus, split: str, label_ids: dict[str, int], parquet: Any) -> Iterator[dict[str, Any]]:
    """Rows for ``datasets``; the same rows go to the Parquet file in batches on the way."""
    batch: list[dict[str, Any]] = []
    for doc in corpus.documents(split):
        row = _row(doc, label_ids)
        corpus.report.keep_all(split, doc.spans)
        batch.append(row)
        if len(batch) == BATCH_ROWS:
            parquet.write_batch(batch)
            batch = []
        yield row
    if batch:
        parquet.write_batch(batch)


class _Parquet:
    """A Parquet file written a batch of rows at a time, with the features in its metadata."""

    def __init__(self, path: Path, feats: Any) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        self._pa, self._schema = pa, feats.arrow_schema  # carries the ClassLabel names for load_dataset
        self._writer = pq.ParquetWriter(str(path), self._schema)

    def write_batch(self, rows: list[dict[str, Any]]) -> None:
        self._writer.write_table(self._pa.Table.from_pylist(rows, schema=self._schema))

    def close(self) -> None:
        self._writer.close()


def write(corpus: Corpus, folder: Path) -> None:
    """``dataset_dict.json`` and a folder per split, and ``parquet/SPLIT.parquet``."""
    datasets = require("datasets", "hf")
    feats = features(corpus.labels)
    (folder / "parquet").mkdir()
    parts = {}
    with _quiet(datasets):
        for split in corpus.splits:
            name = HF_SPLITS[split]
            parts[name] = _generate(datasets, corpus, split, feats, folder)
            corpus.report.files.append(f"parquet/{name}.parquet")
        _save(datasets, parts, folder)
    corpus.report.files[:0] = ["dataset_dict.json"] + [f"{name}/" for name in parts]
    corpus.report.notes.append(f"datasets {datasets.__version__}; splits {', '.join(parts)}")
    shutil.rmtree(folder / CACHE, ignore_errors=True)


def _generate(datasets: Any, corpus: Corpus, split: str, feats: Any, folder: Path) -> Any:
    """One split as a ``Dataset`` in the cache, and as Parquet on the way."""
    name = HF_SPLITS[split]
    label_ids = {label: n for n, label in enumerate(corpus.labels)}
    parquet = _Parquet(folder / "parquet" / f"{name}.parquet", feats)
    try:
        return datasets.Dataset.from_generator(
            _rows,
            features=feats,
            cache_dir=str(folder / CACHE),
            fingerprint=uuid.uuid4().hex,
            split=datasets.NamedSplit(name),
            writer_batch_size=BATCH_ROWS,
            gen_kwargs={"corpus": corpus, "split": split, "label_ids": label_ids, "parquet": parquet},
        )
    except Exception as exc:
        cause = _our_cause(exc)
        if cause is exc:
            raise
        raise cause from None
    finally:
        parquet.close()


def _our_cause(exc: BaseException) -> BaseException:
    """What went wrong in our generator, which ``datasets`` wraps in a DatasetGenerationError.

    A span that does not match its text, a damaged database or a full disk must
    reach the person as our message, not as datasets' "An error occurred while
    generating the dataset" with a traceback.
    """
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, (ExportError, sqlite3.Error, OSError, UnicodeError)):
            return seen
        seen = seen.__cause__ or seen.__context__
    return exc


def _save(datasets: Any, parts: dict[str, Any], folder: Path) -> None:
    """``DatasetDict.save_to_disk``, without reading the Arrow data back.

    ``save_to_disk`` copies each cache file through its memory map, which
    adds the whole file (130 MB for a million spans) to the resident set. The
    cache file already is the Arrow stream ``save_to_disk`` would write, so
    ``save_to_disk`` writes the metadata and one shard for a one-row selection
    (an empty one gets no shard) and the cache file replaces that shard. The result is checked with
    ``load_from_disk``; a layout this does not expect gets the plain copy.
    """
    sources = {name: [f["filename"] for f in ds.cache_files] for name, ds in parts.items()}
    rows = {name: ds.num_rows for name, ds in parts.items()}
    one_row = {name: ds.select([0]) for name, ds in parts.items()}
    datasets.DatasetDict(one_row).save_to_disk(str(folder))
    targets = {name: folder / name / "data-00000-of-00001.arrow" for name in parts}
    if not all(len(files) == 1 for files in sources.values()) or not all(t.exists() for t in targets.values()):
        datasets.DatasetDict(parts).save_to_disk(str(folder))
        return
    del one_row
    parts.clear()
    gc.collect()  # release the memory maps (Windows cannot move a mapped file)
    for name, target in targets.items():
        os.replace(sources[name][0], target)
    saved = datasets.load_from_disk(str(folder))
    if {name: saved[name].num_rows for name in saved} != rows:
        raise ExportError(f"datasets {datasets.__version__} saved an unexpected layout; nothing was exported")


@contextlib.contextmanager
def _quiet(datasets: Any) -> Iterator[None]:
    """No tqdm bars of datasets' own: the CLI shows one progress bar."""
    was_on = datasets.is_progress_bar_enabled()
    datasets.disable_progress_bars()
    try:
        yield
    finally:
        if was_on:
            datasets.enable_progress_bars()


EXPORTER = Exporter(
    name="hf",
    summary="Hugging Face datasets: DatasetDict on disk with typed features, and Parquet per split",
    write=write,
    requires=(("datasets", "hf"), ("pyarrow", "hf")),
    usage="""```python
from datasets import load_from_disk, load_dataset
ds = load_from_disk("OUT")                      # DatasetDict
labels = ds["train"].features["spans"].feature["label"].names
pq = load_dataset("parquet", data_files={"train": "OUT/parquet/train.parquet"})
```
`spans` is a list of `{start, end, label, text, annotator, note}`; `label` is a `ClassLabel` index;
`meta` is JSON text. Offsets are code points.""",
)
