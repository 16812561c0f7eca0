"""Choosing what a report shows: ignore, level overrides by glob, path filter."""

from __future__ import annotations

import json

import pytest

import nosurprises
from nosurprises.cli import main
from nosurprises.errors import InputError
from nosurprises.model import Level
from nosurprises.selection import parse_level_override

from .conftest import ROOT

OLD = str(ROOT / "examples" / "petstore-old.yaml")
NEW = str(ROOT / "examples" / "petstore-new.yaml")


@pytest.fixture(scope="module")
def report() -> nosurprises.Report:
    return nosurprises.compare_openapi(OLD, NEW)


def test_ignore_drops_matching_rules(report: nosurprises.Report) -> None:
    kept = nosurprises.select(report, ignore=["api.*.documentation-changed"])
    assert not [c for c in kept.changes if c.rule.endswith("documentation-changed")]
    assert len(kept.changes) == len(report.changes) - 2
    assert kept.summary.total == len(kept.changes)


def test_most_specific_override_wins(report: nosurprises.Report) -> None:
    kept = nosurprises.select(report, levels={
        "api.schema.*": Level.INFO,
        "api.schema.response.property-removed": Level.WARNING,
    })
    levels = {c.rule: c.level for c in kept.changes}
    assert levels["api.schema.response.property-removed"] is Level.WARNING
    assert levels["api.schema.request.type-changed"] is Level.INFO
    assert levels["api.operation.removed-without-deprecation"] is Level.BREAKING


def test_match_path_keeps_document_level_changes(report: nosurprises.Report) -> None:
    kept = nosurprises.select(report, match_path=r"\{petId\}")
    ops = {c.operation for c in kept.changes}
    assert ops == {None, "GET /pets/{petId}", "DELETE /pets/{petId}"}


def test_bad_regex_is_an_input_error(report: nosurprises.Report) -> None:
    with pytest.raises(InputError, match="match-path"):
        nosurprises.select(report, match_path="(")


@pytest.mark.parametrize("text", ["api.*", "=info", "api.*=fatal"])
def test_bad_override(text: str) -> None:
    with pytest.raises(InputError, match="set-level"):
        parse_level_override(text)


def test_cli_gate_sees_the_selection(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["diff", OLD, NEW, "--fail-on", "breaking", "-f", "json"]
    assert main(args) == 1
    capsys.readouterr()
    assert main([*args, "--set-level", "api.*=warning"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["summary"]["breaking"] == 0 and data["summary"]["warning"] > 0


def test_cli_bad_override_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", OLD, NEW, "--set-level", "api.*=loud"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--set-level" in err
