"""Every human format shows one entry per root cause by default (issue 10, item 3), and every
change with `--detail operations`; the JSON keeps its contract unless `--detail groups` asks.

The fixtures are written to files so that annotations and SARIF regions find their lines:
a shared schema `Shared` reached from twelve operations gains a required property (new
document) and loses a property (old document); one operation changes a parameter inline.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import nosurprises
from nosurprises.cli import main
from nosurprises.formats import FOLD, FORMATS, render_report
from nosurprises.formats.check import check_text, verdict_entries
from nosurprises.formats.entries import affects, entries, fold
from nosurprises.formats.github import render_github
from nosurprises.formats.html import render_html
from nosurprises.formats.json import render_json
from nosurprises.formats.junit import render_junit
from nosurprises.formats.markdown import LISTED, render_markdown
from nosurprises.formats.sarif import artifact_uri, render_sarif
from nosurprises.formats.text import render_text
from nosurprises.model import Change, Level, Report, Subject
from nosurprises.policy import check, load_policy
from nosurprises.policy.ledger import load_ledger

from .conftest import corpus_dir

TODAY = dt.date(2026, 1, 1)
N = 12
ROOT = Path(__file__).resolve().parent.parent
PET_OLD, PET_NEW = str(ROOT / "examples/petstore-old.yaml"), str(ROOT / "examples/petstore-new.yaml")


def _spec(shared: dict[str, Any], limit_required: bool) -> dict[str, Any]:
    paths: dict[str, Any] = {f"/r{i}": {"post": {
        "requestBody": {"content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Shared"}}}},
        "responses": {"200": {"description": "ok", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Shared"}}}}}}} for i in range(N)}
    paths["/alone"] = {"get": {"parameters": [{"name": "limit", "in": "query",
                                               "required": limit_required,
                                               "schema": {"type": "integer"}}],
                               "responses": {"204": {"description": "none"}}}}
    return {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths,
            "components": {"schemas": {"Shared": shared}}}


OLD_SHARED = {"type": "object", "properties": {"keep": {"type": "string"},
                                               "gone": {"type": "string"}}}
NEW_SHARED = {"type": "object", "required": ["added"],
              "properties": {"keep": {"type": "string"}, "added": {"type": "string"}}}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    folder = tmp_path_factory.mktemp("groups")
    old, new = folder / "old.yaml", folder / "new.yaml"
    old.write_text(yaml.safe_dump(_spec(OLD_SHARED, False), sort_keys=False))
    new.write_text(yaml.safe_dump(_spec(NEW_SHARED, True), sort_keys=False))
    return str(old), str(new)


@pytest.fixture(scope="module")
def report(files: tuple[str, str]) -> Report:
    return nosurprises.compare_openapi(*files, today=TODAY)


OPS = sorted(f"POST /r{i}" for i in range(N))


def _line_of(path: str, pattern: str) -> int:
    """1-based line of the only line of `path` matching `pattern` (found without the tool)."""
    hits = [n for n, line in enumerate(Path(path).read_text().splitlines(), 1)
            if re.search(pattern, line)]
    assert len(hits) == 1, (pattern, hits)
    return hits[0]


def test_the_fixture_is_what_the_tests_say(report: Report) -> None:
    # the required property reaches every request, the removed property every response, the
    # inline parameter one operation
    by_rule = {g.rule: g for g in report.groups}
    assert set(by_rule) == {"api.schema.request.required-property-added",
                            "api.schema.response.property-removed", "api.parameter.became-required",
                            "api.schema.request.property-removed",
                            "api.schema.response.required-property-added"}
    assert len(report.changes) == 4 * N + 1 and len(report.groups) == 5
    assert by_rule["api.schema.request.required-property-added"].operations == OPS
    assert by_rule["api.schema.response.property-removed"].operations == OPS
    assert by_rule["api.schema.response.property-removed"].document == "old"
    assert by_rule["api.parameter.became-required"].operations == ["GET /alone"]


# -- one entry per group by default, every change on request -------------------------------------


def _text_entries(out: str) -> int:
    return sum(line.startswith("  [") for line in out.splitlines())


def _md_rows(out: str) -> int:
    return sum(line.startswith("| ") and not line.startswith("| Operation") for line in out.splitlines())


def _html_rows(out: str) -> int:
    return out.count("<tr><td>")


def _annotations(out: str) -> int:
    """Annotations of changes, and those GitHub would not show, counted on the line that
    sums them up (`and 6 more warnings (274 by operation) ...`)."""
    lines = out.splitlines()
    more = sum(int(n) for line in lines if line.startswith("::") and "title=nosurprises::and " in line
               for n in re.findall(r"(\d+) more ", line))
    return more + sum(line.startswith("::") and "title=nosurprises::" not in line for line in lines)


def _sarif_results(out: str) -> int:
    return len(json.loads(out)["runs"][0]["results"])


def _junit_cases(out: str) -> int:
    return len(ET.fromstring(out.encode()).findall("testsuite/testcase"))


COUNTERS = {"text": _text_entries, "markdown": _md_rows, "html": _html_rows,
            "github": _annotations, "sarif": _sarif_results, "junit": _junit_cases}


@pytest.mark.parametrize("name", sorted(COUNTERS))
def test_each_format_shows_a_group_once_and_each_change_on_request(
        name: str, report: Report, files: tuple[str, str]) -> None:
    old, new = files
    count = COUNTERS[name]
    assert count(render_report(name, report, new, old)) == len(report.groups)
    assert count(render_report(name, report, new, old, "groups")) == len(report.groups)
    assert count(render_report(name, report, new, old, "operations")) == len(report.changes)


def test_every_human_format_takes_detail_and_refuses_an_unknown_one(report: Report) -> None:
    for name in FORMATS:
        with pytest.raises(ValueError, match="detail must be one of groups, operations"):
            render_report(name, report, None, None, "everything")


def test_text_of_a_group_names_its_origin_and_folds_its_operations(report: Report) -> None:
    out = render_text(report)
    lines = out.splitlines()
    at = lines.index("  [api.schema.request.required-property-added] Schema `Shared`, property "
                     "`added`: a new required property was added.")
    assert lines[at + 1] == "      at /components/schemas/Shared/properties/added"
    assert lines[at + 2] == (f"      affects {N} operations: {', '.join(OPS[:FOLD])} "
                             f"and {N - FOLD} more")
    assert lines[at + 3].startswith("      what to do: ")
    assert f"BREAKING (3 distinct, {2 * N + 1} by operation)" in lines
    assert f"WARNING (1 distinct, {N} by operation)" in lines
    assert lines[-1] == f"{2 * N + 1} breaking, {N} warning, {N} info (5 distinct changes)"


@pytest.mark.parametrize(("n", "expected"), [
    (0, ""), (1, "a0"), (FOLD, ", ".join(f"a{i}" for i in range(FOLD))),
    (FOLD + 1, ", ".join(f"a{i}" for i in range(FOLD)) + " and 1 more"),
    (1000, ", ".join(f"a{i}" for i in range(FOLD)) + f" and {1000 - FOLD} more"),
])
def test_the_fold_names_the_first_few_then_counts_the_rest(n: int, expected: str) -> None:
    assert fold([f"a{i}" for i in range(n)]) == expected


def test_a_group_of_one_operation_reads_as_that_change(report: Report) -> None:
    (entry,) = [e for e in entries(report) if e.group.rule == "api.parameter.became-required"]
    assert entry.single is not None and affects(entry) == "affects 1 operation: GET /alone"
    out = render_text(report)
    assert f"  [api.parameter.became-required] {entry.single.message}\n" \
           f"      at {entry.single.location}\n" in out
    assert "affects 1 operation" not in out


@pytest.mark.parametrize("name", sorted(set(COUNTERS) - {"html"}))  # html: by operation on request
def test_a_report_of_single_changes_is_the_same_in_both_details(name: str, tmp_path: Path) -> None:
    """Small reports do not get worse: where no change reaches two operations, the default is
    byte for byte the per-operation report."""
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    spec_old, spec_new = _spec(OLD_SHARED, False), _spec(OLD_SHARED, True)
    for spec in (spec_old, spec_new):
        spec["paths"] = {"/alone": spec["paths"]["/alone"]}
    spec_new["info"]["version"] = "2"
    old.write_text(yaml.safe_dump(spec_old))
    new.write_text(yaml.safe_dump(spec_new))
    small = nosurprises.compare_openapi(old, new, today=TODAY)
    assert len(small.changes) == len(small.groups) == 2
    assert render_report(name, small, str(new), str(old)) == \
        render_report(name, small, str(new), str(old), "operations")


def test_markdown_folds_into_a_bounded_details_block() -> None:
    n = FOLD + LISTED + 7
    changes = [Change(rule="api.schema.request.required-property-added", level=Level.BREAKING,
                      subject=Subject.API, operation=f"POST /x{i:03}", location=f"/paths/~1x{i:03}",
                      origin="/components/schemas/S/required", message=f"`POST /x{i:03}`: added.",
                      grouping=("new", "Schema `S`: added.")) for i in range(n)]
    report = Report.from_changes(changes)
    out = render_markdown(report)
    (row,) = [line for line in out.splitlines() if "Schema <code>S</code>" in line]
    assert row.startswith(f"| {n} operations: POST /x000, POST /x001, POST /x002, POST /x003, "
                          f"POST /x004 <details><summary>and {LISTED + 7} more</summary>POST /x005<br>")
    assert f"POST /x{FOLD + LISTED - 1:03}<br>and 7 more</details>" in row
    assert f"POST /x{FOLD + LISTED:03}" not in row
    # the HTML page holds every operation (folded past the first few)
    page = render_html(report)
    assert all(f"POST /x{i:03}" in page for i in range(n))
    assert f"<details><summary>and {n - FOLD} more</summary>" in page


# -- github and SARIF at the origin, in the right file -----------------------------------------------


def _parse_github(line: str) -> tuple[str, dict[str, str], str]:
    head, _, message = line[2:].partition("::")
    name, _, props = head.partition(" ")
    return name, dict(p.split("=", 1) for p in props.split(",")) if props else {}, message


def test_github_annotates_a_group_at_its_origin(report: Report, files: tuple[str, str]) -> None:
    old, new = files
    lines = render_github(report, new, old).splitlines()
    by_title = {_parse_github(line)[1]["title"]: _parse_github(line) for line in lines[1:]}
    name, props, message = by_title["api.schema.request.required-property-added"]
    assert name == "error" and props["file"] == new
    assert int(props["line"]) == _line_of(new, r"^ *added:$")  # the new property, in NEW
    removed = by_title["api.schema.response.property-removed"][1]
    assert removed["file"] == old and int(removed["line"]) == _line_of(old, r"^ *gone:$")
    assert f"It affects {N} operations: {', '.join(OPS[:FOLD])} and {N - FOLD} more." in message
    assert message.endswith("(at /components/schemas/Shared/properties/added)")
    assert lines[0] == (f"::notice title=nosurprises::{2 * N + 1} breaking, {N} warning, {N} info "
                         "(5 distinct changes)")


def test_sarif_locates_a_group_at_its_origin_and_lists_its_operations(
        report: Report, files: tuple[str, str]) -> None:
    old, new = files
    results = json.loads(render_sarif(report, new, old))["runs"][0]["results"]
    by_rule = {r["ruleId"]: r for r in results}
    removed = by_rule["api.schema.response.property-removed"]
    (location,) = removed["locations"]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == artifact_uri(old)
    assert location["physicalLocation"]["region"]["startLine"] == _line_of(old, r"^ *gone:$")
    assert location["logicalLocations"][0]["fullyQualifiedName"] == \
        "/components/schemas/Shared/properties/gone"
    assert removed["properties"]["operations"] == OPS and removed["properties"]["count"] == N
    assert removed["properties"]["document"] == "old"
    assert f"It affects {N} operations" in removed["message"]["text"]
    fingerprints = [r["partialFingerprints"]["nosurprises/v1"] for r in results]
    assert len(set(fingerprints)) == len(results)
    # a group's fingerprint does not move when one more operation reaches the schema
    fewer = Report.from_changes([c for c in report.changes if c.operation != "POST /r0"])
    again = {r["ruleId"]: r for r in json.loads(render_sarif(fewer, new, old))["runs"][0]["results"]}
    assert again["api.schema.response.property-removed"]["partialFingerprints"] == \
        removed["partialFingerprints"]


def test_junit_has_one_case_per_group_naming_every_operation(report: Report) -> None:
    root = ET.fromstring(render_junit(report, "new.yaml").encode())
    cases = {c.get("name"): c for c in root.findall("testsuite/testcase")}
    case = cases["api.schema.request.required-property-added /components/schemas/Shared/properties/added"]
    failure = case.find("failure")
    assert failure is not None and f"and {N - FOLD} more" in (failure.get("message") or "")
    assert f"It affects {N} operations: {', '.join(OPS)}." in (failure.text or "")
    assert root.get("failures") == str(sum(g.level is Level.BREAKING for g in report.groups))


# -- JSON: the contract by default; without `changes` when groups only are asked for ---------------


def test_json_keeps_every_change_unless_groups_only_are_asked(report: Report) -> None:
    full = json.loads(render_json(report))
    assert render_json(report) == render_json(report, detail="operations")
    assert len(full["changes"]) == len(report.changes)
    only = json.loads(render_json(report, detail="groups"))
    assert "changes" not in only
    assert {k: v for k, v in full.items() if k != "changes"} == only


# -- the CLI option ----------------------------------------------------------------------------------


def test_the_option_on_diff(capsys: pytest.CaptureFixture[str], files: tuple[str, str],
                            report: Report) -> None:
    old, new = files
    assert main(["diff", old, new]) == 0
    default = capsys.readouterr().out
    assert main(["diff", old, new, "--detail", "groups"]) == 0
    assert capsys.readouterr().out == default
    assert main(["diff", old, new, "--detail", "operations"]) == 0
    assert _text_entries(capsys.readouterr().out) == len(report.changes) > _text_entries(default)
    assert main(["diff", old, new, "-f", "json"]) == 0
    assert "changes" in json.loads(capsys.readouterr().out)
    assert main(["diff", old, new, "-f", "json", "--detail", "groups"]) == 0
    assert "changes" not in json.loads(capsys.readouterr().out)


def test_the_option_on_check(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the default pack, no ledger
    assert main(["check", PET_OLD, PET_NEW, "--on", "2026-12-01"]) == 1
    grouped = capsys.readouterr().out
    assert "UNANNOUNCED (6 distinct, 8 by operation)" in grouped
    assert "      affects 2 operations: GET /pets, GET /pets/{petId}" in grouped
    assert main(["check", PET_OLD, PET_NEW, "--on", "2026-12-01", "--detail", "operations"]) == 1
    per_op = capsys.readouterr().out
    assert "UNANNOUNCED (8)" in per_op and "affects" not in per_op
    # the verdict summary counts changes either way
    assert grouped.splitlines()[-2:] == per_op.splitlines()[-2:]
    for fmt in ("markdown", "github", "sarif", "junit", "html"):
        assert main(["check", PET_OLD, PET_NEW, "--on", "2026-12-01", "-f", fmt]) == 1
        assert main(["check", PET_OLD, PET_NEW, "--on", "2026-12-01", "-f", fmt,
                     "--detail", "operations"]) == 1
    capsys.readouterr()
    assert main(["check", PET_OLD, PET_NEW, "--on", "2026-12-01", "-f", "json"]) == 1
    assert len(json.loads(capsys.readouterr().out)["verdicts"]) == 15


@pytest.mark.parametrize(("args", "says"), [
    (["check", PET_OLD, PET_NEW, "-f", "json", "--detail", "groups"],
     "nosurprises: --detail groups: the JSON of check gives a verdict for each change"),
    (["diff", PET_OLD, PET_NEW, "--detail", "all"], "invalid choice: 'all'"),
    (["plan", PET_OLD, PET_NEW, "--announce", "2026-12-01", "--detail", "groups"],
     "unrecognized arguments: --detail groups"),
    (["notice", PET_OLD, PET_NEW, "--announce", "2026-12-01", "--detail", "groups"],
     "unrecognized arguments: --detail groups"),
    (["rules", "--detail", "groups"], "unrecognized arguments: --detail"),
])
def test_the_option_is_refused_where_it_means_nothing(args: list[str], says: str,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    try:
        code = main(args)
    except SystemExit as exc:  # argparse's usage errors exit; the CLI's own return 2
        code = exc.code
    assert code == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1 and says in captured.err, captured.err


# -- check: verdicts of one root cause with one answer are one entry ---------------------------------


def test_check_groups_verdicts_by_root_cause_and_answer(report: Report) -> None:
    policy, rules = load_policy(None)
    ledger = load_ledger({"notices": [{
        "id": "early", "summary": "The request schema gains a required property `added`.",
        "announced": "2024-01-01", "effective": "2025-01-01", "channels": ["email"],
        "covers": {"rules": ["api.schema.request.*"], "operations": ["POST /r1*"]}}]})
    result = check(report, policy, rules, ledger, TODAY)
    required = [v for v in result.verdicts if v.change.rule == "api.schema.request.required-property-added"]
    items = verdict_entries(required)
    answers = sorted((v.status.value, e.group.operations) for v, e in items)
    covered = [op for op in OPS if op.startswith("POST /r1")]
    assert answers == [("covered", covered), ("unannounced", [op for op in OPS if op not in covered])]
    assert len(verdict_entries(required, "operations")) == N
    out = check_text(result)
    assert f"      affects {len(covered)} operations: {', '.join(covered)}" in out
    assert f"affects {N - len(covered)} operations: " in out


# -- the measures of the issue ----------------------------------------------------------------------


def _many(n: int, shared: dict[str, Any]) -> dict[str, Any]:
    ref = {"$ref": "#/components/schemas/Shared"}
    return {"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {f"/r{i}": {"post": {"requestBody": {"content": {"application/json": {
                "schema": ref}}}, "responses": {"200": {"description": "ok"}}}} for i in range(n)},
            "components": {"schemas": {"Shared": shared}}}


def test_ten_thousand_operations_fit_every_format_and_the_groups_json_under_one_megabyte() -> None:
    n = 10_000
    shared = {"type": "object", "properties": {"a": {"type": "string"}}}
    grown = {"type": "object", "required": ["b"],
             "properties": {"a": {"type": "string"}, "b": {"type": "string"}}}
    report = nosurprises.compare_openapi(_many(n, shared), _many(n, grown), today=TODAY)
    assert len(report.changes) == n and len(report.groups) == 1
    groups_json = render_json(report, detail="groups")
    assert len(groups_json.encode()) <= 1_000_000
    assert len(json.loads(groups_json)["groups"][0]["operations"]) == n
    assert len(render_json(report).encode()) > 1_000_000  # the full contract: 10,000 entries
    text = render_text(report)
    assert len(text.splitlines()) == 7  # heading, 4 lines of the group, blank, counts
    assert text.endswith("10000 breaking, 0 warning, 0 info (1 distinct change)\n")
    assert len(render_markdown(report).encode()) <= 10_000
    assert _annotations(render_github(report)) == _sarif_results(render_sarif(report)) == 1
    assert _junit_cases(render_junit(report)) == 1


def test_stripe_is_readable_in_every_format() -> None:
    pair = corpus_dir("openapi", "stripe")
    old, new = str(pair / "old.json"), str(pair / "new.json")
    report = nosurprises.compare_openapi(old, new, today=TODAY)
    assert len(report.changes) > 8_000 and len(report.groups) < 150
    text = render_text(report)
    assert len(text.splitlines()) <= 2_000
    assert len(render_markdown(report).encode()) <= 200_000
    assert _annotations(render_github(report, new, old)) == len(report.groups)
    assert _sarif_results(render_sarif(report, new, old)) == len(report.groups)
    assert _junit_cases(render_junit(report)) == len(report.groups)
    assert len(render_json(report, detail="groups").encode()) <= 1_000_000


def test_hostile_operation_names_in_a_group_stay_text() -> None:
    evil = [f"GET /x{i}|<script>alert({i})</script>\n::error::pwned" for i in range(FOLD + 3)]
    changes = [Change(rule="api.schema.response.property-removed", level=Level.BREAKING,
                      subject=Subject.API, operation=op, location=f"/paths/{i}",
                      origin="/components/schemas/S/properties/p", message=f"`{op}`: removed.",
                      grouping=("old", "Schema `S|<b>`, property `p`: removed.\n::warning::x"))
               for i, op in enumerate(evil)]
    report = Report.from_changes(changes)
    md = render_markdown(report)
    (row,) = [line for line in md.splitlines() if "operations:" in line]
    assert not re.search(r"(?<!\\)<script", md) and "\\<script\\>" in row  # escaped, as text
    assert row.count(" | ") == 2  # three cells: every `|` of a name is escaped
    assert not any(line.startswith("::") for line in md.splitlines())
    page = render_html(report)
    assert "<script" not in page and "&lt;script&gt;" in page
    gh = render_github(report)
    assert all(line.startswith("::") for line in gh.splitlines()) and len(gh.splitlines()) == 2
    text = render_text(report)
    assert not any(line.startswith("::") for line in text.splitlines())


# -- every change is shown exactly once ------------------------------------------------------------

_OPS = st.sampled_from(["GET /a", "GET /b", "POST /c", None])
_CHANGES = st.builds(
    lambda rule, level, op, origin, told, n: Change(
        rule=rule, level=level, subject=Subject.API, operation=op, location=f"/paths/{n}",
        origin=origin, message=f"{op}: {told}", grouping=("new", told) if origin else None),
    st.sampled_from(["api.schema.response.enum-value-added", "api.parameter.removed"]),
    st.sampled_from(list(Level)), _OPS, st.sampled_from(["/components/schemas/S/enum", None]),
    st.sampled_from(['the value "b" was added.', 'the value "c" was added.']),
    st.integers(0, 3))


@settings(max_examples=200, deadline=None)
@given(changes=st.lists(_CHANGES, max_size=12))
def test_every_change_is_in_exactly_one_entry_also_read_back_from_json(changes: list[Change]) -> None:
    report = Report.from_changes(changes)
    again = Report.model_validate_json(report.model_dump_json())
    for r in (report, again):
        grouped = r.grouped()
        members = [c for _, found in grouped for c in found]
        assert sorted(map(id, members)) == sorted(map(id, r.changes))
        for detail in ("groups", "operations"):
            assert sum(len(e.changes) for e in entries(r, detail)) == len(r.changes)
    # built by the report, the entries are its groups, each with the changes it counts
    grouped = report.grouped()
    assert sorted((g.sort_key() for g, _ in grouped)) == sorted(g.sort_key() for g in report.groups)
    for group, found in grouped:
        assert group.count == len(found)
        assert group.operations == sorted({c.operation for c in found if c.operation})
    # read back from JSON (no sentence at the origin), a change finds its group by operation:
    # exactly so where one operation has one change of a rule at an origin (as the diff makes
    # them: one per operation, by its shortest path), else by best effort (each shown once)
    places = [(c.rule, c.level, c.origin, c.operation) for c in report.changes]
    if len(set(places)) < len(places):
        return
    regrouped = again.grouped()
    assert sorted((g.sort_key(), len(found)) for g, found in regrouped) == \
        sorted((g.sort_key(), g.count) for g in report.groups)


def test_two_enum_values_at_one_origin_stay_two_entries_read_back_from_json() -> None:
    def spec(values: list[str]) -> dict[str, Any]:
        ok = {"200": {"description": "ok", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/S"}}}}}
        return {"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
                "paths": {"/x": {"get": {"responses": ok}}, "/y": {"get": {"responses": ok}}},
                "components": {"schemas": {"S": {"type": "object", "properties": {
                    "s": {"type": "string", "enum": values}}}}}}

    report = nosurprises.compare_openapi(spec(["a"]), spec(["a", "b", "c"]), today=TODAY)
    again = Report.model_validate_json(report.model_dump_json())
    for r in (report, again):
        told = [(g.message, [c.message for c in found]) for g, found in r.grouped()]
        assert told == [
            ('Schema `S`, property `s`: the value "b" was added.',
             ['`GET /x` response 200 (application/json), property `s`: the value "b" was added.',
              '`GET /y` response 200 (application/json), property `s`: the value "b" was added.']),
            ('Schema `S`, property `s`: the value "c" was added.',
             ['`GET /x` response 200 (application/json), property `s`: the value "c" was added.',
              '`GET /y` response 200 (application/json), property `s`: the value "c" was added.'])]


def test_groups_told_apart_by_a_dropped_control_character_stay_two_entries() -> None:
    """The renderers see text made one line (`untrusted.shown`): two sentences that differ only
    by a control character become equal there, and must still be two entries, not one."""
    changes = [Change(rule="api.operation.added", level=Level.BREAKING, subject=Subject.API,
                      location="", message=text) for text in ("gone", "gone\x08")]
    report = Report.from_changes(changes)
    assert len(report.groups) == 2
    assert _sarif_results(render_sarif(report)) == _junit_cases(render_junit(report)) == 2
    assert _text_entries(render_text(report)) == _annotations(render_github(report)) == 2
