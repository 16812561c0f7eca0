"""Whom each change reaches (`targeting/reached.py`) and `diff --requests` (issue 14)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import nosurprises
from nosurprises.cli import main
from nosurprises.load import load_document
from nosurprises.model import Change, Level, Report, Subject
from nosurprises.targeting import (
    Fields,
    Window,
    changes_for,
    reach,
    read_requests,
    spec_templates,
    with_requests,
)
from nosurprises.targeting.reached import narrowed_to

from .conftest import FIXTURES, ROOT, corpus_dir

LOGS = FIXTURES / "requests"
OLD, NEW = str(LOGS / "pets-old.yaml"), str(LOGS / "pets-new.yaml")


def _reached(
    log: str = "access.log",
    fields: Fields | None = None,
    level: Level = Level.INFO,
    window: Window | None = None,
) -> tuple[Report, nosurprises.targeting.Reach]:
    full = nosurprises.compare_openapi(OLD, NEW)
    report = Report.from_changes(full.at_least(level), full.warnings)
    made = with_requests(
        report, load_document(OLD), load_document(NEW), LOGS / log, fields=fields, window=window
    )
    return report, made.reach


def _by_rule(found: nosurprises.targeting.Reach) -> dict[str, tuple[str, str | None, list[str]]]:
    return {e.rule: (e.because, e.parameter, e.customers) for e in found.changes}


def test_each_change_reaches_its_callers_and_a_removed_parameter_its_senders() -> None:
    report, found = _reached(
        level=Level.WARNING, window=Window(since=dt.datetime(2026, 10, 1, tzinfo=dt.UTC))
    )
    assert _by_rule(found) == {
        "api.operation.removed-without-deprecation": ("called", None, ["alice"]),
        "api.schema.response.property-removed": ("called", None, ["bob"]),  # /pets/7/ and /pets/7
        "api.parameter.added-required": ("called", None, ["carol"]),  # every caller: not narrowed
        "api.parameter.removed": ("sent", "limit", ["alice", "carol"]),  # carol sent %6Cimit
    }
    assert found.not_told.customers == ["dave"] and found.not_told.count == 1  # /pets/mine only
    assert (found.calls, found.anonymous, found.skipped, found.outside, found.unmatched) == (9, 1, 3, 1, 1)
    alice = next(c for c in found.customers if c.customer == "alice")
    assert [report.changes[i].rule for i in alice.changes] == [
        "api.operation.removed-without-deprecation",
        "api.parameter.removed",
    ]
    assert alice.last_call == dt.datetime(2026, 10, 2, 8, tzinfo=dt.UTC) and alice.calls == 2
    assert [c.rule for c in changes_for(found, report, "alice")] == [
        "api.operation.removed-without-deprecation",
        "api.parameter.removed",
    ]
    assert changes_for(found, report, "dave") == []
    bob = next(o for o in found.operations if o.operation == "GET /pets/{petId}").callers
    assert [(c.customer, c.calls) for c in bob] == [("bob", 2)]


def test_a_change_of_no_operation_reaches_everyone_seen() -> None:
    _, found = _reached()
    because, _, customers = _by_rule(found)["api.document.version-changed"]
    assert because == "seen" and customers == ["alice", "bob", "carol", "dave", "erin"]
    assert found.not_told.count == 0


def test_an_operation_nobody_called_is_listed_not_dropped() -> None:
    _, found = _reached("combined.log", Fields(customer=r"key=(?P<customer>[^ ]+)$"), Level.WARNING)
    assert found.uncalled == ["GET /pets/{petId}", "POST /pets"]
    assert _by_rule(found)["api.parameter.added-required"] == ("called", None, [])


def test_parameters_are_not_narrowed_when_the_log_does_not_show_them(tmp_path: Path) -> None:
    log = tmp_path / "plain.jsonl"
    log.write_text(json.dumps({"time": 1791052200, "method": "GET", "path": "/v1/pets", "who": "zed"}) + "\n")
    _, found = _reached(str(log), Fields(customer="who"), Level.WARNING)
    assert not found.parameters_logged
    assert _by_rule(found)["api.parameter.removed"] == ("called", None, ["zed"])


def _change(rule: str, facts: object) -> Change:
    return Change(
        rule=rule,
        level=Level.WARNING,
        subject=Subject.API,
        operation="GET /pets",
        location="/x",
        message="m",
        facts=facts,
    )


def test_only_changes_that_matter_to_senders_are_narrowed() -> None:
    from nosurprises.words import Place

    query = {"where": "query", "name": "limit"}
    assert narrowed_to(_change("api.parameter.removed", query)) == "limit"
    assert narrowed_to(_change("api.parameter.deprecated", query)) == "limit"
    assert narrowed_to(_change("api.parameter.removed", {"where": "header", "name": "X"})) is None
    for rule in (
        "api.parameter.added-required",
        "api.parameter.became-required",
        "api.parameter.added-optional",
    ):
        assert narrowed_to(_change(rule, query)) is None
    target = {"target": Place(part="parameter", where="query", name="sort")}
    assert narrowed_to(_change("api.schema.request.max-length-decreased", target)) == "sort"
    assert narrowed_to(_change("api.schema.request.default-changed", target)) is None  # non-senders use it
    assert narrowed_to(_change("api.schema.response.type-changed", target)) is None
    body = {"target": Place(part="request body")}
    assert narrowed_to(_change("api.schema.request.type-changed", body)) is None
    assert narrowed_to(_change("api.parameter.removed", None)) is None  # read back from JSON: no facts


def test_the_rule_fixtures_of_narrowed_rules_carry_where_and_name() -> None:
    """The mapping is read from the changes the diff makes: each narrowed rule's fixture says
    `where` and `name`, so a renamed fact fails here rather than silently narrowing nothing."""
    import yaml

    from nosurprises.targeting.reached import SENDERS_ONLY

    seen = set()
    for path in sorted((FIXTURES / "rules").glob("api.parameter.*.yaml")):
        pair = yaml.safe_load(path.read_text())
        if "old" not in pair:
            continue
        report = nosurprises.compare_openapi(pair["old"], pair["new"], today=dt.date(2026, 1, 1))
        for change in report.changes:
            if change.rule in SENDERS_ONLY and change.facts.get("where") == "query":
                assert narrowed_to(change) == change.facts["name"], path.name
                seen.add(change.rule)
    assert len(seen) >= 8


def test_changes_for_matches_a_selection_of_the_report() -> None:
    report, found = _reached()
    fewer = Report.from_changes(report.at_least(Level.BREAKING))
    assert [c.rule for c in changes_for(found, fewer, "alice")] == [
        "api.operation.removed-without-deprecation"
    ]


def test_the_library_entry_points_compose() -> None:
    old, new = load_document(OLD).data, load_document(NEW).data
    report = nosurprises.compare_openapi(OLD, NEW)
    found = reach(report, spec_templates(old, new), read_requests(LOGS / "access.log"))
    assert found.customers and nosurprises.targeting.reach is reach
    assert found.model_dump(mode="json")["changes"][0]["because"] in ("called", "sent", "seen")


# --- the command line -----------------------------------------------------------------------


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_diff_requests_adds_reach_to_the_json_and_plain_json_is_unchanged(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, plain, _ = _run(capsys, "diff", OLD, NEW, "--format", "json")
    assert code == 0 and "reach" not in json.loads(plain)
    code, out, _ = _run(
        capsys,
        "diff",
        OLD,
        NEW,
        "--format",
        "json",
        "--requests",
        str(LOGS / "access.log"),
        "--requests-since",
        "2026-10-01",
        "--requests-until",
        "2026-10-31",
    )
    data = json.loads(out)
    assert code == 0 and data["reach"]["window"] == {
        "since": "2026-10-01T00:00:00Z",
        "until": "2026-11-01T00:00:00Z",
    }
    assert {k: v for k, v in data.items() if k != "reach"} == json.loads(plain)
    from nosurprises.targeting import ReachReport

    assert ReachReport.model_validate_json(out).reach.not_told.count == 0


def test_diff_requests_text_says_who_is_affected(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys,
        "diff",
        OLD,
        NEW,
        "--level",
        "warning",
        "--requests",
        str(LOGS / "gateway.jsonl"),
        "--customer-key",
        "headers.x-account-id",
    )
    assert code == 0
    section = out[out.index("WHO IS AFFECTED") :]
    assert "callers that sent `limit`: alice" in section
    assert "Not told (2: they called no changed operation): bob, dave." in section  # bob sent only sort
    assert "1 call without a customer" in section


def test_days_and_fields_options(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    log = tmp_path / "g.jsonl"
    log.write_text(
        json.dumps({"at": "2026-10-09T10:00:00Z", "verb": "DELETE", "uri": "/pets/1", "k": "zoe"}) + "\n"
    )
    code, out, _ = _run(
        capsys,
        "diff",
        OLD,
        NEW,
        "-f",
        "json",
        "--requests",
        str(log),
        "--customer-key",
        "k",
        "--requests-field",
        "time=at",
        "--requests-field",
        "method=verb",
        "--requests-field",
        "path=uri",
        "--requests-strip-prefix",
        "",
        "--requests-since",
        "7d",
        "--date",
        "2026-10-10",
    )
    reached = json.loads(out)["reach"]
    assert code == 0 and reached["window"]["since"] == "2026-10-04T00:00:00Z"
    assert [c["customer"] for c in reached["customers"]] == ["zoe"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--requests", "missing.log"], "missing.log: no such file"),
        (
            ["--requests", str(LOGS / "access.log"), "--customer-key", "(?P<customer>(x)\\1)"],
            "--customer-key: is not a regular expression RE2 accepts",
        ),
        (["--requests", str(LOGS / "gateway.jsonl")], "--customer-key: is required for JSON lines"),
        (["--customer-key", "x"], "--customer-key: applies with --requests FILE only"),
        (
            ["--requests", str(LOGS / "access.log"), "--requests-since", "last week"],
            "--requests-since: 'last week' is not a day (YYYY-MM-DD) or a number of days (90d)",
        ),
        (
            [
                "--requests",
                str(LOGS / "access.log"),
                "--requests-since",
                "2026-10-05",
                "--requests-until",
                "2026-10-01",
            ],
            "--requests-since: 2026-10-05 is after --requests-until 2026-10-01",
        ),
        (
            ["--requests", str(LOGS / "access.log"), "--requests-field", "colour=x"],
            "--requests-field: 'colour' is not a field of a call (fields: method, path, time, params)",
        ),
        (
            ["--requests", str(LOGS / "access.log"), "--requests-field", "path"],
            "--requests-field: 'path' is not ROLE=FIELD",
        ),
    ],
)
def test_bad_requests_options_are_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = _run(capsys, "diff", OLD, NEW, *argv)
    assert code == 2 and not out and err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("nosurprises: " + message)


def test_a_lone_requests_option_is_refused_before_any_document_is_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The option is refused first: a 13 MB pair is not compared to be told so afterwards."""
    code, _, err = _run(capsys, "diff", str(tmp_path / "gone-old.json"), str(tmp_path / "gone-new.json"),
                        "--requests-since", "30d")
    assert code == 2 and err == "nosurprises: --requests-since: applies with --requests FILE only\n"


@pytest.mark.parametrize("command", [
    ["diff", str(ROOT / "examples"), str(ROOT / "examples")],  # many pairs
    ["notice", OLD, NEW, "--announce", "2027-01-01", "--out"],  # a notice without --customers
])
def test_a_lone_requests_option_is_refused_by_every_command_that_takes_them(
    capsys: pytest.CaptureFixture[str], command: list[str], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    code, _, err = _run(capsys, *command, *([str(out)] if command[-1] == "--out" else []),
                        "--customer-key", "x")
    assert code == 2 and err == "nosurprises: --customer-key: applies with --requests FILE only\n"
    assert not out.exists()


def test_a_bad_requests_window_is_refused_before_any_document_is_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = _run(capsys, "diff", str(tmp_path / "gone-old.json"), str(tmp_path / "gone-new.json"),
                        "--requests", str(LOGS / "access.log"), "--requests-since", "last week")
    assert code == 2 and err.startswith("nosurprises: --requests-since: 'last week' is not a day")


def test_a_bad_log_line_exits_2_naming_the_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    log = tmp_path / "a.log"
    log.write_text((LOGS / "access.log").read_text() + "garbage\n")
    code, _, err = _run(capsys, "diff", OLD, NEW, "--requests", str(log))
    assert (
        code == 2
        and err
        == f"nosurprises: {log}:16: is not a line of the common or combined log format "
        '(host ident authuser [time] "request" status bytes)\n'
    )


def test_requests_on_a_price_book_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    book = ROOT / "tests" / "fixtures" / "pricing" / "corpus" / "google-maps-platform-2018"
    code, _, err = _run(capsys, "diff", str(book / "new.yaml"), str(book / "new.yaml"), "--requests", "x.log")
    assert (
        code == 2 and err == "nosurprises: --requests: applies to OpenAPI documents only, not price books\n"
    )


def test_requests_on_many_pairs_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "diff", str(LOGS), str(LOGS), "--requests", "x.log")
    assert code == 2 and "--requests: applies to one pair of documents, not to many" in err


def test_the_shared_petstore_pair_with_a_log(tmp_path: Path) -> None:
    folder = corpus_dir("openapi", "petstore-3.0")
    log = tmp_path / "petstore.log"
    log.write_text(
        '1.1.1.1 - ann [01/Oct/2026:00:00:00 +0000] "POST /v1/pets HTTP/1.1" 201 0\n'
        '1.1.1.1 - ben [01/Oct/2026:00:00:00 +0000] "GET /v1/pets/3 HTTP/1.1" 200 9\n'
        '1.1.1.1 - cat [01/Oct/2026:00:00:00 +0000] "GET /v1/pets?limit=3 HTTP/1.1" 200 9\n'
    )
    old, new = folder / "old.yaml", folder / "new.yaml"
    report = nosurprises.compare_openapi(str(old), str(new))
    found = with_requests(report, load_document(old), load_document(new), log).reach
    rules = {e.rule: e.customers for e in found.changes if e.operation}
    assert rules["api.operation.removed-without-deprecation"] == ["ann"]  # POST /pets removed
    assert rules["api.parameter.added-required"] == ["ben"]  # GET /pets/{petId}
    assert "cat" in rules["api.parameter.became-required"]  # every caller of GET /pets
    assert "DELETE /pets/{petId}" in found.uncalled  # added: nobody could call it


def test_the_reach_report_schema_is_listed(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "schema", "reach-report")
    schema = json.loads(out)
    assert code == 0 and "reach" in schema["properties"] and "Reach" in schema["$defs"]
    assert set(schema["$defs"]["ChangeReach"]["properties"]["because"]["enum"]) == {"called", "sent", "seen"}


def test_customer_keys_from_a_log_are_shown_on_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A customer key is whatever the log holds: escape sequences and line breaks in it must
    not reach the terminal or start a line of their own (`::error` in a CI log)."""
    log = tmp_path / "hostile.jsonl"
    log.write_text(
        json.dumps(
            {
                "time": 1791052200,
                "method": "DELETE",
                "path": "/v1/pets/1",
                "who": "evil\x1b[2J\n::error::forged",
            }
        )
        + "\n"
    )
    code, out, _ = _run(capsys, "diff", OLD, NEW, "--requests", str(log), "--customer-key", "who")
    section = out[out.index("WHO IS AFFECTED") :]
    assert code == 0 and "\x1b" not in section and "\n::error" not in section and "forged" in section
    code, out, _ = _run(
        capsys, "diff", OLD, NEW, "-f", "json", "--requests", str(log), "--customer-key", "who"
    )
    assert json.loads(out)["reach"]["customers"][0]["customer"] == "evil\x1b[2J\n::error::forged"
