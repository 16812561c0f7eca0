"""Every pricing rule has an old/new price book fixture that triggers it at its level.

A fixture is `fixtures/pricing/rules/<rule-id>[--variant].yaml`:

    old: {plans: [...]}
    new: {plans: [...]}
    expect:
      - {rule: pricing.price.increased, level: breaking, item: pro}
    absent: [pricing.price.decreased]      # optional
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from nosurprises.model import Subject
from nosurprises.pricing import compare_pricing
from nosurprises.rules import CATALOG

from .conftest import FIXTURES

RULE_FIXTURES = FIXTURES / "pricing" / "rules"
FILES = sorted(RULE_FIXTURES.glob("*.yaml"))


def _spec(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_fixture_reports_what_it_expects(path: Path) -> None:
    spec = _spec(path)
    report = compare_pricing(spec["old"], spec["new"])
    assert spec.get("expect"), f"{path.name} expects nothing"
    got = [(c.rule, c.level.value, c.item) for c in report.changes]
    for want in spec["expect"]:
        assert (want["rule"], want["level"], want["item"]) in got, f"{path.name}: expected {want}, got {got}"
    for rule in spec.get("absent", []):
        assert rule not in {g[0] for g in got}, f"{path.name}: {rule} should not be reported"
    assert all(c.subject is Subject.PRICING and c.operation is None for c in report.changes)
    assert all("?" not in c.message and "<" not in c.message for c in report.changes), (
        [c.message for c in report.changes])


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_fixture_reversed_is_not_identical(path: Path) -> None:
    """Swapping old and new must still find changes (nothing is one-sided by accident)."""
    spec = _spec(path)
    assert compare_pricing(spec["new"], spec["old"]).changes


def test_every_pricing_rule_has_a_fixture() -> None:
    covered = {e["rule"] for path in FILES for e in _spec(path)["expect"]}
    missing = sorted({r for r in CATALOG if r.startswith("pricing.")} - covered)
    assert not missing, f"pricing rules without a fixture: {missing}"


def test_fixture_names_match_a_pricing_rule() -> None:
    for path in FILES:
        rule = path.stem.split("--")[0]
        assert rule in CATALOG and rule.startswith("pricing."), f"{path.name} is named after no pricing rule"


def test_pricing_rules_are_pricing_subjects() -> None:
    for rule in CATALOG.values():
        assert (rule.subject is Subject.PRICING) == rule.id.startswith("pricing."), rule.id
