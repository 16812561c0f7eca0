"""Accepted changes (`--accept FILE`): gates pass over them until they expire, reports keep them.

The petstore example has 8 breaking changes; `fixtures/accept/petstore.yaml` accepts the
removal of `POST /pets` (until 2027-01-31), the removed `tag` property by its origin (both
operations that reach it) and holds one stale entry that matches nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import nosurprises
from nosurprises.accept import accept, load_acceptances
from nosurprises.cli import main
from nosurprises.errors import InputError
from nosurprises.model import Level, Report
from nosurprises.policy import check
from nosurprises.policy.load import load_policy

from .conftest import FIXTURES, ROOT

OLD = str(ROOT / "examples" / "petstore-old.yaml")
NEW = str(ROOT / "examples" / "petstore-new.yaml")
ACCEPTED = str(FIXTURES / "accept" / "petstore.yaml")
BEFORE_EXPIRY, AFTER_EXPIRY = dt.date(2026, 12, 1), dt.date(2027, 2, 1)


def _accepted(today: dt.date) -> Report:
    name, acceptances = load_acceptances(ACCEPTED)
    return accept(nosurprises.compare_openapi(OLD, NEW, today=today), acceptances, today, name)


def test_acceptances_mark_the_changes_they_name() -> None:
    report = _accepted(BEFORE_EXPIRY)
    marked = {(c.rule, c.operation) for c in report.changes if c.accepted}
    assert marked == {("api.operation.removed-without-deprecation", "POST /pets"),
                      ("api.schema.response.property-removed", "GET /pets"),
                      ("api.schema.response.property-removed", "GET /pets/{petId}")}
    removal = next(c for c in report.changes if c.operation == "POST /pets")
    assert removal.accepted.by == "platform-team" and removal.accepted.expires == dt.date(2027, 1, 31)
    assert report.summary.accepted == 3 and report.summary.breaking == 8  # still counted
    assert len(report.blocking(Level.BREAKING)) == 5
    assert any("accepted[2]" in w and "matches no change" in w for w in report.warnings)


def test_an_expired_acceptance_counts_again() -> None:
    report = _accepted(AFTER_EXPIRY)
    removal = next(c for c in report.changes if c.operation == "POST /pets")
    assert removal.accepted.expired
    assert removal in report.blocking(Level.BREAKING)
    assert report.summary.accepted == 2
    assert any("accepted[0]" in w and "expired on 2027-01-31" in w for w in report.warnings)


def test_diff_fail_on_passes_when_every_blocking_change_is_accepted(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    full = json.loads(nosurprises.compare_openapi(OLD, NEW).model_dump_json())
    every = [{"rule": c["rule"], "operation": c["operation"], "reason": "reviewed"}
             for c in full["changes"] if c["level"] == "breaking"]
    path = tmp_path / "accepted.yaml"
    path.write_text(json.dumps({"accepted": every}), encoding="utf-8")
    assert main(["diff", OLD, NEW, "--fail-on", "breaking", "--accept", str(path)]) == 0
    out = capsys.readouterr().out
    assert "8 breaking, 0 warning, 7 info (12 distinct changes), 8 accepted" in out
    assert "accepted: reviewed" in out
    assert main(["diff", OLD, NEW, "--fail-on", "breaking", "--accept", ACCEPTED]) == 1
    assert main(["diff", OLD, NEW, "--fail-on", "breaking", "--accept", str(path),
                 "--date", "2026-01-01"]) == 0


def test_the_json_report_carries_the_acceptance(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", OLD, NEW, "-f", "json", "--accept", ACCEPTED, "--date", "2027-02-01"]) == 0
    data = json.loads(capsys.readouterr().out)
    removal = next(c for c in data["changes"] if c["operation"] == "POST /pets")
    assert removal["accepted"] == {"reason": removal["accepted"]["reason"], "expires": "2027-01-31",
                                   "by": "platform-team", "expired": True, "entry": 0}
    assert data["summary"]["accepted"] == 2
    assert all(c["accepted"] is None for c in data["changes"]
               if c["rule"] not in ("api.operation.removed-without-deprecation",
                                    "api.schema.response.property-removed"))


def test_check_gives_accepted_changes_their_own_verdict() -> None:
    policy, rules = load_policy(ROOT / "examples" / "nosurprises.yaml")
    result = check(_accepted(BEFORE_EXPIRY), policy, rules, None, BEFORE_EXPIRY)
    by_change = {(v.change.rule, v.change.operation): v for v in result.verdicts}
    removal = by_change[("api.operation.removed-without-deprecation", "POST /pets")]
    assert removal.status == "accepted" and removal.reason.startswith("accepted: pets are created")
    assert removal not in result.failed
    assert by_change[("api.parameter.added-required", "GET /pets/{petId}")] in result.failed
    later = check(_accepted(AFTER_EXPIRY), policy, rules, None, AFTER_EXPIRY)
    expired = next(v for v in later.verdicts if v.change.operation == "POST /pets")
    assert expired.status == "unannounced" and expired in later.failed


def test_check_command_honours_accept(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["check", OLD, NEW, "--policy", str(ROOT / "examples" / "nosurprises.yaml"),
            "--on", "2026-12-01", "--accept", ACCEPTED]
    assert main(args) == 1  # other changes are still unannounced
    out = capsys.readouterr().out
    assert "ACCEPTED (2 distinct, 3 by operation)" in out


BAD = [
    ("{}", "expected a mapping with an `accepted` list"),
    ("- a\n- b\n", "expected a mapping with an `accepted` list"),
    ("accepted: [{rule: api.operation.removed, operation: GET /a}]", "accepted[0].reason: Field required"),
    ("accepted: [{rule: api.operation.removed, operation: GET /a, reason: ' '}]", "reason is empty"),
    ("accepted: [{rule: api.operation.removed, reason: why}]", "names no operation or origin"),
    ("accepted: [{rule: api.operation.remove, operation: GET /a, reason: why}]",
     "accepted[0].rule: no such rule 'api.operation.remove'; did you mean 'api.operation.removed'?"),
    ("accepted: [{rule: api.operation.removed, operation: GET /a, reason: why, expire: 2027-01-01}]",
     "accepted[0].expire: unknown key; did you mean 'expires'?"),
    ("accepted: [{rule: api.operation.removed, operation: GET /a, reason: why, expires: someday}]",
     "accepted[0].expires"),
    ("accepted: [{rule: api.*, operation: GET /a, reason: why}]", "no such rule 'api.*'"),
    ("accepted: {rule: x}", "accepted: Input should be a valid list"),
]


@pytest.mark.parametrize(("text", "problem"), BAD, ids=[p for _, p in BAD])
def test_a_bad_acceptances_file_is_one_line_naming_it(tmp_path: Path, text: str, problem: str,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "accepted.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_acceptances(str(path))
    assert problem in str(raised.value) and str(path) in str(raised.value)
    assert main(["diff", OLD, NEW, "--accept", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and problem in err and "Traceback" not in err


def test_a_missing_acceptances_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["diff", OLD, NEW, "--accept", str(tmp_path / "nope.yaml")]) == 2
    assert "nope.yaml: no such file" in capsys.readouterr().err
