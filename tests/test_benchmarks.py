"""The benchmark scripts still run (their figures live in docs/performance.md): each on the
bundled petstore pair, one round, checked for the lines its reader relies on. Times are not
asserted; the scripts measure them as ratios."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT


@pytest.fixture
def pair(tmp_path: Path) -> Path:
    folder = tmp_path / "petstore"
    folder.mkdir()
    shutil.copy(ROOT / "examples" / "petstore-old.yaml", folder / "old.yaml")
    shutil.copy(ROOT / "examples" / "petstore-new.yaml", folder / "new.yaml")
    return folder


def _bench(script: str, *argv: str) -> str:
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / script), *argv],
                          capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_bench_phases_splits_one_diff_into_its_phases(pair: Path) -> None:
    out = _bench("bench_phases.py", "--pair", str(pair), "--repeat", "1")
    reported = subprocess.run([sys.executable, "-m", "nosurprises", "diff", str(pair / "old.yaml"),
                               str(pair / "new.yaml"), "--format", "json"], capture_output=True,
                              text=True, check=False).stdout
    changes = len(json.loads(reported)["changes"])
    assert f"pair petstore, {changes:,} changes, 1 rounds" in out  # the same changes as the CLI
    for phase in ("imports", "load", "find", "judge", "report", "json"):
        assert re.search(rf"^  {phase} +\d+\.\d{{3}} s$", out, re.M), phase
    assert re.search(r"diff - find: \d+\.\d{3} s, \d+\.\d\d x parse", out)


def test_bench_cli_times_the_command_against_its_floors(pair: Path) -> None:
    out = _bench("bench_cli.py", "--pair", str(pair), "--repeat", "1")
    for name in ("diff", "parse", "python", "help"):
        assert re.search(rf"^  {name} +\d+\.\d{{3}} s$", out, re.M), name
    assert re.search(r"diff / parse: \d+\.\d\d", out)
