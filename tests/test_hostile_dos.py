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


# -- notice --usage: one file per customer ----------------------------------------------------

_BOOK = """kind: pricing
plans:
- id: pro
  name: Pro
  price: {{amount: '{price}', currency: USD, interval: month}}
"""

_MANY_NAMES = """
import datetime as dt, random, sys
from nosurprises.notices import customers
from nosurprises.notices.model import Notice
from nosurprises.pricing.impacts import CustomerImpact
customers.render = lambda notice, attachments, sender, headers=None: ""  # the naming is under test
rng = random.Random(9)
names = sorted({"".join(chr(rng.randint(0x4E00, 0x9FFF)) for _ in range(3))
                for _ in range(20_000)})
names += ["Иванов", "иванов", "ИВАНОВ", "Ελληνικά", "العربية"] * 2  # repeats: one file each
impacts = [CustomerImpact(customer=c, plan="pro", new_plan="pro") for c in names]
notice = Notice(id="n", product="P", announced=dt.date(2026, 1, 1), effective=dt.date(2026, 3, 1),
                changes=[])
files = [(m.file, m.text) for m in customers.customer_mails(notice, impacts)]
print(len(files), len({name for name, _ in files}), len(set(names)))
"""


def test_twenty_thousand_non_latin_customers_get_distinct_files_in_linear_time() -> None:
    """All became `notice-changes-N.eml`, found by a quadratic loop: over 120 s before."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", _MANY_NAMES], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    files, distinct, customers_ = map(int, done.stdout.split())
    assert files == distinct == customers_ > 19_000


def test_notice_usage_writes_readable_distinct_files_for_non_latin_names(tmp_path: Path) -> None:
    (tmp_path / "old.yaml").write_text(_BOOK.format(price="10.00"))
    (tmp_path / "new.yaml").write_text(_BOOK.format(price="15.00"))
    names = ["株式会社テスト", "株式会社 テスト", "Иванов", "иванов", "acme-inc", "Acme Inc", "../etc",
             ".profile", "a" * 300]
    (tmp_path / "usage.csv").write_text("customer,plan\n" + "".join(f"{n},pro\n" for n in names),
                                        encoding="utf-8")
    out = tmp_path / "out"
    run = run_cli(["notice", "old.yaml", "new.yaml", "--announce", "2026-12-01", "--product", "A",
                   "--channel", "email", "--usage", "usage.csv", "--out", str(out)],
                  cwd=tmp_path, timeout=60)
    assert run.code == 0, run.err
    files = sorted(p.name for p in out.iterdir())
    assert len(files) == len(names) + 2  # one each, the general notice, the outbox `send` reads
    assert not (tmp_path / "etc").exists() and all((out / f).is_file() for f in files)
    assert "notice-株式会社テスト.eml" in files and "notice-иванов.eml" in files  # their own names
    assert "notice-acme-inc.eml" in files
    assert any(f.startswith("notice-иванов_") for f in files)  # `Иванов`: the same letters + hash
    assert any(f.startswith("notice-株式会社-テスト_") for f in files)


_SAFE = set("/\\\x00:*?\"<>|")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=80), min_size=1, max_size=30, unique=True))
def test_distinct_customers_always_get_distinct_safe_file_names(customers_: list[str]) -> None:
    from nosurprises.notices.customers import customer_key

    keys = [customer_key(c) for c in customers_]
    assert len(set(keys)) == len(keys)
    assert len({k.casefold() for k in keys}) == len(keys)  # case-insensitive file systems too
    for key in keys:
        name = f"notice-{key}.eml"
        assert key and not key.startswith(".") and not (_SAFE & set(key))
        assert all(ch.isprintable() for ch in key)
        assert len(name.encode("utf-8")) <= 255
    assert [customer_key(c) for c in customers_] == keys  # deterministic
