"""Invariants that must hold for any spec, checked on generated documents (hypothesis)."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import nosurprises
from nosurprises.formats import render_json
from nosurprises.model import Level

TODAY = dt.date(2026, 1, 1)
NAMES = st.sampled_from(["id", "name", "tag", "owner", "count", "created", "kind", "items"])
PATHS = st.sampled_from(["/pets", "/pets/{id}", "/owners", "/owners/{ownerId}/pets", "/stores"])
METHODS = st.sampled_from(["get", "post", "put", "delete", "patch"])


def _scalar() -> st.SearchStrategy[dict[str, Any]]:
    string = st.fixed_dictionaries({"type": st.just("string")}, optional={
        "maxLength": st.integers(0, 100), "minLength": st.integers(0, 5),
        "format": st.sampled_from(["date", "date-time", "uuid", "email"]),
        "pattern": st.sampled_from(["^[a-z]+$", "^[0-9]{3}$"]),
        "enum": st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=1, max_size=4, unique=True),
        "nullable": st.booleans(), "default": st.sampled_from(["a", "b"]),
    })
    number = st.fixed_dictionaries({"type": st.sampled_from(["integer", "number"])}, optional={
        "maximum": st.integers(0, 1000), "minimum": st.integers(-10, 10),
        "exclusiveMaximum": st.booleans(), "multipleOf": st.sampled_from([1, 2, 5]),
    })
    return st.one_of(string, number, st.just({"type": "boolean"}))


def _schema() -> st.SearchStrategy[dict[str, Any]]:
    def extend(children: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
        obj = st.dictionaries(NAMES, children, max_size=4).flatmap(
            lambda props: st.fixed_dictionaries({
                "type": st.just("object"), "properties": st.just(props),
                "required": st.lists(st.sampled_from(sorted(props) or ["id"]), unique=True,
                                     max_size=len(props)).map(lambda r: [x for x in r if x in props]),
            }, optional={"additionalProperties": st.booleans()}))
        array = st.fixed_dictionaries({"type": st.just("array"), "items": children},
                                      optional={"maxItems": st.integers(1, 50),
                                                "uniqueItems": st.booleans()})
        choice = st.lists(children, min_size=1, max_size=3).map(lambda xs: {"oneOf": xs})
        return st.one_of(obj, array, choice)

    return st.recursive(_scalar(), extend, max_leaves=8)


def _operation() -> st.SearchStrategy[dict[str, Any]]:
    param = st.fixed_dictionaries({
        "name": NAMES, "in": st.sampled_from(["query", "header"]), "required": st.booleans(),
        "schema": _scalar(),
    })
    return st.fixed_dictionaries({
        "responses": st.dictionaries(st.sampled_from(["200", "201", "400", "404", "default"]),
                                     st.fixed_dictionaries({
                                         "description": st.just("r"),
                                         "content": st.fixed_dictionaries(
                                             {"application/json": st.fixed_dictionaries(
                                                 {"schema": _schema()})}),
                                     }), min_size=1, max_size=3),
    }, optional={
        "parameters": st.lists(param, max_size=3, unique_by=lambda p: (p["in"], p["name"])),
        "requestBody": st.fixed_dictionaries({
            "required": st.booleans(),
            "content": st.fixed_dictionaries({"application/json": st.fixed_dictionaries(
                {"schema": _schema()})})}),
        "deprecated": st.booleans(),
        "security": st.lists(st.fixed_dictionaries({"key": st.just([])}), max_size=1),
    })


@st.composite
def specs(draw: st.DrawFn) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for path in draw(st.lists(PATHS, min_size=1, max_size=3, unique=True)):
        ops = draw(st.dictionaries(METHODS, _operation(), min_size=1, max_size=2))
        if "{" in path:
            name = path.split("{")[1].split("}")[0]
            for op in ops.values():
                op.setdefault("parameters", []).append(
                    {"name": name, "in": "path", "required": True, "schema": {"type": "string"}})
        paths[path] = ops
    return {
        "openapi": draw(st.sampled_from(["3.0.3", "3.1.0"])),
        "info": {"title": "generated", "version": draw(st.sampled_from(["1.0.0", "2.0.0"]))},
        "servers": [{"url": draw(st.sampled_from(["https://a.example", "https://b.example"]))}],
        "paths": paths,
        "components": {"securitySchemes": {"key": {"type": "apiKey", "in": "header",
                                                   "name": "X-Key"}}},
    }


FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(specs())
def test_a_spec_compared_with_itself_has_no_changes(spec: dict[str, Any]) -> None:
    assert nosurprises.compare_openapi(spec, spec, today=TODAY).changes == []


@FAST
@given(specs())
def test_a_spec_compared_with_a_copy_of_itself_has_no_changes(spec: dict[str, Any]) -> None:
    assert nosurprises.compare_openapi(spec, copy.deepcopy(spec), today=TODAY).changes == []


@FAST
@given(specs(), _operation())
def test_adding_then_removing_an_operation_mirrors_levels(spec: dict[str, Any],
                                                           op: dict[str, Any]) -> None:
    op.pop("deprecated", None)
    bigger = copy.deepcopy(spec)
    bigger["paths"]["/brand-new"] = {"post": op}
    added = nosurprises.compare_openapi(spec, bigger, today=TODAY)
    removed = nosurprises.compare_openapi(bigger, spec, today=TODAY)
    assert [(c.rule, c.level) for c in added.changes] == [("api.operation.added", Level.INFO)]
    assert [(c.rule, c.level) for c in removed.changes] == [
        ("api.operation.removed-without-deprecation", Level.BREAKING)]
    assert added.changes[0].operation == removed.changes[0].operation == "POST /brand-new"


@FAST
@given(specs(), specs())
def test_any_two_specs_compare_without_crashing_and_deterministically(
        old: dict[str, Any], new: dict[str, Any]) -> None:
    first = nosurprises.compare_openapi(old, new, today=TODAY)
    second = nosurprises.compare_openapi(copy.deepcopy(old), copy.deepcopy(new), today=TODAY)
    assert render_json(first) == render_json(second)
    summary = first.summary
    assert summary.total == len(first.changes)
    for change in first.changes:
        assert change.rule in nosurprises.CATALOG
        assert change.message.endswith("."), change
        assert change.location.startswith("/")


@FAST
@given(specs(), specs())
def test_a_change_and_its_reverse_are_both_seen(old: dict[str, Any], new: dict[str, Any]) -> None:
    """If old -> new changes anything, new -> old changes something too."""
    forward = nosurprises.compare_openapi(old, new, today=TODAY)
    backward = nosurprises.compare_openapi(new, old, today=TODAY)
    assert bool(forward.changes) == bool(backward.changes)
