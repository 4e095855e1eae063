"""The README's screenshots: the windows they show render text and spans, and one command re-makes them."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from PySide6.QtGui import QColor, QImage

from annotator.gui.common.theme import blend_fill
from annotator.gui.screenshots.shots import SHOTS, demo_window, fill_store

ROOT = Path(__file__).resolve().parents[2]


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
    fills = {blend_fill([QColor(c)], base, False).rgb() & 0xFFFFFF for c in ("#E69F00", "#CC79A7", "#009E73")}
    assert fills & set(counts), "no span fill on screen"
    underline = QColor("#E69F00").rgb() & 0xFFFFFF
    assert counts[underline] > 5, "no label underline on screen"


def test_the_screenshot_shows_todays_window(qtbot, file_store, settings):
    fill_store(file_store)
    window = demo_window(file_store, settings)
    qtbot.addWidget(window)
    menus = [action.text().replace("&", "") for action in window.menuBar().actions()]
    assert "Review" in menus
    assert window.safety.label.text().startswith("Backed up") and window.safety.label.isVisible()


def test_one_command_remakes_the_readme_screenshots(tmp_path):
    # The README's command, in a child process with no display and no platform chosen.
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [sys.executable, "-m", "annotator.gui.screenshots", "--out", str(tmp_path / "docs")],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "python -m annotator.gui.screenshots --out docs/" in readme
    for name in SHOTS.values():
        assert f"(docs/{name})" in readme  # each picture the README shows is one the command makes
        image = QImage(str(tmp_path / "docs" / name))
        assert image.width() >= 1200 and image.height() >= 700, name
        assert len(_colours(image.convertToFormat(QImage.Format.Format_RGB32), step=6)) > 50, name
