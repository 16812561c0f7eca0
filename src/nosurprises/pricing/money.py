"""Money as customers read it: exact Decimal arithmetic, Babel formatting, what an amount pays for.

Amounts are never rounded on the way (a context of 2,000 digits) and leave as the decimal
strings the provider wrote.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from typing import Any

from babel.numbers import format_currency

from ..rule import Rule
from .model import Price

PREC = 2000
"""Digits for money arithmetic: enough that no amount anyone writes is ever rounded."""


def amount_text(value: Decimal | None) -> str | None:
    """Amounts leave as decimal strings, exactly as given (`"7.25"`, never `7.2500001`)."""
    return None if value is None else str(value)


def format_money(value: Decimal | None, currency: str) -> str:
    """`$1,234.50`: Babel's en_US format, keeping every digit the provider wrote."""
    if value is None:
        return "an unpublished amount"
    with localcontext(prec=PREC):  # Babel quantizes in the current context: keep every digit
        return format_currency(value, currency, locale="en_US", decimal_quantization=False)


def percent(before: Decimal, after: Decimal) -> str:
    """The change in %, rounded half-even to one decimal; from zero there is no percentage."""
    if before == 0:
        return "from zero"
    with localcontext(prec=PREC):
        raw = (after - before) * 100 / before
        if raw.adjusted() > 40:  # absurd input: say how big rather than print 40 digits
            return f"{raw:+.3E}%"
        pct = raw.quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN)
    return f"{pct:+,}%"


_INTERVALS = {"one-time": "one-time", "usage": "per use", "custom": "per custom term"}


def per_text(price: Price) -> str:
    """`per month per user, billed annually`: what one amount pays for."""
    text = _INTERVALS.get(price.interval, f"per {price.interval}")
    if price.per:
        text += f" per {price.per}"
    if price.billing_cycle == "annual" and price.interval != "year":
        text += ", billed annually"
    elif price.billing_cycle == "monthly" and price.interval != "month":
        text += ", billed monthly"
    return text


def interval_text(price: Price) -> str:
    return price.interval + (f" (billed {price.billing_cycle})" if price.billing_cycle else "")


def money_change(up: Rule, down: Rule, before: Decimal, after: Decimal, currency: str,
                  **params: Any) -> tuple[Rule, dict[str, Any]] | None:
    """The rule and the money facts of an amount that moved, or None if it did not."""
    if before == after:
        return None
    with localcontext(prec=PREC):  # differences are exact, not rounded to 28 digits
        difference = abs(after - before)
    return (up if after > before else down), {
        "difference": format_money(difference, currency), "percent": percent(before, after),
        "before_money": format_money(before, currency),
        "after_money": format_money(after, currency), **params}


def money_facts(o: Any, n: Any) -> dict[str, str]:
    """Both amounts as customers read them, for the sentences."""
    return {"before_money": format_money(o.amount, o.currency),
            "after_money": format_money(n.amount, n.currency)}
