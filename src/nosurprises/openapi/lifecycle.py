"""Deprecation, sunset dates and stability levels of operations.

An operation is deprecated by `deprecated: true` or by a documented `Deprecation` response
header (RFC 9745). A sunset date comes from `x-sunset` on the operation, or from a
documented `Sunset` response header (RFC 8594) whose example or default carries the date. Stability comes
from `x-stability-level` (draft < alpha < beta < stable): changes to draft and alpha
operations are info, to beta ones at most warning, as customers were told to expect them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from ..load import Node, Resolver
from ..model import Level

STABILITY_ORDER = {"draft": 0, "alpha": 1, "beta": 2, "stable": 3}
_CAPS = {"draft": Level.INFO, "alpha": Level.INFO, "beta": Level.WARNING}


def is_deprecated(resolver: Resolver, op: Node) -> bool:
    """`deprecated: true`, or a documented `Deprecation` response header (RFC 9745)."""
    if not isinstance(op.value, dict):
        return False
    return op.value.get("deprecated") is True or bool(_documented_headers(resolver, op, "deprecation"))


def stability(op: Node) -> str | None:
    value = op.value.get("x-stability-level") if isinstance(op.value, dict) else None
    return value if isinstance(value, str) and value in STABILITY_ORDER else None


def stability_cap(op: Node) -> Level | None:
    """The most severe level a change to this operation can have, given its stability."""
    level = stability(op)
    return _CAPS.get(level) if level else None


def sunset(resolver: Resolver, op: Node) -> dt.date | None:
    """The announced removal date, if the document states one we can read."""
    if not isinstance(op.value, dict):
        return None
    date = parse_date(op.value.get("x-sunset"))
    if date is not None:
        return date
    for header in _documented_headers(resolver, op, "sunset"):
        for candidate in _header_values(resolver, header):
            date = parse_date(candidate)
            if date is not None:
                return date
    return None


def _documented_headers(resolver: Resolver, op: Node, wanted: str) -> list[Node]:
    """The response headers named `wanted` (case-blind) that the operation documents."""
    responses = op.value.get("responses") if isinstance(op.value, dict) else None
    if not isinstance(responses, dict):
        return []
    found = []
    for status in sorted(responses, key=str):
        raw = responses[status]
        if isinstance(raw, dict) and not _documents(resolver, op, status, raw, wanted):
            continue  # the common case, decided without building nodes
        headers = resolver.deref(op.child("responses").child(status)).child("headers")
        if isinstance(headers.value, dict):
            found += [resolver.deref(headers.child(name)) for name in sorted(headers.value, key=str)
                      if str(name).lower() == wanted]
    return found


def _documents(resolver: Resolver, op: Node, status: Any, response: dict[str, Any], wanted: str) -> bool:
    """Whether a response documents header `wanted`. A shared (`$ref`) response is resolved once
    per document and its header names remembered, since many operations point at the same one."""
    ref = response.get("$ref")
    if not isinstance(ref, str):
        return wanted in _names(response)
    key = ("response-headers", id(op.doc), ref)
    names = resolver.memo.get(key)
    if names is None:
        target = resolver.deref(op.child("responses").child(status)).value
        names = resolver.memo[key] = frozenset(_names(target)) if isinstance(target, dict) else frozenset()
    return wanted in names


def _names(response: dict[str, Any]) -> Iterator[str]:
    headers = response.get("headers")
    return (str(k).lower() for k in headers) if isinstance(headers, dict) else iter(())


def _header_values(resolver: Resolver, header: Node) -> list[Any]:
    """Where a documented header can carry its value: examples, a default, a const, an enum
    of one (`$ref`s are followed, as a shared `Sunset` header usually lives in components).
    """
    if not isinstance(header.value, dict):
        return []
    schema = resolver.deref(header.child("schema")).value
    schema = schema if isinstance(schema, dict) else {}
    values = [header.value.get("example"), schema.get("example"), schema.get("default"),
              schema.get("const")]
    examples = header.child("examples")
    if isinstance(examples.value, dict):
        for key in sorted(examples.value, key=str):
            example = resolver.deref(examples.child(key)).value
            if isinstance(example, dict):
                values.append(example.get("value"))
    for listed in (schema.get("examples"), schema.get("enum")):
        if isinstance(listed, list) and len(listed) == 1:
            values.append(listed[0])
    return values


def parse_date(value: Any) -> dt.date | None:
    """ISO dates, RFC 3339 timestamps and HTTP-dates (the `Sunset` header's format)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime  # an HTTP date: rare, and a 9 ms import

    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


def unreadable_sunset(old: dict[str, Any], new: dict[str, Any]) -> Any:
    """The new `x-sunset` when it is there, not a date, and not the old one's (an error told
    once, where it was made), else None. For operations, parameters and properties."""
    raw = new.get("x-sunset")
    return raw if raw is not None and raw != old.get("x-sunset") and parse_date(raw) is None \
        else None


def sunset_due(kw: dict[str, Any], today: dt.date) -> str | None:
    """The sunset date of something deprecated when it has not passed yet, ISO (or as
    written when it cannot be read: nothing then shows the promise was kept), else None."""
    raw = kw.get("x-sunset") if kw.get("deprecated") is True else None
    if raw is None:
        return None
    date = parse_date(raw)
    if date is None:
        return str(raw)
    return date.isoformat() if date > today else None
