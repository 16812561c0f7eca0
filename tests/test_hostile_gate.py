"""Hostile and mistaken input to the gate's own files: the policy file, the ledger, events,
and the dates and day counts of `check`, `plan` and `notice`.

Each case is one line naming the file and the field, exit code 2: never an internal error.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from nosurprises.bounds import LAST_DAY, MAX_DAYS
from nosurprises.cli import main
from nosurprises.errors import InputError
from nosurprises.events import load_events
from nosurprises.policy.ledger import load_ledger
from nosurprises.policy.load import load_policy

from .conftest import ROOT

EX = ROOT / "examples"
OLD, NEW = str(EX / "petstore-old.yaml"), str(EX / "petstore-new.yaml")


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


# --- item 7: nosurprises.yaml holds one `policy` mapping, and its schema says so ---------------

def test_the_policy_schema_accepts_the_documented_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "policy"]) == 0
    schema = json.loads(capsys.readouterr().out)
    Draft202012Validator.check_schema(schema)
    example = yaml.safe_load((EX / "nosurprises.yaml").read_text(encoding="utf-8"))
    assert list(Draft202012Validator(schema).iter_errors(example)) == []
    # ... and refuses what the loader refuses: the bare policy and a stray key
    assert list(Draft202012Validator(schema).iter_errors(example["policy"]))
    assert list(Draft202012Validator(schema).iter_errors({**example, "polciy": {}}))


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("nosurprises.yaml", "policy:\n  extends: []\nrules: []\n",
     "nosurprises.yaml: rules: unknown key; the file holds one `policy` mapping"),
    ("nosurprises.yaml", "polciy:\n  extends: []\n",
     "nosurprises.yaml: has no `policy` section (polciy: unknown key; did you mean 'policy'?)"),
    ("nosurprises.yaml", "policy:\n  extends: []\n  rules:\n    - id: x\n      min_day: 3\n",
     "nosurprises.yaml: policy.rules[0].min_day (entry 'x'): unknown key; did you mean 'min_days'?"),
    ("pyproject.toml", "[tool.nosurprises.policy]\nextends = []\n[tool.nosurprises]\npolicies = 1\n",
     "pyproject.toml: tool.nosurprises.policies: unknown key; did you mean 'policy'?"),
])
def test_unknown_keys_are_one_error_with_a_suggestion(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      name: str, text: str, expected: str) -> None:
    """Found by discovery (no --policy), as a user meets it: nothing is silently ignored."""
    (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as caught:
        load_policy()
    assert str(caught.value).startswith(expected)


def test_a_far_key_gets_no_made_up_suggestion(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("policy:\n  extends: []\n  zzz: 1\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_policy(path)
    assert str(caught.value).endswith("policy.zzz: unknown key")


def test_ledger_and_events_suggest_the_field_too() -> None:
    entry = {"id": "a", "summary": "s", "announced": "2026-01-01", "effective": "2026-02-01",
             "channels": ["email"], "covers": {"rule": ["*"]}}
    with pytest.raises(InputError, match=r"notices\[0\]\.covers\.rule \(entry 'a'\): unknown key; "
                                         r"did you mean 'rules'\?"):
        load_ledger({"notices": [entry]}, label="notices.yaml")
    with pytest.raises(InputError, match=r"events\[0\]\.sumary \(entry 'e'\): unknown key; did you "
                                         r"mean 'summary'\?"):
        load_events({"events": [{"id": "e", "kind": "sale", "sumary": "x",
                                 "effective": "2027-01-01"}]}, label="events.yaml")


# --- hostile 4: deep TOML, far dates, huge day counts ----------------------------------------

def test_deep_toml_arrays_in_pyproject_are_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    deep = "[" * 5000 + "]" * 5000
    (tmp_path / "pyproject.toml").write_text(f"[tool.nosurprises.policy]\nextends = {deep}\n",
                                             encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = _run(["plan", OLD, NEW, "--announce", "2026-01-01"], capsys)
    assert code == 2 and err.count("\n") == 1
    assert err.startswith("nosurprises: pyproject.toml: ") and "nest too deeply" in err
    assert "internal error" not in err


@pytest.mark.parametrize("days", [10**19, MAX_DAYS + 1, -1])
def test_day_counts_are_bounded(tmp_path: Path, capsys: pytest.CaptureFixture[str], days: int) -> None:
    policy = tmp_path / "p.yaml"
    policy.write_text(f"policy:\n  rules:\n    - id: huge\n      match: ['api.*']\n"
                      f"      min_days: {days}\n", encoding="utf-8")
    code, _, err = _run(["plan", OLD, NEW, "--announce", "2026-01-01", "--policy", str(policy)], capsys)
    assert code == 2 and err.count("\n") == 1 and "internal error" not in err
    assert f"{policy}: policy.rules[0].min_days (entry 'huge'): " in err


def test_the_largest_day_count_on_the_last_date_still_computes(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]
                                                                ) -> None:
    """The bounds are chosen so that their extremes add up to a date: no overflow is left."""
    policy = tmp_path / "p.yaml"
    policy.write_text(f"policy:\n  days: business\n  rules:\n    - id: most\n      match: ['*']\n"
                      f"      min_days: {MAX_DAYS}\n", encoding="utf-8")
    events = tmp_path / "events.yaml"
    events.write_text(f"events:\n  - id: late\n    kind: shutdown\n    summary: s\n"
                      f"    effective: {LAST_DAY}\n", encoding="utf-8")
    for command in (["plan", "--announce", str(LAST_DAY), "-f", "json"],
                    ["check", "--on", str(LAST_DAY)]):
        code, out, err = _run([command[0], OLD, NEW, *command[1:], "--policy", str(policy),
                               "--events", str(events)], capsys)
        assert code in (0, 1) and not err, err
        assert out


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31", "3000-01-01"])
@pytest.mark.parametrize("command", [["plan", "--announce", "2026-01-01"],
                                     ["check", "--on", "2026-01-01"],
                                     ["notice", "--announce", "2026-01-01", "--product", "P"]])
def test_events_at_the_ends_of_time_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                day: str, command: list[str]) -> None:
    events = tmp_path / "events.yaml"
    events.write_text(f"events:\n  - id: far\n    kind: sale\n    summary: s\n    effective: {day}\n",
                      encoding="utf-8")
    code, _, err = _run([command[0], OLD, NEW, *command[1:], "--events", str(events)], capsys)
    assert code == 2 and err.count("\n") == 1 and "internal error" not in err
    assert f"{events}: events[0].effective (entry 'far'): " in err and "supported range" in err


def test_ledger_dates_at_the_ends_of_time_are_refused() -> None:
    entry = {"id": "a", "summary": "s", "announced": "0001-01-01", "effective": "9999-12-31",
             "channels": ["email"], "covers": {}}
    with pytest.raises(InputError, match=r"notices\[0\]\.announced \(entry 'a'\): .*1900-01-01"):
        load_ledger({"notices": [entry]}, label="notices.yaml")
    entry["announced"] = "2026-01-01"
    with pytest.raises(InputError, match=r"notices\[0\]\.effective \(entry 'a'\): .*2999-12-31"):
        load_ledger({"notices": [entry]}, label="notices.yaml")


@pytest.mark.parametrize(("argv", "option"), [
    (["plan", OLD, NEW, "--announce", "9999-12-31"], "--announce"),
    (["notice", OLD, NEW, "--announce", "9999-12-31", "--product", "P"], "--announce"),
    (["notice", OLD, NEW, "--announce", "2026-01-01", "--effective", "9999-12-31"], "--effective"),
    (["check", OLD, NEW, "--on", "0001-01-01"], "--on"),
    (["diff", OLD, NEW, "--date", "9999-12-31"], "--date"),
])
def test_command_line_dates_are_bounded(capsys: pytest.CaptureFixture[str], argv: list[str],
                                        option: str) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    err = capsys.readouterr().err
    assert stopped.value.code == 2 and err.count("\n") == 1
    assert option in err and "outside the supported range 1900-01-01 to 2999-12-31" in err
