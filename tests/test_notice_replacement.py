"""The ledger entry says what replaces what goes: the notice's "what to do" names it."""

from __future__ import annotations

from pathlib import Path

import pytest

from nosurprises.cli import main

from .conftest import ROOT

EX = ROOT / "examples"


def _ledger(tmp_path: Path, replacement: str) -> Path:
    text = (EX / "notices.yaml").read_text("utf-8").replace(
        "replacement: the dashboard (https://example.com/dashboard)", f"replacement: {replacement}")
    path = tmp_path / "notices.yaml"
    path.write_text(text, "utf-8")
    return path


@pytest.mark.parametrize(("replacement", "said"), [
    ("POST /v2/pets", "*What to do:* Use `POST /v2/pets` instead of `POST /pets` before then."),
    ("the dashboard", "*What to do:* Use the dashboard instead of `POST /pets` before then.")])
def test_the_replacement_is_what_to_do(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       replacement: str, said: str) -> None:
    code = main(["notice", str(EX / "petstore-old.yaml"), str(EX / "petstore-new.yaml"), "--ledger",
                 str(_ledger(tmp_path, replacement)), "--entry", "2026-06-create-pet-removed",
                 "--channel", "changelog"])
    out = capsys.readouterr().out
    assert code == 0
    assert said in out
    assert "contact us if you need its replacement" not in out  # the rule's general advice
    assert "Questions: api-support@example.com" in out  # the entry's contact


def test_contact_on_the_command_line_wins(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["notice", str(EX / "petstore-old.yaml"), str(EX / "petstore-new.yaml"), "--ledger",
                 str(EX / "notices.yaml"), "--entry", "2026-06-create-pet-removed", "--channel", "changelog",
                 "--contact", "help@example.com"]) == 0
    out = capsys.readouterr().out
    assert "Questions: help@example.com" in out and "api-support@" not in out


def test_an_empty_replacement_is_one_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _ledger(tmp_path, '""')
    code = main(["notice", str(EX / "petstore-old.yaml"), str(EX / "petstore-new.yaml"), "--ledger",
                 str(path), "--entry", "2026-06-create-pet-removed", "--channel", "changelog"])
    err = capsys.readouterr().err
    assert code == 2 and str(path) in err and "replacement" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(("locale", "summary"), [
    ("de", "Am 1. Juni 2027 entfällt POST /pets"), ("de_AT", "Am 1. Juni 2027 entfällt POST /pets"),
    ("fr", "On 1 June 2027, POST /pets (create a pet) is removed."),
    ("en", "On 1 June 2027, POST /pets (create a pet) is removed.")])
def test_the_summary_in_the_customers_language(capsys: pytest.CaptureFixture[str], locale: str,
                                               summary: str) -> None:
    """An entry's `summaries` give its summary per language; one it lacks reads the original."""
    assert main(["notice", str(EX / "petstore-old.yaml"), str(EX / "petstore-new.yaml"), "--ledger",
                 str(EX / "notices.yaml"), "--entry", "2026-06-create-pet-removed", "--channel", "changelog",
                 "--locale", locale]) == 0
    assert summary in capsys.readouterr().out
