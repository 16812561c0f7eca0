"""Time `compare_openapi` on the largest corpus pair against parsing both files.

The machines are noisy, so the result is a ratio measured in one run: the median time of
a full comparison (which parses both files itself) divided by the median time of just
parsing the two files with the fastest parser available (orjson for JSON, libyaml's C
loader for YAML). Goal: ratio <= 2.0.

    python benchmarks/bench_compare.py [--pair DIR | --all] [--repeat N] [--json]

`--all` measures every corpus pair and prints a Markdown table (for docs/performance.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import resource
import statistics
import sys
import time
from pathlib import Path

import orjson
import yaml

import nosurprises

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "openapi"


def largest_pair() -> Path:
    pairs = [d for d in CORPUS.iterdir() if d.is_dir()]
    return max(pairs, key=lambda d: sum(f.stat().st_size for f in d.iterdir()))


def _files(pair: Path) -> tuple[Path, Path]:
    old = next(f for f in pair.iterdir() if f.stem == "old")
    new = next(f for f in pair.iterdir() if f.stem == "new")
    return old, new


def _median(fn, repeat: int, *, gc_paused: bool = False) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        if gc_paused:
            gc.disable()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
        gc.enable()
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pair", type=Path, help="a corpus pair folder (default: the largest)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--all", action="store_true", help="every corpus pair, as a table")
    args = parser.parse_args()
    if args.pair is None and not CORPUS.exists():
        print(f"corpus not found at {CORPUS}", file=sys.stderr)
        return 2
    if args.all:
        print("| pair | bytes (old + new) | parse both (s) | compare (s) | ratio | changes |")
        print("|---|---:|---:|---:|---:|---:|")
        for folder in sorted(d for d in CORPUS.iterdir() if d.is_dir()):
            r = measure(folder, args.repeat)
            print(f"| {r['pair']} | {r['bytes']:,} | {r['parse_both_s']:.4f} | "
                  f"{r['compare_s']:.4f} | {r['ratio']:.2f} | {sum(r['changes'].values()):,} |")
        return 0
    result = measure(args.pair or largest_pair(), args.repeat)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"pair            {result['pair']} ({result['bytes']:,} bytes)")
        print(f"parse both      {result['parse_both_s']:.3f} s (orjson)")
        print(f"compare_openapi {result['compare_s']:.3f} s")
        print(f"ratio           {result['ratio']:.2f}  (goal <= 2.0)")
        print(f"peak RSS        {result['peak_rss_mib']:.0f} MiB")
        print(f"changes         {result['changes']}")
    return 0


def measure(pair: Path, repeat: int) -> dict:
    """Median times of a bare parse and of a full comparison of one pair, and their ratio."""
    old, new = _files(pair)
    today = dt.date(2026, 1, 1)

    def parse(path: Path) -> object:
        """The fastest parser for the format: orjson for JSON, libyaml's C loader for YAML."""
        raw = path.read_bytes()
        if raw.lstrip()[:1] in (b"{", b"["):
            return orjson.loads(raw)
        return yaml.load(raw, Loader=yaml.CSafeLoader)

    def parse_both() -> None:
        parse(old)
        parse(new)

    def compare() -> None:
        nosurprises.compare_openapi(old, new, today=today)

    compare()  # warm imports and caches of the interpreter, not of the library
    # The baseline parses with the cycle collector paused, as compare_openapi does itself:
    # the fastest bare parse, so the ratio is the strictest one.
    baseline = _median(parse_both, repeat, gc_paused=True)
    full = _median(compare, repeat)
    report = nosurprises.compare_openapi(old, new, today=today)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "pair": pair.name,
        "bytes": old.stat().st_size + new.stat().st_size,
        "parse_both_s": round(baseline, 4),
        "compare_s": round(full, 4),
        "ratio": round(full / baseline, 2),
        "peak_rss_mib": round(peak_mib, 1),
        "changes": report.summary.model_dump(),
    }


if __name__ == "__main__":
    raise SystemExit(main())
