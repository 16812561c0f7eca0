"""The real pricing changes of the shared corpus load and give plausible reports.

The corpus tables say nothing about which changes matter; these tests check that the report
agrees with the public facts of each case (see ../shared/corpus/pricing/README.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nosurprises.model import Level, Report
from nosurprises.pricing import compare_pricing, load_pricebook

from .conftest import FIXTURES, corpus_dir

CASES = ["twitter-api-2023", "reddit-api-2023", "heroku-free-tier-2022", "slack-free-plan-2022",
         "google-maps-platform-2018", "github-copilot-premium-requests-2025"]
CORRECTED = FIXTURES / "pricing" / "corpus"


def _path(case: str, which: str) -> Path:
    """The corpus file, or its corrected copy when the original is not valid as written."""
    fixed = CORRECTED / case / f"{which}.yaml"
    return fixed if fixed.exists() else corpus_dir("pricing", case) / f"{which}.yaml"


def _report(case: str, **kwargs: object) -> Report:
    return compare_pricing(_path(case, "old"), _path(case, "new"), **kwargs)  # type: ignore[arg-type]


def _has(report: Report, rule: str, item: str, level: Level | None = None) -> bool:
    return any(c.rule == rule and c.item == item and (level is None or c.level is level)
               for c in report.changes)


def test_every_case_is_covered() -> None:
    found = sorted(p.name for p in corpus_dir("pricing").iterdir() if p.is_dir())
    assert found == sorted(CASES)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("which", ["old", "new"])
def test_case_loads(case: str, which: str) -> None:
    assert load_pricebook(_path(case, which)).all_plans()


@pytest.mark.parametrize("case", CASES)
def test_case_is_deterministic_and_finds_something_breaking(case: str) -> None:
    first = _report(case)
    assert first.model_dump_json() == _report(case).model_dump_json()
    assert first.summary.breaking > 0


def test_google_maps_original_is_broken_and_the_fix_only_quotes_names() -> None:
    """The corrected copy differs from the corpus file only in its header and quoted names."""
    original = (corpus_dir("pricing", "google-maps-platform-2018") / "new.yaml").read_text(encoding="utf-8")
    fixed = (CORRECTED / "google-maps-platform-2018" / "new.yaml").read_text(encoding="utf-8")
    body = [line for line in fixed.splitlines() if not line.startswith("# Corrected") and
            not line.startswith("# the three") and not line.startswith("# keys;")]
    assert [line.replace('"Dynamic', "Dynamic").replace('month)"', "month)") for line in body] == \
        original.splitlines()
    with pytest.raises(Exception, match="Extra inputs"):
        load_pricebook(corpus_dir("pricing", "google-maps-platform-2018") / "new.yaml")


def test_twitter_free_access_ends_and_basic_is_paid() -> None:
    report = _report("twitter-api-2023")
    for plan in ("essential", "elevated", "academic-research"):
        assert _has(report, "pricing.free-tier.removed", plan, Level.BREAKING), plan
    basic = next(c for c in report.changes if c.rule == "pricing.plan.added" and c.item == "basic")
    assert "$100.00 per month" in basic.message
    assert _has(report, "pricing.price.published", "enterprise", Level.INFO)


def test_reddit_meters_api_calls_that_were_free() -> None:
    report = _report("reddit-api-2023")
    added = [c for c in report.changes if c.rule == "pricing.usage-price.added"]
    assert [(c.item, c.after) for c in added] == [("enterprise", "0.24")]
    assert "$0.24 per 1,000 api_call" in added[0].message
    assert _has(report, "pricing.limit.decreased", "free", Level.BREAKING)  # 60 -> 10 a minute


def test_heroku_free_dynos_and_free_postgres_are_removed() -> None:
    report = _report("heroku-free-tier-2022")
    assert _has(report, "pricing.free-tier.removed", "free-dyno", Level.BREAKING)
    assert _has(report, "pricing.free-tier.removed", "postgres-hobby-dev", Level.BREAKING)
    assert _has(report, "pricing.plan.removed", "hobby-dyno", Level.BREAKING)


def test_slack_free_plan_limits_change_and_pro_costs_more() -> None:
    report = _report("slack-free-plan-2022")
    history = next(c for c in report.changes if c.rule == "pricing.limit.changed")
    assert (history.item, history.before, history.after) == ("free", "10,000 message", "90 day")
    assert _has(report, "pricing.limit.removed", "free")  # 5 GB storage cap no longer listed
    rise = next(c for c in report.changes if c.rule == "pricing.price.increased")
    assert (rise.item, rise.before, rise.after) == ("pro", "6.67", "7.25")
    assert "$0.58 (+8.7%) per month per user, billed annually" in rise.message


def test_google_maps_price_per_thousand_loads_rises_and_a_credit_appears() -> None:
    report = _report("google-maps-platform-2018", successors={"standard": "pay-as-you-go"})
    rise = next(c for c in report.changes if c.rule == "pricing.usage-price.increased")
    assert (rise.level, rise.before, rise.after) == (Level.BREAKING, "0.50", "7.00")
    assert "+1,300.0%" in rise.message and "per 1,000 map_load" in rise.message
    credit = next(c for c in report.changes if c.rule == "pricing.credit.added")
    assert credit.after == "200.00" and "$200.00 per month" in credit.message
    assert _has(report, "pricing.usage-price.tier-changed", "pay-as-you-go", Level.WARNING)


def test_google_maps_without_successor_reports_the_free_plan_gone() -> None:
    report = _report("google-maps-platform-2018")
    assert _has(report, "pricing.free-tier.removed", "standard", Level.BREAKING)
    assert _has(report, "pricing.plan.added", "pay-as-you-go", Level.INFO)


def test_copilot_premium_requests_become_capped_and_metered() -> None:
    report = _report("github-copilot-premium-requests-2025")
    caps = {c.item: c.after for c in report.changes if c.rule == "pricing.limit.decreased"}
    assert caps == {"pro": "300", "pro-plus": "1500", "business": "300", "enterprise": "1000"}
    metered = {c.item for c in report.changes if c.rule == "pricing.usage-price.added"
               and c.level is Level.BREAKING}
    assert metered == {"pro", "pro-plus", "business", "enterprise"}
    assert not any(c.item == "free" for c in report.changes)
