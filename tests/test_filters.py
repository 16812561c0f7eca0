"""The filters oasdiff's users expect: --unmatch-path, --filter-extension, --strip-prefix-*."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from nosurprises.cli import main

from .conftest import ROOT

OLD = str(ROOT / "examples" / "petstore-old.yaml")
NEW = str(ROOT / "examples" / "petstore-new.yaml")


def _doc(paths: dict, prefix: str = "") -> dict:
    return {"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {prefix + p: v for p, v in paths.items()}}


def _op(**extra: object) -> dict:
    return {"responses": {"200": {"description": "ok"}}, **extra}


def _run(tmp_path: Path, old: dict, new: dict, *args: str,
         capsys: pytest.CaptureFixture[str]) -> list[tuple[str, str]]:
    (tmp_path / "old.yaml").write_text(yaml.safe_dump(old), "utf-8")
    (tmp_path / "new.yaml").write_text(yaml.safe_dump(new), "utf-8")
    assert main(["diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), "-f", "json",
                 *args]) == 0
    return [(c["rule"], c["operation"]) for c in json.loads(capsys.readouterr().out)["changes"]]


def test_unmatch_path_leaves_out_what_it_matches(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", OLD, NEW, "-f", "json", "--unmatch-path", r"\{petId\}"]) == 0
    ops = {c["operation"] for c in json.loads(capsys.readouterr().out)["changes"]}
    assert "GET /pets" in ops and None in ops
    assert not any(o and "{petId}" in o for o in ops)
    assert main(["diff", OLD, NEW, "-f", "json", "--match-path", "^/pets", "--unmatch-path", "petId"]) == 0
    ops = {c["operation"] for c in json.loads(capsys.readouterr().out)["changes"]} - {None}
    assert ops == {"GET /pets", "POST /pets"}


def test_filter_extension_leaves_out_internal_operations(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    old = _doc({"/admin": {"get": _op(**{"x-internal": True})}, "/debug": {"x-internal": True, "get": _op()},
                "/pets": {"get": _op(), "post": _op(**{"x-internal": False})}})
    new = _doc({"/pets": {"get": _op()}})
    everything = _run(tmp_path, old, new, capsys=capsys)
    assert {op for _, op in everything} == {"GET /admin", "GET /debug", "POST /pets"}
    kept = _run(tmp_path, old, new, "--filter-extension", "^x-internal$", capsys=capsys)
    assert kept == [("api.operation.removed-without-deprecation", "POST /pets")]  # false keeps it


def test_strip_prefix_pairs_paths_that_moved_into_servers(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    paths = {"/pets": {"get": _op(parameters=[{"name": "q", "in": "query", "schema": {"type": "string"}}])}}
    changed = {"/pets": {"get": _op(parameters=[{"name": "q", "in": "query", "required": True,
                                                 "schema": {"type": "string"}}])}}
    old, new = _doc(paths, "/api/v1"), _doc(changed)
    plain = {rule for rule, _ in _run(tmp_path, old, new, capsys=capsys)}
    assert plain == {"api.operation.removed-without-deprecation", "api.operation.added"}
    paired = _run(tmp_path, old, new, "--strip-prefix-base", "/api/v1", capsys=capsys)
    assert paired == [("api.parameter.became-required", "GET /pets")]
    both = _run(tmp_path, _doc(paths, "/v1"), _doc(changed, "/v2"), "--strip-prefix-base", "/v1",
                "--strip-prefix-revision", "/v2", capsys=capsys)
    assert both == [("api.parameter.became-required", "GET /v2/pets")]  # named as written


@pytest.mark.parametrize(("args", "problem"), [
    (["--unmatch-path", "(a"], "--unmatch-path: is not a regular expression"),
    (["--filter-extension", "(?=x)"], "--filter-extension: is not a regular expression"),
])
def test_bad_patterns_are_one_line(args: list[str], problem: str,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", OLD, NEW, *args]) == 2
    err = capsys.readouterr().err
    assert problem in err and err.count("\n") == 1


def test_openapi_filters_refuse_other_kinds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = {"plans": [{"id": "pro", "name": "Pro",
                       "price": {"amount": "1.00", "currency": "USD", "interval": "month"}}]}
    for name in ("old.yaml", "new.yaml"):
        (tmp_path / name).write_text(yaml.safe_dump(book), "utf-8")
    for option in ("--strip-prefix-base", "--strip-prefix-revision", "--filter-extension"):
        assert main(["diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), option, "x"]) == 2
        assert f"{option}: applies to OpenAPI documents only, not price books" in capsys.readouterr().err
