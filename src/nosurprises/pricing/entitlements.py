"""What a plan includes besides its prices: credits, trials, features and limits."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..finding import Finding
from ..model import Level
from ..words import Code, Phrase, Term
from .facts import found
from .model import Credit, Feature, Limit, Plan
from .money import amount_text, money, money_change
from .rules import (
    CREDIT_ADDED,
    CREDIT_CHANGED,
    CREDIT_DECREASED,
    CREDIT_INCREASED,
    CREDIT_REMOVED,
    CREDIT_TERMS,
    FEATURE_ADDED,
    FEATURE_CHANGED,
    FEATURE_DOWNGRADED,
    FEATURE_REMOVED,
    FEATURE_UPGRADED,
    LIMIT_ADDED,
    LIMIT_CHANGED,
    LIMIT_DECREASED,
    LIMIT_INCREASED,
    LIMIT_REMOVED,
    LIMIT_TERMS,
    PER,
    QUOTED,
    TRIAL_ADDED,
    TRIAL_LENGTHENED,
    TRIAL_REMOVED,
    TRIAL_SHORTENED,
    UNIT_PER,
)


def _credit_per(c: Credit) -> Any:
    return Phrase(PER, {"what": Term(c.period)}) if c.period else Term("once")


def _credit_terms(c: Credit) -> Phrase:
    return Phrase(CREDIT_TERMS, {"amount": c.amount, "currency": c.currency, "per": _credit_per(c)})


def credit(o: Credit | None, n: Credit | None, optr: str, nptr: str, item: str) -> Iterator[Finding]:
    if o is None and n is None:
        return
    if n is None:
        assert o is not None
        yield found(CREDIT_REMOVED, f"{optr}/included_credit", item,
                    {"before_money": money(o.amount, o.currency), "per": _credit_per(o),
                     "before_amount": o.amount, "currency": o.currency},
                    amount_text(o.amount), None, document="old")
    elif o is None:
        yield found(CREDIT_ADDED, f"{nptr}/included_credit", item,
                    {"after_money": money(n.amount, n.currency), "per": _credit_per(n),
                     "after_amount": n.amount, "currency": n.currency},
                    None, amount_text(n.amount))
    elif (o.currency, o.period) != (n.currency, n.period):
        yield found(CREDIT_CHANGED, f"{nptr}/included_credit", item, {},
                    _credit_terms(o), _credit_terms(n))
    else:
        change = money_change(CREDIT_INCREASED, CREDIT_DECREASED, o.amount, n.amount,
                              n.currency, per=_credit_per(n))
        if change:
            yield found(change[0], f"{nptr}/included_credit/amount", item, change[1],
                        amount_text(o.amount), amount_text(n.amount))


def trial(o: Plan, n: Plan, optr: str, nptr: str, item: str) -> Iterator[Finding]:
    od = o.trial.days if o.trial else 0
    nd = n.trial.days if n.trial else 0
    if od == nd:
        return
    if nd == 0:
        yield found(TRIAL_REMOVED, f"{optr}/trial", item, {}, str(od), None, document="old")
    elif od == 0:
        yield found(TRIAL_ADDED, f"{nptr}/trial", item, {}, None, str(nd))
    else:
        rule = TRIAL_SHORTENED if nd < od else TRIAL_LENGTHENED
        yield found(rule, f"{nptr}/trial/days", item, {}, str(od), str(nd))


def _feature_index(plan: Plan) -> dict[str, tuple[int, Feature]]:
    return {(f if isinstance(f, str) else f.id): (i, Feature(id=f) if isinstance(f, str) else f)
            for i, f in enumerate(plan.features)}


def _value(value: Any) -> str:
    """A feature's value: included or not (a plain feature, a flag), else as the book says."""
    if value is None or value is True:
        return Term("included")
    if value is False:
        return Term("not-included")
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


def features(o: Plan, n: Plan, optr: str, nptr: str, item: str) -> Iterator[Finding]:
    olds, news = _feature_index(o), _feature_index(n)
    for key in sorted(olds.keys() - news.keys()):
        i, f = olds[key]
        yield found(FEATURE_REMOVED, f"{optr}/features/{i}", item,
                    {"feature": _quoted(f.name or f.id)}, _value(f.value), None, document="old")
    for key in sorted(news.keys() - olds.keys()):
        j, f = news[key]
        yield found(FEATURE_ADDED, f"{nptr}/features/{j}", item,
                    {"feature": _quoted(f.name or f.id)}, None, _value(f.value))
    for key in sorted(olds.keys() & news.keys()):
        (_, of), (j, nf) = olds[key], news[key]
        order = _order(of.value, nf.value)
        if order == 0:
            continue
        rule = {None: FEATURE_CHANGED, -1: FEATURE_DOWNGRADED, 1: FEATURE_UPGRADED}[order]
        yield found(rule, f"{nptr}/features/{j}", item, {"feature": _quoted(nf.name or nf.id)},
                    _value(of.value), _value(nf.value))


def _quoted(text: str) -> Any:
    """A feature as the book names it: an id (`sso`) as code, a phrase in quotation marks."""
    return Phrase(QUOTED, {"name": text}) if " " in text else Code(text)


def _limit_unit(lim: Limit) -> Any:
    return Phrase(UNIT_PER, {"unit": lim.unit, "period": Term(lim.period)}) if lim.period else lim.unit


def _limit_value(lim: Limit) -> str:
    return lim.value if isinstance(lim.value, str) else f"{lim.value:,}"


def limits(o: Plan, n: Plan, optr: str, nptr: str, item: str) -> Iterator[Finding]:
    olds = {lim.id: (i, lim) for i, lim in enumerate(o.limits)}
    news = {lim.id: (i, lim) for i, lim in enumerate(n.limits)}
    for key in sorted(olds.keys() - news.keys()):
        i, lim = olds[key]
        yield found(LIMIT_REMOVED, f"{optr}/limits/{i}", item,
                    {**_named(key, lim), "before": _limit_value(lim), "unit": _limit_unit(lim)},
                    str(lim.value), None, document="old")
    for key in sorted(news.keys() - olds.keys()):
        j, lim = news[key]
        # An "unlimited" entry states the absence of a cap; it takes nothing away.
        cap = Level.INFO if lim.value == "unlimited" else None
        yield found(LIMIT_ADDED, f"{nptr}/limits/{j}", item,
                    {**_named(key, lim), "after": _limit_value(lim), "unit": _limit_unit(lim)},
                    None, str(lim.value), cap=cap)
    for key in sorted(olds.keys() & news.keys()):
        (_, ol), (j, nl) = olds[key], news[key]
        if (ol.unit, ol.period) != (nl.unit, nl.period):
            yield found(LIMIT_CHANGED, f"{nptr}/limits/{j}", item, _named(key, nl),
                        _limit_terms(ol), _limit_terms(nl))
            continue
        order = _order(ol.value, nl.value)
        if order:
            rule = LIMIT_INCREASED if order > 0 else LIMIT_DECREASED
            yield found(rule, f"{nptr}/limits/{j}/value", item,
                        {**_named(key, nl), "before": _limit_value(ol), "after": _limit_value(nl),
                         "unit": _limit_unit(nl)}, str(ol.value), str(nl.value))


def _named(key: str, lim: Limit) -> dict[str, Any]:
    """The limit as the reviewer reads it (its id, `limit`) and as customers do (its name,
    `limit_name`, when the book gives one: `premium_requests` is an internal id)."""
    return {"limit": Code(key), "limit_name": lim.name if lim.name else Code(key)}


def _limit_terms(lim: Limit) -> Phrase:
    return Phrase(LIMIT_TERMS, {"value": _limit_value(lim), "unit": _limit_unit(lim)})
