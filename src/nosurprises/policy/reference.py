"""The policy file reference, generated from the models so `docs/policy.md` cannot drift.

Types, descriptions and required fields come from the pydantic JSON Schema (what a validator
of the file sees); defaults made by a factory are missing from that schema, so they are read
from the model fields.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from pydantic import BaseModel

from .. import docgen
from .model import NoticeRule, Policy

MODELS: tuple[type[BaseModel], ...] = (Policy, NoticeRule)
"""The models a policy file is made of, in the order the reference lists them."""

WHERE = {
    "Policy": "The `policy:` mapping of `nosurprises.yaml`, or `[tool.nosurprises.policy]` in "
              "`pyproject.toml`.",
    "NoticeRule": "An entry of `rules` (in a policy or a pack).",
}




def policy_reference() -> str:
    """A Markdown table per model: field, type, default, description."""
    schema = Policy.model_json_schema()
    defs: dict[str, Any] = schema.get("$defs", {})
    sections = []
    for model in MODELS:
        node = schema if model is Policy else defs[model.__name__]
        sections.append(_table(model, node, defs))
    return "\n\n".join(sections) + "\n"


def _table(model: type[BaseModel], node: dict[str, Any], defs: dict[str, Any]) -> str:
    name = model.__name__
    lines = [f"### {name}", "", " ".join(filter(None, [WHERE.get(name), node.get("description")])),
             "", "| Field | Type | Default | Description |", "| --- | --- | --- | --- |"]
    required = set(node.get("required", []))
    for field, prop in node["properties"].items():
        if field in required:
            default = "required"
        elif "default" in prop:
            default = _value(prop["default"])
        else:
            default = _value(model.model_fields[field].get_default(call_default_factory=True))
        description = prop.get("description") or _referenced_description(prop, defs)
        cells = (docgen.cell(_type(prop, defs)), docgen.cell(default), docgen.cell(description))
        lines.append(f"| `{field}` | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _type(prop: dict[str, Any], defs: dict[str, Any]) -> str:
    """A schema node as a reader of a YAML file thinks of it."""
    if "$ref" in prop:
        target = prop["$ref"].rsplit("/", 1)[-1]
        ref = defs[target]
        if "enum" in ref:
            return _type(ref, defs)
        return f"[{target}](#{target.lower()})"
    if "anyOf" in prop:
        options = [o for o in prop["anyOf"] if o.get("type") != "null"]
        nullable = len(options) < len(prop["anyOf"])
        text = " or ".join(_type(o, defs) for o in options)
        return f"{text} or null" if nullable else text
    if "enum" in prop:
        return "one of " + ", ".join(f"`{v}`" for v in prop["enum"])
    kind = prop.get("type", "any")
    if kind == "array":
        items = prop.get("items", {})
        text = _type(items, defs)
        return f"list of ({text})" if _compound(items, defs) else f"list of {text}"
    if "minimum" in prop:
        return f"{kind} ≥ {prop['minimum']}"
    return str(kind)


def _compound(prop: dict[str, Any], defs: dict[str, Any]) -> bool:
    """Whether a list's item type needs brackets to be read unambiguously (an enum, a union)."""
    if "$ref" in prop:
        return "enum" in defs[prop["$ref"].rsplit("/", 1)[-1]]
    return "enum" in prop or "anyOf" in prop


def _referenced_description(prop: dict[str, Any], defs: dict[str, Any]) -> str:
    """A field with no description of its own is described by the model it holds."""
    ref = prop.get("$ref") or prop.get("items", {}).get("$ref")
    text = defs[ref.rsplit("/", 1)[-1]].get("description", "") if ref else ""
    return f"Each entry: {text[:1].lower()}{text[1:]}" if text and "items" in prop else text


def _value(value: Any) -> str:
    return f"`{json.dumps(value, ensure_ascii=False)}`"


if __name__ == "__main__":  # python -m nosurprises.policy.reference docs/policy.md
    docgen.rewrite_page(sys.argv[1], "policy_reference", policy_reference())
