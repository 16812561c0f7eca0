"""Which plan of the new price book is which plan of the old one."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import InputError
from .model import Plan, PriceBook


@dataclass(frozen=True, slots=True)
class PlanEntry:
    """A plan with where it sits: its report item (`product/plan` or `plan`) and JSON pointer."""

    item: str
    product: str
    ptr: str
    plan: Plan


def pair_plans(olds: Mapping[str, Any], news: Mapping[str, Any],
               successors: Mapping[str, str] | None) -> dict[str, str]:
    """Old plan key -> new plan key: the same key, or the successor named for it.

    Several old plans may lead to one new plan: a successor that exists in both books keeps
    its own customers (it pairs with itself) and takes those of the plan it succeeds.
    """
    pairs = {k: k for k in olds.keys() & news.keys()}
    for o, n in (successors or {}).items():
        if o not in olds or n not in news:
            raise InputError("<successors>", f"{o!r} -> {n!r}: no plan {o if o not in olds else n!r} "
                                             f"in the {'old' if o not in olds else 'new'} price book")
        pairs[o] = n
    return pairs


def entries(book: PriceBook) -> dict[str, PlanEntry]:
    """Plans by report item. A one-product book's product name is not part of the key:
    renaming the product must not unpair every plan."""
    if book.plans is not None:
        return {p.id: PlanEntry(p.id, "", f"/plans/{i}", p) for i, p in enumerate(book.plans)}
    return {f"{prod.id}/{p.id}": PlanEntry(f"{prod.id}/{p.id}", prod.id, f"/products/{i}/plans/{j}", p)
            for i, prod in enumerate(book.products or []) for j, p in enumerate(prod.plans)}
