"""Security: what each operation requires (alternatives of schemes with scopes) and the
schemes themselves. Requirements are an OR of ANDs: a client keeps working as long as one
new alternative asks for no scheme and no scope beyond what it already sends. Losing every
such alternative, or gaining a scope, breaks someone; gaining an alternative breaks nobody.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..finding import Finding
from ..load import Node
from ..words import Code, Listing, Term, sentence
from .document import Operation
from .rules import (
    SECURITY_ALTERNATIVE_ADDED,
    SECURITY_ALTERNATIVE_REMOVED,
    SECURITY_AUTH_ADDED,
    SECURITY_AUTH_REMOVED,
    SECURITY_OAUTH_FLOW_REMOVED,
    SECURITY_OAUTH_SCOPE_REMOVED,
    SECURITY_OAUTH_URL_CHANGED,
    SECURITY_SCHEME_ADDED,
    SECURITY_SCHEME_CHANGED,
    SECURITY_SCHEME_REMOVED,
    SECURITY_SCOPE_ADDED,
    SECURITY_SCOPE_REMOVED,
)

Alternative = frozenset[str]
Requirement = dict[str, frozenset[str]]
"""One alternative as written: {scheme name: required scopes}."""


def _requirements(node: Node) -> list[Requirement]:
    """The alternatives of a `security` list; `[{}]`, `[]` and no list mean anonymous access."""
    found: list[Requirement] = []
    if isinstance(node.value, list):
        for requirement in node.value:
            if isinstance(requirement, dict):
                req = {str(k): frozenset(map(str, v)) if isinstance(v, list) else frozenset()
                       for k, v in requirement.items()}
                if req not in found:
                    found.append(req)
    return found or [{}]


def _satisfies(sent: Requirement, wanted: Requirement) -> bool:
    """A client that sends `sent` also meets `wanted` (no extra scheme, no extra scope)."""
    return all(s in sent and scopes <= sent[s] for s, scopes in wanted.items())


def _show(alternative: Alternative) -> Listing:
    return Listing(tuple(Code(name) for name in sorted(alternative)), "and", Term("no-credentials"))


def _order(req: Requirement) -> tuple[list[str], list[list[str]]]:
    return sorted(req), [sorted(req[s]) for s in sorted(req)]


def operation_security(o: Operation, n: Operation) -> Iterator[Finding]:
    """What a client that authenticated one of the old ways must now do differently."""
    olds, news = _requirements(o.security), _requirements(n.security)
    if sorted(map(_order, olds)) == sorted(map(_order, news)):
        return
    label = n.label
    at = n.security.ptr if n.security.value is not None else n.node.ptr
    anonymous_before, anonymous_after = {} in olds, {} in news
    if anonymous_before and not anonymous_after:
        ways = Listing(tuple(_show(frozenset(r)) for r in sorted(news, key=sorted)), "or")
        # `after` has always been the sentence's words: the JSON report keeps them
        yield Finding(SECURITY_AUTH_ADDED, at, label, {"after": ways}, None, sentence("{w}", {"w": ways}))
        return
    if anonymous_after and not anonymous_before:
        yield Finding(SECURITY_AUTH_REMOVED, at, label)
        return
    seen: set[tuple[str, str, str]] = set()
    old_sets = {frozenset(r) for r in olds}
    new_sets = {frozenset(r) for r in news}
    for old in sorted(olds, key=_order):
        if any(_satisfies(old, new) for new in news):
            kept = [new for new in news if _satisfies(old, new) and new.keys() == old.keys()]
            if kept and old not in news:
                closest = max(kept, key=lambda r: (sum(map(len, r.values())), _order(r)))
                yield from _scopes(old, closest, at, label, seen)
            continue
        same = [new for new in news if new.keys() == old.keys()]
        if same:
            closest = min(same, key=lambda r: (sum(len(r[s] - old[s]) for s in r), _order(r)))
            yield from _scopes(old, closest, at, label, seen)
        else:
            alt = frozenset(old)
            yield Finding(SECURITY_ALTERNATIVE_REMOVED, at, label, {"before": _show(alt)},
                          sorted(alt), None)
    for alt in sorted(new_sets - old_sets, key=sorted):
        yield Finding(SECURITY_ALTERNATIVE_ADDED, at, label, {"after": _show(alt)},
                      None, sorted(alt))


def _scopes(old: Requirement, new: Requirement, at: str, label: str,
            seen: set[tuple[str, str, str]]) -> Iterator[Finding]:
    """Scope changes between two alternatives of the same schemes, each reported once."""
    for scheme in sorted(old):
        facts = {"scheme": Code(scheme)}
        for rule, scopes, added in ((SECURITY_SCOPE_ADDED, new[scheme] - old[scheme], True),
                                    (SECURITY_SCOPE_REMOVED, old[scheme] - new[scheme], False)):
            for scope in sorted(scopes):
                if (rule, scheme, scope) in seen:
                    continue
                seen.add((rule, scheme, scope))
                yield Finding(rule, at, label, {**facts, "name": Code(scope)},
                              None if added else scope, scope if added else None)


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
        facts = {"name": Code(key)}
        if name not in nm:
            yield Finding(SECURITY_SCHEME_REMOVED, os_.child(key).ptr, None, facts)
            continue
        if name not in om:
            yield Finding(SECURITY_SCHEME_ADDED, ns.child(key).ptr, None, facts)
            continue
        o, n = deref(os_.child(key)), deref_new(ns.child(key))
        if not isinstance(o.value, dict) or not isinstance(n.value, dict) or o.value == n.value:
            continue
        changed_type = False
        for field in _SCHEME_FIELDS:
            before, after = o.value.get(field), n.value.get(field)
            if _folded(o.value, field) != _folded(n.value, field):
                changed_type = changed_type or field == "type"
                yield Finding(SECURITY_SCHEME_CHANGED, f"{n.ptr}/{field}", None,
                              {**facts, "field": Code(field), "before": _code(before),
                               "after": _code(after)}, before, after)
        if not changed_type:
            yield from _flows(o, n, facts)


def _code(value: Any) -> Code | Term:
    return Term("nothing") if value is None else Code(value)


def _folded(scheme: dict[str, Any], field: str) -> Any:
    """A field as the server reads it: HTTP auth schemes and header names ignore case."""
    value = scheme.get(field)
    if isinstance(value, str) and (field == "scheme" or (field == "name"
                                                         and scheme.get("in") == "header")):
        return value.lower()
    return value


def _flows(o: Node, n: Node, facts: dict[str, str]) -> Iterator[Finding]:
    of, nf = o.value.get("flows"), n.value.get("flows")
    if not isinstance(of, dict) or not isinstance(nf, dict):
        return
    for flow in sorted(of, key=str):
        ff = {**facts, "flow": Code(flow)}
        if flow not in nf:
            yield Finding(SECURITY_OAUTH_FLOW_REMOVED, f"{o.ptr}/flows/{flow}", None, ff)
            continue
        before, after = of[flow], nf[flow]
        if not isinstance(before, dict) or not isinstance(after, dict):
            continue
        for field in _URL_FIELDS:
            was, now = before.get(field), after.get(field)
            if was != now and was is not None:
                yield Finding(SECURITY_OAUTH_URL_CHANGED, f"{n.ptr}/flows/{flow}/{field}",
                              None, {**ff, "field": Code(field), "before": Code(was), "after": _code(now)},
                              was, now)
        old_scopes = before.get("scopes") if isinstance(before.get("scopes"), dict) else {}
        new_scopes = after.get("scopes") if isinstance(after.get("scopes"), dict) else {}
        for scope in sorted(set(old_scopes) - set(new_scopes), key=str):
            yield Finding(SECURITY_OAUTH_SCOPE_REMOVED, f"{n.ptr}/flows/{flow}/scopes",
                          None, {**ff, "scope": Code(scope)}, scope, None)
