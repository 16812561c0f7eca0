"""The command line: formats, gates, exit codes, and one-line errors with no traceback."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nosurprises.cli import main
from nosurprises.formats.markdown import md_escape
from nosurprises.rules import CATALOG

from .conftest import ROOT

OLD = str(ROOT / "examples" / "petstore-old.yaml")
NEW = str(ROOT / "examples" / "petstore-new.yaml")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "nosurprises", *args],
                          capture_output=True, text=True, timeout=120)


def test_diff_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", OLD, NEW]) == 0
    out = capsys.readouterr().out
    assert "BREAKING (6 distinct, 8 by operation)" in out  # Pet's changes reach two operations
    assert "[api.operation.removed-without-deprecation]" in out
    assert out.rstrip().endswith("8 breaking, 0 warning, 7 info (12 distinct changes)")


def test_diff_json_is_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", OLD, NEW, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["summary"] == {"breaking": 8, "warning": 0, "info": 7, "groups": 12, "accepted": 0}
    for change in data["changes"]:
        assert {"rule", "level", "subject", "operation", "location", "message"} <= change.keys()
        assert change["level"] in ("breaking", "warning", "info")
        assert change["subject"] == "api"


def test_diff_json_is_byte_for_byte_stable(capsys: pytest.CaptureFixture[str]) -> None:
    main(["diff", OLD, NEW, "-f", "json"])
    first = capsys.readouterr().out
    main(["diff", OLD, NEW, "-f", "json"])
    assert capsys.readouterr().out == first


def test_diff_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", OLD, NEW, "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("## API changes")
    assert "| Operation | Change | Rule |" in out


def test_markdown_escapes_hostile_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = """openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      parameters:
        - {name: "<img src=x onerror=alert(1)>|x", in: query, required: %s, schema: {type: string}}
      responses: {'200': {description: ok}}
"""
    (tmp_path / "o.yaml").write_text(spec % "false")
    (tmp_path / "n.yaml").write_text(spec % "true")
    main(["diff", str(tmp_path / "o.yaml"), str(tmp_path / "n.yaml"), "-f", "markdown"])
    out = capsys.readouterr().out
    assert "<img" not in out and "&lt;img" in out and "&#124;x" in out


@pytest.mark.parametrize(("gate", "code"), [("breaking", 1), ("warning", 1)])
def test_fail_on_gate(gate: str, code: int, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", OLD, NEW, "--fail-on", gate]) == code


def test_fail_on_passes_when_nothing_breaks(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", OLD, OLD, "--fail-on", "warning"]) == 0
    assert "No changes found." in capsys.readouterr().out


def test_level_filter(capsys: pytest.CaptureFixture[str]) -> None:
    main(["diff", OLD, NEW, "--level", "breaking", "-f", "json"])
    data = json.loads(capsys.readouterr().out)
    assert {c["level"] for c in data["changes"]} == {"breaking"}


def test_output_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "report.json"
    assert main(["diff", OLD, NEW, "-f", "json", "-o", str(target)]) == 0
    assert json.loads(target.read_text())["summary"]["breaking"] == 8
    assert capsys.readouterr().out == ""


def test_output_file_unwritable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", OLD, NEW, "-o", str(tmp_path / "missing" / "r.txt")]) == 2
    assert "cannot be written" in capsys.readouterr().err


@pytest.mark.parametrize("args", [
    ["diff", OLD],
    ["diff", OLD, NEW, "--format", "xml"],
    ["diff", OLD, NEW, "--fail-on", "info"],
    ["diff", OLD, NEW, "--date", "yesterday"],
    ["diff", OLD, NEW, "--max-bytes", "lots"],
    ["frobnicate"],
    [],
])
def test_usage_errors_exit_2_with_one_line(args: list[str]) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 or result.stderr.startswith("usage")


@pytest.mark.parametrize(("content", "problem"), [
    (b"", "is empty"),
    (b"\xff\xfe", "UTF-8"),
    (b"a: [", "not valid YAML"),
    (b"kind: Deployment\n", "not an OpenAPI document"),
])
def test_bad_input_exits_2_naming_the_file(tmp_path: Path, content: bytes, problem: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(content)
    result = run("diff", OLD, str(bad))
    assert result.returncode == 2
    assert result.stdout == ""
    line = result.stderr.strip()
    assert "\n" not in line and str(bad) in line and problem in line
    assert "Traceback" not in result.stderr


def test_validate_reports_invalid_document(tmp_path: Path) -> None:
    bad = tmp_path / "invalid.yaml"
    bad.write_text("openapi: 3.0.3\ninfo: {title: t}\npaths: {}\n")
    result = run("diff", OLD, str(bad), "--validate")
    assert result.returncode == 2
    assert str(bad) in result.stderr and "not valid OpenAPI" in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_accepts_valid_documents() -> None:
    assert run("diff", OLD, NEW, "--validate").returncode == 0


def test_rules_lists_the_catalog(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == len(CATALOG) >= 80


def test_rules_glob(capsys: pytest.CaptureFixture[str]) -> None:
    main(["rules", "api.security.*"])
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines and all(line.startswith("api.security.") for line in lines)


def test_rules_explain(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--explain", "api.schema.request.enum-value-removed"]) == 0
    out = capsys.readouterr().out
    for part in ("What it detects", "Why it matters", "What to do", "Example"):
        assert part in out


def test_rules_explain_unknown(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--explain", "api.nope.enum-value-removd"]) == 2
    assert "no such rule" in capsys.readouterr().err


def test_rules_json(capsys: pytest.CaptureFixture[str]) -> None:
    main(["rules", "-f", "json"])
    data = json.loads(capsys.readouterr().out)
    assert {r["id"] for r in data} == set(CATALOG)


def test_schema_command_prints_the_report_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "changes" in schema["properties"] and "summary" in schema["properties"]


def test_installed_entry_point() -> None:
    # The script pip wrote beside the interpreter running the tests: a virtualenv that was
    # not activated has it there and not on PATH.
    from importlib import metadata

    try:
        metadata.distribution("nosurprises")
    except metadata.PackageNotFoundError:
        pytest.skip("nosurprises is not installed in this environment (tests run from the source tree)")
    script = Path(sys.executable).with_name("nosurprises")
    assert script.exists(), f"{script} is missing: the package is not installed in this environment"
    result = subprocess.run([str(script), "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("nosurprises ")


def test_an_internal_error_is_one_line(monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr("nosurprises.openapi.compare_openapi", broken)
    monkeypatch.delenv("NOSURPRISES_TRACEBACK", raising=False)
    assert main(["diff", OLD, NEW]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error" in err and OLD in err and "boom" in err


@given(st.text())
def test_markdown_cells_carry_no_markup(text: str) -> None:
    """Whatever a spec says, a table cell holds no tag but <code> and no bare `|`."""
    cell = md_escape(text)
    assert re.sub(r"</?code>", "", cell).count("<") == cell.count("\\<")
    assert "\n" not in cell
    assert re.sub(r"\\\|", "", cell).count("|") == 0


@pytest.mark.parametrize("what", ["report", "check", "pricing-report", "pricebook", "policy",
                                  "ledger", "events", "outbox", "journal"])
def test_every_schema_is_printed(what: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", what]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["type"] == "object" and schema["properties"]


@pytest.mark.parametrize(("what", "example"), [("ledger", "notices.yaml"), ("events", "events.yaml"),
                                               ("pricebook", "../tests/fixtures/pricing/corpus/"
                                                "google-maps-platform-2018/new.yaml")])
def test_examples_validate_against_the_exported_schema(what: str, example: str,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    import yaml
    from jsonschema import Draft202012Validator

    main(["schema", what])
    schema = json.loads(capsys.readouterr().out)
    data = json.loads(json.dumps(yaml.safe_load((ROOT / "examples" / example).read_text()),
                                 default=str))
    Draft202012Validator(schema).validate(data)
