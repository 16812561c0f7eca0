"""OpenAPI checks name rule objects and state facts (issue 10, items 1 and 2).

A check names the rule object declared in `openapi/rules.py` (`OPERATION_REMOVED`), so a
misspelt rule fails at import; and it states names and values as `words.Code`, places as
`words.Place`, never a sentence with backticks: presentation writes the words.
"""

from __future__ import annotations

import ast
import subprocess
import sys

from nosurprises.openapi import rules as api_rules
from nosurprises.rules import CATALOG

from .conftest import ROOT

DIFF = sorted(p for p in (ROOT / "src" / "nosurprises" / "openapi").glob("*.py") if p.name != "rules.py")


def _docstrings(tree: ast.AST) -> set[int]:
    """Module, class and function docstrings, and the strings that document an attribute."""
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list):
            found |= {id(b.value) for b in body
                      if isinstance(b, ast.Expr) and isinstance(b.value, ast.Constant)}
    return found


def _errors(tree: ast.AST) -> set[int]:
    """Strings inside a `raise` (a one-line error for the user, not a change's sentence)."""
    return {id(n) for r in ast.walk(tree) if isinstance(r, ast.Raise) for n in ast.walk(r)}


def offenders(source: str, looks_wrong) -> list[int]:  # type: ignore[no-untyped-def]
    tree = ast.parse(source)
    skip = _docstrings(tree) | _errors(tree)
    return sorted({n.lineno for n in ast.walk(tree)
                   if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in skip
                   and looks_wrong(n.value)})


def _backtick(text: str) -> bool:
    return "`" in text


def _rule_id(text: str) -> bool:
    return text.startswith("api.")


def test_no_openapi_check_writes_markdown() -> None:
    found = [f"{p.name}:{line}" for p in DIFF for line in offenders(p.read_text("utf-8"), _backtick)]
    assert found == []


def test_no_openapi_check_writes_a_rule_id() -> None:
    found = [f"{p.name}:{line}" for p in DIFF for line in offenders(p.read_text("utf-8"), _rule_id)]
    assert found == []


def test_the_scans_see_what_they_look_for() -> None:
    source = ('"""Doc with `code`."""\n'
              'def f(x):\n    """`x` doc."""\n'
              '    if x:\n        raise ValueError(f"bad `{x}`")\n'
              '    return {"name": f"`{x}`", "rule": "api.operation.removed"}\n')
    assert offenders(source, _backtick) == [6]
    assert offenders(source, _rule_id) == [6]


def test_every_openapi_rule_object_is_the_catalogs() -> None:
    """The objects the checks import are the ones the catalog lists, one per id."""
    declared = [v for v in vars(api_rules).values() if isinstance(v, api_rules.Rule)]
    declared += [sk.rule(d) for sk in api_rules.SCHEMA_KINDS for d in ("request", "response")]
    assert declared and all(CATALOG[r.id] is r for r in declared)
    assert {r.id for r in declared} == {i for i in CATALOG if i.startswith("api.")}


def test_a_misspelt_rule_fails_at_import() -> None:
    bad = "from nosurprises.openapi.rules import OPERATION_REMOVD\n"
    done = subprocess.run([sys.executable, "-c", bad], capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "OPERATION_REMOVD" in done.stderr
