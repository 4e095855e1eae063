"""Helpers that cause faults for real (imported by tests as ``tests.faults``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from annotator import faultpoints


def fill_disk(folder: Path) -> Path:
    """Fill the filesystem holding ``folder`` to the last byte; the filler file is returned."""
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as out:
        for size in (65536, 4096, 1):
            try:
                while True:
                    out.write(b"\0" * size)
            except OSError:
                pass
    return filler


def run_until(
    point: str, args: list[str], tmp_path: Path, *, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.Popen:
    """Start ``python -m annotator ARGS`` frozen at fault point ``point``; return it once it is there."""
    import time

    marker = tmp_path / f"reached-{point}"
    marker.unlink(missing_ok=True)
    child_env = {k: v for k, v in os.environ.items() if k != "ANNOTATOR_DB"}
    child_env.update(env or {})
    child_env.update({faultpoints.ENV: point, faultpoints.FILE_ENV: str(marker)})
    child = subprocess.Popen(
        [sys.executable, "-m", "annotator", *args],
        env=child_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + timeout
    while not marker.exists():
        if child.poll() is not None:
            raise AssertionError(f"exited {child.returncode} before {point}: {child.communicate()}")
        if time.monotonic() > deadline:
            child.kill()
            raise AssertionError(f"never reached {point}")
        time.sleep(0.02)
    return child
