"""Who a report's changes reach, from the calls a request log shows (`reach`; the module is
`reached` so that the package can export the function by its name, as `selection.py` does).

A change to an operation reaches the customers who called it in the window. Where the log
shows the query parameters of each call, a change that only matters to requests *sending* a
query parameter reaches only the customers who sent it: the parameter removed, deprecated,
given a sunset, serialized differently, or a constraint of its schema changed (a schema
constrains the values sent; its `default` is the one keyword about requests that do not send
it, so a default changed or removed reaches every caller). Nothing that reaches every caller
is narrowed: a new required parameter, a parameter that became required, a new optional one,
response changes, anything about a header, a cookie or a body (access logs do not show them).
A change with no operation (servers, security schemes, a declared event) or one to a webhook
reaches every customer seen in the window: the log cannot tell who it spares.

Customers seen in the window whom no change reaches are `not_told`, and operations changed
but never called are listed in `uncalled`: both choices are in the report, not silent.

This stage holds facts only (records; no sentence): formats tell them (`formats/reach.py`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import unquote_plus

from ..model import Change, Report
from ..openapi.document import normalize_path
from ..openapi.rules import (
    PARAMETER_BECAME_OPTIONAL,
    PARAMETER_DEPRECATED,
    PARAMETER_DOCUMENTATION_CHANGED,
    PARAMETER_REACTIVATED,
    PARAMETER_REMOVED,
    PARAMETER_REMOVED_BEFORE_SUNSET,
    PARAMETER_SERIALIZATION_CHANGED,
    PARAMETER_SUNSET_EARLIER,
    PARAMETER_SUNSET_LATER,
    PARAMETER_SUNSET_UNREADABLE,
    SCHEMA_KINDS,
)
from ..record import Record, doc, record
from .paths import Templates
from .requests import Requests, Window, from_us

Because = Literal["called", "sent", "seen"]

SENDERS_ONLY = frozenset(r.id for r in (
    PARAMETER_REMOVED, PARAMETER_REMOVED_BEFORE_SUNSET, PARAMETER_DEPRECATED, PARAMETER_REACTIVATED,
    PARAMETER_SUNSET_EARLIER, PARAMETER_SUNSET_LATER, PARAMETER_SUNSET_UNREADABLE,
    PARAMETER_SERIALIZATION_CHANGED, PARAMETER_BECAME_OPTIONAL, PARAMETER_DOCUMENTATION_CHANGED))
"""Parameter rules whose change matters only to requests that send the parameter."""
SCHEMA_SENDERS_ONLY = frozenset(k.request_rule.id for k in SCHEMA_KINDS
                                if k.kind not in ("default-changed", "default-removed"))
"""Request schema rules: on a query parameter, they matter only to requests that send it
(a default is about the requests that do not)."""


@record(frozen=True)
class Caller(Record):
    """One customer's calls to one operation in the window."""

    customer: str = field(metadata=doc("The customer key as the log writes it."))
    calls: int = field(metadata=doc("How many calls."))
    last_call: dt.datetime = field(metadata=doc("The last call (UTC)."))


@record(frozen=True)
class OperationReach(Record):
    """An operation a change names, with who called it (most calls first)."""

    operation: str = field(metadata=doc('"METHOD /path/{template}", as the changes name it.'))
    calls: int = field(default=0, metadata=doc("Calls to it in the window, all customers."))
    callers: list[Caller] = field(default_factory=list)


@record(frozen=True)
class ChangeReach(Record):
    """Whom one change of the report reaches, and why."""

    change: int = field(metadata=doc("The change's index in the report's `changes`."))
    rule: str
    operation: str | None = None
    location: str
    because: Because = field(metadata=doc(
        "Why these customers: `called` the operation in the window; `sent` the query parameter "
        "`parameter` in a call to it; `seen`: the change has no operation (or is a webhook's), so "
        "it reaches every customer seen in the window."))
    parameter: str | None = field(default=None, metadata=doc(
        "With `sent`: the query parameter's name."))
    customers: list[str] = field(default_factory=list, metadata=doc("Sorted customer keys."))


@record(frozen=True)
class CustomerReach(Record):
    """One customer some change reaches: what to tell them."""

    customer: str
    changes: list[int] = field(metadata=doc("Indexes in the report's `changes` of the changes "
                               "that reach them, in report order."))
    operations: list[str] = field(default_factory=list, metadata=doc(
        "The changed operations they called in the window, sorted."))
    calls: int = field(default=0, metadata=doc("Their calls to those operations."))
    last_call: dt.datetime | None = field(default=None, metadata=doc(
        "Their last call to one of them (UTC); null when only changes with no operation reach them."))


@record(frozen=True)
class NotTold(Record):
    """Customers seen in the window whom no change reaches: no notice is written for them."""

    count: int = 0
    customers: list[str] = field(default_factory=list)


@record(frozen=True)
class CallWindow(Record):
    """The calls counted: from `since` (inclusive) to `until` (exclusive); null is open."""

    since: dt.datetime | None = None
    until: dt.datetime | None = None


@record(frozen=True)
class Reach(Record):
    """Who the changes reach, from a request log (see `targeting.reach`)."""

    log: str = field(metadata=doc("The request log, as named."))
    window: CallWindow = field(default_factory=CallWindow)
    calls: int = field(default=0, metadata=doc("Calls in the window with a customer."))
    anonymous: int = field(default=0, metadata=doc("Calls in the window without a customer key."))
    outside: int = field(default=0, metadata=doc("Calls before or after the window."))
    skipped: int = field(default=0, metadata=doc(
        "Lines that were no API call (`-` requests, TLS or HTTP/2 probes, `*` targets)."))
    unmatched: int = field(default=0, metadata=doc(
        "Calls in the window to paths that match no path of either document."))
    parameters_logged: bool = field(default=False, metadata=doc(
        "Whether the log shows query parameters (CLF always; other logs when a call shows one): "
        "only then are parameter changes narrowed to the customers who sent the parameter."))
    operations: list[OperationReach] = field(default_factory=list, metadata=doc(
        "Every operation a change names, with its callers, sorted by operation."))
    changes: list[ChangeReach] = field(default_factory=list, metadata=doc(
        "One entry per change of the report, in its order."))
    customers: list[CustomerReach] = field(default_factory=list, metadata=doc(
        "Every customer some change reaches, sorted: one notice each."))
    not_told: NotTold = field(default_factory=NotTold)
    uncalled: list[str] = field(default_factory=list, metadata=doc(
        "Changed operations no customer called in the window, sorted: their changes reach no one."))


@dataclass
class _Use:
    calls: int = 0
    last_us: int = 0
    params: set[str] = field(default_factory=set)


def operation_key(operation: str) -> tuple[str, str] | None:
    """("GET", "/pets/{}") of `GET /pets/{petId}`; None for a webhook or anything not
    "METHOD /path"."""
    method, _, path = operation.partition(" ")
    return (method.upper(), normalize_path(path)) if path.startswith("/") else None


def _param_name(logged: str) -> str:
    """A logged query parameter name as the spec names it: decoded, and `filter[name]`
    (deepObject, `ids[]`) as `filter`."""
    name = unquote_plus(logged)
    return name.split("[", 1)[0] if "[" in name[1:] else name


def narrowed_to(change: Change) -> str | None:
    """The query parameter whose senders alone `change` reaches, or None (every caller)."""
    facts = change.facts if isinstance(change.facts, Mapping) else None
    if facts is None:
        return None  # read back from JSON: the facts are not there, so nothing is narrowed
    if change.rule in SENDERS_ONLY:
        where, name = facts.get("where"), facts.get("name")
    elif change.rule in SCHEMA_SENDERS_ONLY:
        target = facts.get("target")
        if getattr(target, "part", None) != "parameter":
            return None
        where, name = getattr(target, "where", None), getattr(target, "name", None)
    else:
        return None
    return str(name) if where == "query" and isinstance(name, str) and name else None


def reach(report: Report, templates: Templates, requests: Requests, *,
          window: Window | None = None) -> Reach:
    """Whom each change of `report` reaches, from the aggregated calls of `requests` (see the
    module); `templates` are the spec's paths the logged paths are matched to (unless
    `requests` was read by template already), `window` the window the calls were read in
    (recorded in the result)."""
    uses: dict[tuple[str, str], dict[str, _Use]] = {}
    seen: set[str] = set()
    matched: dict[str, str | None] = {}
    unmatched = requests.unmatched
    for t in requests.tallies:
        seen.add(t.customer)
        if requests.matched:  # read by template already (`read_requests(match=...)`)
            template: str | None = t.path
        elif t.path in matched:
            template = matched[t.path]
        else:
            template = matched[t.path] = templates.match(t.path)
        if template is None:
            unmatched += t.calls
            continue
        use = uses.setdefault((t.method, normalize_path(template)), {}).setdefault(t.customer, _Use())
        use.calls += t.calls
        use.last_us = max(use.last_us, t.last_us)
        use.params.update(_param_name(p) for p in t.params)
    logged = requests.format == "clf" or any(t.params for t in requests.tallies)

    entries: list[ChangeReach] = []
    operations: dict[str, tuple[str, str] | None] = {}
    for index, change in enumerate(report.changes):
        key = operation_key(change.operation) if change.operation else None
        base = {"change": index, "rule": change.rule, "operation": change.operation,
                "location": change.location}
        if key is None:
            entries.append(ChangeReach(**base, because="seen", customers=sorted(seen)))
            continue
        operations[change.operation] = key  # type: ignore[index]
        callers = uses.get(key, {})
        parameter = narrowed_to(change) if logged else None
        if parameter is None:
            entries.append(ChangeReach(**base, because="called", customers=sorted(callers)))
        else:
            senders = sorted(c for c, u in callers.items() if parameter in u.params)
            entries.append(ChangeReach(**base, because="sent", parameter=parameter, customers=senders))

    per_operation = []
    for operation, key in sorted(operations.items()):
        callers = uses.get(key, {})  # type: ignore[arg-type]
        listed = sorted((Caller(customer=c, calls=u.calls, last_call=from_us(u.last_us))
                         for c, u in callers.items()), key=lambda c: (-c.calls, c.customer))
        per_operation.append(OperationReach(operation=operation, calls=sum(c.calls for c in listed),
                                            callers=listed))
    return Reach(log=requests.name, window=_window(window), calls=requests.calls,
                 anonymous=requests.anonymous, outside=requests.outside, skipped=requests.skipped,
                 unmatched=unmatched, parameters_logged=logged, operations=per_operation,
                 changes=entries, customers=_customers(entries, operations, uses),
                 not_told=_not_told(entries, seen),
                 uncalled=[o.operation for o in per_operation if not o.callers])


def _window(window: Window | None) -> CallWindow:
    return CallWindow(since=window.since, until=window.until) if window else CallWindow()


def _customers(entries: list[ChangeReach], operations: Mapping[str, tuple[str, str] | None],
               uses: Mapping[tuple[str, str], Mapping[str, _Use]]) -> list[CustomerReach]:
    told: dict[str, list[ChangeReach]] = {}
    for entry in entries:
        for customer in entry.customers:
            told.setdefault(customer, []).append(entry)
    out = []
    for customer, reached in sorted(told.items()):
        ops = sorted({e.operation for e in reached if e.operation and e.because != "seen"})
        used = [uses[k][customer] for k in {operations[o] for o in ops} if k and customer in uses.get(k, {})]
        out.append(CustomerReach(customer=customer, changes=[e.change for e in reached], operations=ops,
                                 calls=sum(u.calls for u in used),
                                 last_call=from_us(max(u.last_us for u in used)) if used else None))
    return out


def _not_told(entries: list[ChangeReach], seen: set[str]) -> NotTold:
    rest = sorted(seen - {c for e in entries for c in e.customers})
    return NotTold(count=len(rest), customers=rest)


def changes_for(reach: Reach, report: Report, customer: str) -> list[Change]:
    """The changes of `report` that reach `customer`, in report order: what their notice
    tells. `report` may be the one `reach` was computed from or a selection of it (e.g. only
    warnings and worse): changes are matched by rule, operation and location."""
    keys = {(e.rule, e.operation, e.location) for e in reach.changes if customer in e.customers}
    return [c for c in report.changes if (c.rule, c.operation, c.location) in keys]


def customers_of(reach: Reach) -> dict[str, list[int]]:
    """customer -> the indexes of the report's changes that reach them."""
    return {c.customer: list(c.changes) for c in reach.customers}


__all__ = [
    "CallWindow",
    "Caller",
    "ChangeReach",
    "CustomerReach",
    "NotTold",
    "OperationReach",
    "Reach",
    "changes_for",
    "customers_of",
    "narrowed_to",
    "operation_key",
    "reach",
]
