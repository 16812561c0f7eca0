"""Every rule has at least one old/new fixture pair that triggers it at its level.

A fixture is `fixtures/rules/<rule-id>[--variant].yaml` with either whole documents:

    old: {openapi: 3.0.3, ...}
    new: {openapi: 3.0.3, ...}

or, for schema rules, just the two schemas, wrapped into `POST /items` as the JSON request
body (`request:`) or the JSON 200 response (`response:`):

    request: {old: {type: string}, new: {type: integer}}

and then what must be reported (and optionally what must not be):

    expect:
      - {rule: api.schema.request.type-changed, level: breaking, operation: POST /items}
    absent: [api.schema.request.format-added]
    absent_levels: [breaking]  # no change at these levels (e.g. a change in the customer's favour)
    today: 2026-01-01          # the date sunset checks use (default 2026-01-01)

A `terms.*` fixture holds the two texts of a terms document (Markdown) as `old` and `new`,
and is compared with `compare_terms`; `location` is then the `section:` path. An `event.*`
fixture holds an events file's `events:` list instead (declared events have no old and new).
A `pricing.*` fixture holds two price books, compared with `compare_pricing`; its `expect`
entries name the plan as `item`.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

import nosurprises
from nosurprises.events.load import event_changes, load_events
from nosurprises.model import Report, Subject
from nosurprises.rules import CATALOG, said_at_origin
from nosurprises.words import sentence

from .conftest import FIXTURES

RULE_FIXTURES = FIXTURES / "rules"
FILES = sorted(RULE_FIXTURES.glob("*.yaml"))

_BASE: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "fixture", "version": "1.0.0"},
    "paths": {"/items": {"post": {"operationId": "createItem", "responses": {}}}},
}


def _wrap(direction: str, schema: Any) -> dict[str, Any]:
    doc = copy.deepcopy(_BASE)
    op = doc["paths"]["/items"]["post"]
    body = {"content": {"application/json": {"schema": schema}}}
    if direction == "request":
        op["requestBody"] = {"required": True, **body}
        op["responses"] = {"200": {"description": "ok"}}
    else:
        op["responses"] = {"200": {"description": "ok", **body}}
    return doc


def load_fixture(path: Path) -> tuple[Any, Any, dict[str, Any]]:
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    if "events" in spec:
        return None, {"events": spec["events"]}, spec
    for direction in ("request", "response"):
        if direction in spec:
            pair = spec[direction]
            return _wrap(direction, pair["old"]), _wrap(direction, pair["new"]), spec
    return spec["old"], spec["new"], spec


def _compare(path: Path, old: Any, new: Any, today: dt.date) -> nosurprises.Report:
    """The comparison a fixture is for, by the subject of the rule it is named after."""
    if path.stem.startswith("terms."):
        return nosurprises.compare_terms(old, new)
    if path.stem.startswith("pricing."):
        return nosurprises.compare_pricing(old, new)
    if path.stem.startswith("event."):
        return Report.from_changes(event_changes(load_events(new, label="events.yaml"), "events.yaml"))
    return nosurprises.compare_openapi(old, new, today=today)


def run_fixture(path: Path) -> tuple[nosurprises.Report, dict[str, Any]]:
    old, new, spec = load_fixture(path)
    today = spec.get("today", dt.date(2026, 1, 1))
    if isinstance(today, str):
        today = dt.date.fromisoformat(today)
    return _compare(path, old, new, today), spec


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_fixture_reports_what_it_expects(path: Path) -> None:
    report, spec = run_fixture(path)
    assert spec.get("expect"), f"{path.name} expects nothing"
    got = [(c.rule, c.level.value, c.operation, c.location, c.item) for c in report.changes]
    for want in spec["expect"]:
        matches = [g for g in got if g[0] == want["rule"] and g[1] == want["level"]
                   and ("operation" not in want or g[2] == want["operation"])
                   and ("location" not in want or g[3] == want["location"])
                   and ("item" not in want or g[4] == want["item"])]
        assert matches, f"{path.name}: expected {want}, got {got}"
    for rule in spec.get("absent", []):
        assert rule not in {g[0] for g in got}, f"{path.name}: {rule} should not be reported"
    for level in spec.get("absent_levels", []):
        assert level not in {g[1] for g in got}, f"{path.name}: nothing should be {level}, got {got}"


def _sentence(template: str) -> re.Pattern[str]:
    """The rule's sentence with every `{fact}` standing for any text."""
    return re.compile("(.*)".join(re.escape(part) for part in re.split(r"\{\w+\}", template)), re.DOTALL)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_message_is_the_catalogs_sentence(path: Path) -> None:
    """What the tool prints is the sentence `rules --explain` documents, with the facts filled in."""
    report, _ = run_fixture(path)
    for change in report.changes:
        assert _sentence(CATALOG[change.rule].message).fullmatch(change.message), (
            f"{path.name}: {change.message!r} is not {CATALOG[change.rule].message!r}")
        assert change.subject.value == CATALOG[change.rule].subject.value
        if change.subject is not Subject.API:  # API sentences may quote `?` from a path
            assert "?" not in change.message and "<" not in change.message, change.message


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_change_is_told_from_its_facts_alone(path: Path) -> None:
    """Facts, not prose (issue 10, item 2): the rule's sentence filled with the change's
    facts is its message, both ways round, and its group's sentence is told from the facts
    at the origin, so presentation can tell each in its own markup, voice and language."""
    old, new, _ = load_fixture(path)
    reports = [run_fixture(path)[0]]
    if not path.stem.startswith("event."):
        reports.append(_compare(path, new, old, dt.date(2026, 1, 1)))
    for report in reports:
        for change in report.changes:
            assert change.facts is not None, change.rule
            assert sentence(CATALOG[change.rule].message, change.facts) == change.message
        for group, members in report.grouped():
            assert said_at_origin(group, members[0]) and group.message == sentence(
                CATALOG[group.rule].message, members[0].origin_facts or members[0].facts,
                capitalize=members[0].origin_facts is not None)


@pytest.mark.parametrize("path", [p for p in FILES if not p.stem.startswith("event.")],
                         ids=[p.stem for p in FILES if not p.stem.startswith("event.")])
def test_fixture_reversed_is_not_identical(path: Path) -> None:
    """Swapping old and new must still find changes (nothing is one-sided by accident)."""
    old, new, _ = load_fixture(path)
    assert _compare(path, new, old, dt.date(2026, 1, 1)).changes


@pytest.mark.parametrize("subject", ["api", "pricing", "terms", "event"])
def test_every_rule_has_a_fixture(subject: str) -> None:
    covered: set[str] = set()
    for path in FILES:
        _, _, spec = load_fixture(path)
        covered |= {e["rule"] for e in spec.get("expect", [])}
    missing = sorted({r for r in CATALOG if r.startswith(f"{subject}.")} - covered)
    assert not missing, f"rules without a fixture: {missing}"


def test_fixture_names_match_a_rule() -> None:
    for path in FILES:
        rule = path.stem.split("--")[0]
        assert rule in CATALOG, f"{path.name} is named after no rule"
