"""Window benchmarks: launch on 10,000 articles, opening a 1 MB article, key press to highlight.

A script, not a timed test: ``python benchmarks/bench_window.py [--small]``
(offscreen; under a minute at full size). Prints one JSON object per
measurement (``benchmark``, ``median_s``, ``target_s``, ...) as
``run_all.py`` expects, and a readable line for each on standard error:

- launch: a fresh process until the window is shown and painted, 10,000-article database;
- open: a 1 MB article with 10,000 spans loaded, indexed and its first screen painted
  (the rest is painted as it scrolls into view; full layout time is printed too);
- key: label key press -> span committed to the file and repainted, median and p90,
  on the 1 MB article and on a sample article;
- paint: one full repaint of the article view, on both, to show it does not grow with the article
  (and on the 1 MB article with label names shown on the spans).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_articles"

CHILD = r"""
import sys, time
t_spawn = float(sys.argv[1])
from pathlib import Path
from annotator.gui.app import application, launch
from annotator.gui.common.settings import Settings
app = application()
window = launch(Path(sys.argv[2]), "bench", Settings(Path(sys.argv[3])))
app.processEvents()
window.view.viewport().repaint()
print(f"{time.time() - t_spawn:.3f} {window.articles.model.rowCount()}")
window.store.close()
"""


def sample_texts() -> list[str]:
    return [p.read_text("utf-8") for p in sorted(SAMPLES.glob("*.txt"))]


def build_corpus(path: Path, n: int) -> None:
    """``n`` articles of about 5 KB (sample text, shuffled paragraphs, so each is unique)."""
    from annotator.model import ArticleIn
    from annotator.store import Store

    rng = random.Random(1)
    paragraphs = [p for t in sample_texts() for p in t.split("\n") if p.strip()]
    with Store(path) as store:

        def articles():
            for i in range(n):
                body = "\n".join(rng.sample(paragraphs, 12))
                yield ArticleIn(
                    text=f"Article {i}\n{body}",
                    title=f"Article {i}: {body[:60]}",
                    source=rng.choice(["AP", "Reuters", "TASS", "BBC"]),
                )

        store.import_articles(articles(), batch_size=1000)


def bench_launch(tmp: Path, n: int, runs: int = 3) -> list[float]:
    db = tmp / "corpus.db"
    began = time.perf_counter()
    build_corpus(db, n)
    print(f"  (built {n} articles in {time.perf_counter() - began:.1f} s)", file=sys.stderr)
    times = []
    for run in range(runs):
        spawn = time.time()
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(spawn), str(db), str(tmp / f"s{run}.ini")],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=ROOT,
        )
        if out.returncode != 0:
            raise SystemExit(out.stderr)
        seconds, rows = out.stdout.split()[-2:]
        assert int(rows) == n, rows
        times.append(float(seconds))
    return times


def big_article(store, size: int = 1_000_000, spans: int = 10_000) -> int:
    """A ~1 MB article (sample paragraphs repeated) with ``spans`` spans on word boundaries."""
    from annotator.gui.text import selection
    from annotator.model import ArticleIn, SpanIn

    rng = random.Random(2)
    paragraphs = [p for t in sample_texts() for p in t.split("\n") if p.strip()]
    parts, total = [], 0
    while total < size:
        p = rng.choice(paragraphs) + " 🙂"  # astral characters on every line, as in real feeds
        parts.append(p)
        total += len(p) + 1
    text = "\n".join(parts)
    found: set[tuple[int, int, str]] = set()
    labels = ("claim", "denial", "demand", "evidence")
    while len(found) < spans:
        at = rng.randrange(len(text) - 200)
        if rng.random() < 0.5:
            r = selection.sentence_at(text, at)
        else:
            r = selection.snap(text, at, at + rng.randrange(5, 80))
        if r and r[1] > r[0]:
            found.add((r[0], r[1], rng.choice(labels)))
    span_ins = tuple(SpanIn(s, e, lab, "bench") for s, e, lab in sorted(found))
    article_id, _ = store.add_article(ArticleIn(text=text, title="One megabyte", spans=span_ins))
    return article_id


def timed(fn) -> float:
    began = time.perf_counter()
    fn()
    return time.perf_counter() - began


def key_latency(window, qtest, key, runs: int) -> list[float]:
    """Label key -> committed + repainted, on random sentences; each tag is undone untimed."""
    from annotator.gui.text import selection

    rng = random.Random(3)
    doc = window.doc
    times = []
    for _ in range(runs):
        r = selection.snap(doc.text, *selection.sentence_at(doc.text, rng.randrange(len(doc.text) - 1)))
        window.view.select16(*doc.to_utf16(*r))
        window.view.viewport().repaint()
        before = len(doc.spans)
        began = time.perf_counter()
        qtest.keyClick(window.view, key)
        window.view.viewport().repaint()
        times.append(time.perf_counter() - began)
        if len(doc.spans) > before:
            window.ops.stack.undo()
    return times


def paint_times(window, runs: int = 30) -> list[float]:
    bar = window.view.verticalScrollBar()
    rng = random.Random(4)
    times = []
    for _ in range(runs):
        bar.setValue(rng.randrange(max(bar.maximum(), 1)))
        times.append(timed(window.view.viewport().repaint))
    return times


def report(name: str, values: list[float], target: float | None, **extra: object) -> None:
    """One JSON row (median) on stdout, a readable line on stderr."""
    values = sorted(values)
    row = {
        "benchmark": name,
        "median_s": round(statistics.median(values), 5),
        "target_s": target,
        "p90_s": round(values[int(len(values) * 0.9)], 5),
        **extra,
    }
    print(json.dumps(row), flush=True)
    goal = f" (target {target * 1e3:.0f} ms)" if target else ""
    print(f"{name}: {ms(values)}{goal}", file=sys.stderr)


def ms(values: list[float]) -> str:
    values = sorted(values)
    return f"median {statistics.median(values) * 1e3:.1f} ms, p90 {values[int(len(values) * 0.9)] * 1e3:.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--small", action="store_true", help="small sizes, for CI")
    args = parser.parse_args()
    n_articles, size, n_spans, keys = (10_000, 1_000_000, 10_000, 200)
    if args.small:
        n_articles, size, n_spans, keys = (500, 100_000, 1_000, 30)
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from annotator.gui.annotate.main_window import MainWindow
    from annotator.gui.app import application
    from annotator.gui.common.settings import Settings
    from annotator.store import Store

    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        launches = bench_launch(tmp, n_articles)
        report(f"window interactive after launch, {n_articles} articles", launches, 1.0)

        app = application()
        store = Store(tmp / "big.db")
        for text in sample_texts():
            from annotator.model import ArticleIn

            store.add_article(ArticleIn(text=text, title=text[:60]))
        big = big_article(store, size, n_spans)
        window = MainWindow(store, Settings(tmp / "w.ini"), "bench")
        window.show()
        app.processEvents()
        opens = []
        for _ in range(5):
            window.open_article(1)
            app.processEvents()
            opens.append(timed(lambda: (window.open_article(big), window.view.viewport().repaint())))
        big_name = f"{size // 1000} kB article, {len(window.doc.spans)} spans"
        report(f"open {big_name}: indexed + first screen painted", opens, 0.3)
        last = window.view.document().lastBlock()
        layout = window.view.document().documentLayout()
        report(
            f"full layout of the {size // 1000} kB text (lazy, in the background)",
            [timed(lambda: layout.blockBoundingRect(last))],
            None,
        )
        big_paint = paint_times(window)
        window.view.set_label_names(True)
        big_tags_paint = paint_times(window)
        window.view.set_label_names(False)
        report(
            f"label key -> committed + highlighted, {big_name}", key_latency(window, QTest, Qt.Key.Key_1, keys), 0.016
        )
        window.open_article(1)
        small_paint = paint_times(window)
        report(
            "label key -> committed + highlighted, sample article",
            key_latency(window, QTest, Qt.Key.Key_2, keys),
            0.016,
        )
        report(f"repaint of the article view, {big_name}", big_paint, None)
        report(f"repaint with label names on the spans, {big_name}", big_tags_paint, None)
        report("repaint of the article view, sample article", small_paint, None)
        window.close()
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
