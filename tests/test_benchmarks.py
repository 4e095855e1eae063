"""The benchmark suite keeps working: every script runs at small size and reports figures.

Nothing here checks a time: a slow machine gives slow figures, not failures.
"""

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"


def test_every_benchmark_runs_at_small_size():
    proc = subprocess.run(
        [sys.executable, str(BENCH / "run_all.py"), "--small"],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=BENCH.parent,
    )
    assert proc.returncode == 0, proc.stderr
    for script in sorted(BENCH.glob("bench_*.py")):
        assert f"# {script.name}: 0 figures" not in proc.stderr, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("benchmark") and len(lines) > 5


def test_each_script_prints_json_rows():
    proc = subprocess.run(
        [sys.executable, str(BENCH / "bench_core.py"), "--small"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=BENCH.parent,
    )
    rows = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    assert {"benchmark", "median_s", "target_s"} <= set(rows[0])
    assert all(row["median_s"] > 0 for row in rows)
