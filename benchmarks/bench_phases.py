"""Where one `diff` of a pair spends its time, phase by phase, and what it would cost with a
comparison that took no time at all.

Each round runs three fresh processes, interleaved so that they meet the same noise:

- `diff`: the whole `nosurprises diff OLD NEW --format json`, as users wait for it;
- `parse`: a process that only parses both files with the fastest parser (the floor of
  `bench_cli.py`);
- `phases`: one process that times, in order, importing the command, reading and indexing
  both documents, *finding* the changes (the diff walk, `openapi.compare._findings`),
  judging them into changes (rule levels and sentences), building the report, and writing
  its JSON.

Besides the medians it prints `diff - find`: the whole process less the walk that finds the
changes, i.e. what the run would cost if finding them were free. Its ratio to `parse` is the
lowest `diff / parse` any comparison could reach while writing the same report.

    python benchmarks/bench_phases.py [--pair DIR] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _env import command_env
from bench_cli import CORPUS, PARSE, _pair, _time

ROOT = Path(__file__).resolve().parents[1]

PHASES = r"""
import gc, json, sys, time
t0 = time.perf_counter()
from nosurprises import cli  # noqa: F401  (what the command imports first)
from nosurprises.bounds import today
from nosurprises.finding import judge
from nosurprises.formats.json import render_json
from nosurprises.model import Report
from nosurprises.openapi import compare as C
from nosurprises.openapi.operation import Context
from nosurprises.openapi.sameness import Sameness
from nosurprises.openapi.schema import SchemaComparer
t1 = time.perf_counter()
gc.disable()  # as the command does while it compares (`cyclic_gc_paused`)
old, new = C.load_spec(sys.argv[1]), C.load_spec(sys.argv[2])
t2 = time.perf_counter()
same = Sameness(old.resolver, new.resolver)
day = today()
ctx = Context(old, new, SchemaComparer(old.resolver, new.resolver, same, today=day), same, day)
found = list(C._findings(ctx))
t3 = time.perf_counter()
origins, told = {}, {}
changes = [judge(C.as_written(C.at_origin(f, origins), old, new), told) for f in found]
changes += [judge(f, told) for f in C._version_bump(old, new, changes)]
t4 = time.perf_counter()
report = Report.from_changes(changes, [])
t5 = time.perf_counter()
text = render_json(report)
t6 = time.perf_counter()
print(json.dumps({"imports": t1 - t0, "load": t2 - t1, "find": t3 - t2, "judge": t4 - t3,
                  "report": t5 - t4, "json": t6 - t5, "changes": len(changes)}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pair", type=Path, default=CORPUS / "github-v22.0.0-v23.0.0")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    old, new = _pair(args.pair.resolve())
    env = command_env(ROOT / "src")
    diff = [sys.executable, "-m", "nosurprises", "diff", str(old), str(new), "--format", "json"]
    whole: dict[str, list[float]] = {"diff": [], "parse": []}
    phases: dict[str, list[float]] = {}
    changes = 0
    with tempfile.TemporaryDirectory() as folder:  # no configuration file is found there
        for _ in range(args.repeat):
            whole["diff"].append(_time(diff, env, folder))
            whole["parse"].append(_time([sys.executable, "-c", PARSE, str(old), str(new)], env, folder))
            start = time.perf_counter()
            done = subprocess.run([sys.executable, "-c", PHASES, str(old), str(new)], env=env,
                                  cwd=folder, capture_output=True, text=True, check=True)
            whole.setdefault("phases", []).append(time.perf_counter() - start)
            measured = json.loads(done.stdout)
            changes = measured.pop("changes")
            for name, value in measured.items():
                phases.setdefault(name, []).append(value)
    median = {name: statistics.median(t) for name, t in {**whole, **phases}.items()}
    print(f"pair {args.pair.name}, {changes:,} changes, {args.repeat} rounds, medians:")
    for name, value in median.items():
        print(f"  {name:8} {value:.3f} s")
    parse, diff_time, find = median["parse"], median["diff"], median["find"]
    print(f"  diff / parse: {diff_time / parse:.2f}")
    print(f"  diff - find: {diff_time - find:.3f} s, {(diff_time - find) / parse:.2f} x parse "
          "(the same report with a comparison that took no time)")
    print(f"  per change: find {find / max(changes, 1) * 1e6:.0f} us, judge and write "
          f"{(median['judge'] + median['report'] + median['json']) / max(changes, 1) * 1e6:.0f} us")


if __name__ == "__main__":
    main()
