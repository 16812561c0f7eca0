"""Headings of real terms written as plain lines: title case standing alone, and clause
headings under a single Markdown title (the shapes of Netflix, Steam and Roblox pages as Open
Terms Archive stores them, written here by hand)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nosurprises.terms.document import parse_sections

TITLE_CASE = """Our Terms

Acceptance of Terms

By using the service you agree to these terms.

Limitation of Liability

We are not liable for indirect damages.

Changes to These Terms

We may change these terms. We will tell you 30 days before.
"""

ONE_TITLE = """# Terms of Use

1. MEMBERSHIP

Your membership continues until cancelled.

2. BILLING AND CANCELLATION

We charge your payment method monthly.

3. Arbitration

Disputes are settled by binding arbitration.
"""


@pytest.mark.parametrize("kind", ["markdown", "text"])
def test_title_case_lines_standing_alone_are_headings(kind: str) -> None:
    titles = [s.title for s in parse_sections(TITLE_CASE, kind)]
    assert titles == ["Our Terms", "Acceptance of Terms", "Limitation of Liability", "Changes to These Terms"]


def test_clause_headings_under_a_single_markdown_title_are_read() -> None:
    sections = parse_sections(ONE_TITLE, "markdown")
    assert [s.heading for s in sections] == ["Terms of Use", "1. MEMBERSHIP", "2. BILLING AND CANCELLATION",
                                             "3. Arbitration"]
    assert sections[-1].sentences == ("Disputes are settled by binding arbitration.",)


@pytest.mark.parametrize("line", ["Thank you.", "Welcome", "We may change these terms at any time",
                                  "Questions? Contact us"])
def test_sentences_and_single_words_standing_alone_stay_text(line: str) -> None:
    text = f"## Start\n\nIntro text.\n\n{line}\n\nMore text here.\n\n## End\n\nBye."
    assert [s.heading for s in parse_sections(text, "markdown")] == ["Start", "End"]
    plain = f"Intro text.\n\n{line}\n\nMore text here."
    assert all(s.heading != line for s in parse_sections(plain, "text"))


@pytest.mark.parametrize(("line", "heading"), [("B. Fees", True), ("IV. LIMITATION OF LIABILITY", True),
                                               ("C. Use of the Service.", True),
                                               ("A. We may end this agreement.", False),
                                               ("I. e. nothing changes", False)])
def test_a_letter_or_roman_numeral_numbers_only_a_styled_heading(line: str, heading: bool) -> None:
    """`A.` and `I.` also start sentences: a one-line paragraph must not become a heading that its
    rewrapped copy in the next version is not."""
    text = f"# Terms\n\nIntro text.\n\n{line}\n\nMore text here."
    assert (line in [s.heading for s in parse_sections(text, "markdown")]) is heading


def test_two_markdown_headings_keep_plain_lines_as_text() -> None:
    text = "# Terms\n\n## Fees\n\nLimitation of Liability\n\nWe are not liable."
    assert [s.heading for s in parse_sections(text, "markdown")] == ["Terms", "Fees"]


_WORD = st.text(alphabet="abcdefghij", min_size=3, max_size=8)


@given(st.lists(st.tuples(st.lists(_WORD, min_size=2, max_size=5),
                          st.lists(_WORD, min_size=3, max_size=12)), min_size=1, max_size=5))
def test_title_case_headings_read_like_their_markdown_twin(doc: list[tuple[list[str], list[str]]]) -> None:
    """A page whose headings lost their tags gives the sections of the page that kept them."""
    def title(words: list[str]) -> str:
        return " ".join(w.capitalize() for w in words)

    def body(words: list[str]) -> str:
        return " ".join(words).capitalize() + "."

    plain = "\n\n".join(f"{title(h)}\n\n{body(b)}" for h, b in doc)
    marked = "\n\n".join(f"## {title(h)}\n\n{body(b)}" for h, b in doc)
    want = [(s.title, s.sentences) for s in parse_sections(marked)]
    for kind in ("markdown", "text"):
        assert [(s.title, s.sentences) for s in parse_sections(plain, kind)] == want
