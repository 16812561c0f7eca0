"""Swagger 2.0 read as OpenAPI 3: one engine compares both.

Only the shape moves (body and form parameters become a request body, response schemas
go under `content` for each `produces` type, host/basePath/schemes become servers).
`definitions`, `parameters` and `responses` stay at the top level so `#/definitions/...`
refs still resolve; referenced parameters and responses are inlined where they are used.
"""

from __future__ import annotations

from typing import Any

from ..load import Node, Resolver

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_PARAM_SCHEMA_KEYS = ("type", "format", "items", "collectionFormat", "default", "maximum",
                      "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength",
                      "pattern", "maxItems", "minItems", "uniqueItems", "enum", "multipleOf",
                      "x-nullable")
_FLOWS = {"implicit": "implicit", "password": "password", "application": "clientCredentials",
          "accessCode": "authorizationCode"}


def to_openapi3(spec: dict[str, Any], resolver: Resolver) -> dict[str, Any]:
    """A new dict shaped like OpenAPI 3.0 with the content of a Swagger 2.0 `spec`."""
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
                new_item[method] = _operation(resolver, item_node.child(method), shared,
                                              consumes, produces)
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
    schemes_out = {name: _security_scheme(s) for name, s in
                   _mapping(spec.get("securityDefinitions")).items() if isinstance(s, dict)}
    out["components"] = {"securitySchemes": schemes_out}
    return out


def _mapping(value: Any) -> dict[Any, Any]:
    """`value` if it is a mapping, else an empty one: wrong shapes are skipped, not fatal."""
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _params(resolver: Resolver, node: Node) -> list[dict[str, Any]]:
    if not isinstance(node.value, list):
        return []
    found = []
    for i in range(len(node.value)):
        p = resolver.deref(node.child(i)).value
        if isinstance(p, dict):
            found.append(p)
    return found


def _operation(resolver: Resolver, node: Node, shared: list[dict[str, Any]],
               consumes: list[str], produces: list[str]) -> dict[str, Any]:
    op = node.value
    consumes = _list(op.get("consumes")) or consumes
    produces = _list(op.get("produces")) or produces
    merged = {_param_key(p): p for p in shared}
    merged.update({_param_key(p): p for p in _params(resolver, node.child("parameters"))})
    out = {k: v for k, v in op.items()
           if k not in ("parameters", "responses", "consumes", "produces")}
    params, form = [], []
    for p in merged.values():
        where = p.get("in")
        if where == "body":
            out["requestBody"] = {
                "required": p.get("required") is True,
                "description": p.get("description"),
                "content": {mt: {"schema": p.get("schema", {})} for mt in consumes},
            }
        elif where == "formData":
            form.append(p)
        else:
            params.append(_param(p))
    if form:
        media = [m for m in consumes if "form" in m] or ["application/x-www-form-urlencoded"]
        schema = {"type": "object",
                  "properties": {p.get("name"): _schema_of(p) for p in form},
                  "required": [p.get("name") for p in form if p.get("required") is True]}
        out["requestBody"] = {"required": any(p.get("required") is True for p in form),
                              "content": {mt: {"schema": schema} for mt in media}}
    out["parameters"] = params
    responses = {}
    resp_node = node.child("responses")
    for status in _mapping(op.get("responses")):
        r = resolver.deref(resp_node.child(status)).value
        if isinstance(r, dict):
            responses[str(status)] = _response(r, produces)
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
