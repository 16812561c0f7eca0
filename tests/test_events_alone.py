"""Item 12: declared events (a sale, a shutdown) are judged without documents to compare.

`check`, `plan` and `notice` take OLD and NEW together or not at all; with neither, the
report holds the events of `--events` alone, exactly as they appear beside a diff.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nosurprises.cli import main

from .conftest import ROOT

EX = ROOT / "examples"
EVENTS = str(EX / "events.yaml")
SAME = str(EX / "petstore-old.yaml")


def _out(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_check_judges_events_alone_as_beside_an_unchanged_document(
        capsys: pytest.CaptureFixture[str]) -> None:
    alone = _out(["check", "--events", EVENTS, "--on", "2027-01-01", "-f", "json"], capsys)
    beside = _out(["check", SAME, SAME, "--events", EVENTS, "--on", "2027-01-01", "-f", "json"], capsys)
    assert alone[0] == beside[0] == 1  # unannounced events may not ship
    assert json.loads(alone[1]) == json.loads(beside[1])
    verdicts = json.loads(alone[1])["verdicts"]
    assert {v["change"]["subject"] for v in verdicts} == {"event"}
    assert {v["status"] for v in verdicts} == {"unannounced"}


def test_check_events_alone_passes_when_announced(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    events = tmp_path / "events.yaml"
    events.write_text("events:\n  - id: domains-sale\n    kind: sale\n    summary: Sold.\n"
                      "    effective: 2027-09-07\n", encoding="utf-8")
    ledger = tmp_path / "notices.yaml"
    ledger.write_text("notices:\n  - id: sale\n    summary: We are sold.\n    announced: 2027-01-02\n"
                      "    effective: 2027-09-07\n    channels: [email]\n"
                      "    covers:\n      rules: [event.sale]\n      items: [domains-sale]\n",
                      encoding="utf-8")
    code, out, err = _out(["check", "--events", str(events), "--ledger", str(ledger), "--on",
                           "2027-01-05"], capsys)
    assert code == 0, out + err
    assert "covered" in out


def test_plan_and_notice_events_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _out(["plan", "--events", EVENTS, "--announce", "2027-01-01", "-f", "json"], capsys)
    assert code == 0
    plan = json.loads(out)
    assert {p["change"]["item"] for p in plan["changes"]} >= {"domains-sale", "new-email-processor"}
    code, out, _ = _out(["notice", "--events", EVENTS, "--announce", "2027-01-01", "--product",
                         "Acme Domains", "--channel", "changelog"], capsys)
    assert code == 0 and "Squarespace" in out


@pytest.mark.parametrize(("argv", "expected"), [
    (["check"], "OLD NEW: give two documents to compare, or --events FILE"),
    (["plan", "--announce", "2027-01-01"], "OLD NEW: give two documents to compare"),
    (["check", SAME, "--events", EVENTS], f"{SAME}: is one document: give OLD and NEW, or neither"),
    (["check", "--events", EVENTS, "--validate"], "--validate: applies to the documents OLD and NEW"),
    (["check", "--events", EVENTS, "--kind", "terms"], "--kind: applies to the documents"),
    (["plan", "--events", EVENTS, "--announce", "2027-01-01", "--successor", "a=b"],
     "--successor: applies to the documents"),
    (["notice", "--events", EVENTS, "--announce", "2027-01-01", "--channel", "email"],
     "--product: say what customers call the product"),
])
def test_documents_are_both_or_neither(capsys: pytest.CaptureFixture[str], argv: list[str],
                                       expected: str) -> None:
    code, _, err = _out(argv, capsys)
    assert code == 2 and err == f"nosurprises: {err.removeprefix('nosurprises: ')}"
    assert expected in err and err.count("\n") == 1


def test_diff_still_needs_two_documents(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "--events", EVENTS]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "required" in err and "judged by check, plan and notice" in err
