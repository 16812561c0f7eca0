"""Structural fuzzing of price books: wrong shapes end in a report or one `InputError`."""

from __future__ import annotations

import copy
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import nosurprises
from nosurprises.errors import InputError

from .conftest import FIXTURES
from .test_fuzz import JUNK, _places, _replace

SEEDS = [yaml.safe_load(p.read_text())["old"]
         for p in sorted((FIXTURES / "rules").glob("pricing.*.yaml"))]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(range(len(SEEDS))), st.data(), JUNK)
def test_wrong_shapes_in_price_books_never_crash(seed: int, data: st.DataObject, junk: Any) -> None:
    old = SEEDS[seed]
    path = data.draw(st.sampled_from(_places(old)))
    new = _replace(copy.deepcopy(old), path, junk)
    for a, b in ((old, new), (new, old)):
        try:
            report = nosurprises.compare_pricing(a, b)
        except InputError as exc:
            assert "\n" not in str(exc)
        else:
            assert report.summary.total == len(report.changes)
