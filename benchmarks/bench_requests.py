"""Whole-process time and peak memory of `diff --requests` on large request logs (issue 14).

Generates `--lines` access-log lines (combined log format; with `--formats` also the same
calls as JSON lines) with DuckDB's `COPY (SELECT ... FROM range(N)) TO`, deterministically:
`--customers` customers, five operations of the fixture spec pair
(`tests/fixtures/requests/pets-*.yaml`) with a thousand pet ids, query parameters on two of
them, one path of no operation, four calls a second. Then runs, as whole processes, each
once for its peak RSS and `--repeat` times for its median:

- `wc -l` over the log (reading it once: the floor of any reader);
- DuckDB counting the log's lines through the same `read_csv` as the engine (the floor of
  the engine: reading without parsing);
- `nosurprises diff OLD NEW --requests LOG --format json` (the DuckDB engine: the log is far
  past `engine.SMALL`).

and prints lines per second and each time as a ratio of the floors. This is a benchmark, not
a test: the figures go in docs/performance.md.

    python benchmarks/bench_requests.py [--lines 10000000] [--customers 5000] [--repeat 1]
                                        [--formats clf,jsonl] [--keep DIR]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _env import command_env, peak_mib

ROOT = Path(__file__).resolve().parents[1]
SPECS = ROOT / "tests" / "fixtures" / "requests"

_CUSTOMER = "'cus-' || lpad(((i * 7919) % {customers})::VARCHAR, 5, '0')"
_METHOD = "['GET', 'GET', 'GET', 'POST', 'DELETE'][1 + i % 5]"
_TARGET = ("['/v1/pets?limit=' || (i % 50), '/v1/pets/' || (i % 1000), '/v1/pets/mine', "
           "'/v1/pets?sort=name&limit=5', '/v1/health'][1 + (i // 7) % 5]")
_WHEN = "TIMESTAMP '2026-07-01' + to_seconds(i // 4)"


def generate(folder: Path, lines: int, customers: int, formats: list[str]) -> dict[str, Path]:
    """The logs, written by DuckDB (a few seconds for ten million lines)."""
    import duckdb

    made = {}
    con = duckdb.connect()
    customer = _CUSTOMER.format(customers=customers)
    if "clf" in formats:
        made["clf"] = folder / f"access-{lines}.log"
        line = (f"'10.0.' || (i % 256) || '.' || (i % 199) || ' - ' || {customer} || ' [' || "
                f"strftime({_WHEN}, '%d/%b/%Y:%H:%M:%S') || ' +0000] \"' || {_METHOD} || ' ' || {_TARGET} || "
                "' HTTP/1.1\" 200 ' || (i % 5000) || ' \"-\" \"bench/1.0\"'")
        con.execute(f"COPY (SELECT {line} AS line FROM range({lines}) t(i)) TO '{made['clf']}' "
                    "(FORMAT csv, HEADER false, QUOTE '', ESCAPE '', DELIMITER '\x1f')")
    if "jsonl" in formats:
        made["jsonl"] = folder / f"gateway-{lines}.jsonl"
        con.execute(f"""COPY (SELECT strftime({_WHEN}, '%Y-%m-%dT%H:%M:%SZ') AS time, {_METHOD} AS method,
                                     {_TARGET} AS path, {{'x-account-id': {customer}}} AS headers
                              FROM range({lines}) t(i)) TO '{made['jsonl']}' (FORMAT json)""")
    return made


def _seconds(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv[:6])}... exit {done.returncode}: "
                         f"{done.stderr.decode(errors='replace').strip()[:300]}")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=10_000_000)
    parser.add_argument("--customers", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--formats", default="clf,jsonl", help="of clf,jsonl")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="generate into DIR and keep it")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-requests-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        _bench(args, folder, [f for f in args.formats.split(",") if f])
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


def _bench(args: argparse.Namespace, folder: Path, formats: list[str]) -> None:
    start = time.perf_counter()
    logs = {fmt: path for fmt, path in generate(folder, args.lines, args.customers, formats).items()}
    print(f"generated {args.lines:,} lines per format ({', '.join(formats)}) for {args.customers:,} "
          f"customers in {time.perf_counter() - start:.1f} s", flush=True)
    env = command_env(ROOT / "src")
    py = sys.executable
    old, new = str(SPECS / "pets-old.yaml"), str(SPECS / "pets-new.yaml")
    for fmt, log in logs.items():
        size = log.stat().st_size
        count = ("import duckdb, sys\nduckdb.sql(\"SELECT count(*) FROM read_csv('\" + sys.argv[1] + \"', "
                 "columns={'line': 'VARCHAR'}, delim=chr(31), quote='', escape='', header=false, "
                 "auto_detect=false)\").fetchall()")
        key = [] if fmt == "clf" else ["--customer-key", "headers.x-account-id"]
        commands = {
            "wc -l": ["wc", "-l", str(log)],
            "duckdb count(*)": [py, "-c", count, str(log)],
            "diff --requests": [py, "-m", "nosurprises", "diff", old, new, "--requests", str(log), *key,
                                "--format", "json", "--max-bytes", f"{size + 1}"],
        }
        print(f"\n{fmt}: {log.name}, {size / 2**20:,.0f} MiB", flush=True)
        times = {}
        for name, argv in commands.items():
            peak = peak_mib(argv, env)
            times[name] = statistics.median(_seconds(argv, env) for _ in range(args.repeat))
            print(f"  {name:<16} {times[name]:7.2f} s  {args.lines / times[name]:>12,.0f} lines/s  "
                  f"peak {peak:7.0f} MiB", flush=True)
        ours = times["diff --requests"]
        print(f"  diff --requests = {ours / times['wc -l']:.1f}x wc -l, "
              f"{ours / times['duckdb count(*)']:.1f}x DuckDB count(*)", flush=True)


if __name__ == "__main__":
    main()
