"""Proof of notice: an entry counts as announced from the day its last owed customer was reached."""

from __future__ import annotations

import datetime as dt

import pytest

from nosurprises import compare
from nosurprises.policy import Status, check, load_policy
from nosurprises.policy.ledger import load_ledger
from nosurprises.policy.proof import EntryProof

from .conftest import ROOT

EX = ROOT / "examples"
ON = dt.date(2027, 6, 1)


@pytest.fixture(scope="module")
def setting():
    policy, rules = load_policy(str(EX / "nosurprises.yaml"))
    report = compare(EX / "petstore-old.yaml", EX / "petstore-new.yaml")
    return report, policy, rules, load_ledger(str(EX / "notices.yaml"))


def _at(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(day + "T09:30:00+00:00")


def _verdicts(setting, proofs):
    report, policy, rules, ledger = setting
    return check(report, policy, rules, ledger, ON, proofs)


def _by_entry(result, entry: str):
    return [v for v in result.verdicts if v.notice == entry]


ENTRY = "2026-06-pets-paging"


def test_without_proofs_the_ledger_is_taken_at_its_word(setting) -> None:
    result = _verdicts(setting, None)
    assert result.deliveries is None
    assert {v.status for v in _by_entry(result, ENTRY)} == {Status.COVERED}


def test_the_clock_starts_when_the_last_customer_was_reached(setting) -> None:
    reached = {"acme": _at("2026-06-01"), "globex": _at("2026-06-01")}
    everyone = {e.id: EntryProof(e.id, ("acme", "globex"), reached, {}) for e in setting[3].notices}
    on_time = _by_entry(_verdicts(setting, everyone), ENTRY)
    assert on_time and all(v.status is Status.COVERED for v in on_time)
    assert all("(delivered to 2 customers by 2026-06-01)" in v.reason for v in on_time)
    # Globex was reached only in March: the entry counts from then, too late for 365 days' notice.
    late = dict(everyone)
    late[ENTRY] = EntryProof(ENTRY, ("acme", "globex"),
                             {"acme": _at("2026-06-01"), "globex": _at("2027-03-01")}, {})
    verdicts = _by_entry(_verdicts(setting, late), ENTRY)
    assert verdicts and {v.status for v in verdicts} == {Status.SHORT}
    assert all(v.notice_days == 92 for v in verdicts)


def test_a_customer_not_reached_leaves_the_entry_unannounced(setting) -> None:
    proofs = {ENTRY: EntryProof(ENTRY, ("acme", "globex", "hooli"), {"acme": _at("2026-06-01")},
                                {"globex": "550 5.1.1 mailbox unavailable"})}
    result = _verdicts(setting, proofs)
    verdicts = _by_entry(result, ENTRY)
    assert verdicts and {v.status for v in verdicts} == {Status.UNANNOUNCED}
    assert all("announcement 2026-06-pets-paging did not reach 2 of its 3 customers: globex (failed: "
               "550 5.1.1 mailbox unavailable), hooli (never sent) (--require-delivery)" in v.reason
               for v in verdicts)
    assert result.failed
    shown = {d.entry: d for d in result.deliveries}
    assert shown[ENTRY].model_dump(mode="json") == {
        "entry": ENTRY, "owed": 3, "delivered": 1, "last_delivered": None,
        "failed": [{"customer": "globex", "error": "550 5.1.1 mailbox unavailable"}],
        "never_sent": ["hooli"]}
    # An entry no journal mentions announces nothing either, and is listed with nothing owed.
    other = [v for v in result.verdicts if v.notice and v.notice != ENTRY]
    assert other and all("has no recorded delivery" in v.reason for v in other)
    assert all(shown[v.notice].owed == 0 for v in other)


def test_text_and_markdown_name_the_customers_not_reached(setting) -> None:
    from nosurprises.formats.check import check_markdown, check_text

    proofs = {ENTRY: EntryProof(ENTRY, ("acme", "globex", "hooli"), {"acme": _at("2026-06-01")},
                                {"globex": "550 5.1.1 mailbox unavailable"})}
    result = _verdicts(setting, proofs)
    text = check_text(result)
    assert "DELIVERIES (" in text
    assert "  2026-06-pets-paging: delivered to 1 of 3 customer(s)\n" in text
    assert "    not reached: globex (failed: 550 5.1.1 mailbox unavailable)\n" in text
    assert "    not reached: hooli (never sent)\n" in text
    markdown = check_markdown(result)
    line = next(x for x in markdown.splitlines() if x.startswith("- 2026-06-pets-paging did not reach 2"))
    assert "globex" in line and "550 5.1.1 mailbox unavailable" in line and "hooli" in line
    assert "DELIVERIES" not in check_text(_verdicts(setting, None))


def test_an_entry_missing_many_customers_names_a_few_and_counts_the_rest(setting) -> None:
    """One reason, one Markdown line: a batch of thousands is not listed in full."""
    from nosurprises.formats.check import check_markdown

    owed = tuple(f"c{i}" for i in range(8))
    result = _verdicts(setting, {ENTRY: EntryProof(ENTRY, owed, {}, {})})
    reasons = {v.reason for v in _by_entry(result, ENTRY)}
    named = ("did not reach 8 of its 8 customers: c0 (never sent), c1 (never sent), c2 (never sent), "
             "c3 (never sent), c4 (never sent) and 3 more")
    assert reasons and all(named in r for r in reasons)
    line = next(x for x in check_markdown(result).splitlines() if x.startswith(f"- {ENTRY} did not reach"))
    assert line.endswith("and 3 more") and "c4" in line and "c5" not in line and "c7" not in line
