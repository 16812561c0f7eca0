"""The docs cannot drift from the code: the rule reference is generated, options are listed."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from nosurprises.cli import build_parser, rules_markdown
from nosurprises.rules import match_rules

from .conftest import ROOT


def test_rule_reference_is_current() -> None:
    written = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert written == rules_markdown(match_rules("*")), (
        "docs/rules.md is stale: run `nosurprises rules --format markdown > docs/rules.md`")


def test_every_cli_option_is_documented() -> None:
    cli_doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, command in sub.choices.items():
        assert f"nosurprises {name}" in cli_doc, f"command {name} is not in docs/cli.md"
        for action in command._actions:
            for flag in action.option_strings:
                if flag not in ("-h", "--help"):
                    assert f"`{flag}" in cli_doc, f"{name} {flag} is not in docs/cli.md"


def test_readme_quick_start_has_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line for line in block.strip().splitlines() if line.strip()]
    assert len(commands) == 2
    assert "examples/" in commands[0] and "pytest" in commands[1]


def test_tutorial_outputs_are_what_the_commands_print(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The tutorial quotes real output; if the engine changes, the tutorial must too."""
    from nosurprises.cli import main as cli

    tutorial = (ROOT / "docs" / "tutorial.md").read_text(encoding="utf-8")
    old, new = str(ROOT / "examples" / "petstore-old.yaml"), str(ROOT / "examples" / "petstore-new.yaml")
    runs = [
        (["check", old, new, "--on", "2026-12-01"], 1),
        (["check", old, new, "--ledger", str(ROOT / "examples" / "notices.yaml"),
          "--on", "2027-06-01"], 0),
    ]
    monkeypatch.chdir(tmp_path)  # no nosurprises.yaml or notices.yaml here: the default pack
    import contextlib
    import io

    for args, code in runs:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            assert cli(args) == code
        summary = next(line for line in out.getvalue().splitlines() if line.startswith("On "))
        assert summary in tutorial, summary


def test_tutorial_notice_is_what_the_command_writes(capsys: pytest.CaptureFixture[str]) -> None:
    from nosurprises.cli import main as cli

    tutorial = (ROOT / "docs" / "tutorial.md").read_text(encoding="utf-8")
    ex = ROOT / "examples"
    assert cli(["notice", str(ex / "petstore-old.yaml"), str(ex / "petstore-new.yaml"), "--ledger",
                str(ex / "notices.yaml"), "--entry", "2026-06-create-pet-removed", "--product", "Pets API",
                "--channel", "changelog"]) == 0
    assert f"````markdown\n{capsys.readouterr().out}````" in tutorial
