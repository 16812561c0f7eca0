"""The price book format reference, generated from the pydantic JSON Schema.

`docs/pricing.md` holds the output between two markers and a test compares them, so the
documented format cannot drift from what the loader accepts. Regenerate with
`python -m nosurprises.pricing.reference docs/pricing.md`.
"""

from __future__ import annotations

import sys

from pydantic import BaseModel

from .. import docgen
from .model import (
    MONEY_PATTERN,
    Credit,
    Feature,
    Limit,
    Plan,
    Price,
    PriceBook,
    Product,
    Tier,
    Trial,
    UsagePrice,
)

MODELS: tuple[type[BaseModel], ...] = (PriceBook, Product, Plan, Price, UsagePrice, Tier, Credit,
                                       Feature, Limit, Trial)
"""The models of a price book, top down, in the order the reference lists them."""

WHERE = {
    "PriceBook": "The whole file.",
    "Product": "An entry of `products` (books with several products).",
    "Plan": "An entry of `plans`.",
    "Price": "The `price` of a plan.",
    "UsagePrice": "An entry of a plan's `usage_prices`.",
    "Tier": "The `tier` of a usage price: the usage band it applies to.",
    "Credit": "The `included_credit` of a plan.",
    "Feature": "An entry of a plan's `features`, when it is not a plain string.",
    "Limit": "An entry of a plan's `limits`.",
    "Trial": "The `trial` of a plan.",
}

NOTES = {
    "provider": "Who sells it.", "product": "What is sold (a one-product book); not part of plan pairing.",
    "as_of": "The date the book describes.", "sources": "Ids of the sources the numbers come from.",
    "plans": "The plans of a one-product book.", "products": "Products, each with its plans.",
    "name": "Display name; a new name for the same id is reported as a rename.",
    "price": "The fixed price; absent means no fixed fee (compared as zero).",
    "usage_prices": "Metered prices.", "included_credit": "A recurring allowance in money.",
    "trial": "A free trial for new customers.",
    "features": "What the plan includes: a string, or a Feature with an id and a value.",
    "limits": "Limits and quotas.", "notes": "Free text.", "note": "Free text.",
    "source": "Ids of the sources of this entry.", "estimate": "True when a reported or derived figure.",
    "billing_cycle": "How often a per-month price is billed (`annual`: per month, billed yearly).",
    "id": "Stable id: the same id in two versions is the same thing.",
    "unit": "What is counted (request, map_load, GB...).", "per": "How many units the amount pays for.",
    "tier": "The usage band the amount applies to.", "from": "First unit of the band.",
    "to": "Last unit of the band; null: no upper bound.", "period": "Over what period it counts or renews.",
    "scope": "What it is counted for: project, account, user...",
    "amount": "Decimal string.", "currency": "ISO 4217 code.",
    "value": "`true`/`false` (on/off), a number, or text; numbers and `unlimited` are compared.",
    "comparator": "`at_least` for values published as \"10+ million\".", "days": "Length of the trial.",
}
"""Descriptions for fields whose model gives none (the model's own description wins)."""

DECIMAL = ("decimal string ≥ 0 (e.g. `\"9.99\"`; an integer is accepted, a float is refused; "
           "at most 20 digits either side of the point)")
"""How a `Money` field reads: its schema (a patterned string or an integer) says it poorly."""


def pricebook_reference() -> str:
    """A Markdown table per model: field, type, default, description."""
    schema = docgen.model_schema(PriceBook)
    defs = schema.get("$defs", {})
    return "\n\n".join(
        docgen.fields_table(m.__name__, schema if m is PriceBook else defs[m.__name__], defs,
                            intro=WHERE[m.__name__], notes=NOTES, special=_money)
        for m in MODELS) + "\n"


def _money(node: docgen.Schema) -> str | None:
    """The decimal wording for a `Money` union, else None (`field_type` adds any `or null`)."""
    return DECIMAL if {"type": "string", "pattern": MONEY_PATTERN} in node.get("anyOf", []) else None


if __name__ == "__main__":  # python -m nosurprises.pricing.reference docs/pricing.md
    docgen.rewrite_page(sys.argv[1], "pricebook_reference", pricebook_reference())
