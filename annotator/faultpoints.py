"""Named points where a test can freeze the process, to kill it exactly there.

A random SIGKILL rarely lands between two renames; a test that sets
``ANNOTATOR_FAULTPOINT=NAME`` makes the process say ``paused at NAME`` on
stderr (and write ``ANNOTATOR_FAULTPOINT_FILE`` if that is set) and sleep when
it reaches ``NAME``, so the test kills it at the worst moment for real. Unset
(always, outside tests), a point costs one dictionary lookup.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

__all__ = ["ENV", "FILE_ENV", "reach"]

ENV = "ANNOTATOR_FAULTPOINT"
FILE_ENV = "ANNOTATOR_FAULTPOINT_FILE"


def reach(name: str) -> None:
    """Freeze here (until killed) if a test asked for ``name``."""
    if os.environ.get(ENV) != name:
        return
    sys.stderr.write(f"paused at {name}\n")
    sys.stderr.flush()
    if os.environ.get(FILE_ENV):
        Path(os.environ[FILE_ENV]).write_text(name, "utf-8")
    while True:  # the test kills the process now
        time.sleep(0.05)
