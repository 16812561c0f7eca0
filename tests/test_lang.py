"""`diff --lang`, `check --lang`: the reviewer's sentences in another language, nothing else changed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from nosurprises.cli import main
from nosurprises.i18n import LOCALES
from nosurprises.language import in_language
from nosurprises.rules import CATALOG

from .conftest import ROOT
from .test_rule_fixtures import FILES, run_fixture

EX = ROOT / "examples"
PAIR = [str(EX / "petstore-old.yaml"), str(EX / "petstore-new.yaml")]
OTHER = [lang for lang in LOCALES if lang != "en"]


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(["diff", *PAIR, "--format", "json", "--date", "2026-12-01", *args]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("lang", OTHER)
def test_the_json_says_the_same_changes_in_another_language(capsys: pytest.CaptureFixture[str],
                                                            lang: str) -> None:
    english, other = _json(capsys), _json(capsys, "--lang", lang)
    keep = ("rule", "level", "operation", "location", "origin", "document", "before", "after")
    assert [{k: c[k] for k in keep} for c in english["changes"]] == \
        [{k: c[k] for k in keep} for c in other["changes"]]
    assert english["summary"] == other["summary"]
    assert [g["operations"] for g in english["groups"]] == [g["operations"] for g in other["groups"]]
    said = [(e["message"], o["message"]) for e, o in zip(english["changes"], other["changes"], strict=True)]
    assert all(e != o for e, o in said), f"{lang}: sentences left in English"
    assert all(g["message"] != h["message"] for g, h in zip(english["groups"], other["groups"], strict=True))


def test_the_text_report_in_german(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", *PAIR, "--lang", "de"]) == 0
    out = capsys.readouterr().out
    assert "[api.parameter.became-required]" in out  # rule ids stay: they are the contract
    assert "`limit`" in out and "`GET /pets`" in out  # names as the document writes them
    assert "became required" not in out


def test_check_judges_the_same_in_any_language(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["check", *PAIR, "--policy", str(EX / "nosurprises.yaml"), "--ledger", str(EX / "notices.yaml"),
            "--on", "2026-12-01", "--format", "json"]
    english_code = main(args)
    english = json.loads(capsys.readouterr().out)
    code = main([*args, "--lang", "fr"])
    french = json.loads(capsys.readouterr().out)
    assert code == english_code
    assert [v["status"] for v in english["verdicts"]] == [v["status"] for v in french["verdicts"]]


def test_an_unknown_language_is_one_clear_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", *PAIR, "--lang", "klingon"]) == 2
    err = capsys.readouterr().err
    assert "--lang" in err and "klingon" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("lang", OTHER)
@pytest.mark.parametrize("path", FILES[::7], ids=[p.stem for p in FILES[::7]])
def test_every_rule_is_told_in_every_language(path: Path, lang: str) -> None:
    """A fixture's changes, told in `lang`: whole sentences (no `{fact}` left, paired
    backticks), the same names, and nothing but the sentence changed."""
    report, _ = run_fixture(path)
    told = in_language(report, lang)
    for english, other in zip(report.changes, told.changes, strict=True):
        assert english.model_copy(update={"message": other.message, "grouping": other.grouping}) == other
        assert not re.search(r"\{\w*\}", re.sub(r"`[^`]*`", "", other.message)), other.message
        assert other.message.count("`") % 2 == 0, other.message
        names = set(re.findall(r"`([^`]+)`", english.message))
        assert names <= set(re.findall(r"`([^`]+)`", other.message)) | {""}, (english.rule, other.message)
    assert [g.rule for g in told.groups] == [g.rule for g in report.groups]
    assert all(c.rule in CATALOG for c in told.changes)
