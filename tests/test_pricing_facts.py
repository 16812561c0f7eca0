"""Price book checks name rule objects and state facts; the words are made after them.

Issue 10, items 1 and 2: a pricing check yields the one `nosurprises.finding.Finding`, naming
the catalog's own `Rule` object (a misspelt rule fails at import, not on the first book with
such a change), with its facts as data (`words.Code` for ids), and the one judge writes the
sentence. These tests hold the pricing code to that: no rule id written as a string, no
backtick written by hand, and every rule reached through the real fixtures and corpus pairs.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

import nosurprises.finding
from nosurprises.model import Level
from nosurprises.pricing import compare_pricing, load_pricebook
from nosurprises.pricing.compare import pricing_findings
from nosurprises.pricing.rules import RULES as PRICING
from nosurprises.rule import Rule
from nosurprises.rules import CATALOG
from nosurprises.words import Code

from .conftest import FIXTURES, ROOT, corpus_dir

PRICING_CODE = ROOT / "src" / "nosurprises" / "pricing"
RULE_FIXTURES = sorted((FIXTURES / "rules").glob("pricing.*.yaml"))
CASES = ["twitter-api-2023", "reddit-api-2023", "heroku-free-tier-2022", "slack-free-plan-2022",
         "google-maps-platform-2018", "github-copilot-premium-requests-2025"]

WORDS_ALLOWED = {
    "rules.py": "the rules' own sentences, advice and examples: where the words belong",
    "reference.py": "writes the Markdown format reference of docs/pricing.md",
    "model.py": "field descriptions (the JSON Schema and docs) and errors about a book's fields",
    "usage.py": "field descriptions and errors about a usage file, not about a change",
    "impact.py": "the notes of the customer impact section (`impact[].notes`), not a change's "
                 "message: still prose, until notices speak to customers (issue 11)",
}
"""Pricing modules allowed to hold a backtick outside docstrings, and why. Every other module,
and every new one, is scanned."""


def _book_pair(path: Path) -> tuple[Any, Any]:
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    return (load_pricebook(spec["old"], label="<old>"), load_pricebook(spec["new"], label="<new>"))


def _corpus_path(case: str, which: str) -> Path:
    fixed = FIXTURES / "pricing" / "corpus" / case / f"{which}.yaml"
    return fixed if fixed.exists() else corpus_dir("pricing", case) / f"{which}.yaml"


def _fixture_findings() -> Iterator[tuple[str, nosurprises.finding.Finding]]:
    """Every finding of every pricing rule fixture, both ways round."""
    for path in RULE_FIXTURES:
        old, new = _book_pair(path)
        for f in pricing_findings(old, new):
            yield path.name, f
        for f in pricing_findings(new, old):
            yield f"{path.name} (swapped)", f


def _foreign_rules(found: Iterator[tuple[str, Any]]) -> list[str]:
    """Findings that are not the one Finding type, or whose rule is not the catalog's object."""
    return [f"{where}: {f!r}" for where, f in found
            if not isinstance(f, nosurprises.finding.Finding) or not isinstance(f.rule, Rule)
            or CATALOG.get(f.rule.id) is not f.rule]


def test_every_pricing_finding_names_the_catalogs_rule_object() -> None:
    found = list(_fixture_findings())
    assert _foreign_rules(iter(found)) == []
    # and the fixtures reach every pricing rule, so the check above covers every constant
    assert {f.rule.id for _, f in found} == set(PRICING)


@pytest.mark.parametrize("case", CASES)
def test_corpus_findings_name_the_catalogs_rule_objects(case: str) -> None:
    old, new = (load_pricebook(_corpus_path(case, w)) for w in ("old", "new"))
    findings = list(pricing_findings(old, new))
    assert findings
    assert _foreign_rules((case, f) for f in findings) == []


def test_a_rule_object_outside_the_catalog_is_caught() -> None:
    """The check is not vacuous: a look-alike rule (same id, another object) is foreign."""
    where, real = next(_fixture_findings())
    twin = Rule(real.rule.id, real.rule.level, real.rule.title, real.rule.message, real.rule.why,
                real.rule.hint, real.rule.example, real.rule.subject)
    stray = nosurprises.finding.Finding(twin, real.location, facts=real.facts)
    assert _foreign_rules(iter([(where, real)])) == []
    assert len(_foreign_rules(iter([(where, stray)]))) == 1


def test_ids_are_code_and_no_fact_carries_a_backtick() -> None:
    """The plan, limit, feature and metered ids are `Code`; the sentence marks them, not the
    check (the fixtures' own names hold no backtick, so none may appear in a fact)."""
    seen: set[str] = set()
    for where, f in _fixture_findings():
        assert isinstance(f.facts["item"], Code | tuple), (where, f.facts)
        for name, value in f.facts.items():
            if isinstance(value, Code):
                seen.add(name)
            elif isinstance(value, tuple):
                assert all("`" not in text for _, text in value), (where, name, value)
            else:
                assert "`" not in str(value), (where, name, value)
    assert {"item", "limit", "usage", "feature"} <= seen


def _backticks(source: str) -> list[int]:
    """Lines of string constants and f-string parts holding a backtick, docstrings aside."""
    tree = ast.parse(source)
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    return sorted(node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and "`" in node.value
            and id(node) not in docstrings)


def test_no_pricing_code_writes_a_backtick() -> None:
    """Markdown was built in the diff stage (`f"`{item}`"`); `words.plain` marks code now."""
    scanned = [p for p in sorted(PRICING_CODE.glob("*.py")) if p.name not in WORDS_ALLOWED]
    names = {p.name for p in scanned}
    assert {"compare.py", "entitlements.py", "metered.py", "money.py", "facts.py"} <= names
    offenders = [f"{p.name}:{line}" for p in scanned for line in _backticks(p.read_text("utf-8"))]
    assert offenders == []


def test_the_backtick_scan_sees_strings_and_f_strings_but_not_docstrings() -> None:
    source = ('"""Module `doc`."""\n'
              'def f(item):\n    """Says `why`."""\n    return f"`{item}`"\n'
              'X = "plain"\nY = "a `code` span"\n')
    assert _backticks(source) == [4, 4, 6]


def test_no_pricing_code_writes_a_rule_id() -> None:
    """Checks name the constant (`PLAN_REMOVED`), never the id: only rules.py holds ids."""
    ids = [f"{p.name}:{node.lineno}" for p in sorted(PRICING_CODE.glob("*.py")) if p.name != "rules.py"
           for node in ast.walk(ast.parse(p.read_text("utf-8")))
           if isinstance(node, ast.Constant) and isinstance(node.value, str)
           and node.value.startswith("pricing.") and node.value in CATALOG]
    assert ids == []


def _plan(**extra: Any) -> dict[str, Any]:
    return {"id": "pro", "name": "Pro", "price": {"amount": "10.00", "currency": "USD", "interval": "month"},
            **extra}


def test_a_moved_plan_is_named_from_both_ids_in_a_phrase_about_a_metered_price() -> None:
    """The successor's id replaces the plan in the phrase that names the metered price too."""
    usage = {"id": "api_calls", "amount": "0.50", "currency": "USD", "per": 1000, "unit": "api_call"}
    old = {"plans": [_plan(usage_prices=[usage])]}
    new = {"plans": [_plan(id="team", name="Team", usage_prices=[dict(usage, unit="call")])]}
    report = compare_pricing(old, new, successors={"pro": "team"})
    messages = {c.rule: c.message for c in report.changes}
    assert messages["pricing.price.unit-changed"] == (
        "The price of plan `pro` \u2192 `team` (metered `api_calls`) is now charged per 1,000 call "
        "instead of per 1,000 api_call.")
    # a rename names both plans already, with their ids
    assert messages["pricing.plan.renamed"] == "Plan `team` was renamed from Pro (pro) to Team (team)."


@pytest.mark.parametrize(("change", "rule", "retroactive"), [
    ({"features": []}, "pricing.feature.removed", True),
    ({"features": ["sso", "audit"]}, "pricing.feature.added", False),
    # withdrawn, but existing customers keep it: capped to a warning, so it does not reach back
    ({"available": False}, "pricing.plan.no-longer-available", False),
])
def test_only_what_is_breaking_at_its_final_level_reaches_back(change: dict[str, Any], rule: str,
                                                                retroactive: bool) -> None:
    old = {"plans": [_plan(audience=["existing"], features=["sso"])]}
    new = {"plans": [{**_plan(audience=["existing"], features=["sso"]), **change}]}
    (found,) = [c for c in compare_pricing(old, new).changes if c.rule == rule]
    assert found.retroactive is retroactive
    assert (found.level is Level.BREAKING) is retroactive
