"""Schema comparison in a direction: what clients send (request) or receive (response).

Each pair of schemas is compared once per direction (memoised by the identity of the
resolved schema objects), so a component reached from a thousand operations costs one
comparison; the caller attaches the operations. allOf is merged (and so are keywords written
next to a `$ref`), a oneOf/anyOf that only adds null is read as nullable, and 3.0 `nullable`
and 3.1 type arrays mean the same. Properties a client never sends (readOnly, in requests)
or never receives (writeOnly, in responses) do not count in that direction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from ..finding import capped
from ..load import Node, Resolver
from ..model import Level
from ..words import Code
from .findings import SchemaFinding
from .keywords import (
    BOUND_KEYS,
    ENUM_KEYS,
    KEYWORD_KEYS,
    REQUEST,
    RESPONSE,
    bound_changes,
    enum_changes,
    keyword_changes,
    show,
)
from .lifecycle import sunset_due
from .rules import (
    ADDITIONAL_PROPERTIES_ALLOWED,
    ADDITIONAL_PROPERTIES_RESTRICTED,
    ALL_OF_MEMBER_ADDED,
    ALL_OF_MEMBER_REMOVED,
    ANY_OF_MEMBER_ADDED,
    ANY_OF_MEMBER_REMOVED,
    CONDITION_CHANGED,
    DISCRIMINATOR_ADDED,
    DISCRIMINATOR_CHANGED,
    DISCRIMINATOR_MAPPING_ADDED,
    DISCRIMINATOR_MAPPING_CHANGED,
    DISCRIMINATOR_MAPPING_REMOVED,
    DISCRIMINATOR_REMOVED,
    FORMAT_ADDED,
    FORMAT_CHANGED,
    FORMAT_REMOVED,
    NULLABLE_ADDED,
    NULLABLE_REMOVED,
    ONE_OF_AMBIGUOUS,
    ONE_OF_MEMBER_ADDED,
    ONE_OF_MEMBER_REMOVED,
    OPTIONAL_PROPERTY_ADDED,
    PROPERTY_BECAME_OPTIONAL,
    PROPERTY_BECAME_REQUIRED,
    PROPERTY_REMOVED,
    PROPERTY_REMOVED_BEFORE_SUNSET,
    REQUIRED_PROPERTY_ADDED,
    SUBSCHEMA_ADDED,
    SUBSCHEMA_REMOVED,
    TYPE_CHANGED,
    TYPE_NARROWED,
    TYPE_WIDENED,
)
from .sameness import Sameness, fingerprint, pair_unchanged

MAX_SCHEMA_DEPTH = 48

_STABILITY_CAP = {"draft": Level.INFO, "alpha": Level.INFO, "beta": Level.WARNING}

_MEMBER_KINDS = {"oneOf": (ONE_OF_MEMBER_REMOVED, ONE_OF_MEMBER_ADDED),
                 "anyOf": (ANY_OF_MEMBER_REMOVED, ANY_OF_MEMBER_ADDED)}
"""(removed, added) kinds of an alternative of each applicator."""
_FORMAT_KINDS = frozenset({FORMAT_ADDED, FORMAT_CHANGED, FORMAT_REMOVED})


@dataclass(slots=True)
class View:
    """A schema as the comparison sees it: refs followed, allOf merged, nullability folded."""

    node: Node
    kw: dict[str, Any]
    props: dict[str, tuple[Node, Any]]
    """Property name -> (the `properties` node holding it, its key as written)."""
    required: frozenset[str]
    types: frozenset[str] | None
    nullable: bool
    owners: dict[str, Node] = field(default_factory=dict)
    """Where each keyword of `kw` was written (allOf members, $ref targets), to descend."""
    required_at: dict[str, Node] = field(default_factory=dict)
    """The schema whose `required` list names each required property (its own, a `$ref`
    target's or an allOf member's), to point at the list that says so."""

    def at(self, key: str) -> Node:
        """The node for keyword `key`, in whichever merged schema holds it."""
        return self.owners.get(key, self.node).child(key)


def written(o: View, n: View, *keys: str) -> tuple[str, Literal["old", "new"]]:
    """Where the first of `keys` either schema writes is: (pointer, document).

    In the new schema when it writes one (through the `$ref` or allOf member that holds it:
    Twilio's `category: {$ref: ..._enum_category, description: ...}` has its enum in the
    component, not next to the `$ref`); else in the old one, which alone has it (a removed
    `format` or bound is only there); else, when neither writes it (a default read as
    `style: form`, a type implied by `properties`), the new schema itself: the nearest node
    that exists, since the keyword is nowhere.
    """
    for key in keys:
        if key in n.kw:
            return n.at(key).ptr, "new"
    for key in keys:
        if key in o.kw:
            return o.at(key).ptr, "old"
    return n.node.ptr, "new"


@dataclass
class SchemaComparer:
    """Holds the memo; one per comparison of two documents."""

    old: Resolver
    new: Resolver
    same: Sameness
    warnings: list[str] = field(default_factory=list)
    today: dt.date | None = None
    """The day sunset dates are held to (a property removed before its sunset date)."""
    _memo: dict[tuple[int, int, str], tuple[SchemaFinding, ...]] = field(default_factory=dict)
    _views: dict[int, tuple[Any, View]] = field(default_factory=dict)
    """Views of old-document schemas by the identity of the value; `_new_views` for the new
    document. Two: a caller's two dicts may share one object, whose `$ref`s then name
    components of different documents (its view holds nodes of one of them)."""
    _new_views: dict[int, tuple[Any, View]] = field(default_factory=dict)
    _warned: set[str] = field(default_factory=set)

    def compare(self, old: Node, new: Node, direction: str, depth: int = 0) -> tuple[SchemaFinding, ...]:
        """Every change between two schemas, as seen by a client in `direction`."""
        o = old if _ref_siblings(old.value) else self.old.deref(old)
        n = new if _ref_siblings(new.value) else self.new.deref(new)
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
        result = _by_shortest_path(self._changes(self.view(self.old, o), self.view(self.new, n),
                                                 direction, depth))
        self._memo[key] = result
        return result

    # -- views -----------------------------------------------------------------------

    def view(self, resolver: Resolver, node: Node, depth: int = 0) -> View:
        if not _ref_siblings(node.value):
            node = resolver.deref(node)
        views = self._new_views if resolver is self.new else self._views
        cached = views.get(id(node.value))
        if cached is not None and cached[0] is node.value:
            return cached[1]
        v = self._build_view(resolver, node, depth)
        views[id(node.value)] = (node.value, v)
        return v

    def _build_view(self, resolver: Resolver, node: Node, depth: int) -> View:
        """Merge what a client sees into one view.

        `{$ref: X, readOnly: true}` (3.1 allows keywords next to a $ref, and authors write
        them in 3.0 too) is read like `allOf: [X]` plus those keywords, and the keywords
        around a null wrapper (`anyOf: [X, null], readOnly: true`) stay with X, so that
        flags such as readOnly, deprecated or x-stability-level are not lost.
        """
        s = node.value if isinstance(node.value, dict) else {}
        wrapped = _null_wrapped(s)
        if wrapped is not None and depth < MAX_SCHEMA_DEPTH:
            inner = self.view(resolver, node.child(wrapped[0]).child(wrapped[1]), depth + 1)
            extra = {k: v for k, v in s.items() if k not in (wrapped[0], "$ref", "description", "title")}
            return View(inner.node, {**inner.kw, **extra}, inner.props, inner.required,
                        inner.types, True, {**inner.owners, **dict.fromkeys(extra, node)},
                        inner.required_at)
        kw = {k: v for k, v in s.items() if k != "$ref"}
        owners = dict.fromkeys(kw, node)
        container = node.child("properties")
        props = ({str(k): (container, k) for k in container.value}
                 if isinstance(container.value, dict) else {})
        required = {r for r in (s.get("required") or []) if isinstance(r, str)} \
            if isinstance(s.get("required"), list) else set()
        required_at = dict.fromkeys(required, node)
        members = [resolver.deref(node)] if isinstance(s.get("$ref"), str) else []
        if isinstance(s.get("allOf"), list):
            members += [node.child("allOf").child(i) for i in range(len(s["allOf"]))]
        for m in members if depth < MAX_SCHEMA_DEPTH else ():
            member = self.view(resolver, m, depth + 1)
            for name, sub in member.props.items():
                props.setdefault(name, sub)
            required |= member.required
            for name, holder in member.required_at.items():
                required_at.setdefault(name, holder)
            for k, v in member.kw.items():
                if k not in kw and k not in ("properties", "required", "allOf", "description",
                                             "title"):
                    kw[k] = v
                    owners[k] = member.owners.get(k, member.node)
        if kw.get("type") == "file":  # Swagger 2.0's upload is 3.x's binary string
            kw["type"] = "string"
            if "format" not in kw:
                kw["format"] = "binary"
                owners["format"] = owners.get("type", node)
        types, nullable = _types(kw)
        return View(node, kw, props, frozenset(required), types, nullable, owners, required_at)

    # -- the comparison ----------------------------------------------------------------

    def _changes(self, o: View, n: View, d: str, depth: int) -> Iterator[SchemaFinding]:
        o_alt, n_alt = _alternatives_only(o.kw), _alternatives_only(n.kw)
        if (o_alt is None) != (n_alt is None):
            yield from self._wrapped(o, n, d, depth)
            return
        type_findings = tuple(_type_changes(o, n))
        yield from type_findings
        retyped = any(f.kind in (TYPE_CHANGED, TYPE_NARROWED, TYPE_WIDENED) for f in type_findings)
        # Each family of keywords is checked only where either side has one: most schemas
        # carry a handful of keywords, and the checks are the hot loop on large specs.
        keys = o.kw.keys() | n.kw.keys()

        def place(*names: str) -> tuple[str, Literal["old", "new"]]:
            return written(o, n, *names)

        if keys & KEYWORD_KEYS:
            for f in keyword_changes(o.kw, n.kw, d, place):
                if not (retyped and f.kind in _FORMAT_KINDS):
                    yield f
        if keys & ENUM_KEYS:
            yield from enum_changes(o.kw, n.kw, d, place)
        if keys & BOUND_KEYS:
            yield from bound_changes(o.kw, n.kw, place)
        if o.props or n.props:
            yield from self._property_changes(o, n, d, depth)
        if "additionalProperties" in keys:
            yield from self._additional_changes(o, n, d, depth)
        if keys & _ALTERNATIVE_KEYS:
            yield from self._alternatives(o, n, d, depth)
        if "allOf" in keys:
            yield from self._all_of_members(o, n, d, depth)
        if isinstance(o.kw.get("items"), dict) and isinstance(n.kw.get("items"), dict):
            for f in self.compare(o.at("items"), n.at("items"), d, depth + 1):
                yield f.under("[]")
        if keys & _SUBSCHEMA_SET:
            yield from self._subschemas(o, n, d, depth)

    def _all_of_members(self, o: View, n: View, d: str, depth: int) -> Iterator[SchemaFinding]:
        """allOf members come and go; what they hold is compared merged (above).

        Members pair like alternatives do (a component only renamed, an inline member
        inserted first), but two different leftovers stay one removed and one added.
        """
        ol, nl = o.kw.get("allOf"), n.kw.get("allOf")
        if ol == nl:
            return
        olabels = (self._member_labels(self.old, o.at("allOf"), ol)
                   if isinstance(ol, list) else {})
        nlabels = (self._member_labels(self.new, n.at("allOf"), nl)
                   if isinstance(nl, list) else {})
        where = n.at("allOf") if isinstance(nl, list) else o.at("allOf")
        at, document = where.ptr, ("new" if isinstance(nl, list) else "old")
        _, removed, added = self._pair_members(olabels, nlabels, d, depth,
                                               f"{where.doc.label}#{where.ptr}", leftover=False)
        # a member with only a title or description constrains nothing either way
        for label in sorted(removed):
            yield SchemaFinding(ALL_OF_MEMBER_REMOVED, (), at, value=label, document=document,
                                cap=_vacuous(self.old.deref(olabels[label]).value))
        for label in sorted(added):
            yield SchemaFinding(ALL_OF_MEMBER_ADDED, (), at, value=label, document=document,
                                cap=_vacuous(self.new.deref(nlabels[label]).value))

    def _subschemas(self, o: View, n: View, d: str, depth: int) -> Iterator[SchemaFinding]:
        """The JSON Schema 2020-12 applicators of OpenAPI 3.1, walked like properties."""
        yield from self._conditional(o, n, d, depth)
        for key in _APPLICATORS:
            yield from self._subschema(o, n, key, d, depth)

    def _conditional(self, o: View, n: View, d: str, depth: int) -> Iterator[SchemaFinding]:
        """`if`/`then`/`else` are one constraint: the branches do nothing without `if`, and
        `if` alone constrains nothing. So a conditional comes and goes as a whole, a changed
        `if` is a changed condition, and the branches of an unchanged one are compared."""
        was, now = _conditional(o.kw), _conditional(n.kw)
        if not was and not now:
            return
        if now and not was:
            yield SchemaFinding(SUBSCHEMA_ADDED, (), n.at("if").ptr, value="if/then/else")
            return
        if was and not now:
            yield SchemaFinding(SUBSCHEMA_REMOVED, (), o.at("if").ptr, value="if/then/else")
            return
        if self.compare(o.at("if"), n.at("if"), d, depth + 1):
            yield SchemaFinding(CONDITION_CHANGED, (), n.at("if").ptr)
        for key in ("then", "else"):
            yield from self._subschema(o, n, key, d, depth)

    def _subschema(self, o: View, n: View, key: str, d: str, depth: int
                   ) -> Iterator[SchemaFinding]:
        # `true` allows everything, like leaving the keyword out; `false` allows nothing
        ov, nv = (None if v is True else v for v in (o.kw.get(key), n.kw.get(key)))
        if ov is nv and (ov is None or ov is False):
            return
        if isinstance(ov, dict) and isinstance(nv, dict):
            if key in _SUBSCHEMA_MAPS:
                yield from self._subschema_map(o, n, key, d, depth)
            else:
                for f in self.compare(o.at(key), n.at(key), d, depth + 1):
                    yield f.under(f"<{key}>")
        elif isinstance(ov, list) and isinstance(nv, list):
            for i in range(min(len(ov), len(nv))):
                for f in self.compare(o.at(key).child(i), n.at(key).child(i), d, depth + 1):
                    yield f.under(f"[{i}]")
            for i in range(len(nv), len(ov)):
                yield SchemaFinding(SUBSCHEMA_REMOVED, (), o.at(key).child(i).ptr,
                                    value=f"{key}[{i}]")
            for i in range(len(ov), len(nv)):
                yield SchemaFinding(SUBSCHEMA_ADDED, (), n.at(key).child(i).ptr,
                                    value=f"{key}[{i}]", cap=_vacuous(nv[i]))
        elif ov is None or nv is False:
            yield SchemaFinding(SUBSCHEMA_ADDED, (), n.at(key).ptr, value=key,
                                cap=_vacuous(nv))
        elif nv is None or ov is False:
            yield SchemaFinding(SUBSCHEMA_REMOVED, (), o.at(key).ptr, value=key,
                                cap=_vacuous(ov))

    def _subschema_map(self, o: View, n: View, key: str, d: str, depth: int
                       ) -> Iterator[SchemaFinding]:
        om, nm = o.kw[key], n.kw[key]
        for name in sorted(set(om) | set(nm), key=str):
            if name not in nm:
                yield SchemaFinding(SUBSCHEMA_REMOVED, (), o.at(key).child(name).ptr,
                                    value=f"{key} {name}")
            elif name not in om:
                yield SchemaFinding(SUBSCHEMA_ADDED, (), n.at(key).child(name).ptr,
                                    value=f"{key} {name}", cap=_vacuous(nm[name]))
            else:
                for f in self.compare(o.at(key).child(name), n.at(key).child(name), d, depth + 1):
                    yield f.under(f"<{key} {name}>")

    def _property_changes(self, o: View, n: View, d: str, depth: int) -> Iterator[SchemaFinding]:
        hidden = "readOnly" if d == REQUEST else "writeOnly"
        same = self.same.same_values
        for name in sorted(o.props.keys() | n.props.keys()):
            oh, nh = o.props.get(name), n.props.get(name)
            if (oh is not None and nh is not None and (name in o.required) == (name in n.required)
                    and same(oh[0].doc, nh[0].doc, _raw(oh), _raw(nh))):
                continue  # the common case, decided without building a node or a view
            op, np_ = _prop(o, name), _prop(n, name)
            ov = self.view(self.old, op) if op is not None else None
            nv = self.view(self.new, np_) if np_ is not None else None
            if ov is not None and nv is None:
                if ov.kw.get(hidden) is True:
                    continue
                deprecated = ov.kw.get("deprecated") is True
                cap = _cap(ov.kw)
                due = sunset_due(ov.kw, self.today) if self.today else None
                if due is not None:  # removed before the date its deprecation promised
                    yield SchemaFinding(PROPERTY_REMOVED_BEFORE_SUNSET, (name,), op.ptr,
                                        before=due, cap=cap)
                    continue
                if deprecated and d == RESPONSE:
                    cap = cap or Level.WARNING
                yield SchemaFinding(PROPERTY_REMOVED, (name,), op.ptr, cap=cap)
            elif nv is not None and ov is None:
                if nv.kw.get(hidden) is True:
                    continue
                kind = REQUIRED_PROPERTY_ADDED if name in n.required else OPTIONAL_PROPERTY_ADDED
                yield SchemaFinding(kind, (name,), np_.ptr, cap=_cap(nv.kw))
            elif ov is not None and nv is not None:
                if ov.kw.get(hidden) is True and nv.kw.get(hidden) is True:
                    continue  # never sent (readOnly) or never returned (writeOnly) this way
                cap = _cap(ov.kw)
                if not (ov.kw.get(hidden) is True or nv.kw.get(hidden) is True):
                    was, now = name in o.required, name in n.required
                    if was != now:
                        kind = PROPERTY_BECAME_REQUIRED if now else PROPERTY_BECAME_OPTIONAL
                        where, document = _required_list(o, n, name)
                        yield SchemaFinding(kind, (name,), where, cap=cap, document=document)
                elif ov.kw.get(hidden) is True and name in n.required:
                    # never sent (or returned) this way before, and now always
                    where, document = _required_list(o, n, name)
                    yield SchemaFinding(PROPERTY_BECAME_REQUIRED, (name,), where, cap=cap,
                                        document=document)
                for f in self.compare(op, np_, d, depth + 1):
                    yield f.under(name, cap)

    def _additional_changes(self, o: View, n: View, d: str, depth: int) -> Iterator[SchemaFinding]:
        oa, na = o.kw.get("additionalProperties"), n.kw.get("additionalProperties")
        where, document = written(o, n, "additionalProperties")
        if oa is not False and na is False:
            yield SchemaFinding(ADDITIONAL_PROPERTIES_RESTRICTED, (), where,
                                before=oa if isinstance(oa, bool) else None, after=False,
                                document=document)
        elif oa is False and na is not False:
            yield SchemaFinding(ADDITIONAL_PROPERTIES_ALLOWED, (), where,
                                before=False, after=na if isinstance(na, bool) else None,
                                document=document)
        elif isinstance(oa, dict) and isinstance(na, dict):
            for f in self.compare(o.at("additionalProperties"), n.at("additionalProperties"),
                                  d, depth + 1):
                yield f.under("*")

    def _alternatives(self, o: View, n: View, d: str, depth: int) -> Iterator[SchemaFinding]:
        for keyword, (lost, gained) in _MEMBER_KINDS.items():
            ol, nl = o.kw.get(keyword), n.kw.get(keyword)
            if not isinstance(ol, list) or not isinstance(nl, list):
                continue
            olabels = self._member_labels(self.old, o.at(keyword), ol)
            nlabels = self._member_labels(self.new, n.at(keyword), nl)
            at = n.at(keyword).ptr
            where = f"{n.at(keyword).doc.label}#{at}"
            pairs, removed, added = self._pair_members(olabels, nlabels, d, depth, where)
            for label in sorted(removed):
                yield SchemaFinding(lost, (), at, value=label)
            ambiguous = (self._ambiguous([(olabels[a], b) for a, b in pairs], added, nlabels, n,
                                         depth) if keyword == "oneOf" else set())
            for label in sorted(added):
                yield SchemaFinding(ONE_OF_AMBIGUOUS if label in ambiguous else gained, (), at,
                                    value=label)
            for o_label, n_label in sorted(pairs, key=lambda p: p[1]):
                for f in self.compare(olabels[o_label], nlabels[n_label], d, depth + 1):
                    yield f.under(f"<{n_label}>")
        od, nd = o.kw.get("discriminator"), n.kw.get("discriminator")
        if isinstance(nd, dict) and not isinstance(od, dict):
            yield SchemaFinding(DISCRIMINATOR_ADDED, (), n.at("discriminator").ptr,
                                after=nd.get("propertyName"))
        elif isinstance(od, dict) and not isinstance(nd, dict):
            yield SchemaFinding(DISCRIMINATOR_REMOVED, (), o.at("discriminator").ptr,
                                before=od.get("propertyName"), document="old")
        if isinstance(od, dict) and isinstance(nd, dict):
            if od.get("propertyName") != nd.get("propertyName"):
                yield SchemaFinding(DISCRIMINATOR_CHANGED, (), n.at("discriminator").ptr,
                                    before=od.get("propertyName"), after=nd.get("propertyName"))
            om, nm = od.get("mapping"), nd.get("mapping")
            if isinstance(om, dict) and isinstance(nm, dict):
                for value in sorted(set(om) - set(nm), key=str):
                    yield SchemaFinding(DISCRIMINATOR_MAPPING_REMOVED, (),
                                        f"{o.at('discriminator').ptr}/mapping", before=om[value],
                                        value=Code(str(value)), document="old")
                for value in sorted(set(nm) - set(om), key=str):
                    yield SchemaFinding(DISCRIMINATOR_MAPPING_ADDED, (),
                                        f"{n.at('discriminator').ptr}/mapping", after=nm[value],
                                        value=Code(str(value)))
                for value in sorted(set(om) & set(nm), key=str):
                    if om[value] != nm[value]:
                        yield SchemaFinding(DISCRIMINATOR_MAPPING_CHANGED, (),
                                            f"{n.at('discriminator').ptr}/mapping",
                                            before=om[value], after=nm[value], value=value)

    def _pair_members(self, olabels: dict[str, Node], nlabels: dict[str, Node], d: str,
                      depth: int, where: str, leftover: bool = True
                      ) -> tuple[list[tuple[str, str]], list[str], list[str]]:
        """Pair old and new alternatives as a client would: by what they are, not their names.

        Named alternatives ($ref, title) pair by name. The rest pair, in this order, when
        they are unchanged (an inline alternative inserted first shifts every position), by
        position, when structurally equal (a component only renamed), and finally (with
        `leftover`) a single leftover on each side pairs whatever it holds. Returns (pairs,
        removed, added). The work is linear in the members but for the structural step,
        which tries at most `_MAX_PAIRING_TRIALS` pairs; when a bound stops it, a warning
        at `where` says so.
        """
        anon = _is_positional
        pairs = [(label, label) for label in olabels if label in nlabels and not anon(label)]
        o_left = [label for label in olabels if label not in nlabels or anon(label)]
        n_left = [label for label in nlabels if label not in olabels or anon(label)]
        # unchanged members first, found through fingerprints: linear, not old x new
        found, bound_hit = pair_unchanged(
            self.same, [(label, self.old.deref(olabels[label])) for label in o_left],
            [(label, self.new.deref(nlabels[label])) for label in n_left],
            budget=4 * (len(o_left) + len(n_left)) + _MAX_PAIRING_TRIALS)
        if bound_hit:
            self._bound_hit(where, len(o_left), len(n_left), "unchanged")
        pairs += found
        o_left, n_left = _without(o_left, found, 0), _without(n_left, found, 1)
        still_new = set(n_left)
        positional = [(label, label) for label in o_left if anon(label) and label in still_new]
        pairs += positional
        o_left, n_left = _without(o_left, positional, 0), _without(n_left, positional, 1)
        if len(o_left) * len(n_left) <= _MAX_PAIRING_TRIALS:
            for ol in list(o_left):
                for nl in n_left:
                    if not self.compare(olabels[ol], nlabels[nl], d, depth + 1):
                        pairs.append((ol, nl))
                        o_left.remove(ol)
                        n_left.remove(nl)
                        break
        elif not (leftover and len(o_left) == 1 and len(n_left) == 1):
            self._bound_hit(where, len(o_left), len(n_left), "equal")
        if leftover and len(o_left) == 1 and len(n_left) == 1:
            pairs.append((o_left.pop(), n_left.pop()))
        return pairs, o_left, n_left

    def _warn(self, message: str) -> None:
        """A warning once, though both directions may compare the same schemas."""
        if message not in self._warned:
            self._warned.add(message)
            self.warnings.append(message)

    def _bound_hit(self, where: str, olds: int, news: int, how: str) -> None:
        """Say that pairing stopped at its bound rather than guess silently."""
        self._warn(
            f"{where}: {olds} old and {news} new alternatives left to pair; more than "
            f"{_MAX_PAIRING_TRIALS} trials would be needed to find the {how} ones, so the "
            f"rest are reported as removed and added")

    def _wrapped(self, o: View, n: View, d: str, depth: int) -> Iterator[SchemaFinding]:
        """One schema became a choice of alternatives, or the other way round.

        The single schema is compared with the alternative closest to it; the other
        alternatives count as added (or removed).
        """
        grew = _alternatives_only(n.kw) is not None
        many = n if grew else o
        keyword = _alternatives_only(many.kw)
        assert keyword is not None
        labels = self._member_labels(self.new if grew else self.old, many.at(keyword),
                                     many.kw[keyword])
        scored = []
        tried = self._closest_candidates(o if grew else n, labels, self.new if grew else self.old)
        if len(tried) < len(labels):
            self._warn(
                f"{many.node.doc.label}#{many.at(keyword).ptr}: {len(labels)} alternatives; only "
                f"{len(tried)} of them were compared with the schema they replace or are "
                f"replaced by, to find the closest")
        for label, member in labels.items():
            if label not in tried:
                scored.append((_UNTRIED, label, ()))
                continue
            found = (self.compare(o.node, member, d, depth + 1) if grew
                     else self.compare(member, n.node, d, depth + 1))
            scored.append((len(found), label, found))
        scored.sort(key=lambda x: (x[0], x[1]))
        lost, gained = _MEMBER_KINDS[keyword]
        at = many.at(keyword).ptr
        others = [label for _, label, _ in scored[1:]]
        ambiguous = (self._ambiguous([(o.node, None)], others, labels, n, depth)
                     if grew and keyword == "oneOf" else set())
        widening = (self._widening(o, others, labels) if grew and d == RESPONSE else {})
        if widening:  # clients may now receive values of a type they do not parse
            before = _implied_types(o)
            assert before is not None
            yield SchemaFinding(TYPE_WIDENED, (), at, before=show(before),
                                after=show(before | frozenset().union(*widening.values())))
        for i, (_, label, found) in enumerate(scored):
            if i == 0:
                yield from found
            elif label not in widening:  # the alternatives are only in the document with the choice
                kind = ONE_OF_AMBIGUOUS if label in ambiguous else gained if grew else lost
                yield SchemaFinding(kind, (), at, value=label, document="new" if grew else "old")

    def _widening(self, single: View, labels: list[str], nodes: dict[str, Node]
                  ) -> dict[str, frozenset[str]]:
        """The new alternatives (of a schema that became a choice) whose types the schema it
        replaces did not have: `type: string` to `oneOf: [string, integer]` widens the type,
        as `type: [string, integer]` does. {label: its types}."""
        mine = _implied_types(single)
        if mine is None:
            return {}
        found = {}
        for label in labels:
            theirs = _implied_types(self.view(self.new, nodes[label]))
            if theirs is not None and not _covered(theirs, mine):
                found[label] = theirs
        return found

    def _ambiguous(self, olds: list[tuple[Node, str | None]], added: list[str],
                   labels: dict[str, Node], n: View, depth: int) -> set[str]:
        """The added oneOf alternatives that make values valid before match two alternatives.

        A oneOf value must match exactly one alternative. When a new alternative accepts
        every value an old one accepted, those values now match two and are rejected:
        wrapping `{required: [id]}` in a oneOf beside a looser `{type: object}` rejects
        every request that worked. `olds` are the old alternatives with the label of their
        new counterpart (None for the one schema a oneOf replaced). An old alternative that
        another alternative already accepted whole was ambiguous before: the document uses
        oneOf as anyOf, and nothing changes for its values. Told without a discriminator
        only (it picks one alternative by name), and within a bound of trials.
        """
        if not added or not olds or isinstance(n.kw.get("discriminator"), dict):
            return set()
        kept = [label for _, label in olds if label is not None]
        if len(olds) * (len(added) + len(kept)) > _MAX_PAIRING_TRIALS:
            return set()

        def accepts_all(old: Node, label: str) -> bool:
            return not any(capped(f.kind.rule(REQUEST).level, f.cap) is Level.BREAKING
                           for f in self.compare(old, labels[label], REQUEST, depth + 1))

        found = set()
        for old, counterpart in olds:
            if any(accepts_all(old, other) for other in kept if other != counterpart):
                continue  # ambiguous already
            found.update(label for label in added if label not in found and accepts_all(old, label))
        return found

    def _closest_candidates(self, single: View, labels: dict[str, Node], resolver: Resolver
                            ) -> set[str]:
        """The alternatives worth comparing with `single`: all, or a bounded few.

        Comparing a large schema with each of thousands of alternatives costs their product,
        so past `_MAX_WRAPPED_TRIALS` only the likeliest are tried: an alternative equal to
        it, then those of its type, then the first ones.
        """
        if len(labels) <= _MAX_WRAPPED_TRIALS:
            return set(labels)
        mine = fingerprint(single.node.value)
        kind = single.kw.get("type")
        ranked = []
        for i, (label, member) in enumerate(labels.items()):
            value = resolver.deref(member).value
            equal = mine is not None and fingerprint(value) == mine
            typed = isinstance(value, dict) and value.get("type") == kind
            ranked.append((not equal, not typed, i, label))
        ranked.sort()
        return {label for *_, label in ranked[:_MAX_WRAPPED_TRIALS]}

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
                label = f"#{i}" if kind is None else f"#{i} ({show(kind)})"
            labels.setdefault(label, node)
        return labels


_SUBSCHEMA_KEYS = ("if", "then", "else", "contains", "prefixItems", "propertyNames",
                   "patternProperties", "dependentSchemas", "unevaluatedItems",
                   "unevaluatedProperties", "contentSchema")
_SUBSCHEMA_MAPS = frozenset({"patternProperties", "dependentSchemas"})
_APPLICATORS = tuple(key for key in _SUBSCHEMA_KEYS if key not in ("if", "then", "else"))
_SUBSCHEMA_SET = frozenset(_SUBSCHEMA_KEYS)
_ALTERNATIVE_KEYS = frozenset({"oneOf", "anyOf", "discriminator"})

_MAX_PAIRING_TRIALS = 400
"""Structural pairing of leftover alternatives compares each pair; bound the work."""

_MAX_WRAPPED_TRIALS = 32
"""Alternatives compared with the one schema they replace (or are replaced by), at most."""

_UNTRIED = 1 << 62
"""The score of an alternative not compared: it never counts as the closest."""


def _conditional(kw: dict[str, Any]) -> bool:
    """The schema has a conditional that constrains: an `if` and a branch."""
    return isinstance(kw.get("if"), dict | bool) and ("then" in kw or "else" in kw)


def _vacuous(value: Any) -> Level | None:
    """Info for a subschema that constrains nothing (`{}`, or only a description)."""
    if isinstance(value, dict) and all(k in _ANNOTATIONS for k in value):
        return Level.INFO
    return None


def _without(labels: list[str], pairs: list[tuple[str, str]], side: int) -> list[str]:
    """`labels` less those paired on `side` (0 old, 1 new), in their order."""
    gone = {p[side] for p in pairs}
    return [label for label in labels if label not in gone]


def _is_positional(label: str) -> bool:
    """Alternatives with neither $ref nor title are named by position (`#2 (object)`)."""
    return label.startswith("#")


_ANNOTATIONS = frozenset({"$ref", "description", "summary", "title", "example", "examples",
                          "$comment"})


def _ref_siblings(value: Any) -> bool:
    """A `$ref` with keywords next to it that change what the schema means."""
    return (isinstance(value, dict) and isinstance(value.get("$ref"), str)
            and any(k not in _ANNOTATIONS for k in value))


def _by_shortest_path(findings: Iterator[SchemaFinding]) -> tuple[SchemaFinding, ...]:
    """One finding per change, reached by its shortest property path.

    In graphs like Stripe's expandable objects the same component is reachable along
    thousands of paths; keeping each of them would grow every memoised result with its
    depth. A customer needs the change once, where it is easiest to find.
    """
    best: dict[tuple[str, str, str, Any], SchemaFinding] = {}
    for f in findings:
        key = (f.kind, f.location, repr(f.value), f.cap)
        kept = best.get(key)
        if kept is None or len(f.path) < len(kept.path):
            best[key] = f
    return tuple(best.values())


def _required_list(o: View, n: View, name: str) -> tuple[str, Literal["old", "new"]]:
    """The `required` list a property's change of requiredness is told at: (pointer, document).

    The new list that names it (a property that became required), else the new schema's own
    `required` list (one that became optional, when the list is still there), else the old
    list that named it: the new schema may have no list left (GitHub's `update-budget`
    dropped it), and a list kept in an allOf member or `$ref` target is where it is written.
    """
    holder = n.required_at.get(name)
    if holder is not None:
        return holder.child("required").ptr, "new"
    if isinstance(n.node.value, dict) and isinstance(n.node.value.get("required"), list):
        return n.node.child("required").ptr, "new"
    holder = o.required_at.get(name)
    if holder is not None:
        return holder.child("required").ptr, "old"
    return n.node.ptr, "new"


def _raw(held: tuple[Node, str]) -> Any:
    """The value of a property as `_prop`'s node would hold it, without making the node."""
    parent = held[0].value
    return parent.get(held[1]) if type(parent) is dict else None


def _prop(view: View, name: str) -> Node | None:
    """The node of property `name` (made on demand: most properties are never visited)."""
    held = view.props.get(name)
    return None if held is None else held[0].child(held[1])


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


def _cap(kw: dict[str, Any]) -> Level | None:
    level = kw.get("x-stability-level")
    return _STABILITY_CAP.get(level) if isinstance(level, str) else None


def _implied_types(v: View) -> frozenset[str] | None:
    """The declared types, or those the keywords imply when `type` is left out.

    Specs often omit `type: object` next to `properties`; adding it later is not a
    narrowing for anyone, since clients were always sending and reading objects.
    """
    if v.types is not None:
        return v.types
    if v.props or isinstance(v.kw.get("properties"), dict) or "additionalProperties" in v.kw:
        return frozenset({"object"})
    if isinstance(v.kw.get("items"), dict):
        return frozenset({"array"})
    return None


def _type_changes(o: View, n: View) -> Iterator[SchemaFinding]:
    ot, nt = _implied_types(o), _implied_types(n)
    if ot != nt and not (ot is None and nt is None):
        before, after = show(ot) if ot else "any", show(nt) if nt else "any"
        widened, narrowed = _covered(ot, nt), _covered(nt, ot)
        kind = TYPE_WIDENED if widened else TYPE_NARROWED if narrowed else TYPE_CHANGED
        where, document = written(o, n, "type")
        yield SchemaFinding(kind, (), where, before=before, after=after, document=document)
    if o.nullable != n.nullable:
        yield SchemaFinding(NULLABLE_ADDED if n.nullable else NULLABLE_REMOVED, (), n.node.ptr)
