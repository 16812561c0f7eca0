"""Print command N (1 or 2) of the README's Quick start block.

`.ci/run` runs what this prints, so CI runs exactly the commands a new user copies.
"""

from __future__ import annotations

import sys
from pathlib import Path


def commands(readme: Path) -> list[str]:
    text = readme.read_text(encoding="utf-8")
    try:
        block = text.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    except IndexError:
        raise SystemExit(f"{readme}: no ```sh block under '## Quick start'") from None
    return [line for line in block.strip().splitlines() if line.strip()]


if __name__ == "__main__":
    found = commands(Path(__file__).resolve().parent.parent / "README.md")
    if len(found) != 2:
        raise SystemExit(f"README.md: the Quick start has {len(found)} commands, not 2")
    print(found[int(sys.argv[1]) - 1])
