"""Who is affected by a price book change, and by how much.

For each subscription of a usage file, the cost of one billing period is computed under the
old plan and under the plan that replaces it (the same id, or the one `successors` names), at
the customer's current usage; and the new plan's limits are checked against that usage. The
result says who needs to hear about the change and how much they would need to be made whole.

Arithmetic is exact (fractions of the Decimal amounts) and each cost is rounded once, at the
end, to the currency's minor units with ROUND_HALF_EVEN; `delta` is the difference of the two
rounded costs, so it is exactly `new_cost - old_cost` and swapping the books negates it.
Amounts are never compared across currencies or billing periods: that is a note, not a number.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel, Field

from ..errors import InputError
from ..load import load_document
from ..load.source import MAX_BYTES
from ..model import Report
from ..record import record
from .compare import compare_books
from .load import is_pricebook, load_pricebook
from .model import Limit, Period, Plan, PriceBook, UsagePrice, minor_units
from .money import format_money
from .pairing import PlanEntry, entries, pair_plans
from .usage import Checks, Subscription
from .usage_engine import Engine, affected_subscriptions

_PERIODS = frozenset(get_args(Period))


class Exceeded(BaseModel):
    """A limit of the new plan that the customer's current usage is above."""

    limit: str = Field(description="The limit's id in the new plan.")
    name: str | None = Field(default=None, description="The limit's name in the new plan, as "
                             "customers read it (`Tweet consumption cap`).")
    unit: str
    period: Period | None = None
    usage: Decimal = Field(description="The customer's usage of `unit` (per `period`).")
    value: int = Field(description="The limit.")
    estimate: bool = Field(default=False, description="The limit is a reported or derived figure.")
    already: bool = Field(default=False, description="The old plan's limit was exceeded too.")


class CustomerImpact(BaseModel):
    """What one subscription will pay, and which quota it will exceed, after the change."""

    customer: str
    plan: str = Field(description="The plan in the old book.")
    new_plan: str | None = Field(description="The plan they are on after the change; null if "
                                 "their plan is gone with no successor.")
    quantity: int = 1
    currency: str | None = None
    period: Period | None = Field(default=None, description="What the costs are for: one "
                                  "billing period of the plan.")
    old_cost: Decimal | None = Field(default=None, description="Null when it cannot be computed.")
    new_cost: Decimal | None = None
    delta: Decimal | None = Field(default=None, description="new_cost - old_cost; null when the "
                                  "two are not comparable (see notes).")
    exceeds: list[Exceeded] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


class ImpactSummary(BaseModel):
    """Totals per currency: `increase` is what it would cost to make every customer whole."""

    customers: int = 0
    subscriptions: int = 0
    increase: dict[str, Decimal] = Field(default_factory=dict, description="Sum of positive deltas.")
    decrease: dict[str, Decimal] = Field(default_factory=dict,
                                         description="Sum of negative deltas, as a positive amount.")
    not_compared: int = Field(default=0, description="Subscriptions whose costs could not be compared.")
    exceeding: int = Field(default=0, description="Subscriptions newly above a limit.")

    @classmethod
    def of(cls, impacts: list[CustomerImpact]) -> ImpactSummary:
        up: dict[str, Decimal] = {}
        down: dict[str, Decimal] = {}
        for i in impacts:
            if i.delta is None or i.currency is None or i.delta == 0:
                continue
            target = up if i.delta > 0 else down
            target[i.currency] = target.get(i.currency, Decimal(0)) + abs(i.delta)
        return cls(customers=len({i.customer for i in impacts}), subscriptions=len(impacts),
                   increase=dict(sorted(up.items())), decrease=dict(sorted(down.items())),
                   not_compared=sum(i.delta is None for i in impacts),
                   exceeding=sum(any(not e.already for e in i.exceeds) for i in impacts))


@record(frozen=False)
class PricingReport(Report):
    """A price book report with the customers it affects at their current usage."""

    impact: list[CustomerImpact] = field(default_factory=list)
    impact_summary: ImpactSummary = field(default_factory=ImpactSummary)


# --- the cost of one billing period ------------------------------------------------------


@dataclass
class _Cost:
    amount: Fraction | None
    currency: str | None
    period: str | None
    cycle: tuple[str, str | None] | None
    """The fixed price's (interval, billing_cycle), when it has one: compared between plans."""
    why: str | None = None
    notes: list[str] = field(default_factory=list)


def billing_period(plan: Plan) -> str | None:
    """The period usage is counted in: the fixed price's interval, else the tiers' or credit's."""
    if plan.price is not None and plan.price.interval in _PERIODS:
        return plan.price.interval
    for u in plan.usage_prices:
        if u.tier is not None and u.tier.period is not None:
            return u.tier.period
    credit = plan.included_credit
    return credit.period if credit is not None else None


def _bands(prices: list[UsagePrice]) -> list[tuple[UsagePrice, int, int | None]]:
    """(price, lower, upper): the price applies to the units above `lower` up to `upper`.

    `from`/`to` are read as the first and last unit of a tier ("0-100,000", "100,001-500,000");
    a tier starting where the one below ends ("0-1,000", "1,000-...") starts just above it.
    """
    out: list[tuple[UsagePrice, int, int | None]] = []
    previous_to: int | None = None
    for u in sorted(prices, key=lambda p: (p.tier.from_ if p.tier else 0, p.id)):
        if u.tier is None:
            out.append((u, 0, None))
            continue
        lower = max(u.tier.from_ - 1, 0)
        if previous_to is not None and u.tier.from_ > 0 and previous_to > lower:
            lower = previous_to
        out.append((u, lower, u.tier.to))
        previous_to = u.tier.to
    return out


def plan_cost(plan: Plan, sub: Subscription) -> _Cost:
    """The exact cost of one billing period: fixed fee x quantity, plus graduated metered usage
    (each band charged at its own rate, `amount` per `per` units) less the included credit
    (never below zero; it pays for usage, not the fixed fee), floored at the minimum commitment.
    """
    price = plan.price
    currencies = {c for c in ([price.currency] if price else []) + [u.currency for u in plan.usage_prices]
                  + ([plan.included_credit.currency] if plan.included_credit else [])}
    period = billing_period(plan)
    cycle = (price.interval, price.billing_cycle) if price and price.interval in _PERIODS else None
    cost = _Cost(None, min(currencies) if currencies else None, period, cycle)
    if len(currencies) > 1:
        cost.why = f"plan `{plan.id}` mixes currencies ({', '.join(sorted(currencies))})"
        return cost
    fixed = Fraction(0)
    if price is not None and not (price.amount is None and price.interval == "usage"):
        if price.amount is None:
            cost.why = f"the price of plan `{plan.id}` is not public"
            return cost
        if price.interval not in _PERIODS and price.amount != 0:
            cost.why = f"the price of plan `{plan.id}` is {price.interval}, not per period"
            return cost
        if price.interval in _PERIODS:
            fixed = Fraction(price.amount) * sub.quantity
    metered = Fraction(0)
    by_unit: dict[str, list[UsagePrice]] = {}
    for u in plan.usage_prices:
        by_unit.setdefault(u.unit, []).append(u)
    for unit, prices in by_unit.items():
        used = Fraction(sub.usage.get(unit, Decimal(0)))
        for u, lower, upper in _bands(prices):
            units = max(Fraction(0), (used if upper is None else min(used, upper)) - lower)
            if not units:
                continue
            if u.tier is not None and u.tier.period not in (None, period):
                cost.why = f"`{u.id}` is counted per {u.tier.period}, the plan is billed per {period}"
                return cost
            if u.amount is None:
                cost.why = f"their usage reaches `{u.id}`, whose price is not public"
                return cost
            metered += units * Fraction(u.amount) / u.per
    credit = plan.included_credit
    if credit is not None:
        if credit.period is not None and credit.period == period:
            metered = max(Fraction(0), metered - Fraction(credit.amount))
        elif metered:
            cost.notes.append(f"the included credit of plan `{plan.id}` is per "
                              f"{credit.period or 'once'}, not per {period}: not deducted")
    total = fixed + metered
    if price is not None and price.minimum_commitment is not None:
        total = max(total, Fraction(price.minimum_commitment))
    cost.amount = total
    return cost


def _round(amount: Fraction, currency: str | None) -> Decimal:
    """Half-even to the currency's minor units, once: `round` on a Fraction is exact half-even."""
    places = minor_units(currency) if currency else 2
    return Decimal(round(amount * 10**places)).scaleb(-places)


# --- limits ------------------------------------------------------------------------------


def _usage_for(limit: Limit, sub: Subscription, period: str | None) -> Decimal | None:
    """The usage a limit applies to: a key naming the limit itself (when one unit counts several
    things, as Twitter's tweets read and posted), a `unit/period` peak rate, or the per-billing-
    period use (or current count, for a standing cap) of the plain unit."""
    if limit.id in sub.usage:
        return sub.usage[limit.id]
    if limit.period is not None and f"{limit.unit}/{limit.period}" in sub.usage:
        return sub.usage[f"{limit.unit}/{limit.period}"]
    if limit.period is None or (period is not None and limit.period == period):
        return sub.usage.get(limit.unit)
    return None


def _over(limit: Limit, sub: Subscription, period: str | None) -> Decimal | None:
    """The usage when it is above the limit; "unlimited" and "at least" caps cannot be exceeded."""
    if limit.value == "unlimited" or limit.comparator == "at_least":
        return None
    used = _usage_for(limit, sub, period)
    return used if used is not None and used > limit.value else None


def _exceeds(old: Plan | None, new: Plan, sub: Subscription) -> list[Exceeded]:
    old_period = billing_period(old) if old else None
    new_period = billing_period(new)
    out = []
    for lim in new.limits:
        used = _over(lim, sub, new_period)
        if used is None:
            continue
        already = old is not None and any(
            _over(o, sub, old_period) is not None for o in old.limits
            if o.id == lim.id or (o.unit, o.period) == (lim.unit, lim.period))
        assert isinstance(lim.value, int)
        out.append(Exceeded(limit=lim.id, name=lim.name, unit=lim.unit, period=lim.period, usage=used,
                            value=lim.value, estimate=lim.estimate, already=already))
    return out


def limit_text(e: Exceeded) -> str:
    per = f" per {e.period}" if e.period else ""
    return f"`{e.limit}` ({'about ' if e.estimate else ''}{e.value:,} {e.unit}{per})"


# --- one subscription --------------------------------------------------------------------


def _one(sub: Subscription, key: str, old: Plan, new_key: str | None, new: Plan | None
         ) -> CustomerImpact | None:
    base = {"customer": sub.customer, "plan": key, "new_plan": new_key, "quantity": sub.quantity}
    before = plan_cost(old, sub)
    if new is None:
        notes = ["plan removed with no successor: they must choose a new plan"]
        old_cost = None if before.amount is None else _round(before.amount, before.currency)
        return CustomerImpact(**base, currency=before.currency, period=before.period,
                              old_cost=old_cost, notes=notes)
    if new_key == key and new == old:
        return None  # nothing changed for them (and identical books affect nobody)
    after = plan_cost(new, sub)
    exceeds = _exceeds(old, new, sub)
    notes = [f"at their current usage they would exceed {limit_text(e)}, which they did not before"
             for e in exceeds if not e.already]
    currency = after.currency or before.currency
    period = after.period or before.period
    impact = CustomerImpact(**base, currency=currency, period=period, exceeds=exceeds, notes=notes)
    why = None
    if before.currency and after.currency and before.currency != after.currency:
        money = [format_money(None if c.amount is None else _round(c.amount, c.currency), c.currency or "")
                 for c in (before, after)]
        why = f"currency changed ({before.currency} \u2192 {after.currency}, {money[0]} \u2192 {money[1]})"
    elif before.cycle and after.cycle and before.cycle != after.cycle:
        why = f"billing interval changed ({_cycle(before.cycle)} \u2192 {_cycle(after.cycle)})"
    elif before.period and after.period and before.period != after.period:
        why = f"billing period changed ({before.period} \u2192 {after.period})"
    elif before.why or after.why:
        why = f"{'before' if before.why else 'after'} the change, {before.why or after.why}"
    impact.notes += before.notes + [n for n in after.notes if n not in before.notes]
    if why:
        impact.notes.insert(0, f"{why}: costs not compared")
        return impact
    assert before.amount is not None and after.amount is not None
    impact.old_cost = _round(before.amount, currency)
    impact.new_cost = _round(after.amount, currency)
    impact.delta = impact.new_cost - impact.old_cost
    if impact.delta == 0 and not any(not e.already for e in exceeds):
        return None
    return impact


def _cycle(cycle: tuple[str, str | None]) -> str:
    return cycle[0] + (f", billed {cycle[1]}" if cycle[1] else "")


def _order(i: CustomerImpact) -> tuple[Any, ...]:
    """Most affected first: plan gone, then the largest increase, then new limits exceeded."""
    return (i.new_plan is not None, i.delta is not None, -(i.delta or 0),
            -sum(not e.already for e in i.exceeds), i.customer, i.plan)


@dataclass(frozen=True)
class _Books:
    """The two books as every subscription meets them: plans by key, how they pair, and which
    old plans changed for their customers (only those customers are costed)."""

    olds: dict[str, PlanEntry]
    news: dict[str, PlanEntry]
    pairs: dict[str, str]
    checks: Checks
    changed: frozenset[str]

    @classmethod
    def of(cls, old: PriceBook, new: PriceBook, successors: Mapping[str, str] | None) -> _Books:
        olds, news = entries(old), entries(new)
        pairs = pair_plans(olds, news, successors)
        units = {x.unit for book in (olds, news) for e in book.values()
                 for x in [*e.plan.usage_prices, *e.plan.limits]}
        units |= {lim.id for book in (olds, news) for e in book.values() for lim in e.plan.limits}
        # `_one` finds nothing for a customer whose plan keeps its key and is equal in both books
        changed = frozenset(k for k, e in olds.items()
                            if pairs.get(k) != k or news[k].plan != e.plan)
        return cls(olds, news, pairs, Checks(frozenset(olds), frozenset(units)), changed)

    def impact_of(self, sub: Subscription) -> CustomerImpact | None:
        new_key = self.pairs.get(sub.plan)
        return _one(sub, sub.plan, self.olds[sub.plan].plan, new_key,
                    self.news[new_key].plan if new_key is not None else None)


def impact(old_book: Any, new_book: Any, subscriptions: Any, successors: Mapping[str, str] | None = None,
           *, label: str | None = None, max_bytes: int = MAX_BYTES,
           engine: Engine = "auto") -> list[CustomerImpact]:
    """Each affected subscription, most affected first; see the module docstring.

    A subscription is left out when its cost is the same and it exceeds no limit it did not
    exceed before. A plan id missing from the old book, or a usage unit that neither book
    prices or limits, is an `InputError`: it is a typo far more often than a fact, and a silent
    skip would understate the totals. Every subscription is checked, but only those on plans
    that changed are costed: a usage file (CSV, JSON lines, Parquet) is queried with DuckDB
    (`engine`, see `usage_duckdb`), never loaded whole.
    """
    old = load_pricebook(old_book, label="<old>" if isinstance(old_book, dict) else None)
    new = load_pricebook(new_book, label="<new>" if isinstance(new_book, dict) else None)
    books = _Books.of(old, new, successors)
    if isinstance(subscriptions, list) and all(isinstance(s, Subscription) for s in subscriptions):
        name = label or "<usage>"
        subs = list(subscriptions)
        for s in subs:
            problem = books.checks.problem(s)
            if problem:
                raise InputError(name, problem)
        subs = [s for s in subs if s.plan in books.changed]
    else:
        subs = affected_subscriptions(subscriptions, books.checks, books.changed,
                                      label=label or ("<usage>" if not isinstance(subscriptions, str | Path)
                                                      else None),
                                      max_bytes=max_bytes, engine=engine)
    found = (books.impact_of(sub) for sub in subs)
    return sorted((one for one in found if one is not None), key=_order)


def compare_pricing_with_usage(old: Any, new: Any, usage: Any, successors: Mapping[str, str] | None = None
                               ) -> PricingReport:
    """`compare_pricing` plus who is affected at the usage of `usage` (a path, text or dict)."""
    old_book = load_pricebook(old, label="<old>" if isinstance(old, dict) else None)
    new_book = load_pricebook(new, label="<new>" if isinstance(new, dict) else None)
    return with_usage(compare_books(old_book, new_book, successors=successors), old_book, new_book,
                      usage, successors=successors)


def with_usage(report: Report, old: Any, new: Any, usage: Any, *,
               successors: Mapping[str, str] | None = None, max_bytes: int = MAX_BYTES) -> PricingReport:
    """`report` (e.g. after `--ignore`) with the impact section added: what the CLI calls."""
    if isinstance(old, str | Path) and not str(old).lower().endswith(".csv"):
        document = load_document(old, max_bytes=max_bytes)
        if not is_pricebook(document.data):
            raise InputError("--usage", f"applies to price books only, and {old} is not one")
        old = load_pricebook(document.data, label=document.label)
    old_book = load_pricebook(old, max_bytes=max_bytes)
    new_book = load_pricebook(new, max_bytes=max_bytes)
    impacts = impact(old_book, new_book, usage, successors, max_bytes=max_bytes)
    return PricingReport(changes=report.changes, summary=report.summary, warnings=report.warnings,
                         groups=report.groups,
                         impact=impacts, impact_summary=ImpactSummary.of(impacts))


# --- text --------------------------------------------------------------------------------


def _cost_text(i: CustomerImpact) -> str:
    cur = i.currency or ""
    per = f" per {i.period}" if i.period else ""
    if i.new_plan is None:
        paid = "" if i.old_cost is None else f" (paid {format_money(i.old_cost, cur)}{per})"
        return f"plan removed{paid}"
    if i.delta is None or i.old_cost is None or i.new_cost is None:
        return "cost not compared"
    moved = f"{format_money(i.old_cost, cur)} \u2192 {format_money(i.new_cost, cur)}"
    if i.delta > 0:
        return f"pays {format_money(i.delta, cur)} more{per} ({moved})"
    if i.delta < 0:
        return f"pays {format_money(-i.delta, cur)} less{per} ({moved})"
    return f"pays the same ({format_money(i.new_cost, cur)}{per})"


def impact_text(report: PricingReport) -> str:
    """The "who is affected" section of the text report: customers, most affected first, and
    the totals (the increase is what it would take to make them whole)."""
    s = report.impact_summary
    if not report.impact:
        return "\nWHO IS AFFECTED: nobody, at the usage given.\n"
    lines = ["", f"WHO IS AFFECTED ({s.customers} customer{'s' * (s.customers != 1)}, "
                 f"{s.subscriptions} subscription{'s' * (s.subscriptions != 1)})"]
    for i in report.impact:
        plan = i.plan if i.new_plan in (None, i.plan) else f"{i.plan} \u2192 {i.new_plan}"
        seats = f" x{i.quantity}" if i.quantity != 1 else ""
        lines.append(f"  {i.customer} ({plan}{seats}): {_cost_text(i)}")
        for e in i.exceeds:
            per = f"/{e.period}" if e.period else ""
            lines.append(f"      exceeds {limit_text(e)} at {e.usage:,} {e.unit}{per}"
                         f"{' (already did)' if e.already else ''}")
        lines.extend(f"      note: {n}" for n in i.notes)
    totals = [f"{format_money(v, c)} more" for c, v in s.increase.items()]
    totals += [f"{format_money(v, c)} less" for c, v in s.decrease.items()]
    lines.append("Per billing period: " + ("; ".join(totals) if totals else "no cost changes")
                 + (" (the increase is what would make them whole)" if s.increase else "")
                 + (f"; {s.not_compared} not compared" if s.not_compared else "")
                 + (f"; {s.exceeding} newly over a limit" if s.exceeding else "") + ".")
    return "\n".join(lines) + "\n"


__all__ = ["CustomerImpact", "Exceeded", "ImpactSummary", "PricingReport", "billing_period",
           "compare_pricing_with_usage", "impact", "impact_text", "limit_text", "plan_cost", "with_usage"]
