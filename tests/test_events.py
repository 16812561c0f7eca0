"""Declared events: strict loading with one-line errors, and their place in the report and CLI."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import nosurprises
from nosurprises import InputError, Level, Report, Subject, event_changes, load_events
from nosurprises.cli import main
from nosurprises.docgen import generated_part
from nosurprises.events import KINDS, Event, events_reference, events_schema_markdown
from nosurprises.rules import CATALOG

from .conftest import FIXTURES, ROOT

EVENTS = FIXTURES / "events"
OLD = str(ROOT / "examples" / "petstore-old.yaml")


def fixture(name: str) -> str:
    return str(EVENTS / name)


def test_valid_file_has_all_seven_kinds() -> None:
    events = load_events(fixture("valid.yaml"))
    assert [e.kind for e in events] == list(KINDS)
    sale, transfer, *_, maintenance = events
    assert sale.effective == dt.date(2027, 9, 7) and not isinstance(sale.effective, dt.datetime)
    assert sale.audience == ["all"] and sale.counterparty == "Squarespace"
    assert transfer.audience == ["eu-business"]
    assert maintenance.effective == dt.datetime(2027, 5, 2, 2, tzinfo=dt.UTC)
    assert maintenance.ends == dt.datetime(2027, 5, 2, 4, tzinfo=dt.UTC)


BAD = {
    "missing-field.yaml": "events[0].effective (entry 'no-date'): Field required",
    "unknown-kind.yaml": "events[0].kind (entry 'merger'): Input should be 'sale', 'transfer', "
                         "'shutdown', 'region-shutdown', 'migration', 'processor-change' or 'maintenance'",
    "duplicate-id.yaml": "events[1].id (entry 'closing'): duplicate id, already used by events[0]",
    "naive-datetime.yaml": "events[0].effective (entry 'db-upgrade'): 2027-05-02T02:00:00 has no "
                           "timezone; add one (e.g. `Z` or `+01:00`) so every customer reads the same moment",
    "ends-before-effective.yaml": "events[0].ends (entry 'db-upgrade'): 2027-05-02T02:00:00+00:00 is not "
                                  "after `effective` (2027-05-02T04:00:00+00:00)",
    "ends-not-maintenance.yaml": "events[0].ends (entry 'legacy-shutdown'): only a `maintenance` event "
                                 "has an end; a shutdown event takes effect once",
    "not-a-list.yaml": "events: Input should be a valid list",
    "empty.yaml": "is empty; an events file is a mapping `events: [...]`",
    "unknown-key.yaml": "events[0].efective (entry 'legacy-shutdown'): unknown key; "
                        "did you mean 'effective'?",
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_file_is_one_line_naming_file_entry_and_field(name: str) -> None:
    with pytest.raises(InputError) as caught:
        load_events(fixture(name))
    assert str(caught.value) == f"{fixture(name)}: {BAD[name]}"
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_file_exits_2_with_one_line(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", OLD, OLD, "--events", fixture(name)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"nosurprises: {fixture(name)}: {BAD[name]}\n"


@pytest.mark.parametrize(("data", "problem"), [
    ("- id: a\n  kind: sale\n", "<string>: the top level must be a mapping `events: [...]`, not a list"),
    ("42\n", "<string>: the top level must be a mapping `events: [...]`, not int"),
    ({}, "<dict>: events: Field required"),
    ({"events": [], "owner": "me"}, "<dict>: owner: unknown key"),
    ({"events": ["x"]}, "<dict>: events[0]: Input should be a valid dictionary or instance of Event"),
])
def test_bad_shapes(data: object, problem: str) -> None:
    with pytest.raises(InputError) as caught:
        load_events(data)  # type: ignore[arg-type]
    assert str(caught.value) == problem


def test_no_events_is_fine() -> None:
    assert load_events({"events": []}) == []
    assert event_changes([]) == []


def event(**fields: object) -> dict[str, object]:
    return {"id": "e", "kind": "shutdown", "summary": "It ends.", "effective": "2027-01-01", **fields}


@pytest.mark.parametrize(("value", "problem"), [
    (20270101, "20270101 is not a date"),  # not read as a Unix timestamp
    ("soon", "'soon' is not a date"),
    (dt.datetime(2027, 1, 1, 2), "2027-01-01T02:00:00 has no timezone"),
])
def test_effective_must_be_a_date_or_an_aware_time(value: object, problem: str) -> None:
    with pytest.raises(InputError, match=re.escape(f"events[0].effective (entry 'e'): {problem}")):
        load_events({"events": [event(effective=value)]})


def test_dates_and_aware_times_are_accepted_from_text_and_objects() -> None:
    aware = dt.datetime(2027, 1, 1, 2, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    events = load_events({"events": [
        event(id="a", effective=dt.date(2027, 1, 1)),
        event(id="b", effective="2027-01-01T02:00:00+01:00"),
        event(id="c", effective=aware),
    ]})
    assert [e.effective for e in events] == [dt.date(2027, 1, 1), aware, aware]


def test_ends_has_the_type_of_effective() -> None:
    with pytest.raises(InputError, match=re.escape("events[0].ends (entry 'e'): must be a date and time "
                                                   "like `effective`")):
        load_events({"events": [event(kind="maintenance", effective="2027-01-01T02:00:00Z",
                                      ends="2027-01-02")]})
    whole_days = load_events({"events": [event(kind="maintenance", ends="2027-01-03")]})
    assert whole_days[0].ends == dt.date(2027, 1, 3)


def test_loads_text_and_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (EVENTS / "valid.yaml").read_text(encoding="utf-8")
    assert load_events(text) == load_events(fixture("valid.yaml"))
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    (tmp_path / "events.yaml").write_text(text, encoding="utf-8")
    for args in (["init", "-q"], ["add", "events.yaml"], ["commit", "-q", "-m", "events"]):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=tmp_path,
                       check=True, capture_output=True)
    (tmp_path / "events.yaml").write_text("events: []\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert load_events("git:HEAD:events.yaml") == load_events(fixture("valid.yaml"))
    assert load_events("events.yaml") == []


def test_one_change_per_event_judged_by_the_catalog() -> None:
    events = load_events(fixture("valid.yaml"))
    changes = event_changes(events, "events.yaml")
    assert len(changes) == 7
    for index, (ev, change) in enumerate(zip(events, changes, strict=True)):
        rule = CATALOG[f"event.{ev.kind}"]
        assert change.rule == rule.id and change.level is rule.level and change.hint == rule.hint
        assert change.subject is Subject.EVENT and change.operation is None
        assert change.item == ev.id and change.audience == ev.audience
        assert change.location == f"events.yaml#/events/{index}"
        assert change.after == ev.effective.isoformat()
    by_item = {c.item: c for c in changes}
    assert by_item["domains-sale"].message == (
        "The service is being sold to another company (Squarespace), effective 2027-09-07.")
    assert by_item["sa-east-1-closing"].message == (
        "A region is being shut down (sa-east-1), effective 2027-10-01.")
    assert by_item["legacy-shutdown"].message == (
        "A product or feature is being shut down (The legacy dashboard is shut down), effective 2027-12-31.")
    assert by_item["db-upgrade"].message == (
        "Planned maintenance or downtime (api) starts 2027-05-02T02:00:00+00:00.")
    assert by_item["db-upgrade"].level is Level.WARNING
    assert by_item["domains-sale"].level is Level.BREAKING


def test_json_report_carries_event_changes() -> None:
    report = Report.from_changes(event_changes(load_events(fixture("valid.yaml")), "valid.yaml"))
    data = json.loads(report.model_dump_json())
    assert {c["subject"] for c in data["changes"]} == {"event"}
    assert data["summary"] == {"breaking": 6, "warning": 1, "info": 0, "groups": 7, "accepted": 0}
    sale = next(c for c in data["changes"] if c["rule"] == "event.sale")
    assert sale["item"] == "domains-sale" and sale["after"] == "2027-09-07" and sale["operation"] is None


def test_cli_diff_with_events_shows_them(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", OLD, OLD, "--events", fixture("valid.yaml")]) == 0
    out = capsys.readouterr().out
    assert "[event.sale] The service is being sold to another company (Squarespace)" in out
    assert f"at {fixture('valid.yaml')}#/events/0" in out
    assert "[event.maintenance]" in out
    assert main(["diff", OLD, OLD, "--events", fixture("valid.yaml"), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert sorted(c["rule"] for c in data["changes"] if c["subject"] == "event") == sorted(
        f"event.{kind}" for kind in KINDS)


def test_fail_on_breaking_trips_on_a_sale(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", OLD, OLD, "--fail-on", "breaking"]) == 0
    assert main(["diff", OLD, OLD, "--fail-on", "breaking", "--events",
                 str(ROOT / "examples" / "events.yaml")]) == 1
    assert main(["diff", OLD, OLD, "--fail-on", "breaking", "--events", fixture("valid.yaml"),
                 "--ignore", "event.*"]) == 0
    capsys.readouterr()


def test_public_api() -> None:
    assert nosurprises.load_events is load_events and nosurprises.event_changes is event_changes
    assert "load_events" in nosurprises.__all__ and "event_changes" in nosurprises.__all__
    assert Event.model_fields["audience"].default == ["all"]


def test_events_reference_is_current() -> None:
    page = (ROOT / "docs" / "events.md").read_text(encoding="utf-8")
    assert generated_part(page, "events_reference") == events_reference(), (
        "docs/events.md is stale: run `python -m nosurprises.events docs/events.md`")


def test_events_reference_keeps_its_earlier_name() -> None:
    assert events_schema_markdown is events_reference


def test_events_reference_lists_every_field_and_kind() -> None:
    text = events_reference()
    for field in Event.model_fields:
        assert f"| `{field}` |" in text
    for kind in KINDS:
        assert f"| `{kind}` | [`event.{kind}`]" in text
    assert '| `audience` | non-empty list of string | `["all"]` |' in text


def test_docs_example_is_the_example_file_and_loads() -> None:
    page = (ROOT / "docs" / "events.md").read_text(encoding="utf-8")
    example = (ROOT / "examples" / "events.yaml").read_text(encoding="utf-8")
    block = page.split("```yaml\n", 1)[1].split("```", 1)[0]
    assert example.endswith(block), "the example in docs/events.md differs from examples/events.yaml"
    assert [e.kind for e in load_events(block)] == ["sale", "processor-change", "maintenance"]


def test_every_kind_an_events_file_may_name_has_its_rule_and_no_other() -> None:
    from nosurprises.events.rules import BY_KIND

    assert sorted(BY_KIND) == sorted(KINDS)
