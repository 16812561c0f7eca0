"""Invariants of the price book comparison, checked on generated books (hypothesis)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nosurprises.pricing import compare_pricing

PLAN_IDS = ["free", "pro", "team"]
MONEY = st.one_of(st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False),
                  st.decimals(min_value=0, max_value=100, places=4, allow_nan=False, allow_infinity=False),
                  st.sampled_from([Decimal("0.1"), Decimal("0.2"), Decimal("0.30"), Decimal("1E+2")]))
OPPOSITE = {"increased": "decreased", "decreased": "increased", "raised": "lowered", "lowered": "raised"}
MOVING = ("pricing.price.", "pricing.usage-price.", "pricing.limit.", "pricing.credit.",
          "pricing.commitment.")


def _money() -> st.SearchStrategy[str]:
    return MONEY.map(str)


def _price() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"amount": st.one_of(st.none(), _money()), "currency": st.sampled_from(["USD", "USD", "EUR"]),
         "interval": st.sampled_from(["month", "month", "year"])},
        optional={"per": st.sampled_from(["user", "seat"]), "minimum_commitment": _money()})


def _usage(uid: str) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"id": st.just(uid), "amount": st.one_of(st.none(), _money()), "currency": st.just("USD"),
         "per": st.sampled_from([1, 100, 1000]),
         # one unit per id: two tiers of one unit from 0 overlap, which a book may not say
         "unit": st.just({"calls": "api_call", "loads": "map_load"}[uid])},
        optional={"tier": st.fixed_dictionaries(
            {"from": st.integers(0, 1000)}, optional={"to": st.integers(1001, 5000),
                                                      "period": st.sampled_from(["day", "month"])})})


def _limit(lid: str) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"id": st.just(lid), "value": st.one_of(st.integers(0, 10**6), st.just("unlimited")),
         "unit": st.sampled_from(["request", "request", "GB"])},
        optional={"period": st.sampled_from(["minute", "month"])})


def _plan(pid: str) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"id": st.just(pid), "name": st.sampled_from([pid.title(), pid.upper()])},
        optional={
            "price": _price(),
            "audience": st.sampled_from([["new"], ["existing"], ["new", "existing"]]),
            "available": st.booleans(),
            "usage_prices": st.lists(st.sampled_from(["calls", "loads"]), unique=True, max_size=2).flatmap(
                lambda ids: st.tuples(*[_usage(i) for i in ids]).map(list)),
            "included_credit": st.fixed_dictionaries(
                {"amount": _money(), "currency": st.just("USD"),
                 "period": st.sampled_from(["month", "day"])}),
            "trial": st.fixed_dictionaries({"days": st.integers(0, 60)}),
            "features": st.lists(st.one_of(
                st.sampled_from(["SSO", "Audit log", "API"]),
                st.fixed_dictionaries({"id": st.sampled_from(["seats", "support"]),
                                       "value": st.one_of(st.booleans(), st.integers(0, 50),
                                                          st.sampled_from(["email", "unlimited"]))})),
                max_size=3, unique_by=lambda f: f if isinstance(f, str) else f["id"]),
            "limits": st.lists(st.sampled_from(["requests", "storage"]), unique=True, max_size=2).flatmap(
                lambda ids: st.tuples(*[_limit(i) for i in ids]).map(list)),
        })


BOOKS = st.lists(st.sampled_from(PLAN_IDS), unique=True, max_size=3).flatmap(
    lambda ids: st.tuples(*[_plan(i) for i in ids])).map(
    lambda plans: {"kind": "pricing", "plans": list(plans)})

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(BOOKS)
def test_a_book_against_itself_has_no_changes(book: dict[str, Any]) -> None:
    assert compare_pricing(book, book).changes == []


def _moves(old: dict[str, Any], new: dict[str, Any]) -> set[tuple[str, str | None, Any, Any]]:
    out = set()
    for c in compare_pricing(old, new).changes:
        stem, _, verb = c.rule.rpartition(".")
        if c.rule.startswith(MOVING) and verb in OPPOSITE:
            out.add((f"{stem}.{verb}", c.item, c.before, c.after))
    return out


@FAST
@given(BOOKS, BOOKS)
def test_swapping_old_and_new_swaps_increases_and_decreases(old: dict[str, Any], new: dict[str, Any]) -> None:
    forward, backward = _moves(old, new), _moves(new, old)
    mirrored = set()
    for rule, item, before, after in forward:
        stem, _, verb = rule.rpartition(".")
        mirrored.add((f"{stem}.{OPPOSITE[verb]}", item, after, before))
    assert mirrored == backward


def _amounts(book: dict[str, Any]) -> set[str]:
    """Every amount as written (strings: a set of Decimals would merge 0.00 and 0.0000)."""
    found: set[str] = set()
    for plan in book["plans"]:
        price = plan.get("price") or {}
        for key in ("amount", "minimum_commitment"):
            if price.get(key) is not None:
                found.add(price[key])
        found |= {u["amount"] for u in plan.get("usage_prices", []) if u["amount"] is not None}
        if plan.get("included_credit"):
            found.add(plan["included_credit"]["amount"])
    return found


@FAST
@given(BOOKS, BOOKS)
def test_amounts_in_before_and_after_are_exactly_the_inputs(old: dict[str, Any], new: dict[str, Any]) -> None:
    """No float artefacts: every amount reported is, digit for digit, one that was written."""
    money_rules = ("pricing.price.increased", "pricing.price.decreased", "pricing.usage-price.increased",
                   "pricing.usage-price.decreased", "pricing.credit.", "pricing.commitment.",
                   "pricing.price.hidden", "pricing.price.published")
    written = {str(Decimal(a)) for a in _amounts(old) | _amounts(new)}
    written.add("0")  # a plan without `price` has no fixed fee: it compares as zero
    for c in compare_pricing(old, new).changes:
        if c.rule.startswith(money_rules) and not c.rule.endswith("changed"):
            for value in (c.before, c.after):
                if value is not None:
                    assert isinstance(value, str) and value in written, (c.rule, value, written)


def test_percentages_round_half_even() -> None:
    base = {"kind": "pricing", "plans": [{"id": "p", "name": "P", "price": {
        "amount": "8.00", "currency": "USD", "interval": "month"}}]}
    new = {"kind": "pricing", "plans": [{"id": "p", "name": "P", "price": {
        "amount": "8.02", "currency": "USD", "interval": "month"}}]}
    (change,) = compare_pricing(base, new).changes
    assert "(+0.2%)" in change.message  # 0.25 rounds half-even to 0.2, not 0.3
    assert "by $0.02" in change.message


def _told(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, str | None, Any, Any, str]]:
    return sorted(((c.rule, c.item, c.before, c.after, c.message)
                   for c in compare_pricing(old, new).changes), key=repr)


EXTRA = st.lists(st.sampled_from(["basic", "scale"]), unique=True, min_size=1).flatmap(
    lambda ids: st.tuples(*[_plan(i) for i in ids]).map(
        # a plan's usage prices are context for the others (a charge no plan made before is
        # news on a new plan): without them, a plan alike in both books says nothing at all
        lambda plans: [{k: v for k, v in p.items() if k != "usage_prices"} for p in plans]))


@FAST
@given(BOOKS, BOOKS, EXTRA)
def test_plans_alike_in_both_books_add_nothing(old: dict[str, Any], new: dict[str, Any],
                                               same: list[dict[str, Any]]) -> None:
    """Large books are mostly unchanged plans, which the comparison passes over: the same plans
    in both (first in one book, last in the other) add no change and take none away."""
    with_old = {**old, "plans": same + old["plans"]}
    with_new = {**new, "plans": new["plans"] + same}
    assert _told(with_old, with_new) == _told(old, new)
