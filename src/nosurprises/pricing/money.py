"""Money as customers read it: exact Decimal arithmetic, Babel formatting, what an amount pays for.

Amounts are never rounded on the way (a context of 2,000 digits) and leave as the decimal
strings the provider wrote. What an amount pays for is facts (`price_terms`), told in words
by the templates of `rules.py`.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from typing import Any

from ..rule import Rule
from ..words import PREC, WORDS, Money, Phrase, Term, money_text, word
from .model import Price
from .rules import AND_PER, BILLED_ANNUALLY, BILLED_MONTHLY, INTERVAL_BILLED, PER, PRICE_TERMS

__all__ = ["PREC", "amount_text", "format_money", "interval", "money", "money_change", "money_facts",
           "percent", "price_terms"]


def amount_text(value: Decimal | None) -> str | None:
    """Amounts leave as decimal strings, exactly as given (`"7.25"`, never `7.2500001`)."""
    return None if value is None else str(value)


def format_money(value: Decimal | None, currency: str) -> str:
    """`$1,234.50`: Babel's en_US format, keeping every digit the provider wrote."""
    if value is None:
        return word("unpublished-amount")
    return money_text(Money(value, currency))


def money(value: Decimal | None, currency: str) -> Money | Term:
    """An amount as a fact, formatted where it is said, in the reader's locale; or the word
    for an amount that is not public."""
    return Term("unpublished-amount") if value is None else Money(value, currency)


def percent(before: Decimal, after: Decimal) -> str:
    """The change in %, rounded half-even to one decimal; from zero there is no percentage."""
    if before == 0:
        return Term("from-zero")
    with localcontext(prec=PREC):
        raw = (after - before) * 100 / before
        if raw.adjusted() > 40:  # absurd input: say how big rather than print 40 digits
            return f"{raw:+.3E}%"
        pct = raw.quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN)
    return f"{pct:+,}%"


_INTERVALS = {"one-time": Term("one-time"), "usage": Term("per-use"), "custom": Term("per-custom-term")}


def price_terms(price: Price) -> Phrase:
    """What one amount pays for (`per month per user, billed annually`), as facts."""
    billing: Any = ""
    if price.billing_cycle == "annual" and price.interval != "year":
        billing = Phrase(BILLED_ANNUALLY, {})
    elif price.billing_cycle == "monthly" and price.interval != "month":
        billing = Phrase(BILLED_MONTHLY, {})
    return Phrase(PRICE_TERMS, {
        "interval": _INTERVALS.get(price.interval) or Phrase(PER, {"what": Term(price.interval)}),
        "per": Phrase(AND_PER, {"what": price.per}) if price.per else "",
        "billing": billing})


def interval(price: Price) -> Any:
    """A price's billing interval with its billing cycle when it has one (`before`/`after`)."""
    if not price.billing_cycle:
        return price.interval
    told = Term(price.interval) if price.interval in WORDS else price.interval
    return Phrase(INTERVAL_BILLED, {"interval": told, "cycle": price.billing_cycle})


def money_change(up: Rule, down: Rule, before: Decimal, after: Decimal, currency: str,
                  **params: Any) -> tuple[Rule, dict[str, Any]] | None:
    """The rule and the money facts of an amount that moved, or None if it did not."""
    if before == after:
        return None
    with localcontext(prec=PREC):  # differences are exact, not rounded to 28 digits
        difference = abs(after - before)
    return (up if after > before else down), {
        "difference": Money(difference, currency), "percent": percent(before, after),
        "before_money": Money(before, currency),
        "after_money": Money(after, currency),
        "before_amount": before, "after_amount": after, "currency": currency, **params}


def money_facts(o: Any, n: Any) -> dict[str, Any]:
    """Both amounts as customers read them, for the sentences, and as exact amounts."""
    return {"before_money": money(o.amount, o.currency), "after_money": money(n.amount, n.currency),
            "before_amount": o.amount, "after_amount": n.amount,
            "before_currency": o.currency, "after_currency": n.currency}
