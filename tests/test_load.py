"""Hostile and broken input: each ends in one clear `InputError`, never a crash or hang."""

from __future__ import annotations

from pathlib import Path

import pytest

import nosurprises
from nosurprises.errors import InputError
from nosurprises.load import load_document
from nosurprises.load.source import MAX_DEPTH

from .conftest import ROOT

PETSTORE = ROOT / "examples" / "petstore-old.yaml"


def _error(tmp_path: Path, content: bytes, name: str = "spec.yaml", **kw) -> InputError:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        nosurprises.compare_openapi(path, PETSTORE, **kw)
    assert str(path) in str(info.value), "the error must name the file"
    assert "\n" not in str(info.value), "the error must be one line"
    return info.value


def test_empty_file(tmp_path: Path) -> None:
    assert "is empty" in str(_error(tmp_path, b""))


def test_whitespace_only_file(tmp_path: Path) -> None:
    assert "is empty" in str(_error(tmp_path, b"  \n\n\t\n"))


def test_invalid_utf8(tmp_path: Path) -> None:
    assert "not valid UTF-8" in str(_error(tmp_path, b"openapi: 3.0.0\ninfo: \xff\xfe\n"))


def test_invalid_utf8_in_json(tmp_path: Path) -> None:
    assert "not valid UTF-8" in str(_error(tmp_path, b'{"openapi": "3.0.0\xff"}', "s.json"))


def test_yaml_syntax_error_names_line(tmp_path: Path) -> None:
    err = _error(tmp_path, b"openapi: 3.0.0\npaths: {\n  /a: [\n")
    assert "not valid YAML" in str(err) and "line" in str(err)


def test_broken_json(tmp_path: Path) -> None:
    err = _error(tmp_path, b'{"openapi": "3.0.0", "paths": {', "s.json")
    assert "not valid JSON" in str(err)


def test_yaml_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        refs = ",".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    err = _error(tmp_path, ("\n".join(lines) + "\n").encode())
    assert "aliases" in str(err)


def test_deep_yaml_nesting_is_refused_without_crashing(tmp_path: Path) -> None:
    # 100k levels crash libyaml's recursive composer with a segfault if it ever runs.
    depth = 100_000
    err = _error(tmp_path, b"[" * depth + b"]" * depth)
    assert "nested" in str(err)


def test_deep_json_nesting(tmp_path: Path) -> None:
    depth = 100_000
    err = _error(tmp_path, b"[" * depth + b"]" * depth, "s.json")
    assert "nested" in str(err) or "not valid" in str(err)


def test_nesting_just_under_the_limit_loads() -> None:
    text = "x: " + "[" * (MAX_DEPTH - 2) + "]" * (MAX_DEPTH - 2)
    assert load_document(text).data["x"] is not None


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    err = _error(tmp_path, b"openapi: 3.0.0\n" + b"#" * 2000, max_bytes=1000)
    assert "over the limit" in str(err)


def test_fifty_megabyte_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:  # sparse: 50 MB on paper, nothing written
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(InputError, match="over the limit"):
        nosurprises.compare_openapi(path, PETSTORE, max_bytes=32 * 1024 * 1024)


def test_not_openapi(tmp_path: Path) -> None:
    err = _error(tmp_path, b"name: my-chart\nversion: 1.0\n")
    assert "not an OpenAPI document" in str(err)


def test_top_level_list(tmp_path: Path) -> None:
    assert "not an OpenAPI document" in str(_error(tmp_path, b"- a\n- b\n"))


def test_scalar_document(tmp_path: Path) -> None:
    assert "not an OpenAPI document" in str(_error(tmp_path, b"just text\n"))


def test_paths_not_a_mapping(tmp_path: Path) -> None:
    err = _error(tmp_path, b"openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: [1, 2]\n")
    assert "paths" in str(err)


def test_missing_file() -> None:
    with pytest.raises(InputError, match="no such file"):
        nosurprises.compare_openapi("does-not-exist.yaml", PETSTORE)


def test_directory_instead_of_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="directory"):
        nosurprises.compare_openapi(tmp_path, PETSTORE)


def test_python_object_tags_are_refused(tmp_path: Path) -> None:
    err = _error(tmp_path, b"openapi: !!python/object/apply:os.system ['echo hi']\n")
    assert "not valid YAML" in str(err)


SPEC_WITH = """openapi: 3.0.3
info: {{title: t, version: '1'}}
paths:
  /a:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{$ref: '{ref}'}}
"""


def test_remote_ref_is_reported_not_fetched(tmp_path: Path) -> None:
    old = tmp_path / "old.yaml"
    new = tmp_path / "new.yaml"
    old.write_text(SPEC_WITH.format(ref="https://example.invalid/schemas/a.json"))
    new.write_text(SPEC_WITH.format(ref="https://example.invalid/schemas/b.json"))
    report = nosurprises.compare_openapi(old, new)
    assert any("remote $ref" in w and "not fetched" in w for w in report.warnings)


def test_file_ref_escaping_the_tree_is_refused(tmp_path: Path) -> None:
    inner = tmp_path / "api"
    inner.mkdir()
    (tmp_path / "secret.yaml").write_text("type: string\n")
    old = inner / "old.yaml"
    old.write_text(SPEC_WITH.format(ref="schema.yaml"))
    (inner / "schema.yaml").write_text("type: string\n")
    new = inner / "new.yaml"
    new.write_text(SPEC_WITH.format(ref="../secret.yaml"))
    with pytest.raises(InputError, match="leaves the directory"):
        nosurprises.compare_openapi(old, new)


def test_relative_file_refs_are_followed(tmp_path: Path) -> None:
    for name, schema in (("old", "{type: object, properties: {id: {type: string}}}"),
                         ("new", "{type: object, properties: {id: {type: integer}}}")):
        folder = tmp_path / name
        (folder / "schemas").mkdir(parents=True)
        (folder / "schemas" / "thing.yaml").write_text(f"Thing: {schema}\n")
        (folder / "spec.yaml").write_text(SPEC_WITH.format(ref="schemas/thing.yaml#/Thing"))
    report = nosurprises.compare_openapi(tmp_path / "old" / "spec.yaml",
                                         tmp_path / "new" / "spec.yaml")
    changed = [c for c in report.changes if c.rule == "api.schema.response.type-changed"]
    assert changed and changed[0].location.startswith("schemas/thing.yaml#/Thing")


def test_cyclic_refs_terminate(tmp_path: Path) -> None:
    doc = """openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Node'}
components:
  schemas:
    Node:
      type: object
      properties:
        value: {type: %s}
        next: {$ref: '#/components/schemas/Node'}
        loop: {$ref: '#/components/schemas/Loop'}
    Loop: {$ref: '#/components/schemas/Loop2'}
    Loop2: {$ref: '#/components/schemas/Loop'}
"""
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(doc % "string")
    new.write_text(doc % "integer")
    report = nosurprises.compare_openapi(old, new)
    assert [c.rule for c in report.changes] == ["api.schema.response.type-changed"]


def test_a_pure_ref_cycle_is_a_warning(tmp_path: Path) -> None:
    cycle = SPEC_WITH.format(ref="#/components/schemas/A") + """components:
  schemas:
    A: {$ref: '#/components/schemas/B'}
    B: {$ref: '#/components/schemas/A'}
"""
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(cycle)
    new.write_text(SPEC_WITH.format(ref="#/components/schemas/A") + """components:
  schemas:
    A: {type: string}
""")
    report = nosurprises.compare_openapi(old, new)
    assert any("cycle" in w and "old.yaml" in w for w in report.warnings)


def test_broken_local_ref_is_a_warning(tmp_path: Path) -> None:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(SPEC_WITH.format(ref="#/components/schemas/Missing"))
    new.write_text(SPEC_WITH.format(ref="#/components/schemas/Missing"))
    report = nosurprises.compare_openapi(old, new)
    assert report.changes == []


def test_text_and_dict_sources_are_accepted() -> None:
    text = PETSTORE.read_text()
    data = load_document(text).data
    report = nosurprises.compare_openapi(text, data)
    assert report.changes == []


def test_yaml_dates_stay_strings() -> None:
    doc = load_document("openapi: 3.0.0\nx-sunset: 2027-01-01\n").data
    assert doc["x-sunset"] == "2027-01-01"


def test_unsupported_source_type() -> None:
    with pytest.raises(InputError, match="cannot load"):
        nosurprises.compare_openapi(42, PETSTORE)


def test_fifty_megabyte_spec_gives_a_bounded_result(tmp_path: Path) -> None:
    """Under the default limit a 50 MB document is read and compared, not refused."""
    import orjson

    big = tmp_path / "big.json"
    spec = load_document(PETSTORE).data
    spec["info"]["description"] = "x" * (50 * 1024 * 1024)
    big.write_bytes(orjson.dumps(spec))
    report = nosurprises.compare_openapi(PETSTORE, big)
    assert [c.rule for c in report.changes] == []


def test_fifty_megabytes_of_nul_bytes_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "zeros.yaml"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(InputError, match="not valid"):
        nosurprises.compare_openapi(path, PETSTORE)
