"""Whole-process time of `nosurprises diff` against floors measured in the same run.

What users wait for is the whole process: start-up, imports, parsing, comparing, writing.
The machines are noisy, so each figure is a ratio of medians, the runs interleaved:

- `diff / parse`: the CLI on a pair against a process that only parses both files with the
  fastest parser (orjson for JSON, libyaml's C loader for YAML);
- `diff / python`: against `python -c pass` (start-up alone);
- every command runs in an empty temporary folder (no `nosurprises.yaml`, no `pyproject.toml`);
- with `--against SRC`, `diff / diff(SRC)`: against the same command run from another source
  tree (e.g. a worktree of an older commit), to tell whether a change made the CLI slower;
- `help`: `nosurprises --help` (start-up and the parser; with `--against`, `help(SRC)` too);
- with `--peer`, `diff / peer`: against api-smart-diff (npm) comparing the same pair in a
  Node process (reading both files with js-yaml); installed with npm into a cache folder the
  first time, skipped (and said so) when `node` or `npm` is missing or the install fails.

    python benchmarks/bench_cli.py [--pair DIR] [--repeat N] [--against SRC] [--lang LOCALE] [--peer]
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

from _env import command_env

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "openapi"
PEER_DIR = Path.home() / ".cache" / "nosurprises-bench" / "api-smart-diff"
PEER = ("const fs = require('fs'); const yaml = require('js-yaml'); const asd = require('api-smart-diff');\n"
        "const [a, b] = process.argv.slice(2).map(p => yaml.load(fs.readFileSync(p, 'utf8')));\n"
        "process.stdout.write(JSON.stringify(asd.apiDiff(a, b)));\n")
PARSE = ("import orjson, sys, yaml\n"
         "for p in sys.argv[1:]:\n"
         "    b = open(p, 'rb').read()\n"
         "    orjson.loads(b) if p.endswith('.json') else yaml.load(b, Loader=yaml.CSafeLoader)\n")


def _pair(directory: Path) -> tuple[Path, Path]:
    files = {f.stem: f for f in directory.iterdir() if f.stem in ("old", "new")}
    return files["old"], files["new"]


def _time(argv: list[str], env: dict[str, str], cwd: str) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=False)
    return time.perf_counter() - start


def _peer() -> list[str] | None:
    """The Node command comparing a pair with api-smart-diff, installing it the first time."""
    if not (shutil.which("node") and shutil.which("npm")):
        print("peer skipped: node or npm is not installed")
        return None
    script = PEER_DIR / "diff.cjs"
    if not (PEER_DIR / "node_modules" / "api-smart-diff").is_dir():
        PEER_DIR.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(["npm", "install", "--prefix", str(PEER_DIR), "--no-audit", "--no-fund",
                               "api-smart-diff@1", "js-yaml@4"], capture_output=True, check=False)
        if done.returncode:
            print(f"peer skipped: npm install failed ({done.stderr.decode()[-200:].strip()})")
            return None
    script.write_text(PEER)
    return ["node", str(script)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pair", type=Path, default=CORPUS / "stripe")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--against", type=Path, metavar="SRC",
                        help="another source tree (its src/ is put first on PYTHONPATH)")
    parser.add_argument("--lang", default="en")
    parser.add_argument("--peer", action="store_true", help="also time api-smart-diff (npm)")
    args = parser.parse_args()
    old, new = _pair(args.pair.resolve())
    here = command_env(ROOT / "src")
    diff = [sys.executable, "-m", "nosurprises", "diff", str(old), str(new), "--format", "json",
            *(["--lang", args.lang] if args.lang != "en" else [])]
    runs: dict[str, tuple[list[str], dict[str, str]]] = {
        "diff": (diff, here),
        "parse": ([sys.executable, "-c", PARSE, str(old), str(new)], here),
        "python": ([sys.executable, "-c", "pass"], here),
        "help": ([sys.executable, "-m", "nosurprises", "--help"], here)}
    if args.against:
        there = command_env(args.against / "src")
        runs["diff(SRC)"] = (diff, there)
        runs["help(SRC)"] = ([sys.executable, "-m", "nosurprises", "--help"], there)
    peer = _peer() if args.peer else None
    if peer:
        runs["peer"] = ([*peer, str(old), str(new)], here)
    times: dict[str, list[float]] = {name: [] for name in runs}
    # Every command runs in an empty folder, as in a project with no configuration: run here,
    # the CLI would read this repository's pyproject.toml (it names the tool) on every call.
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(args.repeat):  # interleaved: each round meets the same noise
            for name, (argv, env) in runs.items():
                times[name].append(_time(argv, env, folder))
    median = {name: statistics.median(t) for name, t in times.items()}
    print(f"pair {args.pair.name}, {args.repeat} rounds, medians:")
    for name, value in median.items():
        print(f"  {name:10} {value:.3f} s")
    for floor in [n for n in ("parse", "python", "diff(SRC)", "peer") if n in median]:
        print(f"  diff / {floor}: {median['diff'] / median[floor]:.2f}")
    if "help(SRC)" in median:
        print(f"  help / help(SRC): {median['help'] / median['help(SRC)']:.2f}")


if __name__ == "__main__":
    main()
