"""Rule metadata: later stages ask a rule what it is about instead of reading its id.

`scope`, `effect` and `document` are derived from the id in one place, the catalog; no other
module parses an id (issue 10, item 1).
"""

from __future__ import annotations

import json
import re

import pytest

from nosurprises.cli import main
from nosurprises.rules import CATALOG, Effect

from .conftest import ROOT


@pytest.mark.parametrize(("rule", "scope", "effect", "document"), [
    ("api.operation.removed", "operation", Effect.REMOVAL, "old"),
    ("api.operation.deprecated", "operation", Effect.DEPRECATION, "new"),
    ("api.operation.stability-decreased", "operation", Effect.STABILITY, "new"),
    ("api.schema.request.property-removed", "schema", Effect.REMOVAL, "old"),
    ("api.schema.response.one-of-member-removed", "schema", Effect.REMOVAL, "new"),  # the new oneOf
    ("api.parameter.added-required", "parameter", Effect.ADDITION, "new"),
    ("pricing.plan.removed", "plan", Effect.REMOVAL, "new"),  # the change says which document
    ("terms.section.removed", "section", Effect.SECTION, "old"),
    ("terms.ai-training.changed", "ai-training", Effect.PASSAGE, "new"),
    ("terms.editorial", "editorial", Effect.CHANGE, "new"),
    ("event.sale", "sale", Effect.EVENT, "new"),
])
def test_metadata_of_known_rules(rule: str, scope: str, effect: Effect, document: str) -> None:
    r = CATALOG[rule]
    assert (r.scope, r.effect, r.document) == (scope, effect, document)


def test_every_rule_has_a_scope_and_every_old_document_rule_removes_something() -> None:
    for r in CATALOG.values():
        assert r.scope, r.id
        if r.document == "old":
            assert r.effect in (Effect.REMOVAL, Effect.SECTION), r.id


_ID_PARSING = re.compile(r"\brule(?:_id)?\.(?:startswith|endswith|split|rsplit)\("
                         r"|\"removed\" (?:not )?in rule\b")


def test_no_module_but_the_catalog_reads_a_rule_id() -> None:
    """Stages that guessed what a rule means from its id (`rule.startswith("api.operation.")`)
    ask its metadata now; a new guess fails here."""
    offenders = [f"{path.relative_to(ROOT)}:{n}" for path in sorted((ROOT / "src").rglob("*.py"))
                 if path.name != "rules.py"
                 for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
                 if _ID_PARSING.search(line)]
    assert offenders == []


def test_rules_json_lists_the_metadata(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "api.operation.removed", "--format", "json"]) == 0
    (rule,) = json.loads(capsys.readouterr().out)
    assert (rule["scope"], rule["effect"], rule["document"]) == ("operation", "removal", "old")


_ID_LITERAL = re.compile(r"""["']((?:api|pricing|terms|event)\.[a-z0-9.\-]+)["']""")


def test_every_rule_id_written_in_the_code_is_in_the_catalog() -> None:
    """Checks name their rules by id literals (`"api.operation.removed"`); a typo would be a
    KeyError on the first document that has such a change. Every literal must be a rule (file
    names such as `terms.md` aside); globs and f-strings are not literals here."""
    unknown = [f"{path.relative_to(ROOT)}:{n}: {m.group(1)}"
               for path in sorted((ROOT / "src").rglob("*.py")) if path.name != "rules.py"
               for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
               for m in _ID_LITERAL.finditer(line)
               if m.group(1) not in CATALOG and not m.group(1).endswith((".md", ".yaml", ".json"))]
    assert unknown == []
