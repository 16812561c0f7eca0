"""Who is affected, and by how much: exact costs per billing period at the customer's usage."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nosurprises.errors import InputError
from nosurprises.pricing import (
    ImpactSummary,
    compare_pricing_with_usage,
    impact,
    impact_text,
    load_usage,
)

from .conftest import FIXTURES, ROOT, corpus_dir

USAGE = FIXTURES / "pricing" / "usage"
GOOGLE_NEW = FIXTURES / "pricing" / "corpus" / "google-maps-platform-2018" / "new.yaml"
D = Decimal


def book(*plans: dict[str, Any]) -> dict[str, Any]:
    return {"kind": "pricing", "plans": list(plans)}


def plan(pid: str = "p", amount: str | None = "0", **extra: Any) -> dict[str, Any]:
    price = {"amount": amount, "currency": extra.pop("currency", "USD"),
             "interval": extra.pop("interval", "month")}
    if "per" in extra:
        price["per"] = extra.pop("per")
    if "commitment" in extra:
        price["minimum_commitment"] = extra.pop("commitment")
    return {"id": pid, "name": pid.title(), "price": price, **extra}


def metered(uid: str, amount: str | None, per: int = 1, lo: int | None = None, hi: int | None = None,
            unit: str = "request") -> dict[str, Any]:
    u: dict[str, Any] = {"id": uid, "amount": amount, "currency": "USD", "per": per, "unit": unit}
    if lo is not None:
        u["tier"] = {"from": lo, "to": hi, "period": "month"}
    return u


def subs(*rows: dict[str, Any]) -> dict[str, Any]:
    return {"subscriptions": list(rows)}


def one(old: dict[str, Any], new: dict[str, Any], usage: dict[str, Any], **kw: Any):
    found = impact(old, new, subs({"customer": "c", "plan": "p", **usage}), **kw)
    assert len(found) == 1, found
    return found[0]


# --- hand-checked arithmetic -------------------------------------------------------------


def test_graduated_tiers_straddled() -> None:
    # New: first 1,000 free, 1,001-10,000 at $0.01, above at $0.005 (each band at its own rate).
    # 12,500 requests: 1,000 x 0 + 9,000 x 0.01 + 2,500 x 0.005 = 0 + 90 + 12.50 = $102.50.
    # Old: $0.008 on every request: 12,500 x 0.008 = $100.00. Delta +$2.50.
    old = book(plan(usage_prices=[metered("all", "0.008")]))
    new = book(plan(usage_prices=[metered("t1", "0", lo=0, hi=1000), metered("t2", "0.01", lo=1001, hi=10000),
                                  metered("t3", "0.005", lo=10001)]))
    i = one(old, new, {"usage": {"request": 12500}})
    assert (i.old_cost, i.new_cost, i.delta) == (D("100.00"), D("102.50"), D("2.50"))
    assert i.currency == "USD" and i.period == "month" and i.new_plan == "p"


def test_tiers_that_share_a_boundary_charge_each_unit_once() -> None:
    # "0-1,000" and "1,000-": unit 1,000 belongs to the first tier. 1,500 units:
    # 1,000 x $1 + 500 x $2 = $2,000.00 (not 1,001 x $1 + 500 x $2).
    new = book(plan(usage_prices=[metered("a", "1", lo=0, hi=1000), metered("b", "2", lo=1000)]))
    assert one(book(plan()), new, {"usage": {"request": 1500}}).new_cost == D("2000.00")


@pytest.mark.parametrize(("used", "cost"), [(15, "0.02"), (25, "0.02"), (1_234_567, "1234.57")])
def test_per_1000_rounds_half_even_once(used: int, cost: str) -> None:
    # $1.00 per 1,000: 15 -> 0.015 -> 0.02 and 25 -> 0.025 -> 0.02 (half-even, not half-up);
    # 1,234,567 -> 1,234.567 -> 1,234.57.
    new = book(plan(usage_prices=[metered("r", "1.00", per=1000)]))
    assert one(book(plan()), new, {"usage": {"request": used}}).new_cost == D(cost)


def test_credit_pays_usage_only_and_never_below_zero() -> None:
    # $10 fee + $0.50/request, $200 credit. 300 requests: 10 + max(150 - 200, 0) = $10.00;
    # 500 requests: 10 + (250 - 200) = $60.00.
    new = book(plan(amount="10", usage_prices=[metered("r", "0.50")],
                    included_credit={"amount": "200", "currency": "USD", "period": "month"}))
    old = book(plan(amount="10"))
    found = impact(old, new, subs({"customer": "a", "plan": "p", "usage": {"request": 300}},
                                  {"customer": "b", "plan": "p", "usage": {"request": 500}}))
    costs = {i.customer: (i.old_cost, i.new_cost, i.delta) for i in found}
    assert costs == {"b": (D("10.00"), D("60.00"), D("50.00"))}  # a pays the same: left out


def test_minimum_commitment_is_a_floor() -> None:
    # $0.10/request with a $100 commitment: 300 requests = $30 -> billed $100; 1,500 = $150.
    new = book(plan(commitment="100", usage_prices=[metered("r", "0.10")]))
    old = book(plan(usage_prices=[metered("r", "0.10")]))
    low = one(old, new, {"usage": {"request": 300}})
    assert (low.old_cost, low.new_cost, low.delta) == (D("30.00"), D("100.00"), D("70.00"))
    assert impact(old, new, subs({"customer": "c", "plan": "p", "usage": {"request": 1500}})) == []


def test_seats_multiply_the_fixed_price() -> None:
    # Slack Pro style: 12 seats x $6.67 = $80.04 -> 12 x $7.25 = $87.00; delta $6.96.
    old = book(plan(amount="6.67", per="user"))
    new = book(plan(amount="7.25", per="user"))
    i = one(old, new, {"quantity": 12})
    assert (i.old_cost, i.new_cost, i.delta, i.quantity) == (D("80.04"), D("87.00"), D("6.96"), 12)


def test_currency_and_interval_changes_are_notes_not_numbers() -> None:
    i = one(book(plan(amount="10")), book(plan(amount="10", currency="EUR")), {})
    assert i.delta is None and i.old_cost is None
    assert i.notes == ["currency changed (USD \u2192 EUR, $10.00 \u2192 \u20ac10.00): costs not compared"]
    j = one(book(plan(amount="10")), book(plan(amount="100", interval="year")), {})
    assert j.delta is None and "billing interval changed (month \u2192 year)" in j.notes[0]


def test_jpy_has_no_minor_units() -> None:
    # 3 x 0.5 yen = 1.5 -> 2 (half-even); 2.5 would round to 2.
    new = book(plan(currency="JPY", usage_prices=[{**metered("r", "0.5"), "currency": "JPY"}]))
    assert one(book(plan(currency="JPY")), new, {"usage": {"request": 3}}).new_cost == D("2")


# --- limits ------------------------------------------------------------------------------


def test_quota_exceeded_reddit() -> None:
    case = corpus_dir("pricing", "reddit-api-2023")
    found = impact(case / "old.yaml", case / "new.yaml", USAGE / "reddit.yaml")
    # small-app at 8 requests/minute stays under every new limit (10 and 100): left out.
    # apollo at 55/minute was under the old 60 and is over the new 10 without OAuth.
    assert [i.customer for i in found] == ["apollo"]
    (e,) = found[0].exceeds
    assert (e.limit, e.usage, e.value, e.period, e.already) == (
        "requests_no_oauth", D(55), 10, "minute", False)
    assert found[0].delta == 0 and "which they did not before" in found[0].notes[0]


def test_quota_exceeded_slack_only_when_new() -> None:
    case = corpus_dir("pricing", "slack-free-plan-2022")
    found = impact(case / "old.yaml", case / "new.yaml", USAGE / "slack.yaml")
    # many-apps has 12 apps: over the 10-app cap before and after, so it is not news.
    assert [i.customer for i in found] == ["archive-team"]
    assert [(e.limit, e.value, e.unit) for e in found[0].exceeds] == [("message_history", 90, "day")]


# --- the corpus --------------------------------------------------------------------------


def test_google_maps_2018() -> None:
    old = corpus_dir("pricing", "google-maps-platform-2018") / "old.yaml"
    report = compare_pricing_with_usage(old, GOOGLE_NEW, ROOT / "examples" / "usage.csv",
                                        successors={"standard": "pay-as-you-go"})
    got = {i.customer: i for i in report.impact}
    # acme-maps, 150,000 map loads a month.
    # Old: $0.50 per 1,000 on every load (the corpus states the free 25,000 a day as a limit,
    # not as a free tier, so nothing is deducted): 150 x 0.50 = $75.00.
    # New: 100,000 x $7.00/1,000 = $700.00 plus 50,000 x $5.60/1,000 = $280.00 = $980.00,
    # less the $200 monthly credit = $780.00. Delta +$705.00.
    acme = got["acme-maps"]
    assert (acme.old_cost, acme.new_cost, acme.delta) == (D("75.00"), D("780.00"), D("705.00"))
    assert acme.new_plan == "pay-as-you-go"
    # corner-shop, 3,000 loads: old 3 x 0.50 = $1.50; new 3 x 7.00 = $21.00, covered by the credit.
    shop = got["corner-shop"]
    assert (shop.old_cost, shop.new_cost, shop.delta) == (D("1.50"), D("0.00"), D("-1.50"))
    # fleet-tracker, 600,000 loads, reaches the tier above 500,000 whose price is not public.
    fleet = got["fleet-tracker"]
    assert fleet.delta is None and "dynamic_maps_tier3" in fleet.notes[0]
    assert report.impact_summary == ImpactSummary(
        customers=3, subscriptions=3, increase={"USD": D("705.00")}, decrease={"USD": D("1.50")},
        not_compared=1, exceeding=2)
    assert [i.customer for i in report.impact] == ["fleet-tracker", "acme-maps", "corner-shop"]
    assert report.changes  # the comparison itself is kept


def test_twitter_removed_free_plan() -> None:
    case = corpus_dir("pricing", "twitter-api-2023")
    found = impact(case / "old.yaml", case / "new.yaml", USAGE / "twitter.csv")
    assert [(i.customer, i.new_plan, i.old_cost, i.delta) for i in found] == [
        ("bot-farm", None, D("0.00"), None), ("lab", None, D("0.00"), None)]
    assert found[0].notes == ["plan removed with no successor: they must choose a new plan"]
    moved = {i.customer: i for i in impact(case / "old.yaml", case / "new.yaml", USAGE / "twitter.csv",
                                           successors={"essential": "free"})}
    # Moved to Free: the same $0 but a read cap of 0 tweets a month against 400,000 read.
    bot = moved["bot-farm"]
    assert bot.delta == 0 and [(e.limit, e.value, e.already) for e in bot.exceeds] == [
        ("tweet_reads", 0, False)]


# --- usage files -------------------------------------------------------------------------


def test_csv_and_yaml_agree(tmp_path: Path) -> None:
    (tmp_path / "u.csv").write_text("customer,plan,quantity,usage:request,usage:GB\n"
                                    "a,p,3,1_000,\nb,p,,2.5,0.5\n", encoding="utf-8")
    got = load_usage(tmp_path / "u.csv")
    assert [(s.customer, s.quantity, s.usage) for s in got] == [
        ("a", 3, {"request": D(1000)}), ("b", 1, {"request": D("2.5"), "GB": D("0.5")})]
    again = load_usage(subs({"customer": "a", "plan": "p", "quantity": 3, "usage": {"request": 1000}},
                            {"customer": "b", "plan": "p", "usage": {"request": "2.5", "GB": "0.5"}}))
    assert [s.model_dump() for s in got] == [s.model_dump() for s in again]


@pytest.mark.parametrize(("text", "problem"), [
    ("customer,usage:request\na,1\n", "u.csv: lacks the column(s) plan"),
    ("customer,plan,requests\na,p,1\n",
     "u.csv: unknown column(s) requests (usage columns are named usage:<unit>"),
    ("customer,plan,usage:request\na,p,1\nb,p,-5\n",
     "u.csv: line 3 (customer 'b'), usage:request: cannot be negative (-5)"),
    ("customer,plan,usage:request\na,p,lots\n",
     "u.csv: line 2 (customer 'a'), usage:request: 'lots' is not a number"),
    ("customer,plan,quantity\na,p,0\n",
     "u.csv: line 2 (customer 'a'), quantity: Input should be greater than"),
    ("customer,plan\na,p\na,p\n",
     "u.csv: line 3 (customer 'a'): customer 'a' is listed twice on plan 'p' (also line 2)"),
    ("customer,plan\n", "u.csv: has no rows"),
])
def test_bad_csv(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "u.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_usage(path, label="u.csv")
    assert str(err.value).startswith(problem), str(err.value)


@pytest.mark.parametrize(("data", "problem"), [
    ({"subscriptions": [{"customer": "a", "plan": "p", "usage": {"request": 1.5}}]},
     "<usage>: subscriptions[0] (customer 'a').usage.request: write usage as an integer or a decimal"),
    ({"subs": []}, "<usage>: is not a usage file"),
    ({"subscriptions": [{"customer": "a", "plan": "p", "usage": {"request/fortnight": 1}}]},
     "<usage>: subscriptions[0] (customer 'a').usage: 'request/fortnight' is not a unit or `unit/period`"),
])
def test_bad_yaml(data: dict[str, Any], problem: str) -> None:
    with pytest.raises(InputError) as err:
        load_usage(data, label="<usage>")
    assert str(err.value).startswith(problem), str(err.value)


def test_unknown_plan_and_unit_are_errors() -> None:
    # A plan or unit the books do not know is a typo far more often than a fact: an error
    # (a note would silently leave the customer out of the totals).
    b = book(plan(usage_prices=[metered("r", "1")]))
    with pytest.raises(InputError, match=r"^<usage>: subscriptions\[0\] \(customer 'a'\): plan 'gold' is "
                                         r"not in the old price book \(its plans: p\)"):
        impact(b, b, subs({"customer": "a", "plan": "gold"}))
    with pytest.raises(InputError, match=r"usage 'requests' is not a unit or limit id of either price book"):
        impact(b, b, subs({"customer": "a", "plan": "p", "usage": {"requests": 1}}))


# --- text and the docs -------------------------------------------------------------------


def test_text_section() -> None:
    old = book(plan(amount="6.67", per="user"), plan("gone", amount="5"))
    new = book(plan(amount="7.25", per="user"))
    report = compare_pricing_with_usage(old, new, subs({"customer": "acme", "plan": "p", "quantity": 12},
                                                       {"customer": "zed", "plan": "gone"}))
    assert impact_text(report) == (
        "\nWHO IS AFFECTED (2 customers, 2 subscriptions)\n"
        "  zed (gone): plan removed (paid $5.00 per month)\n"
        "      note: plan removed with no successor: they must choose a new plan\n"
        "  acme (p x12): pays $6.96 more per month ($80.04 \u2192 $87.00)\n"
        "Per billing period: $6.96 more (the increase is what would make them whole); 1 not compared.\n")
    data = report.model_dump(mode="json")
    assert data["impact"][1]["delta"] == "6.96" and data["impact_summary"]["increase"] == {"USD": "6.96"}


def test_docs_example_is_the_real_output() -> None:
    old = corpus_dir("pricing", "google-maps-platform-2018") / "old.yaml"
    report = compare_pricing_with_usage(old, GOOGLE_NEW, ROOT / "examples" / "usage.csv",
                                        successors={"standard": "pay-as-you-go"})
    written = (ROOT / "docs" / "pricing.md").read_text(encoding="utf-8")
    block = written.split("<!-- BEGIN EXAMPLE: usage -->", 1)[1].split("<!-- END EXAMPLE -->", 1)[0]
    assert block.strip() == f"```text\n{impact_text(report).strip()}\n```"


# --- properties --------------------------------------------------------------------------

money = st.decimals(min_value=0, max_value=1000, places=3).map(str)


@st.composite
def plans(draw: st.DrawFn) -> dict[str, Any]:
    """A plan with a fee, graduated request tiers, maybe a credit, a commitment and a cap."""
    a, b = sorted(draw(st.lists(st.integers(1, 10_000), min_size=2, max_size=2, unique=True)))
    extra: dict[str, Any] = {"usage_prices": [
        metered("t1", draw(money), per=draw(st.sampled_from([1, 100, 1000])), lo=0, hi=a),
        metered("t2", draw(money), lo=a + 1, hi=b), metered("t3", draw(money), lo=b + 1)]}
    if draw(st.booleans()):
        extra["included_credit"] = {"amount": draw(money), "currency": "USD", "period": "month"}
    if draw(st.booleans()):
        extra["commitment"] = draw(money)
    if draw(st.booleans()):
        extra["limits"] = [{"id": "cap", "value": draw(st.integers(0, 20_000)), "unit": "request",
                            "period": "month"}]
    return plan(amount=draw(money), **extra)


usages = st.lists(st.fixed_dictionaries({
    "quantity": st.integers(1, 50), "usage": st.fixed_dictionaries({"request": st.integers(0, 30_000)})}),
    min_size=1, max_size=4).map(lambda rows: subs(*({"customer": f"c{i}", "plan": "p", **r}
                                                    for i, r in enumerate(rows))))


@settings(max_examples=60, deadline=None)
@given(plans(), usages)
def test_identical_books_affect_nobody(p: dict[str, Any], u: dict[str, Any]) -> None:
    assert impact(book(p), book(p), u) == []


@settings(max_examples=80, deadline=None)
@given(plans(), plans(), usages)
def test_delta_is_exact_and_swapping_negates_it(a: dict[str, Any], b: dict[str, Any],
                                                u: dict[str, Any]) -> None:
    forward = {i.customer: i for i in impact(book(a), book(b), u)}
    backward = {i.customer: i for i in impact(book(b), book(a), u)}
    for customer, i in forward.items():
        assert i.delta is not None and i.old_cost is not None and i.new_cost is not None
        assert i.delta == i.new_cost - i.old_cost
        assert i.new_cost >= 0 and i.old_cost >= 0
        if i.delta:
            back = backward[customer]
            assert back.delta == -i.delta and (back.old_cost, back.new_cost) == (i.new_cost, i.old_cost)
    for customer, i in backward.items():
        if i.delta:
            assert forward[customer].delta == -i.delta
