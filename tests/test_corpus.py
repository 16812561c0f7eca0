"""Every real version pair in ../shared/corpus/openapi compares cleanly and plausibly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import nosurprises
from nosurprises.cli import main

from .conftest import CORPUS, corpus_dir

PAIRS = sorted(p.name for p in (CORPUS / "openapi").iterdir() if p.is_dir()) \
    if (CORPUS / "openapi").exists() else []
TODAY = dt.date(2026, 11, 22)


def _pair(name: str) -> tuple[Path, Path]:
    folder = corpus_dir("openapi", name)
    old = next(f for f in folder.iterdir() if f.stem == "old")
    new = next(f for f in folder.iterdir() if f.stem == "new")
    return old, new


@pytest.fixture(scope="module")
def reports() -> dict[str, nosurprises.Report]:
    corpus_dir("openapi")
    return {name: nosurprises.compare_openapi(*_pair(name), today=TODAY) for name in PAIRS}


def test_corpus_is_present_or_skipped() -> None:
    corpus_dir("openapi")
    assert len(PAIRS) >= 12


@pytest.mark.parametrize("name", PAIRS)
def test_pair_compares_and_finds_changes(name: str, reports: dict[str, nosurprises.Report]) -> None:
    report = reports[name]
    assert report.changes, f"{name}: real version pairs always differ"
    assert report.summary.total == len(report.changes)


@pytest.mark.parametrize("name", PAIRS)
def test_cli_exits_zero_on_every_pair(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = _pair(name)
    assert main(["diff", str(old), str(new), "--format", "json", "--date", "2026-11-22"]) == 0
    assert '"summary"' in capsys.readouterr().out


@pytest.mark.parametrize("name", ["petstore-3.0", "petstore-2.0"])
def test_petstore_ground_truth(name: str, reports: dict[str, nosurprises.Report]) -> None:
    """The corpus README lists the six breaking and five harmless edits."""
    report = reports[name]
    breaking = {(c.rule, c.operation) for c in report.changes if c.level.value == "breaking"}
    assert ("api.operation.removed-without-deprecation", "POST /pets") in breaking
    assert ("api.parameter.became-required", "GET /pets") in breaking
    assert ("api.schema.request.type-changed", "GET /pets/{petId}") in breaking
    assert ("api.parameter.added-required", "GET /pets/{petId}") in breaking
    for op in ("GET /pets", "GET /pets/{petId}"):
        assert ("api.schema.response.property-removed", op) in breaking
        assert ("api.schema.response.property-became-optional", op) in breaking
    harmless = {(c.rule, c.operation) for c in report.changes if c.level.value == "info"}
    assert ("api.parameter.added-optional", "GET /pets") in harmless
    assert ("api.operation.added", "DELETE /pets/{petId}") in harmless
    assert ("api.schema.response.optional-property-added", "GET /pets") in harmless
    assert ("api.operation.documentation-changed", "GET /pets") in harmless
    assert ("api.document.version-changed", None) in harmless
    assert len(breaking) == 8


@pytest.mark.parametrize(("name", "removed"), [
    ("github-v18.2.0-v19.0.0", {"GET /orgs/{org}/copilot/usage",
                                "GET /orgs/{org}/team/{team_slug}/copilot/usage"}),
    ("github-v22.0.0-v23.0.0", {"GET /orgs/{org}/copilot/metrics"}),
])
def test_known_removals_in_github(name: str, removed: set[str],
                                  reports: dict[str, nosurprises.Report]) -> None:
    found = {c.operation for c in reports[name].changes if c.rule.startswith("api.operation.removed")}
    assert removed <= found


@pytest.mark.parametrize(("name", "count"), [
    ("github-v22.0.0-v23.0.0", 40), ("github-v17.0.0-v21.0.0", 15),
    ("twilio-api-v2010", 5), ("gitea", 2), ("rudder", 4), ("github-v18.0.0-v18.2.0", 0),
])
def test_removed_operation_counts_match_the_corpus_readme(
        name: str, count: int, reports: dict[str, nosurprises.Report]) -> None:
    """The README counts paths gone from the old document as written; a path that only lost
    its trailing slash is among them, and is reported as moved."""
    gone = {c.operation for c in reports[name].changes if c.rule.startswith("api.operation.removed")
            or c.rule == "api.path.trailing-slash-changed"}
    assert len(gone) == count


def test_rudder_moved_four_operations_by_a_trailing_slash(reports: dict[str, nosurprises.Report]) -> None:
    moved = {(c.before, c.after) for c in reports["rudder"].changes
             if c.rule == "api.path.trailing-slash-changed"}
    assert moved == {("/secret/", "/secret"), ("/cve/update/", "/cve/update")}
    assert not any(c.rule.startswith("api.operation.removed") for c in reports["rudder"].changes)


def test_github_minor_release_has_no_removed_operation(reports: dict[str, nosurprises.Report]) -> None:
    rules = {c.rule for c in reports["github-v18.0.0-v18.2.0"].changes}
    assert "api.operation.added" in rules
