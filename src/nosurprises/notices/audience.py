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
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from ..directory import Customer, Directory
from ..model import Change
from .mail import NO_HEADERS, Headers, render
from .model import Notice
from .outbox import Mail

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


def localized(notice: Notice, in_locale: Callable[[str], Notice]) -> Callable[[str | None], Notice]:
    """`notice` in a locale (None: its own), each language told once, by `in_locale`."""
    told = {notice.locale: notice}

    def get(locale: str | None) -> Notice:
        locale = locale or notice.locale
        if locale not in told:
            told[locale] = in_locale(locale)
        return told[locale]

    return get


def audience(notice: Notice, directory: Directory, *, in_locale: Callable[[str], Notice],
             touches: Mapping[str, Iterable[ChangeKey]] | None = None,
             everyone: Callable[[Change], bool] = lambda change: False,
             days: Callable[[dt.date, dt.date], int] | None = None) -> Audience:
    """The copy of `notice` for each customer of `directory` in the notice's audience.

    `in_locale(locale)` gives the notice in a customer's language (each language is told
    once). `touches`, from usage targeting, maps a customer to the changes their usage
    touches; without it every customer gets every change. `everyone(change)` says which
    changes reach every customer whatever their usage. `days(announced, effective)` counts
    the notice the way the policy does, to compare it with a customer's contract.
    """
    from .customers import customer_key

    recipients, not_touched, unreachable, short = [], [], [], []
    keys = [change_key(c.change) for c in notice.changes]  # the same in every language's copy
    every = set(keys)
    always = {k for k, c in zip(keys, notice.changes, strict=True)
              if c.change.operation is None or everyone(c.change)}
    told = localized(notice, in_locale)
    given = days(notice.announced, notice.effective) if days else None
    for one in directory.tagged(notice.audience):
        theirs = every if touches is None else (set(touches.get(one.customer, ())) & every) | always
        if not theirs:
            not_touched.append(one.customer)
            continue
        if not one.emails:
            unreachable.append(one.customer)  # still owed a copy: a webhook may reach them
        base = told(one.locale)
        changes = base.changes if theirs is every else \
            [c for k, c in zip(keys, base.changes, strict=True) if k in theirs]
        recipients.append(Recipient(one, base.model_copy(update={
            "id": f"{notice.id}-{customer_key(one.customer)}", "customer": one.customer,
            "changes": changes})))
        if given is not None and one.notice_days is not None and given < one.notice_days:
            short.append((one.customer, one.notice_days))
    return Audience(recipients, not_touched, unreachable, short)


def audience_mails(chosen: Audience, attachments: Sequence[tuple[str, str]] = (), sender: str | None = None,
                   headers: Headers = NO_HEADERS) -> list[Mail]:
    """Each recipient's e-mail, `notice-<customer key>.eml`, `To` their addresses."""
    from .customers import file_name

    taken: set[str] = set()
    return [Mail(one.customer.customer, file_name(one.customer.customer, taken),
                 render(one.notice, attachments, sender, replace(headers, to=one.customer.emails)),
                 one.customer.emails, one.notice.locale)
            for one in chosen.recipients]
