"""Price book checks name rule objects and state facts; the words are made after them.

Issue 10, items 1 and 2: a pricing check yields the one `nosurprises.finding.Finding`, naming
the catalog's own `Rule` object (a misspelt rule fails at import, not on the first book with
such a change), with its facts as data (`words.Code` for ids), and the one judge writes the
sentence. These tests hold the pricing code to that: no rule id written as a string, no
backtick written by hand, no English put together where changes are found (what an amount
pays for, how a free plan went, a tier: `Phrase`s of the templates in `pricing/rules.py` and
`Term`s), and every rule reached through the real fixtures and corpus pairs.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import nosurprises.finding
from nosurprises.finding import judge
from nosurprises.model import Level
from nosurprises.pricing import compare_pricing, load_pricebook
from nosurprises.pricing.compare import pricing_findings
from nosurprises.pricing.rules import RULES as PRICING
from nosurprises.rule import Rule
from nosurprises.rules import CATALOG
from nosurprises.words import WORDS, Code, Listing, Phrase, Term, sentence

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
    "impacts.py": "the notes of the customer impact section (`impact[].notes`), not a change's "
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


def _leaves(facts: Any, name: str = "") -> Iterator[tuple[str, Any]]:
    """(fact name, value) of every fact, inside phrases and listings too."""
    if isinstance(facts, Phrase):
        facts = facts.facts
    if isinstance(facts, Listing):
        for value in facts.items:
            yield from _leaves(value, name)
        if facts.empty is not None:
            yield name, facts.empty
        return
    if not hasattr(facts, "items"):
        yield name, facts
        return
    for key, value in facts.items():
        if isinstance(value, Phrase | Listing):
            yield from _leaves(value, key)
        else:
            yield key, value


def test_ids_are_code_and_no_fact_carries_a_backtick() -> None:
    """The plan, limit, feature and metered ids are `Code`; the sentence marks them, not the
    check (the fixtures' own names hold no backtick, so none may appear in a fact)."""
    seen: set[str] = set()
    for where, f in _fixture_findings():
        assert isinstance(f.facts["item"], Code | Phrase), (where, f.facts)
        for name, value in _leaves(f.facts):
            if isinstance(value, Code):
                seen.add(name)
            else:
                assert "`" not in str(value), (where, name, value)
    assert {"item", "limit", "usage", "feature"} <= seen


_WORDS = re.compile(r"[^\W\d_]+ +[^\W\d_]+")
"""Two words with a space between: a phrase (`was removed`, `per use`)."""


def _book_strings(value: Any) -> set[str]:
    """Every string a loaded book holds: the provider's own names, units and periods."""
    if isinstance(value, dict):
        return {s for v in [*value.keys(), *value.values()] for s in _book_strings(v)}
    if isinstance(value, list):
        return {s for v in value for s in _book_strings(v)}
    return {value} if isinstance(value, str) else set()


def _wordy_facts(old: Any, new: Any, findings: list[nosurprises.finding.Finding]) -> list[str]:
    """Facts that hold words the books do not: a phrase written by the check itself. Names
    and units the provider wrote may hold spaces; fixed phrases must be `Term`s (in
    `words.WORDS`), phrases with values `Phrase`s of the templates of `pricing/rules.py`."""
    theirs = _book_strings(old.model_dump(mode="json")) | _book_strings(new.model_dump(mode="json"))
    out = []
    for f in findings:
        for name, value in _leaves(f.facts):
            if isinstance(value, Term):
                if value not in WORDS:
                    out.append(f"{f.rule.id} {name}: no word {value!r}")
            elif isinstance(value, str) and _WORDS.search(value) and value not in theirs:
                out.append(f"{f.rule.id} {name}: {value!r}")
    return out


def test_no_fact_is_english_the_check_wrote() -> None:
    """Every fact of every fixture, both ways round, is data: the book's own strings, ids,
    amounts, `Term`s and `Phrase`s; the sentence is made from them by the one judge."""
    offenders = []
    for path in RULE_FIXTURES:
        old, new = _book_pair(path)
        for a, b in ((old, new), (new, old)):
            offenders += [f"{path.name}: {o}" for o in _wordy_facts(a, b, list(pricing_findings(a, b)))]
    assert offenders == []


@pytest.mark.parametrize("case", CASES)
def test_no_corpus_fact_is_english_the_check_wrote(case: str) -> None:
    old, new = (load_pricebook(_corpus_path(case, w)) for w in ("old", "new"))
    assert _wordy_facts(old, new, list(pricing_findings(old, new))) == []


def test_the_fact_check_sees_a_phrase_a_check_wrote() -> None:
    """Not vacuous: the `how` of a removed free plan as the old code stated it is caught; the
    plan's own name, with its space, is not."""
    old = load_pricebook({"plans": [{"id": "free", "name": "Free forever"}]})
    new = load_pricebook({"plans": []})
    (real,) = pricing_findings(old, new)
    assert real.facts["name"] == "Free forever" and _wordy_facts(old, new, [real]) == []
    stray = nosurprises.finding.Finding(real.rule, real.location, facts={**real.facts, "how": "was removed"})
    unknown = nosurprises.finding.Finding(real.rule, real.location, facts={"how": Term("was-removed")})
    assert _wordy_facts(old, new, [stray, unknown]) == [
        "pricing.free-tier.removed how: 'was removed'",
        "pricing.free-tier.removed how: no word 'was-removed'"]


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


_PERIODS = st.sampled_from([None, "day", "month", "year"])
_AMOUNTS = st.sampled_from([None, "0", "5", "10.50", "1200"])


@st.composite
def _generated_plan(draw: st.DrawFn, pid: str) -> dict[str, Any]:
    """A plan whose every part a price book may state varies: what it pays for, a credit, a
    tier, a limit, features; the names have spaces, as providers' names do."""
    price = {"amount": draw(_AMOUNTS), "currency": draw(st.sampled_from(["USD", "EUR"])),
             "interval": draw(st.sampled_from(["month", "year", "one-time", "usage", "custom"])),
             "per": draw(st.sampled_from([None, "user", "seat"])),
             "billing_cycle": draw(st.sampled_from([None, "monthly", "annual"]))}
    plan: dict[str, Any] = {"id": pid, "name": f"Plan {pid}",
                            "audience": draw(st.sampled_from([None, ["new", "existing"], ["existing"]])),
                            "available": draw(st.booleans())}
    if draw(st.booleans()):
        plan["price"] = price
    hi = draw(st.sampled_from([None, 1000, 50_000]))
    plan["usage_prices"] = [{"id": "calls", "amount": draw(_AMOUNTS), "currency": "USD",
                             "per": draw(st.sampled_from([1, 100, 1000])),
                             "unit": draw(st.sampled_from(["api_call", "call"])),
                             **({"tier": {"from": 0, "to": hi, "period": draw(_PERIODS)}}
                                if draw(st.booleans()) else {})}][:draw(st.integers(0, 1))]
    if draw(st.booleans()):
        plan["included_credit"] = {"amount": draw(st.sampled_from(["10", "20"])), "currency": "USD",
                                   "period": draw(_PERIODS)}
    plan["limits"] = [{"id": "requests", "value": draw(st.sampled_from([10, 60, "unlimited"])),
                       "unit": draw(st.sampled_from(["request", "GB"])), "period": draw(_PERIODS)}
                      ][:draw(st.integers(0, 1))]
    plan["features"] = draw(st.lists(st.sampled_from(
        ["sso", "Audit log", {"id": "seats", "value": 5}, {"id": "support", "value": "business hours"},
         {"id": "sla", "value": False}]), max_size=3, unique_by=str))
    if draw(st.booleans()):
        plan["trial"] = {"days": draw(st.sampled_from([7, 30]))}
    return plan


@settings(max_examples=150, deadline=None)
@given(_generated_plan("pro"), _generated_plan("pro"), st.booleans())
def test_every_generated_change_states_data_and_keeps_its_words(old_plan: dict[str, Any],
                                                               new_plan: dict[str, Any],
                                                               renamed: bool) -> None:
    """Whatever a book states, its findings' facts are data (`_wordy_facts`), every sentence
    fills from them (no unknown fact, `?`), and `before`/`after` leave as plain text."""
    if renamed:
        new_plan = {**new_plan, "id": "team"}
    old = load_pricebook({"plans": [old_plan]})
    new = load_pricebook({"plans": [new_plan]})
    findings = list(pricing_findings(old, new, {"pro": "team"} if renamed else None))
    assert _wordy_facts(old, new, findings) == []
    for f in findings:
        change = judge(f)
        assert "?" not in change.message, (f.rule.id, f.facts)
        for value in (change.before, change.after):
            assert value is None or type(value) is str, (f.rule.id, value)


DIFF_CODE = ["compare.py", "entitlements.py", "metered.py", "facts.py", "pairing.py", "money.py"]
"""The modules that find changes and state their facts."""


def _exempt(tree: ast.AST) -> set[int]:
    """Docstrings (bare string statements) and error messages (inside `raise`): they speak
    of the input, not of a change."""
    out = {id(node.value) for node in ast.walk(tree)
           if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise):
            out |= {id(sub) for sub in ast.walk(node)}
    return out


_SPACED = re.compile(r"(?:[^\W\d_]|\}) | (?:[^\W\d_]|\{)")
"""A space beside a word or a template field: words being put together (`"per " + unit`,
`" at {money}"`); a bare separator (`", "`) is not."""


def _spaced(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and bool(_SPACED.search(node.value))


def _joined_with_a_comma(node: ast.AST) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "join" and isinstance(node.func.value, ast.Constant)
            and str(node.func.value.value).strip() in (",", ";"))


def prose(source: str) -> list[int]:
    """Lines where a check puts words together: an f-string with a space in its text, a
    string with a space beside a word or a template field (`"was removed"`, `"per "`,
    `" at {money}"`), or a list joined with a comma; docstrings and errors aside."""
    tree = ast.parse(source)
    skip = _exempt(tree)
    lines = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.JoinedStr):
            skip |= {id(v) for v in node.values}
            if any(isinstance(v, ast.Constant) and " " in str(v.value) for v in node.values):
                lines.add(node.lineno)
        elif _spaced(node) or _joined_with_a_comma(node):
            lines.add(node.lineno)
    return sorted(lines)


def test_no_english_is_written_where_pricing_changes_are_found() -> None:
    """What an amount pays for, how a free plan went, an added plan's price, a tier, the
    audiences of a plan: facts (`Phrase`, `Term`, `Listing`), told by `words.py` from the
    templates beside the rules' sentences in `pricing/rules.py`."""
    offenders = [f"{name}:{line}" for name in DIFF_CODE
                 for line in prose((PRICING_CODE / name).read_text("utf-8"))]
    assert offenders == []


def test_the_prose_scan_sees_english_but_not_docstrings_or_errors() -> None:
    source = '''"""A module about `per month` prices."""
def f(price, values, o):
    """What it `pays for`."""
    if o is None:
        raise InputError("<successors>", f"no plan {o!r} in the old book")
    how = "was removed"
    text = f" at {price} {per}"
    per = "per " + price.interval
    at = " at {money}"
    who = ", ".join(values) or "nobody"
    units = "{count} {unit}"
    return f"{o}/price", "plan", how, ", "
'''
    assert prose(source) == [6, 7, 8, 9, 10, 11]


def test_the_old_pricing_code_is_caught() -> None:
    """The scan catches what the checks wrote before their facts were phrases."""
    old = '''def _credit_per(c):
    return f"per {c.period}" if c.period else "once"
def how(price):
    return (f"now costs {format_money(price.amount, price.currency)} {per_text(price)}"
            if price.amount is not None else "is no longer free (its price is not public)")
def join_list(values):
    return "everyone" if values is None else ", ".join(values) or "nobody"
_INTERVALS = {"one-time": "one-time", "usage": "per use"}
'''
    assert prose(old) == [2, 4, 5, 7, 8]


def test_every_phrase_template_fills_from_the_facts_it_names() -> None:
    """Each template in `pricing/rules.py` is a string of fields the checks state; filled
    with them, no field is unknown (`?`)."""
    import nosurprises.pricing.rules as rules

    templates = {name: value for name, value in vars(rules).items()
                 if name.isupper() and isinstance(value, str)}
    assert {"PER", "PRICE_TERMS", "WAS_REMOVED", "AT_PRICE", "METERED", "MOVED"} <= set(templates)
    for name, template in templates.items():
        fields = set(re.findall(r"\{(\w+)\}", template))
        assert "?" not in sentence(template, {f: "x" for f in fields}), name


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
