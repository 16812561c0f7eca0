"""Lines of JSON pointers in the new document: annotations that land on the changed line."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from nosurprises.cli import main
from nosurprises.load import lines
from nosurprises.load.lines import file_lines, pointer_lines

from .conftest import ROOT

EX = ROOT / "examples"
YAML = """openapi: 3.0.3
paths:
  /pets/{id}:
    get:
      parameters:
        - name: id
          in: path
        - name: q~x
          in: query
      responses:
        '200': {description: ok}
"""


def test_yaml_keys_and_list_items() -> None:
    get = "/paths/~1pets~1{id}/get"
    got = pointer_lines(YAML, [get, f"{get}/parameters/1", f"{get}/parameters/1/in", f"{get}/responses/200",
                               "/paths/~1nope", "/openapi/x", "", "no-slash"])
    assert got == {get: 4, f"{get}/parameters/1": 8, f"{get}/parameters/1/in": 9, f"{get}/responses/200": 11,
                   "": 1}


def test_bad_or_huge_text_gives_no_lines(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert pointer_lines("a: [unclosed", ["/a"]) == {}
    assert pointer_lines("[" * 300 + "]" * 300, ["/0"]) == {}  # deeper than loading allows
    monkeypatch.setattr(lines, "MAX_BYTES", 10)
    assert pointer_lines(YAML, ["/openapi"]) == {}


def test_only_local_files_and_never_removed_things(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(YAML)
    assert file_lines(str(tmp_path / "a.yaml"), ["/paths"]) == {"/paths": 2}
    assert file_lines("git:HEAD:a.yaml", ["/paths"]) == {}
    assert file_lines(str(tmp_path / "no.yaml"), ["/x"]) == {}


_key = st.text(alphabet="abc/~ -", min_size=1, max_size=5)
_value: st.SearchStrategy = st.recursive(
    st.integers(0, 9) | st.booleans(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_key, inner, max_size=3), max_leaves=12)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(_key, _value, min_size=1, max_size=4))
def test_every_key_of_indented_json_is_found_on_its_own_line(doc: dict) -> None:
    text = json.dumps(doc, indent=2)

    def pointers(value: object, at: str) -> list[tuple[str, str]]:
        out = []
        if isinstance(value, dict):
            for k, v in value.items():
                p = at + "/" + k.replace("~", "~0").replace("/", "~1")
                out += [(p, json.dumps(k)), *pointers(v, p)]
        return out

    wanted = pointers(doc, "")
    got = pointer_lines(text, [p for p, _ in wanted])
    rows = text.splitlines()
    for p, quoted in wanted:
        assert rows[got[p] - 1].lstrip().startswith(quoted + ":"), (p, rows[got[p] - 1])


def test_annotations_and_sarif_carry_the_line(capsys) -> None:  # type: ignore[no-untyped-def]
    import orjson

    old, new = str(EX / "petstore-old.yaml"), str(EX / "petstore-new.yaml")
    main(["diff", old, new, "-f", "github"])
    out = capsys.readouterr().out
    assert f"::error file={new},line=20,title=api.parameter.became-required::" in out
    # removed: located in the old document, which the annotation names
    assert f"::error file={old},line=42,title=api.operation.removed-without-deprecation::" in out
    main(["diff", old, new, "-f", "sarif"])
    results = orjson.loads(capsys.readouterr().out)["runs"][0]["results"]
    regions = {r["ruleId"]: r["locations"][0]["physicalLocation"].get("region") for r in results}
    assert regions["api.parameter.became-required"] == {"startLine": 20}
    assert regions["api.operation.removed-without-deprecation"] == {"startLine": 42}
    uris = {r["ruleId"]: r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in results}
    assert uris["api.operation.removed-without-deprecation"].endswith("petstore-old.yaml")
    assert uris["api.parameter.became-required"].endswith("petstore-new.yaml")
