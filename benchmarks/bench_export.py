"""Export figures: time and peak memory of every format on a large corpus.

A script, not a timed test: `python benchmarks/bench_export.py [--small] [--format F ...]`.
Builds a temporary database of 10,000 articles of about 5 KB and 1,000,000
spans (bulk ``executemany``: setup speed is not what is measured), then runs
each export in its own subprocess, so that each peak RSS (``ru_maxrss``)
belongs to one format alone. Prints one JSON object per format beside the
issue's targets (JSON Lines 5 s, spaCy 60 s, Hugging Face 30 s; memory
300 MB), as ``{"benchmark", "median_s", "target_s", ...}`` like every bench
script (``run_all.py`` tabulates them). Peak RSS includes the interpreter and
its imports (``rss_before_mb``); ``peak_anon_mb`` is heap only, sampled every
20 ms. ``--small`` is 1,000 articles and 100,000 spans, for CI.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from annotator.store import Store, sha256_text

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
    "💩",
    "مرحبا",
    "été",
]
TARGETS_S = {"jsonl": 5.0, "spacy": 60.0, "hf": 30.0}
TARGET_MB = 300.0
ANNOTATORS = ("alice", "bob", "gold")
STAMP = "2026-01-01T00:00:00.000+00:00"


def make_text(rng: random.Random, size: int = 5000) -> str:
    """About ``size`` characters of news-like prose in paragraphs, unique per call."""
    words, length = [], 0
    while length < size:
        word = rng.choice(WORDS)
        words.append(word + ("." if rng.random() < 0.06 else "") + ("\n" if rng.random() < 0.01 else ""))
        length += len(word) + 1
    words.append(str(rng.random()))
    return " ".join(words)


def _spans(rng: random.Random, article_id: int, text: str, n: int, labels: list[int]) -> list[tuple]:
    """``n`` distinct spans of 1-12 words; one in 20 starts mid-word (they exercise re-alignment)."""
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == " "]
    rows, seen = [], set()
    while len(rows) < n:
        first = rng.randrange(len(starts) - 1)
        start = starts[first] + (1 if rng.random() < 0.05 else 0)
        end = starts[min(first + rng.randint(1, 12), len(starts) - 1)] - 1
        annotator, label = rng.randint(1, len(ANNOTATORS)), rng.choice(labels)
        if end <= start or (start, end, annotator, label) in seen:
            continue
        seen.add((start, end, annotator, label))
        rows.append((article_id, annotator, label, start, end, text[start:end], None, STAMP, STAMP))
    return rows


def build(path: Path, n_articles: int, n_spans: int) -> None:
    """The benchmark database, written in bulk."""
    rng = random.Random(42)
    store = Store(path)
    labels = [label.id for label in store.labels.all()]
    for name in ANNOTATORS:
        store.annotator_id(name)
    per_article = n_spans // n_articles
    with store.write() as conn:
        for first in range(0, n_articles, 1000):
            texts = [make_text(rng) for _ in range(min(1000, n_articles - first))]
            conn.executemany(
                "INSERT INTO articles (id, sha256, title, text, length, imported_at) VALUES (?, ?, ?, ?, ?, ?)",
                [(first + i + 1, sha256_text(t), t[:40], t, len(t), STAMP) for i, t in enumerate(texts)],
            )
            for i, text in enumerate(texts):
                conn.executemany(
                    'INSERT INTO spans (article_id, annotator_id, label_id, start, "end", text, note,'
                    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    _spans(rng, first + i + 1, text, per_article, labels),
                )
    store.close()


def child(fmt: str, db: Path, out: Path) -> None:
    """Run one export and print its figures (runs in a fresh process)."""
    from annotator.exporters import ExportOptions, export

    if fmt == "spacy":
        import spacy  # noqa: F401  (counted in the baseline, not in the export)
    if fmt == "hf":
        import datasets  # noqa: F401
    store = Store(db, readonly=True)
    before, anon = _rss_mb(), _AnonPeak()
    start = time.perf_counter()
    report = export(store, fmt, out, ExportOptions(split=(0.8, 0.1, 0.1), seed=1))
    seconds = time.perf_counter() - start
    print(
        json.dumps(
            {
                "seconds": seconds,
                "rss_before_mb": before,
                "peak_rss_mb": _rss_mb(),
                "anon_before_mb": anon.first,
                "peak_anon_mb": anon.stop(),
                "articles": sum(report.articles.values()),
                "spans": report.written,
                "dropped": sum(report.dropped.values()),
                "realigned": sum(report.realigned.values()),
            }
        )
    )


def _rss_mb() -> float:
    """Peak resident set: heap plus touched pages of mapped files (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class _AnonPeak:
    """Samples anonymous memory (heap, not file pages the kernel can drop) every 20 ms."""

    def __init__(self) -> None:
        self.first = self.peak = _anon_mb()
        self._running = True
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while self._running:
            self.peak = max(self.peak, _anon_mb())
            time.sleep(0.02)

    def stop(self) -> float:
        self._running = False
        self._thread.join()
        return max(self.peak, _anon_mb())


def _anon_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("RssAnon:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run(fmt: str, db: Path, folder: Path, size: str, full: bool) -> dict[str, object]:
    """One format in a subprocess; its figures beside the targets, as every bench script prints them."""
    out = folder / f"out-{fmt}"
    proc = subprocess.run(
        [sys.executable, __file__, "--child", fmt, str(db), str(out)], capture_output=True, text=True, check=False
    )
    if proc.returncode:
        raise RuntimeError(f"export {fmt} failed:\n{proc.stderr[-2000:]}")
    figures = json.loads(proc.stdout.strip().splitlines()[-1])
    size_mb = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 2**20
    return {
        "benchmark": f"export {fmt} ({size}, split 0.8/0.1/0.1)",
        "median_s": round(figures["seconds"], 3),  # one run: each takes seconds and a fresh process
        "target_s": TARGETS_S.get(fmt) if full else None,  # the targets are for the full size
        "peak_rss_mb": round(figures["peak_rss_mb"], 1),
        "rss_before_mb": round(figures["rss_before_mb"], 1),
        "peak_anon_mb": round(figures["peak_anon_mb"], 1),
        "anon_before_mb": round(figures["anon_before_mb"], 1),
        "target_mb": TARGET_MB,
        "output_mb": round(size_mb, 1),
        **{k: figures[k] for k in ("spans", "dropped", "realigned")},
    }


def main(argv: list[str] | None = None) -> int:
    from annotator.exporters import FORMATS

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", action="store_true", help="1,000 articles and 100,000 spans (for CI)")
    parser.add_argument("--format", action="append", choices=list(FORMATS), help="only these formats")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], Path(args.child[1]), Path(args.child[2]))
        return 0
    n_articles, n_spans = (1000, 100_000) if args.small else (10_000, 1_000_000)
    size = f"{n_articles} articles, {n_spans} spans"
    with tempfile.TemporaryDirectory() as tmp:
        folder, start = Path(tmp), time.perf_counter()
        build(folder / "bench.db", n_articles, n_spans)
        print(f"# setup: {size} in {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)
        for fmt in args.format or list(FORMATS):
            print(
                json.dumps(run(fmt, folder / "bench.db", folder, size, not args.small), ensure_ascii=False), flush=True
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
