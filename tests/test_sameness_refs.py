"""`refs_in` finds every `$ref` string of a subtree, by whichever route it takes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from nosurprises.openapi.sameness import _walk_refs, refs_in

_refs = st.sampled_from(["#/components/schemas/Pet", "#/a~1b", 'x"y', "é\\n", "", "other.yaml#/P"])
_leaf = st.none() | st.booleans() | st.integers() | st.text(max_size=5) | _refs
_keys = st.sampled_from(["$ref", "type", "items", "properties", "$refs", "ref", "x"])
_values = st.recursive(_leaf, lambda inner: st.lists(inner, max_size=3)
                       | st.dictionaries(_keys, inner | _refs, max_size=4), max_leaves=20)


@settings(max_examples=300)
@given(_values)
def test_refs_in_is_the_walk(value: object) -> None:
    assert refs_in(value) == frozenset(_walk_refs(value))


def test_flat_and_nested_mappings() -> None:
    assert refs_in({"$ref": "#/components/schemas/Pet"}) == {"#/components/schemas/Pet"}
    assert refs_in({"type": "string", "$ref": 3}) == frozenset()
    assert refs_in({"items": {"$ref": "#/A"}, "$ref": "#/B"}) == {"#/A", "#/B"}
