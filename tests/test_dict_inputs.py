"""Documents given as Python dicts may share objects: each is still read in its own document.

A caller building the new spec from the old one (`{**old, "components": ...}`) hands the
comparison one operation object in both; its `$ref`s name the old components in the old
document and the new ones in the new. Views of schemas were once cached by object identity
alone, so the new side was read with the old side's nodes and the change went unseen.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import nosurprises

PET = {"type": "object", "properties": {"name": {"type": "string"}, "tag": {"type": "string"}}}


def _spec(paths: dict[str, Any], pet: dict[str, Any]) -> dict[str, Any]:
    return {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths,
            "components": {"schemas": {"Pet": pet}}}


def test_an_operation_object_shared_by_both_documents_sees_its_component_change() -> None:
    body = {"type": "object", "properties": {"pet": {"$ref": "#/components/schemas/Pet"}}}
    paths = {"/pets": {"post": {"requestBody": {"content": {"application/json": {"schema": body}}},
                                "responses": {"200": {"description": "ok"}}}}}
    grown = {**copy.deepcopy(PET), "required": ["tag"]}
    shared = nosurprises.compare_openapi(_spec(paths, PET), _spec(paths, grown),
                                         today=dt.date(2026, 1, 1))
    apart = nosurprises.compare_openapi(_spec(paths, PET), _spec(copy.deepcopy(paths), grown),
                                        today=dt.date(2026, 1, 1))
    assert [c.rule for c in shared.changes] == ["api.schema.request.property-became-required"]
    assert shared.model_dump_json() == apart.model_dump_json()
