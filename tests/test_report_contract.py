"""The JSON report only grows: every field of every corpus report keeps its value (issue 10).

The fixture holds, per corpus OpenAPI pair, a digest of the report as the code wrote it
before `groups` existed (see `report_contract.py`); the report of today's code, with the
fields added since taken out, must digest the same. All pairs take a few seconds in all.
"""

from __future__ import annotations

import json

import pytest

import nosurprises

from .conftest import corpus_dir
from .report_contract import ADDED, FIXTURE, TODAY, digest, pair_files, shape, without_added

CONTRACT = json.loads(FIXTURE.read_text(encoding="utf-8"))


def test_the_fixture_names_every_corpus_pair() -> None:
    folder = corpus_dir("openapi")
    assert sorted(CONTRACT["pairs"]) == sorted(p.name for p in folder.iterdir() if p.is_dir())
    assert CONTRACT["today"] == TODAY.isoformat()


@pytest.mark.parametrize("pair", sorted(CONTRACT["pairs"]))
def test_existing_fields_keep_their_values(pair: str) -> None:
    old, new = pair_files(corpus_dir("openapi", pair))
    data = json.loads(nosurprises.compare_openapi(old, new, today=TODAY).model_dump_json())
    expected = CONTRACT["pairs"][pair]
    assert len(data["changes"]) == expected["changes"]
    # the fields taken out before digesting are exactly the added ones, and all are there
    now = shape(data)
    for part, before in CONTRACT["fields"].items():
        assert set(now[part]) == set(before) | ADDED[part], part
    assert shape(without_added(data)) == CONTRACT["fields"]
    assert digest(data) == expected["sha256"]


def test_the_digest_sees_a_changed_value() -> None:
    """A guard on the test itself: one changed message anywhere changes the digest."""
    old, new = pair_files(corpus_dir("openapi", "petstore-3.0"))
    data = json.loads(nosurprises.compare_openapi(old, new, today=TODAY).model_dump_json())
    data["changes"][-1]["message"] += " "
    assert digest(data) != CONTRACT["pairs"]["petstore-3.0"]["sha256"]
    data["changes"][-1]["message"] = data["changes"][-1]["message"][:-1]
    data["summary"]["groups"] = -1  # an added field is not part of the old contract
    assert digest(data) == CONTRACT["pairs"]["petstore-3.0"]["sha256"]
