"""The report's records (`record.py`) dump, copy and validate as pydantic models did.

The oracle is pydantic-core itself: `to_jsonable_python` writes a dataclass field by field,
knowing nothing of `Record`, so a dump that differs from it is ours to fix. Whole reports of
real specs are held to it too, and a text diff must still load no pydantic.
"""

from __future__ import annotations

import datetime as dt
import json
import pickle
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError
from pydantic_core import to_json, to_jsonable_python

import nosurprises
from nosurprises.model import Accepted, Change, Group, Level, Report, Subject

from .conftest import ROOT, corpus_dir

INTERNAL = {"grouping", "facts", "origin_facts"}
EXAMPLES = ROOT / "examples"

_json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text(max_size=8)
    | st.floats(allow_nan=False, allow_infinity=False) | st.dates(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=12)

_changes = st.builds(
    Change, rule=st.text(min_size=1, max_size=10), level=st.sampled_from(list(Level)),
    subject=st.sampled_from(list(Subject)), operation=st.none() | st.text(max_size=10),
    location=st.text(max_size=10), message=st.text(max_size=20), before=_json_values,
    after=_json_values, audience=st.none() | st.lists(st.text(max_size=5), max_size=3),
    accepted=st.none() | st.builds(Accepted, reason=st.text(max_size=9), entry=st.integers(0, 99),
                                   expires=st.none() | st.dates()),
    grouping=st.none() | st.tuples(st.sampled_from(["old", "new", None]), st.text(max_size=5)),
    facts=st.none() | st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2))


def _oracle(report: Report) -> object:
    return to_jsonable_python(report, exclude={"changes": {"__all__": INTERNAL}})


@given(st.lists(_changes, max_size=6))
def test_a_report_dumps_as_pydantic_core_writes_its_fields(changes: list[Change]) -> None:
    report = Report.from_changes(changes, ["a warning"])
    assert report.model_dump(mode="json") == _oracle(report)
    assert json.loads(report.model_dump_json()) == _oracle(report)


@given(_changes)
def test_exclude_none_leaves_out_the_fields_that_are_none(change: Change) -> None:
    """docs/pricing.md shows `change.model_dump_json(exclude_none=True)`. pydantic-core's
    `to_jsonable_python` ignores `exclude_none` for dataclasses, so the oracle is the full
    dump (held to pydantic-core above) without its None fields; pydantic models passed
    `exclude_none` down to the models they held, and records do the same."""
    flat = change.model_copy(update={"accepted": None})
    oracle = {name: value for name, value in flat.model_dump(mode="json").items() if value is not None}
    assert flat.model_dump(mode="json", exclude_none=True) == oracle
    assert json.loads(flat.model_dump_json(exclude_none=True)) == oracle
    nested = Report.from_changes([change]).model_dump(mode="json", exclude_none=True)["changes"][0]
    assert None not in nested.values() and set(nested) == {
        name for name, value in change.model_dump(mode="json").items() if value is not None}
    if change.accepted is not None:
        assert None not in nested["accepted"].values()


@given(_changes)
def test_a_change_read_back_equals_it_but_for_what_json_leaves_out(change: Change) -> None:
    again = Change.model_validate(change.model_dump(mode="json"))
    assert again.model_dump(mode="json") == change.model_dump(mode="json")
    assert (again.rule, again.level, again.accepted) == (change.rule, change.level, change.accepted)
    assert Change.model_validate_json(change.model_dump_json()) == again
    assert type(again.level) is Level and again.grouping is None and again.facts is None


def test_integers_past_64_bits_are_their_digits_and_unknown_types_go_to_pydantic() -> None:
    moment = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)
    change = Change(rule="r", level="breaking", subject="api", location="/", message="m.",
                    before={1: 2**70, "t": (1, 2)}, after=moment)
    dumped = change.model_dump(mode="json")
    assert dumped["before"] == {"1": str(2**70), "t": [1, 2]}
    assert dumped["after"] == to_jsonable_python(moment) == "2026-12-03T09:00:00Z"
    assert change.level is Level.BREAKING and change.model_dump()["before"]["t"] == (1, 2)


def test_copies_are_records_with_the_update_and_unknown_fields_are_refused() -> None:
    change = Change(rule="r", level=Level.INFO, subject=Subject.API, location="/", message="m.")
    louder = change.model_copy(update={"level": Level.BREAKING})
    assert (louder.level, change.level, louder.rule) == (Level.BREAKING, Level.INFO, "r")
    with pytest.raises(TypeError, match="no field colour"):
        change.model_copy(update={"colour": "red"})
    with pytest.raises(AttributeError):
        change.rule = "other"  # type: ignore[misc]  # frozen, as the pydantic model was
    assert pickle.loads(pickle.dumps(louder)) == louder  # --jobs sends reports between processes
    listed = change.model_copy(update={"audience": ["all"]})
    deep = listed.model_copy(deep=True)
    assert deep == listed and deep.audience is not listed.audience
    with pytest.raises(TypeError):
        change.model_dump(by_alias=True)  # type: ignore[call-arg]  # refused, not ignored


def test_bad_input_is_refused_as_pydantic_refuses_it() -> None:
    with pytest.raises(ValidationError, match="level"):
        Change.model_validate({"rule": "r", "level": "loud", "subject": "api", "location": "/",
                               "message": "m."})
    with pytest.raises(ValidationError, match="count"):
        Group.model_validate({"rule": "r", "level": "info", "subject": "api", "origin": None,
                              "message": "m."})


def test_pydantic_models_hold_records_as_fields() -> None:
    class Holder(BaseModel):
        changes: list[Change]

    change = Change(rule="r", level=Level.INFO, subject=Subject.API, location="/", message="m.",
                    facts={"x": 1})
    held = Holder(changes=[change])
    assert held.changes[0] is change  # taken as it is
    assert held.model_dump(mode="json") == {"changes": [change.model_dump(mode="json")]}
    back = Holder.model_validate_json(held.model_dump_json())
    assert back.changes == [change.model_copy(update={"facts": None})]
    assert Holder.model_json_schema()["$defs"]["Change"] == Report.model_json_schema()["$defs"]["Change"]


@pytest.mark.parametrize("pair", ["petstore-3.0", "twilio-api-v2010", "docker-engine-v1.43-v1.44"])
def test_real_reports_dump_as_pydantic_core_writes_them(pair: str) -> None:
    folder = corpus_dir("openapi", pair)
    old, new = (next(folder.glob(f"{side}.*")) for side in ("old", "new"))
    report = nosurprises.compare_openapi(old, new)
    assert report.changes
    assert report.model_dump(mode="json") == _oracle(report)
    for indent in (None, 2, 4):  # the text pydantic's own writer gives, in every layout
        assert report.model_dump_json(indent=indent) == to_json(_oracle(report), indent=indent).decode()
    assert Report.model_validate_json(report.model_dump_json()).model_dump() == report.model_dump()


def test_a_text_diff_loads_no_pydantic() -> None:
    probe = ("import sys\nimport nosurprises.cli as c\n"
             f"try:\n    c.main(['diff', {str(EXAMPLES / 'petstore-old.yaml')!r}, "
             f"{str(EXAMPLES / 'petstore-new.yaml')!r}])\nexcept SystemExit:\n    pass\n"
             "sys.stderr.write(repr(sorted(m for m in sys.modules if m.startswith('pydantic'))))\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert "GET /pets" in done.stdout  # it compared and printed
    assert done.stderr.strip().splitlines()[-1] == "[]"
