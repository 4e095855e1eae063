"""The review view fits a laptop: 1280x800 and 1024x700 screens, with two or three annotators."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from gui_helpers import open_window
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtTest import QTest

from annotator.gui.review.lanes import MIN_LANE
from annotator.gui.screenshots.review_demo import ANNOTATORS, annotate_demo

ROOT = Path(__file__).resolve().parents[2]


def _review(qtbot, store, settings, annotators):
    annotate_demo(store)
    window = open_window(qtbot, store, settings, annotator="rev")
    QTest.keyClick(window.view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    review = window.review_window
    qtbot.waitExposed(review)
    review.set_annotators(list(annotators))
    qtbot.wait(10)  # the new lanes' minimum width reaches the window's layout
    return window, review


@pytest.mark.parametrize("annotators", [ANNOTATORS[:2], ANNOTATORS])
@pytest.mark.parametrize("screen", [(1280, 800), (1024, 700)])
def test_review_window_fits_and_shrinks_again(qtbot, sample_store, settings, annotators, screen):
    window, review = _review(qtbot, sample_store, settings, annotators)
    # Room for a title bar and a desktop panel.
    room = (screen[0], screen[1] - 80)
    hint, least = review.minimumSizeHint(), review.minimumSize()
    assert hint.width() <= room[0] and hint.height() <= room[1], hint
    assert least.width() <= room[0] and least.height() <= room[1], least
    review.resize(1800, 1000)  # larger first: a minimum that grew with it would now trap the window
    qtbot.wait(10)
    review.resize(*room)
    qtbot.wait(10)
    assert (review.width(), review.height()) == room
    lanes = [view.width() for view in review.lanes.lanes.values()]
    assert len(lanes) == len(annotators) + 1 and len(set(lanes)) == 1, lanes  # same wrapping in every lane
    assert lanes[0] >= MIN_LANE - 10
    for name, header in review.lanes.headers.items():  # a header is never cut off, nor wraps
        assert header.sizeHint().width() <= lanes[0], name
    view = review.gold_lane  # the longest word of the article fits on a line: no word is broken
    metrics = QFontMetrics(view.document().defaultFont())
    longest = max(metrics.horizontalAdvance(word) for word in review.docs["gold"].text.split())
    frame = view.document().rootFrame().frameFormat()
    assert longest <= view.viewport().width() - frame.leftMargin() - frame.rightMargin()
    panel = review.panel
    left = panel.mapTo(review, QPoint(0, 0)).x()
    assert left + panel.width() <= review.width() and panel.width() >= panel.minimumSizeHint().width()
    window.close()
    review.close()


_ON_SCREEN = """
import sys
from pathlib import Path
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
app = QApplication([])
from annotator.gui.screenshots.shots import fill_store
from annotator.gui.screenshots.review_demo import annotate_demo
from annotator.gui.annotate.main_window import MainWindow
from annotator.gui.common.settings import Settings
from annotator.store import Store
tmp = Path(sys.argv[1])
store = Store(tmp / "d.db")
fill_store(store)
annotate_demo(store)
main = MainWindow(store, Settings(tmp / "s.ini"), "rev")
main.show()
QApplication.processEvents()
QTest.keyClick(main.view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
review = main.review_window
QApplication.processEvents()
screen = review.screen().availableGeometry()
frame = review.frameGeometry()
headers = all(review.lanes.headers[n].sizeHint().width() <= view.width() for n, view in review.lanes.lanes.items())
print(f"{screen.width()}x{screen.height()} {frame.width()}x{frame.height()} {screen.contains(frame)} "
      f"{review.isMaximized()} {review.minimumSizeHint().width() <= screen.width()} {headers}")
"""


@pytest.mark.parametrize("size", ["1280x800", "1024x700"])
def test_review_window_opens_inside_a_small_screen(tmp_path, size):
    width, height = (int(n) for n in size.split("x"))
    config = tmp_path / "screen.json"
    config.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "laptop",
                        "x": 0,
                        "y": 0,
                        "width": width,
                        "height": height,
                        "logicalDpi": 96,
                        "logicalBaseDpi": 96,
                        "dpr": 1,
                    }
                ]
            }
        )
    )
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", _ON_SCREEN, str(tmp_path)], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    screen, _frame, inside, maximised, fits, headers_whole = done.stdout.split()
    assert screen == size and inside == maximised == fits == headers_whole == "True", done.stdout
