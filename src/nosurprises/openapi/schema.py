"""Schema comparison in a direction: what clients send (request) or receive (response).

Each pair of schemas is compared once per direction (memoised by the identity of the
resolved schema objects), so a component reached from a thousand operations costs one
comparison; the caller attaches the operations. allOf is merged, a oneOf/anyOf that only
adds null is read as nullable, and 3.0 `nullable` and 3.1 type arrays mean the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson

from ..load import Node, Resolver
from ..model import Level
from .findings import SchemaFinding
from .sameness import Sameness

MAX_SCHEMA_DEPTH = 48
REQUEST, RESPONSE = "request", "response"

_STABILITY_CAP = {"draft": Level.INFO, "alpha": Level.INFO, "beta": Level.WARNING}


@dataclass(slots=True)
class View:
    """A schema as the comparison sees it: refs followed, allOf merged, nullability folded."""

    node: Node
    kw: dict[str, Any]
    props: dict[str, Node]
    required: frozenset[str]
    types: frozenset[str] | None
    nullable: bool


@dataclass
class SchemaComparer:
    """Holds the memo; one per comparison of two documents."""

    old: Resolver
    new: Resolver
    same: Sameness
    warnings: list[str] = field(default_factory=list)
    _memo: dict[tuple[int, int, str], tuple[SchemaFinding, ...]] = field(default_factory=dict)
    _views: dict[int, tuple[Any, View]] = field(default_factory=dict)

    def compare(self, old: Node, new: Node, direction: str, depth: int = 0) -> tuple[SchemaFinding, ...]:
        """Every change between two schemas, as seen by a client in `direction`."""
        o = self.old.deref(old)
        n = self.new.deref(new)
        if not isinstance(o.value, dict) or not isinstance(n.value, dict):
            return ()
        key = (id(o.value), id(n.value), direction)
        hit = self._memo.get(key)
        if hit is not None:
            return hit
        if depth > MAX_SCHEMA_DEPTH:
            self.warnings.append(f"{n.doc.label}#{n.ptr}: schema nested deeper than "
                                 f"{MAX_SCHEMA_DEPTH} levels; the rest was not compared")
            return ()
        self._memo[key] = ()  # a cycle back here contributes nothing
        if self.same.same(o, n):
            return ()
        result = tuple(self._changes(self.view(self.old, o), self.view(self.new, n), direction, depth))
        self._memo[key] = result
        return result

    # -- views -----------------------------------------------------------------------

    def view(self, resolver: Resolver, node: Node, depth: int = 0) -> View:
        node = resolver.deref(node)
        cached = self._views.get(id(node.value))
        if cached is not None and cached[0] is node.value:
            return cached[1]
        v = self._build_view(resolver, node, depth)
        self._views[id(node.value)] = (node.value, v)
        return v

    def _build_view(self, resolver: Resolver, node: Node, depth: int) -> View:
        s = node.value if isinstance(node.value, dict) else {}
        kw = dict(s)
        props = {str(k): node.child("properties").child(str(k))
                 for k in (s.get("properties") or {}) if isinstance(s.get("properties"), dict)}
        required = {r for r in (s.get("required") or []) if isinstance(r, str)} \
            if isinstance(s.get("required"), list) else set()
        wrapped = _null_wrapped(s)
        if wrapped is not None and depth < MAX_SCHEMA_DEPTH:
            inner = self.view(resolver, node.child(wrapped[0]).child(wrapped[1]), depth + 1)
            return View(inner.node, inner.kw, inner.props, inner.required, inner.types, True)
        if isinstance(s.get("allOf"), list) and depth < MAX_SCHEMA_DEPTH:
            for i in range(len(s["allOf"])):
                member = self.view(resolver, node.child("allOf").child(i), depth + 1)
                for name, sub in member.props.items():
                    props.setdefault(name, sub)
                required |= member.required
                for k, v in member.kw.items():
                    if k not in ("properties", "required", "allOf", "description", "title"):
                        kw.setdefault(k, v)
        types, nullable = _types(kw)
        return View(node, kw, props, frozenset(required), types, nullable)

    # -- the comparison ----------------------------------------------------------------

    def _changes(self, o: View, n: View, d: str, depth: int) -> Iterator[SchemaFinding]:
        at = n.node.ptr
        o_alt, n_alt = _alternatives_only(o.kw), _alternatives_only(n.kw)
        if (o_alt is None) != (n_alt is None):
            yield from self._wrapped(o, n, d, depth)
            return
        type_findings = tuple(_type_changes(o, n, d, at))
        yield from type_findings
        retyped = any(f.kind in ("type-changed", "type-narrowed", "type-widened") for f in type_findings)
        for f in _keyword_changes(o.kw, n.kw, d, at):
            if not (retyped and f.kind.startswith("format-")):
                yield f
        yield from _enum_changes(o.kw, n.kw, at)
        yield from _bound_changes(o.kw, n.kw, at)
        yield from self._property_changes(o, n, d, depth)
        yield from self._additional_changes(o, n, d, depth)
        yield from self._alternatives(o, n, d, depth)
        if isinstance(o.kw.get("items"), dict) and isinstance(n.kw.get("items"), dict):
            for f in self.compare(o.node.child("items"), n.node.child("items"), d, depth + 1):
                yield f.under("[]")

    def _property_changes(self, o: View, n: View, d: str, depth: int) -> Iterator[SchemaFinding]:
        hidden = "readOnly" if d == REQUEST else "writeOnly"
        for name in sorted(o.props.keys() | n.props.keys()):
            op, np_ = o.props.get(name), n.props.get(name)
            ov = self.view(self.old, op) if op is not None else None
            nv = self.view(self.new, np_) if np_ is not None else None
            if ov is not None and nv is None:
                if ov.kw.get(hidden) is True:
                    continue
                deprecated = ov.kw.get("deprecated") is True
                cap = _cap(ov.kw)
                if deprecated and d == RESPONSE:
                    cap = cap or Level.WARNING
                yield SchemaFinding("property-removed", (name,), op.ptr, cap=cap)
            elif nv is not None and ov is None:
                if nv.kw.get(hidden) is True:
                    continue
                kind = "required-property-added" if name in n.required else "optional-property-added"
                yield SchemaFinding(kind, (name,), np_.ptr, cap=_cap(nv.kw))
            elif ov is not None and nv is not None:
                cap = _cap(ov.kw)
                if not (ov.kw.get(hidden) is True or nv.kw.get(hidden) is True):
                    was, now = name in o.required, name in n.required
                    if was != now:
                        kind = "property-became-required" if now else "property-became-optional"
                        yield SchemaFinding(kind, (name,), f"{n.node.ptr}/required", cap=cap)
                for f in self.compare(op, np_, d, depth + 1):
                    yield f.under(name, cap)

    def _additional_changes(self, o: View, n: View, d: str, depth: int) -> Iterator[SchemaFinding]:
        oa, na = o.kw.get("additionalProperties"), n.kw.get("additionalProperties")
        if oa is not False and na is False:
            yield SchemaFinding("additional-properties-restricted", (), f"{n.node.ptr}/additionalProperties",
                                before=oa if isinstance(oa, bool) else None, after=False)
        elif oa is False and na is not False:
            yield SchemaFinding("additional-properties-allowed", (), f"{n.node.ptr}/additionalProperties",
                                before=False, after=na if isinstance(na, bool) else None)
        elif isinstance(oa, dict) and isinstance(na, dict):
            for f in self.compare(o.node.child("additionalProperties"),
                                  n.node.child("additionalProperties"), d, depth + 1):
                yield f.under("*")

    def _alternatives(self, o: View, n: View, d: str, depth: int) -> Iterator[SchemaFinding]:
        for keyword, kind in (("oneOf", "one-of"), ("anyOf", "any-of")):
            ol, nl = o.kw.get(keyword), n.kw.get(keyword)
            if not isinstance(ol, list) or not isinstance(nl, list):
                continue
            olabels = self._member_labels(self.old, o.node.child(keyword), ol)
            nlabels = self._member_labels(self.new, n.node.child(keyword), nl)
            at = f"{n.node.ptr}/{keyword}"
            self._pair_leftovers(olabels, nlabels, d, depth)
            for label in sorted(olabels.keys() - nlabels.keys()):
                yield SchemaFinding(f"{kind}-member-removed", (), at, value=label)
            for label in sorted(nlabels.keys() - olabels.keys()):
                yield SchemaFinding(f"{kind}-member-added", (), at, value=label)
            for label in sorted(olabels.keys() & nlabels.keys()):
                for f in self.compare(olabels[label], nlabels[label], d, depth + 1):
                    yield f.under(f"<{label}>")
        od, nd = o.kw.get("discriminator"), n.kw.get("discriminator")
        if isinstance(od, dict) and isinstance(nd, dict):
            if od.get("propertyName") != nd.get("propertyName"):
                yield SchemaFinding("discriminator-changed", (), f"{n.node.ptr}/discriminator",
                                    before=od.get("propertyName"), after=nd.get("propertyName"))
            om, nm = od.get("mapping") or {}, nd.get("mapping") or {}
            if isinstance(om, dict) and isinstance(nm, dict):
                for value in sorted(set(om) & set(nm), key=str):
                    if om[value] != nm[value]:
                        yield SchemaFinding("discriminator-mapping-changed", (),
                                            f"{n.node.ptr}/discriminator/mapping",
                                            before=om[value], after=nm[value], value=value)

    def _pair_leftovers(self, olabels: dict[str, Node], nlabels: dict[str, Node], d: str,
                        depth: int) -> None:
        """Alternatives whose component was only renamed still pair (clients see no name).

        A leftover old alternative pairs with a leftover new one it equals structurally,
        and a last single leftover on each side pairs whatever it holds. Pairs are written
        into both maps under the old label.
        """
        o_left = sorted(olabels.keys() - nlabels.keys())
        n_left = sorted(nlabels.keys() - olabels.keys())
        for ol in list(o_left):
            for nl in n_left:
                if not self.compare(olabels[ol], nlabels[nl], d, depth + 1):
                    nlabels[ol] = nlabels.pop(nl)
                    o_left.remove(ol)
                    n_left.remove(nl)
                    break
        if len(o_left) == 1 and len(n_left) == 1:
            nlabels[o_left[0]] = nlabels.pop(n_left[0])

    def _wrapped(self, o: View, n: View, d: str, depth: int) -> Iterator[SchemaFinding]:
        """One schema became a choice of alternatives, or the other way round.

        The single schema is compared with the alternative closest to it; the other
        alternatives count as added (or removed).
        """
        grew = _alternatives_only(n.kw) is not None
        many = n if grew else o
        keyword = _alternatives_only(many.kw)
        assert keyword is not None
        labels = self._member_labels(self.new if grew else self.old, many.node.child(keyword),
                                     many.kw[keyword])
        scored = []
        for label, member in labels.items():
            found = (self.compare(o.node, member, d, depth + 1) if grew
                     else self.compare(member, n.node, d, depth + 1))
            scored.append((len(found), label, found))
        scored.sort(key=lambda x: (x[0], x[1]))
        kind = "one-of" if keyword == "oneOf" else "any-of"
        at = f"{many.node.ptr}/{keyword}"
        for i, (_, label, found) in enumerate(scored):
            if i == 0:
                yield from found
            else:
                yield SchemaFinding(f"{kind}-member-{'added' if grew else 'removed'}", (), at,
                                    value=label)

    def _member_labels(self, resolver: Resolver, base: Node, members: list[Any]) -> dict[str, Node]:
        """Name alternatives by their $ref target, else title, else position, to pair them."""
        labels: dict[str, Node] = {}
        for i, member in enumerate(members):
            node = base.child(i)
            if isinstance(member, dict) and isinstance(member.get("$ref"), str):
                label = member["$ref"].rsplit("/", 1)[-1]
            elif isinstance(member, dict) and isinstance(member.get("title"), str):
                label = member["title"]
            else:
                target = resolver.deref(node).value
                kind = target.get("type") if isinstance(target, dict) else None
                label = f"#{i}" if kind is None else f"#{i} ({_show(kind)})"
            labels.setdefault(label, node)
        return labels


def _alternatives_only(kw: dict[str, Any]) -> str | None:
    """The keyword (oneOf/anyOf) of a schema that is nothing but a choice of alternatives."""
    if "type" in kw or "properties" in kw:
        return None
    for keyword in ("oneOf", "anyOf"):
        if isinstance(kw.get(keyword), list) and kw[keyword]:
            return keyword
    return None


def _null_wrapped(s: dict[str, Any]) -> tuple[str, int] | None:
    """`anyOf: [X, {type: 'null'}]` (or oneOf) is X made nullable: where X is, if so."""
    for keyword in ("anyOf", "oneOf"):
        members = s.get(keyword)
        if isinstance(members, list) and len(members) == 2:
            nulls = [i for i, m in enumerate(members) if isinstance(m, dict) and m.get("type") == "null"]
            if len(nulls) == 1 and "properties" not in s and "type" not in s:
                return keyword, 1 - nulls[0]
    return None


def _types(kw: dict[str, Any]) -> tuple[frozenset[str] | None, bool]:
    t = kw.get("type")
    nullable = kw.get("nullable") is True or kw.get("x-nullable") is True
    if isinstance(t, str):
        names = {t}
    elif isinstance(t, list):
        names = {x for x in t if isinstance(x, str)}
    else:
        return None, nullable
    if "null" in names and len(names) > 1:
        names.discard("null")
        nullable = True
    return frozenset(names), nullable


def _covered(types: frozenset[str] | None, by: frozenset[str] | None) -> bool:
    """Every value of `types` is also a value of `by` (integer is a number; None is anything)."""
    if by is None:
        return True
    if types is None:
        return False
    return all(t in by or (t == "integer" and "number" in by) for t in types)


def _show(value: Any) -> str:
    if isinstance(value, frozenset | set):
        value = sorted(value)
        if len(value) == 1:
            value = value[0]
    try:
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS | orjson.OPT_SORT_KEYS).decode()
    except TypeError:
        return repr(value)


def _cap(kw: dict[str, Any]) -> Level | None:
    level = kw.get("x-stability-level")
    return _STABILITY_CAP.get(level) if isinstance(level, str) else None


def _type_changes(o: View, n: View, d: str, at: str) -> Iterator[SchemaFinding]:
    if o.types != n.types and not (o.types is None and n.types is None):
        before, after = _show(o.types) if o.types else "any", _show(n.types) if n.types else "any"
        widened, narrowed = _covered(o.types, n.types), _covered(n.types, o.types)
        kind = "type-widened" if widened else "type-narrowed" if narrowed else "type-changed"
        yield SchemaFinding(kind, (), f"{at}/type", before=before, after=after)
    if o.nullable != n.nullable:
        yield SchemaFinding("nullable-added" if n.nullable else "nullable-removed", (), at)


_KEYWORDS = ("format", "pattern", "const", "default", "multipleOf", "not")


def _keyword_changes(o: dict[str, Any], n: dict[str, Any], d: str, at: str) -> Iterator[SchemaFinding]:
    for key in _KEYWORDS:
        ov, nv = o.get(key), n.get(key)
        if ov == nv and type(ov) is type(nv):
            continue
        where = f"{at}/{key}"
        if key == "format":
            kind = "format-changed" if ov is not None and nv is not None else (
                "format-added" if nv is not None else "format-removed")
        elif key == "pattern":
            kind = "pattern-changed" if ov is not None and nv is not None else (
                "pattern-added" if nv is not None else "pattern-removed")
        elif key == "const":
            kind = "const-changed" if ov is not None and nv is not None else (
                "enum-added" if nv is not None else "enum-removed")
            if kind != "const-changed":
                ov, nv = ([ov] if ov is not None else None), ([nv] if nv is not None else None)
        elif key == "default":
            if nv is None:
                kind = "default-removed"
            elif ov is None:
                continue  # a new default only documents what omission already meant
            else:
                kind = "default-changed"
        elif key == "multipleOf":
            kind = "multiple-of-changed"
        else:
            kind = "not-changed"
        yield SchemaFinding(kind, (), where,
                            before=None if ov is None else _show(ov) if key != "pattern" else ov,
                            after=None if nv is None else _show(nv) if key != "pattern" else nv)
    for key, added, removed in (("uniqueItems", "unique-items-added", "unique-items-removed"),
                                ("deprecated", "deprecated", None),
                                ("readOnly", "read-only-added", None),
                                ("writeOnly", "write-only-added", None)):
        was, now = o.get(key) is True, n.get(key) is True
        if now and not was:
            yield SchemaFinding(added, (), f"{at}/{key}")
        elif was and not now and removed:
            yield SchemaFinding(removed, (), f"{at}/{key}")


def _enum_changes(o: dict[str, Any], n: dict[str, Any], at: str) -> Iterator[SchemaFinding]:
    oe, ne = o.get("enum"), n.get("enum")
    if oe == ne:
        return
    where = f"{at}/enum"
    if isinstance(ne, list) and not isinstance(oe, list):
        yield SchemaFinding("enum-added", (), where, after=_show(ne))
    elif isinstance(oe, list) and not isinstance(ne, list):
        yield SchemaFinding("enum-removed", (), where, before=_show(oe))
    elif isinstance(oe, list) and isinstance(ne, list):
        old_keys = {_show(v) for v in oe}
        new_keys = {_show(v) for v in ne}
        for value in sorted(old_keys - new_keys):
            yield SchemaFinding("enum-value-removed", (), where, value=value)
        if o.get("x-extensible-enum") is True and n.get("x-extensible-enum") is True:
            return
        for value in sorted(new_keys - old_keys):
            yield SchemaFinding("enum-value-added", (), where, value=value)


# (keyword, kind when it tightens, kind when it loosens, larger-is-looser)
_BOUNDS = (
    ("maximum", "maximum-decreased", "maximum-increased", True),
    ("minimum", "minimum-increased", "minimum-decreased", False),
    ("maxLength", "max-length-decreased", "max-length-increased", True),
    ("minLength", "min-length-increased", "min-length-decreased", False),
    ("maxItems", "max-items-decreased", "max-items-increased", True),
    ("minItems", "min-items-increased", "min-items-decreased", False),
    ("maxProperties", "max-properties-decreased", None, True),
    ("minProperties", "min-properties-increased", None, False),
)


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


def _bound_changes(o: dict[str, Any], n: dict[str, Any], at: str) -> Iterator[SchemaFinding]:
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
        yield SchemaFinding(kind, (), f"{at}/{key}", before=_show_bound(ob, key), after=_show_bound(nb, key))


def _show_bound(bound: tuple[float | int, bool] | None, key: str) -> str:
    if bound is None:
        return "none"
    value, exclusive = bound
    return f"{value} (exclusive)" if exclusive else str(value)
