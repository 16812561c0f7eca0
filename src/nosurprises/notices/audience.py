"""Who gets which notice: the customers of the directory, each with only what touches them.

A general notice sent to everyone trains customers to ignore notices; one sent to nobody in
particular is the Google Domains lesson. With a customer directory (`--customers`) each
customer in the notice's audience gets their own copy, in their language, addressed to them;
with usage targeting (`--requests`) a copy holds only the changes that touch that customer.
A change no targeting can narrow (a price, the terms, an event, the servers of the API) and
a change the policy says everyone must hear of reaches every customer in the audience.

Nothing is decided silently: customers who call none of the affected operations, and
customers with no address to write to, are returned beside the recipients so the command can
say so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from ..directory import Customer, Directory
from ..model import Change
from .model import Notice, NoticeChange

ChangeKey = tuple[str, str, str]
"""A change by rule, location and operation: the same in every copy of a report."""


def change_key(change: Change) -> ChangeKey:
    return (change.rule, change.location, change.operation or "")


@dataclass(frozen=True, slots=True)
class Recipient:
    """One customer and the copy of the notice that is theirs."""

    customer: Customer
    notice: Notice


@dataclass(frozen=True, slots=True)
class Audience:
    """The recipients, and the customers of the audience who get no copy, and why."""

    recipients: list[Recipient] = field(default_factory=list)
    not_touched: list[str] = field(default_factory=list)
    """Customers whose usage touches none of the notice's changes (targeting)."""
    unreachable: list[str] = field(default_factory=list)
    """Customers owed a copy (they are recipients too) who have no e-mail address."""
    short: list[tuple[str, int]] = field(default_factory=list)
    """(customer, days their contract promises) where the notice gives fewer days."""


def audience(notice: Notice, directory: Directory, *, in_locale: Callable[[str], Notice],
             touches: Mapping[str, Iterable[ChangeKey]] | None = None,
             everyone: Callable[[Change], bool] = lambda change: False,
             days: Callable[[dt.date, dt.date], int] | None = None) -> Audience:
    """The copy of `notice` for each customer of `directory` in the notice's audience.

    `in_locale(locale)` gives the notice in a customer's language (built once per language by
    the caller). `touches`, from usage targeting, maps a customer to the changes their usage
    touches; without it every customer gets every change. `everyone(change)` says which
    changes reach every customer whatever their usage. `days(announced, effective)` counts the
    notice the way the policy does, to compare it with a customer's contract.
    """
    from .customers import customer_key

    recipients, not_touched, unreachable, short = [], [], [], []
    targeted = None if touches is None else {c: set(keys) for c, keys in touches.items()}
    given = days(notice.announced, notice.effective) if days else None
    localized: dict[str, Notice] = {}
    for one in directory.tagged(notice.audience):
        changes = _theirs(notice.changes, None if targeted is None else targeted.get(one.customer, set()),
                          everyone)
        if not changes:
            not_touched.append(one.customer)
            continue
        if not one.emails:
            unreachable.append(one.customer)  # still owed a copy: a webhook may reach them
        locale = one.locale or notice.locale
        base = localized.get(locale)
        if base is None:
            base = localized[locale] = notice if locale == notice.locale else in_locale(locale)
        copy = base.model_copy(update={
            "id": f"{notice.id}-{customer_key(one.customer)}", "customer": one.customer,
            "changes": _same_changes(base.changes, changes)})
        recipients.append(Recipient(one, copy))
        if given is not None and one.notice_days is not None and given < one.notice_days:
            short.append((one.customer, one.notice_days))
    return Audience(recipients, not_touched, unreachable, short)


def _theirs(changes: list[NoticeChange], touched: set[ChangeKey] | None,
            everyone: Callable[[Change], bool]) -> set[ChangeKey]:
    """The keys of the changes one customer is told: all of them without targeting."""
    keys = {change_key(c.change) for c in changes}
    if touched is None:
        return keys
    return {k for c, k in ((c, change_key(c.change)) for c in changes)
            if k in touched or c.change.operation is None or everyone(c.change)}


def _same_changes(changes: list[NoticeChange], keys: set[ChangeKey]) -> list[NoticeChange]:
    return [c for c in changes if change_key(c.change) in keys]
