"""A simulated day of work in one process: no crash, consistent state, bounded memory.

50,000 actions (tags, relabels, deletes, undos, redos and article switches)
through the window's own gesture methods, every twentieth through real key
events, with the event loop run (and the view painted) every few dozen
actions. The per-action path must stay cheap for this to take under a minute.
"""

from __future__ import annotations

import gc
import random
import sys
import time
from pathlib import Path

import pytest
from gui_helpers import add_samples, open_window
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.gui.text import selection
from annotator.store import Store

ACTIONS = 50_000
MAX_PER_ARTICLE = 120
LABELS = ("claim", "denial", "demand", "evidence")
KEYS = (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def _select_something(window, rng: random.Random) -> None:
    doc = window.doc
    text = doc.text
    start = rng.randrange(0, len(text) - 1)
    if rng.random() < 0.5:
        found = selection.sentence_at(text, start)
    else:
        found = (start, min(len(text), start + rng.randrange(1, 60)))
    if found:
        window.view.select16(*doc.to_utf16(*found))


def _own_span(window, rng: random.Random):
    spans = window.doc.spans
    return spans[rng.choice(list(spans))] if spans else None


def _step(window, rng: random.Random, n: int) -> None:
    r = rng.random()
    if r < 0.34 and len(window.doc.spans) > MAX_PER_ARTICLE:
        r = 0.6  # a person tidies up rather than piling hundreds of spans on 5,000 characters
    view = window.view
    real_keys = n % 20 == 0
    if r < 0.34:
        _select_something(window, rng)
        if real_keys:
            QTest.keyClick(view, rng.choice(KEYS))
        else:
            window.apply_label(rng.choice(LABELS))
    elif r < 0.50:
        span = _own_span(window, rng)
        if span is not None:
            window.choose_span(span.id)
            window.apply_label(rng.choice([lab for lab in LABELS if lab != span.label]))
    elif r < 0.72:
        span = _own_span(window, rng)
        if span is not None:
            window.choose_span(span.id)
            if real_keys:
                QTest.keyClick(view, Qt.Key.Key_Delete)
            else:
                window.delete_span()
    elif r < 0.82:
        window.ops.stack.undo()
    elif r < 0.90:
        window.ops.stack.redo()
    elif r < 0.95:
        window.step_article(rng.choice((-1, 1)))
    else:
        window.open_article(rng.choice(window.articles.model.ids()))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc for memory")
def test_a_day_of_work(qtbot, db_path, settings):
    store = Store(db_path)
    add_samples(store)
    window = open_window(qtbot, store, settings)
    rng = random.Random(20261123)
    began = time.perf_counter()
    baseline = None
    for n in range(1, ACTIONS + 1):
        _step(window, rng, n)
        if n % 50 == 0:
            QApplication.processEvents()  # paint what changed, as the event loop would
        if n == ACTIONS // 5:
            gc.collect()
            baseline = rss_mb()
    QApplication.processEvents()
    elapsed = time.perf_counter() - began
    gc.collect()
    grown = rss_mb() - baseline
    # The window shows exactly what the file holds.
    doc = window.doc

    def key(s):
        return s.id, s.start, s.end, s.label, s.annotator, s.text, s.note

    assert sorted(map(key, store.spans(doc.id, ["alice"]))) == sorted(map(key, doc.spans.values()))
    assert window.panel.spans.rowCount() == len(doc.spans)
    assert window.ops.stack.count() <= window.ops.stack.undoLimit()
    listed = {
        window.articles.model.row(r).id: window.articles.model.row(r).span_count
        for r in range(window.articles.model.rowCount())
    }
    assert listed == {row.id: row.span_count for row in store.articles("alice")}
    print(
        f"\n{ACTIONS} actions in {elapsed:.1f} s ({elapsed / ACTIONS * 1e3:.2f} ms each); "
        f"memory grew {grown:.1f} MB after warm-up; {len(store.spans())} spans stored"
    )
    assert grown < 40, f"memory grew by {grown:.1f} MB"
    window.close()
    store.close()
