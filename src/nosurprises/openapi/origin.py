"""Where an API change was made, and how it is told there without naming one operation.

The diff stage already locates each finding where the change was made: a schema finding at
the pointer of the resolved schema (through every `$ref`, into the document it lives in:
the old one for what was removed), a `$ref`'d parameter, body or header at its component,
and what is gone from one operation (a removed `$ref`'d parameter) at the operation's entry.
So the origin of a change is its location, and every operation that reaches one component
change shares it. What differs per operation is the sentence, which names the operation and
the property path from it; this module states the facts of the sentence at its origin (the
shared schema as a `words.Place`), for `Report.groups`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..load.refs import unescape
from ..words import Place, Term

_SCHEMA_ROOTS = (("components", "schemas"), ("definitions",))
"""Where named schemas live: OpenAPI 3 components and Swagger 2.0 definitions."""

_COMPONENTS = {("components", "parameters"): "parameter", ("components", "headers"): "header",
               ("components", "requestBodies"): "request body",
               ("components", "responses"): "response", ("parameters",): "parameter",
               ("responses",): "response"}
"""Shared components that hold a schema (3.x, and Swagger 2.0's top-level maps)."""

_ENTERED = {"additionalProperties": "*", "not": "<not>", "if": "<if>", "then": "<then>",
            "else": "<else>", "contains": "<contains>", "propertyNames": "<propertyNames>",
            "unevaluatedItems": "<unevaluatedItems>",
            "unevaluatedProperties": "<unevaluatedProperties>",
            "contentSchema": "<contentSchema>"}
"""Keywords holding one subschema, shown as the per-operation property paths show them;
only when the pointer goes on into the subschema (else the keyword itself changed)."""


def within(location: str, scope: tuple[str, ...]) -> bool:
    """Whether `location` lies in one of the operations' own subtrees named by `scope`."""
    for own in scope:
        if location.startswith(own) and (len(location) == len(own) or location[len(own)] == "/"):
            return True
    return False


def origin_facts(facts: Mapping[str, Any], location: str) -> dict[str, Any]:
    """The facts of the rule's sentence about the change at `location`, for every operation
    it reaches.

    Schema rules name the schema and the property path inside it (schema `Pet`, property
    `tags[].name`) instead of an operation and the path from it; the others read "each
    affected operation".
    """
    if "target" in facts:
        return {**facts, "target": schema_target(location, facts.get("step"))}
    return {**facts, "operation": Term("each-operation")}


def schema_target(location: str, step: str | None = None) -> Place:
    """A schema place told by itself: the named schema and the property path inside it.

    `step` is the property a finding is about when its pointer stops at the parent's
    `required` list (a property that became required or optional).
    """
    # `file.yaml#/pointer` inside a referenced file; a pointer's own tokens may hold a `#`
    file_part, _, pointer = ("", "", location) if location.startswith("/") else location.partition("#")
    tokens = [unescape(t) for t in pointer.split("/")[1:]] if pointer.startswith("/") else []
    base, rest = _schema_root(tokens)
    if base is None and file_part and tokens and _container(tokens) is None \
            and "schema" not in tokens:
        base, rest = tokens[0], tokens[1:]  # `common.yaml#/Pet`: a file of named schemas
    steps = _steps(rest)
    if step is not None and tokens[-1:] == ["required"]:
        steps.append(step)
    container = _container(tokens)
    path, file = _show(steps), file_part or None
    if base is not None:
        return Place("schema", name=base, file=file, path=path)
    if container is not None:
        return Place("component", where=container[0], name=container[1], file=file, path=path)
    root = "/".join(pointer.split("/")[: len(tokens) - len(rest) + 1]) or "/"
    return Place("pointer", name=root, file=file, path=path)


def _container(tokens: list[str]) -> tuple[str, str] | None:
    """The shared component holding a schema (kind, name: `parameter`, `limit`), else None."""
    for prefix, kind in _COMPONENTS.items():
        n = len(prefix)
        if tuple(tokens[:n]) == prefix and len(tokens) > n:
            return kind, tokens[n]
    return None


def _schema_root(tokens: list[str]) -> tuple[str | None, list[str]]:
    """(the name of a named schema or None, the tokens inside the schema)."""
    for prefix in _SCHEMA_ROOTS:
        n = len(prefix)
        if tuple(tokens[:n]) == prefix and len(tokens) > n:
            return tokens[n], tokens[n + 1:]
    for i, token in enumerate(tokens):
        if token == "schema" and (i == 0 or tokens[i - 1] != "properties"):
            return None, tokens[i + 1:]
    return None, []


def _steps(tokens: list[str]) -> list[str]:
    """The property path the tokens walk, up to the keyword that changed."""
    steps: list[str] = []
    i = 0
    while i < len(tokens):
        token, more = tokens[i], i + 1 < len(tokens)
        if token in ("properties", "patternProperties", "dependentSchemas") and more:
            name = tokens[i + 1]
            steps.append(name if token == "properties" else f"<{token} {name}>")
            i += 2
        elif token == "items":
            steps.append("[]")
            i += 1
        elif token in ("allOf", "oneOf", "anyOf", "prefixItems") and more and tokens[i + 1].isdigit():
            if token != "allOf":  # allOf members are read merged: their properties are the schema's
                steps.append(f"[{tokens[i + 1]}]" if token == "prefixItems"
                             else f"<{token} {tokens[i + 1]}>")
            i += 2
        elif token in _ENTERED and more:
            steps.append(_ENTERED[token])
            i += 1
        else:
            break
    return steps


def _show(path: list[str]) -> str:
    """Joined as the per-operation paths are: `a.b[].c`."""
    text = ""
    for step in path:
        text += step if step.startswith("[") or not text else f".{step}"
    return text
