"""The environment a benchmarked command runs in: as an installed tool's would be.

pip compiles every module it installs, so users never wait for Python to compile ours; a
shell with `PYTHONDONTWRITEBYTECODE` set (some CI images and containers set it) would have
each timed process compile the whole package again, a third of a small diff. So the tree is
compiled once, before the first timing, and the variable is dropped for the timed processes.
"""

from __future__ import annotations

import compileall
import os
import subprocess
import sys
from pathlib import Path


def command_env(src: Path) -> dict[str, str]:
    """This process's environment with `src` first on the path, its bytecode written."""
    compileall.compile_dir(src, quiet=1)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPATH": str(src)}


def peak_mib(argv: list[str], env: dict[str, str]) -> float:
    """Peak RSS of one process, in MiB, measured alone (`ru_maxrss` of a fresh grandchild:
    the benchmark's own memory does not count)."""
    probe = ("import resource, subprocess, sys\n"
             "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
    out = subprocess.run([sys.executable, "-c", probe, *argv], env=env, capture_output=True,
                         text=True, check=False)
    return int(out.stdout.strip() or 0) / 1024
