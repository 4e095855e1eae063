"""Core figures: bulk import, one committed span add, listing 10,000 articles.

A script, not a timed test: `python benchmarks/bench_core.py [--small]`.
Prints one JSON object per measurement (median of several runs) beside the
target the issue names.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from annotator.model import ArticleIn
from annotator.store import Store

WORDS = [
    "Putin",
    "NATO",
    "Russia",
    "Ukraine",
    "security",
    "guarantees",
    "expansion",
    "Kremlin",
    "Washington",
    "talks",
    "troops",
    "border",
    "sanctions",
    "said",
    "demanded",
    "denied",
    "evidence",
    "claimed",
    "invasion",
    "alliance",
    "Moscow",
    "Kyiv",
]


def make_text(rng: random.Random, size: int = 5000) -> str:
    """About ``size`` characters of news-like prose, unique per call."""
    words = []
    length = 0
    while length < size:
        word = rng.choice(WORDS)
        words.append(word)
        length += len(word) + 1
    words.append(str(rng.random()))
    return " ".join(words)


def report(name: str, seconds: float, target: float | None, **extra: object) -> dict:
    row = {"benchmark": name, "median_s": round(seconds, 5), "target_s": target, **extra}
    print(json.dumps(row), flush=True)
    return row


def bench_import(folder: Path, n: int) -> tuple[float, Path]:
    rng = random.Random(1)
    texts = [make_text(rng) for _ in range(n)]
    times = []
    for run in range(3):
        path = folder / f"import-{run}.db"
        store = Store(path)
        articles = (ArticleIn(text=t, title=t[:40], origin=f"gen/{i}.txt") for i, t in enumerate(texts))
        start = time.perf_counter()
        store.import_articles(articles)
        times.append(time.perf_counter() - start)
        store.close()
    return statistics.median(times), folder / "import-0.db"


def bench_import_files(folder: Path, n: int) -> float:
    from annotator.importers import import_paths

    rng = random.Random(2)
    src = folder / "files"
    src.mkdir()
    for i in range(n):
        (src / f"article-{i:05}.txt").write_text(make_text(rng), "utf-8")
    times = []
    for run in range(3):
        store = Store(folder / f"files-{run}.db")
        start = time.perf_counter()
        import_paths(store, [src])
        times.append(time.perf_counter() - start)
        store.close()
    return statistics.median(times)


def bench_span_add(path: Path, n: int = 500) -> tuple[float, float]:
    store = Store(path)
    article_id = store.article_ids()[0]
    text = store.article(article_id).text
    times = []
    for i in range(n):
        start = time.perf_counter()
        store.add_span(article_id, "bench", "claim", i, i + 5, text=text)
        times.append(time.perf_counter() - start)
    store.close()
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.99)]


def bench_list(path: Path) -> float:
    store = Store(path)
    times = []
    for _ in range(9):
        start = time.perf_counter()
        rows = store.articles("bench")
        times.append(time.perf_counter() - start)
    assert len(rows) == store.count_articles()
    store.close()
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", action="store_true", help="1,000 articles instead of 10,000 (for CI)")
    args = parser.parse_args(argv)
    n = 1000 if args.small else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        seconds, db = bench_import(folder, n)
        full = n == 10_000  # the targets are for the full sizes
        report(f"import {n} articles of 5 KB (store)", seconds, 2.0 if full else None)
        report(f"import {n} article files of 5 KB (folder)", bench_import_files(folder, n), 2.0 if full else None)
        median, p99 = bench_span_add(db)
        report("one span add, committed (synchronous=FULL)", median, 0.001, p99_s=round(p99, 5))
        report(f"list {n} articles with status and span counts", bench_list(db), 0.05 if full else None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
