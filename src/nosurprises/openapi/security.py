"""Security: what each operation requires (alternatives of schemes with scopes) and the
schemes themselves. Requirements are an OR of ANDs: losing an alternative or gaining a
scope breaks someone; gaining an alternative breaks nobody.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..load import Node
from .document import Operation
from .findings import Finding

Alternative = frozenset[str]


def _alternatives(node: Node) -> dict[Alternative, dict[str, frozenset[str]]]:
    """{set of scheme names: {scheme: scopes}}; an empty set means anonymous access."""
    found: dict[Alternative, dict[str, frozenset[str]]] = {}
    if not isinstance(node.value, list):
        return {frozenset(): {}}
    for requirement in node.value:
        if isinstance(requirement, dict):
            scopes = {str(k): frozenset(map(str, v)) if isinstance(v, list) else frozenset()
                      for k, v in requirement.items()}
            found[frozenset(scopes)] = scopes
    return found or {frozenset(): {}}


def _show(alternative: Alternative) -> str:
    return " and ".join(f"`{name}`" for name in sorted(alternative)) or "no credentials"


def operation_security(o: Operation, n: Operation) -> Iterator[Finding]:
    oa, na = _alternatives(o.security), _alternatives(n.security)
    if oa == na:
        return
    label, at = n.label, n.security.ptr or n.node.ptr
    anonymous_before, anonymous_after = frozenset() in oa, frozenset() in na
    if anonymous_before and not anonymous_after:
        shown = " or ".join(_show(a) for a in sorted(na, key=sorted))
        yield Finding("api.security.auth-added", at, label, {"after": shown}, None, shown)
        return
    if anonymous_after and not anonymous_before:
        yield Finding("api.security.auth-removed", at, label)
        return
    for alt in sorted(oa.keys() - na.keys(), key=sorted):
        if alt:
            yield Finding("api.security.alternative-removed", at, label, {"before": _show(alt)},
                          sorted(alt), None)
    for alt in sorted(na.keys() - oa.keys(), key=sorted):
        if alt:
            yield Finding("api.security.alternative-added", at, label, {"after": _show(alt)},
                          None, sorted(alt))
    for alt in sorted(oa.keys() & na.keys(), key=sorted):
        for scheme in sorted(alt):
            before, after = oa[alt][scheme], na[alt][scheme]
            facts = {"scheme": f"`{scheme}`"}
            for scope in sorted(after - before):
                yield Finding("api.security.scope-added", at, label,
                              {**facts, "name": f"`{scope}`"}, None, scope)
            for scope in sorted(before - after):
                yield Finding("api.security.scope-removed", at, label,
                              {**facts, "name": f"`{scope}`"}, scope, None)


_SCHEME_FIELDS = ("type", "in", "name", "scheme", "openIdConnectUrl")
_URL_FIELDS = ("authorizationUrl", "tokenUrl", "refreshUrl")


def schemes(old_root: Node, new_root: Node, deref: Any, deref_new: Any) -> Iterator[Finding]:
    """Document-level changes to `components.securitySchemes`."""
    os_ = old_root.child("components").child("securitySchemes")
    ns = new_root.child("components").child("securitySchemes")
    om = os_.value if isinstance(os_.value, dict) else {}
    nm = ns.value if isinstance(ns.value, dict) else {}
    for name in sorted(set(om) | set(nm), key=str):
        key = str(name)
        facts = {"name": f"`{key}`"}
        if name not in nm:
            yield Finding("api.security.scheme-removed", os_.child(key).ptr, None, facts)
            continue
        if name not in om:
            yield Finding("api.security.scheme-added", ns.child(key).ptr, None, facts)
            continue
        o, n = deref(os_.child(key)), deref_new(ns.child(key))
        if not isinstance(o.value, dict) or not isinstance(n.value, dict) or o.value == n.value:
            continue
        changed_type = False
        for field in _SCHEME_FIELDS:
            before, after = o.value.get(field), n.value.get(field)
            if before != after:
                changed_type = changed_type or field == "type"
                yield Finding("api.security.scheme-changed", f"{n.ptr}/{field}", None,
                              {**facts, "field": f"`{field}`", "before": f"`{before}`",
                               "after": f"`{after}`"}, before, after)
        if not changed_type:
            yield from _flows(o, n, facts)


def _flows(o: Node, n: Node, facts: dict[str, str]) -> Iterator[Finding]:
    of, nf = o.value.get("flows"), n.value.get("flows")
    if not isinstance(of, dict) or not isinstance(nf, dict):
        return
    for flow in sorted(of, key=str):
        ff = {**facts, "flow": f"`{flow}`"}
        if flow not in nf:
            yield Finding("api.security.oauth-flow-removed", f"{o.ptr}/flows/{flow}", None, ff)
            continue
        before, after = of[flow], nf[flow]
        if not isinstance(before, dict) or not isinstance(after, dict):
            continue
        for field in _URL_FIELDS:
            if before.get(field) != after.get(field) and before.get(field) is not None:
                yield Finding("api.security.oauth-url-changed", f"{n.ptr}/flows/{flow}/{field}",
                              None, {**ff, "field": f"`{field}`", "before": before.get(field),
                                     "after": after.get(field)}, before.get(field), after.get(field))
        old_scopes = before.get("scopes") if isinstance(before.get("scopes"), dict) else {}
        new_scopes = after.get("scopes") if isinstance(after.get("scopes"), dict) else {}
        for scope in sorted(set(old_scopes) - set(new_scopes), key=str):
            yield Finding("api.security.oauth-scope-removed", f"{n.ptr}/flows/{flow}/scopes",
                          None, {**ff, "scope": f"`{scope}`"}, scope, None)
