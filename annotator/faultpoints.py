"""Named points where a test can freeze the process, to kill it exactly there.

A random SIGKILL rarely lands between two renames; a test that sets
``ANNOTATOR_FAULTPOINT=NAME`` makes the process say ``paused at NAME`` on
stderr (and write ``ANNOTATOR_FAULTPOINT_FILE`` if that is set) and sleep when
it reaches ``NAME``, so the test kills it at the worst moment for real. With
``ANNOTATOR_FAULTPOINT_RESUME=PATH`` it goes on once ``PATH`` exists instead,
so that a test can act at that moment (edit a file, start another process)
and see what the process does next. Unset (always, outside tests), a point
costs one dictionary lookup.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

__all__ = ["ENV", "FILE_ENV", "RESUME_ENV", "reach"]

ENV = "ANNOTATOR_FAULTPOINT"
FILE_ENV = "ANNOTATOR_FAULTPOINT_FILE"
RESUME_ENV = "ANNOTATOR_FAULTPOINT_RESUME"


def reach(name: str) -> None:
    """Freeze here (until killed, or until the resume file exists) if a test asked for ``name``."""
    if os.environ.get(ENV) != name:
        return
    sys.stderr.write(f"paused at {name}\n")
    sys.stderr.flush()
    if os.environ.get(FILE_ENV):
        Path(os.environ[FILE_ENV]).write_text(name, "utf-8")
    resume = os.environ.get(RESUME_ENV)
    while not (resume and os.path.exists(resume)):  # the test kills the process now, or lets it go on
        time.sleep(0.05)
