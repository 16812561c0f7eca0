"""A customer's voice (issue 11): every rule tells customers what will change and what they
can do, in the provider's words; the reviewer's hint never reaches them.
"""

from __future__ import annotations

import email
import email.policy
import string
from pathlib import Path

import pytest

from nosurprises.cli import main
from nosurprises.rules import CATALOG
from nosurprises.words import pieces

from .conftest import ROOT
from .test_rule_fixtures import FILES, run_fixture

EX = ROOT / "examples"


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


@pytest.mark.parametrize("rule_id", sorted(CATALOG))
def test_every_rule_speaks_to_customers(rule_id: str) -> None:
    rule = CATALOG[rule_id]
    assert rule.customer and rule.todo, f"{rule_id}: no customer sentence or todo"
    assert rule.customer != rule.message, f"{rule_id}: the customer reads the reviewer's sentence"
    assert rule.todo != rule.hint, f"{rule_id}: the customer reads the reviewer's hint"
    # facts beyond the reviewer's sentence are few and known (every fact is checked against
    # the changes the fixtures make, below)
    extra = (_fields(rule.customer) | _fields(rule.todo)) - _fields(rule.message) - {"operation"}
    assert extra <= {"limit_name", "place", "company", "plan"}, \
        f"{rule_id}: facts the change may not state: {extra}"
    assert rule_id not in rule.customer + rule.todo


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_customer_sentence_fills_from_the_facts(path: Path) -> None:
    report, _ = run_fixture(path)
    for change in report.changes:
        rule = CATALOG[change.rule]
        assert change.facts is not None
        for template in (rule.customer, rule.todo):
            missing = {f for f in _fields(template) if f != "operation" and f not in change.facts}
            assert not missing, f"{change.rule}: {missing}"
            told = pieces(template, change.facts)
            assert "".join(t for _, t in told).strip()


def test_no_notice_channel_carries_a_hint_a_rule_id_or_a_backtick(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["notice", str(EX / "petstore-old.yaml"), str(EX / "petstore-new.yaml"),
                 "--announce", "2026-12-01", "--policy", str(EX / "nosurprises.yaml"), "--level", "info",
                 "--channel", "email", "--channel", "feed", "--channel", "calendar",
                 "--channel", "changelog",
                 "--out", str(tmp_path), "--url", "https://example.com/changes"])
    capsys.readouterr()
    assert code == 0
    hints = {r.hint for r in CATALOG.values() if len(r.hint) > 20}
    msg = email.message_from_bytes((tmp_path / "notice.eml").read_bytes(), policy=email.policy.default)
    texts = {"text": msg.get_body(("plain",)).get_content(),
             "html": msg.get_body(("html",)).get_content(),
             "feed": (tmp_path / "feed.xml").read_text("utf-8"),
             "calendar": (tmp_path / "notice.ics").read_text("utf-8").replace("\r\n ", ""),
             "changelog": (tmp_path / "changelog.md").read_text("utf-8")}
    for name, text in texts.items():
        assert not [h for h in hints if h in text], f"{name} tells a reviewer's hint"
        assert not [r for r in CATALOG if r in text], f"{name} names a rule id"
        if name != "changelog":
            assert "`" not in text, name
    assert "What to do:" in texts["text"] and "We will remove" in texts["text"]


def test_text_before_the_first_heading_is_the_opening_part_for_customers() -> None:
    """The reviewer's `(top)` stays in the report; a customer reads "the opening part"."""
    from nosurprises import compare_terms
    from nosurprises.rules import said

    old = "We may share your data with partners.\n\n# Refunds\n\nRefunds take 5 days.\n"
    new = ("We may sell and share your personal data with advertising partners.\n\n# Refunds\n\n"
           "Refunds take 5 days.\n")
    (change,) = [c for c in compare_terms(old, new).changes if c.rule == "terms.data-sharing.changed"]
    assert "(top)" in change.message
    told = "".join(t for _, t in said(change, audience="customer"))
    assert told.startswith("In the opening part, we will change what our terms say about data")


@pytest.mark.parametrize(("counterparty", "told"), [
    ("Squarespace", "We will sell the service to Squarespace; your account"),
    (None, "We will sell the service to another company; your account")])
def test_a_sale_names_the_buyer_to_customers(counterparty: str | None, told: str) -> None:
    """Google Domains' customers learned from the press who bought it: the notice says so."""
    import datetime as dt

    from nosurprises.events import Event, event_changes
    from nosurprises.rules import said

    event = Event(id="sale", kind="sale", summary="Domains are sold.", effective=dt.date(2027, 1, 1),
                  counterparty=counterparty, affects=["domains"])
    (change,) = event_changes([event])
    assert "".join(t for _, t in said(change, audience="customer")).startswith(told)
