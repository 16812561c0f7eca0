"""Checks of a schema's own keywords: formats, patterns, enums, bounds and flags.

Pure functions over two keyword dicts (old, new) that yield `SchemaFinding`s; the walk over
properties, items and alternatives lives in `schema.py`. Split out because these checks are
many and independent of how schemas are reached.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from fractions import Fraction
from typing import Any, Literal

import orjson

from ..model import Level
from ..words import Code
from .findings import SchemaFinding
from .lifecycle import STABILITY_ORDER, unreadable_sunset
from .rules import (
    CONST_CHANGED,
    CONTENT_ENCODING_CHANGED,
    CONTENT_MEDIA_TYPE_CHANGED,
    DEFAULT_CHANGED,
    DEFAULT_REMOVED,
    DEPENDENT_REQUIRED_ADDED,
    DEPENDENT_REQUIRED_REMOVED,
    ENUM_ADDED,
    ENUM_REMOVED,
    ENUM_VALUE_ADDED,
    ENUM_VALUE_REMOVED,
    FORMAT_ADDED,
    FORMAT_CHANGED,
    FORMAT_REMOVED,
    MAX_CONTAINS_DECREASED,
    MAX_CONTAINS_INCREASED,
    MAX_ITEMS_DECREASED,
    MAX_ITEMS_INCREASED,
    MAX_LENGTH_DECREASED,
    MAX_LENGTH_INCREASED,
    MAX_PROPERTIES_DECREASED,
    MAX_PROPERTIES_INCREASED,
    MAXIMUM_DECREASED,
    MAXIMUM_INCREASED,
    MIN_CONTAINS_DECREASED,
    MIN_CONTAINS_INCREASED,
    MIN_ITEMS_DECREASED,
    MIN_ITEMS_INCREASED,
    MIN_LENGTH_DECREASED,
    MIN_LENGTH_INCREASED,
    MIN_PROPERTIES_DECREASED,
    MIN_PROPERTIES_INCREASED,
    MINIMUM_DECREASED,
    MINIMUM_INCREASED,
    MULTIPLE_OF_CHANGED,
    NOT_ADDED,
    NOT_CHANGED,
    NOT_REMOVED,
    PATTERN_ADDED,
    PATTERN_CHANGED,
    PATTERN_REMOVED,
    READ_ONLY_ADDED,
    READ_ONLY_REMOVED,
    SCHEMA_DEPRECATED,
    STABILITY_DECREASED,
    STABILITY_INCREASED,
    SUNSET_UNREADABLE,
    UNIQUE_ITEMS_ADDED,
    UNIQUE_ITEMS_REMOVED,
    WRITE_ONLY_ADDED,
    WRITE_ONLY_REMOVED,
)

REQUEST, RESPONSE = "request", "response"

Where = Callable[..., tuple[str, Literal["old", "new"]]]
"""Where a keyword is written, given its names in order of preference: (pointer, document).

The schemas compared are views (`schema.View`): a keyword may come from a `$ref` target or
an allOf member, and one only the old schema has (a removed `format`) is in the old
document. The checks here see only keyword dicts, so the caller says where each one is."""


def show(value: Any) -> str:
    if isinstance(value, frozenset | set):
        value = sorted(value)
        if len(value) == 1:
            value = value[0]
    try:
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS | orjson.OPT_SORT_KEYS).decode()
    except TypeError:
        return repr(value)



_KEYWORDS = ("format", "pattern", "const", "default", "multipleOf", "not", "contentMediaType",
             "contentEncoding")
KEYWORD_KEYS = frozenset(_KEYWORDS) | {"uniqueItems", "deprecated", "readOnly", "writeOnly",
                                       "dependentRequired", "x-stability-level", "x-sunset"}
_CONTENT_KINDS = {"contentMediaType": CONTENT_MEDIA_TYPE_CHANGED,
                  "contentEncoding": CONTENT_ENCODING_CHANGED}

_WIDER_FORMATS = {("int32", "int64"), ("float", "double"), ("int32", "double")}
"""(narrower, wider) number formats where every value of the first is exactly a value of
the second."""


def _format_cap(old: Any, new: Any, d: str) -> Level | None:
    """Info when a changed format only widens what requests may send (int32 to int64: every
    value clients send today is still accepted) or only narrows what responses return (int64
    to int32: every value received fits the readers clients have)."""
    if not (isinstance(old, str) and isinstance(new, str)):
        return None
    pair = (old.lower(), new.lower())
    widened = pair in _WIDER_FORMATS
    narrowed = pair[::-1] in _WIDER_FORMATS
    if (d == REQUEST and widened) or (d == RESPONSE and narrowed):
        return Level.INFO
    return None


_ANYTHING = frozenset({"", ".*", "^.*$", "^.*", ".*$", "(.*)", "^(.*)$", "[\\s\\S]*", "^[\\s\\S]*$"})


def _matches_anything(pattern: Any) -> bool:
    """A pattern that every string matches (`.*`): it constrains nothing (`.` skips line
    ends, but a pattern is searched, not anchored, so `.*` still finds its empty match)."""
    return isinstance(pattern, str) and pattern in _ANYTHING


def _same_format(old: Any, new: Any) -> bool:
    """Formats are names from a registry that are compared without regard to case
    (`date-time` and `Date-Time` are one format; tools lower-case them)."""
    return isinstance(old, str) and isinstance(new, str) and old.lower() == new.lower()
ENUM_KEYS = frozenset({"enum", "x-extensible-enum", "const"})


def _multiple_of_cap(old: Any, new: Any, d: str) -> Level | None:
    """Info when the new step only loosens (requests) or only tightens (responses).

    Every multiple of 10 is a multiple of 5: going from 10 to 5 rejects no request that
    worked, and going from 5 to 10 sends clients no value they did not handle. A step
    added or removed loosens or tightens like a step of 0 or "any".
    """
    o, n = _fraction(old), _fraction(new)
    if d == REQUEST:
        looser = n is None or (o is not None and n != 0 and (o / n).denominator == 1)
        return Level.INFO if looser else None
    tighter = o is None or (n is not None and o != 0 and (n / o).denominator == 1)
    return Level.INFO if tighter else None


def _fraction(value: Any) -> Fraction | None:
    """An exact number from YAML/JSON (via its text, so 0.1 stays one tenth)."""
    number = _number(value)
    return None if number is None else Fraction(str(number))


def keyword_changes(o: dict[str, Any], n: dict[str, Any], d: str, place: Where
                    ) -> Iterator[SchemaFinding]:
    for key in _KEYWORDS:
        ov, nv = o.get(key), n.get(key)
        if ov == nv and type(ov) is type(nv):
            continue
        if key == "format" and _same_format(ov, nv):
            continue
        where, document = place(key)
        if key == "format":
            kind = FORMAT_CHANGED if ov is not None and nv is not None else (
                FORMAT_ADDED if nv is not None else FORMAT_REMOVED)
        elif key == "pattern":
            # a pattern every string matches (`''`, `.*`) is as good as none
            ov = None if _matches_anything(ov) else ov
            nv = None if _matches_anything(nv) else nv
            if ov is None and nv is None:
                continue
            kind = PATTERN_CHANGED if ov is not None and nv is not None else (
                PATTERN_ADDED if nv is not None else PATTERN_REMOVED)
        elif key == "const":
            kind = CONST_CHANGED if ov is not None and nv is not None else (
                ENUM_ADDED if nv is not None else ENUM_REMOVED)
            if kind != CONST_CHANGED:
                ov, nv = ([ov] if ov is not None else None), ([nv] if nv is not None else None)
        elif key == "default":
            if nv is None:
                kind = DEFAULT_REMOVED
            elif ov is None:
                continue  # a new default only documents what omission already meant
            else:
                kind = DEFAULT_CHANGED
        elif key == "multipleOf":
            kind = MULTIPLE_OF_CHANGED
        elif key in _CONTENT_KINDS:
            kind = _CONTENT_KINDS[key]
        else:  # `not`: a constraint that excludes what its schema matches
            kind = NOT_CHANGED if ov is not None and nv is not None else (
                NOT_ADDED if nv is not None else NOT_REMOVED)
        cap = (_multiple_of_cap(ov, nv, d) if key == "multipleOf" else
               _format_cap(ov, nv, d) if kind is FORMAT_CHANGED else None)
        # a pattern or a media type is shown as written, as code: not JSON-quoted
        as_written = key in ("pattern", "contentMediaType", "contentEncoding") and isinstance(
            ov if ov is not None else nv, str)
        yield SchemaFinding(kind, (), where,
                            before=None if ov is None else Code(ov) if as_written else show(ov),
                            after=None if nv is None else Code(nv) if as_written else show(nv),
                            cap=cap, document=document)
    if "x-stability-level" in o or "x-stability-level" in n:
        yield from _stability(o, n, place)
    sunset_text = unreadable_sunset(o, n)
    if sunset_text is not None:
        where, document = place("x-sunset")
        yield SchemaFinding(SUNSET_UNREADABLE, (), where, after=Code(str(sunset_text)), document=document)
    if "dependentRequired" in o or "dependentRequired" in n:
        yield from _dependent_required(o.get("dependentRequired"), n.get("dependentRequired"),
                                       place)
    for key, added, removed in (("uniqueItems", UNIQUE_ITEMS_ADDED, UNIQUE_ITEMS_REMOVED),
                                ("deprecated", SCHEMA_DEPRECATED, None),
                                ("readOnly", READ_ONLY_ADDED, READ_ONLY_REMOVED),
                                ("writeOnly", WRITE_ONLY_ADDED, WRITE_ONLY_REMOVED)):
        was, now = o.get(key) is True, n.get(key) is True
        kind = added if now and not was else removed if was and not now else None
        if kind is not None:
            where, document = place(key)
            yield SchemaFinding(kind, (), where, document=document)


def _dependent_required(old: Any, new: Any, place: Where) -> Iterator[SchemaFinding]:
    """`dependentRequired: {name: [email]}`: when `name` is sent, so must `email` be.

    Told per property that triggers a requirement and per property it newly requires or no
    longer requires, so a list that changed says both what came and what went."""
    om = old if isinstance(old, dict) else {}
    nm = new if isinstance(new, dict) else {}
    for trigger in sorted(om.keys() | nm.keys(), key=str):
        before, after = _names(om.get(trigger)), _names(nm.get(trigger))
        gained, lost = sorted(after - before), sorted(before - after)
        if gained:
            where, document = place("dependentRequired")
            yield SchemaFinding(DEPENDENT_REQUIRED_ADDED, (), where, after=show(frozenset(gained)),
                                value=Code(str(trigger)), document=document)
        if lost:
            where, document = place("dependentRequired")
            yield SchemaFinding(DEPENDENT_REQUIRED_REMOVED, (), where, before=show(frozenset(lost)),
                                value=Code(str(trigger)), document=document)


def _stability(o: dict[str, Any], n: dict[str, Any], place: Where) -> Iterator[SchemaFinding]:
    """A property's own `x-stability-level` (draft < alpha < beta < stable; none, or one
    that is no level, is stable), as an operation's."""
    was, now = _level(o), _level(n)
    if was == now:
        return
    kind = STABILITY_DECREASED if STABILITY_ORDER[now] < STABILITY_ORDER[was] else STABILITY_INCREASED
    where, document = place("x-stability-level")
    yield SchemaFinding(kind, (), where, before=was, after=now, document=document)


def _level(kw: dict[str, Any]) -> str:
    level = kw.get("x-stability-level")
    return level if isinstance(level, str) and level in STABILITY_ORDER else "stable"


def _names(value: Any) -> frozenset[str]:
    return frozenset(v for v in value if isinstance(v, str)) if isinstance(value, list) else frozenset()


def _enum_values(kw: dict[str, Any]) -> tuple[list[Any] | None, bool]:
    """The listed values and whether the list is open (clients must accept unknown values).

    Zalando's `x-extensible-enum: [a, b]` lists values in place of `enum`; some vendors
    instead flag an `enum` with `x-extensible-enum: true`. Both mean the same contract.
    """
    ext = kw.get("x-extensible-enum")
    if isinstance(ext, list):
        return ext, True
    enum = kw.get("enum")
    return (enum if isinstance(enum, list) else None), ext is True


def enum_changes(o: dict[str, Any], n: dict[str, Any], d: str, place: Where
                 ) -> Iterator[SchemaFinding]:
    (oe, o_open), (ne, n_open) = _enum_values(o), _enum_values(n)
    if oe == ne and o_open == n_open:
        return
    where, document = (place("x-extensible-enum", "enum")
                       if isinstance(n.get("x-extensible-enum"), list) else
                       place("enum", "x-extensible-enum"))
    if ne is not None and (oe is None or (o_open and not n_open)):
        if not n_open:
            yield SchemaFinding(ENUM_ADDED, (), where, after=show(ne), document=document)
        if oe is None:
            return
    elif oe is not None and (ne is None or (n_open and not o_open)):
        if not o_open:
            yield SchemaFinding(ENUM_REMOVED, (), where, before=show(oe), document=document)
        if ne is None:
            return
    assert oe is not None and ne is not None
    old_keys = {show(v) for v in oe}
    new_keys = {show(v) for v in ne}
    for value in sorted(old_keys - new_keys):
        yield SchemaFinding(ENUM_VALUE_REMOVED, (), where, value=value, document=document)
    if n_open and d == RESPONSE:
        return  # an open list tells clients to expect values they do not know
    for value in sorted(new_keys - old_keys):
        yield SchemaFinding(ENUM_VALUE_ADDED, (), where, value=value, document=document)


# (keyword, kind when it tightens, kind when it loosens, larger-is-looser)
_BOUNDS = (
    ("maximum", MAXIMUM_DECREASED, MAXIMUM_INCREASED, True),
    ("minimum", MINIMUM_INCREASED, MINIMUM_DECREASED, False),
    ("maxLength", MAX_LENGTH_DECREASED, MAX_LENGTH_INCREASED, True),
    ("minLength", MIN_LENGTH_INCREASED, MIN_LENGTH_DECREASED, False),
    ("maxItems", MAX_ITEMS_DECREASED, MAX_ITEMS_INCREASED, True),
    ("minItems", MIN_ITEMS_INCREASED, MIN_ITEMS_DECREASED, False),
    ("maxProperties", MAX_PROPERTIES_DECREASED, MAX_PROPERTIES_INCREASED, True),
    ("minProperties", MIN_PROPERTIES_INCREASED, MIN_PROPERTIES_DECREASED, False),
    ("maxContains", MAX_CONTAINS_DECREASED, MAX_CONTAINS_INCREASED, True),
    ("minContains", MIN_CONTAINS_INCREASED, MIN_CONTAINS_DECREASED, False),
)
BOUND_KEYS = frozenset({key for key, *_ in _BOUNDS} | {"exclusiveMaximum", "exclusiveMinimum"})


def _number(value: Any) -> float | int | None:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def _bound(kw: dict[str, Any], key: str) -> tuple[float | int, bool] | None:
    """A bound as (value, exclusive), reading 3.0 boolean and 3.1 numeric exclusive forms."""
    value = _number(kw.get(key))
    exclusive_key = {"maximum": "exclusiveMaximum", "minimum": "exclusiveMinimum"}.get(key)
    if exclusive_key is None:
        return None if value is None else (value, False)
    ex = kw.get(exclusive_key)
    if isinstance(ex, bool):
        return None if value is None else (value, ex)
    ex_value = _number(ex)
    if ex_value is not None and (value is None or
                                 (ex_value <= value if key == "maximum" else ex_value >= value)):
        return ex_value, True
    return None if value is None else (value, False)


_EXCLUSIVE = {"maximum": "exclusiveMaximum", "minimum": "exclusiveMinimum"}


def bound_changes(o: dict[str, Any], n: dict[str, Any], place: Where) -> Iterator[SchemaFinding]:
    for key, tighter, looser, larger_is_looser in _BOUNDS:
        ob, nb = _bound(o, key), _bound(n, key)
        if ob == nb:
            continue
        if nb is None:
            tightened = False
        elif ob is None:
            tightened = True
        elif ob[0] != nb[0]:
            tightened = (nb[0] < ob[0]) == larger_is_looser
        else:
            tightened = nb[1] and not ob[1]
        kind = tighter if tightened else looser
        if kind is None:
            continue
        # a 3.1 bound may be written as `exclusiveMaximum` alone
        where, document = place(key, _EXCLUSIVE[key]) if key in _EXCLUSIVE else place(key)
        yield SchemaFinding(kind, (), where, before=_show_bound(ob, key),
                            after=_show_bound(nb, key), document=document)


def _show_bound(bound: tuple[float | int, bool] | None, key: str) -> str:
    if bound is None:
        return "no limit"
    value, exclusive = bound
    return f"{value} (exclusive)" if exclusive else str(value)
