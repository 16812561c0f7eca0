"""Comparing two price books: plans paired by id, then every price, limit and feature.

load -> pair plans -> diff (findings naming their rule, with exact Decimal facts) -> the one
judge (`finding.judge`) -> Report. The diff never decides a level on its own; it only records
facts that raise (a tier boundary that makes the dearer rate start sooner) or cap (a plan
sold to new customers only) the rule's default.

Amounts are never compared across currencies, intervals or billing units: such a change is
reported as itself, because converting would invent a fact the provider did not state.

This module holds the plans and their fixed prices; metered prices are in `metered.py`,
credits, trials, features and limits in `entitlements.py`, money in `money.py`, the facts
every sentence states in `facts.py`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from decimal import Decimal
from typing import Any

from ..finding import Finding, capped, judge, milder
from ..model import Level, Report
from ..words import Code, Phrase, Term
from .entitlements import credit, features, limits, trial
from .facts import audience, found, moved, written_at
from .load import load_pricebook
from .metered import usage_params, usage_prices
from .model import Plan, Price, PriceBook
from .money import amount_text, interval, money, money_change, money_facts, price_terms
from .pairing import PlanEntry, entries, pair_plans
from .rules import (
    AT_PRICE,
    COMMITMENT_LOWERED,
    COMMITMENT_RAISED,
    FREE_TIER_REMOVED,
    NAME_AND_ID,
    NO_LONGER_FREE,
    NOW_COSTS,
    PLAN_ADDED,
    PLAN_AVAILABLE_AGAIN,
    PLAN_CLOSED_TO_NEW,
    PLAN_NO_LONGER_AVAILABLE,
    PLAN_REMOVED,
    PLAN_RENAMED,
    PLAN_REOPENED_TO_NEW,
    PRICE_CURRENCY_CHANGED,
    PRICE_DECREASED,
    PRICE_HIDDEN,
    PRICE_INCREASED,
    PRICE_INTERVAL_CHANGED,
    PRICE_NOT_PUBLIC,
    PRICE_PUBLISHED,
    PRICE_UNIT_CHANGED,
    USAGE_PRICE_ADDED,
    WAS_REMOVED,
)


def compare_pricing(old: Any, new: Any, *, successors: Mapping[str, str] | None = None) -> Report:
    """Compare two price books (paths, text, dicts, `git:REF:PATH` or `PriceBook`s).

    Plans pair by (product, id). `successors` pairs plans whose id changed but whose
    customers are moved across (`{"standard": "pay-as-you-go"}`, keys and values as the
    report's `item`s), so the report says what those customers now pay rather than only
    that one plan went and another came.
    """
    old_book = load_pricebook(old, label="<old>" if isinstance(old, dict) else None)
    new_book = load_pricebook(new, label="<new>" if isinstance(new, dict) else None)
    return compare_books(old_book, new_book, successors=successors)


def compare_books(old: PriceBook, new: PriceBook, *,
                  successors: Mapping[str, str] | None = None) -> Report:
    """Compare two loaded price books; see `compare_pricing`."""
    return Report.from_changes([judge(f) for f in pricing_findings(old, new, successors)])


def pricing_findings(old: PriceBook, new: PriceBook,
                     successors: Mapping[str, str] | None = None) -> Iterator[Finding]:
    """Every finding, plan by plan in a stable order."""
    olds, news = entries(old), entries(new)
    pairs = pair_plans(olds, news, successors)
    paired_new = set(pairs.values())
    old_metered = {(e.product, u.unit) for e in olds.values() for u in e.plan.usage_prices}
    for key in sorted(olds.keys() - pairs.keys()):
        for f in _removed_plan(olds[key]):
            yield _named(_reaching_back(f, olds[key].plan), olds[key])
    for key in sorted(news.keys() - paired_new):
        for f in _added_plan(news[key], old_metered):
            yield _named(f, news[key])
    for key in sorted(pairs):
        o, n = olds[key], news[pairs[key]]
        if o.item == n.item and o.plan == n.plan:
            continue  # most plans of a large book are unchanged: comparing them finds nothing
        cap = Level.WARNING if _new_only(o.plan) else None
        for f in _plan_pair(o, n):
            f = _reaching_back(_with(f, cap, n.plan.audience), o.plan)
            if o.item != n.item and f.rule is not PLAN_RENAMED:
                # "plan `academic-research` → `enterprise`": whose customers this is about (a
                # rename names both plans already)
                f = replace(f, facts={**f.facts, "item": moved(f.facts["item"], o.item, n.item)})
            yield _named(f, o if f.rule is PLAN_RENAMED else n)


def _named(f: Finding, e: PlanEntry) -> Finding:
    """The plan as customers know it (`plan`: its name; its id only when it has none): the
    id (`item`) is the provider's own key, for the reviewer and the JSON."""
    return replace(f, facts={**f.facts, "plan": e.plan.name or Code(e.item)})


def _reaching_back(f: Finding, old: Plan) -> Finding:
    """Taking something away from customers who were promised to keep it (grandfathered on a
    plan closed to new customers) reaches back: no notice makes that fair. Only what is
    breaking at its final level does."""
    level = capped(f.level or f.rule.level, f.cap)
    return replace(f, retroactive=_grandfathered(old) and level is Level.BREAKING)


def _grandfathered(plan: Plan) -> bool:
    return plan.audience is not None and set(plan.audience) == {"existing"}


def _new_only(plan: Plan) -> bool:
    return plan.audience is not None and set(plan.audience) == {"new"}


def _with(f: Finding, cap: Level | None, audience: list[str] | None) -> Finding:
    return replace(f, cap=milder(f.cap, cap), audience=audience or f.audience)


def _is_free(plan: Plan) -> bool:
    """No fixed fee (usage may still be billed: Google's old standard plan was free up to a quota)."""
    return plan.price is None or plan.price.amount == 0


def _removed_plan(e: PlanEntry) -> Iterator[Finding]:
    cap = Level.WARNING if _new_only(e.plan) else None
    if _is_free(e.plan):
        yield found(FREE_TIER_REMOVED, e.ptr, e.item,
                    {"name": e.plan.name, "how": Phrase(WAS_REMOVED, {})}, e.plan.name, None,
                    cap=cap, audience=e.plan.audience, document="old")
    else:
        yield found(PLAN_REMOVED, e.ptr, e.item, {"name": e.plan.name},
                    e.plan.name, None, cap=cap, audience=e.plan.audience, document="old")


def _added_plan(e: PlanEntry, old_metered: set[tuple[str, str]]) -> Iterator[Finding]:
    price = e.plan.price
    said: Phrase | str = ""
    if price is not None:
        said = (Phrase(AT_PRICE, {"money": money(price.amount, price.currency),
                                  "per": price_terms(price), "amount": price.amount,
                                  "currency": price.currency})
                if price.amount is not None else Phrase(PRICE_NOT_PUBLIC, {}))
    yield found(PLAN_ADDED, e.ptr, e.item, {"name": e.plan.name, "price": said},
                None, e.plan.name, audience=e.plan.audience)
    # A charge for something no plan billed before is news even on a new plan (Reddit 2023);
    # only customers who take the new plan pay it, so it is at most a warning.
    for i, u in enumerate(e.plan.usage_prices):
        if (e.product, u.unit) not in old_metered:
            yield found(USAGE_PRICE_ADDED, f"{e.ptr}/usage_prices/{i}", e.item,
                        usage_params(u, after=u), None, amount_text(u.amount),
                        cap=Level.WARNING, audience=e.plan.audience)


def _plan_pair(o: PlanEntry, n: PlanEntry) -> Iterator[Finding]:
    op, np_, item = o.plan, n.plan, n.item
    if op.name != np_.name or o.item != n.item:
        before, after = op.name, np_.name
        if o.item != n.item:
            before = Phrase(NAME_AND_ID, {"name": op.name, "id": o.item})
            after = Phrase(NAME_AND_ID, {"name": np_.name, "id": n.item})
        yield found(PLAN_RENAMED, f"{n.ptr}/name", item, {}, before, after)
    old_open = op.audience is None or "new" in op.audience
    new_open = np_.audience is None or "new" in np_.audience
    if old_open != new_open:
        where, document = written_at(op, o.ptr, np_, n.ptr, "audience")
        yield found(PLAN_CLOSED_TO_NEW if old_open else PLAN_REOPENED_TO_NEW, where, item,
                    {"name": np_.name}, audience(op.audience), audience(np_.audience),
                    document=document)
    if op.available != np_.available:
        where, document = written_at(op, o.ptr, np_, n.ptr, "available")
        if np_.available:
            yield found(PLAN_AVAILABLE_AGAIN, where, item, {"name": np_.name}, "false", "true",
                        document=document)
        else:
            keeps = np_.audience is not None and "existing" in np_.audience
            yield found(PLAN_NO_LONGER_AVAILABLE, where, item, {"name": np_.name}, "true",
                        "false", cap=Level.WARNING if keeps else None, document=document)
    if _is_free(op) and not _is_free(np_):
        price = np_.price
        assert price is not None
        how = (Phrase(NOW_COSTS, {"money": money(price.amount, price.currency),
                                  "per": price_terms(price), "amount": price.amount,
                                  "currency": price.currency})
               if price.amount is not None else Phrase(NO_LONGER_FREE, {}))
        yield found(FREE_TIER_REMOVED, f"{n.ptr}/price/amount", item,
                    {"name": np_.name, "how": how}, "0", amount_text(price.amount))
    yield from _price(op.price, np_.price, f"{n.ptr}/price", item)
    yield from usage_prices(o, n)
    yield from credit(op.included_credit, np_.included_credit, o.ptr, n.ptr, item)
    yield from trial(op, np_, o.ptr, n.ptr, item)
    yield from features(op, np_, o.ptr, n.ptr, item)
    yield from limits(op, np_, o.ptr, n.ptr, item)


def _price(o: Price | None, n: Price | None, ptr: str, item: str) -> Iterator[Finding]:
    if o is None and n is None:
        return
    # No price at all is no fixed fee: compare it as zero on the other side's terms.
    o = o or _zero_like(n)
    n = n or _zero_like(o)
    amounts = money_facts(o, n)
    if o.currency != n.currency:
        yield found(PRICE_CURRENCY_CHANGED, f"{ptr}/currency", item, amounts,
                    o.currency, n.currency)
        return
    per = price_terms(n)
    # A price that was or becomes "contact sales" has no terms to compare: saying that it was
    # hidden or published is the whole news (Twitter's enterprise tier, custom -> $42,000/month).
    if o.amount is not None and n.amount is None:
        yield found(PRICE_HIDDEN, f"{ptr}/amount", item, {**amounts, "per": price_terms(o)},
                    amount_text(o.amount), None)
        return
    if o.amount is None and n.amount is not None:
        yield found(PRICE_PUBLISHED, f"{ptr}/amount", item, {**amounts, "per": per},
                    None, amount_text(n.amount))
        return
    if (o.interval, o.billing_cycle) != (n.interval, n.billing_cycle):
        yield found(PRICE_INTERVAL_CHANGED, f"{ptr}/interval", item, amounts,
                    interval(o), interval(n))
        return
    if o.per != n.per:
        yield found(PRICE_UNIT_CHANGED, f"{ptr}/per", item, amounts,
                    o.per or Term("plan"), n.per or Term("plan"))
        return
    if o.amount is not None and n.amount is not None:
        change = money_change(PRICE_INCREASED, PRICE_DECREASED,
                              o.amount, n.amount, n.currency, per=per)
        if change:
            yield found(change[0], f"{ptr}/amount", item, change[1], amount_text(o.amount),
                        amount_text(n.amount))
    oc, nc = o.minimum_commitment or Decimal(0), n.minimum_commitment or Decimal(0)
    change = money_change(COMMITMENT_RAISED, COMMITMENT_LOWERED, oc, nc,
                          n.currency, per=per)
    if change:
        yield found(change[0], f"{ptr}/minimum_commitment", item, change[1],
                    amount_text(o.minimum_commitment), amount_text(n.minimum_commitment))


def _zero_like(p: Price | None) -> Price:
    assert p is not None
    return p.model_copy(update={"amount": Decimal(0), "minimum_commitment": None})


