"""The gate: verdicts per change from the policy and the ledger, and plans that pass it."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import nosurprises
from nosurprises.events import event_changes, load_events
from nosurprises.model import Change, Level, Report, Subject
from nosurprises.policy import Policy, Status, check, load_policy, plan
from nosurprises.policy.days import add_days
from nosurprises.policy.ledger import Ledger, load_ledger
from nosurprises.policy.model import NoticeRule

from .conftest import ROOT

OLD = str(ROOT / "examples" / "petstore-old.yaml")
NEW = str(ROOT / "examples" / "petstore-new.yaml")
EVENTS = str(ROOT / "examples" / "events.yaml")
LEDGER = str(ROOT / "examples" / "notices.yaml")


def _change(rule: str = "api.operation.removed-without-deprecation", level: Level = Level.BREAKING,
            operation: str | None = "POST /pets") -> Change:
    return Change(rule=rule, level=level, subject=Subject.API, operation=operation,
                  location="/paths/~1pets/post", message="m.")


def _ledger(announced: dt.date, effective: dt.date, **extra: object) -> Ledger:
    entry = {"id": "n1", "summary": "s", "announced": announced, "effective": effective,
             "channels": ["email"], "covers": {"rules": ["api.*"]}, **extra}
    return Ledger.model_validate({"notices": [entry]})


def _one(min_days: int, max_days: int | None = None, days: str = "calendar"
         ) -> tuple[Policy, list[NoticeRule]]:
    rule = NoticeRule(id="r", match=["api.*"], level=[Level.BREAKING], min_days=min_days,
                      max_days=max_days)
    return Policy(extends=[], days=days, rules=[rule]), [rule]


def _status(ledger: Ledger | None, on: dt.date, min_days: int = 90, max_days: int | None = None,
            days: str = "calendar") -> Status:
    policy, rules = _one(min_days, max_days, days)
    result = check(Report.from_changes([_change()]), policy, rules, ledger, on)
    return result.verdicts[0].status


@settings(max_examples=300, deadline=None)
@given(st.dates(dt.date(2020, 1, 1), dt.date(2035, 1, 1)), st.integers(1, 800),
       st.sampled_from(["calendar", "business"]))
def test_exactly_the_required_notice_covers_and_one_day_less_never_does(
        announced: dt.date, min_days: int, days: str) -> None:
    on = add_days(announced, min_days, days)
    assert _status(_ledger(announced, on), on, min_days, days=days) is Status.COVERED
    earlier = on - dt.timedelta(days=1)
    if earlier >= announced:
        assert _status(_ledger(announced, earlier), earlier, min_days, days=days) is Status.SHORT


def test_short_says_by_how_much_and_the_earliest_day() -> None:
    policy, rules = _one(90)
    announced, on = dt.date(2027, 1, 1), dt.date(2027, 3, 1)
    verdict = check(Report.from_changes([_change()]), policy, rules, _ledger(announced, on), on).verdicts[0]
    assert verdict.status is Status.SHORT
    assert verdict.notice_days == 59 and verdict.short_by == 31
    assert verdict.earliest_effective == dt.date(2027, 4, 1)


def test_a_maximum_makes_early_notice_too_early() -> None:
    announced = dt.date(2027, 1, 1)
    assert _status(_ledger(announced, dt.date(2027, 3, 1)), dt.date(2027, 3, 1), 7, 30) \
        is Status.TOO_EARLY
    assert _status(_ledger(announced, dt.date(2027, 1, 20)), dt.date(2027, 1, 20), 7, 30) \
        is Status.COVERED


def test_shipping_before_the_announced_date_is_short() -> None:
    ledger = _ledger(dt.date(2026, 1, 1), dt.date(2027, 6, 1))
    policy, rules = _one(90)
    verdict = check(Report.from_changes([_change()]), policy, rules, ledger,
                    dt.date(2027, 5, 1)).verdicts[0]
    assert verdict.status is Status.SHORT and verdict.earliest_effective == dt.date(2027, 6, 1)
    assert "before the date announced" in verdict.reason


def test_an_announcement_without_the_impact_does_not_start_the_clock() -> None:
    ledger = _ledger(dt.date(2026, 1, 1), dt.date(2027, 1, 1), states_impact=False)
    assert _status(ledger, dt.date(2027, 1, 1)) is Status.UNANNOUNCED


def test_emergency_takes_effect_at_once_with_a_justification() -> None:
    ledger = _ledger(dt.date(2027, 1, 1), dt.date(2027, 1, 1), emergency=True,
                     justification="CVE-2027-0001: the endpoint leaked tokens")
    assert _status(ledger, dt.date(2027, 1, 1)) is Status.EMERGENCY


def test_unannounced_and_not_required() -> None:
    assert _status(None, dt.date(2027, 1, 1)) is Status.UNANNOUNCED
    assert _status(None, dt.date(2027, 1, 1), min_days=0) is Status.NOT_REQUIRED


def test_the_best_of_several_entries_counts() -> None:
    ledger = Ledger.model_validate({"notices": [
        {"id": "late", "summary": "s", "announced": dt.date(2027, 2, 1), "effective": dt.date(2027, 3, 1),
         "channels": ["email"], "covers": {"rules": ["api.*"]}},
        {"id": "early", "summary": "s", "announced": dt.date(2026, 1, 1), "effective": dt.date(2027, 3, 1),
         "channels": ["email"], "covers": {"operations": ["POST /pets"]}},
    ]})
    policy, rules = _one(90)
    verdict = check(Report.from_changes([_change()]), policy, rules, ledger, dt.date(2027, 3, 1)).verdicts[0]
    assert verdict.status is Status.COVERED and verdict.notice == "early"


def test_declared_events_are_judged_on_their_own_date() -> None:
    changes = event_changes(load_events(EVENTS), EVENTS)
    policy, rules = load_policy(None)
    ledger = Ledger.model_validate({"notices": [
        {"id": "sale", "summary": "s", "announced": dt.date(2027, 5, 1),
         "effective": dt.date(2027, 9, 7), "channels": ["email"],
         "covers": {"rules": ["event.sale"], "items": ["domains-sale"]}}]})
    # `on` is long before the sale: the sale is still judged on its own date, 129 days out
    result = check(Report.from_changes(changes), policy, rules, ledger, dt.date(2000, 1, 1))
    sale = next(v for v in result.verdicts if v.change.rule == "event.sale")
    assert sale.status is Status.COVERED and sale.notice_days == 129


def test_example_ledger_covers_the_example_on_its_date() -> None:
    report = nosurprises.compare_openapi(OLD, NEW)
    policy, rules = load_policy(None)
    result = check(report, policy, rules, load_ledger(LEDGER), dt.date(2027, 6, 1))
    assert not result.failed
    assert result.gate["covered"] >= 8


def test_a_plan_drafts_a_ledger_that_passes_the_gate(tmp_path: Path) -> None:
    """diff -> plan -> ledger -> check: the drafted entry covers every change on its date."""
    report = nosurprises.compare_openapi(OLD, NEW)
    report = Report.from_changes(report.changes + event_changes(load_events(EVENTS), EVENTS))
    policy, rules = load_policy(None)
    announce = dt.date(2026, 1, 15)
    proposal = plan(report, policy, rules, announce)
    draft = tmp_path / "notices.yaml"
    draft.write_text(proposal.draft)
    ledger = load_ledger(draft)
    result = check(report, policy, rules, ledger, proposal.effective)
    assert not result.failed, [(v.change.rule, v.reason) for v in result.failed]
    assert proposal.effective == add_days(announce, max(p.required_min_days for p in proposal.changes
                                                        if p.declared_effective is None))


def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "nosurprises", *args], capture_output=True,
                          text=True, timeout=120, cwd=cwd)


def test_cli_check_exit_codes() -> None:
    covered = _cli("check", OLD, NEW, "--ledger", LEDGER, "--on", "2027-06-01")
    assert covered.returncode == 0, covered.stderr
    assert "Every change may ship." in covered.stdout
    early = _cli("check", OLD, NEW, "--ledger", LEDGER, "--on", "2026-12-01")
    assert early.returncode == 1 and "may not ship yet" in early.stdout
    bare = _cli("check", OLD, NEW, "--on", "2026-12-01", cwd=ROOT / "docs")
    assert bare.returncode == 1 and "UNANNOUNCED" in bare.stdout


def test_cli_check_json_adds_verdicts() -> None:
    done = _cli("check", OLD, NEW, "--ledger", LEDGER, "--on", "2027-06-01", "-f", "json")
    data = json.loads(done.stdout)
    assert {"changes", "summary", "verdicts", "gate", "on"} <= data.keys()
    assert all({"status", "reason", "required_min_days"} <= v.keys() for v in data["verdicts"])


def test_cli_check_refuses_a_rewritten_ledger(tmp_path: Path) -> None:
    base = yaml.safe_load(Path(LEDGER).read_text())
    rewritten = {"notices": base["notices"][1:]}
    (tmp_path / "notices.yaml").write_text(yaml.safe_dump(rewritten))
    done = _cli("check", OLD, NEW, "--ledger", str(tmp_path / "notices.yaml"),
                "--ledger-base", LEDGER, "--on", "2027-06-01")
    assert done.returncode == 1
    assert base["notices"][0]["id"] in done.stderr


def test_cli_plan_prints_a_loadable_draft(tmp_path: Path) -> None:
    done = _cli("plan", OLD, NEW, "--announce", "2026-03-01", "-f", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    draft = tmp_path / "draft.yaml"
    draft.write_text(data["draft"])
    assert load_ledger(draft).notices[0].announced == dt.date(2026, 3, 1)


@pytest.mark.parametrize("args", [["plan", OLD, NEW], ["plan", OLD, NEW, "--announce", "soon"],
                                  ["check", OLD, NEW, "--on", "tomorrow"],
                                  ["check", OLD, NEW, "--ledger-base", LEDGER]])
def test_cli_usage_errors(args: list[str]) -> None:
    done = _cli(*args)
    assert done.returncode == 2 and "Traceback" not in done.stderr


def _sunset_spec(sunset: str | None) -> dict:
    op: dict = {"responses": {"200": {"description": "ok"}}}
    if sunset:
        op.update({"deprecated": True, "x-sunset": sunset})
    return {"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/v1/charges": {"get": op}}}


@pytest.mark.parametrize(("sunset", "status"), [("2027-03-01", Status.SHORT),
                                                ("2027-12-31", Status.NOT_REQUIRED)])
def test_a_sunset_closer_than_the_policy_allows_is_short(sunset: str, status: Status) -> None:
    on = dt.date(2027, 1, 1)
    report = nosurprises.compare_openapi(_sunset_spec(None), _sunset_spec(sunset), today=on)
    policy, rules = load_policy(None)
    verdicts = {v.change.rule: v for v in check(report, policy, rules, None, on).verdicts}
    verdict = verdicts["api.operation.sunset-added"]
    assert verdict.status in (status, Status.UNANNOUNCED)
    if status is Status.SHORT:
        assert verdict.status is Status.SHORT and "closer than" in verdict.reason
        assert verdict.earliest_effective == add_days(on, verdict.required_min_days)
    else:
        assert "closer than" not in verdict.reason


def test_rules_that_leave_no_window_are_a_conflict() -> None:
    rules = [NoticeRule(id="long", match=["api.*"], min_days=90),
             NoticeRule(id="cap", match=["api.*"], min_days=7, max_days=30)]
    ledger = _ledger(dt.date(2027, 1, 1), dt.date(2027, 1, 20))
    verdict = check(Report.from_changes([_change()]), Policy(extends=[]), rules, ledger,
                    dt.date(2027, 1, 20)).verdicts[0]
    assert verdict.status is Status.CONFLICT and "long" in verdict.reason and "cap" in verdict.reason


def test_a_retroactive_change_fails_however_early_it_was_announced() -> None:
    change = _change().model_copy(update={"retroactive": True})
    policy, rules = _one(30)
    ledger = _ledger(dt.date(2026, 1, 1), dt.date(2027, 1, 1))
    result = check(Report.from_changes([change]), policy, rules, ledger, dt.date(2027, 1, 1))
    assert result.verdicts[0].status is Status.COVERED
    assert result.failed and result.verdicts[0].reason.startswith("retroactive")
    emergency = _ledger(dt.date(2027, 1, 1), dt.date(2027, 1, 1), emergency=True,
                        justification="court order")
    assert not check(Report.from_changes([change]), policy, rules, emergency, dt.date(2027, 1, 1)).failed


def test_a_declared_retroactive_event_reaches_the_gate(tmp_path: Path) -> None:
    events = tmp_path / "events.yaml"
    events.write_text("events:\n  - {id: runtime-fee, kind: migration, retroactive: true,\n"
                      "     summary: 'A fee per install, counted from installs made since January.',\n"
                      "     effective: 2027-01-01}\n")
    changes = event_changes(load_events(str(events)), str(events))
    assert changes[0].retroactive
    policy, rules = load_policy(None)
    assert check(Report.from_changes(changes), policy, rules, None, dt.date(2027, 1, 1)).failed


def test_ending_a_grandfathered_plan_is_retroactive() -> None:
    """Customers kept on a plan closed to new ones were promised it: taking it away fails."""
    old = {"plans": [{"id": "legacy", "name": "Legacy", "audience": ["existing"],
                      "price": {"amount": "5.00", "currency": "USD", "interval": "month"}},
                     {"id": "pro", "name": "Pro",
                      "price": {"amount": "10.00", "currency": "USD", "interval": "month"}}]}
    raised = {"plans": [{**old["plans"][0], "price": {"amount": "9.00", "currency": "USD",
                                                      "interval": "month"}}, old["plans"][1]]}
    gone = {"plans": [old["plans"][1]]}
    policy, rules = load_policy(None)
    for new in (raised, gone):
        report = nosurprises.compare_pricing(old, new)
        assert any(c.retroactive for c in report.changes)
        ledger = Ledger.model_validate({"notices": [
            {"id": "n", "summary": "s", "announced": dt.date(2020, 1, 1),
             "effective": dt.date(2027, 1, 1), "channels": ["email"], "covers": {}}]})
        assert check(report, policy, rules, ledger, dt.date(2027, 1, 1)).failed
    pro_up = {"plans": [old["plans"][0], {**old["plans"][1], "price": {
        "amount": "12.00", "currency": "USD", "interval": "month"}}]}
    assert not any(c.retroactive for c in nosurprises.compare_pricing(old, pro_up).changes)
