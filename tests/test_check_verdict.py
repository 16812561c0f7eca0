"""`check` on a rewritten ledger: the verdict of every format says the gate failed, and why.

Before, the verdicts were judged on the rewritten ledger alone: every change could be
covered, the last line said "Every change may ship." and only stderr and the exit code (1)
told otherwise; a reviewer reading the comment or the annotations saw a pass.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from nosurprises.cli import main

from .conftest import ROOT

OLD = str(ROOT / "examples" / "petstore-old.yaml")
NEW = str(ROOT / "examples" / "petstore-new.yaml")
LEDGER = str(ROOT / "examples" / "notices.yaml")
ON = "2027-06-01"


@pytest.fixture
def rewritten(tmp_path: Path) -> tuple[str, str]:
    """(a ledger whose first entry was removed since `base.yaml`, that entry's id); what is
    left announces every change in time."""
    entries = yaml.safe_load(Path(LEDGER).read_text())["notices"]
    entries.append({"id": "everything", "summary": "All of it.", "announced": "2025-01-01",
                    "effective": ON, "channels": ["email"], "covers": {}})
    (tmp_path / "base.yaml").write_text(yaml.safe_dump({"notices": entries}))
    (tmp_path / "notices.yaml").write_text(yaml.safe_dump({"notices": entries[1:]}))
    return str(tmp_path / "notices.yaml"), entries[0]["id"]


def _check(capsys: pytest.CaptureFixture[str], ledger: str, fmt: str, base: bool = True
           ) -> tuple[int, str]:
    args = ["check", OLD, NEW, "--ledger", ledger, "--on", ON, "-f", fmt]
    code = main([*args, "--ledger-base", str(Path(ledger).parent / "base.yaml")] if base else args)
    return code, capsys.readouterr().out


def test_every_change_covered_still_fails_on_a_rewritten_ledger(
        rewritten: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    ledger, gone = rewritten
    code, out = _check(capsys, ledger, "text", base=False)
    assert code == 0 and out.rstrip().endswith("Every change may ship.")  # the same ledger, not compared
    code, out = _check(capsys, ledger, "text")
    assert code == 1
    last = out.rstrip().splitlines()[-1]
    assert last.startswith("Nothing may ship: the ledger was rewritten (1 problem(s)")
    assert "LEDGER REWRITTEN (1)" in out and gone in out


@pytest.mark.parametrize("fmt", ["markdown", "github", "junit", "sarif", "html"])
def test_each_format_states_the_failure(fmt: str, rewritten: tuple[str, str],
                                        capsys: pytest.CaptureFixture[str]) -> None:
    ledger, gone = rewritten
    code, out = _check(capsys, ledger, fmt)
    assert code == 1
    assert "ledger was rewritten" in out and gone in out
    assert "every change may ship" not in out.lower()
    if fmt == "github":
        assert out.splitlines()[0].startswith("::error title=nosurprises check::")
    if fmt == "junit":
        ET.fromstring(out.split("\n", 1)[1])
    if fmt == "sarif":
        notes = json.loads(out)["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        assert any("ledger was rewritten" in n["message"]["text"] for n in notes)


def test_json_has_the_problems_as_a_field_and_keeps_the_old_ones(
        rewritten: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    ledger, gone = rewritten
    code, out = _check(capsys, ledger, "json")
    data = json.loads(out)
    assert code == 1
    assert {"changes", "summary", "verdicts", "gate", "on", "warnings"} <= data.keys()
    (problem,) = data["ledger_problems"]
    assert problem.startswith(f"{ledger}: ") and gone in problem
    _, out = _check(capsys, ledger, "json", base=False)
    assert json.loads(out)["ledger_problems"] == []
