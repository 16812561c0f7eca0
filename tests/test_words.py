"""Facts into words (`words.py`): a rule's sentence filled with typed facts, as pieces.

The plain rendering is the JSON `message` as it has always read (code in backticks); the
pieces keep code apart, so a backtick inside a document's own name never opens a span.
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from nosurprises.words import Code, Listing, Phrase, Place, Term, pieces, plain, sentence, show


def test_code_plain_terms_and_an_unknown_fact() -> None:
    told = pieces("{operation} lost {name} ({why}).", {"name": Code("limit"), "why": "gone"})
    assert told == ((False, "the API lost "), (True, "limit"), (False, " (gone)."))
    assert plain(told) == "the API lost `limit` (gone)."
    assert sentence("{x} and {y}", {"x": Term("nothing")}) == "nothing and ?"


def test_a_backtick_written_in_the_template_is_code() -> None:
    assert pieces("the `not` constraint of {a}", {"a": Code("x")}) == (
        (False, "the "), (True, "not"), (False, " constraint of "), (True, "x"))


def test_listings_join_every_two_items_and_say_when_empty() -> None:
    ways = Listing((Listing((Code("a"), Code("b"))), Listing((), empty=Term("no-credentials"))), "or")
    assert sentence("{w}", {"w": ways}) == "`a` and `b` or no credentials"
    assert sentence("{w}", {"w": Listing(("x", "y", "z"), ",")}) == "x, y, z"


def test_a_place_in_an_operation_and_at_its_origin() -> None:
    inside = Place("header", operation="GET /pets", status="200", name="X-Rate", path="[]")
    assert sentence("{t}", {"t": inside}) == "`GET /pets` response 200 header `X-Rate`, each item"
    body = Place("request body", operation="POST /pets", media="application/json", path="tag")
    assert sentence("{t}", {"t": body}) == "`POST /pets` request body (application/json), property `tag`"
    shared = Place("component", where="parameter", name="limit", file="common.yaml")
    assert sentence("{t}", {"t": shared}) == "the schema of parameter `limit` in `common.yaml`"


def test_a_phrase_is_there_only_when_given() -> None:
    assert sentence("removed{s}.", {"s": Phrase(" for {operation}", {"operation": "GET /a"})}) \
        == "removed for GET /a."
    assert sentence("removed{s}.", {"s": ""}) == "removed."


def test_capitalised_at_the_origin_unless_it_starts_with_code() -> None:
    assert sentence("{operation} changed", {"operation": Term("each-operation")}, capitalize=True) \
        == "Each affected operation changed"
    assert sentence("{operation} changed", {"operation": Code("GET /")}, capitalize=True) \
        == "`GET /` changed"


@given(st.text(min_size=1, max_size=30))
def test_a_code_fact_stays_one_piece_whatever_it_holds(name: str) -> None:
    """A name holding backticks is still one code piece: splitting the plain sentence on
    its backticks (what formats did before facts) would cut it apart."""
    told = pieces("the property {name} was removed", {"name": Code(name)})
    assert [text for code, text in told if code] == [name]
    assert "".join(text for _, text in told) == f"the property {name} was removed"


@given(st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=10)))
def test_every_plain_value_shows_as_text(value: object) -> None:
    shown = show(value)
    assert all(not code for code, _ in shown)
    assert re.sub(r"\s", "", "".join(t for _, t in shown)) != "" or value == "" or value is None \
        or str(value).strip() == ""
