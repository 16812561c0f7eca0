"""Generated parts of hand-written docs pages: the text between two markers.

Reference tables (policy, price book, events, ledger) are rendered from the models, so
they cannot drift from the code; the prose around them stays hand-written. The drift tests
compare `generated_part(page, name)` with what the code renders now. The field tables of
every reference are rendered here, so the four pages describe types and defaults alike.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

END = "<!-- END GENERATED -->"

Schema = dict[str, Any]
"""A JSON Schema node as pydantic writes it."""

Special = Callable[[Schema], str | None]
"""Names a type a schema spells out poorly (pricing's decimal strings), or says None."""

FORMATS = {"date": "date (`YYYY-MM-DD`)", "date-time": "date and time (ISO 8601)"}
BOUNDS = (("minimum", "≥"), ("exclusiveMinimum", ">"), ("maximum", "≤"), ("exclusiveMaximum", "<"))
HEADER = "| Field | Type | Default | Description |\n| --- | --- | --- | --- |"


def begin(name: str) -> str:
    """The opening marker of the block rendered by function `name` (e.g. `policy_reference`)."""
    return f"<!-- BEGIN GENERATED: {name}() -->"


def generated_part(text: str, name: str) -> str:
    """What sits between the markers of block `name` in a page."""
    return text.split(begin(name), 1)[1].split(END, 1)[0].strip("\n") + "\n"


def with_generated(text: str, name: str, rendered: str) -> str:
    """The page with block `name` replaced by `rendered`, the rest as written."""
    head, marker, rest = text.partition(begin(name))
    _, end, tail = rest.partition(END)
    if not marker or not end:
        raise ValueError(f"the page has no generated block for {name}() (BEGIN/END markers)")
    return f"{head}{marker}\n\n{rendered.rstrip(chr(10))}\n{END}{tail}"


def cell(text: str) -> str:
    """A Markdown table cell: a `|` would end the cell, a newline the row."""
    return text.replace("|", "\\|").replace("\n", " ")


def literal_angles(text: str) -> str:
    """Markdown whose `<name>` placeholders show as written: outside code spans, Markdown (and
    the docs site) takes `<before>` for an HTML tag and shows nothing; inside one it is literal."""
    return _SPAN_OR_ANGLE.sub(lambda m: "&lt;" if m.group(0) == "<" else m.group(0), text)


_SPAN_OR_ANGLE = re.compile(r"(`+).*?(?<!`)\1(?!`)|<", re.S)
"""A code span (closed by a run of as many backticks), else a `<`: spans are kept whole."""


def rewrite_page(path: str, name: str, rendered: str) -> None:
    """Regenerate block `name` of the page at `path` in place (the docs' regeneration step)."""
    page = Path(path)
    page.write_text(with_generated(page.read_text(encoding="utf-8"), name, rendered), encoding="utf-8")


def regenerate(path: str, blocks: Mapping[str, Callable[[], str]]) -> None:
    """Regenerate each of `blocks` that the page at `path` holds: one command serves several pages."""
    page = Path(path)
    text = page.read_text(encoding="utf-8")
    found = [name for name in blocks if begin(name) in text]
    if not found:
        raise ValueError(f"{path} has none of the generated blocks {', '.join(f'{n}()' for n in blocks)}")
    for name in found:
        text = with_generated(text, name, blocks[name]())
    page.write_text(text, encoding="utf-8")


# --- field tables ------------------------------------------------------------------------------

class _WithFactoryDefaults(GenerateJsonSchema):
    """Pydantic leaves `default_factory` defaults out of a schema; a reader still wants `[]`."""

    def default_schema(self, schema: core_schema.WithDefaultSchema) -> JsonSchemaValue:
        factory = schema.get("default_factory")
        if factory is not None and not schema.get("default_factory_takes_data"):
            schema = schema.copy()
            del schema["default_factory"]
            schema["default"] = factory()  # type: ignore[call-arg]
        return super().default_schema(schema)


def model_schema(model: type[BaseModel], *, by_alias: bool = True) -> Schema:
    """The JSON Schema of `model` for the docs: as validators see it, plus factory defaults."""
    return model.model_json_schema(by_alias=by_alias, schema_generator=_WithFactoryDefaults)


def field_type(prop: Schema, defs: Mapping[str, Schema], special: Special | None = None) -> str:
    """A property's type as the writer of a YAML file thinks of it, e.g. `list of string or null`.

    `special` is asked first about every node (unions without their `null`); its answer is used
    as is, so a module can word a type of its own (pricing's decimal strings).
    """
    if "anyOf" in prop:
        return _union(prop["anyOf"], defs, special)
    if len(prop.get("allOf", ())) == 1:  # pydantic < 2.9 wraps a described `$ref` this way
        return field_type(prop["allOf"][0], defs, special)
    if special is not None and (text := special(prop)) is not None:
        return text
    if "$ref" in prop:
        return _reference(prop["$ref"], defs, special)
    if "enum" in prop:
        return "one of " + ", ".join(f"`{v}`" for v in prop["enum"])
    if "const" in prop:
        return f"`{prop['const']}`"
    if prop.get("type") == "array":
        return _array(prop, defs, special)
    return _scalar(prop)


def _union(options: list[Schema], defs: Mapping[str, Schema], special: Special | None) -> str:
    """`X or Y`, with `or null` last: null is not a type a writer picks but a way to leave it out."""
    kept = [o for o in options if o.get("type") != "null"]
    text = special({"anyOf": kept}) if special is not None else None
    if text is None:
        text = " or ".join(field_type(o, defs, special) for o in kept)
    return f"{text} or null" if len(kept) < len(options) else text


def _reference(ref: str, defs: Mapping[str, Schema], special: Special | None) -> str:
    """A link to the model's own table; an enum has no table, so its values are inlined."""
    name = ref.rsplit("/", 1)[-1]
    if "enum" in defs[name]:
        return field_type(defs[name], defs, special)
    return f"[{name}](#{name.lower()})"


def _array(prop: Schema, defs: Mapping[str, Schema], special: Special | None) -> str:
    """`list of X`; brackets when X is a choice, so `list of (a or b) or null` reads one way."""
    items = prop.get("items", {})
    text = field_type(items, defs, special)
    if _is_choice(items, defs):
        text = f"({text})"
    return f"{'non-empty ' if prop.get('minItems', 0) >= 1 else ''}list of {text}"


def _is_choice(prop: Schema, defs: Mapping[str, Schema]) -> bool:
    if "$ref" in prop:
        prop = defs[prop["$ref"].rsplit("/", 1)[-1]]
    return "enum" in prop or "anyOf" in prop


def _scalar(prop: Schema) -> str:
    """A JSON type with its format or bounds: `date (YYYY-MM-DD)`, `integer ≥ 0`, `non-empty string`."""
    if prop.get("format") in FORMATS:
        return FORMATS[prop["format"]]
    kind = str(prop.get("type", "any"))
    length = prop.get("minLength", 0)
    if kind == "string" and length:
        kind = "non-empty string" if length == 1 else f"string of at least {length} characters"
    return " ".join([kind, *(f"{sign} {prop[key]}" for key, sign in BOUNDS if key in prop)])


def default_cell(prop: Schema, required: bool) -> str:
    """`required`, the default as it would be written in JSON, or nothing when there is none."""
    if required:
        return "required"
    return f"`{json.dumps(prop['default'], ensure_ascii=False)}`" if "default" in prop else ""


def fields_table(title: str, node: Schema, defs: Mapping[str, Schema], *, intro: str = "",
                 notes: Mapping[str, str] | None = None, special: Special | None = None) -> str:
    """A model's section: `### title`, `intro` and the model's own description, a row per field.

    A field without a description of its own takes it from `notes`, else from the model it holds.
    Only the first paragraph of the model's docstring is shown: the rest is for developers.
    """
    about = " ".join(filter(None, [intro, _first_paragraph(node.get("description", ""))]))
    lines = [f"### {title}", "", *([about, ""] if about else []), HEADER]
    required = set(node.get("required", []))
    for field, prop in node["properties"].items():
        description = prop.get("description") or (notes or {}).get(field) or _held(prop, defs)
        cells = (field_type(prop, defs, special), default_cell(prop, field in required), description)
        lines.append(f"| `{field}` | " + " | ".join(cell(c) for c in cells) + " |")
    return "\n".join(lines)


def _held(prop: Schema, defs: Mapping[str, Schema]) -> str:
    """The description of the model a field holds (`Each entry: ...` for a list of them)."""
    ref = prop.get("$ref") or prop.get("items", {}).get("$ref")
    text = _first_paragraph(defs[ref.rsplit("/", 1)[-1]].get("description", "")) if ref else ""
    return f"Each entry: {text[:1].lower()}{text[1:]}" if text and "items" in prop else text


def _first_paragraph(text: str) -> str:
    return text.split("\n\n", 1)[0].replace("\n", " ").strip()
