"""Servers: the base URLs customers configure. A removed URL means reconfiguration."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..load import Node
from .findings import Finding


def _index(node: Node | None) -> dict[str, Node]:
    if node is None or not isinstance(node.value, list):
        return {}
    found: dict[str, Node] = {}
    for i, server in enumerate(node.value):
        if isinstance(server, dict) and isinstance(server.get("url"), str):
            found.setdefault(server["url"].rstrip("/"), node.child(i))
    return found


def server_changes(old: Node | None, new: Node | None, operation: str | None = None
                   ) -> Iterator[Finding]:
    """Added and removed base URLs, and changed variables of the ones kept."""
    om, nm = _index(old), _index(new)
    scope = f" for {operation}" if operation else ""
    for url in sorted(om.keys() - nm.keys()):
        yield Finding("api.server.removed", om[url].ptr, operation,
                      {"before": f"`{url}`", "scope": scope}, url, None)
    for url in sorted(nm.keys() - om.keys()):
        yield Finding("api.server.added", nm[url].ptr, operation,
                      {"after": f"`{url}`", "scope": scope}, None, url)
    for url in sorted(om.keys() & nm.keys()):
        yield from _variables(om[url], nm[url], url, operation)


def _variables(o: Node, n: Node, url: str, operation: str | None) -> Iterator[Finding]:
    ov, nv = o.value.get("variables"), n.value.get("variables")
    if not isinstance(ov, dict) or not isinstance(nv, dict):
        return
    for name in sorted(set(ov) & set(nv), key=str):
        before, after = ov[name], nv[name]
        if not isinstance(before, dict) or not isinstance(after, dict):
            continue
        facts: dict[str, Any] = {"name": f"`{name}`", "url": f"`{url}`"}
        if before.get("default") != after.get("default"):
            yield Finding("api.server.variable-changed", f"{n.ptr}/variables/{name}/default",
                          operation, {**facts, "field": "default", "before": f"`{before.get('default')}`",
                                      "after": f"`{after.get('default')}`"},
                          before.get("default"), after.get("default"))
        old_enum, new_enum = before.get("enum"), after.get("enum")
        if isinstance(old_enum, list) and isinstance(new_enum, list):
            lost = [v for v in old_enum if v not in new_enum]
            if lost:
                yield Finding("api.server.variable-changed", f"{n.ptr}/variables/{name}/enum",
                              operation, {**facts, "field": "allowed values",
                                          "before": f"`{old_enum}`", "after": f"`{new_enum}`"},
                              old_enum, new_enum)
