"""The kind registry: every kind found and compared through it, its options refused for the
other kinds, and the CLI's `--kind`, dispatch and schemas derived from it."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pytest

import nosurprises
from nosurprises import kinds
from nosurprises.cli import SCHEMAS, build_parser, main
from nosurprises.kinds import KINDS, Kind, kind_options, load_pair
from nosurprises.model import Report

from .conftest import FIXTURES, ROOT

BOOK = """plans:
  - {{id: pro, name: Pro, price: {{amount: "{price}", currency: USD, interval: month}}}}
"""
SUBJECT = {"openapi": "api", "pricing": "pricing", "terms": "terms"}
OPTION_ARGS = {"validate": ["--validate"], "successor": ["--successor", "a=b"],
               "usage": ["--usage", "usage.csv"], "redline": ["--redline", "redline.html"],
               "requests": ["--requests", "access.log"]}


@pytest.fixture
def pairs(tmp_path: Path) -> dict[str, tuple[str, str]]:
    """A pair of real documents of every kind."""
    (tmp_path / "old.yaml").write_text(BOOK.format(price="10.00"))
    (tmp_path / "new.yaml").write_text(BOOK.format(price="12.00"))
    return {"openapi": (str(ROOT / "examples" / "petstore-old.yaml"),
                        str(ROOT / "examples" / "petstore-new.yaml")),
            "pricing": (str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml")),
            "terms": (str(FIXTURES / "terms" / "old.md"), str(FIXTURES / "terms" / "new.md"))}


def test_the_registry_holds_the_three_kinds() -> None:
    assert list(KINDS) == ["openapi", "pricing", "terms"]
    assert kind_options() == ["validate", "strip-prefix-base", "strip-prefix-revision",
                              "filter-extension", "requests", "customer-key", "requests-format",
                              "requests-table", "requests-field", "requests-since", "requests-until",
                              "requests-strip-prefix", "successor", "usage", "redline"]
    assert nosurprises.KINDS is KINDS


@pytest.mark.parametrize("name", list(KINDS))
def test_every_kind_is_found_and_compared_through_the_registry(
        name: str, pairs: dict[str, tuple[str, str]], capsys: pytest.CaptureFixture[str]) -> None:
    old, new = pairs[name]
    pair = load_pair(old, new)
    assert pair.kind is KINDS[name] and pair.old.name == old and pair.new.name == new
    report = nosurprises.compare(old, new)
    assert report.changes and {c.subject.value for c in report.changes} == {SUBJECT[name]}
    assert nosurprises.compare(old, new, name) == report
    assert main(["diff", old, new, "-f", "json", "--kind", name]) == 0
    assert json.loads(capsys.readouterr().out)["summary"] == report.summary.model_dump(mode="json")


def test_dicts_are_found_by_their_fields() -> None:
    book = {"plans": [{"id": "pro", "name": "Pro",
                       "price": {"amount": "1.00", "currency": "USD", "interval": "month"}}]}
    spec = {"openapi": "3.0.0", "info": {"title": "T", "version": "1"}, "paths": {}}
    assert load_pair(book, book).kind.name == "pricing"
    assert load_pair(spec, spec).kind.name == "openapi"
    with pytest.raises(nosurprises.InputError, match="<old>: is a price book but <new> is an OpenAPI"):
        load_pair(book, spec)


def test_the_library_refuses_an_option_of_another_kind(pairs: dict[str, tuple[str, str]]) -> None:
    with pytest.raises(nosurprises.InputError, match="validate: applies to OpenAPI documents only, "
                                                     "not price books"):
        nosurprises.compare(*pairs["pricing"], validate=True)
    with pytest.raises(nosurprises.InputError, match="successor: applies to price books only"):
        nosurprises.compare(*pairs["terms"], successors={"a": "b"})
    with pytest.raises(nosurprises.InputError, match="is not a kind of document"):
        nosurprises.compare(*pairs["terms"], "events")


def _choices(parser: argparse.ArgumentParser, command: str) -> list[str]:
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    kind = next(a for a in sub.choices[command]._actions if "--kind" in a.option_strings)
    return list(kind.choices or [])


@pytest.mark.parametrize("command", ["diff", "check", "plan", "notice"])
def test_kind_choices_come_from_the_registry(command: str) -> None:
    assert _choices(build_parser(), command) == ["auto", *KINDS]


@pytest.mark.parametrize(("option", "name"), [(o, k) for o in OPTION_ARGS for k in KINDS
                                               if o not in KINDS[k].options])
def test_an_option_of_another_kind_is_one_line_naming_it_and_the_kind(
        option: str, name: str, pairs: dict[str, tuple[str, str]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "usage.csv").write_text("customer,plan\nacme,pro\n")
    assert main(["diff", *pairs[name], *OPTION_ARGS[option]]) == 2
    captured = capsys.readouterr()
    owner = next(k for k in KINDS.values() if option in k.options)
    assert captured.err == (f"nosurprises: --{option}: applies to {owner.plural} only, "
                            f"not {KINDS[name].plural}\n")
    assert not captured.out and not (tmp_path / "redline.html").exists()


@pytest.mark.parametrize("name", ["openapi", "terms"])
def test_notice_refuses_usage_for_other_kinds(name: str, pairs: dict[str, tuple[str, str]], tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "usage.csv").write_text("customer,plan\nacme,pro\n")
    assert main(["notice", *pairs[name], "--announce", "2027-01-01", "--product", "A", "--usage",
                 str(tmp_path / "usage.csv"), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err == f"nosurprises: --usage: applies to price books only, not {KINDS[name].plural}\n"


def test_schemas_of_a_kind_come_from_its_entry() -> None:
    for kind in KINDS.values():
        assert all(SCHEMAS[name] is model for name, model in kind.schemas.items())
    assert {"pricebook", "pricing-report", "usage"} <= set(KINDS["pricing"].schemas)


def test_adding_a_kind_is_one_registry_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """A new kind (here: lists of words, `.lst`) is sniffed, loaded, compared and offered as
    `--kind` by its entry alone; the options of the other kinds are refused for it."""
    compared: list[tuple[Any, Any]] = []

    def load(source: Any, _found: Any, _max_bytes: int) -> list[str]:
        return Path(source).read_text().split()

    def compare(old: Any, new: Any, _options: kinds.Options) -> Report:
        compared.append((old, new))
        return Report.from_changes([])

    words = Kind(name="words", what="a word list", plural="word lists", suffixes=(".lst",),
                 holds=lambda data: False, load=load, compare=compare)
    monkeypatch.setitem(KINDS, "words", words)
    (tmp_path / "a.lst").write_text("one two")
    (tmp_path / "b.lst").write_text("one three")
    old, new = str(tmp_path / "a.lst"), str(tmp_path / "b.lst")
    assert "words" in _choices(build_parser(), "diff")
    assert main(["diff", old, new, "-f", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["changes"] == []
    assert compared == [(["one", "two"], ["one", "three"])]
    assert main(["diff", old, new, "--kind", "words", "--validate"]) == 2
    assert capsys.readouterr().err == ("nosurprises: --validate: applies to OpenAPI documents "
                                       "only, not word lists\n")
    assert main(["diff", old, str(ROOT / "examples" / "petstore-new.yaml"), "--kind", "words"]) == 2
    assert "is an OpenAPI document, not a word list (--kind words)" in capsys.readouterr().err
