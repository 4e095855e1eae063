"""The window at every width: no resize feedback loop, a centred reading column (see resize_window.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).with_name("resize_window.py")


def test_resizes_and_splitter_drags_from_800_to_3840_px_keep_a_centred_column():
    done = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"exit {done.returncode} after:\n{done.stdout[-800:]}\n{done.stderr[-1500:]}"
    lines = done.stdout.split("\n")
    assert lines[-2] == "done"
    rows = [line.split() for line in lines[:-2]]
    widths = {int(r[1]) for r in rows}
    assert max(widths) >= 3840 and min(widths) <= 800
    for step, _width, view, left, right, column, _list in rows:
        view, left, right, column = int(view), int(left), int(right), int(column)
        text = view - left - right
        assert left == right, (step, view, left, right)
        assert text >= min(view, column) - 8, (step, view, text, column)  # never narrower than it must be
        assert text <= max(column + 8, view - left - right), (step, view, text, column)
        if view > column + 40:
            assert left > 0 and text <= column + 8, (step, view, left, column)  # centred, not stretched
    collapsed = [r for r in rows if r[0] == "collapse"]
    assert collapsed and int(collapsed[0][6]) == 0  # the list pane really was dragged shut
    zooms = [int(r[5]) for r in rows if r[0] == "zoom"]
    assert zooms == sorted(zooms) and zooms[0] < zooms[-1]
