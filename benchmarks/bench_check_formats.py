"""Time `nosurprises check` in each output format, as whole processes, against `--format json`.

The formats only present the verdicts, so each should cost about what the JSON report
costs: a format that is much slower has work in it that grows faster than the report (issue
9: `--format github` compared every verdict with the list of failed ones, quadratic, 61 s
on the Stripe pair). The machines are noisy, so the result is a ratio measured in one run:
the median wall time of `check -f FORMAT` over the median of `check -f json` on the same pair.

    python benchmarks/bench_check_formats.py [--pair DIR] [--repeat N] [--formats a,b,...]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "openapi"
FORMATS = ("json", "text", "github", "sarif", "junit", "markdown", "html")


def run(pair: Path, fmt: str, out: Path) -> float:
    """Wall time of one `nosurprises check` process writing `fmt` to `out`."""
    cmd = [sys.executable, "-m", "nosurprises", "check", str(pair / "old.json"), str(pair / "new.json"),
           "--on", "2026-12-01", "--format", fmt, "--output", str(out)]
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{fmt}: exit {done.returncode}: {done.stderr.strip()}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pair", type=Path, default=CORPUS / "stripe")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--formats", default=",".join(FORMATS))
    args = parser.parse_args()
    formats = [f for f in args.formats.split(",") if f]
    if "json" not in formats:
        formats.insert(0, "json")
    times: dict[str, list[float]] = {f: [] for f in formats}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.repeat):  # interleaved, so a noisy moment hurts every format alike
            for fmt in formats:
                times[fmt].append(run(args.pair, fmt, Path(tmp) / f"out.{fmt}"))
    base = statistics.median(times["json"])
    print(f"pair {args.pair.name}, median of {args.repeat} runs, whole processes")
    print("| format | wall time (s) | ratio to json |")
    print("|---|---:|---:|")
    for fmt in formats:
        median = statistics.median(times[fmt])
        print(f"| {fmt} | {median:.2f} | {median / base:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
