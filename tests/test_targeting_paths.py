"""Matching logged request paths to a spec's path templates (`targeting/paths.py`)."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nosurprises.targeting.paths import Templates, base_paths, spec_templates

TEMPLATES = [
    "/pets",
    "/pets/mine",
    "/pets/{petId}",
    "/pets/{petId}/photos/{photoId}",
    "/a/b/d",
    "/a/{x}/c",
    "/files/{name}.{ext}",
    "/report.{format}",
    "/",
]


@pytest.mark.parametrize(
    ("path", "template"),
    [
        ("/pets", "/pets"),
        ("/pets/", "/pets"),
        ("/pets/mine", "/pets/mine"),  # a literal segment wins over {petId}
        ("/pets/42", "/pets/{petId}"),
        ("/pets/42?limit=5#top", "/pets/{petId}"),
        ("/pets/a%2Fb", "/pets/{petId}"),  # %2F stays inside its segment
        ("/pets/m%69ne", "/pets/mine"),  # decoded before it is compared
        ("/pets/7/photos/9", "/pets/{petId}/photos/{photoId}"),
        ("/a/b/c", "/a/{x}/c"),  # the literal `b` leads nowhere: {x} is tried
        ("/a/b/d", "/a/b/d"),
        ("/files/cat.png", "/files/{name}.{ext}"),
        ("/report.csv", "/report.{format}"),
        ("/", "/"),
        ("http://api.example.com/pets/1", "/pets/{petId}"),
    ],
)
def test_a_path_matches_its_template(path: str, template: str) -> None:
    assert Templates(TEMPLATES).match(path) == template


@pytest.mark.parametrize(
    "path", ["/pets//photos/1", "/owners", "/pets/1/photos", "/files/noext", "/pets/1/x"]
)
def test_a_path_of_no_template_matches_nothing(path: str) -> None:
    assert Templates(TEMPLATES).match(path) is None


def test_the_base_path_is_stripped_and_required() -> None:
    templates = Templates(["/pets/{id}"], prefixes=["/v1"])
    assert templates.match("/v1/pets/1") == "/pets/{id}"
    assert templates.match("/pets/1") is None
    assert templates.match("/v2/pets/1") is None
    both = Templates(["/pets/{id}"], prefixes=["/v1", ""])
    assert both.match("/pets/1") == both.match("/v1/pets/1") == "/pets/{id}"


def test_base_paths_come_from_servers_and_swagger_base_path() -> None:
    assert base_paths(
        {
            "servers": [
                {"url": "https://api.example.com/v1/"},
                {"url": "/v1"},
                {"url": "https://{region}.example.com"},
                {"url": "/{version}/x"},
            ]
        }
    ) == ["", "/v1"]
    assert base_paths({"swagger": "2.0", "basePath": "/api"}) == ["/api"]
    assert base_paths({}) == [""]
    spec = {"servers": [{"url": "/v1"}], "paths": {"/pets": {}}}
    assert spec_templates(spec).match("/v1/pets") == "/pets"
    assert spec_templates(spec, prefix="").match("/pets") == "/pets"


_SEGMENT = st.text(st.characters(codec="utf-8", exclude_characters="/{}?#%"), min_size=1, max_size=8)
_VALUE = st.text(st.characters(codec="utf-8", exclude_characters="/"), min_size=1, max_size=8)


@st.composite
def _templates(draw: st.DrawFn) -> list[str]:
    count = draw(st.integers(1, 4))
    return [
        "/" + "/".join(draw(st.lists(st.one_of(_SEGMENT, st.just("{p}")), min_size=1, max_size=4)))
        for _ in range(count)
    ]


@settings(max_examples=300, deadline=None)
@given(templates=_templates(), data=st.data())
def test_a_filled_template_matches_it_or_a_more_specific_literal_one(
    templates: list[str], data: st.DataObject
) -> None:
    """Filling each `{p}` with any value (percent-encoded as a client would) matches the
    template itself, or one that has a literal where it has a parameter and agrees elsewhere."""
    chosen = data.draw(st.sampled_from(templates))
    values = [data.draw(_VALUE) for _ in range(chosen.count("{p}"))]
    filled = iter(values)
    path = re.sub(r"\{p\}", lambda _: quote(next(filled), safe=""), chosen)
    found = Templates(templates).match(path)
    assert found is not None
    if found != chosen:  # then, at the first segment where they differ, a literal won
        mine, theirs = chosen.strip("/").split("/"), found.strip("/").split("/")
        assert len(mine) == len(theirs)
        params = iter(values)
        for a, b in zip(mine, theirs, strict=True):
            value = next(params) if a == "{p}" else a
            if a != b:
                assert a == "{p}" and b == value
                break
