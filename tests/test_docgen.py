"""The shared renderer of the docs' field tables, on real schema fragments of the models."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from nosurprises import docgen
from nosurprises.docgen import default_cell, field_type, fields_table, model_schema
from nosurprises.events import EventsFile
from nosurprises.policy.ledger import Ledger
from nosurprises.policy.model import Policy
from nosurprises.pricing.model import PriceBook
from nosurprises.pricing.reference import DECIMAL, _money

Schema = dict[str, Any]


def _props(schema: Schema, model: str) -> tuple[Schema, Schema]:
    """The properties of `model` in `schema` (the root or one of its `$defs`) and the defs."""
    defs = schema.get("$defs", {})
    node = defs.get(model, schema)
    return node["properties"], defs


@pytest.fixture(scope="module")
def entry() -> tuple[Schema, Schema]:
    return _props(model_schema(Ledger), "Entry")


@pytest.fixture(scope="module")
def plan() -> tuple[Schema, Schema]:
    return _props(model_schema(PriceBook), "Plan")


@pytest.fixture(scope="module")
def event() -> tuple[Schema, Schema]:
    return _props(model_schema(EventsFile), "Event")


@pytest.fixture(scope="module")
def rule() -> tuple[Schema, Schema]:
    return _props(model_schema(Policy), "NoticeRule")


@pytest.mark.parametrize(("field", "expected"), [
    ("id", "non-empty string"),
    ("announced", "date (`YYYY-MM-DD`)"),
    ("emergency", "boolean"),
    ("justification", "string or null"),
    ("channels", "non-empty list of non-empty string"),
    ("covers", "[Covers](#covers)"),
])
def test_entry_types(entry: tuple[Schema, Schema], field: str, expected: str) -> None:
    props, defs = entry
    assert field_type(props[field], defs) == expected


@pytest.mark.parametrize(("field", "expected"), [
    ("kind", "one of `sale`, `transfer`, `shutdown`, `region-shutdown`, `migration`, "
             "`processor-change`, `maintenance`"),
    ("effective", "date and time (ISO 8601) or date (`YYYY-MM-DD`)"),
    ("ends", "date and time (ISO 8601) or date (`YYYY-MM-DD`) or null"),
    ("affects", "list of string or null"),
])
def test_event_types(event: tuple[Schema, Schema], field: str, expected: str) -> None:
    props, defs = event
    assert field_type(props[field], defs) == expected


@pytest.mark.parametrize(("field", "expected"), [
    ("level", "list of (one of `breaking`, `warning`, `info`) or null"),  # an enum in $defs is inlined
    ("min_days", "integer ≥ 0 ≤ 36500"),
    ("max_days", "integer ≥ 0 ≤ 36500 or null"),
])
def test_notice_rule_types(rule: tuple[Schema, Schema], field: str, expected: str) -> None:
    props, defs = rule
    assert field_type(props[field], defs) == expected


@pytest.mark.parametrize(("field", "expected"), [
    ("price", "[Price](#price) or null"),
    ("usage_prices", "list of [UsagePrice](#usageprice)"),
    ("features", "list of (string or [Feature](#feature))"),
    ("source", "list of string or string or null"),
])
def test_plan_types(plan: tuple[Schema, Schema], field: str, expected: str) -> None:
    props, defs = plan
    assert field_type(props[field], defs) == expected


def test_a_special_names_a_type_and_null_is_still_added() -> None:
    props, defs = _props(model_schema(PriceBook), "Price")
    assert field_type(props["amount"], defs, _money) == f"{DECIMAL} or null"
    credit, _ = _props(model_schema(PriceBook), "Credit")
    assert field_type(credit["amount"], defs, _money) == DECIMAL
    assert field_type(props["amount"], defs) == "string or integer ≥ 0 ≤ 999999999999999999 or null"


def test_a_special_only_speaks_for_what_it_knows() -> None:
    props, defs = _props(model_schema(PriceBook), "Limit")
    assert field_type(props["value"], defs, _money) == "integer ≥ 0 ≤ 999999999999999999 or `unlimited`"
    usage, _ = _props(model_schema(PriceBook), "UsagePrice")
    assert field_type(usage["per"], defs, _money) == "integer > 0 ≤ 999999999999999999"


def test_default_cells(entry: tuple[Schema, Schema], plan: tuple[Schema, Schema]) -> None:
    props, _ = entry
    assert default_cell(props["id"], required=True) == "required"
    assert default_cell(props["emergency"], required=False) == "`false`"
    assert default_cell(props["justification"], required=False) == "`null`"
    assert default_cell(props["audience"], required=False) == '`["all"]`'
    assert default_cell({"type": "string"}, required=False) == ""
    assert default_cell({"default": "é"}, required=False) == '`"é"`'


def test_factory_defaults_are_in_the_docs_schema(plan: tuple[Schema, Schema]) -> None:
    props, _ = plan
    assert "default" not in PriceBook.model_json_schema()["$defs"]["Plan"]["properties"]["limits"]
    assert default_cell(props["limits"], required=False) == "`[]`"
    policy, _ = _props(model_schema(Policy), "Policy")
    assert default_cell(policy["extends"], required=False) == '`["default"]`'


def test_fields_table() -> None:
    schema = model_schema(Ledger)
    defs = schema["$defs"]
    table = fields_table("Entry", defs["Entry"], defs, intro="An entry of `notices`.")
    lines = table.split("\n")
    assert lines[:3] == ["### Entry", "", "An entry of `notices`. One announcement as it went out."]
    assert lines[4:6] == ["| Field | Type | Default | Description |", "| --- | --- | --- | --- |"]
    assert "validation order" not in table  # the docstring's second paragraph is for developers
    assert len(lines) == 6 + len(defs["Entry"]["properties"])


def test_fields_table_descriptions_fall_back_to_notes_then_the_held_model() -> None:
    schema = model_schema(Policy)
    defs = schema["$defs"]
    table = fields_table("Policy", schema, defs)
    assert "| `rules` | list of [NoticeRule](#noticerule) | `[]` | Each entry: one notice" in table
    table = fields_table("Policy", schema, defs, notes={"rules": "The rules | mine."})
    assert "| `[]` | The rules \\| mine. |" in table


def test_regenerate_rewrites_the_blocks_a_page_holds(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(f"intro\n{docgen.begin('a')}\nstale\n{docgen.END}\nrest\n", encoding="utf-8")
    docgen.regenerate(str(page), {"a": lambda: "fresh\n", "b": lambda: "unused\n"})
    text = page.read_text(encoding="utf-8")
    assert text == f"intro\n{docgen.begin('a')}\n\nfresh\n{docgen.END}\nrest\n"
    assert docgen.generated_part(text, "a") == "fresh\n"
    with pytest.raises(ValueError, match=r"none of the generated blocks b\(\)"):
        docgen.regenerate(str(page), {"b": lambda: ""})
