"""One e-mail per affected customer: the public notice, plus what the change costs *them*.

A price change announced in general terms still surprises the customer who has to work out
their own bill. With a usage file (`--usage`), each affected customer gets the notice with a
"What it means for you" section: their cost before and after at their current usage, the
limits they would newly exceed, a plan that goes with no successor.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING

from ..addresses import is_bare
from ..i18n import gettext, ngettext
from ..pricing.impacts import CustomerImpact, Exceeded
from ..words import Money, Number, money_text, number_text
from .audience import localized
from .mail import FILE, NO_HEADERS, Headers, render
from .model import Notice
from .outbox import Mail

if TYPE_CHECKING:
    from ..directory import Directory

MAX_KEY = 48
"""Characters of a customer's name kept in its file name (UTF-8 file names end at 255 bytes)."""


def for_customers(notice: Notice, impacts: list[CustomerImpact],
                  base_for: Callable[[str], Notice] | None = None) -> list[Notice]:
    """The notice once per affected customer (in the order of `impacts`: most affected first);
    `base_for(customer)`, when given, is the notice each customer's copy is made from (the
    notice told in their language)."""
    by_customer: dict[str, list[CustomerImpact]] = {}
    for one in impacts:
        by_customer.setdefault(one.customer, []).append(one)
    copies = []
    for customer, subs in by_customer.items():
        base = base_for(customer) if base_for is not None else notice
        copies.append(base.model_copy(update={
            "id": f"{base.id}-{customer_key(customer)}", "customer": customer,
            "impact": [sentence(i, base) for i in subs]}))
    return copies


def sentence(one: CustomerImpact, notice: Notice) -> str:
    """What one subscription will pay or lose, said to the customer in the notice's language."""
    loc, cur = notice.locale, one.currency or ""

    def money(value: Decimal) -> str:
        return money_text(Money(value, cur), loc)

    plan = (gettext("On your plan “{plan}”", loc) if one.quantity == 1 else
            ngettext("On your plan “{plan}” ({seats} seat)", "On your plan “{plan}” ({seats} seats)",
                     one.quantity, loc)).format(plan=one.plan, seats=one.quantity)
    if one.new_plan is None:
        text = gettext("{plan}: the plan is withdrawn with no successor; please choose another plan.",
                       loc).format(plan=plan)
    elif one.delta is None or one.old_cost is None or one.new_cost is None:
        if one.new_plan != one.plan:
            plan = gettext("{plan} (moving to “{new_plan}”)", loc).format(plan=plan, new_plan=one.new_plan)
        text = gettext("{plan}: your cost cannot be compared automatically.", loc).format(plan=plan)
    else:
        if one.new_plan != one.plan:
            plan = gettext("{plan}, which becomes “{new_plan}”,", loc).format(
                plan=plan, new_plan=one.new_plan)
        facts = {"plan": plan, "before": money(one.old_cost), "after": money(one.new_cost),
                 "period": one.period or ""}
        if one.delta > 0:
            how = (gettext("{plan} at your current usage you will pay {amount} more per {period} "
                           "({before} → {after}).", loc) if one.period else
                   gettext("{plan} at your current usage you will pay {amount} more ({before} → {after}).",
                           loc))
            text = how.format(amount=money(one.delta), **facts)
        elif one.delta < 0:
            how = (gettext("{plan} at your current usage you will pay {amount} less per {period} "
                           "({before} → {after}).", loc) if one.period else
                   gettext("{plan} at your current usage you will pay {amount} less ({before} → {after}).",
                           loc))
            text = how.format(amount=money(-one.delta), **facts)
        else:
            how = (gettext("{plan} at your current usage you will pay the same ({after} per {period}).", loc)
                   if one.period else
                   gettext("{plan} at your current usage you will pay the same ({after}).", loc))
            text = how.format(**facts)
    over = [" " + _exceeds(e, loc) for e in one.exceeds if not e.already]
    return text + "".join(over)  # the impact's notes explain the reviewer's figures: not for customers


def _exceeds(e: Exceeded, loc: str) -> str:
    """`At your current usage (12,000 tweet per month) you would exceed the Tweet consumption
    cap of 10,000 tweet per month.`: the limit by its name, numbers in the customer's locale."""
    facts = {"name": e.name or e.limit, "value": number_text(Number(e.value), loc),
             "usage": number_text(Number(e.usage), loc), "unit": e.unit, "period": e.period or ""}
    if e.period:
        text = gettext("At your current usage ({usage} {unit} per {period}) you would exceed the "
                       "{name} limit of {value} {unit} per {period}.", loc)
    else:
        text = gettext("At your current usage ({usage} {unit}) you would exceed the {name} limit of "
                       "{value} {unit}.", loc)
    return text.format(**facts)


def customer_mails(notice: Notice, impacts: list[CustomerImpact], sender: str | None = None,
                   headers: Headers = NO_HEADERS, directory: Directory | None = None,
                   in_locale: Callable[[str], Notice] | None = None) -> list[Mail]:
    """The e-mail of each affected customer, `notice-<customer key>.eml`; `headers` as for
    the general e-mail, except `To`. With a customer `directory`, a customer listed there
    gets their addresses as `To` and the copy in their `locale` (`in_locale` tells the
    notice in it); otherwise a customer whose id is a mail address gets it as `To` (the
    usage file has no address column), any other none (never the general `--to`)."""
    taken: set[str] = set()
    mails = []
    for one in _copies(notice, impacts, directory, in_locale):
        customer = one.customer or ""
        listed = directory.get(customer) if directory is not None else None
        to = listed.emails if listed is not None else (customer,) if _is_address(customer) else ()
        text = render(one, (), sender, replace(headers, to=to))
        mails.append(Mail(customer, file_name(customer, taken), text, to, one.locale))
    return mails


def file_name(customer: str, taken: set[str]) -> str:
    """`notice-<customer key>.eml`, never one of `taken` (which it joins)."""
    stem = FILE.rsplit(".", 1)[0]
    name = f"{stem}-{customer_key(customer)}.eml"
    if name in taken:  # two eight-digit hashes met (about 1 in 4 billion): use the whole one
        name = f"{stem}-{customer_key(customer, full=True)}.eml"
    taken.add(name)
    return name


def _copies(notice: Notice, impacts: list[CustomerImpact], directory: Directory | None,
            in_locale: Callable[[str], Notice] | None) -> list[Notice]:
    """Each affected customer's copy, in the directory's locale for them when it has one."""
    if directory is None or in_locale is None:
        return for_customers(notice, impacts)
    told = localized(notice, in_locale)

    def base(customer: str) -> Notice:
        listed = directory.get(customer)
        return told(listed.locale if listed is not None else None)

    return for_customers(notice, impacts, base)


def _is_address(text: str) -> bool:
    """`ops@acme.example`: a bare address (no display name, no spaces), as a customer id may be."""
    return is_bare(text)


def customer_key(customer: str, full: bool = False) -> str:
    """A file-name-safe key of a customer that no other customer gets, stable across runs.

    A customer id that is already safe (lower-case letters of any script, digits, `-`, as
    `acme-inc` or `мтс`) is its own key. Any other (`Acme Inc`, `株式会社 ABC`, `../x`) keeps
    its letters and digits, case-folded and joined by `-`, and gets `_` and a hash of the
    whole id: `acme-inc_5a1c0e3b`. Own keys hold no `_`, so the two kinds never meet; the
    hash keeps `Acme Inc` and `ACME, Inc.` apart. Earlier every name without Latin letters
    became `changes`, and the numbered suffixes that told them apart cost the square of
    their count; this is one pass per name.
    """
    readable = _readable(customer)
    if readable == customer and readable:
        return readable
    digest = hashlib.sha256(customer.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{readable or 'customer'}_{digest if full else digest[:8]}"


def _readable(text: str) -> str:
    """Letters, marks and digits of every script, case-folded; runs of the rest become `-`."""
    folded = unicodedata.normalize("NFKC", text.casefold())
    out: list[str] = []
    for ch in folded:
        if unicodedata.category(ch)[0] in "LMN" and ch.isprintable():
            out.append(ch)
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-")[:MAX_KEY].rstrip("-")
