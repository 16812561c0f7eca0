"""Swagger 2.0 read as OpenAPI 3: one engine compares both.

Only the shape moves (body and form parameters become a request body, response schemas
go under `content` for each `produces` type, host/basePath/schemes become servers).
`definitions`, `parameters` and `responses` stay at the top level so `#/definitions/...`
refs still resolve; referenced parameters and responses are inlined where they are used.

Findings point into the document read as OpenAPI 3; `Moved` records where each moved part
came from, so a change is told at its place in the document as written (issue 12).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..load import Node, Resolver
from ..load.refs import escape, unescape

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_PARAM_SCHEMA_KEYS = ("type", "format", "items", "collectionFormat", "default", "maximum",
                      "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength",
                      "pattern", "maxItems", "minItems", "uniqueItems", "enum", "multipleOf",
                      "x-nullable")
_FLOWS = {"implicit": "implicit", "password": "password", "application": "clientCredentials",
          "accessCode": "authorizationCode"}


@dataclass
class Moved:
    """Where the parts of a Swagger 2.0 document read as OpenAPI 3 are written.

    `places` maps a pointer of the converted document to (where that node is written,
    where what lies under it is written): a parameter's `schema` is the parameter itself
    (its keywords are written on it), a response's `content/<type>/schema` its `schema`.
    What has no place of its own in Swagger 2.0 (a server's URL is `host` and `basePath`,
    a media type is a `produces` entry, `style: form` a `collectionFormat` or nothing) is
    told at the nearest place that does exist: pointers are only ever made shorter there.
    """

    written: Any
    places: dict[str, tuple[str, str]] = field(default_factory=dict)

    def put(self, converted: str, at: str, under: str | None = None) -> None:
        self.places[converted] = (at, at if under is None else under)

    def back(self, pointer: str) -> str:
        """`pointer` of the converted document, as a pointer into the document as written."""
        if not pointer.startswith("/"):
            return pointer  # `file#/...`: another file, not converted
        hit = self.places.get(pointer)
        if hit is not None:
            return self._existing(hit[0])
        cut = len(pointer)
        while (cut := pointer.rfind("/", 0, cut)) > 0:
            hit = self.places.get(pointer[:cut])
            if hit is not None:
                return self._existing(hit[1] + pointer[cut:])
        return self._existing(pointer)

    def _existing(self, pointer: str) -> str:
        """`pointer`, or its nearest ancestor that the document as written holds."""
        if not pointer.startswith("/"):
            return pointer
        tokens = pointer.split("/")[1:]
        node, kept = self.written, 0
        for token in tokens:
            key = unescape(token)
            if isinstance(node, dict):
                match = next((k for k in node if str(k) == key), _ABSENT)
                if match is _ABSENT:
                    break
                node = node[match]
            elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
                node = node[int(key)]
            else:
                break
            kept += 1
        return "".join("/" + t for t in tokens[:kept])


_ABSENT = object()


def to_openapi3(spec: dict[str, Any], resolver: Resolver, moved: Moved | None = None
                ) -> dict[str, Any]:
    """A new dict shaped like OpenAPI 3.0 with the content of a Swagger 2.0 `spec`.

    `moved`, when given, records where the moved parts are written (see `Moved`)."""
    moved = moved if moved is not None else Moved(spec)
    out = {k: v for k, v in spec.items() if k not in ("swagger", "paths", "securityDefinitions")}
    out["openapi"] = "3.0.0"
    out["x-swagger-version"] = spec.get("swagger")
    consumes = _list(spec.get("consumes")) or ["application/json"]
    produces = _list(spec.get("produces")) or ["application/json"]
    root = Node(spec, resolver.root, "")
    paths: dict[str, Any] = {}
    for path in _mapping(spec.get("paths")):
        item_node = resolver.deref(root.child("paths").child(path))
        if not isinstance(item_node.value, dict):
            continue
        new_item: dict[str, Any] = {}
        shared = _params(resolver, item_node.child("parameters"))
        for method, op in item_node.value.items():
            if method in _METHODS and isinstance(op, dict):
                at = f"/paths/{escape(str(path))}/{method}"
                moved.put(at, item_node.child(method).ptr)
                new_item[method] = _operation(resolver, item_node.child(method), shared,
                                              consumes, produces, moved, at)
            elif method not in ("parameters",) and method not in _METHODS:
                new_item[method] = op
        paths[str(path)] = new_item
    out["paths"] = paths
    schemes = _list(spec.get("schemes")) or ["https"]
    host = spec.get("host")
    if isinstance(host, str):
        base = spec.get("basePath") if isinstance(spec.get("basePath"), str) else ""
        out["servers"] = [{"url": f"{s}://{host}{base}"} for s in schemes]
    elif isinstance(spec.get("basePath"), str):
        out["servers"] = [{"url": spec["basePath"]}]
    for i in range(len(out.get("servers", ()))):
        moved.put(f"/servers/{i}", "/host" if isinstance(host, str) else "/basePath")
    schemes_out = {name: _security_scheme(s) for name, s in
                   _mapping(spec.get("securityDefinitions")).items() if isinstance(s, dict)}
    for name, scheme in schemes_out.items():
        at = f"/securityDefinitions/{escape(str(name))}"
        moved.put(f"/components/securitySchemes/{escape(str(name))}", at)
        for flow in _mapping(scheme.get("flows")):  # the flow's URLs and scopes are the scheme's
            moved.put(f"/components/securitySchemes/{escape(str(name))}/flows/{escape(flow)}",
                      f"{at}/flow", at)
    out["components"] = {"securitySchemes": schemes_out}
    return out


def _mapping(value: Any) -> dict[Any, Any]:
    """`value` if it is a mapping, else an empty one: wrong shapes are skipped, not fatal."""
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _params(resolver: Resolver, node: Node) -> list[tuple[dict[str, Any], str]]:
    """The parameters listed at `node`, each with where it is written (through `$ref`)."""
    if not isinstance(node.value, list):
        return []
    found = []
    for i in range(len(node.value)):
        p = resolver.deref(node.child(i))
        if isinstance(p.value, dict):
            found.append((p.value, p.ptr))
    return found


def _media_entry(node: Node, key: str, media: str, written: Any, default: str) -> str:
    """Where a media type of an operation is written: its entry in the operation's own
    `consumes`/`produces` list, else in the document's; the list when the type is not
    listed as written; `default` when there is no list (the type is the default one)."""
    own = node.value.get(key)
    if isinstance(own, list):
        base, values = node.child(key).ptr, own
    else:
        top = written.get(key) if isinstance(written, dict) else None
        if not isinstance(top, list):
            return default
        base, values = f"/{key}", top
    return f"{base}/{values.index(media)}" if media in values else base


def _operation(resolver: Resolver, node: Node, shared: list[tuple[dict[str, Any], str]],
               consumes: list[str], produces: list[str], moved: Moved, at: str
               ) -> dict[str, Any]:
    op = node.value
    consumes = _list(op.get("consumes")) or consumes
    produces = _list(op.get("produces")) or produces
    merged = {_param_key(p): (p, ptr) for p, ptr in shared}
    merged.update({_param_key(p): (p, ptr)
                   for p, ptr in _params(resolver, node.child("parameters"))})
    out = {k: v for k, v in op.items()
           if k not in ("parameters", "responses", "consumes", "produces")}
    params, form = [], []
    for p, ptr in merged.values():
        where = p.get("in")
        if where == "body":
            out["requestBody"] = {
                "required": p.get("required") is True,
                "description": p.get("description"),
                "content": {mt: {"schema": p.get("schema", {})} for mt in consumes},
            }
            moved.put(f"{at}/requestBody", ptr)
            for mt in consumes:
                moved.put(f"{at}/requestBody/content/{escape(mt)}",
                          _media_entry(node, "consumes", mt, moved.written, ptr), ptr)
        elif where == "formData":
            form.append((p, ptr))
        else:
            i = len(params)
            params.append(_param(p))
            moved.put(f"{at}/parameters/{i}", ptr)
            moved.put(f"{at}/parameters/{i}/schema", ptr)  # its keywords are the parameter's
            for key in ("style", "explode"):
                moved.put(f"{at}/parameters/{i}/{key}",
                          f"{ptr}/collectionFormat" if "collectionFormat" in p else ptr)
    if form:
        media = [m for m in consumes if "form" in m] or ["application/x-www-form-urlencoded"]
        schema = {"type": "object",
                  "properties": {p.get("name"): _schema_of(p) for p, _ in form},
                  "required": [p.get("name") for p, _ in form if p.get("required") is True]}
        out["requestBody"] = {"required": any(p.get("required") is True for p, _ in form),
                              "content": {mt: {"schema": schema} for mt in media}}
        moved.put(f"{at}/requestBody", node.ptr)  # the form fields have no one place
        for mt in media:
            body = f"{at}/requestBody/content/{escape(mt)}"
            moved.put(body, _media_entry(node, "consumes", mt, moved.written, node.ptr),
                      node.ptr)
            for p, ptr in form:
                moved.put(f"{body}/schema/properties/{escape(str(p.get('name')))}", ptr)
    out["parameters"] = params
    responses = {}
    resp_node = node.child("responses")
    for status in _mapping(op.get("responses")):
        r = resolver.deref(resp_node.child(status))
        if isinstance(r.value, dict):
            responses[str(status)] = _response(r.value, produces)
            here = f"{at}/responses/{escape(str(status))}"
            moved.put(here, r.ptr)
            for mt in produces:
                moved.put(f"{here}/content/{escape(mt)}",
                          _media_entry(node, "produces", mt, moved.written, r.ptr), r.ptr)
                moved.put(f"{here}/content/{escape(mt)}/schema", f"{r.ptr}/schema")
            for name in _mapping(r.value.get("headers")):
                header = f"{r.ptr}/headers/{escape(str(name))}"
                moved.put(f"{here}/headers/{escape(str(name))}", header)
                moved.put(f"{here}/headers/{escape(str(name))}/schema", header)
    out["responses"] = responses
    return out


def _param_key(p: dict[str, Any]) -> tuple[str, str]:
    """An operation's parameter overrides the path item's one: header names case-blind."""
    where, name = str(p.get("in")), str(p.get("name"))
    return where, name.lower() if where == "header" else name


def _schema_of(p: dict[str, Any]) -> dict[str, Any]:
    return {k: p[k] for k in _PARAM_SCHEMA_KEYS if k in p}


def _param(p: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in p.items() if k not in _PARAM_SCHEMA_KEYS}
    out["schema"] = _schema_of(p)
    if p.get("type") == "array":
        out.update(_array_style(p.get("in"), p.get("collectionFormat", "csv")))
    return out


def _array_style(where: Any, fmt: Any) -> dict[str, Any]:
    """The OpenAPI 3 `style`/`explode` that puts an array on the wire as `collectionFormat`.

    Swagger's default is `csv` (`a,b`), which for a query is `form` *without* explode; left
    to OpenAPI 3's defaults it would read as `a=1&a=2`, so a change to `multi` went unseen
    and a Swagger 2.0 -> OpenAPI 3 migration showed a change that was not there.
    """
    if fmt == "multi":
        return {"style": "form", "explode": True}
    if fmt == "ssv":
        return {"style": "spaceDelimited", "explode": False}
    if fmt == "pipes":
        return {"style": "pipeDelimited", "explode": False}
    if fmt == "tsv":  # no OpenAPI 3 equivalent; kept distinct so a change to or from it shows
        return {"style": "tabDelimited", "explode": False}
    if where in ("query", "cookie"):
        return {"style": "form", "explode": False}
    return {"style": "simple", "explode": False}


def _response(r: dict[str, Any], produces: list[str]) -> dict[str, Any]:
    out = {k: v for k, v in r.items() if k not in ("schema", "headers", "examples")}
    if "schema" in r:
        out["content"] = {mt: {"schema": r["schema"]} for mt in produces}
    headers = r.get("headers")
    if isinstance(headers, dict):
        out["headers"] = {name: {"description": h.get("description"), "schema": _schema_of(h)}
                          for name, h in headers.items() if isinstance(h, dict)}
    return out


def _security_scheme(s: dict[str, Any]) -> dict[str, Any]:
    kind = s.get("type")
    if kind == "basic":
        return {"type": "http", "scheme": "basic"}
    if kind == "oauth2":
        flow = {k: s[k] for k in ("authorizationUrl", "tokenUrl") if k in s}
        flow["scopes"] = _mapping(s.get("scopes"))
        name = str(s.get("flow"))
        return {"type": "oauth2", "flows": {_FLOWS.get(name, name): flow}}
    return dict(s)
