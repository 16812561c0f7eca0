"""Every change's `location` (and `origin`) resolves in the document the change names.

A change says where it was made as a JSON pointer into `Change.document` (or, when that is
null, its rule's `document`): the old one for what only the old document has. Tools jump
there (SARIF regions, GitHub annotations, editors), so a pointer at a keyword that only the
other document holds, or at a `$ref`'d enum through the `$ref` node, sends the reader
nowhere (issue 12: 141 such pointers over the corpus pairs). A pointer may start with
`file#` for a schema in another file its document `$ref`s: it resolves in that file.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import orjson
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import nosurprises
from nosurprises.load.refs import unescape
from nosurprises.model import Change, Report

from .conftest import CORPUS
from .report_contract import pair_files
from .test_rule_fixtures import FILES, load_fixture, run_fixture

_MISSING = object()


def pointed(data: Any, pointer: str) -> Any:
    """The value `pointer` names in `data`, or `_MISSING` (RFC 6901, as the loader escapes)."""
    if pointer in ("", "/"):
        return data
    if not pointer.startswith("/"):
        return _MISSING
    node = data
    for token in pointer.split("/")[1:]:
        key = unescape(token)
        if isinstance(node, dict):
            # YAML keys may be integers (unquoted status codes) or booleans
            found = [v for k, v in node.items() if str(k) == key or k == key]
            if not found:
                return _MISSING
            node = found[0]
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            return _MISSING
    return node


def _read(path: Path) -> Any:
    raw = path.read_bytes()
    return orjson.loads(raw) if path.suffix == ".json" else yaml.load(raw, Loader=yaml.CSafeLoader)


def unresolved(report: Report, old: Any, new: Any, folders: dict[str, Path | None] | None = None
               ) -> list[tuple[str, str, str, str]]:
    """(rule, field, document, pointer) of every location or origin that names nothing.

    A `file#/pointer` is looked up in that file beside its document when `folders` says
    where the documents are; without a folder it cannot be checked and is left out.
    """
    documents = {"old": old, "new": new}
    bad: list[tuple[str, str, str, str]] = []
    for change in report.changes:
        which = document_of(change)
        for field in ("location", "origin"):
            pointer = getattr(change, field)
            if pointer is None:
                continue
            data = documents[which]
            if not pointer.startswith("/") and "#" in pointer:
                file_part, _, pointer = pointer.partition("#")
                folder = (folders or {}).get(which)
                if folder is None:
                    continue
                data = _read(folder / file_part)
            if pointed(data, pointer) is _MISSING:
                bad.append((change.rule, field, which, getattr(change, field)))
    return bad


def document_of(change: Change) -> str:
    """The document a change's pointers are into: its own word, else its rule's."""
    return change.document or nosurprises.get_rule(change.rule).document


def _corpus_pairs() -> list[str]:
    folder = CORPUS / "openapi"
    return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.exists() else []


@pytest.mark.parametrize("pair", _corpus_pairs() or ["(no corpus)"])
def test_corpus_locations_resolve(pair: str) -> None:
    folder = CORPUS / "openapi" / pair
    if not folder.exists():
        pytest.skip(f"shared corpus not found at {CORPUS} (only CI and developers have it)")
    old_path, new_path = pair_files(folder)
    report = nosurprises.compare_openapi(old_path, new_path, today=dt.date(2026, 6, 1))
    bad = unresolved(report, _read(old_path), _read(new_path),
                     {"old": old_path.parent, "new": new_path.parent})
    assert not bad, f"{pair}: {len(bad)} pointers name nothing, e.g. {bad[:5]}"


_POINTED = [p for p in FILES if p.stem.startswith(("api.", "pricing."))]
"""Fixtures whose locations are JSON pointers: terms changes are located by section path
and declared events by their place in the events file, which no old/new pair holds."""


@pytest.mark.parametrize("path", _POINTED, ids=[p.stem for p in _POINTED])
def test_fixture_locations_resolve(path: Path) -> None:
    report, _ = run_fixture(path)
    old, new, _ = load_fixture(path)
    assert report.changes
    assert not (bad := unresolved(report, old, new)), f"{path.name}: {bad}"


@pytest.mark.parametrize("path", _POINTED, ids=[p.stem for p in _POINTED])
def test_fixture_reversed_locations_resolve(path: Path) -> None:
    """The other way round, what was added is removed: its pointer moves to the old document."""
    old, new, _ = load_fixture(path)
    if path.stem.startswith("pricing."):
        report = nosurprises.compare_pricing(new, old)
    else:
        report = nosurprises.compare_openapi(new, old, today=dt.date(2026, 1, 1))
    assert not (bad := unresolved(report, new, old)), f"{path.name} reversed: {bad}"


_LEAF = st.fixed_dictionaries({}, optional={
    "type": st.sampled_from(["string", "integer", "array"]),
    "format": st.sampled_from(["date", "uuid"]),
    "enum": st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=3, unique=True),
    "maxLength": st.integers(1, 3), "minimum": st.integers(0, 2),
    "exclusiveMaximum": st.integers(5, 6), "default": st.sampled_from(["a", "b"]),
    "pattern": st.sampled_from(["^a", "^b"]), "readOnly": st.just(True),
    "writeOnly": st.just(True), "uniqueItems": st.just(True),
    "additionalProperties": st.booleans(), "nullable": st.booleans(),
})
"""A schema's own keywords, each present or not: what one side has the other may lack."""


@st.composite
def _object(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """(a schema with properties, the components it `$ref`s), some behind a `$ref` with
    siblings (Twilio's `{$ref: ..., description: ...}`), some in allOf members."""
    properties, components = {}, {}
    for name in draw(st.lists(st.sampled_from(["p", "q", "r"]), max_size=3, unique=True)):
        leaf = draw(_LEAF)
        how = draw(st.sampled_from(["inline", "ref", "ref-siblings"]))
        if how == "inline":
            properties[name] = leaf
        else:
            components[f"C{name}"] = leaf
            ref = {"$ref": f"#/components/schemas/C{name}"}
            properties[name] = ref if how == "ref" else {**ref, "description": "d",
                                                          **draw(_LEAF)}
    required = draw(st.lists(st.sampled_from(sorted(properties) or ["p"]), unique=True))
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required and draw(st.booleans()):
        schema["required"] = required
    if draw(st.booleans()):  # the same, read through an allOf member
        schema = {"allOf": [schema], **draw(_LEAF)}
    return schema, components


def _document(drawn: tuple[dict[str, Any], dict[str, Any]]) -> dict[str, Any]:
    schema, components = drawn
    body = {"content": {"application/json": {"schema": schema}}}
    return {"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "components": {"schemas": components},
            "paths": {"/items": {"post": {"requestBody": body, "responses": {
                "200": {"description": "ok", **copy.deepcopy(body)}}}}}}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_object(), _object())
def test_every_schema_change_points_at_something(old: Any, new: Any) -> None:
    """Whichever keywords either side writes, through `$ref`s with siblings and allOf, each
    change's pointer names a node of the document it says."""
    old_doc, new_doc = _document(old), _document(new)
    report = nosurprises.compare_openapi(old_doc, new_doc, today=dt.date(2026, 1, 1))
    assert not (bad := unresolved(report, old_doc, new_doc)), bad
