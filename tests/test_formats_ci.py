"""SARIF and JUnit output on real reports: what code scanning and CI test views will read."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import nosurprises
from nosurprises.formats.junit import render_junit
from nosurprises.formats.sarif import FINGERPRINT, artifact_uri, render_sarif
from nosurprises.model import Change, Level, Report, Subject

ROOT = Path(__file__).resolve().parent.parent
PET_OLD, PET_NEW = ROOT / "examples/petstore-old.yaml", ROOT / "examples/petstore-new.yaml"
TERMS_OLD, TERMS_NEW = ROOT / "tests/fixtures/terms/old.md", ROOT / "tests/fixtures/terms/new.md"
HOSTILE = 'Price <script>alert(1)</script> & "quotes" \'too\'\x00\x1b]]> end'

# The parts of SARIF 2.1.0 this tool emits, with the official schema's required properties,
# enums and types; `additionalProperties: false` where the official schema has it, so a
# misspelt key fails here as it would in a validating uploader.
_TEXT = {"type": "object", "required": ["text"], "additionalProperties": False,
         "properties": {"text": {"type": "string"}}}
_LEVEL = {"enum": ["none", "note", "warning", "error"]}
SARIF_SUBSET: dict[str, Any] = {
    "type": "object",
    "required": ["version", "runs"],
    "additionalProperties": False,
    "properties": {
        "$schema": {"const": "https://json.schemastore.org/sarif-2.1.0.json"},
        "version": {"const": "2.1.0"},
        "runs": {"type": "array", "minItems": 1, "maxItems": 1, "items": {
            "type": "object", "required": ["tool"], "additionalProperties": False,
            "properties": {
                "tool": {"type": "object", "required": ["driver"], "additionalProperties": False,
                         "properties": {"driver": {
                             "type": "object", "required": ["name"], "additionalProperties": False,
                             "properties": {
                                 "name": {"type": "string"}, "version": {"type": "string"},
                                 "rules": {"type": "array", "items": {"$ref": "#/$defs/rule"}},
                             }}}},
                "invocations": {"type": "array", "items": {
                    "type": "object", "required": ["executionSuccessful"], "additionalProperties": False,
                    "properties": {
                        "executionSuccessful": {"type": "boolean"},
                        "toolExecutionNotifications": {"type": "array", "items": {
                            "type": "object", "required": ["message"], "additionalProperties": False,
                            "properties": {"message": _TEXT, "level": _LEVEL}}},
                    }}},
                "results": {"type": "array", "items": {"$ref": "#/$defs/result"}},
            }}},
    },
    "$defs": {
        "rule": {
            "type": "object", "required": ["id"], "additionalProperties": False,
            "properties": {
                "id": {"type": "string"}, "name": {"type": "string"},
                "shortDescription": _TEXT, "fullDescription": _TEXT, "help": _TEXT,
                "defaultConfiguration": {"type": "object", "additionalProperties": False,
                                         "properties": {"level": _LEVEL}},
                "properties": {"type": "object", "properties": {"tags": {
                    "type": "array", "uniqueItems": True, "items": {"type": "string"}}}},
            }},
        "result": {
            "type": "object", "required": ["message"], "additionalProperties": False,
            "properties": {
                "ruleId": {"type": "string"}, "ruleIndex": {"type": "integer", "minimum": -1},
                "level": _LEVEL, "message": _TEXT,
                "locations": {"type": "array", "items": {
                    "type": "object", "additionalProperties": False,
                    "properties": {
                        "physicalLocation": {
                            "type": "object", "additionalProperties": False,
                            "properties": {"artifactLocation": {
                                "type": "object", "additionalProperties": False,
                                "properties": {"uri": {"type": "string"}}}}},
                        "logicalLocations": {"type": "array", "minItems": 1, "items": {
                            "type": "object", "additionalProperties": False,
                            "properties": {"name": {"type": "string"},
                                           "fullyQualifiedName": {"type": "string"},
                                           "kind": {"type": "string"}}}},
                    }}},
                "partialFingerprints": {"type": "object", "additionalProperties": {"type": "string"}},
                "properties": {"type": "object"},
            }},
    },
}


@pytest.fixture(scope="module")
def petstore() -> Report:
    return nosurprises.compare_openapi(PET_OLD, PET_NEW)


@pytest.fixture(scope="module")
def terms() -> Report:
    return nosurprises.compare_terms(TERMS_OLD, TERMS_NEW)


def _change(**fields: Any) -> Change:
    base: dict[str, Any] = {"rule": "terms.fees.changed", "level": Level.BREAKING, "subject": Subject.TERMS,
                            "location": "section:Terms > Payment", "message": "Fees changed."}
    return Change(**(base | fields))


def _sarif(report: Report, source: str | None = None, detail: str = "operations") -> dict[str, Any]:
    """Per operation (one result per change) unless asked: these tests are about the result of
    a change; tests/test_formats_groups.py covers the default, one per group."""
    return orjson.loads(render_sarif(report, source, detail=detail))


def _run(report: Report, source: str | None = None) -> dict[str, Any]:
    return _sarif(report, source)["runs"][0]


def _junit(report: Report, source: str | None = None) -> ET.Element:
    return ET.fromstring(render_junit(report, source, detail="operations").encode("utf-8"))


# --- SARIF ---------------------------------------------------------------------------------------


def test_sarif_matches_the_schema_of_what_it_emits(petstore: Report, terms: Report) -> None:
    hostile = Report.from_changes([_change(message=HOSTILE, before={"b": 1, "a": [1]}, retroactive=True)],
                                  warnings=["remote $ref https://x/y.yaml was reported, not fetched"])
    for report, source in [(petstore, "openapi.yaml"), (terms, None), (hostile, "git:main:terms.md")]:
        jsonschema.validate(_sarif(report, source), SARIF_SUBSET)


def test_sarif_tool_and_one_rule_per_rule_present(petstore: Report) -> None:
    data = _sarif(petstore)
    driver = data["runs"][0]["tool"]["driver"]
    assert data["version"] == "2.1.0"
    assert (driver["name"], driver["version"]) == ("nosurprises", nosurprises.__version__)
    ids = [r["id"] for r in driver["rules"]]
    assert ids == sorted({c.rule for c in petstore.changes})
    for descriptor in driver["rules"]:
        rule = nosurprises.CATALOG[descriptor["id"]]
        assert descriptor["name"] == descriptor["shortDescription"]["text"] == rule.title
        assert descriptor["fullDescription"]["text"] == rule.why
        assert descriptor["help"]["text"] == rule.hint
        assert descriptor["properties"]["tags"] == [str(rule.subject)]


def test_every_result_points_at_its_rule_in_report_order(petstore: Report, terms: Report) -> None:
    for report in (petstore, terms):
        run = _run(report)
        rules = run["tool"]["driver"]["rules"]
        assert [r["ruleId"] for r in run["results"]] == [c.rule for c in report.changes]
        for result in run["results"]:
            assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_levels_mapped_per_change_not_only_per_rule(petstore: Report) -> None:
    expected = {Level.BREAKING: "error", Level.WARNING: "warning", Level.INFO: "note"}
    run = _run(petstore)
    assert {r["level"] for r in run["results"]} == {"error", "note"}
    for change, result in zip(petstore.changes, run["results"], strict=True):
        assert result["level"] == expected[change.level]
    for descriptor in run["tool"]["driver"]["rules"]:
        default = nosurprises.CATALOG[descriptor["id"]].level
        assert descriptor["defaultConfiguration"]["level"] == expected[default]
    # A policy may raise a change above its rule's default: the result says so, the rule does not.
    raised = Report.from_changes([_change(rule="api.operation.added", subject=Subject.API,
                                          level=Level.WARNING, operation="GET /pets",
                                          location="/paths/~1pets/get")])
    run = _run(raised)
    assert run["results"][0]["level"] == "warning"
    assert run["tool"]["driver"]["rules"][0]["defaultConfiguration"]["level"] == "note"


def test_message_carries_the_hint_except_for_info(petstore: Report) -> None:
    for change, result in zip(petstore.changes, _run(petstore)["results"], strict=True):
        text = result["message"]["text"]
        assert text.startswith(change.message)
        if change.level is Level.INFO:
            assert "What to do:" not in text
        else:
            assert text == f"{change.message} What to do: {change.hint}"


def test_fingerprints_stable_across_runs_and_distinct(petstore: Report) -> None:
    again = nosurprises.compare_openapi(PET_OLD, PET_NEW)
    first = [r["partialFingerprints"][FINGERPRINT] for r in _run(petstore)["results"]]
    second = [r["partialFingerprints"][FINGERPRINT] for r in _run(again, "elsewhere.yaml")["results"]]
    assert first == second
    assert len(set(first)) == len(first) == len(petstore.changes)
    assert all(len(fp) == 32 and int(fp, 16) >= 0 for fp in first)


def test_fingerprint_ignores_wording_and_splits_repeats() -> None:
    one = _run(Report.from_changes([_change(message="Fees changed.")]))["results"][0]
    reworded = _run(Report.from_changes([_change(message="The fees changed.")]))["results"][0]
    assert one["partialFingerprints"] == reworded["partialFingerprints"]
    # Same rule, operation, location and item but two sentences: two alerts, not one.
    twins = _run(Report.from_changes([_change(message="A."), _change(message="B.")]))["results"]
    assert len({r["partialFingerprints"][FINGERPRINT] for r in twins}) == 2
    assert _run(Report.from_changes([_change(item="Payment")]))["results"][0]["partialFingerprints"] != \
        one["partialFingerprints"]


@pytest.mark.parametrize(("source", "uri"), [
    ("git:origin/main:openapi.yaml", "openapi.yaml"),
    ("git:v1.2.0:api/spec v2.yaml", "api/spec%20v2.yaml"),
    ("examples/petstore-new.yaml", "examples/petstore-new.yaml"),
    ("api\\openapi.yaml", "api/openapi.yaml"),
])
def test_source_becomes_the_artifact_uri(petstore: Report, source: str, uri: str) -> None:
    assert artifact_uri(source) == uri
    for result in _run(petstore, source)["results"]:
        assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == uri


def test_logical_location_always_and_physical_only_with_a_source(petstore: Report, terms: Report) -> None:
    for report in (petstore, terms):
        for change, result in zip(report.changes, _run(report)["results"], strict=True):
            (location,) = result["locations"]
            assert "physicalLocation" not in location
            assert location["logicalLocations"] == [{
                "fullyQualifiedName": change.location,
                "name": change.operation or change.item or change.location,
                "kind": "member",
            }]


def test_properties_hold_subject_values_and_retroactive(petstore: Report) -> None:
    results = _run(petstore)["results"]
    typed = next(r for r in results if r["ruleId"] == "api.schema.request.type-changed")
    assert typed["properties"] == {"subject": "api", "before": '"string"', "after": '"integer"'}
    required = next(r for r in results if r["ruleId"] == "api.parameter.became-required")
    assert (required["properties"]["before"], required["properties"]["after"]) == ("false", "true")
    added = next(r for r in results if r["ruleId"] == "api.operation.added")
    assert added["properties"] == {"subject": "api"}
    report = Report.from_changes([_change(before={"b": 2, "a": 1}, after=30, retroactive=True)])
    props = _run(report)["results"][0]["properties"]
    assert props == {"subject": "terms", "before": '{"a":1,"b":2}', "after": "30", "retroactive": True}


def test_warnings_become_tool_notifications(terms: Report) -> None:
    report = Report.from_changes(list(terms.changes), warnings=["a remote $ref was not fetched", "second"])
    (invocation,) = _run(report)["invocations"]
    assert invocation["executionSuccessful"] is True
    assert invocation["toolExecutionNotifications"] == [
        {"message": {"text": "a remote $ref was not fetched"}, "level": "warning"},
        {"message": {"text": "second"}, "level": "warning"},
    ]
    assert _run(terms)["invocations"] == [{"executionSuccessful": True}]


def test_sarif_is_deterministic_and_ends_with_a_newline(terms: Report) -> None:
    text = render_sarif(terms, "terms.md")
    assert text == render_sarif(terms, "terms.md")
    assert text.endswith("}\n") and text.startswith('{\n  "$schema"')


def test_sarif_of_an_empty_report_and_an_unknown_rule() -> None:
    empty = _run(Report())
    assert (empty["results"], empty["tool"]["driver"]["rules"]) == ([], [])
    custom = _run(Report.from_changes([_change(rule="acme.custom", level=Level.WARNING, hint="Ask.")]))
    (descriptor,) = custom["tool"]["driver"]["rules"]
    assert descriptor["id"] == descriptor["name"] == "acme.custom"
    assert descriptor["defaultConfiguration"]["level"] == "warning"
    assert descriptor["help"]["text"] == "Ask."


# --- JUnit ---------------------------------------------------------------------------------------


def test_junit_counts_and_cases(petstore: Report, terms: Report) -> None:
    for report in (petstore, terms):
        root = _junit(report)
        (suite,) = root.findall("testsuite")
        assert root.tag == "testsuites" and suite.get("name") == "nosurprises"
        cases = suite.findall("testcase")
        assert int(suite.get("tests", "")) == len(cases) == len(report.changes)
        failures = len(suite.findall("testcase/failure"))
        assert int(suite.get("failures", "")) == failures == report.summary.breaking
        assert (suite.get("errors"), suite.get("skipped")) == ("0", "0")
        for change, case in zip(report.changes, cases, strict=True):
            classname = f"nosurprises.{change.subject}" + (f".{change.operation}" if change.operation else "")
            assert case.get("classname") == classname
            assert case.get("name") == f"{change.rule} {change.location}"


def test_junit_failure_and_passing_details(petstore: Report) -> None:
    cases = _junit(petstore).findall("testsuite/testcase")
    by_rule = {c.get("name", "").split(" ")[0]: c for c in cases}
    failure = by_rule["api.parameter.became-required"].find("failure")
    assert failure is not None and failure.get("type") == "breaking"
    change = next(c for c in petstore.changes if c.rule == "api.parameter.became-required")
    assert failure.get("message") == change.message
    assert f"What to do: {change.hint}" in (failure.text or "")
    assert "Before: false" in (failure.text or "") and "After: true" in (failure.text or "")
    info = by_rule["api.document.version-changed"]
    assert info.find("failure") is None
    out = info.findtext("system-out") or ""
    assert out.startswith("[info] ") and "What to do" not in out and "After: 2.0.0" in out


def test_junit_escapes_hostile_text_and_drops_illegal_characters() -> None:
    report = Report.from_changes([
        _change(message=HOSTILE, hint="Read <b>&amp;</b>", operation='GET /a?<x>&"\x1b'),
        _change(message=HOSTILE, level=Level.WARNING, location="section:<&>\x00"),
    ], warnings=["note <&> \x07"])
    text = render_junit(report, source='git:main:"odd"&<name>.md')
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "\x00" not in text and "\x1b" not in text and "\x07" not in text
    root = ET.fromstring(text.encode("utf-8"))
    clean = HOSTILE.replace("\x00", "").replace("\x1b", "")
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None and failure.get("message") == clean
    assert "What to do: Read <b>&amp;</b>" in (failure.text or "")
    assert root.findall("testsuite/testcase")[0].get("classname") == 'nosurprises.terms.GET /a?<x>&"'
    passing = root.findall("testsuite/testcase")[1]
    assert passing.get("name") == "terms.fees.changed section:<&>"
    assert clean in (passing.findtext("system-out") or "")
    (prop,) = root.findall("testsuite/properties/property")
    assert prop.get("value") == 'git:main:"odd"&<name>.md'
    assert root.findtext("testsuite/system-err") == "note: note <&> "


def test_junit_empty_report_is_one_passing_case() -> None:
    root = _junit(Report())
    suite = root.find("testsuite")
    assert suite is not None
    (case,) = suite.findall("testcase")
    assert (case.get("classname"), case.get("name")) == ("nosurprises", "no changes")
    assert list(case) == []
    assert (suite.get("tests"), suite.get("failures")) == ("1", "0")
    assert suite.find("properties") is None


def test_junit_source_property_declaration_and_determinism(terms: Report) -> None:
    text = render_junit(terms, "terms.md")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')
    assert text.endswith("</testsuites>\n")
    assert text == render_junit(terms, "terms.md")
    props = _junit(terms, "terms.md").findall("testsuite/properties/property")
    assert [(p.get("name"), p.get("value")) for p in props] == [("source", "terms.md")]


# --- any text ------------------------------------------------------------------------------------

_NASTY = st.sampled_from(["<", ">", "&", '"', "'", "]]>", "\x00", "\x1b", "\r", "\n", "\t", "\ud800",
                          "\udfff", "\ufffe", "\uffff", "\U0001f600", "é", " ", "a", "/", "~1"])
TEXT = st.one_of(st.text(), st.lists(_NASTY, max_size=12).map("".join))
CHANGES = st.builds(
    Change,
    rule=st.sampled_from(["api.operation.added", "terms.fees.changed", "custom.rule"]),
    level=st.sampled_from(list(Level)),
    subject=st.sampled_from(list(Subject)),
    operation=st.none() | TEXT,
    location=TEXT,
    message=TEXT,
    hint=st.none() | TEXT,
    before=st.none() | TEXT | st.integers(),
    retroactive=st.booleans(),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=st.lists(CHANGES, min_size=1, max_size=6), warnings=st.lists(TEXT, max_size=2),
       source=st.none() | TEXT)
def test_any_text_gives_parseable_outputs(
    changes: list[Change], warnings: list[str], source: str | None,
) -> None:
    report = Report.from_changes(changes, warnings=warnings)
    for detail, entries, breaking in (
            ("operations", len(report.changes), report.summary.breaking),
            ("groups", len(report.groups), sum(g.level is Level.BREAKING for g in report.groups))):
        sarif = orjson.loads(render_sarif(report, source, detail=detail))
        jsonschema.validate(sarif, SARIF_SUBSET)
        results = sarif["runs"][0]["results"]
        assert len(results) == entries
        assert len({r["partialFingerprints"][FINGERPRINT] for r in results}) == len(results)
        root = ET.fromstring(render_junit(report, source, detail=detail).encode("utf-8"))
        assert len(root.findall("testsuite/testcase")) == entries
        assert len(root.findall("testsuite/testcase/failure")) == breaking


def test_check_verdicts_as_junit_and_sarif(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from nosurprises.cli import main

    ex = Path(__file__).resolve().parent.parent / "examples"
    old, new = str(ex / "petstore-old.yaml"), str(ex / "petstore-new.yaml")
    monkeypatch.chdir(tmp_path)  # the default pack, no ledger
    per_op = ["--detail", "operations"]
    assert main(["check", old, new, "--on", "2026-12-01", "-f", "junit", *per_op]) == 1
    suite = ET.fromstring(capsys.readouterr().out.encode()).find("testsuite")
    assert suite is not None and suite.get("tests") == suite.get("failures") == "8"
    failure = suite.find("testcase/failure")
    assert failure is not None and "[unannounced: needs at least 365 days" in (failure.get("message") or "")
    # by default the 8 changes are 6 root causes (Pet's two properties reach two operations)
    assert main(["check", old, new, "--on", "2026-12-01", "-f", "junit"]) == 1
    suite = ET.fromstring(capsys.readouterr().out.encode()).find("testsuite")
    assert suite is not None and suite.get("tests") == suite.get("failures") == "6"
    assert main(["check", old, new, "--ledger", str(ex / "notices.yaml"), "--on", "2027-06-01",
                 "-f", "junit", *per_op]) == 0
    suite = ET.fromstring(capsys.readouterr().out.encode()).find("testsuite")
    assert suite is not None and suite.get("tests") == "8" and suite.get("failures") == "0"
    assert main(["check", old, new, "--on", "2026-12-01", "-f", "sarif", *per_op]) == 1
    results = orjson.loads(capsys.readouterr().out)["runs"][0]["results"]
    assert len(results) == 8 and {r["level"] for r in results} == {"error"}
    assert main(["check", old, new, "--on", "2026-12-01", "-f", "html"]) == 1
    page = capsys.readouterr().out  # the verdict and its reason in their own columns
    assert '<span class="status">unannounced</span>' in page and "<td>needs at least 365 days" in page
