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
from .swagger import Moved, to_openapi3

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_TEMPLATE_PARAM = re.compile(r"\{([^}/]*)\}")

ParamKey = tuple[str, str]


@dataclass(slots=True)
class Operation:
    """One operation with what it inherits from its path item and the document.

    Parameters are indexed on first use: most operations of a large spec are unchanged and
    skipped whole, so indexing them all up front would be wasted work.
    """

    label: str
    method: str
    path: str
    node: Node
    item: Node
    path_names: tuple[str, ...]
    security: Node
    servers: Node | None
    resolver: Resolver
    _index: tuple[dict[ParamKey, Node], dict[ParamKey, str]] | None = None

    def _indexed(self) -> tuple[dict[ParamKey, Node], dict[ParamKey, str]]:
        if self._index is None:
            shared, shared_at = _param_map(self.resolver, self.item.child("parameters"),
                                           self.path_names)
            own, own_at = _param_map(self.resolver, self.node.child("parameters"),
                                     self.path_names)
            self._index = ({**shared, **own}, {**shared_at, **own_at})
        return self._index

    @property
    def params(self) -> dict[ParamKey, Node]:
        """Effective parameters (the operation's override the path item's) by pairing key."""
        return self._indexed()[0]

    @property
    def param_entries(self) -> dict[ParamKey, str]:
        """Where each parameter is listed (for a `$ref`'d one, not where its component lives)."""
        return self._indexed()[1]


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
    moved: Moved | None = None
    """For Swagger 2.0, where the parts read as OpenAPI 3 are written (to point there)."""

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
    moved = None
    if version == "2.0":
        moved = Moved(data)
        converted = to_openapi3(data, resolver, moved)
        doc = Document(data=converted, label=doc.label, path=doc.path)
        resolver = Resolver(doc, max_bytes=resolver.max_bytes, warnings=resolver.warnings)
    root = Node(doc.data, doc, "")
    operations = _operations(resolver, root, "paths", path_keys=True)
    # 3.0 documents (GitHub's among them) write their webhooks as `x-webhooks`, the
    # extension 3.1's `webhooks` grew from: the same object, paired with it across versions
    section = "webhooks" if isinstance(doc.data.get("webhooks"), dict) else "x-webhooks"
    webhooks = {**_operations(resolver, root, section, path_keys=False),
                **_callbacks(resolver, operations)}
    return Spec(resolver, root, version, operations, webhooks, data, moved)


def _callbacks(resolver: Resolver, operations: dict[tuple[str, str], Operation]
               ) -> dict[tuple[str, str], Operation]:
    """The requests each operation's `callbacks` make: sent by the provider, like webhooks.

    Keyed by the operation, the callback's name and its URL expression, and told as
    `POST callback:onEvent of POST /subscribe` (with the expression when a callback has
    several), so a callback pairs with itself across versions and names where it lives.
    """
    found: dict[tuple[str, str], Operation] = {}
    for key, op in operations.items():
        callbacks = op.node.value.get("callbacks")
        if not isinstance(callbacks, dict):
            continue
        for name in sorted(callbacks, key=str):
            callback = resolver.deref(op.node.child("callbacks").child(name))
            if not isinstance(callback.value, dict):
                continue
            for expression in sorted(callback.value, key=str):
                item = resolver.deref(callback.child(expression))
                if not isinstance(item.value, dict):
                    continue
                shown = f"callback:{name}" + (f" {expression}" if len(callback.value) > 1 else "")
                for method in METHODS:
                    if not isinstance(item.value.get(method), dict):
                        continue
                    node = item.child(method)
                    found[(f"{key[1]} {key[0]} {name} {expression}", method)] = Operation(
                        f"{method.upper()} {shown} of {op.label}", method, f"{shown} of {op.label}",
                        node, item,
                        (), node.child("security"), None, resolver)
    return found


def _operations(resolver: Resolver, root: Node, section: str, *, path_keys: bool
                ) -> dict[tuple[str, str], Operation]:
    items = root.value.get(section)
    if not isinstance(items, dict):
        return {}
    root_security = root.child("security")
    found: dict[tuple[str, str], Operation] = {}
    for path in sorted(items, key=str):
        item = resolver.deref(root.child(section).child(path))
        if not isinstance(item.value, dict):
            continue
        path = str(path)
        names = tuple(_TEMPLATE_PARAM.findall(path)) if path_keys else ()
        servers_of_item = item.child("servers")
        for method in METHODS:
            op_value = item.value.get(method)
            if not isinstance(op_value, dict):
                continue
            op = item.child(method)
            label = f"{method.upper()} {path}" if path_keys else f"{method.upper()} webhook:{path}"
            security = op.child("security") if "security" in op_value else root_security
            servers = next((n for n in (op.child("servers"), servers_of_item)
                            if isinstance(n.value, list)), None)
            key = (normalize_path(path) if path_keys else path, method)
            if key not in found:
                found[key] = Operation(label, method, path, op, item, names, security, servers,
                                       resolver)
    return found


# OpenAPI: header parameters with these names SHALL be ignored (other fields describe them).
_IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})


def _param_map(resolver: Resolver, node: Node, names: tuple[str, ...]
               ) -> tuple[dict[ParamKey, Node], dict[ParamKey, str]]:
    """Parameters by pairing key, and the pointer of the list entry that declares each."""
    params: dict[ParamKey, Node] = {}
    entries: dict[ParamKey, str] = {}
    if not isinstance(node.value, list):
        return params, entries
    for i in range(len(node.value)):
        entry = node.child(i)
        p = resolver.deref(entry)
        if not isinstance(p.value, dict) or not isinstance(p.value.get("name"), str):
            continue
        key = param_key(p.value, names)
        if key[0] == "header" and key[1] in _IGNORED_HEADERS:
            continue
        params[key], entries[key] = p, entry.ptr
    return params, entries


def param_key(p: dict[str, Any], names: tuple[str, ...]) -> ParamKey:
    """How a parameter pairs across versions: path ones by position, headers case-blind."""
    where, name = str(p.get("in")), p["name"]
    if where == "path" and name in names:
        return where, f"#{names.index(name)}"
    if where == "header":
        return where, name.lower()
    return where, name


@dataclass(frozen=True)
class Filters:
    """What oasdiff's users expect to narrow a comparison by, applied before pairing.

    `strip_base`/`strip_revision`: a prefix taken off the old/new document's paths for
    pairing (`/api/v1/pets` pairs with `/pets` when the prefix moved into `servers`); the
    report still names each path as written. `extension`: a regular expression (RE2) of
    extension names (`x-internal`) that leave out a path item or operation carrying one with
    a true value, in both documents, as internal operations customers never call.
    """

    strip_base: str | None = None
    strip_revision: str | None = None
    extension: Any = None
    """A compiled `regex.Searcher`, or None."""

    def narrow(self, ops: dict[tuple[str, str], Operation], strip: str | None
               ) -> dict[tuple[str, str], Operation]:
        found: dict[tuple[str, str], Operation] = {}
        for key, op in ops.items():
            if self.extension is not None and (_marked(op.node.value, self.extension)
                                               or _marked(op.item.value, self.extension)):
                continue
            if strip and op.path.startswith(strip) and op.path != strip:
                rest = op.path[len(strip):]
                key = (normalize_path(rest if rest.startswith("/") else "/" + rest), key[1])
            found.setdefault(key, op)
        return found


def _marked(value: Any, extension: Any) -> bool:
    """Whether an object carries an extension the pattern names, with a value that is not
    false or empty (`x-internal: true`; `x-internal: false` keeps it)."""
    return isinstance(value, dict) and any(
        isinstance(k, str) and k.startswith("x-") and v not in (False, None, "", [], {})
        and extension.search(k) for k, v in value.items())
