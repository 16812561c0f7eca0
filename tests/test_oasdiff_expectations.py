"""scripts/oasdiff_expectations.py: the committed expectations are what it reads from oasdiff's
tests now, and a sample of entries checked by hand against the Go source stays as read.

The reader is a heuristic over Go text; these rows pin the shapes it must get right: a
revision compared back to its base, a numbered-spec helper, several pairs in one test, a
slice of change literals with operations, a found-flag loop, a default-policy empty result.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from .conftest import CORPUS, FIXTURES, ROOT

SCRIPT = ROOT / "scripts" / "oasdiff_expectations.py"
MIRROR = Path("/work/.mirror/oasdiff+oasdiff/repo")
DATA = CORPUS / "oasdiff-fixtures" / "data"


def script() -> ModuleType:
    """The script as a module (it is not part of the package)."""
    spec = importlib.util.spec_from_file_location("oasdiff_expectations", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def entries() -> dict[str, dict[str, Any]]:
    """The committed entries by test name."""
    data = json.loads((FIXTURES / "oasdiff" / "expectations.json").read_text(encoding="utf-8"))
    return {e["test"]: e for e in data["entries"]}


def ids(entry: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    """An entry's expected (id, level, operation) rows."""
    return [(e["id"], e["level"], e.get("operation")) for e in entry["expected"]]


@pytest.mark.parametrize(("test", "base", "revision", "expected", "quiet"), [
    # s1 is loaded from the revision file: the pair is compared backwards.
    ("TestAPISecurityDeleted", "checker/api_security_added_revision.yaml",
     "checker/api_security_added_base.yaml",
     [("api-security-removed", "INFO", "POST /subscribe")], False),
    # d(t, config, 1, 5): numbered specs, ids asserted one index at a time.
    ("TestBreaking_DeletedTag", "openapi-test1.yaml", "openapi-test5.yaml",
     [("api-path-removed-without-deprecation", "ERR", None),
      ("optional-response-header-removed", "WARN", None),
      ("request-parameter-removed", "WARN", None),
      ("response-success-status-removed", "ERR", None)], False),
    # The second of two diffs in one test, revision -> base.
    ("TestMediaTypeSchemaExistence#2", "media-type-schema/revision.yaml",
     "media-type-schema/base.yaml",
     [("request-body-media-type-schema-removed", "INFO", None),
      ("response-body-media-type-schema-removed", "WARN", None)], False),
    # requireApiChanges with a slice of literals, each with its operation.
    ("TestRequestPropertyAllOfRemoved", "checker/request_property_all_of_removed_base.yaml",
     "checker/request_property_all_of_removed_revision.yaml",
     [("request-body-all-of-removed", "WARN", "POST /pets"),
      ("request-property-all-of-removed", "WARN", "POST /pets")], False),
    # `if e.GetId() == X { found = true }` then require.True(t, found).
    ("TestRequestBodyContainsAdded", "checker/contains_added_base.yaml",
     "checker/contains_added_revision.yaml", [("request-body-contains-added", "ERR", None)],
     False),
    # Every check, WARN and up, asserted empty: oasdiff is proven silent.
    ("TestBreaking_Servers", "servers/baseswagger.json", "servers/revisionswagger.json", [], True),
    # e0.Id / e0.Operation / e0.Path asserted field by field.
    ("TestApiDeprecated_DetectsReactivatedOperations", "deprecation/deprecated-future.yaml",
     "deprecation/base.yaml", [("endpoint-reactivated", "INFO", "GET /api/test")], False),
])
def test_hand_checked_entries(test: str, base: str, revision: str,
                              expected: list[tuple[str, str, str | None]], quiet: bool) -> None:
    entry = entries()[test]
    assert (entry["base"], entry["revision"]) == (base, revision)
    assert ids(entry) == expected
    assert entry["quiet"] is quiet


@pytest.mark.parametrize(("test", "reason"), [
    ("TestBreaking_AddingRequiredRequestBody", "modifies the loaded spec (assignment)"),
    ("TestBreaking_ResponseSuccessStatusUpdated", "modifies the loaded spec (delete or set call)"),
    ("TestBreaking_DeprecationWithoutSunsetWithPolicy", "non-default checker policy (Deprecation)"),
    ("TestRequestQueryParamScalarToFormExplodeArray_31Nullable",
     "file name computed at run time (table-driven or formatted)"),
    # `ids[A] || ids[B]`: one of two ids, so neither is expected.
    ("TestWebhookOperationChangesDetected", "id used outside a recognised assertion"),
])
def test_unusable_tests_are_skipped_for_their_reason(test: str, reason: str) -> None:
    data = json.loads((FIXTURES / "oasdiff" / "expectations.json").read_text(encoding="utf-8"))
    assert test in data["skipped_tests"][reason]
    assert not any(name.split("#")[0] == test for name in entries())


@pytest.mark.skipif(not (MIRROR.is_dir() and DATA.is_dir()),
                    reason="oasdiff's git mirror or the shared corpus is not on this machine")
def test_committed_expectations_are_what_the_script_reads() -> None:
    """Regenerate with `python scripts/oasdiff_expectations.py` when this fails."""
    committed = json.loads((FIXTURES / "oasdiff" / "expectations.json").read_text(encoding="utf-8"))
    fresh = script().expectations(MIRROR, committed["source"]["commit"], DATA)
    assert fresh == committed


def test_go_reading_helpers() -> None:
    """The small Go lexer: comments go, strings stay, calls and arguments are whole."""
    ox = script()
    code = ox.strip_comments('a("x // y") // gone\n/* also\ngone */ b(c(1, "(,"), 2)')
    assert "gone" not in code and '"x // y"' in code and code.count("\n") == 2
    found = {c.name: c.args for c in ox.calls(code)}
    assert found["b"] == 'c(1, "(,"), 2' and found["c"] == '1, "(,"'
    assert ox.split_args(found["b"]) == ['c(1, "(,")', "2"]
    assert ox.go_string('"a\\"b"') == 'a"b' and ox.go_string("x") is None


def test_bad_git_dir_is_one_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert script().main([str(tmp_path / "nope"), "--corpus", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nope" in err
