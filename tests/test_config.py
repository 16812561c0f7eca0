"""One configuration file for every option (`nosurprises.yaml`, `[tool.nosurprises]`, `--config`).

Before, `nosurprises.yaml` was read for its `policy:` only, and `fail_on:` or `ignore:`
written there were silently ignored: a gate someone believed closed was open.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from nosurprises import config
from nosurprises.cli import build_parser, main
from nosurprises.errors import InputError

from .conftest import FIXTURES, ROOT

OLD = str(ROOT / "examples" / "petstore-old.yaml")
NEW = str(ROOT / "examples" / "petstore-new.yaml")
POLICY = (ROOT / "examples" / "nosurprises.yaml").read_text("utf-8")


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _json(capsys: pytest.CaptureFixture[str]) -> dict:
    return json.loads(capsys.readouterr().out)


def test_a_gate_in_the_file_closes(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", OLD, NEW]) == 0
    (here / "nosurprises.yaml").write_text("diff:\n  fail-on: breaking\n", "utf-8")
    assert main(["diff", OLD, NEW]) == 1
    (here / "nosurprises.yaml").write_text("options:\n  fail_on: breaking\n", "utf-8")
    assert main(["diff", OLD, NEW]) == 1
    assert main(["diff", OLD, NEW, "--ignore", "api.*"]) == 0


def test_the_command_line_wins_and_repeated_options_add(here: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    (here / "nosurprises.yaml").write_text(
        "options:\n  ignore: ['api.*.documentation-changed']\n"
        "  set-level: {api.parameter.added-optional: warning}\n"
        "  format: markdown\n"
        "diff:\n  format: json\n", "utf-8")
    assert main(["diff", OLD, NEW]) == 0  # the command's section over `options:`
    rules = [c["rule"] for c in _json(capsys)["changes"]]
    assert not any(r.endswith("documentation-changed") for r in rules)
    assert main(["diff", OLD, NEW, "--ignore", "api.document.*"]) == 0
    data = _json(capsys)
    assert not any(c["rule"].startswith("api.document.") or c["rule"].endswith("documentation-changed")
                   for c in data["changes"])
    assert data["summary"]["warning"] == 1  # the level set in the file
    assert main(["diff", OLD, NEW, "--format", "text"]) == 0
    assert capsys.readouterr().out.startswith("BREAKING")


def test_an_explicit_file_and_pyproject(here: Path, tmp_path_factory: pytest.TempPathFactory,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    elsewhere = tmp_path_factory.mktemp("conf") / "ci.yaml"
    elsewhere.write_text("diff:\n  level: breaking\n  format: json\n", "utf-8")
    assert main(["diff", OLD, NEW, "--config", str(elsewhere)]) == 0
    assert {c["level"] for c in _json(capsys)["changes"]} == {"breaking"}
    (here / "pyproject.toml").write_text("[tool.nosurprises.diff]\nformat = 'json'\n"
                                         "fail-on = 'breaking'\n", "utf-8")
    assert main(["diff", OLD, NEW]) == 1
    assert "changes" in _json(capsys)


def test_the_file_still_holds_the_policy_and_options_alone_mean_the_default_one(
        here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ledger = str(ROOT / "examples" / "notices.yaml")
    (here / "nosurprises.yaml").write_text(POLICY + "check:\n  format: json\n"
                                           "options:\n  usage: usage.csv\n", "utf-8")
    assert main(["check", OLD, NEW, "--ledger", ledger, "--on", "2026-12-01"]) == 1
    data = _json(capsys)  # `usage` is diff's: `options:` gives each command its own
    assert data["gate"]["short"] == 8
    (here / "nosurprises.yaml").write_text("check:\n  format: json\n", "utf-8")
    assert main(["check", OLD, NEW, "--ledger", ledger, "--on", "2026-12-01"]) == 1
    assert _json(capsys)["gate"]["short"] == 8


def test_accept_in_the_file(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    accepted = FIXTURES / "accept" / "petstore.yaml"
    (here / "nosurprises.yaml").write_text(f"options:\n  accept: {accepted}\ndiff:\n  format: json\n",
                                           "utf-8")
    assert main(["diff", OLD, NEW]) == 0
    assert _json(capsys)["summary"]["accepted"] == 3


BAD = [
    ("ignor: []\n", "ignor: unknown key; the file holds options, diff, check, plan, notice, policy"),
    ("polciy: {}\n", "polciy: unknown key; did you mean 'policy'?"),
    ("fail_on: breaking\n", "fail_on: an option goes under `options:`"),
    ("diff:\n  fail_no: breaking\n", "diff.fail_no: unknown option; did you mean 'fail-on'?"),
    ("check:\n  usage: u.csv\n", "check.usage: `nosurprises check` has no --usage"),
    ("diff:\n  level: all\n", "diff.level: 'all' is not one of breaking, warning, info"),
    ("diff:\n  max-bytes: 12Q\n", "diff.max-bytes: not a size"),
    ("diff:\n  validate: 'yes'\n", "diff.validate: expected true or false, not 'yes'"),
    ("diff:\n  format: [json, text]\n", "diff.format: expected one value, not a list"),
    ("diff:\n  date: tomorrow\n", "diff.date:"),
    ("options: 3\n", "options: expected a mapping of options, not int"),
    ("- diff\n", "is not a configuration file"),
    ("diff:\n  old: a.yaml\n", "diff.old: unknown option"),
]


@pytest.mark.parametrize(("text", "problem"), BAD, ids=[p for _, p in BAD])
def test_a_bad_file_is_one_line_naming_it(here: Path, text: str, problem: str,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    (here / "nosurprises.yaml").write_text(text, "utf-8")
    assert main(["diff", OLD, NEW]) == 2
    err = capsys.readouterr().err
    assert err.startswith("nosurprises: nosurprises.yaml: ") and problem in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_bad_toml_and_a_missing_file(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (here / "pyproject.toml").write_text("[tool.nosurprises\n", "utf-8")
    assert main(["diff", OLD, NEW]) == 2
    assert "pyproject.toml: is not valid TOML" in capsys.readouterr().err
    assert main(["diff", OLD, NEW, "--config", "nowhere.yaml"]) == 2
    assert "nowhere.yaml: no such file" in capsys.readouterr().err


def test_every_option_of_every_command_can_live_in_the_file() -> None:
    """Each long option of diff, check, plan and notice is taken in the command's section:
    at worst its value is refused, never the option, so the file is no subset of the flags."""
    parser = build_parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for command in config.COMMANDS:
        flags = config._options(subparsers.choices[command])
        assert {"ignore", "set-level", "accept", "lang", "max-bytes"} <= flags.keys()
        for flag in flags:
            try:
                config.apply(build_parser(), command, [command, OLD, NEW], "f.yaml",
                             {command: {flag: "2026-01-01"}})
            except InputError as exc:
                assert "unknown option" not in str(exc) and " has no " not in str(exc), exc
            except SystemExit:
                pass  # the command line itself is incomplete (notice needs a date source)


def test_a_pyproject_that_never_names_the_tool_is_not_parsed(here: Path) -> None:
    """Most projects' pyproject.toml has no [tool.nosurprises]: it is passed over unparsed, so
    one broken elsewhere (a half-written [project]) does not stop a diff; one naming the
    tool is read, and its mistakes are reported."""
    (here / "pyproject.toml").write_text("[project\nname = 'x'\n", "utf-8")
    assert main(["diff", OLD, NEW]) == 0
    (here / "pyproject.toml").write_text("[project]\nname = 'x'\n[tool.nosurprises.diff]\n"
                                         "fail-on = 'breaking'\n", "utf-8")
    assert main(["diff", OLD, NEW]) == 1
