"""Comparing two price books: plans paired by id, then every price, limit and feature.

load -> pair plans -> diff (findings: what moved, with exact Decimal facts) -> judge with
the rule catalog -> Report. The diff never decides a level on its own; it only records
facts that raise (a tier boundary that makes the dearer rate start sooner) or cap (a plan
sold to new customers only) the catalog's default.

Amounts are never compared across currencies, intervals or billing units: such a change is
reported as itself, because converting would invent a fact the provider did not state.

This module holds the plans and their fixed prices; metered prices are in `metered.py`,
credits, trials, features and limits in `entitlements.py`, money in `money.py`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from decimal import Decimal
from typing import Any

from ..model import Change, Level, Report, Subject
from ..rule import render_message
from .entitlements import credit, features, join_list, limits, trial
from .finding import Finding
from .load import load_pricebook
from .metered import usage_params, usage_prices
from .model import Plan, Price, PriceBook
from .money import amount_text, format_money, interval_text, money_change, money_facts, per_text
from .pairing import PlanEntry, entries, pair_plans
from .rules import RULES as CATALOG


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


def judge(finding: Finding) -> Change:
    """A finding becomes a change: the catalog gives the level, the sentence and the hint."""
    rule = CATALOG[finding.rule]
    level = finding.level or rule.level
    if finding.cap is not None and level.rank < finding.cap.rank:
        level = finding.cap
    params = {"item": f"`{finding.item}`", "before": finding.before, "after": finding.after,
              **finding.params}
    if finding.moved_from is not None and finding.rule != "pricing.plan.renamed":
        # "plan `academic-research` → `enterprise`": whose customers this is about
        params["item"] = str(params["item"]).replace(
            f"`{finding.item}`", f"`{finding.moved_from}` \u2192 `{finding.item}`", 1)
    # Taking something away from customers who were promised to keep it (grandfathered on
    # a plan closed to new customers) reaches back: no notice makes that fair.
    return Change(rule=rule.id, level=level, subject=Subject.PRICING, operation=None,
                  location=finding.location, origin=finding.location,
                  message=render_message(rule, params),
                  before=finding.before, after=finding.after, hint=rule.hint, item=finding.item,
                  audience=finding.audience,
                  retroactive=finding.grandfathered and level is Level.BREAKING,
                  document=finding.document)


def pricing_findings(old: PriceBook, new: PriceBook,
                     successors: Mapping[str, str] | None = None) -> Iterator[Finding]:
    """Every finding, plan by plan in a stable order."""
    olds, news = entries(old), entries(new)
    pairs = pair_plans(olds, news, successors)
    paired_new = set(pairs.values())
    old_metered = {(e.product, u.unit) for e in olds.values() for u in e.plan.usage_prices}
    for key in sorted(olds.keys() - pairs.keys()):
        for f in _removed_plan(olds[key]):
            yield replace(f, grandfathered=_grandfathered(olds[key].plan))
    for key in sorted(news.keys() - paired_new):
        yield from _added_plan(news[key], old_metered)
    for key in sorted(pairs):
        o, n = olds[key], news[pairs[key]]
        cap = Level.WARNING if _new_only(o.plan) else None
        moved_from = o.item if o.item != n.item else None
        for f in _plan_pair(o, n):
            yield replace(_with(f, cap, n.plan.audience), grandfathered=_grandfathered(o.plan),
                          moved_from=moved_from)


def _grandfathered(plan: Plan) -> bool:
    return plan.audience is not None and set(plan.audience) == {"existing"}


def _new_only(plan: Plan) -> bool:
    return plan.audience is not None and set(plan.audience) == {"new"}


def _with(f: Finding, cap: Level | None, audience: list[str] | None) -> Finding:
    cap = f.cap if cap is None else (cap if f.cap is None or cap.rank > f.cap.rank else f.cap)
    return replace(f, cap=cap, audience=audience or f.audience)


def _is_free(plan: Plan) -> bool:
    """No fixed fee (usage may still be billed: Google's old standard plan was free up to a quota)."""
    return plan.price is None or plan.price.amount == 0


def _removed_plan(e: PlanEntry) -> Iterator[Finding]:
    cap = Level.WARNING if _new_only(e.plan) else None
    if _is_free(e.plan):
        yield Finding("pricing.free-tier.removed", e.ptr, e.item,
                      {"name": e.plan.name, "how": "was removed"}, e.plan.name, None,
                      cap=cap, audience=e.plan.audience, document="old")
    else:
        yield Finding("pricing.plan.removed", e.ptr, e.item, {"name": e.plan.name},
                      e.plan.name, None, cap=cap, audience=e.plan.audience, document="old")


def _added_plan(e: PlanEntry, old_metered: set[tuple[str, str]]) -> Iterator[Finding]:
    price = e.plan.price
    text = ""
    if price is not None:
        text = (f" at {format_money(price.amount, price.currency)} {per_text(price)}"
                if price.amount is not None else " (price not public)")
    yield Finding("pricing.plan.added", e.ptr, e.item, {"name": e.plan.name, "price": text},
                  None, e.plan.name, audience=e.plan.audience)
    # A charge for something no plan billed before is news even on a new plan (Reddit 2023);
    # only customers who take the new plan pay it, so it is at most a warning.
    for i, u in enumerate(e.plan.usage_prices):
        if (e.product, u.unit) not in old_metered:
            yield Finding("pricing.usage-price.added", f"{e.ptr}/usage_prices/{i}", e.item,
                          usage_params(u, after=u), None, amount_text(u.amount),
                          cap=Level.WARNING, audience=e.plan.audience)


def _plan_pair(o: PlanEntry, n: PlanEntry) -> Iterator[Finding]:
    op, np_, item = o.plan, n.plan, n.item
    if op.name != np_.name or o.item != n.item:
        before, after = op.name, np_.name
        if o.item != n.item:
            before, after = f"{op.name} ({o.item})", f"{np_.name} ({n.item})"
        yield Finding("pricing.plan.renamed", f"{n.ptr}/name", item, {}, before, after)
    old_open = op.audience is None or "new" in op.audience
    new_open = np_.audience is None or "new" in np_.audience
    if old_open and not new_open:
        yield Finding("pricing.plan.closed-to-new", f"{n.ptr}/audience", item, {"name": np_.name},
                      join_list(op.audience), join_list(np_.audience))
    if not old_open and new_open:
        yield Finding("pricing.plan.reopened-to-new", f"{n.ptr}/audience", item, {"name": np_.name},
                      join_list(op.audience), join_list(np_.audience))
    if not op.available and np_.available:
        yield Finding("pricing.plan.available-again", f"{n.ptr}/available", item,
                      {"name": np_.name}, "false", "true")
    if op.available and not np_.available:
        keeps = np_.audience is not None and "existing" in np_.audience
        yield Finding("pricing.plan.no-longer-available", f"{n.ptr}/available", item,
                      {"name": np_.name}, "true", "false", cap=Level.WARNING if keeps else None)
    if _is_free(op) and not _is_free(np_):
        price = np_.price
        assert price is not None
        how = (f"now costs {format_money(price.amount, price.currency)} {per_text(price)}"
               if price.amount is not None else "is no longer free (its price is not public)")
        yield Finding("pricing.free-tier.removed", f"{n.ptr}/price/amount", item,
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
    money = money_facts(o, n)
    if o.currency != n.currency:
        yield Finding("pricing.price.currency-changed", f"{ptr}/currency", item, money,
                      o.currency, n.currency)
        return
    per = per_text(n)
    # A price that was or becomes "contact sales" has no terms to compare: saying that it was
    # hidden or published is the whole news (Twitter's enterprise tier, custom -> $42,000/month).
    if o.amount is not None and n.amount is None:
        yield Finding("pricing.price.hidden", f"{ptr}/amount", item, {**money, "per": per_text(o)},
                      amount_text(o.amount), None)
        return
    if o.amount is None and n.amount is not None:
        yield Finding("pricing.price.published", f"{ptr}/amount", item, {**money, "per": per},
                      None, amount_text(n.amount))
        return
    if (o.interval, o.billing_cycle) != (n.interval, n.billing_cycle):
        yield Finding("pricing.price.interval-changed", f"{ptr}/interval", item, money,
                      interval_text(o), interval_text(n))
        return
    if o.per != n.per:
        yield Finding("pricing.price.unit-changed", f"{ptr}/per", item, money,
                      o.per or "plan", n.per or "plan")
        return
    if o.amount is not None and n.amount is not None:
        moved = money_change("pricing.price.increased", "pricing.price.decreased",
                              o.amount, n.amount, n.currency, per=per)
        if moved:
            yield Finding(moved[0], f"{ptr}/amount", item, moved[1], amount_text(o.amount),
                          amount_text(n.amount))
    oc, nc = o.minimum_commitment or Decimal(0), n.minimum_commitment or Decimal(0)
    moved = money_change("pricing.commitment.raised", "pricing.commitment.lowered", oc, nc,
                          n.currency, per=per)
    if moved:
        yield Finding(moved[0], f"{ptr}/minimum_commitment", item, moved[1],
                      amount_text(o.minimum_commitment), amount_text(n.minimum_commitment))


def _zero_like(p: Price | None) -> Price:
    assert p is not None
    return p.model_copy(update={"amount": Decimal(0), "minimum_commitment": None})


