"""Grouping by root cause (issue 10, item 3): one group per change at its origin.

A component schema reached through `$ref` from many operations is one change made in one
place; the report lists it once per operation (`changes`) and once with every operation it
reaches (`groups`).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nosurprises
from nosurprises import Group, Level, Report, select
from nosurprises.model import Change, Subject
from nosurprises.openapi.origin import schema_target
from nosurprises.words import sentence

TODAY = dt.date(2026, 1, 1)


def _spec(paths: dict[str, Any], schemas: dict[str, Any] | None = None,
          parameters: dict[str, Any] | None = None) -> dict[str, Any]:
    components: dict[str, Any] = {"schemas": schemas or {}}
    if parameters:
        components["parameters"] = parameters
    return {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths,
            "components": components}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _posting(schema: dict[str, Any]) -> dict[str, Any]:
    """An operation sending `schema` as its JSON request body."""
    return {"requestBody": {"content": {"application/json": {"schema": schema}}},
            "responses": {"200": {"description": "ok"}}}


def _returning(schema: dict[str, Any]) -> dict[str, Any]:
    """An operation returning `schema` as its JSON 200 response."""
    return {"responses": {"200": {"description": "ok",
                                  "content": {"application/json": {"schema": schema}}}}}


def _compare(old: dict[str, Any], new: dict[str, Any]) -> Report:
    return nosurprises.compare_openapi(old, new, today=TODAY)


def _pointed(doc: dict[str, Any], pointer: str) -> Any:
    """The value `pointer` names in `doc`, or KeyError."""
    value: Any = doc
    for token in pointer.split("/")[1:]:
        key = token.replace("~1", "/").replace("~0", "~")
        value = value[int(key)] if isinstance(value, list) else value[key]
    return value


PET = {"type": "object", "properties": {"name": {"type": "string"}, "tag": {"type": "string"}}}


def _pet_with_required_tag() -> dict[str, Any]:
    pet = copy.deepcopy(PET)
    pet["required"] = ["tag"]
    return pet


# -- the 10,000-operation case of the issue ---------------------------------------------------


def _many(n: int, shared: dict[str, Any]) -> dict[str, Any]:
    return _spec({f"/r{i}": {"post": _posting(_ref("Shared"))} for i in range(n)},
                 {"Shared": shared})


def test_ten_thousand_operations_reaching_one_schema_are_one_group() -> None:
    n = 10_000
    shared = {"type": "object", "properties": {"a": {"type": "string"}}}
    grown = {"type": "object", "required": ["b"],
             "properties": {"a": {"type": "string"}, "b": {"type": "string"}}}
    report = _compare(_many(n, shared), _many(n, grown))
    assert len(report.changes) == n
    assert report.summary.breaking == n and report.summary.groups == 1
    (group,) = report.groups
    assert group.rule == "api.schema.request.required-property-added"
    assert group.level is Level.BREAKING and group.count == n
    assert group.origin == "/components/schemas/Shared/properties/b" and group.document == "new"
    assert group.operations == sorted(f"POST /r{i}" for i in range(n))
    assert group.message == "Schema `Shared`, property `b`: a new required property was added."
    assert {c.origin for c in report.changes} == {group.origin}


# -- small fixtures -------------------------------------------------------------------------


def test_a_component_change_reached_from_two_operations_is_one_group() -> None:
    old = _spec({"/pets": {"post": _posting(_ref("Pet")), "put": _posting(_ref("Pet"))}},
                {"Pet": PET})
    new = _spec({"/pets": {"post": _posting(_ref("Pet")), "put": _posting(_ref("Pet"))}},
                {"Pet": _pet_with_required_tag()})
    report = _compare(old, new)
    assert [c.operation for c in report.changes] == ["POST /pets", "PUT /pets"]
    (group,) = report.groups
    assert group.operations == ["POST /pets", "PUT /pets"] and group.count == 2
    assert group.rule == "api.schema.request.property-became-required"
    assert group.origin == "/components/schemas/Pet/required"
    assert group.message == "Schema `Pet`, property `tag`: the property became required."
    # each change still names its operation; the group names none
    assert all(c.operation in c.message and c.operation not in group.message
               for c in report.changes if c.operation)


def test_the_same_rule_at_two_components_is_two_groups() -> None:
    schemas = {"Pet": PET, "Toy": PET}
    grown = {"Pet": _pet_with_required_tag(), "Toy": _pet_with_required_tag()}
    paths = {"/pets": {"post": _posting(_ref("Pet"))}, "/toys": {"post": _posting(_ref("Toy"))},
             "/both": {"post": _posting({"type": "object", "properties": {
                 "pet": _ref("Pet"), "toy": _ref("Toy")}})}}
    report = _compare(_spec(paths, schemas), _spec(paths, grown))
    assert len(report.groups) == 2 and report.summary.groups == 2
    by_origin = {g.origin: g for g in report.groups}
    assert set(by_origin) == {"/components/schemas/Pet/required", "/components/schemas/Toy/required"}
    assert by_origin["/components/schemas/Pet/required"].operations == ["POST /both", "POST /pets"]
    assert by_origin["/components/schemas/Toy/required"].operations == ["POST /both", "POST /toys"]
    assert {g.rule for g in report.groups} == {"api.schema.request.property-became-required"}


def test_an_inline_change_has_its_location_as_origin_and_its_own_sentence() -> None:
    old = _spec({"/pets": {"post": _posting(PET)}})
    new = _spec({"/pets": {"post": _posting(_pet_with_required_tag())}})
    report = _compare(old, new)
    (change,) = report.changes
    assert change.origin == change.location == \
        "/paths/~1pets/post/requestBody/content/application~1json/schema/required"
    (group,) = report.groups
    assert group.origin == change.origin and group.operations == ["POST /pets"]
    assert group.message == change.message  # made in that operation: it names it


def test_a_removed_property_has_its_origin_in_the_old_document() -> None:
    smaller = {"type": "object", "properties": {"name": {"type": "string"}}}
    old = _spec({"/pets": {"get": _returning(_ref("Pet"))}, "/pet": {"get": _returning(_ref("Pet"))}},
                {"Pet": PET})
    new = _spec({"/pets": {"get": _returning(_ref("Pet"))}, "/pet": {"get": _returning(_ref("Pet"))}},
                {"Pet": smaller, "Other": {"type": "string"}})
    report = _compare(old, new)
    (group,) = report.groups
    assert group.rule == "api.schema.response.property-removed" and group.document == "old"
    assert group.origin == "/components/schemas/Pet/properties/tag"
    assert _pointed(old, group.origin) == {"type": "string"}
    assert group.operations == ["GET /pet", "GET /pets"]
    assert group.message == "Schema `Pet`, property `tag`: the property was removed."


def test_a_removed_operation_and_parameter_point_into_the_old_document() -> None:
    limit = {"name": "limit", "in": "query", "schema": {"type": "integer"}}
    old = _spec({"/pets": {"get": {"parameters": [limit], **_returning(PET)},
                           "delete": {"responses": {"204": {"description": "gone"}}}}})
    new = _spec({"/pets": {"get": _returning(PET)}})
    report = _compare(old, new)
    groups = {g.rule: g for g in report.groups}
    assert groups["api.parameter.removed"].origin == "/paths/~1pets/get/parameters/0"
    assert groups["api.parameter.removed"].document == "old"
    assert _pointed(old, groups["api.parameter.removed"].origin) == limit
    removed = groups["api.operation.removed-without-deprecation"]
    assert removed.origin == "/paths/~1pets/delete" and removed.document == "old"
    assert removed.operations == ["DELETE /pets"] and removed.message == \
        "`DELETE /pets` was removed without being deprecated first."


def test_a_shared_parameter_is_told_without_an_operation() -> None:
    limit = {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 100}}
    lowered = {"name": "limit", "in": "query", "required": True,
               "schema": {"type": "integer", "maximum": 50}}
    ref = {"$ref": "#/components/parameters/limit"}
    paths = {"/pets": {"get": {"parameters": [ref], **_returning(PET)}},
             "/toys": {"get": {"parameters": [ref], **_returning(PET)}}}
    report = _compare(_spec(paths, parameters={"limit": limit}),
                      _spec(paths, parameters={"limit": lowered}))
    groups = {g.rule: g for g in report.groups}
    assert len(report.changes) == 4 and len(report.groups) == 2
    required = groups["api.parameter.became-required"]
    assert required.origin == "/components/parameters/limit/required"
    assert required.operations == ["GET /pets", "GET /toys"]
    assert required.message == "The query parameter `limit` of each affected operation became required."
    maximum = groups["api.schema.request.maximum-decreased"]
    assert maximum.origin == "/components/parameters/limit/schema/maximum"
    assert maximum.message.startswith("The schema of parameter `limit`: the maximum was lowered")


def test_a_path_level_parameter_is_one_group_for_the_operations_of_its_path() -> None:
    old_param = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
    new_param = {**old_param, "description": "The pet."}
    old = _spec({"/pets/{id}": {"parameters": [old_param], "get": _returning(PET),
                                "delete": {"responses": {"204": {"description": "gone"}}}}})
    new = copy.deepcopy(old)
    new["paths"]["/pets/{id}"]["parameters"] = [new_param]
    (group,) = _compare(old, new).groups
    assert group.origin == "/paths/~1pets~1{id}/parameters/0/description"
    assert group.operations == ["DELETE /pets/{id}", "GET /pets/{id}"] and group.count == 2
    assert "each affected operation" in group.message and "GET" not in group.message


def test_two_values_added_to_one_enum_are_two_groups() -> None:
    """One place can hold two changes of one rule: they are not one root cause."""
    status = {"type": "object", "properties": {"s": {"type": "string", "enum": ["a"]}}}
    more = {"type": "object", "properties": {"s": {"type": "string", "enum": ["a", "b", "c"]}}}
    paths = {"/x": {"get": _returning(_ref("S"))}, "/y": {"get": _returning(_ref("S"))}}
    report = _compare(_spec(paths, {"S": status}), _spec(paths, {"S": more}))
    assert len(report.changes) == 4
    assert [(g.message, g.count) for g in report.groups] == [
        ('Schema `S`, property `s`: the value "b" was added.', 2),
        ('Schema `S`, property `s`: the value "c" was added.', 2)]
    assert {g.origin for g in report.groups} == {"/components/schemas/S/properties/s/enum"}


def test_one_origin_at_two_levels_is_two_groups() -> None:
    """A beta operation caps the change at warning: the same origin, another level."""
    beta = {"x-stability-level": "beta", **_posting(_ref("Pet"))}
    old = _spec({"/a": {"post": _posting(_ref("Pet"))}, "/b": {"post": beta}}, {"Pet": PET})
    new = _spec({"/a": {"post": _posting(_ref("Pet"))}, "/b": {"post": beta}},
                {"Pet": _pet_with_required_tag()})
    report = _compare(old, new)
    assert [(g.level, g.operations) for g in report.groups] == [
        (Level.BREAKING, ["POST /a"]), (Level.WARNING, ["POST /b"])]
    assert len({g.origin for g in report.groups}) == 1


def test_a_referenced_file_keeps_its_file_in_the_origin(tmp_path: Any) -> None:
    import yaml

    for side, pet in (("old", PET), ("new", _pet_with_required_tag())):
        folder = tmp_path / side
        folder.mkdir()
        (folder / "common.yaml").write_text(yaml.safe_dump({"Pet": pet}))
        spec = _spec({"/pets": {"post": _posting({"$ref": "common.yaml#/Pet"})},
                      "/toys": {"post": _posting({"$ref": "common.yaml#/Pet"})}})
        (folder / "api.yaml").write_text(yaml.safe_dump(spec))
    report = nosurprises.compare_openapi(tmp_path / "old" / "api.yaml",
                                         tmp_path / "new" / "api.yaml", today=TODAY)
    (group,) = report.groups
    assert group.origin == "common.yaml#/Pet/required"
    assert group.operations == ["POST /pets", "POST /toys"]
    assert group.message == "Schema `Pet` in `common.yaml`, property `tag`: the property " \
        "became required."


def test_groups_follow_select_and_survive_json() -> None:
    old = _spec({"/pets": {"post": _posting(_ref("Pet")), "put": _posting(_ref("Pet"))}},
                {"Pet": PET})
    new = _spec({"/pets": {"post": _posting(_ref("Pet")), "put": _posting(_ref("Pet"))}},
                {"Pet": _pet_with_required_tag()})
    report = _compare(old, new)
    lowered = select(report, levels={"api.schema.*": Level.INFO})
    (group,) = lowered.groups
    assert group.level is Level.INFO and group.count == 2 and lowered.summary.groups == 1
    assert select(report, ignore=["api.schema.*"]).groups == []
    # read back from JSON, a report keeps its groups as written
    again = Report.model_validate_json(report.model_dump_json())
    assert again.groups == report.groups and again.summary == report.summary
    # the sentence at the origin is not in the JSON of a change; rebuilt from parsed changes,
    # each change is its own group (told by its own sentence) rather than a wrong merge
    rebuilt = Report.from_changes(again.changes)
    assert sorted(g.message for g in rebuilt.groups) == sorted(c.message for c in again.changes)
    assert "grouping" not in json.loads(report.model_dump_json())["changes"][0]
    assert "grouping" not in repr(report.changes[0])


def test_the_report_schema_describes_groups() -> None:
    schema = nosurprises.report_json_schema()
    assert "groups" in schema["properties"]
    group = schema["$defs"]["Group"]["properties"]
    assert {"rule", "level", "subject", "origin", "document", "message", "operations",
            "count"} <= set(group)
    assert "origin" in schema["$defs"]["Change"]["properties"]
    assert "groups" in schema["$defs"]["Summary"]["properties"]


def test_price_book_and_event_changes_have_their_location_as_origin() -> None:
    events = nosurprises.load_events({"events": [{
        "id": "sale", "kind": "sale", "effective": "2030-01-01",
        "summary": "We are being sold.", "counterparty": "Acme"}]})
    (change,) = nosurprises.event_changes(events)
    assert change.origin == change.location
    (group,) = Report.from_changes([change]).groups
    assert (group.origin, group.message, group.operations, group.count) == (
        change.location, change.message, [], 1)


# -- properties -----------------------------------------------------------------------------

_RULES = ["api.schema.request.property-became-required", "api.parameter.removed", "r.x"]
_OPS = ["GET /a", "POST /a", "GET /b", None]
_ORIGINS = ["/components/schemas/A/required", "/components/schemas/B/required", "/x", None]


@st.composite
def _changes(draw: st.DrawFn) -> list[Change]:
    """Changes as the stages make them: two alike in rule, level, operation, location and
    message are one change (the report keeps one), so what else they hold (the document, the
    sentence at the origin, or none) is the same too; it is drawn per such change."""
    out = []
    told: dict[tuple[Any, ...], tuple[Any, Any]] = {}
    for _ in range(draw(st.integers(0, 12))):
        key = (draw(st.sampled_from(_RULES)), draw(st.sampled_from(list(Level))),
               draw(st.sampled_from(_OPS)), draw(st.sampled_from(_ORIGINS)),
               draw(st.sampled_from(["m.", "n."])))
        if key not in told:
            told[key] = (draw(st.sampled_from([None, "old", "new"])),
                         draw(st.none() | st.tuples(st.sampled_from(["old", "new", None]),
                                                    st.sampled_from(["At A.", "At B."]))))
        rule, level, operation, origin, message = key
        document, facts = told[key]
        out.append(Change(rule=rule, level=level, subject=Subject.API, operation=operation,
                          location=origin or "/", origin=origin, message=message,
                          document=document, grouping=facts))
    return out


@given(_changes(), st.randoms(use_true_random=False))
def test_groups_partition_the_changes(changes: list[Change], rnd: Any) -> None:
    report = Report.from_changes(changes)
    assert sum(g.count for g in report.groups) == len(report.changes)
    assert report.summary.groups == len(report.groups)
    keys = [(g.rule, g.level, g.origin, g.document, g.message) for g in report.groups]
    assert len(set(keys)) == len(keys)
    by_key = dict(zip(keys, report.groups, strict=True))
    for change in report.changes:  # every change is in exactly one group: the one of its key
        group: Group = by_key[change.group_key()]
        assert change.operation is None or change.operation in group.operations
    for group in report.groups:
        members = [c for c in report.changes if c.group_key() == (
            group.rule, group.level, group.origin, group.document, group.message)]
        assert len(members) == group.count
        assert group.operations == sorted({c.operation for c in members if c.operation})
    assert [g.level.rank for g in report.groups] == sorted(g.level.rank for g in report.groups)
    shuffled = list(changes)
    rnd.shuffle(shuffled)
    assert Report.from_changes(shuffled).model_dump_json() == report.model_dump_json()


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 30), st.sampled_from(["request", "response"]))
def test_groups_do_not_grow_with_the_operations_reaching_a_component(n: int, direction: str) -> None:
    operation = _posting if direction == "request" else _returning
    smaller = {"type": "object", "properties": {"name": {"type": "integer"}}}

    def spec(pet: dict[str, Any]) -> dict[str, Any]:
        return _spec({f"/p{i}": {"post": operation(_ref("Pet"))} for i in range(n)}, {"Pet": pet})

    report = _compare(spec(PET), spec(smaller))
    one = _compare(_spec({"/p0": {"post": operation(_ref("Pet"))}}, {"Pet": PET}),
                   _spec({"/p0": {"post": operation(_ref("Pet"))}}, {"Pet": smaller}))
    assert [(g.rule, g.origin, g.message) for g in report.groups] == \
        [(g.rule, g.origin, g.message) for g in one.groups]
    assert all(g.count == n and len(g.operations) == n for g in report.groups)
    assert len(report.changes) == n * len(one.changes)
    assert report.groups and all(g.origin.startswith("/components/schemas/Pet/")
                                 for g in report.groups if g.origin)


@pytest.mark.parametrize(("location", "step", "told"), [
    ("/components/schemas/A/required", "x", "schema `A`, property `x`"),
    ("/components/schemas/A/allOf/1/properties/b/items/properties/c/enum", None,
     "schema `A`, property `b[].c`"),
    ("/components/schemas/A/items/type", None, "schema `A`, each item"),
    ("/components/schemas/A/additionalProperties", None, "schema `A`"),
    ("/components/schemas/A/additionalProperties/properties/z/type", None,
     "schema `A`, property `*.z`"),
    ("/components/schemas/A/oneOf/2/properties/k/type", None, "schema `A`, property `<oneOf 2>.k`"),
    ("/components/schemas/a~1b/properties/c~0d/type", None, "schema `a/b`, property `c~d`"),
    ("/definitions/Pet/properties/tags/items/maxLength", None, "schema `Pet`, property `tags[]`"),
    ("/components/parameters/id/schema/format", None, "the schema of parameter `id`"),
    ("/components/responses/Err/content/application~1json/schema/properties/code/enum", None,
     "the schema of response `Err`, property `code`"),
    ("/paths/~1a/get/responses/200/content/application~1json/schema/properties/x/enum", None,
     "the schema at `/paths/~1a/get/responses/200/content/application~1json/schema`, "
     "property `x`"),
    ("common.yaml#/components/schemas/P/type", None, "schema `P` in `common.yaml`"),
])
def test_a_schema_place_is_told_by_itself(location: str, step: str | None, told: str) -> None:
    place = schema_target(location, step)
    assert sentence("{target}", {"target": place}) == told
