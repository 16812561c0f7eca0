"""The environment a benchmarked command runs in: as an installed tool's would be.

pip compiles every module it installs, so users never wait for Python to compile ours; a
shell with `PYTHONDONTWRITEBYTECODE` set (some CI images and containers set it) would have
each timed process compile the whole package again, a third of a small diff. So the tree is
compiled once, before the first timing, and the variable is dropped for the timed processes.
"""

from __future__ import annotations

import compileall
import os
from pathlib import Path


def command_env(src: Path) -> dict[str, str]:
    """This process's environment with `src` first on the path, its bytecode written."""
    compileall.compile_dir(src, quiet=1)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPATH": str(src)}
