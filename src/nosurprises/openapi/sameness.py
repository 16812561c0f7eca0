"""Deciding cheaply that two parts of the old and new documents are the same.

Most of a real spec does not change between versions. Python's `==` on parsed JSON runs in
C, but equal subtrees can still differ through the components their `$ref`s name, so a
subtree is *the same* only when it is equal and every local ref inside it is clean, i.e.
names components that are the same in both documents (computed once per ref, with cycles
assumed clean: the greatest fixed point, which is what structural equality means).
"""

from __future__ import annotations

import re
from typing import Any

import orjson

from ..load import Node, Resolver
from ..load.source import Document

_REF = re.compile(rb'"\$ref":"((?:[^"\\]|\\.)*)"')
_PLAIN_REF = re.compile(rb'"\$ref":"([^"\\]*)"')


_NONE: frozenset[str] = frozenset()


def refs_in(value: Any) -> frozenset[str]:
    """Every `$ref` string inside `value`, found by serialising it with orjson (fast, in C).

    A mapping that holds no mapping or list (a `{"$ref": ...}`, a leaf schema: half the
    subtrees a comparison asks about) is read directly: serialising it costs more."""
    if type(value) is dict:
        for item in value.values():
            if type(item) is dict or type(item) is list:
                break
        else:
            ref = value.get("$ref")
            return frozenset((ref,)) if type(ref) is str else _NONE
    try:
        blob = orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS)
    except TypeError:
        return frozenset(_walk_refs(value))
    if b'"$ref"' not in blob:
        return frozenset()
    plain = _PLAIN_REF.findall(blob)  # the simple pattern is several times faster
    if len(plain) == blob.count(b'"$ref":"'):
        return frozenset(m.decode() for m in plain)
    return frozenset(orjson.loads(b'"' + m + b'"') for m in _REF.findall(blob))


def _walk_refs(value: Any) -> set[str]:
    found: set[str] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str):
                found.add(ref)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


class Sameness:
    """Answers "is this part unchanged, through its refs?" with memoised ref verdicts."""

    def __init__(self, old: Resolver, new: Resolver) -> None:
        self.old = old
        self.new = new
        self._clean: dict[tuple[int, int, str], bool] = {}
        self._refs: dict[int, tuple[Any, frozenset[str]]] = {}
        self._same: dict[tuple[int, int], tuple[Any, Any, bool]] = {}

    def same(self, o: Node, n: Node) -> bool:
        return self.same_values(o.doc, n.doc, o.value, n.value)

    def same_values(self, od: Document, nd: Document, ov: Any, nv: Any) -> bool:
        """`same` of two values of the documents, without the nodes (which cost more to build
        than most answers: most properties compared are unchanged)."""
        if not isinstance(ov, dict | list):
            return ov == nv
        key = (id(ov), id(nv))
        hit = self._same.get(key)
        if hit is not None and hit[0] is ov and hit[1] is nv:
            return hit[2]
        verdict = ov == nv and all(self._ref_clean(od, nd, ref) for ref in self._refs_of(ov))
        self._same[key] = (ov, nv, verdict)
        return verdict

    def _refs_of(self, value: Any) -> frozenset[str]:
        if not isinstance(value, dict | list):
            return frozenset()
        hit = self._refs.get(id(value))
        if hit is None or hit[0] is not value:
            hit = (value, refs_in(value))
            self._refs[id(value)] = hit
        return hit[1]

    def _ref_clean(self, od: Document, nd: Document, ref: str) -> bool:
        """True when no component reachable through `ref` differs between the documents."""
        key = (id(od), id(nd), ref)
        known = self._clean.get(key)
        if known is not None:
            return known
        visited: set[tuple[int, int, str]] = set()
        try:
            clean = self._visit(od, nd, ref, visited)
        except RecursionError:
            clean = False  # conservative: the caller then compares in full
        if clean:
            self._clean.update(dict.fromkeys(visited, True))
        return clean

    def _visit(self, od: Document, nd: Document, ref: str, visited: set) -> bool:
        key = (id(od), id(nd), ref)
        known = self._clean.get(key)
        if known is not None:
            return known
        if key in visited:
            return True
        visited.add(key)
        o = self.old.lookup(od, ref, None)
        n = self.new.lookup(nd, ref, None)
        if o is None or n is None:
            clean = o is None and n is None
        else:
            clean = o.value == n.value and all(
                self._visit(o.doc, n.doc, r, visited) for r in self._refs_of(o.value)
            )
        if not clean:
            self._clean[key] = False
        return clean


def fingerprint(value: Any) -> bytes | None:
    """A canonical serialisation of `value`, or None when it has none (bytes, huge integers).

    Equal fingerprints are necessary, not sufficient, for `same` (refs may still differ), so
    they only group candidates: alternatives of a oneOf are paired through them in linear
    time instead of comparing every old member with every new one.
    """
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)
    except (TypeError, orjson.JSONEncodeError):
        return None


def pair_unchanged(same: Sameness, old: list[tuple[str, Node]], new: list[tuple[str, Node]],
                   budget: int) -> tuple[list[tuple[str, str]], bool]:
    """Pair each old member with the first still unpaired new member that is `same` as it.

    The result is the one a scan of every (old, new) pair in order would give, but only
    members with equal fingerprints (and those without one) are tried, so the work is
    linear in the members' size. At most `budget` `same` calls are made (many equal members
    whose refs changed could otherwise still cost old x new); returns (pairs, bound_hit).
    """
    buckets: dict[bytes, list[int]] = {}
    loose: list[int] = []
    for j, (_, node) in enumerate(new):
        fp = fingerprint(node.value)
        (loose if fp is None else buckets.setdefault(fp, [])).append(j)
    taken = [False] * len(new)
    everyone = list(range(len(new)))
    start: dict[bytes, int] = {}  # taken members lead each bucket: skip them once
    pairs: list[tuple[str, str]] = []
    for label, node in old:
        fp = fingerprint(node.value)
        if fp is None:
            candidates: Any = everyone
        else:
            bucket = buckets.get(fp, [])
            first = start.get(fp, 0)
            while first < len(bucket) and taken[bucket[first]]:
                first += 1
            start[fp] = first
            candidates = sorted(bucket[first:] + loose) if loose else bucket[first:]
        for j in candidates:
            if taken[j]:
                continue
            if budget <= 0:
                return pairs, True
            budget -= 1
            if same.same(node, new[j][1]):
                taken[j] = True
                pairs.append((label, new[j][0]))
                break
    return pairs, False
