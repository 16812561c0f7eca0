"""Comparison of one operation present in both documents: lifecycle, parameters, bodies,
responses and headers. Security and servers live in their own modules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any, Literal

from ..finding import Finding, milder
from ..load import Node
from ..model import Level
from ..rule import Rule
from ..words import Code, Place, Term
from .document import Operation, Spec
from .findings import SchemaFinding
from .keywords import show
from .lifecycle import (
    STABILITY_ORDER,
    is_deprecated,
    parse_date,
    stability,
    stability_cap,
    sunset,
    sunset_due,
    unreadable_sunset,
)
from .rules import (
    OPERATION_DEPRECATED,
    OPERATION_DOCUMENTATION_CHANGED,
    OPERATION_ID_CHANGED,
    OPERATION_REACTIVATED,
    OPERATION_REMOVED,
    OPERATION_REMOVED_BEFORE_SUNSET,
    OPERATION_REMOVED_WITHOUT_DEPRECATION,
    OPERATION_STABILITY_DECREASED,
    OPERATION_STABILITY_INCREASED,
    OPERATION_STABILITY_INVALID,
    OPERATION_SUNSET_ADDED,
    OPERATION_SUNSET_EARLIER,
    OPERATION_SUNSET_LATER,
    OPERATION_SUNSET_UNREADABLE,
    OPERATION_TAGS_CHANGED,
    PARAMETER_ADDED_OPTIONAL,
    PARAMETER_ADDED_REQUIRED,
    PARAMETER_BECAME_OPTIONAL,
    PARAMETER_BECAME_REQUIRED,
    PARAMETER_DEPRECATED,
    PARAMETER_DOCUMENTATION_CHANGED,
    PARAMETER_REACTIVATED,
    PARAMETER_REMOVED,
    PARAMETER_REMOVED_BEFORE_SUNSET,
    PARAMETER_SERIALIZATION_CHANGED,
    PARAMETER_SUNSET_EARLIER,
    PARAMETER_SUNSET_LATER,
    PARAMETER_SUNSET_UNREADABLE,
    PATH_PARAMETER_RENAMED,
    REQUEST_BODY_ADDED_OPTIONAL,
    REQUEST_BODY_ADDED_REQUIRED,
    REQUEST_BODY_BECAME_OPTIONAL,
    REQUEST_BODY_BECAME_REQUIRED,
    REQUEST_BODY_MEDIA_TYPE_ADDED,
    REQUEST_BODY_MEDIA_TYPE_REMOVED,
    REQUEST_BODY_REMOVED,
    RESPONSE_ERROR_STATUS_ADDED,
    RESPONSE_ERROR_STATUS_REMOVED,
    RESPONSE_HEADER_ADDED,
    RESPONSE_HEADER_BECAME_OPTIONAL,
    RESPONSE_HEADER_BECAME_REQUIRED,
    RESPONSE_MEDIA_TYPE_ADDED,
    RESPONSE_MEDIA_TYPE_REMOVED,
    RESPONSE_OPTIONAL_HEADER_REMOVED,
    RESPONSE_REQUIRED_HEADER_REMOVED,
    RESPONSE_SUCCESS_STATUS_ADDED,
    RESPONSE_SUCCESS_STATUS_REMOVED,
    SCHEMA_ADDED,
    SCHEMA_REMOVED,
    TYPE_CHANGED,
    TYPE_WIDENED,
)
from .sameness import Sameness
from .schema import REQUEST, RESPONSE, SchemaComparer

_STYLE_DEFAULTS = {"query": "form", "cookie": "form", "path": "simple", "header": "simple"}


@dataclass
class Context:
    """Everything one comparison of two documents shares."""

    old: Spec
    new: Spec
    schemas: SchemaComparer
    same: Sameness
    today: dt.date


def schema_findings(ctx: Context, old: Node, new: Node, direction: str, where: Place,
                    op: str | None) -> Iterator[Finding]:
    """Schema changes as operation findings; `where` says which part of the operation."""
    for sf in ctx.schemas.compare(old, new, direction):
        yield _from_schema(sf, direction, where, op)


def _from_schema(sf: SchemaFinding, direction: str, where: Place, op: str | None) -> Finding:
    # spelt out rather than `dataclasses.replace`: this runs per operation and schema change
    target = Place(where.part, op, where.where, where.name, where.status, where.media,
                   where.file, _show_path(sf.path))
    rule = sf.kind.rule(direction)
    before, after, absent = sf.before, sf.after, sf.kind.absent
    if absent is not None:  # "from nothing to base64", while the JSON says null
        before = Term(absent) if before is None else before
        after = Term(absent) if after is None else after
    return Finding(rule, sf.location, op,
                   {"target": target, "before": before, "after": after, "value": sf.value,
                    "step": sf.path[-1] if sf.path else None},
                   sf.before, sf.after, sf.cap,
                   document=sf.document if sf.document != rule.document else None)


def _field(rule: Rule, o: Node, n: Node, key: str
           ) -> tuple[str, Literal["old", "new"] | None]:
    """Where a field of an object in both documents is told: (pointer, document or None for
    the rule's own).

    The new object's field when it writes one; else the old one's, which alone has it (a
    `required: true` left out, which means false); else, when neither writes it (a default
    such as `style: form` read on both sides), the new object itself: the field is nowhere,
    and its object is the nearest place that is.
    """
    if isinstance(n.value, dict) and key in n.value:
        ptr, document = n.child(key).ptr, "new"
    elif isinstance(o.value, dict) and key in o.value:
        ptr, document = o.child(key).ptr, "old"
    else:
        ptr, document = n.ptr, "new"
    return ptr, None if document == rule.document else document


def _show_path(path: tuple[str, ...]) -> str:
    text = ""
    for step in path:
        text += step if step.startswith("[") or not text else f".{step}"
    return text


def removed_operation(ctx: Context, op: Operation) -> Finding:
    """Removal is worse when nobody was warned, or when it comes before the promised date."""
    if not is_deprecated(ctx.old.resolver, op.node):
        rule, params = OPERATION_REMOVED_WITHOUT_DEPRECATION, {}
    else:
        date = sunset(ctx.old.resolver, op.node)
        if date is not None and date > ctx.today:
            rule, params = OPERATION_REMOVED_BEFORE_SUNSET, {"sunset": date.isoformat()}
        else:
            rule, params = OPERATION_REMOVED, {}
    return Finding(rule, op.node.ptr, op.label, params)


def compare_operation(ctx: Context, o: Operation, n: Operation, *, webhook: bool = False
                      ) -> Iterator[Finding]:
    """Every change of an operation present in both documents.

    For a webhook the provider sends the request and the customer answers, so the
    directions swap: the body it sends is what the customer *receives*.
    """
    into, out = (RESPONSE, REQUEST) if webhook else (REQUEST, RESPONSE)
    yield from _lifecycle(ctx, o, n)
    yield from _path_renames(o, n)
    yield from _parameters(ctx, o, n, into)
    yield from _request_body(ctx, o, n, into)
    yield from _responses(ctx, o, n, out)


def _lifecycle(ctx: Context, o: Operation, n: Operation) -> Iterator[Finding]:
    label, at = n.label, n.node.ptr
    ov, nv = o.node.value, n.node.value
    if is_deprecated(ctx.new.resolver, n.node) and not is_deprecated(ctx.old.resolver, o.node):
        yield Finding(OPERATION_DEPRECATED,
                      f"{at}/deprecated" if nv.get("deprecated") is True else at, label)
    elif is_deprecated(ctx.old.resolver, o.node) and not is_deprecated(ctx.new.resolver, n.node):
        yield Finding(OPERATION_REACTIVATED, at, label)
    os_, ns = sunset(ctx.old.resolver, o.node), sunset(ctx.new.resolver, n.node)
    if ns is not None and os_ is None:
        yield Finding(OPERATION_SUNSET_ADDED, at, label, {"after": ns.isoformat()},
                      None, ns.isoformat())
    elif ns is not None and os_ is not None and ns != os_:
        rule = OPERATION_SUNSET_EARLIER if ns < os_ else OPERATION_SUNSET_LATER
        yield Finding(rule, at, label, {"before": os_.isoformat(), "after": ns.isoformat()},
                      os_.isoformat(), ns.isoformat())
    elif os_ is not None and ns is None and is_deprecated(ctx.new.resolver, n.node):
        # No removal date any more: customers get more time (the catalog has no rule of
        # its own for this; "later" is what it means to them).
        yield Finding(OPERATION_SUNSET_LATER, at, label,
                      {"before": os_.isoformat(), "after": Term("no-date")}, os_.isoformat(), None)
    raw = unreadable_sunset(ov, nv)
    if raw is not None:
        yield Finding(OPERATION_SUNSET_UNREADABLE, f"{at}/x-sunset", label,
                      {"value": Code(str(raw))}, None, raw)
    level = nv.get("x-stability-level")
    if level is not None and stability(n.node) is None and level != ov.get("x-stability-level"):
        yield Finding(OPERATION_STABILITY_INVALID, f"{at}/x-stability-level", label,
                      {"value": Code(str(level))}, None, level)
    o_st, n_st = stability(o.node) or "stable", stability(n.node) or "stable"
    if o_st != n_st:
        rule = (OPERATION_STABILITY_DECREASED
                if STABILITY_ORDER[n_st] < STABILITY_ORDER[o_st]
                else OPERATION_STABILITY_INCREASED)
        where, document = _field(rule, o.node, n.node, "x-stability-level")
        yield Finding(rule, where, label, {"before": o_st, "after": n_st}, o_st, n_st,
                      document=document)
    if ov.get("operationId") != nv.get("operationId") and ov.get("operationId") is not None:
        where, document = _field(OPERATION_ID_CHANGED, o.node, n.node, "operationId")
        yield Finding(OPERATION_ID_CHANGED, where, label,
                      {"before": ov.get("operationId"), "after": nv.get("operationId")},
                      ov.get("operationId"), nv.get("operationId"), document=document)
    for field in ("summary", "description"):
        if ov.get(field) != nv.get(field):
            where, document = _field(OPERATION_DOCUMENTATION_CHANGED, o.node, n.node, field)
            yield Finding(OPERATION_DOCUMENTATION_CHANGED, where, label,
                          {"field": field}, ov.get(field), nv.get(field), document=document)
    before, after = _tags(ov), _tags(nv)
    if sorted(map(str, before)) != sorted(map(str, after)):
        where, document = _field(OPERATION_TAGS_CHANGED, o.node, n.node, "tags")
        yield Finding(OPERATION_TAGS_CHANGED, where, label,
                      {"before": show(before), "after": show(after)}, before, after,
                      document=document)


def _tags(op: dict[str, Any]) -> list[Any]:
    tags = op.get("tags")
    return tags if isinstance(tags, list) else []


def _path_renames(o: Operation, n: Operation) -> Iterator[Finding]:
    for before, after in zip(o.path_names, n.path_names, strict=False):
        if before != after:
            yield Finding(PATH_PARAMETER_RENAMED, n.item.ptr, n.label,
                          {"before": Code(before), "after": Code(after)}, before, after)


def _parameters(ctx: Context, o: Operation, n: Operation, direction: str) -> Iterator[Finding]:
    same = ctx.same.same
    if (same(o.node.child("parameters"), n.node.child("parameters"))
            and same(o.item.child("parameters"), n.item.child("parameters"))):
        return
    label = n.label
    for key in sorted(o.params.keys() | n.params.keys()):
        op, np_ = o.params.get(key), n.params.get(key)
        if op is not None and np_ is None:
            if key[0] != "path":
                yield _removed_parameter(ctx, op, o.param_entries.get(key, op.ptr), label)
            continue
        if np_ is not None and op is None:
            if key[0] == "path":
                continue
            rule = (PARAMETER_ADDED_REQUIRED if np_.value.get("required") is True
                    else PARAMETER_ADDED_OPTIONAL)
            yield Finding(rule, n.param_entries.get(key, np_.ptr), label, _pfacts(np_),
                          cap=stability_cap(np_))
            continue
        assert op is not None and np_ is not None
        if ctx.same.same(op, np_):
            continue
        cap = stability_cap(op)  # the promise customers had: the old parameter's level
        for f in _paired_parameter(ctx, key, op, np_, label, direction):
            yield f if cap is None else replace(f, cap=milder(f.cap, cap))


def _paired_parameter(ctx: Context, key: tuple[str, str], op: Node, np_: Node, label: str,
                      direction: str) -> Iterator[Finding]:
    ov, nv, facts = op.value, np_.value, _pfacts(np_)
    was, now = ov.get("required") is True, nv.get("required") is True
    if was != now and key[0] != "path":
        rule = PARAMETER_BECAME_REQUIRED if now else PARAMETER_BECAME_OPTIONAL
        where, document = _field(rule, op, np_, "required")
        yield Finding(rule, where, label, facts, was, now, document=document)
    raw = unreadable_sunset(ov, nv)
    if raw is not None:
        yield Finding(PARAMETER_SUNSET_UNREADABLE, f"{np_.ptr}/x-sunset", label,
                      {**facts, "value": Code(str(raw))}, None, raw)
    yield from _parameter_sunset(op, np_, label, facts)
    if nv.get("deprecated") is True and ov.get("deprecated") is not True:
        yield Finding(PARAMETER_DEPRECATED, f"{np_.ptr}/deprecated", label, facts)
    elif ov.get("deprecated") is True and nv.get("deprecated") is not True:
        yield Finding(PARAMETER_REACTIVATED, np_.ptr, label, facts)
    for field, before, after in _serialization(ov, nv, key[0]):
        where, document = _field(PARAMETER_SERIALIZATION_CHANGED, op, np_, field)
        yield Finding(PARAMETER_SERIALIZATION_CHANGED, where, label,
                      {**facts, "field": field, "before": show(before), "after": show(after)},
                      before, after, document=document)
    if ov.get("description") != nv.get("description"):
        where, document = _field(PARAMETER_DOCUMENTATION_CHANGED, op, np_, "description")
        yield Finding(PARAMETER_DOCUMENTATION_CHANGED, where, label,
                      facts, ov.get("description"), nv.get("description"), document=document)
    where = Place("parameter", where=key[0], name=str(nv["name"]))
    if "schema" in ov or "schema" in nv:
        found = schema_findings(ctx, op.child("schema"), np_.child("schema"), direction,
                                where, label)
        if _exploded(nv, key[0]) and _one_value_still_fits(ctx, op, np_):
            found = (_as_widened(f) if f.rule is TYPE_CHANGED.request_rule
                     and not f.facts["target"].path else f for f in found)
        yield from found
    yield from _content(ctx, op.child("content"), np_.child("content"), direction, where,
                        label, media_rules=None)


def _parameter_sunset(op: Node, np_: Node, label: str, facts: dict[str, Any]
                      ) -> Iterator[Finding]:
    """A kept parameter's sunset date moved (or, still deprecated, lost its date: later)."""
    was, now = parse_date(op.value.get("x-sunset")), parse_date(np_.value.get("x-sunset"))
    if was is None or was == now:
        return
    if now is None and np_.value.get("deprecated") is not True:
        return  # no longer deprecated: PARAMETER_REACTIVATED says so
    after = Term("no-date") if now is None else now.isoformat()
    rule = PARAMETER_SUNSET_EARLIER if now is not None and now < was else PARAMETER_SUNSET_LATER
    yield Finding(rule, f"{np_.ptr}/x-sunset" if now else np_.ptr, label,
                  {**facts, "before": was.isoformat(), "after": after}, was.isoformat(),
                  now.isoformat() if now else None)


def _removed_parameter(ctx: Context, op: Node, at: str, label: str) -> Finding:
    """A parameter gone: before the sunset date its deprecation announced, that promise is
    broken; otherwise customers may have their requests refused or the value ignored."""
    due = sunset_due(op.value, ctx.today)
    if due is not None:
        shown = due if parse_date(due) else Code(due)
        return Finding(PARAMETER_REMOVED_BEFORE_SUNSET, at, label, {**_pfacts(op), "date": shown},
                       due, None)
    return Finding(PARAMETER_REMOVED, at, label, _pfacts(op), cap=stability_cap(op))


def _exploded(p: dict[str, Any], where: str) -> bool:
    """Form style with explode: an array travels as `?x=a&x=b`, one value as `?x=a`."""
    style = p.get("style", _STYLE_DEFAULTS.get(where, "form"))
    return where in ("query", "cookie") and style == "form" and p.get("explode", True) is True


def _one_value_still_fits(ctx: Context, op: Node, np_: Node) -> bool:
    """A scalar parameter that became an array of the same values still accepts one value.

    On the wire every query value is text, so an array of strings accepts any scalar.
    """
    old = ctx.old.resolver.deref(op.child("schema")).value
    new = ctx.new.resolver.deref(np_.child("schema")).value
    if not isinstance(old, dict) or not isinstance(new, dict):
        return False
    old_types, new_types = _type_set(old), _type_set(new)
    if "array" not in new_types or "array" in old_types:
        return False
    items = ctx.new.resolver.deref(np_.child("schema").child("items")).value
    if isinstance(items, dict) and not items.keys() <= _UNCONSTRAINING:
        return False  # `items: {pattern: ...}` rejects values the old scalar took
    item_types = _type_set(items) if isinstance(items, dict) else set()
    return not item_types or "string" in item_types or old_types <= item_types


_UNCONSTRAINING = frozenset({"type", "description", "title", "example", "examples", "nullable"})


def _type_set(schema: dict[str, Any]) -> set[str]:
    kind = schema.get("type")
    names = {kind} if isinstance(kind, str) else {k for k in kind if isinstance(k, str)} \
        if isinstance(kind, list) else set()
    return names - {"null"}


def _as_widened(f: Finding) -> Finding:
    return replace(f, rule=TYPE_WIDENED.request_rule)


def _pfacts(p: Node) -> dict[str, Any]:
    return {"where": p.value.get("in"), "name": Code(p.value.get("name"))}


def _serialization(ov: dict[str, Any], nv: dict[str, Any], where: str
                   ) -> Iterator[tuple[str, Any, Any]]:
    default_style = _STYLE_DEFAULTS.get(where, "form")
    o_style, n_style = ov.get("style", default_style), nv.get("style", default_style)
    if o_style != n_style:
        yield "style", o_style, n_style
    o_explode = ov.get("explode", o_style == "form")
    n_explode = nv.get("explode", n_style == "form")
    if o_explode != n_explode:
        yield "explode", o_explode, n_explode


def _media_map(node: Node) -> dict[str, Node]:
    if not isinstance(node.value, dict):
        return {}
    media: dict[str, Node] = {}
    for name in sorted(node.value, key=str):
        media.setdefault(str(name).split(";")[0].strip().lower(), node.child(name))
    return media


def _content(ctx: Context, old: Node, new: Node, direction: str, where: Place, label: str,
             media_rules: tuple[Rule, Rule] | None, status: str | None = None
             ) -> Iterator[Finding]:
    """Pair media types; compare their schemas. `media_rules` = (removed, added) rule ids."""
    om, nm = _media_map(old), _media_map(new)
    # in the order the new document lists them (then those only the old one has): a change
    # found under several media types is told for the first (`compare._once_per_place`)
    for media in [*nm, *(m for m in om if m not in nm)]:
        o, n = om.get(media), nm.get(media)
        facts = {"media": Code(media), "status": status}
        if o is not None and n is None:
            if media_rules:
                yield Finding(media_rules[0], o.ptr, label, facts)
        elif n is not None and o is None:
            if media_rules:
                yield Finding(media_rules[1], n.ptr, label, facts)
        elif o is not None and n is not None:
            os_, ns = o.child("schema"), n.child("schema")
            if (os_.value is None) != (ns.value is None):
                kind = SCHEMA_REMOVED if ns.value is None else SCHEMA_ADDED
                yield Finding(kind.rule(direction), (ns if os_.value is None else os_).ptr,
                              label, {"target": replace(where, operation=label, media=media)})
            found = schema_findings(ctx, os_, ns, direction, replace(where, media=media), label)
            yield from (_as_text(found, direction) if _is_xml(media) else found)


def _is_xml(media: str) -> bool:
    return media in ("application/xml", "text/xml") or media.endswith("+xml")


def _as_text(found: Iterator[Finding], direction: str) -> Iterator[Finding]:
    """XML carries every value as text: a request value that becomes a string, or a response
    value that was one, is still read as the text it is (oasdiff's
    request/response-body-type-compatible), so that type change is info."""
    for f in found:
        textual = f.after if direction == REQUEST else f.before
        if f.rule is TYPE_CHANGED.rule(direction) and textual == '"string"':
            yield replace(f, cap=Level.INFO)
        else:
            yield f


def _request_body(ctx: Context, o: Operation, n: Operation, direction: str) -> Iterator[Finding]:
    ob = ctx.old.resolver.deref(o.node.child("requestBody"))
    nb = ctx.new.resolver.deref(n.node.child("requestBody"))
    if ctx.same.same(ob, nb):
        return
    label = n.label
    has_o, has_n = isinstance(ob.value, dict), isinstance(nb.value, dict)
    # Added or removed: the place is the operation's `requestBody`, not a shared component.
    if has_o and not has_n:
        yield Finding(REQUEST_BODY_REMOVED, o.node.child("requestBody").ptr, label)
        return
    if has_n and not has_o:
        rule = (REQUEST_BODY_ADDED_REQUIRED if nb.value.get("required") is True
                else REQUEST_BODY_ADDED_OPTIONAL)
        yield Finding(rule, n.node.child("requestBody").ptr, label)
        return
    if not (has_o and has_n):
        return
    was, now = ob.value.get("required") is True, nb.value.get("required") is True
    if was != now:
        rule = REQUEST_BODY_BECAME_REQUIRED if now else REQUEST_BODY_BECAME_OPTIONAL
        where, document = _field(rule, ob, nb, "required")
        yield Finding(rule, where, label, {}, was, now, document=document)
    yield from _content(ctx, ob.child("content"), nb.child("content"), direction, Place("request body"),
                        label, (REQUEST_BODY_MEDIA_TYPE_REMOVED,
                                REQUEST_BODY_MEDIA_TYPE_ADDED))


def _is_success(status: str) -> bool:
    return status.startswith("2")


def _pair_statuses(om: dict[str, Node], nm: dict[str, Node]
                   ) -> list[tuple[str, str | None, str | None]]:
    """Pair statuses exactly, then a code with the `NXX` range that covers it.

    Each pair is (status to report, old status or None, new status or None).
    """
    o_left, n_left = set(om) - set(nm), set(nm) - set(om)
    pairs: list[tuple[str, str | None, str | None]] = [(s, s, s) for s in set(om) & set(nm)]
    paired_old: set[str] = set()
    paired_new: set[str] = set()
    for olds, news in ((o_left, n_left), (n_left, o_left)):
        for s in olds:
            rng = f"{s[:1]}XX"
            if s[:1].isdigit() and rng in news:
                old_s, new_s = (s, rng) if olds is o_left else (rng, s)
                pairs.append((new_s, old_s, new_s))
                paired_old.add(old_s)
                paired_new.add(new_s)
    pairs += [(s, s, None) for s in o_left - paired_old]
    pairs += [(s, None, s) for s in n_left - paired_new]
    return sorted(pairs, key=lambda p: (p[0], p[1] or "", p[2] or ""))


def _status_map(responses: Node) -> dict[str, Node]:
    """Responses by status as the pairing sees it: `2xx` is `2XX`, `Default` is `default`.

    Keys are looked up as written: unquoted codes are integers in YAML.
    """
    if not isinstance(responses.value, dict):
        return {}
    found: dict[str, Node] = {}
    for key in sorted(responses.value, key=str):
        status = str(key).upper()
        found.setdefault("default" if status == "DEFAULT" else status, responses.child(key))
    return found


def _responses(ctx: Context, o: Operation, n: Operation, direction: str) -> Iterator[Finding]:
    if ctx.same.same(o.node.child("responses"), n.node.child("responses")):
        return
    om, nm = _status_map(o.node.child("responses")), _status_map(n.node.child("responses"))
    label = n.label
    for status, os_, ns in _pair_statuses(om, nm):
        if ns is None:
            rule = (RESPONSE_SUCCESS_STATUS_REMOVED if _is_success(status)
                    else RESPONSE_ERROR_STATUS_REMOVED)
            yield Finding(rule, om[status].ptr, label, {"status": status})
            continue
        if os_ is None:
            rule = (RESPONSE_SUCCESS_STATUS_ADDED if _is_success(status)
                    else RESPONSE_ERROR_STATUS_ADDED)
            yield Finding(rule, nm[status].ptr, label, {"status": status})
            continue
        ro = ctx.old.resolver.deref(om[os_])
        rn = ctx.new.resolver.deref(nm[ns])
        if not isinstance(ro.value, dict) or not isinstance(rn.value, dict) or ctx.same.same(ro, rn):
            continue
        yield from _content(ctx, ro.child("content"), rn.child("content"), direction,
                            Place("response", status=ns), label,
                            (RESPONSE_MEDIA_TYPE_REMOVED, RESPONSE_MEDIA_TYPE_ADDED),
                            status=ns)
        yield from _headers(ctx, ro, rn, ns, direction, label)


def _header_index(resp: Node, resolver: Any) -> dict[str, tuple[str, str, Node]]:
    """Headers by lower-cased name (HTTP header names are case-insensitive): the name as
    written (for messages), where the entry is (a removed `$ref`'d header is gone from the
    response, not from components) and the header itself. `Content-Type` is left out:
    OpenAPI says it SHALL be ignored; the media types already describe it.
    """
    headers = resp.child("headers")
    if not isinstance(headers.value, dict):
        return {}
    return {str(k).lower(): (str(k), headers.child(k).ptr,
                             resolver.deref(headers.child(k)))
            for k in sorted(headers.value, key=str) if str(k).lower() != "content-type"}


def _headers(ctx: Context, ro: Node, rn: Node, status: str, direction: str, label: str
             ) -> Iterator[Finding]:
    oh, nh = _header_index(ro, ctx.old.resolver), _header_index(rn, ctx.new.resolver)
    for key in sorted(oh.keys() | nh.keys()):
        if key not in nh:
            name, at, o = oh[key]
            required = isinstance(o.value, dict) and o.value.get("required") is True
            rule = (RESPONSE_REQUIRED_HEADER_REMOVED if required
                    else RESPONSE_OPTIONAL_HEADER_REMOVED)
            yield Finding(rule, at, label, {"status": status, "name": Code(name)})
            continue
        name, at, n = nh[key]
        facts = {"status": status, "name": Code(name)}
        if key not in oh:
            yield Finding(RESPONSE_HEADER_ADDED, at, label, facts)
            continue
        o = oh[key][2]
        if isinstance(o.value, dict) and isinstance(n.value, dict):
            if o.value.get("required") is True and n.value.get("required") is not True:
                where, document = _field(RESPONSE_HEADER_BECAME_OPTIONAL, o, n, "required")
                yield Finding(RESPONSE_HEADER_BECAME_OPTIONAL, where, label,
                              facts, True, False, document=document)
            elif n.value.get("required") is True and o.value.get("required") is not True:
                where, document = _field(RESPONSE_HEADER_BECAME_REQUIRED, o, n, "required")
                yield Finding(RESPONSE_HEADER_BECAME_REQUIRED, where, label,
                              facts, False, True, document=document)
            yield from schema_findings(ctx, o.child("schema"), n.child("schema"), direction,
                                       Place("header", status=status, name=name), label)
