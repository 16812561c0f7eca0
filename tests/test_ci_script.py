"""The Quick start and CI agree, work with a distribution's Python, and test the lower bounds."""

from __future__ import annotations

import importlib.util
import re
import subprocess
from pathlib import Path

import pytest

from .conftest import ROOT


def _quick_start() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    return [line for line in block.strip().splitlines() if line.strip()]


def _lowest():
    spec = importlib.util.spec_from_file_location("lowest", ROOT / ".ci" / "lowest.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_quick_start_needs_no_python_command_and_no_system_pip() -> None:
    # Debian and Ubuntu have `python3` but no `python`, and refuse pip outside a venv (PEP 668).
    for command in _quick_start():
        assert command.startswith("python3 -m venv .venv && "), command
        assert not re.search(r"(^|&& )(python|pip|pip3|nosurprises) ", command), command
        assert "--break-system-packages" not in command and "--user" not in command


def test_ci_runs_the_readme_commands_it_reads_from_the_readme() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python3 .ci/quick_start.py 1" in script and "python3 .ci/quick_start.py 2" in script
    printed = [subprocess.run(["python3", str(ROOT / ".ci" / "quick_start.py"), n], capture_output=True,
                              text=True, check=True).stdout.strip() for n in ("1", "2")]
    assert printed == _quick_start()


def test_every_dependency_has_a_tested_lower_bound() -> None:
    pins = _lowest().lower_bounds(ROOT / "pyproject.toml")
    names = {pin.split("==")[0] for pin in pins}
    assert {"pydantic", "pyyaml", "orjson", "jinja2", "pytest", "hypothesis"} <= names
    assert all(re.fullmatch(r"[a-z0-9._-]+==[0-9][^\s]*", pin) for pin in pins), pins


def test_a_dependency_without_a_lower_bound_is_refused(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\ndependencies = ["pydantic>=2.6", "orjson"]\n', encoding="utf-8")
    with pytest.raises(SystemExit, match="orjson has no lower bound"):
        _lowest().lower_bounds(tmp_path / "pyproject.toml")
