"""Print a pip constraints file that pins every dependency to its declared lower bound.

CI installs the project with these constraints in a second virtualenv and runs the tests
there too, so a lower bound in pyproject.toml is a version that was tested, not a guess.
A dependency without a `>=` lower bound is an error: every one must say what it needs.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*([^;]*)")


def lower_bounds(pyproject: Path) -> list[str]:
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    requirements = list(project.get("dependencies", []))
    for extra in project.get("optional-dependencies", {}).values():
        requirements.extend(extra)
    pins: dict[str, str] = {}
    for requirement in requirements:
        match = REQUIREMENT.match(requirement)
        if match is None:
            raise SystemExit(f"{pyproject}: cannot read the requirement {requirement!r}")
        name, specifiers = match.group(1), match.group(2)
        bound = re.search(r">=\s*([0-9][^,\s]*)", specifiers)
        if bound is None:
            raise SystemExit(f"{pyproject}: {name} has no lower bound (write {name}>=VERSION)")
        pins[name.lower()] = bound.group(1)
    return [f"{name}=={version}" for name, version in sorted(pins.items())]


if __name__ == "__main__":
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent
    print("\n".join(lower_bounds(root / "pyproject.toml")))
