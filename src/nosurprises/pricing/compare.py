"""Comparing two price books: plans paired by id, then every price, limit and feature.

load -> pair plans -> diff (findings: what moved, with exact Decimal facts) -> judge with
the rule catalog -> Report. The diff never decides a level on its own; it only records
facts that raise (a tier boundary that makes the dearer rate start sooner) or cap (a plan
sold to new customers only) the catalog's default.

Amounts are never compared across currencies, intervals or billing units: such a change is
reported as itself, because converting would invent a fact the provider did not state.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from typing import Any

from babel.numbers import format_currency

from ..errors import InputError
from ..model import Change, Level, Report, Subject
from ..rules import CATALOG, render_message
from .load import load_pricebook
from .model import Credit, Feature, Limit, Plan, Price, PriceBook, UsagePrice


@dataclass(frozen=True, slots=True)
class Finding:
    """A fact about a price book pair, named by the rule it triggers; no level, no sentence."""

    rule: str
    location: str
    item: str
    params: dict[str, Any] = field(default_factory=dict)
    before: str | None = None
    after: str | None = None
    level: Level | None = None
    """Overrides the catalog level when the facts decide it (a tier change that bites)."""
    cap: Level | None = None
    """The most severe level this may have (changes to a plan sold to new customers only)."""
    audience: list[str] | None = None
    grandfathered: bool = False
    """The old plan was kept for existing customers only: they were promised it."""


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
    # Taking something away from customers who were promised to keep it (grandfathered on
    # a plan closed to new customers) reaches back: no notice makes that fair.
    return Change(rule=rule.id, level=level, subject=Subject.PRICING, operation=None,
                  location=finding.location, message=render_message(rule, params),
                  before=finding.before, after=finding.after, hint=rule.hint, item=finding.item,
                  audience=finding.audience,
                  retroactive=finding.grandfathered and level is Level.BREAKING)


# --- pairing ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Entry:
    item: str
    product: str
    ptr: str
    plan: Plan


def _money_facts(o: Any, n: Any) -> dict[str, str]:
    """Both amounts as customers read them, for the sentences."""
    return {"before_money": format_money(o.amount, o.currency),
            "after_money": format_money(n.amount, n.currency)}


def pair_plans(olds: Mapping[str, Any], news: Mapping[str, Any],
               successors: Mapping[str, str] | None) -> dict[str, str]:
    """Old plan key -> new plan key: the same key, or the successor named for it."""
    pairs = {k: k for k in olds.keys() & news.keys()}
    for o, n in (successors or {}).items():
        if o not in olds or n not in news:
            raise InputError("<successors>", f"{o!r} -> {n!r}: no plan {o if o not in olds else n!r} "
                                             f"in the {'old' if o not in olds else 'new'} price book")
        pairs.pop(o, None)
        pairs = {k: v for k, v in pairs.items() if v != n}
        pairs[o] = n
    return pairs


def entries(book: PriceBook) -> dict[str, _Entry]:
    """Plans by report item. A one-product book's product name is not part of the key:
    renaming the product must not unpair every plan."""
    if book.plans is not None:
        return {p.id: _Entry(p.id, "", f"/plans/{i}", p) for i, p in enumerate(book.plans)}
    return {f"{prod.id}/{p.id}": _Entry(f"{prod.id}/{p.id}", prod.id, f"/products/{i}/plans/{j}", p)
            for i, prod in enumerate(book.products or []) for j, p in enumerate(prod.plans)}


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
        for f in _plan_pair(o, n):
            yield replace(_with(f, cap, n.plan.audience), grandfathered=_grandfathered(o.plan))


def _grandfathered(plan: Plan) -> bool:
    return plan.audience is not None and set(plan.audience) == {"existing"}


def _new_only(plan: Plan) -> bool:
    return plan.audience is not None and set(plan.audience) == {"new"}


def _with(f: Finding, cap: Level | None, audience: list[str] | None) -> Finding:
    cap = f.cap if cap is None else (cap if f.cap is None or cap.rank > f.cap.rank else f.cap)
    return Finding(f.rule, f.location, f.item, f.params, f.before, f.after, f.level, cap,
                   audience or f.audience)


def _is_free(plan: Plan) -> bool:
    """No fixed fee (usage may still be billed: Google's old standard plan was free up to a quota)."""
    return plan.price is None or plan.price.amount == 0


def _removed_plan(e: _Entry) -> Iterator[Finding]:
    cap = Level.WARNING if _new_only(e.plan) else None
    if _is_free(e.plan):
        yield Finding("pricing.free-tier.removed", e.ptr, e.item,
                      {"name": e.plan.name, "how": "was removed"}, e.plan.name, None,
                      cap=cap, audience=e.plan.audience)
    else:
        yield Finding("pricing.plan.removed", e.ptr, e.item, {"name": e.plan.name},
                      e.plan.name, None, cap=cap, audience=e.plan.audience)


def _added_plan(e: _Entry, old_metered: set[tuple[str, str]]) -> Iterator[Finding]:
    price = e.plan.price
    text = ""
    if price is not None:
        text = (f" at {format_money(price.amount, price.currency)} {_per(price)}" if price.amount is not None
                else " (price not public)")
    yield Finding("pricing.plan.added", e.ptr, e.item, {"name": e.plan.name, "price": text},
                  None, e.plan.name, audience=e.plan.audience)
    # A charge for something no plan billed before is news even on a new plan (Reddit 2023);
    # only customers who take the new plan pay it, so it is at most a warning.
    for i, u in enumerate(e.plan.usage_prices):
        if (e.product, u.unit) not in old_metered:
            yield Finding("pricing.usage-price.added", f"{e.ptr}/usage_prices/{i}", e.item,
                          _usage_params(u, after=u), None, _amount(u.amount),
                          cap=Level.WARNING, audience=e.plan.audience)


def _plan_pair(o: _Entry, n: _Entry) -> Iterator[Finding]:
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
                      _join(op.audience), _join(np_.audience))
    if not old_open and new_open:
        yield Finding("pricing.plan.reopened-to-new", f"{n.ptr}/audience", item, {"name": np_.name},
                      _join(op.audience), _join(np_.audience))
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
        how = (f"now costs {format_money(price.amount, price.currency)} {_per(price)}"
               if price.amount is not None else "is no longer free (its price is not public)")
        yield Finding("pricing.free-tier.removed", f"{n.ptr}/price/amount", item,
                      {"name": np_.name, "how": how}, "0", _amount(price.amount))
    yield from _price(op.price, np_.price, f"{n.ptr}/price", item)
    yield from _usage_prices(o, n)
    yield from _credit(op.included_credit, np_.included_credit, o.ptr, n.ptr, item)
    yield from _trial(op, np_, o.ptr, n.ptr, item)
    yield from _features(op, np_, o.ptr, n.ptr, item)
    yield from _limits(op, np_, o.ptr, n.ptr, item)


# --- money -------------------------------------------------------------------------------


_PREC = 2000
"""Digits for money arithmetic: enough that no amount anyone writes is ever rounded."""


def _amount(value: Decimal | None) -> str | None:
    """Amounts leave as decimal strings, exactly as given (`"7.25"`, never `7.2500001`)."""
    return None if value is None else str(value)


def format_money(value: Decimal | None, currency: str) -> str:
    """`$1,234.50`: Babel's en_US format, keeping every digit the provider wrote."""
    if value is None:
        return "an unpublished amount"
    with localcontext(prec=_PREC):  # Babel quantizes in the current context: keep every digit
        return format_currency(value, currency, locale="en_US", decimal_quantization=False)


def _percent(before: Decimal, after: Decimal) -> str:
    """The change in %, rounded half-even to one decimal; from zero there is no percentage."""
    if before == 0:
        return "from zero"
    with localcontext(prec=_PREC):
        raw = (after - before) * 100 / before
        if raw.adjusted() > 40:  # absurd input: say how big rather than print 40 digits
            return f"{raw:+.3E}%"
        pct = raw.quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN)
    return f"{pct:+,}%"


_INTERVALS = {"one-time": "one-time", "usage": "per use", "custom": "per custom term"}


def _per(price: Price) -> str:
    """`per month per user, billed annually`: what one amount pays for."""
    text = _INTERVALS.get(price.interval, f"per {price.interval}")
    if price.per:
        text += f" per {price.per}"
    if price.billing_cycle == "annual" and price.interval != "year":
        text += ", billed annually"
    elif price.billing_cycle == "monthly" and price.interval != "month":
        text += ", billed monthly"
    return text


def _interval(price: Price) -> str:
    return price.interval + (f" (billed {price.billing_cycle})" if price.billing_cycle else "")


def _money_change(up: str, down: str, before: Decimal, after: Decimal, currency: str,
                  **params: Any) -> tuple[str, dict[str, Any]] | None:
    """The rule and the money facts of an amount that moved, or None if it did not."""
    if before == after:
        return None
    with localcontext(prec=_PREC):  # differences are exact, not rounded to 28 digits
        difference = abs(after - before)
    return (up if after > before else down), {
        "difference": format_money(difference, currency), "percent": _percent(before, after),
        "before_money": format_money(before, currency),
        "after_money": format_money(after, currency), **params}


def _price(o: Price | None, n: Price | None, ptr: str, item: str) -> Iterator[Finding]:
    if o is None and n is None:
        return
    # No price at all is no fixed fee: compare it as zero on the other side's terms.
    o = o or _zero_like(n)
    n = n or _zero_like(o)
    money = _money_facts(o, n)
    if o.currency != n.currency:
        yield Finding("pricing.price.currency-changed", f"{ptr}/currency", item, money,
                      o.currency, n.currency)
        return
    per = _per(n)
    # A price that was or becomes "contact sales" has no terms to compare: saying that it was
    # hidden or published is the whole news (Twitter's enterprise tier, custom -> $42,000/month).
    if o.amount is not None and n.amount is None:
        yield Finding("pricing.price.hidden", f"{ptr}/amount", item, {**money, "per": _per(o)},
                      _amount(o.amount), None)
        return
    if o.amount is None and n.amount is not None:
        yield Finding("pricing.price.published", f"{ptr}/amount", item, {**money, "per": per},
                      None, _amount(n.amount))
        return
    if (o.interval, o.billing_cycle) != (n.interval, n.billing_cycle):
        yield Finding("pricing.price.interval-changed", f"{ptr}/interval", item, money,
                      _interval(o), _interval(n))
        return
    if o.per != n.per:
        yield Finding("pricing.price.unit-changed", f"{ptr}/per", item, money,
                      o.per or "plan", n.per or "plan")
        return
    if o.amount is not None and n.amount is not None:
        moved = _money_change("pricing.price.increased", "pricing.price.decreased",
                              o.amount, n.amount, n.currency, per=per)
        if moved:
            yield Finding(moved[0], f"{ptr}/amount", item, moved[1], _amount(o.amount),
                          _amount(n.amount))
    oc, nc = o.minimum_commitment or Decimal(0), n.minimum_commitment or Decimal(0)
    moved = _money_change("pricing.commitment.raised", "pricing.commitment.lowered", oc, nc,
                          n.currency, per=per)
    if moved:
        yield Finding(moved[0], f"{ptr}/minimum_commitment", item, moved[1],
                      _amount(o.minimum_commitment), _amount(n.minimum_commitment))


def _zero_like(p: Price | None) -> Price:
    assert p is not None
    return p.model_copy(update={"amount": Decimal(0), "minimum_commitment": None})


# --- metered prices ----------------------------------------------------------------------


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


def _units(u: UsagePrice) -> str:
    return u.unit if u.per == 1 else f"{u.per:,} {u.unit}"


def _usage_params(u: UsagePrice, *, before: UsagePrice | None = None,
                  after: UsagePrice | None = None) -> dict[str, Any]:
    params: dict[str, Any] = {"usage": f"`{u.id}`", "unit": _units(u)}
    if before is not None:
        params["before_money"] = format_money(before.amount, before.currency)
    if after is not None:
        params["after_money"] = format_money(after.amount, after.currency)
    return params


def _usage_prices(o: _Entry, n: _Entry) -> Iterator[Finding]:
    olds, news, item = o.plan.usage_prices, n.plan.usage_prices, n.item
    old_units = {u.unit for u in olds}
    for i, j in sorted(_pair_usage(olds, news), key=lambda p: (p[0] is None, p[0] or 0, p[1] or 0)):
        if j is None:
            assert i is not None
            u = olds[i]
            yield Finding("pricing.usage-price.removed", f"{o.ptr}/usage_prices/{i}", item,
                          _usage_params(u, before=u), _amount(u.amount), None)
        elif i is None:
            u = news[j]
            # Another tier of a unit already billed is not "a charge where there was none".
            cap = Level.WARNING if u.unit in old_units else None
            yield Finding("pricing.usage-price.added", f"{n.ptr}/usage_prices/{j}", item,
                          _usage_params(u, after=u), None, _amount(u.amount), cap=cap)
        else:
            yield from _usage_pair(olds[i], news[j], f"{n.ptr}/usage_prices/{j}", item, news)


def _usage_pair(o: UsagePrice, n: UsagePrice, ptr: str, item: str,
                siblings: list[UsagePrice]) -> Iterator[Finding]:
    what = f"`{item}` (metered `{n.id}`)"
    money = _money_facts(o, n)
    if o.currency != n.currency:
        yield Finding("pricing.price.currency-changed", f"{ptr}/currency", item,
                      {**money, "item": what}, o.currency, n.currency)
        return
    if o.unit != n.unit:
        yield Finding("pricing.price.unit-changed", f"{ptr}/unit", item, {**money, "item": what},
                      _units(o), _units(n))
        return
    if o.amount is not None and n.amount is None:
        yield Finding("pricing.price.hidden", f"{ptr}/amount", item,
                      {**money, "item": what, "per": f"per {_units(o)}"}, _amount(o.amount), None)
    elif o.amount is None and n.amount is not None:
        yield Finding("pricing.price.published", f"{ptr}/amount", item,
                      {**money, "item": what, "per": f"per {_units(n)}"}, None, _amount(n.amount))
    elif o.amount is not None and n.amount is not None:
        # Different `per` (per 100 vs per 1,000) compare at their least common multiple: exact.
        common = math.lcm(o.per, n.per)
        with localcontext(prec=_PREC):
            ob, nb = o.amount * (common // o.per), n.amount * (common // n.per)
        moved = _money_change("pricing.usage-price.increased", "pricing.usage-price.decreased",
                              ob, nb, n.currency, usage=f"`{n.id}`",
                              unit=n.unit if common == 1 else f"{common:,} {n.unit}")
        if moved:
            yield Finding(moved[0], f"{ptr}/amount", item, moved[1], _amount(o.amount), _amount(n.amount))
    ot, nt = _tier(o), _tier(n)
    if ot != nt:
        level = Level.BREAKING if _dearer_sooner(o, n, siblings) else None
        yield Finding("pricing.usage-price.tier-changed", f"{ptr}/tier", item, {"usage": f"`{n.id}`"},
                      _tier_text(o), _tier_text(n), level=level)


def _tier(u: UsagePrice) -> tuple[int, int | None, str | None]:
    return (u.tier.from_, u.tier.to, u.tier.period) if u.tier else (0, None, None)


def _tier_text(u: UsagePrice) -> str:
    start, end, period = _tier(u)
    if u.tier is None:
        return "all usage"
    span = f"{start:,} to {end:,}" if end is not None else f"{start:,} and up"
    return f"{span} {u.unit}" + (f" per {period}" if period else "")


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


# --- credits, trials, features, limits ---------------------------------------------------


def _credit_per(c: Credit) -> str:
    return f"per {c.period}" if c.period else "once"


def _credit_text(c: Credit) -> str:
    return f"{c.amount} {c.currency} {_credit_per(c)}"


def _credit(o: Credit | None, n: Credit | None, optr: str, nptr: str, item: str) -> Iterator[Finding]:
    if o is None and n is None:
        return
    if n is None:
        assert o is not None
        yield Finding("pricing.credit.removed", f"{optr}/included_credit", item,
                      {"before_money": format_money(o.amount, o.currency), "per": _credit_per(o)},
                      _amount(o.amount), None)
    elif o is None:
        yield Finding("pricing.credit.added", f"{nptr}/included_credit", item,
                      {"after_money": format_money(n.amount, n.currency), "per": _credit_per(n)},
                      None, _amount(n.amount))
    elif (o.currency, o.period) != (n.currency, n.period):
        yield Finding("pricing.credit.changed", f"{nptr}/included_credit", item, {},
                      _credit_text(o), _credit_text(n))
    else:
        moved = _money_change("pricing.credit.increased", "pricing.credit.decreased", o.amount,
                              n.amount, n.currency, per=_credit_per(n))
        if moved:
            yield Finding(moved[0], f"{nptr}/included_credit/amount", item, moved[1],
                          _amount(o.amount), _amount(n.amount))


def _trial(o: Plan, n: Plan, optr: str, nptr: str, item: str) -> Iterator[Finding]:
    od = o.trial.days if o.trial else 0
    nd = n.trial.days if n.trial else 0
    if od == nd:
        return
    if nd == 0:
        yield Finding("pricing.trial.removed", f"{optr}/trial", item, {}, str(od), None)
    elif od == 0:
        yield Finding("pricing.trial.added", f"{nptr}/trial", item, {}, None, str(nd))
    else:
        rule = "pricing.trial.shortened" if nd < od else "pricing.trial.lengthened"
        yield Finding(rule, f"{nptr}/trial/days", item, {}, str(od), str(nd))


def _feature_index(plan: Plan) -> dict[str, tuple[int, Feature]]:
    return {(f if isinstance(f, str) else f.id): (i, Feature(id=f) if isinstance(f, str) else f)
            for i, f in enumerate(plan.features)}


def _value_text(value: Any) -> str:
    if value is None or value is True:
        return "included"
    if value is False:
        return "not included"
    return str(value)


def _order(before: Any, after: Any) -> int | None:
    """-1 lower, 1 higher, 0 same, None when the two values cannot be ordered."""
    b = True if before is None else before
    a = True if after is None else after
    if a == b and type(a) is type(b):
        return 0
    if a is False or b is False:
        return -1 if a is False else 1
    if isinstance(a, bool) or isinstance(b, bool):
        return None
    if isinstance(a, int) and isinstance(b, int):
        return (a > b) - (a < b)
    if "unlimited" in (a, b) and all(isinstance(v, int) or v == "unlimited" for v in (a, b)):
        return 1 if a == "unlimited" else -1
    return None


def _features(o: Plan, n: Plan, optr: str, nptr: str, item: str) -> Iterator[Finding]:
    olds, news = _feature_index(o), _feature_index(n)
    for key in sorted(olds.keys() - news.keys()):
        i, f = olds[key]
        yield Finding("pricing.feature.removed", f"{optr}/features/{i}", item,
                      {"feature": _quoted(f.name or f.id)}, _value_text(f.value), None)
    for key in sorted(news.keys() - olds.keys()):
        j, f = news[key]
        yield Finding("pricing.feature.added", f"{nptr}/features/{j}", item,
                      {"feature": _quoted(f.name or f.id)}, None, _value_text(f.value))
    for key in sorted(olds.keys() & news.keys()):
        (_, of), (j, nf) = olds[key], news[key]
        order = _order(of.value, nf.value)
        if order == 0:
            continue
        rule = {None: "pricing.feature.changed", -1: "pricing.feature.downgraded",
                1: "pricing.feature.upgraded"}[order]
        yield Finding(rule, f"{nptr}/features/{j}", item, {"feature": _quoted(nf.name or nf.id)},
                      _value_text(of.value), _value_text(nf.value))


def _quoted(text: str) -> str:
    return f"\u201c{text}\u201d" if " " in text else f"`{text}`"


def _limit_unit(lim: Limit) -> str:
    return lim.unit + (f" per {lim.period}" if lim.period else "")


def _limit_value(lim: Limit) -> str:
    return lim.value if isinstance(lim.value, str) else f"{lim.value:,}"


def _limits(o: Plan, n: Plan, optr: str, nptr: str, item: str) -> Iterator[Finding]:
    olds = {lim.id: (i, lim) for i, lim in enumerate(o.limits)}
    news = {lim.id: (i, lim) for i, lim in enumerate(n.limits)}
    for key in sorted(olds.keys() - news.keys()):
        i, lim = olds[key]
        yield Finding("pricing.limit.removed", f"{optr}/limits/{i}", item,
                      {"limit": f"`{key}`", "before": _limit_value(lim), "unit": _limit_unit(lim)},
                      str(lim.value), None)
    for key in sorted(news.keys() - olds.keys()):
        j, lim = news[key]
        # An "unlimited" entry states the absence of a cap; it takes nothing away.
        cap = Level.INFO if lim.value == "unlimited" else None
        yield Finding("pricing.limit.added", f"{nptr}/limits/{j}", item,
                      {"limit": f"`{key}`", "after": _limit_value(lim), "unit": _limit_unit(lim)},
                      None, str(lim.value), cap=cap)
    for key in sorted(olds.keys() & news.keys()):
        (_, ol), (j, nl) = olds[key], news[key]
        if (ol.unit, ol.period) != (nl.unit, nl.period):
            yield Finding("pricing.limit.changed", f"{nptr}/limits/{j}", item, {"limit": f"`{key}`"},
                          f"{_limit_value(ol)} {_limit_unit(ol)}", f"{_limit_value(nl)} {_limit_unit(nl)}")
            continue
        order = _order(ol.value, nl.value)
        if order:
            rule = "pricing.limit.increased" if order > 0 else "pricing.limit.decreased"
            yield Finding(rule, f"{nptr}/limits/{j}/value", item,
                          {"limit": f"`{key}`", "before": _limit_value(ol), "after": _limit_value(nl),
                           "unit": _limit_unit(nl)}, str(ol.value), str(nl.value))


def _join(values: list[str] | None) -> str:
    return "everyone" if values is None else ", ".join(values) or "nobody"
