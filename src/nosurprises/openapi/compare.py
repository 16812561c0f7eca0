"""The whole comparison of two OpenAPI documents, from sources to a `Report`.

load -> pair operations -> diff (findings) -> judge with the rule catalog -> Report.
An operation that is the same in both documents (through its refs) is skipped outright,
which is what keeps a 13 MB spec pair near the cost of parsing it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from ..bounds import today as utc_today
from ..errors import InputError
from ..finding import Finding, judge, milder
from ..load import MAX_BYTES, Resolver, cyclic_gc_paused, load_document
from ..model import Change, Level, Report
from ..rule import Effect, Rule
from ..words import Code, Place, sentence
from .document import Filters, Operation, Spec, build_spec
from .lifecycle import stability, stability_cap
from .operation import Context, compare_operation, removed_operation
from .origin import origin_facts, within
from .rules import (
    DOCUMENT_MAJOR_VERSION_NOT_BUMPED,
    DOCUMENT_OPENAPI_VERSION_CHANGED,
    DOCUMENT_VERSION_CHANGED,
    DOCUMENT_VERSION_DECREASED,
    OPERATION_ADDED,
    PATH_TRAILING_SLASH_CHANGED,
    WEBHOOK_ADDED,
    WEBHOOK_REMOVED,
)
from .sameness import Sameness
from .schema import SchemaComparer
from .security import operation_security, schemes
from .servers import server_changes


def load_spec(source: Any, *, label: str | None = None, max_bytes: int = MAX_BYTES) -> Spec:
    """Load and index one OpenAPI document (path, YAML/JSON text, bytes or dict)."""
    doc = load_document(source, max_bytes=max_bytes, label=label)
    return build_spec(doc, Resolver(doc, max_bytes=max_bytes))


def compare_openapi(old: Any, new: Any, *, today: dt.date | None = None,
                    max_bytes: int = MAX_BYTES, validate: bool = False,
                    filters: Filters | None = None) -> Report:
    """Compare two OpenAPI documents (3.0, 3.1 or Swagger 2.0; path, text, bytes or dict).

    `today` decides whether an announced sunset date has passed (default: today's date
    in UTC, wherever the machine is); pass it to make reports reproducible. `validate`
    runs openapi-spec-validator on both documents first and raises `InputError` on the
    first problem. `filters` strip path prefixes and leave out operations by extension
    (`document.Filters`).
    """
    old_label = "<old>" if isinstance(old, dict) else None
    new_label = "<new>" if isinstance(new, dict) else None
    with cyclic_gc_paused():
        old_spec = load_spec(old, label=old_label, max_bytes=max_bytes)
        new_spec = load_spec(new, label=new_label, max_bytes=max_bytes)
        if validate:
            from .validate import validate_spec

            validate_spec(old_spec)
            validate_spec(new_spec)
        report = compare_specs(old_spec, new_spec, today=today, filters=filters)
        del old_spec, new_spec  # freed by reference counting before the collector resumes
    return report


def compare_specs(old: Spec, new: Spec, *, today: dt.date | None = None,
                  filters: Filters | None = None) -> Report:
    """Compare two loaded specs; see `compare_openapi`."""
    if filters is not None:
        old = replace(old, operations=filters.narrow(old.operations, filters.strip_base),
                      webhooks=filters.narrow(old.webhooks, None))
        new = replace(new, operations=filters.narrow(new.operations, filters.strip_revision),
                      webhooks=filters.narrow(new.webhooks, None))
    same = Sameness(old.resolver, new.resolver)
    day = today or utc_today()
    ctx = Context(old, new, SchemaComparer(old.resolver, new.resolver, same, today=day), same, day)
    try:
        origins: dict[tuple[str, str, str], dict[str, Any]] = {}
        told: dict[int, tuple[Any, str]] = {}
        changes = [judge(as_written(at_origin(f, origins), old, new), told)
                   for f in _findings(ctx)]
        changes += [judge(f, told) for f in _version_bump(old, new, changes)]
    except RecursionError:
        raise InputError(new.root.doc.label, "is nested too deeply to compare") from None
    warnings = old.resolver.warnings + new.resolver.warnings + ctx.schemas.warnings
    return Report.from_changes(changes, warnings)


def at_origin(finding: Finding, told: dict[tuple[str, str, str], dict[str, Any]]) -> Finding:
    """`finding` with the facts of its sentence at its origin (see `origin.py`), when the
    change was made outside its operation: a shared schema, parameter or response.

    `told` keeps one facts object per (rule, origin, facts but the target): ten thousand
    operations reaching one component change share it, and the judge tells it once.
    """
    if finding.operation is None or within(finding.location, finding.scope):
        return finding
    key = (finding.rule.id, finding.location,
           repr([v for k, v in finding.facts.items() if k != "target"]))
    origin = told.get(key)
    if origin is None:
        origin = told[key] = origin_facts(finding.facts, finding.location)
    return finding.told_at(origin)


def as_written(finding: Finding, old: Spec, new: Spec) -> Finding:
    """`finding` pointing into its document as written: a Swagger 2.0 document is compared
    read as OpenAPI 3 (`swagger.py`), and its changes are told where their parts are written
    (`swagger.Moved`). Last, after the origin's facts and the places of an operation were
    read from the pointers the comparison made."""
    spec = old if (finding.document or finding.rule.document) == "old" else new
    if spec.moved is None:
        return finding
    location = spec.moved.back(finding.location)
    return finding if location == finding.location else replace(finding, location=location)


def _findings(ctx: Context) -> Iterator[Finding]:
    old, new = ctx.old, ctx.new
    yield from _document(old, new)
    yield from schemes(old.root, new.root, old.resolver.deref, new.resolver.deref)
    yield from server_changes(old.root.child("servers"), new.root.child("servers"))
    global_same = (old.data.get("security") == new.data.get("security"))
    yield from _operations(ctx, old.operations, new.operations, global_same, webhook=False)
    yield from _operations(ctx, old.webhooks, new.webhooks, global_same, webhook=True)


def _document(old: Spec, new: Spec) -> Iterator[Finding]:
    ov, nv = _info_version(old), _info_version(new)
    if ov != nv:
        yield Finding(DOCUMENT_VERSION_CHANGED, "/info/version", None,
                      {"before": Code(ov), "after": Code(nv)}, ov, nv)
    if old.version != new.version:
        yield Finding(DOCUMENT_OPENAPI_VERSION_CHANGED, "/openapi", None,
                      {"before": old.version, "after": new.version}, old.version, new.version)


_SEMVER = re.compile(r"v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+].*)?")


def _semver(value: Any) -> tuple[int, int, int] | None:
    """`1.4.2` (or `v1.4`, `1.4.2-beta.1`) as numbers; None for versions that are not
    semantic (Stripe's `2023-10-16`), which promise nothing about majors."""
    match = _SEMVER.fullmatch(value.strip()) if isinstance(value, str) else None
    return None if match is None else (int(match[1]), int(match[2]), int(match[3] or 0))


def _version_bump(old: Spec, new: Spec, changes: list[Change]) -> Iterator[Finding]:
    """What the versions say against what changed: a version that went down (OLD and NEW
    swapped?), and a new version within the same major that has breaking changes (semantic
    versioning promises none; below 1.0.0 it promises nothing). A version left as it was
    says nothing: pull requests change the document and the release bumps the version."""
    ov, nv = _info_version(old), _info_version(new)
    o, n = _semver(ov), _semver(nv)
    if o is None or n is None:
        return
    facts = {"before": Code(ov), "after": Code(nv)}
    if n < o:
        yield Finding(DOCUMENT_VERSION_DECREASED, "/info/version", None, facts, ov, nv)
    elif o < n and n[0] == o[0] and o[0] >= 1 and any(c.level is Level.BREAKING for c in changes):
        yield Finding(DOCUMENT_MAJOR_VERSION_NOT_BUMPED, "/info/version", None, facts, ov, nv)


def _info_version(spec: Spec) -> Any:
    info = spec.data.get("info")
    return info.get("version") if isinstance(info, dict) else None


def _operations(ctx: Context, olds: dict[tuple[str, str], Operation],
                news: dict[tuple[str, str], Operation], global_same: bool, *, webhook: bool
                ) -> Iterator[Finding]:
    moved = _slash_moves(olds.keys() - news.keys(), news.keys() - olds.keys())
    for key in sorted(olds.keys() - news.keys() - moved.keys()):
        op = olds[key]
        if webhook:
            yield _capped(Finding(WEBHOOK_REMOVED, op.node.ptr, op.label,
                                  {"name": Code(op.path), "method": op.method.upper()}), op,
                          (op.node.ptr,))
        else:
            yield _capped(removed_operation(ctx, op), op, (op.node.ptr,))
    for key in sorted(news.keys() - olds.keys() - set(moved.values())):
        op = news[key]
        rule = WEBHOOK_ADDED if webhook else OPERATION_ADDED
        yield Finding(rule, op.node.ptr, op.label, {"name": Code(op.path), "method": op.method.upper()},
                      scope=(op.node.ptr,))
    for old_key, new_key in sorted([(k, k) for k in olds.keys() & news.keys()] + list(moved.items())):
        o, n = olds[old_key], news[new_key]
        if old_key != new_key:
            yield _capped(Finding(PATH_TRAILING_SLASH_CHANGED, n.node.ptr, n.label,
                                  {"before": Code(o.path), "after": Code(n.path)}, o.path, n.path),
                          o, (o.node.ptr, n.node.ptr))
        elif global_same and _unchanged(ctx, o, n):
            continue
        scope = (o.node.ptr, n.node.ptr)
        for finding in _once_per_place(_operation_pair(ctx, o, n, webhook)):
            yield _capped(finding, o, scope)


def _slash_moves(gone: set[tuple[str, str]], came: set[tuple[str, str]]
                 ) -> dict[tuple[str, str], tuple[str, str]]:
    """Operations whose path only gained or lost its trailing slash: {old key: new key}.

    `/pets/` and `/pets` are different paths (both may be in one document, and then they
    pair with themselves); only an operation that exists under one of them in the old
    document and under the other in the new one moved, rather than went and came."""
    by_stem: dict[tuple[str, str], tuple[str, str]] = {}
    for key in came:
        by_stem.setdefault((key[0].rstrip("/") or "/", key[1]), key)
    return {key: by_stem[stem] for key in gone
            if (stem := (key[0].rstrip("/") or "/", key[1])) in by_stem}


def _unchanged(ctx: Context, o: Operation, n: Operation) -> bool:
    """Same operation, same path-level parameters and servers, through every ref.

    A whole path item that is the same settles all its operations with one check.
    """
    same = ctx.same.same
    if same(o.item, n.item):
        return True
    return (same(o.node, n.node) and same(o.item.child("parameters"), n.item.child("parameters"))
            and same(o.item.child("servers"), n.item.child("servers")))


def _operation_pair(ctx: Context, o: Operation, n: Operation, webhook: bool) -> Iterator[Finding]:
    yield from compare_operation(ctx, o, n, webhook=webhook)
    yield from operation_security(o, n)
    if o.servers is not None or n.servers is not None:
        # Effective servers: an operation without its own falls back to the document's.
        yield from server_changes(o.servers or ctx.old.root.child("servers"),
                                  n.servers or ctx.new.root.child("servers"), n.label)


def _once_per_place(findings: Iterator[Finding]) -> list[Finding]:
    """One finding per rule and place in an operation, by its shortest route.

    A component reached along many property paths of one response (Stripe's expandable
    objects reach the same enum hundreds of times) is still one change for that operation.
    """
    best: dict[tuple[Rule, str, str], list[Any]] = {}  # [finding, its route's length or None]
    for f in findings:
        key = (f.rule, f.location, repr(f.facts.get("value")))
        kept = best.get(key)
        if kept is None:
            best[key] = [f, None]  # measured only when another route reaches the place
            continue
        if kept[1] is None:
            kept[1] = _route(kept[0])
        length = _route(f)
        if length < kept[1]:
            kept[:] = [f, length]
    return [f for f, _ in best.values()]


def _route(finding: Finding) -> int:
    """How long the way to the change reads (the target as told): the shortest is kept.

    Not counting the media type: a body listed as `application/json` and `text/html` with
    one schema is one change, told for the media type the document lists first (the one
    seen first), not for the one with the shorter name."""
    target = finding.facts.get("target")
    if isinstance(target, Place):
        target = replace(target, media=None)
    return 0 if target is None else len(sentence("{target}", {"target": target}))


def _capped(finding: Finding, op: Operation, scope: tuple[str, ...]) -> Finding:
    """Changes to draft/alpha operations are info, to beta ones at most warning.

    The operation's stability is recorded too: notice policies ask for it; and the
    operation's own pointers (`scope`), to tell its own changes from shared ones.
    """
    level = stability(op.node)
    if level is None:
        return finding.located(finding.cap, finding.stability, scope)
    cap = None if finding.rule.effect is Effect.STABILITY else stability_cap(op.node)
    return finding.located(milder(finding.cap, cap), level, scope)
