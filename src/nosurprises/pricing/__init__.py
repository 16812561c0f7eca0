"""Price books and their comparison: what customers will pay, and what they lose.

`compare_pricing(old, new)` gives a `Report` of `pricing.*` changes; `load_pricebook`
reads and validates one book (YAML, JSON or CSV) with errors naming file, plan and field.
"""

from __future__ import annotations

from .compare import compare_books, compare_pricing
from .load import is_pricebook, load_pricebook
from .model import PriceBook

__all__ = ["PriceBook", "compare_books", "compare_pricing", "is_pricebook", "load_pricebook"]
