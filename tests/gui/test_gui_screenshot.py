"""The demonstration window renders: text is visible and span colours are on screen."""

from __future__ import annotations

from collections import Counter

from PySide6.QtGui import QColor

from annotator.gui.demo import demo_window, fill_store
from annotator.gui.theme import blend_fill


def _colours(image, step: int = 2) -> Counter:
    counts: Counter = Counter()
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            counts[image.pixel(x, y) & 0xFFFFFF] += 1
    return counts


def test_window_shows_text_and_blended_span_colours(qtbot, file_store, settings, tmp_path):
    fill_store(file_store)
    window = demo_window(file_store, settings)
    qtbot.addWidget(window)
    assert len(window.doc.spans) >= 6
    shot = window.grab()
    assert shot.save(str(tmp_path / "window.png"))
    view_image = window.view.viewport().grab().toImage()
    counts = _colours(view_image)
    base = window.view.palette().base().color()
    dark_text = sum(n for rgb, n in counts.items() if QColor(rgb).lightness() < 80)
    assert dark_text > 200, "no visible text: are fonts installed?"
    fills = {blend_fill([QColor(c)], base, False).rgb() & 0xFFFFFF
             for c in ("#E69F00", "#CC79A7", "#009E73")}
    assert fills & set(counts), "no span fill on screen"
    underline = QColor("#E69F00").rgb() & 0xFFFFFF
    assert counts[underline] > 5, "no label underline on screen"
