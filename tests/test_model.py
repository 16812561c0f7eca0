"""The report model: the JSON contract, its schema, sorting and counting."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import nosurprises
from nosurprises.model import Change, Level, Report, Subject

from .conftest import ROOT


def _change(rule: str, level: Level, op: str | None = "GET /a", where: str = "/x") -> Change:
    return Change(rule=rule, level=level, subject=Subject.API, operation=op, location=where,
                  message="m.")


def test_report_json_validates_against_its_schema() -> None:
    report = nosurprises.compare_openapi(ROOT / "examples" / "petstore-old.yaml",
                                         ROOT / "examples" / "petstore-new.yaml")
    schema = nosurprises.report_json_schema()
    Draft202012Validator(schema).validate(json.loads(report.model_dump_json()))


def test_report_sorts_by_severity_and_counts() -> None:
    report = Report.from_changes([
        _change("b", Level.INFO), _change("a", Level.BREAKING), _change("c", Level.WARNING)])
    assert [c.level for c in report.changes] == [Level.BREAKING, Level.WARNING, Level.INFO]
    assert (report.summary.breaking, report.summary.warning, report.summary.info) == (1, 1, 1)


def test_duplicates_collapse() -> None:
    report = Report.from_changes([_change("a", Level.INFO), _change("a", Level.INFO)])
    assert len(report.changes) == 1


@given(st.lists(st.tuples(st.sampled_from(["r1", "r2", "r3"]), st.sampled_from(list(Level)),
                          st.sampled_from(["GET /a", "POST /b", None]),
                          st.sampled_from(["/x", "/y"]))))
def test_order_does_not_depend_on_input_order(items: list[tuple]) -> None:
    changes = [_change(*i) for i in items]
    forward = Report.from_changes(changes).model_dump_json()
    backward = Report.from_changes(list(reversed(changes))).model_dump_json()
    assert forward == backward


def test_at_least() -> None:
    report = Report.from_changes([_change("a", Level.INFO), _change("b", Level.WARNING)])
    assert [c.rule for c in report.at_least(Level.WARNING)] == ["b"]
    assert report.at_least(Level.BREAKING) == []


def test_change_json_fields() -> None:
    data = json.loads(_change("a", Level.BREAKING).model_dump_json())
    assert data["level"] == "breaking" and data["subject"] == "api"


@pytest.mark.parametrize("pattern", ["api.schema.*", "api.operation.*", "api.*.removed*"])
def test_rule_globs(pattern: str) -> None:
    assert nosurprises.match_rules(pattern)
