"""Whole-process time and peak memory of pricing with usage at scale (issue 13).

Generates, deterministically (seeded), two price books of `--plans` plans (JSON) that differ
in 15 places, and a usage file of `--customers` customers (CSV; with `--formats` also JSON
lines and Parquet, written by DuckDB from the CSV), into a temporary folder. Then times whole
processes, interleaved so that each round meets the same noise, and reports medians, peak RSS
(`resource.getrusage(RUSAGE_CHILDREN)` read after each child, which is the largest child so
far: each command is run first in a fresh process of its own to read its own peak), and each
figure as a ratio against floors of the same run:

- `python`: `python -c pass` (start-up alone);
- `parse`: reading and parsing both books with orjson;
- `scan`: DuckDB counting the usage file's rows (reading the CSV once, out of core).

The commands: `diff OLD NEW --format json` (the book diff), `diff ... --usage U --format json`
for each usage format, and `notice ... --usage U --out DIR` (`--notice-customers` of them; one
e-mail per affected customer). With `--against SRC` (a source tree, e.g. a worktree of an older
commit) the same commands also run from SRC, for before/after figures.

    python benchmarks/bench_usage.py [--plans 10000] [--customers 1000000] [--repeat 3]
                                     [--formats csv,jsonl,parquet] [--against SRC] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from csv import DictReader
from decimal import Decimal
from pathlib import Path
from typing import Any

from _env import command_env, peak_mib

ROOT = Path(__file__).resolve().parents[1]
SEED = 13
UNITS = ("request", "GB")


def _plan(i: int, rng: random.Random) -> dict[str, Any]:
    """Plan `p<i>`: a monthly fee, graduated request tiers, a metered GB price and a cap."""
    first = rng.choice((1_000, 10_000, 100_000))
    return {
        "id": f"p{i:05d}", "name": f"Plan {i}",
        "price": {"amount": f"{rng.randint(0, 500)}.{rng.randint(0, 99):02d}", "currency": "USD",
                  "interval": "month"},
        "usage_prices": [
            {"id": "req-1", "unit": "request", "amount": "0.00", "currency": "USD", "per": 1000,
             "tier": {"from": 0, "to": first, "period": "month"}},
            {"id": "req-2", "unit": "request", "amount": f"0.{rng.randint(1, 99):02d}", "currency": "USD",
             "per": 1000, "tier": {"from": first + 1, "to": None, "period": "month"}},
            {"id": "gb", "unit": "GB", "amount": f"0.{rng.randint(1, 30):02d}", "currency": "USD", "per": 1}],
        "limits": [{"id": "requests", "value": first * 50, "unit": "request", "period": "month"}],
    }


def books(plans: int) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
    """(old, new, the ids of the plans that changed): 15 changes among `plans` plans."""
    rng = random.Random(SEED)
    old = [_plan(i, rng) for i in range(plans)]
    new = json.loads(json.dumps(old))
    picked = rng.sample(range(plans), 13)
    for i in picked[:5]:  # five fees up by 10%
        price = new[i]["price"]
        price["amount"] = f"{Decimal(price['amount']) * Decimal('1.1') + Decimal('0.01'):.2f}"
    for i in picked[5:8]:  # three metered prices up
        new[i]["usage_prices"][1]["amount"] = "0.99"
    for i in picked[8:11]:  # three caps halved
        new[i]["limits"][0]["value"] //= 2
    removed = sorted(picked[11:13], reverse=True)
    changed = [old[i]["id"] for i in picked]
    for i in removed:  # two plans withdrawn
        del new[i]
    new.append(_plan(plans, rng))  # and two new ones
    new.append(_plan(plans + 1, rng))
    book = {"kind": "pricing", "product": "Bench API"}
    return {**book, "plans": old}, {**book, "plans": new}, changed


def usage_csv(path: Path, customers: int, plans: int) -> None:
    """One row per customer: a plan, sometimes seats, requests and GB used in the month."""
    rng = random.Random(SEED + 1)
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("customer,plan,quantity,usage:request,usage:GB\n")
        rows = []
        for c in range(customers):
            seats = rng.choice(("", "", "", "2", "5"))
            gb = rng.choice(("", f"{rng.randint(0, 500)}.{rng.randint(0, 9)}"))
            rows.append(f"cus-{c:07d},p{rng.randrange(plans):05d},{seats},{rng.randint(0, 3_000_000)},{gb}\n")
            if len(rows) == 10_000:
                out.writelines(rows)
                rows.clear()
        out.writelines(rows)


def other_formats(csv: Path, formats: list[str]) -> dict[str, Path]:
    """The same usage as Parquet (written by DuckDB) and JSON lines, the counts as exact text."""
    import duckdb

    made = {"csv": csv}
    con = duckdb.connect()
    source = f"read_csv('{csv}', header=true, all_varchar=true)"
    if "parquet" in formats:
        made["parquet"] = csv.with_suffix(".parquet")
        con.execute(f"""COPY (SELECT customer, plan, TRY_CAST(quantity AS BIGINT) AS quantity,
                               "usage:request", "usage:GB" FROM {source})
                        TO '{made['parquet']}' (FORMAT parquet)""")
    if "jsonl" in formats:  # absent cells are absent keys (a null is no count)
        made["jsonl"] = csv.with_suffix(".jsonl")
        with csv.open(encoding="utf-8", newline="") as rows, made["jsonl"].open("w", encoding="utf-8") as out:
            for row in DictReader(rows):
                line: dict[str, Any] = {"customer": row["customer"], "plan": row["plan"]}
                if row["quantity"]:
                    line["quantity"] = int(row["quantity"])
                line["usage"] = {k.removeprefix("usage:"): v for k, v in row.items()
                                 if k.startswith("usage:") and v}
                out.write(json.dumps(line) + "\n")
    return made


def _run(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Seconds and exit code of one whole process."""
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        print(f"  ! {' '.join(argv[2:5])}... exit {done.returncode}: "
              f"{done.stderr.decode(errors='replace').strip()[:300]}", file=sys.stderr)
    return seconds, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=10_000)
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--notice-customers", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--formats", default="csv", help="usage formats, of csv,jsonl,parquet")
    parser.add_argument("--against", type=Path, metavar="SRC",
                        help="another source tree (its src/ first on PYTHONPATH)")
    parser.add_argument("--skip-against", default="", help="commands not to run from SRC (too slow), "
                        "e.g. notice")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="generate into DIR and keep it")
    args = parser.parse_args()
    formats = [f for f in args.formats.split(",") if f]
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-usage-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        _bench(args, folder, formats)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


def _bench(args: argparse.Namespace, folder: Path, formats: list[str]) -> None:
    old, new, changed = books(args.plans)
    paths = {name: folder / f"{name}.json" for name in ("old", "new")}
    for name, book in (("old", old), ("new", new)):
        paths[name].write_text(json.dumps(book, indent=1), encoding="utf-8")
    usage = folder / f"usage-{args.customers}.csv"
    if not usage.exists():
        usage_csv(usage, args.customers, args.plans)
    usages = other_formats(usage, formats)
    small = folder / f"usage-{args.notice_customers}.csv"
    if not small.exists():
        usage_csv(small, args.notice_customers, args.plans)
    print(f"{args.plans:,} plans ({len(changed)} changed or withdrawn, 2 added), "
          f"{args.customers:,} customers "
          f"({usage.stat().st_size / 2**20:.1f} MiB CSV); notice with {args.notice_customers:,}; "
          f"{args.repeat} rounds", flush=True)
    py, book_args = sys.executable, [str(paths["old"]), str(paths["new"])]
    cli = [py, "-m", "nosurprises"]
    commands: dict[str, list[str]] = {
        "python": [py, "-c", "pass"],
        "parse": [py, "-c", "import orjson, sys\nfor p in sys.argv[1:]: orjson.loads(open(p, 'rb').read())",
                  *book_args],
        "scan": [py, "-c", "import duckdb, sys\nduckdb.sql(f\"SELECT count(*) FROM read_csv('{sys.argv[1]}', "
                 "all_varchar=true)\").fetchall()", str(usage)],
        "book diff": [*cli, "diff", *book_args, "--format", "json"]}
    for fmt, path in usages.items():
        # JSON lines of a million customers pass the default 64 MiB cap on an input's size
        commands[f"diff --usage {fmt}"] = [*cli, "diff", *book_args, "--usage", str(path), "--format", "json",
                                           "--max-bytes", "256M"]
    commands["notice --usage"] = [*cli, "notice", *book_args, "--announce", "2027-01-01", "--usage",
                                  str(small), "--channel", "email", "--out", str(folder / "out")]
    here = command_env(ROOT / "src")
    runs = {name: (argv, here) for name, argv in commands.items()}
    if args.against:
        there = command_env(args.against / "src")
        skip = {s for s in args.skip_against.split(",") if s}
        runs |= {f"{name} (SRC)": (argv, there) for name, argv in commands.items()
                 if name not in ("python", "parse", "scan") and not any(s in name for s in skip)}
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.repeat):
        for name, (argv, env) in runs.items():
            shutil.rmtree(folder / "out", ignore_errors=True)
            times[name].append(_run(argv, env)[0])
    peaks = {}
    for name, (argv, env) in runs.items():
        shutil.rmtree(folder / "out", ignore_errors=True)
        peaks[name] = peak_mib(argv, env)
    median = {name: statistics.median(t) for name, t in times.items()}
    print(f"{'command':28} {'median s':>9} {'peak MiB':>9} {'/python':>8} {'/parse':>8} {'/scan':>8}")
    for name, value in median.items():
        ratios = "".join(f" {value / median[f]:8.2f}" for f in ("python", "parse", "scan"))
        print(f"{name:28} {value:9.3f} {peaks[name]:9.0f}{ratios}")


if __name__ == "__main__":
    main()
