"""Metered (usage) prices: paired by id or by unit and starting usage, then amounts and tiers.

A tier boundary change is breaking when customers reach a dearer rate at less usage than
before, whatever the amounts did.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from decimal import Decimal, localcontext
from typing import Any

from ..finding import Finding
from ..model import Level
from ..words import Code, Number, Phrase, Term
from .facts import found, metered, written_at
from .model import UsagePrice
from .money import PREC, amount_text, money, money_change, money_facts
from .pairing import PlanEntry
from .rules import (
    COUNT_OF,
    PER,
    PRICE_CURRENCY_CHANGED,
    PRICE_HIDDEN,
    PRICE_PUBLISHED,
    PRICE_UNIT_CHANGED,
    TIER_FROM,
    TIER_PER,
    TIER_SPAN,
    USAGE_PRICE_ADDED,
    USAGE_PRICE_DECREASED,
    USAGE_PRICE_INCREASED,
    USAGE_PRICE_REMOVED,
    USAGE_PRICE_TIER_CHANGED,
)


def _start(u: UsagePrice) -> int:
    return u.tier.from_ if u.tier else 0


def _pair_usage(olds: list[UsagePrice], news: list[UsagePrice]) -> list[tuple[int | None, int | None]]:
    """Index pairs (old, new): by id, then a leftover charge for the same unit starting at the
    same usage (`map_loads_overage` and `dynamic_maps_tier1` both bill map loads from 0)."""
    by_id = {u.id: i for i, u in enumerate(news)}
    pairs: list[tuple[int | None, int | None]] = []
    left_old = []
    used: set[int] = set()
    for i, u in enumerate(olds):
        j = by_id.get(u.id)
        if j is None:
            left_old.append(i)
        else:
            pairs.append((i, j))
            used.add(j)
    left_new = [j for j in range(len(news)) if j not in used]

    def key(u: UsagePrice) -> tuple[str, int]:
        return (u.unit, _start(u))

    old_keys = [key(olds[i]) for i in left_old]
    new_keys = [key(news[j]) for j in left_new]
    for i in list(left_old):
        k = key(olds[i])
        if old_keys.count(k) == 1 and new_keys.count(k) == 1:
            j = next(j for j in left_new if key(news[j]) == k)
            pairs.append((i, j))
            left_old.remove(i)
            left_new.remove(j)
    pairs += [(i, None) for i in left_old] + [(None, j) for j in left_new]
    return pairs


def _units(u: UsagePrice) -> Any:
    return _count_of(u.per, u.unit)


def _count_of(count: int, unit: str) -> Any:
    """`api_call`, or `1,000 api_call`: what one metered amount is for."""
    return unit if count == 1 else Phrase(COUNT_OF, {"count": Number(count), "unit": unit})


def usage_params(u: UsagePrice, *, before: UsagePrice | None = None,
                  after: UsagePrice | None = None) -> dict[str, Any]:
    params: dict[str, Any] = {"usage": Code(u.id), "unit": _units(u)}
    if before is not None:
        params["before_money"] = money(before.amount, before.currency)
        params["before_amount"] = before.amount
    if after is not None:
        params["after_money"] = money(after.amount, after.currency)
        params["after_amount"] = after.amount
    params["currency"] = u.currency
    return params


def usage_prices(o: PlanEntry, n: PlanEntry) -> Iterator[Finding]:
    olds, news, item = o.plan.usage_prices, n.plan.usage_prices, n.item
    old_units = {u.unit for u in olds}
    for i, j in sorted(_pair_usage(olds, news), key=lambda p: (p[0] is None, p[0] or 0, p[1] or 0)):
        if j is None:
            assert i is not None
            u = olds[i]
            yield found(USAGE_PRICE_REMOVED, f"{o.ptr}/usage_prices/{i}", item,
                        usage_params(u, before=u), amount_text(u.amount), None, document="old")
        elif i is None:
            u = news[j]
            # Another tier of a unit already billed is not "a charge where there was none".
            cap = Level.WARNING if u.unit in old_units else None
            yield found(USAGE_PRICE_ADDED, f"{n.ptr}/usage_prices/{j}", item,
                        usage_params(u, after=u), None, amount_text(u.amount), cap=cap)
        else:
            yield from _usage_pair(olds[i], news[j], f"{n.ptr}/usage_prices/{j}", item, news,
                                   f"{o.ptr}/usage_prices/{i}")


def _usage_pair(o: UsagePrice, n: UsagePrice, ptr: str, item: str,
                siblings: list[UsagePrice], optr: str) -> Iterator[Finding]:
    what = metered(item, n.id)
    amounts = money_facts(o, n)
    if o.currency != n.currency:
        yield found(PRICE_CURRENCY_CHANGED, f"{ptr}/currency", item,
                    {**amounts, "item": what}, o.currency, n.currency)
        return
    if o.unit != n.unit:
        yield found(PRICE_UNIT_CHANGED, f"{ptr}/unit", item, {**amounts, "item": what},
                    _units(o), _units(n))
        return
    if o.amount is not None and n.amount is None:
        yield found(PRICE_HIDDEN, f"{ptr}/amount", item,
                    {**amounts, "item": what, "per": Phrase(PER, {"what": _units(o)})},
                    amount_text(o.amount), None)
    elif o.amount is None and n.amount is not None:
        yield found(PRICE_PUBLISHED, f"{ptr}/amount", item,
                    {**amounts, "item": what, "per": Phrase(PER, {"what": _units(n)})},
                    None, amount_text(n.amount))
    elif o.amount is not None and n.amount is not None:
        # Different `per` (per 100 vs per 1,000) compare at their least common multiple: exact.
        common = math.lcm(o.per, n.per)
        with localcontext(prec=PREC):
            ob, nb = o.amount * (common // o.per), n.amount * (common // n.per)
        change = money_change(USAGE_PRICE_INCREASED, USAGE_PRICE_DECREASED,
                              ob, nb, n.currency, usage=Code(n.id),
                              unit=_count_of(common, n.unit))
        if change:
            yield found(change[0], f"{ptr}/amount", item, change[1], amount_text(o.amount),
                        amount_text(n.amount))
    ot, nt = _tier(o), _tier(n)
    if ot != nt:
        level = Level.BREAKING if _dearer_sooner(o, n, siblings) else None
        where, document = written_at(o, optr, n, ptr, "tier")
        yield found(USAGE_PRICE_TIER_CHANGED, where, item, {"usage": Code(n.id)},
                    _tier_said(o), _tier_said(n), level=level, document=document)


def _tier(u: UsagePrice) -> tuple[int, int | None, str | None]:
    return (u.tier.from_, u.tier.to, u.tier.period) if u.tier else (0, None, None)


def _tier_said(u: UsagePrice) -> Any:
    """The usage band a metered price applies to (`0 to 100,000 api_call per month`)."""
    start, end, period = _tier(u)
    if u.tier is None:
        return Term("all-usage")
    span = (Phrase(TIER_SPAN, {"start": f"{start:,}", "end": f"{end:,}", "unit": u.unit})
            if end is not None else Phrase(TIER_FROM, {"start": f"{start:,}", "unit": u.unit}))
    return Phrase(TIER_PER, {"tier": span, "period": Term(period)}) if period else span


def _dearer_sooner(o: UsagePrice, n: UsagePrice, siblings: list[UsagePrice]) -> bool:
    """Whether customers reach a higher rate at less usage than before.

    Either this tier now starts lower while what lies below it is cheaper (or free), or it
    now ends lower while the next tier is dearer.
    """
    (of, ot, op), (nf, nt, np_) = _tier(o), _tier(n)
    if op != np_ or n.amount is None:
        return False
    same_unit = [s for s in siblings if s.unit == n.unit and s.id != n.id and s.per == n.per]
    if nf < of:
        below = [s for s in same_unit if _start(s) < nf]
        rate_below = max(below, key=_start).amount if below else Decimal(0)
        if rate_below is not None and rate_below < n.amount:
            return True
    if ot is None or (nt is not None and nt < ot):
        above = [s for s in same_unit if _start(s) > (nt if nt is not None else math.inf)]
        if above:
            rate_above = min(above, key=_start).amount
            if rate_above is not None and rate_above > n.amount:
                return True
    return False
