"""Run the CLI in a child process bounded in time and memory, to turn a hang into a failure.

The bounds are generous guards, not speed assertions: a run that needs more than a few
hundred megabytes or many seconds for a small input has lost its bound on the work.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

MEMORY = 1 << 30
"""Address space of the child (RLIMIT_AS): the 350 KB oneOf case needed 3.7 GB unbounded."""


@dataclass
class Run:
    code: int
    out: str
    err: str


def _limit(memory: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))


def run_cli(args: list[str], *, cwd: Path | None = None, timeout: float = 60,
            memory: int = MEMORY, stdin: str | None = None) -> Run:
    """`python -m nosurprises ARGS` with an address-space limit and a wall-clock guard."""
    env = {**os.environ, "NO_COLOR": "1", "PYTHONHASHSEED": "0"}
    done = subprocess.run([sys.executable, "-m", "nosurprises", *args], cwd=cwd, env=env,
                          input=stdin if stdin is not None else "", capture_output=True,
                          text=True, errors="replace", timeout=timeout,
                          preexec_fn=lambda: _limit(memory))
    return Run(done.returncode, done.stdout, done.stderr)
