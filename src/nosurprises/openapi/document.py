"""An OpenAPI document as the comparison sees it: operations keyed for pairing.

Paths pair by template with parameter names ignored (`/pets/{id}` is `/pets/{petId}`),
operations by method, parameters by (in, name), with path parameters by position so a
rename pairs with itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..errors import InputError
from ..load import Document, Node, Resolver
from .swagger import to_openapi3

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_TEMPLATE_PARAM = re.compile(r"\{([^}/]*)\}")

ParamKey = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Operation:
    """One operation with what it inherits from its path item and the document."""

    label: str
    method: str
    path: str
    node: Node
    item: Node
    params: dict[ParamKey, Node]
    path_names: tuple[str, ...]
    security: Node
    servers: Node | None


@dataclass(frozen=True)
class Spec:
    """A loaded, version-normalised OpenAPI document."""

    resolver: Resolver
    root: Node
    version: str
    operations: dict[tuple[str, str], Operation]
    webhooks: dict[tuple[str, str], Operation]
    written: Any = None
    """The document as written (for Swagger 2.0, before it is read as OpenAPI 3)."""

    @property
    def data(self) -> dict[str, Any]:
        return self.root.value


def normalize_path(path: str) -> str:
    """`/pets/{petId}` -> `/pets/{}`: the key that pairs paths across versions."""
    return _TEMPLATE_PARAM.sub("{}", path)


def build_spec(doc: Document, resolver: Resolver) -> Spec:
    """Check that `doc` is OpenAPI 3.x or Swagger 2.0 and index its operations."""
    data = doc.data
    if not isinstance(data, dict):
        raise InputError(doc.label, f"is not an OpenAPI document (its top level is a "
                                    f"{type(data).__name__}, not a mapping)")
    version = data.get("openapi", data.get("swagger"))
    if isinstance(version, int | float):
        version = str(version)
    if not isinstance(version, str) or not (version.startswith("3.") or version == "2.0"):
        raise InputError(doc.label, "is not an OpenAPI document (no `openapi: 3.x` or "
                                    "`swagger: '2.0'` field)")
    if "paths" in data and not isinstance(data["paths"], dict | None):
        raise InputError(doc.label, "has `paths` that is not a mapping")
    if version == "2.0":
        converted = to_openapi3(data, resolver)
        doc = Document(data=converted, label=doc.label, path=doc.path)
        resolver = Resolver(doc, max_bytes=resolver.max_bytes, warnings=resolver.warnings)
    root = Node(doc.data, doc, "")
    return Spec(resolver, root, version,
                _operations(resolver, root, "paths", path_keys=True),
                _operations(resolver, root, "webhooks", path_keys=False), data)


def _operations(resolver: Resolver, root: Node, section: str, *, path_keys: bool
                ) -> dict[tuple[str, str], Operation]:
    items = root.value.get(section)
    if not isinstance(items, dict):
        return {}
    root_security = root.child("security")
    found: dict[tuple[str, str], Operation] = {}
    for path in sorted(items, key=str):
        item = resolver.deref(root.child(section).child(str(path)))
        if not isinstance(item.value, dict):
            continue
        path = str(path)
        names = tuple(_TEMPLATE_PARAM.findall(path)) if path_keys else ()
        shared = _param_map(resolver, item.child("parameters"), names)
        for method in METHODS:
            op = item.child(method)
            if not isinstance(op.value, dict):
                continue
            params = dict(shared)
            params.update(_param_map(resolver, op.child("parameters"), names))
            label = f"{method.upper()} {path}" if path_keys else f"{method.upper()} webhook:{path}"
            security = op.child("security") if "security" in op.value else root_security
            servers = next((n for n in (op.child("servers"), item.child("servers"))
                            if isinstance(n.value, list)), None)
            key = (normalize_path(path) if path_keys else path, method)
            found.setdefault(key, Operation(label, method, path, op, item, params, names,
                                            security, servers))
    return found


def _param_map(resolver: Resolver, node: Node, names: tuple[str, ...]) -> dict[ParamKey, Node]:
    if not isinstance(node.value, list):
        return {}
    params: dict[ParamKey, Node] = {}
    for i in range(len(node.value)):
        p = resolver.deref(node.child(i))
        if isinstance(p.value, dict) and isinstance(p.value.get("name"), str):
            params[param_key(p.value, names)] = p
    return params


def param_key(p: dict[str, Any], names: tuple[str, ...]) -> ParamKey:
    """How a parameter pairs across versions: path ones by position, headers case-blind."""
    where, name = str(p.get("in")), p["name"]
    if where == "path" and name in names:
        return where, f"#{names.index(name)}"
    if where == "header":
        return where, name.lower()
    return where, name
