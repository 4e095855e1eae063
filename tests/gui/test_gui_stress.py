"""300,000 text-cursor calls and signal emissions in a child process exit cleanly (see stress_qt_calls.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).with_name("stress_qt_calls.py")


def test_300k_cursor_calls_and_emissions_exit_cleanly():
    done = subprocess.run([sys.executable, str(SCRIPT), "300000"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "300000 cursor calls" in done.stdout
