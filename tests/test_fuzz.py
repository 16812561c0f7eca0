"""Structural fuzzing: real documents with parts replaced by values of the wrong shape.

Whatever a document holds, comparing it ends in a report or in one `InputError`, never in
another exception (the CLI would print a traceback).
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import nosurprises
from nosurprises.errors import InputError

from .conftest import FIXTURES, ROOT
from .test_rule_fixtures import load_fixture

SEEDS = [yaml.safe_load((ROOT / "examples" / name).read_text())
         for name in ("petstore-old.yaml", "petstore-new.yaml")]
SEEDS += [load_fixture(p)[0] for p in sorted((FIXTURES / "rules").glob("*.yaml"))]

JUNK = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.text(max_size=5),
              st.sampled_from(["#/components/schemas/Pet", "#/nowhere", "object", "array"])),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.sampled_from(
                                ["$ref", "type", "properties", "items", "required", "enum",
                                 "allOf", "oneOf", "schema", "content", "in", "name"]),
                                inner, max_size=3)),
    max_leaves=6)


def _places(doc: Any, path: tuple = ()) -> list[tuple]:
    found = [path]
    if isinstance(doc, dict):
        for k, v in doc.items():
            found += _places(v, (*path, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            found += _places(v, (*path, i))
    return found


def _replace(doc: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    target = doc
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return doc


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(range(len(SEEDS))), st.data(), JUNK)
def test_wrong_shapes_never_crash(seed: int, data: st.DataObject, junk: Any) -> None:
    old = SEEDS[seed]
    places = _places(old)
    path = data.draw(st.sampled_from(places))
    new = _replace(copy.deepcopy(old), path, junk)
    for a, b in ((old, new), (new, old)):
        try:
            report = nosurprises.compare_openapi(a, b, today=dt.date(2026, 1, 1))
        except InputError as exc:
            assert "\n" not in str(exc)
        else:
            assert report.summary.total == len(report.changes)
