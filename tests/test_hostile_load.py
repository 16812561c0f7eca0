"""Hostile input at the loading layer: each ends in one clear `InputError` naming the file.

These hold with every release of PyYAML/libyaml and orjson the project allows: new libyaml
refuses nesting past 1,000 levels itself, orjson words its nesting error differently across
releases, and old orjson has no nesting limit at all (it crashes on 100k levels).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import nosurprises
from nosurprises.errors import InputError
from nosurprises.load import load_document, source
from nosurprises.load.source import JSON_MAX_DEPTH, MAX_DEPTH

from .conftest import ROOT

PETSTORE = ROOT / "examples" / "petstore-old.yaml"


def _load_error(tmp_path: Path, content: bytes, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        nosurprises.compare_openapi(path, PETSTORE)
    text = str(info.value)
    assert str(path) in text and "\n" not in text
    return text


@pytest.fixture(params=["orjson", "stdlib"])
def json_parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with orjson and with the stdlib fallback used where orjson has no depth limit."""
    if request.param == "stdlib":
        monkeypatch.setattr(source, "_ORJSON_BOUNDS_DEPTH", False)
    elif not source._ORJSON_BOUNDS_DEPTH:
        pytest.skip("this orjson has no nesting limit; the stdlib parser is used instead")
    return request.param


@pytest.mark.parametrize("depth", [JSON_MAX_DEPTH + 1, 100_000])
def test_deep_flow_yaml_is_told_as_yaml_with_its_limit(tmp_path: Path, json_parser: str,
                                                      depth: int) -> None:
    text = _load_error(tmp_path, b"[" * depth + b"]" * depth, "spec.yaml")
    assert f"nested more than {MAX_DEPTH} levels deep" in text
    assert "JSON" not in text


def test_deep_block_yaml_states_the_limit(tmp_path: Path) -> None:
    depth = 1_200  # past libyaml 0.2.6's own limit of 1,000 block levels
    doc = "".join("  " * i + "a:\n" for i in range(depth)) + "  " * depth + "x: 1\n"
    text = _load_error(tmp_path, doc.encode(), "spec.yml")
    assert f"nested more than {MAX_DEPTH} levels deep" in text


def test_yaml_just_past_our_limit(tmp_path: Path) -> None:
    doc = "x: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n"
    assert f"more than {MAX_DEPTH} levels" in _load_error(tmp_path, doc.encode(), "spec.yaml")


@pytest.mark.parametrize("depth", [JSON_MAX_DEPTH + 1, 100_000])
@pytest.mark.parametrize("opener", [b"[", b'{"a":'])
def test_deep_json_states_the_json_limit(tmp_path: Path, json_parser: str, depth: int,
                                         opener: bytes) -> None:
    closer = b"]" if opener == b"[" else b"}"
    text = _load_error(tmp_path, opener * depth + b"1" + closer * depth, "spec.json")
    assert f"nested more than {JSON_MAX_DEPTH:,} levels deep" in text


def test_json_within_its_limit_loads(json_parser: str) -> None:
    depth = JSON_MAX_DEPTH - 1
    doc = load_document(b'{"x": ' + b"[" * depth + b"]" * depth + b"}")
    value, levels = doc.data["x"], 1
    while value:
        value, levels = value[0], levels + 1
    assert levels == depth


def test_broken_json_named_yaml_gets_the_yaml_error(tmp_path: Path) -> None:
    text = _load_error(tmp_path, b'{"openapi": "3.0.0", "paths": {', "spec.yaml")
    assert "not valid YAML" in text and "JSON" not in text


def test_broken_json_named_json_gets_the_json_error(tmp_path: Path, json_parser: str) -> None:
    assert "not valid JSON" in _load_error(tmp_path, b'{"openapi": "3.0.0", "paths": {', "s.json")


def _outcome(raw: bytes) -> object:
    try:
        return load_document(raw, label="x.json").data
    except InputError as exc:
        return str(exc)


@pytest.mark.parametrize("raw", [b'{"a": NaN}', b'{"a": -Infinity}', b'{"a": 1e400}',
                                 b'{"a": "\xff"}', b'{"a": [1, 2.5, "x", null, true]}',
                                 b'[{"a": {}}, []]', b'{"a": 1,}', b"[1e-400, -0.0]"])
def test_stdlib_fallback_reads_as_orjson_does(raw: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    if not source._ORJSON_BOUNDS_DEPTH:
        pytest.skip("this orjson is not used: the stdlib parser is")
    expected = _outcome(raw)
    monkeypatch.setattr(source, "_ORJSON_BOUNDS_DEPTH", False)
    assert _outcome(raw) == expected
