"""The shipped policy packs: they load, cite their sources, name real rules, and give the
windows their sources promise, alone and combined."""

from __future__ import annotations

import fnmatch

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nosurprises.model import Level
from nosurprises.policy.load import IMPLEMENTED, Pack, load_pack, pack_names
from nosurprises.policy.model import NoticeRule, Window, window_for
from nosurprises.policy.packs_doc import packs_markdown
from nosurprises.rules import CATALOG

from .conftest import ROOT

B, W, INFO = Level.BREAKING, Level.WARNING, Level.INFO
REQUIRED = {"default", "strict", "eu-p2b", "eu-consumer", "us-ca", "api-providers"}


def rules_of(*names: str) -> list[NoticeRule]:
    return [rule for name in names for rule in load_pack(name).rules]


def window(packs: tuple[str, ...] | str, rule: str, level: Level, audience: list[str] | None = None,
           stability: str | None = None) -> Window:
    names = (packs,) if isinstance(packs, str) else packs
    return window_for(rules_of(*names), rule, level, audience or ["all"], stability)


# --- every pack is well formed --------------------------------------------------------------

def test_required_packs_are_shipped() -> None:
    assert set(pack_names()) >= REQUIRED


@pytest.mark.parametrize("name", pack_names())
def test_pack_loads_and_is_documented(name: str) -> None:
    pack = load_pack(name)
    assert isinstance(pack, Pack) and pack.name == name
    assert "not legal advice" in pack.description.lower()
    ids = [rule.id for rule in pack.rules]
    assert pack.rules and len(ids) == len(set(ids)), f"{name}: rule ids must be unique"


@pytest.mark.parametrize("name", pack_names())
def test_every_rule_cites_a_source(name: str) -> None:
    for rule in load_pack(name).rules:
        assert rule.source and len(rule.source.split()) >= 3, f"{name}/{rule.id} has no source"


@pytest.mark.parametrize("name", pack_names())
def test_every_glob_matches_a_real_rule(name: str) -> None:
    for rule in load_pack(name).rules:
        for pattern in rule.match:
            if pattern.split(".", 1)[0] in IMPLEMENTED:
                assert any(fnmatch.fnmatchcase(r, pattern) for r in CATALOG), (
                    f"{name}/{rule.id}: {pattern!r} matches no rule id")


AUDIENCES = {"all", "api", "paying", "eu-business", "eu-consumers", "ca-consumers", "ny-consumers"}


@pytest.mark.parametrize("name", pack_names())
def test_filters_use_known_values(name: str) -> None:
    for rule in load_pack(name).rules:
        assert set(rule.audience or []) <= AUDIENCES, f"{name}/{rule.id}: unknown audience"
        assert set(rule.stability or []) <= {"draft", "alpha", "beta", "stable"}, f"{name}/{rule.id}"


UNVERIFIED = ["AWS Customer Agreement", "AB 390", "527-a", "Art. 4(2)", "Google Cloud Terms"]
"""Section 8 of notice-policy.md: sources still to be checked against the primary text."""


@pytest.mark.parametrize("name", pack_names())
def test_unverified_sources_say_so(name: str) -> None:
    for rule in load_pack(name).rules:
        for item in UNVERIFIED:
            if item in (rule.source or ""):
                tail = rule.source.split(item, 1)[1]  # type: ignore[union-attr]
                assert "[verify" in tail, f"{name}/{rule.id}: {item!r} needs a [verify] mark"


# --- what the numbers mean ----------------------------------------------------------------

@pytest.mark.parametrize(("stability", "days"), [(None, 365), ("stable", 365), ("beta", 180),
                                                 ("alpha", 0), ("draft", 0)])
def test_default_breaking_api_change_by_stability(stability: str | None, days: int) -> None:
    got = window("default", "api.operation.removed-without-deprecation", B, ["api"], stability)
    assert (got.min_days, got.max_days) == (days, None)


def test_default_info_needs_no_notice_and_warnings_some() -> None:
    assert window("default", "api.operation.added", INFO, ["api"]).min_days == 0
    deprecated = window("default", "api.operation.deprecated", W, ["api"]).min_days
    assert 0 < deprecated < 365
    assert window("default", "api.operation.deprecated", W, ["api"], "alpha").min_days == 0


def test_default_removing_a_deprecated_operation_needs_the_grace_period() -> None:
    got = window("default", "api.operation.removed", W, ["api"])
    assert got.min_days == 180 and "api.deprecation.grace" in got.rules
    assert window("default", "api.operation.removed", W, ["api"], "draft").min_days == 0


def test_default_events() -> None:
    maintenance = window("default", "event.maintenance", W)
    assert (maintenance.min_days, maintenance.max_days) == (3, 28)
    assert window("default", "event.shutdown", B).min_days == 365
    assert window("default", "event.region-shutdown", B).min_days == 365
    assert window("default", "event.sale", B).min_days >= 84  # more than Google Domains gave
    assert window("default", "event.processor-change", B).min_days == 30


def test_strict_is_at_least_default_for_api_and_events() -> None:
    for rule_id in [r for r in CATALOG if r.startswith(("api.", "event."))]:
        for level in Level:
            for stability in ("draft", "alpha", "beta", "stable"):
                strict = window("strict", rule_id, level, ["api"], stability)
                default = window("default", rule_id, level, ["api"], stability)
                assert strict.min_days >= default.min_days, (rule_id, level, stability)
    assert window("strict", "api.parameter.became-required", B, ["api"]).min_days == 730


def test_api_providers_agrees_with_default_on_api_breaking_changes() -> None:
    for stability in ("draft", "alpha", "beta", "stable"):
        for rule_id in ("api.operation.removed-without-deprecation", "api.operation.removed"):
            level = CATALOG[rule_id].level
            assert (window("api-providers", rule_id, level, ["api"], stability).min_days
                    == window("default", rule_id, level, ["api"], stability).min_days)


def test_us_ca_price_change_window() -> None:
    got = window("us-ca", "pricing.price.increased", B, ["ca-consumers"])
    assert (got.min_days, got.max_days) == (7, 30)
    assert window("us-ca", "pricing.price.increased", B, ["paying"]).rules == []
    trial = window("us-ca", "pricing.trial.shortened", B, ["ca-consumers"])
    assert (trial.min_days, trial.max_days) == (3, 21)


def test_default_with_us_ca_leaves_a_window() -> None:
    got = window(("default", "us-ca"), "pricing.price.increased", B, ["ca-consumers", "paying"])
    assert (got.min_days, got.max_days) == (30, 30) and not got.empty


def test_strict_with_us_ca_cannot_be_met() -> None:
    assert window(("strict", "us-ca"), "pricing.price.increased", B, ["ca-consumers"]).empty


def test_eu_p2b() -> None:
    assert window("eu-p2b", "terms.termination.changed", B, ["eu-business"]).min_days == 15
    assert window("eu-p2b", "terms.termination.changed", INFO, ["eu-business"]).min_days == 0
    assert window("eu-p2b", "terms.termination.changed", B, ["eu-consumers"]).rules == []
    assert window("eu-p2b", "event.shutdown", B, ["eu-business"]).min_days == 30


def test_combining_default_and_eu_p2b_takes_the_longest_minimum() -> None:
    terms = window(("default", "eu-p2b"), "terms.termination.changed", B, ["eu-business"])
    assert terms.min_days == 30 and set(terms.rules) == {"terms.breaking", "p2b.terms-change"}
    warning = window(("default", "eu-p2b"), "terms.renewal.changed", W, ["eu-business"])
    # default asks a month for every material terms change (docs/policy-packs.md), p2b 15 days
    assert warning.min_days == 30 and warning.rules == ["terms.material", "p2b.terms-change"]
    assert window("eu-p2b", "terms.renewal.changed", W, ["eu-business"]).min_days == 15
    shutdown = window(("default", "eu-p2b"), "event.shutdown", B, ["eu-business"])
    assert shutdown.min_days == 365 and "p2b.termination" in shutdown.rules


def test_eu_consumer() -> None:
    got = window("eu-consumer", "pricing.price.increased", B, ["eu-consumers"])
    assert got.min_days == 30
    assert window("eu-consumer", "event.maintenance", W, ["eu-consumers"]).rules == []


# --- the combination rule itself ----------------------------------------------------------

_rules = st.builds(
    NoticeRule,
    id=st.sampled_from(["a", "b", "c"]),
    match=st.just(["*"]),
    min_days=st.integers(0, 800),
    max_days=st.none() | st.integers(800, 1600),
)


@given(st.lists(_rules, max_size=8), st.sampled_from(list(Level)))
def test_window_is_max_of_minima_and_min_of_maxima(rules: list[NoticeRule], level: Level) -> None:
    got = window_for(rules, "api.operation.removed", level, ["all"], None)
    maxima = [r.max_days for r in rules if r.max_days is not None]
    assert got.min_days == max((r.min_days for r in rules), default=0)
    assert got.max_days == (min(maxima) if maxima else None)
    assert len(got.rules) == len(rules)


@given(st.lists(st.sampled_from([r for name in sorted(REQUIRED) for r in load_pack(name).rules]),
                max_size=10),
       st.sampled_from(sorted(CATALOG)), st.sampled_from(list(Level)),
       st.lists(st.sampled_from(sorted(AUDIENCES)), min_size=1, max_size=3),
       st.sampled_from([None, "draft", "alpha", "beta", "stable"]))
def test_window_over_pack_rules(rules: list[NoticeRule], rule: str, level: Level,
                                audience: list[str], stability: str | None) -> None:
    applying = [r for r in rules if r.applies(rule, level, audience, stability)]
    got = window_for(rules, rule, level, audience, stability)
    maxima = [r.max_days for r in applying if r.max_days is not None]
    assert got.min_days == max((r.min_days for r in applying), default=0)
    assert got.max_days == (min(maxima) if maxima else None)


# --- the reference cannot drift -----------------------------------------------------------

def test_pack_reference_is_current() -> None:
    written = (ROOT / "docs" / "policy-packs.md").read_text(encoding="utf-8")
    assert written == packs_markdown(), (
        "docs/policy-packs.md is stale: run "
        "`python -m nosurprises.policy.packs_doc > docs/policy-packs.md`")
    for name in pack_names():
        assert f"## `{name}`" in written
