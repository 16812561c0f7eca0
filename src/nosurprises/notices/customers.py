"""One e-mail per affected customer: the public notice, plus what the change costs *them*.

A price change announced in general terms still surprises the customer who has to work out
their own bill. With a usage file (`--usage`), each affected customer gets the notice with a
"What it means for you" section: their cost before and after at their current usage, the
limits they would newly exceed, a plan that goes with no successor.
"""

from __future__ import annotations

from ..pricing.impact import CustomerImpact, limit_text
from ..pricing.money import format_money
from .mail import FILE, render
from .model import Notice, slug


def for_customers(notice: Notice, impacts: list[CustomerImpact]) -> list[Notice]:
    """The notice once per affected customer (in the order of `impacts`: most affected first)."""
    by_customer: dict[str, list[CustomerImpact]] = {}
    for one in impacts:
        by_customer.setdefault(one.customer, []).append(one)
    return [notice.model_copy(update={"id": f"{notice.id}-{slug(customer)}", "customer": customer,
                                      "impact": [sentence(i, notice) for i in subs]})
            for customer, subs in by_customer.items()]


def sentence(one: CustomerImpact, notice: Notice) -> str:
    """What one subscription will pay or lose, said to the customer."""
    cur, per = one.currency or "", f" per {one.period}" if one.period else ""
    seats = f" ({one.quantity} seats)" if one.quantity != 1 else ""
    plan = f"On your plan `{one.plan}`{seats}"
    if one.new_plan is None:
        text = f"{plan}: the plan is withdrawn with no successor; please choose another plan."
    elif one.delta is None or one.old_cost is None or one.new_cost is None:
        text = f"{plan} (moving to `{one.new_plan}`)" if one.new_plan != one.plan else plan
        text += ": your cost cannot be compared automatically."
    else:
        moving = f", which becomes `{one.new_plan}`," if one.new_plan != one.plan else ""
        moved = f"{format_money(one.old_cost, cur)} \u2192 {format_money(one.new_cost, cur)}"
        if one.delta > 0:
            how = f"you will pay {format_money(one.delta, cur)} more{per} ({moved})"
        elif one.delta < 0:
            how = f"you will pay {format_money(-one.delta, cur)} less{per} ({moved})"
        else:
            how = f"you will pay the same ({format_money(one.new_cost, cur)}{per})"
        text = f"{plan}{moving} at your current usage {how}."
    over = [f" At your current usage you would exceed {limit_text(e)}." for e in one.exceeds if not e.already]
    notes = [f" Note: {n}." for n in one.notes if not n.startswith("at their current usage")]
    return text + "".join(over) + "".join(notes)


def customer_files(notice: Notice, impacts: list[CustomerImpact], sender: str | None = None
                   ) -> list[tuple[str, str]]:
    """(file name, e-mail) per affected customer: `notice-<customer>.eml`."""
    stem, files, taken = FILE.rsplit(".", 1)[0], [], set()
    for one in for_customers(notice, impacts):
        name, n = f"{stem}-{slug(one.customer or '')}.eml", 1
        while name in taken:  # `Acme Inc` and `acme-inc` must not overwrite each other
            n += 1
            name = f"{stem}-{slug(one.customer or '')}-{n}.eml"
        taken.add(name)
        files.append((name, render(one, (), sender)))
    return files
