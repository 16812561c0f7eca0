"""Hostile input that used to cost time or memory out of proportion to its size (issue 9).

Each case is generated here (no big committed files), and bounded by a count of the work
done or by a child process with a memory limit and a generous timeout: never by speed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import nosurprises
from nosurprises.errors import InputError
from nosurprises.openapi import sameness

from .bounded import run_cli


def _spec(schema: dict[str, Any]) -> dict[str, Any]:
    return {"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/x": {"get": {"responses": {"200": {"description": "ok", "content": {
                "application/json": {"schema": schema}}}}}}}}


def _members(n: int, bump: int) -> list[dict[str, Any]]:
    """`n` inline object alternatives, each a little different from its neighbours."""
    return [{"type": "object", "properties": {f"p{i}": {"type": "string", "maxLength": i + bump}}}
            for i in range(n)]


def _write(tmp_path: Path, old: dict[str, Any], new: dict[str, Any]) -> tuple[Path, Path]:
    paths = tmp_path / "old.json", tmp_path / "new.json"
    for path, doc in zip(paths, (old, new), strict=True):
        path.write_text(json.dumps(doc))
    return paths


def test_350kb_of_changed_inline_alternatives_runs_in_bounded_memory(tmp_path: Path) -> None:
    """4,000 inline oneOf members, every one changed: 3.7 GB and 70 s before the fix."""
    old, new = _write(tmp_path, _spec({"oneOf": _members(4000, 0)}),
                      _spec({"oneOf": _members(4000, 1)}))
    assert old.stat().st_size > 300_000
    run = run_cli(["diff", str(old), str(new), "--format", "json"], timeout=120)
    assert run.code == 0, run.err
    report = json.loads(run.out)
    # every member paired with its own (by position) and its one change found
    assert len(report["changes"]) == 4000
    assert {c["rule"] for c in report["changes"]} == {"api.schema.response.max-length-increased"}


@pytest.mark.parametrize("shift", [0, 1])
def test_pairing_alternatives_is_linear_in_their_number(tmp_path: Path, shift: int,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """`same` is asked about O(n) pairs, not old x new (2.25 million here before the fix).

    With `shift`, one new member is inserted first: every unchanged member moved by one
    position and is still paired with itself (found through its fingerprint).
    """
    n = 1500
    calls = 0
    real = sameness.Sameness.same

    def counted(self: sameness.Sameness, o: Any, n_: Any) -> bool:
        nonlocal calls
        calls += 1
        return real(self, o, n_)

    monkeypatch.setattr(sameness.Sameness, "same", counted)
    members = _members(n, 0)
    new_members = ([{"type": "integer"}] if shift else []) + _members(n, 0)
    new_members[-1] = {"type": "object", "properties": {"changed": {"type": "string"}}}
    old, new = _write(tmp_path, _spec({"oneOf": members}), _spec({"oneOf": new_members}))
    report = nosurprises.compare_openapi(old, new)
    assert calls < 10 * n
    rules = sorted(c.rule for c in report.changes)
    if shift:  # the last member's position is taken by its neighbour: removed, two added
        assert rules == ["api.schema.response.one-of-member-added"] * 2 + [
            "api.schema.response.one-of-member-removed"]
    else:  # the last member, paired by position, lost `p1499` and gained `changed`
        assert rules == ["api.schema.response.optional-property-added",
                         "api.schema.response.property-removed"]


def test_renamed_alternatives_past_the_bound_are_said_to_be_unpaired(tmp_path: Path) -> None:
    """30 x 30 titled alternatives renamed: pairing them by structure is past the bound."""
    old = [{"title": f"a{i}", "type": "object", "properties": {f"p{i}": {"type": "string"}}}
           for i in range(30)]
    new = [{**m, "title": f"b{i}"} for i, m in enumerate(old)]
    report = nosurprises.compare_openapi(*_write(tmp_path, _spec({"oneOf": old}),
                                                 _spec({"oneOf": new})))
    assert any("alternatives left to pair" in w for w in report.warnings), report.warnings
    rules = {c.rule for c in report.changes}
    assert rules == {"api.schema.response.one-of-member-added",
                     "api.schema.response.one-of-member-removed"}


def test_renamed_alternatives_within_the_bound_pair_by_structure(tmp_path: Path) -> None:
    old = [{"title": f"a{i}", "type": "object", "properties": {f"p{i}": {"type": "string"}}}
           for i in range(10)]
    new = [{**m, "title": f"b{i}"} for i, m in enumerate(old)]
    report = nosurprises.compare_openapi(*_write(tmp_path, _spec({"oneOf": old}),
                                                 _spec({"oneOf": new})))
    assert report.warnings == []
    assert report.changes == []


def test_one_schema_becoming_thousands_of_alternatives_is_bounded(tmp_path: Path) -> None:
    """A 2,000-property object replaced by 3,000 alternatives: 6 million findings unbounded."""
    big = {"type": "object", "properties": {f"p{i}": {"type": "string"} for i in range(2000)}}
    many = [{"type": "object", "properties": {f"q{i}": {"type": "integer"}}} for i in range(3000)]
    many[2500] = big  # the alternative equal to the old schema is found among the many
    old, new = _write(tmp_path, _spec(big), _spec({"oneOf": many}))
    run = run_cli(["diff", str(old), str(new), "--format", "json"], timeout=120)
    assert run.code == 0, run.err
    report = json.loads(run.out)
    assert any("only 32 of them were compared" in w for w in report["warnings"])
    assert {c["rule"] for c in report["changes"]} == {"api.schema.response.one-of-member-added"}
    assert len(report["changes"]) == 2999


# -- --match-path: a user's regular expression ----------------------------------------------

def _path_spec(path: str, version: str) -> dict[str, Any]:
    """A spec whose one operation changes between versions (its response loses a field)."""
    body = {"type": "object", "properties": {"id": {"type": "string"}}} if version == "1" \
        else {"type": "object"}
    return {"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {path: {"get": {"responses": {"200": {"description": "ok", "content": {
                "application/json": {"schema": body}}}}}}}}


def test_match_path_with_catastrophic_backtracking_ends(tmp_path: Path) -> None:
    """`^/(a+)+$` against `/aaa…ab` backtracks 2^40 times in Python's `re`: RE2 is linear."""
    path = "/" + "a" * 40 + "b"
    old, new = _write(tmp_path, _path_spec(path, "1"), _path_spec(path, "2"))
    run = run_cli(["diff", str(old), str(new), "--match-path", "^/(a+)+$", "--format", "json"],
                  timeout=60)
    assert run.code == 0, run.err
    assert json.loads(run.out)["changes"] == []  # the path does not match: nothing kept
    run = run_cli(["diff", str(old), str(new), "--match-path", "^/(a+)+b$", "--format", "json"],
                  timeout=60)
    assert [c["operation"] for c in json.loads(run.out)["changes"]] == [f"GET {path}"]


@pytest.mark.parametrize(("pattern", "why"), [
    ("(", "missing )"),
    ("(?<=/v1)/pets", "lookaround are not supported"),
    (r"(pets)/\1", "backreferences"),
    ("x" * 10_001, "at most 10,000"),
])
def test_an_invalid_match_path_is_one_line_and_exit_2(tmp_path: Path, pattern: str, why: str) -> None:
    old, new = _write(tmp_path, _path_spec("/pets", "1"), _path_spec("/pets", "2"))
    run = run_cli(["diff", str(old), str(new), "--match-path", pattern], timeout=60)
    assert run.code == 2
    assert len(run.err.splitlines()) == 1, run.err  # RE2's own log lines are silenced
    assert run.err.startswith("nosurprises: --match-path: ") and why in run.err


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pattern=st.text(max_size=40))
def test_any_match_path_filters_or_is_refused_as_input(pattern: str) -> None:
    report = nosurprises.Report.from_changes([], [])
    try:
        kept = nosurprises.select(report, match_path=pattern)
    except InputError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("--match-path: ")
    else:
        assert kept.changes == []
