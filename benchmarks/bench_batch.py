"""Many small spec pairs: one `nosurprises diff OLD_DIR NEW_DIR` against one process per pair.

An API platform has hundreds of specs. The figures, interleaved in the same run (medians):

- `batch`: `nosurprises diff OLD NEW --format json` over two directories of N pairs;
- `batch -j2`: the same on two processes;
- `per pair`: `nosurprises diff a b --format json` once per pair, timed on a sample of pairs
  and scaled to N (running all of them takes minutes; the sample's median is what scales);
- `loop`: one Python process calling `compare_openapi` on every pair (the floor: no start-up
  per pair, no report written).

The pairs are made from the petstore example (the repository's `examples/`), each with its own
title, paths and enum so no two are alike: small specs, as most of a platform's are.

    python benchmarks/bench_batch.py [--pairs 500] [--repeat 3] [--sample 10]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from _env import command_env

ROOT = Path(__file__).resolve().parents[1]
LOOP = ("import sys, pathlib\nfrom nosurprises import compare_openapi\n"
        "old, new = map(pathlib.Path, sys.argv[1:3])\n"
        "for p in sorted(old.glob('*.yaml')):\n    compare_openapi(p, new / p.name)\n")


def make_pairs(folder: Path, count: int) -> tuple[Path, Path]:
    """`count` pairs in `folder/old` and `folder/new`, each renamed so no two are alike."""
    old_doc = yaml.safe_load((ROOT / "examples" / "petstore-old.yaml").read_text())
    new_doc = yaml.safe_load((ROOT / "examples" / "petstore-new.yaml").read_text())
    old_dir, new_dir = folder / "old", folder / "new"
    old_dir.mkdir()
    new_dir.mkdir()
    for i in range(count):
        for doc, out in ((old_doc, old_dir), (new_doc, new_dir)):
            spec = dict(doc, info={**doc["info"], "title": f"Service {i}"},
                        paths={f"/s{i}{path}": item for path, item in doc["paths"].items()})
            (out / f"service-{i:04}.yaml").write_text(yaml.safe_dump(spec, sort_keys=False))
    return old_dir, new_dir


def _time(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sample", type=int, default=10, help="pairs timed one process each")
    args = parser.parse_args()
    env = command_env(ROOT / "src")
    cli = [sys.executable, "-m", "nosurprises", "diff"]
    with tempfile.TemporaryDirectory() as tmp:
        old, new = make_pairs(Path(tmp), args.pairs)
        names = sorted(p.name for p in old.iterdir())[: args.sample]
        times: dict[str, list[float]] = {"batch": [], "batch -j2": [], "per pair": [], "loop": []}
        for _ in range(args.repeat):
            times["batch"].append(_time([*cli, str(old), str(new), "-f", "json"], env))
            times["batch -j2"].append(_time([*cli, str(old), str(new), "-f", "json", "-j", "2"], env))
            one = statistics.median(_time([*cli, str(old / n), str(new / n), "-f", "json"], env)
                                    for n in names)
            times["per pair"].append(one * args.pairs)
            times["loop"].append(_time([sys.executable, "-c", LOOP, str(old), str(new)], env))
    median = {name: statistics.median(t) for name, t in times.items()}
    print(f"{args.pairs} pairs, {args.repeat} rounds, medians (per pair: {args.sample} timed, scaled):")
    for name, value in median.items():
        print(f"  {name:10} {value:8.2f} s   ratio to loop {value / median['loop']:6.2f}")


if __name__ == "__main__":
    main()
