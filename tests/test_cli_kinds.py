"""One `diff` for OpenAPI documents and price books: detection, `--kind`, and the gate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nosurprises.cli import main

from .conftest import ROOT

PETSTORE = str(ROOT / "examples" / "petstore-old.yaml")
OLD_BOOK = """plans:
  - {id: free, name: Free, price: {amount: "0", currency: USD, interval: month},
     limits: [{id: req, value: 1000, unit: request, period: month}]}
  - {id: pro, name: Pro, price: {amount: "10.00", currency: USD, interval: month}}
"""
NEW_BOOK = """plans:
  - {id: pro, name: Pro, price: {amount: "12.50", currency: USD, interval: month}}
"""


@pytest.fixture
def books(tmp_path: Path) -> tuple[str, str]:
    (tmp_path / "old.yaml").write_text(OLD_BOOK)
    (tmp_path / "new.yaml").write_text(NEW_BOOK)
    return str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml")


def test_price_books_are_detected(books: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", *books, "-f", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    rules = {c["rule"] for c in data["changes"]}
    assert {"pricing.free-tier.removed", "pricing.price.increased"} <= rules
    assert {c["subject"] for c in data["changes"]} == {"pricing"}
    increase = next(c for c in data["changes"] if c["rule"] == "pricing.price.increased")
    assert "25" in increase["message"]  # 10.00 -> 12.50 is +25%


def test_csv_price_lists(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "old.csv").write_text("plan,name,amount,currency,interval\npro,Pro,10.00,EUR,month\n")
    (tmp_path / "new.csv").write_text("plan,name,amount,currency,interval\npro,Pro,9.00,EUR,month\n")
    assert main(["diff", str(tmp_path / "old.csv"), str(tmp_path / "new.csv"), "--fail-on",
                 "warning"]) == 0
    assert "pricing.price.decreased" in capsys.readouterr().out


def test_kind_forced_on_the_wrong_document_is_an_input_error(books: tuple[str, str],
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", books[0], books[1], "--kind", "openapi"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not an OpenAPI document" in err
    assert main(["diff", PETSTORE, PETSTORE, "--kind", "pricing"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_pricing_changes_go_through_the_gate(books: tuple[str, str],
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", *books, "--on", "2027-01-01"]) == 1
    out = capsys.readouterr().out
    assert "UNANNOUNCED" in out and "pricing.price.increased" in out


def test_usage_and_successor_from_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "old.yaml").write_text(
        "plans:\n  - {id: starter, name: Starter, price: {amount: '10.00', currency: USD, "
        "interval: month}}\n")
    (tmp_path / "new.yaml").write_text(
        "plans:\n  - {id: basic, name: Basic, price: {amount: '15.00', currency: USD, "
        "interval: month}}\n")
    (tmp_path / "usage.csv").write_text("customer,plan,quantity\nacme,starter,3\n")
    args = ["diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"),
            "--successor", "starter=basic", "--usage", str(tmp_path / "usage.csv")]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "pricing.price.increased" in out and "acme" in out and "$15.00 more" in out
    assert main([*args, "-f", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["impact"][0]["delta"] == "15.00"


@pytest.mark.parametrize(("extra", "problem"), [
    (["--successor", "starter"], "--successor"),
    (["--usage", "missing.csv"], "missing.csv"),
])
def test_bad_pricing_options(books: tuple[str, str], extra: list[str], problem: str,
                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", *books, *extra]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and problem in err


def test_successor_on_openapi_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", PETSTORE, PETSTORE, "--successor", "a=b"]) == 2
    assert "price books only" in capsys.readouterr().err


def test_terms_are_detected_by_extension(capsys: pytest.CaptureFixture[str]) -> None:
    fixtures = ROOT / "tests" / "fixtures" / "terms"
    assert main(["diff", str(fixtures / "old.md"), str(fixtures / "new.md"), "-f", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["changes"] and {c["subject"] for c in data["changes"]} == {"terms"}
    assert main(["diff", str(fixtures / "old.md"), str(fixtures / "new.md"), "--validate"]) == 2
    assert "not terms" in capsys.readouterr().err


def test_redline_is_written_for_terms(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fixtures = ROOT / "tests" / "fixtures" / "terms"
    target = tmp_path / "redline.html"
    assert main(["diff", str(fixtures / "old.md"), str(fixtures / "new.md"), "--redline",
                 str(target)]) == 0
    page = target.read_text()
    assert page.startswith("<!doctype html>") and "<ins>" in page
    assert main(["diff", PETSTORE, PETSTORE, "--redline", str(target)]) == 2
    assert "terms documents only" in capsys.readouterr().err
