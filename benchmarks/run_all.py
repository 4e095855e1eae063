"""Run every benchmark the issues name and print a table of medians beside the targets.

    python benchmarks/run_all.py            # full sizes (several minutes)
    python benchmarks/run_all.py --small    # small sizes, as CI runs them
    python benchmarks/run_all.py --markdown # the table for the README

Each ``bench_*.py`` beside this file is run in its own process (so memory
figures are its own) and prints one JSON object per measurement:
``{"benchmark", "median_s", "target_s", ...}``. Nothing here asserts a time:
a slow machine gives slow figures, not failures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run_script(script: Path, small: bool) -> tuple[list[dict], str]:
    """Rows a benchmark script printed, and its error output if it failed."""
    args = [sys.executable, str(script)] + (["--small"] if small else [])
    proc = subprocess.run(args, capture_output=True, text=True, cwd=HERE.parent)
    rows = []
    for line in proc.stdout.splitlines():
        if line.startswith("{"):
            try:
                rows.append(json.loads(line))
            except ValueError:
                pass
    return rows, "" if proc.returncode == 0 else proc.stderr[-2000:]


SHOWN = ("p90_s", "p99_s", "peak_rss_mb", "dropped", "realigned")


def _extra(key: str, value: object) -> str:
    if key.endswith("_s"):
        return f"{key[:-2]} {fmt(float(value))}"  # type: ignore[arg-type]
    if key == "peak_rss_mb":
        return f"peak memory {value:.0f} MB"
    return f"{key} {value:,}" if isinstance(value, int) else f"{key} {value}"


def verdict(row: dict) -> str:
    target = row.get("target_s")
    if target is None:
        return ""
    return "ok" if row["median_s"] <= target else "OVER"


def fmt(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    return f"{seconds * 1000:.2f} ms" if seconds < 1 else f"{seconds:.2f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="small sizes, for CI")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--only", help="run only bench_<ONLY>.py")
    args = parser.parse_args(argv)
    scripts = sorted(HERE.glob(f"bench_{args.only or '*'}.py"))
    rows, failures = [], []
    for script in scripts:
        began = time.perf_counter()
        found, error = run_script(script, args.small)
        print(f"# {script.name}: {len(found)} figures in {time.perf_counter() - began:.0f} s", file=sys.stderr)
        rows += found
        if error:
            failures.append(f"{script.name} failed:\n{error}")
    machine = f"{platform.machine()}, Python {platform.python_version()}, {os.cpu_count()} cores"
    if args.markdown:
        print(f"Measured on {machine}:\n")
        print("| benchmark | target | median | |\n|---|---|---|---|")
        for row in rows:
            extra = "; ".join(_extra(k, row[k]) for k in SHOWN if k in row)
            print(
                f"| {row['benchmark']}{' (' + extra + ')' if extra else ''} | {fmt(row.get('target_s'))} "
                f"| {fmt(row['median_s'])} | {verdict(row)} |"
            )
    else:
        width = max((len(r["benchmark"]) for r in rows), default=10)
        print(f"{'benchmark':<{width}}  {'target':>10}  {'median':>10}")
        for row in rows:
            print(
                f"{row['benchmark']:<{width}}  {fmt(row.get('target_s')):>10}  {fmt(row['median_s']):>10}  "
                f"{verdict(row)}"
            )
    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
