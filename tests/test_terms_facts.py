"""Terms and events state facts and name rule objects; the words are the rules' (issue 10).

Their checks emit `Finding`s that name the `Rule` object itself (a wrong name fails at import,
not on the first document that has such a change), with facts as data: a section title, the
trigger words as a `Listing`, the clause that decided a passage's level as a `Clause` keyed
in `terms/rules.py`. No Markdown is written where changes are found, and `rules --explain`
prints for every topic the sentence the tool prints, its topic named.
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
import yaml

from nosurprises.cli import main
from nosurprises.events.load import event_findings, load_events
from nosurprises.finding import Finding
from nosurprises.rules import CATALOG
from nosurprises.terms import topics
from nosurprises.terms.compare import load_sections, terms_findings
from nosurprises.terms.rules import CLAUSES, TOPIC_RULES, Clause
from nosurprises.words import Listing, pieces, plain

from .conftest import FIXTURES, ROOT

RULE_FIXTURES = sorted((FIXTURES / "rules").glob("terms.*.yaml")) + sorted(
    (FIXTURES / "rules").glob("event.*.yaml"))
PACKAGE = ROOT / "src" / "nosurprises"
MODULES = sorted(PACKAGE.glob("terms/*.py")) + sorted(PACKAGE.glob("events/*.py"))


def _findings(path: Path) -> list[Finding]:
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    if path.stem.startswith("event."):
        return event_findings(load_events({"events": spec["events"]}, label="events.yaml"), "events.yaml")
    return terms_findings(load_sections(spec["old"]), load_sections(spec["new"]))


@pytest.mark.parametrize("path", RULE_FIXTURES, ids=[p.stem for p in RULE_FIXTURES])
def test_every_finding_names_the_catalogs_rule_object(path: Path) -> None:
    found = _findings(path)
    assert found, path.name
    for finding in found:
        assert finding.rule is CATALOG[finding.rule.id], finding.rule.id
        # Facts are data: an optional clause is a `Clause`, never a fragment of a sentence.
        for value in finding.facts.values():
            assert not (isinstance(value, str) and value.startswith("; ")), (path.name, value)


def test_a_passage_states_its_trigger_words_and_clause_as_facts() -> None:
    """The passage of the arbitration fixture: the words that triggered it are a listing, the
    clause that made it breaking names its key, and the sentence names the topic."""
    spec = yaml.safe_load((FIXTURES / "rules" / "terms.arbitration.changed.yaml").read_text("utf-8"))
    (passage,) = [f for f in terms_findings(load_sections(spec["old"]), load_sections(spec["new"]))
                  if f.rule is TOPIC_RULES["arbitration"]]
    words, reason = passage.facts["words"], passage.facts["reason"]
    assert isinstance(words, Listing) and "arbitration" in words.items
    assert isinstance(reason, Clause) and reason.key == "arrived"
    assert isinstance(reason.facts["words"], Listing)
    assert "topic" not in passage.facts
    said = plain(pieces(passage.rule.message, passage.facts))
    assert said.startswith("A passage about arbitration and class-action waivers changed in section ")
    assert "; a new clause on it appears (arbitration" in said


def test_every_clause_fills_from_its_facts() -> None:
    """Each clause of the terms sentences says something, and no fact it names is left `?`."""
    for key, template in CLAUSES.items():
        names = {field for _, field, _, _ in string.Formatter().parse(template) if field}
        said = plain(Clause(key, {name: Listing(("x", "y"), ",") for name in names}))
        assert said.startswith("; ") and "?" not in said, key
        assert said.count("x, y") == len(names), key


def _not_docstrings(tree: ast.AST) -> set[int]:
    """The ids of string constants that are docstrings (a bare string statement)."""
    return {id(node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)}


def _exempt(tree: ast.AST) -> set[int]:
    """Strings of error messages (inside `raise`) and of field descriptions (the schema of an
    events file, documented in docs/events.md): they name the input's syntax, not a change."""
    out = _not_docstrings(tree)
    for node in ast.walk(tree):
        parts: list[ast.AST] = []
        if isinstance(node, ast.Raise):
            parts = [node]
        elif isinstance(node, ast.keyword) and node.arg == "description":
            parts = [node.value]
        out |= {id(sub) for part in parts for sub in ast.walk(part)}
    return out


NOT_DIFF_CODE = {
    "rules.py": "the rules' own words: sentences, clauses and examples",
    "reference.py": "writes the topic table of docs/terms.md: Markdown is its output",
    "schema.py": "writes the events reference of docs/events.md: Markdown is its output",
    "document.py": "reads Markdown: a backtick there is the input's own syntax",
}


def backticks(source: str) -> list[int]:
    """Lines of string constants and f-strings holding a backtick, docstrings and exempt
    strings aside."""
    tree = ast.parse(source)
    skip = _exempt(tree)
    lines = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr) and id(node) not in skip:
            skip |= {id(v) for v in node.values}
            if any(isinstance(v, ast.Constant) and "`" in str(v.value) for v in node.values):
                lines.add(node.lineno)
        elif (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
              and "`" in node.value):
            lines.add(node.lineno)
    return sorted(lines)


def test_no_markdown_is_written_where_terms_and_events_changes_are_found() -> None:
    offenders = [f"{path.relative_to(ROOT)}:{n}" for path in MODULES if path.name not in NOT_DIFF_CODE
                 for n in backticks(path.read_text("utf-8"))]
    assert offenders == []


def test_the_scan_sees_markdown_in_code() -> None:
    """The scan reads what it must: an f-string or constant with a backtick, not a docstring,
    an error message or a field description."""
    source = '''"""Doc with `code`."""
def f(x):
    """Doc `x`."""
    if x:
        raise ValueError(f"bad `{x}`")
    y = Field(description="a `z`")
    return f"see `{x}`" + "`raw`"
'''
    assert backticks(source) == [7]


FINDERS = [PACKAGE / "terms" / name for name in ("compare.py", "diffing.py", "topics.py")] + [
    PACKAGE / "events" / "load.py"]
"""The modules that find changes."""


def prose(source: str) -> list[int]:
    """Lines where words are put together into a sentence: an f-string with a space in its
    text, or a list joined with a comma (error messages aside)."""
    tree = ast.parse(source)
    skip = _exempt(tree)
    return sorted(node.lineno for node in ast.walk(tree) if id(node) not in skip and (
        (isinstance(node, ast.JoinedStr)
         and any(isinstance(v, ast.Constant) and " " in v.value for v in node.values))
        or (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "join" and isinstance(node.func.value, ast.Constant)
            and node.func.value.value.strip() in (",", ";"))))


def test_no_sentence_is_written_where_terms_and_events_changes_are_found() -> None:
    """The clause that decided a passage's level, the trigger words, the affected products
    are facts (`Clause`, `Listing`); only `judge` puts them into words."""
    offenders = [f"{path.relative_to(ROOT)}:{n}" for path in FINDERS for n in prose(path.read_text("utf-8"))]
    assert offenders == []


def test_the_prose_scan_sees_sentences() -> None:
    source = '''why = f"the clause is gone ({', '.join(gone)})"
where = f"section:{title}"
items = ", ".join(affects)
raise InputError(name, f"is over the limit of {n} bytes")
'''
    assert prose(source) == [1, 1, 3]


_ID = re.compile(r"(?<![\w/])(?:terms|event)\.(?:[a-z][\w.-]*|$)")
"""A rule id, or the start of one an f-string completes (`f"terms.{topic}.changed"`)."""


def rule_ids(source: str) -> list[str]:
    """The rule ids (or id prefixes) written in the code's strings, docstrings and file names
    (`terms.md`) aside."""
    tree = ast.parse(source)
    skip = _not_docstrings(tree)
    return [m.group(0) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
            for m in _ID.finditer(node.value) if not m.group(0).endswith((".md", ".yaml", ".json"))]


def test_no_rule_id_is_written_outside_the_rules_of_terms_and_events() -> None:
    """Checks name rule objects (`TOPIC_RULES[topic]`, `BY_KIND[kind]`), not ids."""
    offenders = [f"{path.relative_to(ROOT)}: {found}" for path in MODULES if path.name != "rules.py"
                 for found in rule_ids(path.read_text("utf-8"))]
    assert offenders == []


def test_the_id_scan_sees_ids_and_id_prefixes() -> None:
    source = '''"""About `terms.section.added`."""
a = CATALOG["terms.editorial"]
b = CATALOG[f"event.{kind}"]
c = "see docs/terms.md and the rule `event.<kind>`"
'''
    assert rule_ids(source) == ["terms.editorial", "event."]


@pytest.mark.parametrize("topic", [t.id for t in topics.TOPICS])
def test_explain_prints_the_sentence_of_its_topic(topic: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--explain", TOPIC_RULES[topic].id]) == 0
    out = capsys.readouterr().out
    assert "<topic>" not in out
    assert f"What it detects: A passage about {topics.BY_ID[topic].name} changed in section <item>" in out


def test_the_rule_reference_names_every_topic() -> None:
    page = (ROOT / "docs" / "rules.md").read_text("utf-8")
    assert "<topic>" not in page
    for t in topics.TOPICS:
        assert f"*What it detects:* A passage about {t.name} changed" in page
