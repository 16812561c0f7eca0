"""Price books and their comparison: what customers will pay, and what they lose.

`compare_pricing(old, new)` gives a `Report` of `pricing.*` changes; `load_pricebook`
reads and validates one book (YAML, JSON or CSV) with errors naming file, plan and field.
`compare_pricing_with_usage(old, new, usage)` adds who is affected at their current usage
(`impact`, from a file read by `load_usage`) and how much it would take to make them whole.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import exports

if TYPE_CHECKING:
    from .compare import compare_books, compare_pricing
    from .impacts import (
        CustomerImpact,
        Exceeded,
        ImpactSummary,
        PricingReport,
        compare_pricing_with_usage,
        impact,
        impact_text,
        with_usage,
    )
    from .load import is_pricebook, load_pricebook
    from .model import PriceBook
    from .usage import Subscription, load_usage

__getattr__, __dir__ = exports(__name__, {
    **{name: f".compare:{name}" for name in ("compare_books", "compare_pricing")},
    **{name: f".impacts:{name}" for name in (
        "CustomerImpact", "Exceeded", "ImpactSummary", "PricingReport", "compare_pricing_with_usage",
        "impact", "impact_text", "with_usage")},
    **{name: f".load:{name}" for name in ("is_pricebook", "load_pricebook")},
    "PriceBook": ".model:PriceBook",
    **{name: f".usage:{name}" for name in ("Subscription", "load_usage")}}, globals())
# Each name loads its module on first use: the rule catalog imports pricing.rules, and a diff of
# OpenAPI documents should not load the price book's models for it. The function impact lives
# in impacts.py, so that importing a module never hides the function of the same name.

__all__ = ["CustomerImpact", "Exceeded", "ImpactSummary", "PriceBook", "PricingReport", "Subscription",
           "compare_books", "compare_pricing", "compare_pricing_with_usage", "impact", "impact_text",
           "is_pricebook", "load_pricebook", "load_usage", "with_usage"]
