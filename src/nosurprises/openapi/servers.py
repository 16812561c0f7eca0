"""Servers: the base URLs customers configure. A removed URL means reconfiguration.

URLs pair after the parts that do not matter to a client are ignored: a trailing slash
and the case of the scheme and host. Swagger 2.0 `host`/`basePath`/`schemes` arrive here
already read as servers, so a moved host is a removed server like any other.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from ..finding import Finding
from ..load import Node
from ..words import Code, Phrase, Term
from .rules import (
    FOR_OPERATION,
    SERVER_ADDED,
    SERVER_REMOVED,
    SERVER_TRAILING_SLASH_CHANGED,
    SERVER_VARIABLE_CHANGED,
)


def _key(url: str) -> str:
    """`HTTPS://API.example.com/v1/` and `https://api.example.com/v1` are one server."""
    url = url.strip().rstrip("/")
    if "://" not in url:
        return url or "/"
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    start = len(parts.scheme) + 3 + len(parts.netloc)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{url[start:]}"


def _index(node: Node | None) -> dict[str, tuple[str, Node]]:
    """{pairing key: (URL as shown, server node)}, the first of each key."""
    if node is None or not isinstance(node.value, list):
        return {}
    found: dict[str, tuple[str, Node]] = {}
    for i, server in enumerate(node.value):
        if isinstance(server, dict) and isinstance(server.get("url"), str):
            found.setdefault(_key(server["url"]), (server["url"].rstrip("/") or "/",
                                                   node.child(i)))
    return found


def server_changes(old: Node | None, new: Node | None, operation: str | None = None
                   ) -> Iterator[Finding]:
    """Added and removed base URLs, and changed variables of the ones kept."""
    om, nm = _index(old), _index(new)
    scope = Phrase(FOR_OPERATION, {"operation": operation}) if operation else ""
    for key in sorted(om.keys() - nm.keys()):
        url, node = om[key]
        yield Finding(SERVER_REMOVED, node.ptr, operation,
                      {"before": Code(url), "scope": scope}, url, None)
    for key in sorted(nm.keys() - om.keys()):
        url, node = nm[key]
        yield Finding(SERVER_ADDED, node.ptr, operation,
                      {"after": Code(url), "scope": scope}, None, url)
    for key in sorted(om.keys() & nm.keys()):
        (url, o), n = om[key], nm[key][1]
        was, now = o.value["url"].strip(), n.value["url"].strip()
        if was != now and was.rstrip("/") == now.rstrip("/"):
            yield Finding(SERVER_TRAILING_SLASH_CHANGED, f"{n.ptr}/url", operation,
                          {"before": Code(was), "after": Code(now), "scope": scope}, was, now)
        yield from _variables(o, n, nm[key][0], operation)


def _variables(o: Node, n: Node, url: str, operation: str | None) -> Iterator[Finding]:
    """A new default sends default-built clients elsewhere; a lost enum value is refused."""
    ov, nv = o.value.get("variables"), n.value.get("variables")
    if not isinstance(ov, dict) or not isinstance(nv, dict):
        return
    for name in sorted(set(ov) & set(nv), key=str):
        before, after = ov[name], nv[name]
        if not isinstance(before, dict) or not isinstance(after, dict):
            continue
        facts: dict[str, Any] = {"name": Code(name), "url": Code(url)}
        at = f"{n.ptr}/variables/{name}"
        was, now = before.get("default"), after.get("default")
        if was != now:
            yield Finding(SERVER_VARIABLE_CHANGED, f"{at}/default", operation,
                          {**facts, "field": "default", "before": Code(was),
                           "after": Code(now)}, was, now)
        old_enum, new_enum = before.get("enum"), after.get("enum")
        if isinstance(new_enum, list) and (
                not isinstance(old_enum, list) or any(v not in new_enum for v in old_enum)):
            shown = Code(old_enum) if isinstance(old_enum, list) else Term("any-value")
            yield Finding(SERVER_VARIABLE_CHANGED, f"{at}/enum", operation,
                          {**facts, "field": Term("allowed-values"), "before": shown,
                           "after": Code(new_enum)}, old_enum, new_enum)
