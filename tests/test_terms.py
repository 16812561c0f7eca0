"""Terms comparison: small fixtures and the normalisation properties (the corpus: test_terms_corpus.py)."""

from __future__ import annotations

import html
import textwrap
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from nosurprises.model import Level
from nosurprises.rules import CATALOG
from nosurprises.terms import compare_terms, parse_sections
from nosurprises.terms.document import split_sentences

from .conftest import FIXTURES

TERMS = FIXTURES / "terms"


def test_fixture_pair() -> None:
    report = compare_terms(TERMS / "old.md", TERMS / "new.md")
    by_rule = {c.rule: c for c in report.changes}
    assert by_rule["terms.section.added"].item == "Terms of Service > Disputes"
    assert by_rule["terms.arbitration.changed"].level is Level.BREAKING
    content = by_rule["terms.content-licence.changed"]  # the topic with most triggers leads
    assert content.level is Level.BREAKING and "training of AI models" in content.message
    assert by_rule["terms.fees.changed"].level is Level.BREAKING
    assert "at any time" in by_rule["terms.fees.changed"].message
    assert "terms.section.removed" not in by_rule
    moved = [c for c in report.changes if c.rule == "terms.section.moved"]
    assert [c.item for c in moved] == ["Terms of Service > Contact"]


def test_html_and_markdown_fixture_give_the_same_sections() -> None:
    md = parse_sections((TERMS / "new.md").read_text(encoding="utf-8"), "markdown")
    page = parse_sections((TERMS / "new.html").read_text(encoding="utf-8"))
    assert [(s.path, s.sentences) for s in md] == [(s.path, s.sentences) for s in page]
    assert compare_terms(TERMS / "new.md", TERMS / "new.html").changes == []


def test_noise_is_no_change() -> None:
    old = "# A\n\n1. First “quoted” item.\n2. Second item.\n"
    new = "#  A\n\n3. First \"quoted\"\n   item.\n7. Second   item.\n"
    assert compare_terms(old, new).changes == []


def test_sentences_keep_abbreviations() -> None:
    text = "We operate in the U.S. and the EU, e.g. in Paris. See Sec. 4 for details. Done!"
    assert split_sentences(text) == ["We operate in the U.S. and the EU, e.g. in Paris.",
                                     "See Sec. 4 for details.", "Done!"]


def test_renamed_section_pairs() -> None:
    body = "We may share your personal data with our affiliates and service providers worldwide."
    report = compare_terms(f"# Sharing\n\n{body}\n", f"# Data sharing\n\n{body}\n")
    assert [c.rule for c in report.changes] == ["terms.section.renamed"]


def test_bad_input() -> None:
    from nosurprises.errors import InputError
    bad = TERMS / "not-utf8.txt"
    bad.write_bytes(b"\xff\xfe bad")
    try:
        with pytest.raises(InputError, match="UTF-8"):
            compare_terms(bad, TERMS / "old.md")
        with pytest.raises(InputError, match="limit"):
            compare_terms(TERMS / "old.md", TERMS / "new.md", max_bytes=10)
    finally:
        bad.unlink()


# --- properties -----------------------------------------------------------------------------

_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
_sentence = st.lists(_word, min_size=1, max_size=12).map(lambda ws: " ".join(ws).capitalize() + ".")
_para = st.lists(_sentence, min_size=1, max_size=4).map(" ".join)
_section = st.tuples(st.lists(_word, min_size=1, max_size=3).map(" ".join),
                     st.lists(_para, min_size=1, max_size=3))
_doc = st.lists(_section, min_size=1, max_size=6, unique_by=lambda s: s[0])


def _markdown(doc: list[tuple[str, list[str]]], width: int = 0, indent: str = "") -> str:
    out = []
    for heading, paras in doc:
        out.append(f"{indent}## {heading}\n")
        for p in paras:
            text = textwrap.fill(p, width, initial_indent=indent, subsequent_indent=indent) if width else p
            out.append(text + "\n")
    return "\n".join(out)


def _html(doc: list[tuple[str, list[str]]]) -> str:
    body = "".join(f"<h2>{html.escape(h)}</h2>\n" + "".join(f"<p>{html.escape(p)}</p>\n" for p in ps)
                   for h, ps in doc)
    return f"<html><body>\n{body}</body></html>"


@settings(max_examples=60, deadline=None)
@given(_doc)
def test_self_diff_is_empty(doc: list[tuple[str, list[str]]]) -> None:
    text = _markdown(doc)
    assert compare_terms(text, text).changes == []


@settings(max_examples=60, deadline=None)
@given(_doc, st.integers(20, 80), st.sampled_from(["", "  ", "    "]))
@example([("a", ["A. A aaaaaa aaaaaaaa."])], 20, "")  # a sentence starting "A." is no lettered heading
def test_rewrapping_and_reindenting_is_no_change(doc: list[tuple[str, list[str]]], width: int,
                                                 indent: str) -> None:
    assert compare_terms(_markdown(doc), _markdown(doc, width, indent)).changes == []


@settings(max_examples=60, deadline=None)
@given(_doc.filter(lambda d: len(d) >= 3), st.data())
def test_moving_a_section_is_a_move(doc: list[tuple[str, list[str]]], data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(doc) - 1))
    j = data.draw(st.integers(0, len(doc) - 1).filter(lambda k: k != i))
    moved = list(doc)
    moved.insert(j, moved.pop(i))
    rules = [c.rule for c in compare_terms(_markdown(doc), _markdown(moved)).changes]
    assert rules and set(rules) == {"terms.section.moved"}


@settings(max_examples=60, deadline=None)
@given(_doc.filter(lambda d: len(d) >= 2))
def test_html_and_markdown_give_the_same_sections(doc: list[tuple[str, list[str]]]) -> None:
    """Two headings or more: Markdown with a single heading reads it as the document's title
    over headings written as plain lines (`mark_plain_headings`), so `A. Scope.` alone on its
    line is a heading there, by design, and HTML has no such reading (hypothesis found it)."""
    md, page = parse_sections(_markdown(doc)), parse_sections(_html(doc))
    assert [(s.title, s.sentences) for s in md] == [(s.title, s.sentences) for s in page]


def test_rewrapping_that_starts_a_line_with_a_marker_is_not_a_change() -> None:
    """Re-wrapping can put `> ` or `2015. ` first on a line; that is still the same text."""
    from nosurprises.terms import compare_terms

    old = "# Privacy\n\nOpen Settings > Privacy to choose. We have done this since\n2015. It works.\n"
    new = "# Privacy\n\nOpen Settings\n> Privacy to choose. We have done this since 2015. It works.\n"
    assert compare_terms(old, new).changes == []


def test_plain_text_headings_are_found() -> None:
    """A `.txt` file has no heading syntax: capitals and numbered lines standing alone are."""
    from nosurprises.terms.document import parse_sections

    text = ("ACME TERMS\n\n1. Accounts\n\nYou must be 18.\n\nLIMITATION OF LIABILITY\n\n"
            "We are not liable.\n\nThis line ends a sentence.\n\nMore text.\n")
    sections = parse_sections(text, "text")
    assert [s.heading for s in sections] == ["ACME TERMS", "1. Accounts", "LIMITATION OF LIABILITY"]
    assert sections[-1].blocks == ("We are not liable.", "This line ends a sentence.", "More text.")


def test_plain_text_changes_point_at_their_section(tmp_path: Path) -> None:
    from nosurprises.terms import compare_terms

    old = "TERMS\n\nFEES\n\nWe charge 10 USD a month.\n\nPRIVACY\n\nWe keep data 30 days.\n"
    new = "TERMS\n\nFEES\n\nWe charge 12 USD a month.\n\nPRIVACY\n\nWe keep data 30 days.\n"
    old_file, new_file = tmp_path / "old.txt", tmp_path / "new.txt"
    old_file.write_text(old)
    new_file.write_text(new)
    changes = compare_terms(old_file, new_file).changes
    assert changes and {c.item for c in changes} == {"FEES"}


# --- the topic table ------------------------------------------------------------------------


def _one(before: str, after: str):
    changes = [c for c in compare_terms(f"# Terms\n\n{before}\n", f"# Terms\n\n{after}\n").changes]
    assert len(changes) == 1, changes
    return changes[0]


def test_a_denied_use_is_a_promise_not_a_gain() -> None:
    change = _one("We keep your files.", "We keep your files. We do not use your files to train AI models.")
    assert change.rule == "terms.ai-training.changed" and change.level is Level.WARNING
    change = _one("We keep your files.", "We keep your files. We use your files to train AI models.")
    assert change.level is Level.BREAKING
    assert "a new clause on it appears (train, ai models)" in change.message


def test_dropping_the_denial_takes_a_protection() -> None:
    change = _one("We do not sell your personal data.", "We may sell your personal data.")
    assert change.level is Level.BREAKING
    assert "do not sell" in change.message and "we may sell" in change.message


def test_the_customers_own_power_is_not_a_provider_gain() -> None:
    change = _one("You may cancel your subscription.", "You may cancel your subscription at any time.")
    assert change.rule == "terms.termination.changed" and change.level is Level.WARNING
    change = _one("We may cancel your subscription.", "We may cancel your subscription at any time.")
    assert change.level is Level.BREAKING and "at any time" in change.message


def test_a_licence_granted_to_the_customer_is_not_a_licence_over_their_content() -> None:
    change = _one("Use the API as documented.",
                  "Use the API as documented. We grant you a royalty-free license to use the SDK.")
    assert change.rule == "terms.content-licence.changed" and change.level is Level.WARNING
    change = _one("Post what you like.",
                  "Post what you like. You grant us a royalty-free license to your posts.")
    assert change.level is Level.BREAKING and "royalty-free" in change.message


def test_context_words_alone_do_not_make_a_change_breaking() -> None:
    change = _one("We work with partners.", "We work with partners and third parties worldwide.")
    assert change.level is Level.WARNING and change.rule == "terms.data-sharing.changed"


def test_a_new_governing_law_names_both_places() -> None:
    change = _one("These terms are governed by the laws of the State of California.",
                  "These terms are governed by the laws of the State of Texas.")
    assert change.rule == "terms.governing-law.changed" and change.level is Level.BREAKING
    assert "moved from california to texas" in change.message


def test_a_clause_moved_to_another_section_is_not_reported() -> None:
    clause = "We may terminate your account at any time for any reason."
    old = f"# Terms\n\n## Use\n\nBe nice. {clause}\n\n## Termination\n\nWrite to us.\n"
    new = f"# Terms\n\n## Use\n\nBe nice.\n\n## Termination\n\nWrite to us. {clause}\n"
    assert compare_terms(old, new).changes == []


_phrase_words = st.sampled_from(["train", "we may", "share", "sell", "notice", "at", "any", "time", "x_y"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["train", "training", "we", "may", "share", "sell", "constraint", "_",
                                 "x_y", " ", ", ", ". ", "-"]), max_size=40),
       st.lists(_phrase_words, min_size=1, max_size=2).map(" ".join))
def test_count_finds_whole_words_only(parts: list[str], phrase: str) -> None:
    import re

    from nosurprises.terms import topics

    low = " ".join(parts)
    expected = len(re.findall(rf"(?<!\w){re.escape(phrase)}(?!\w)", low))
    assert topics.count(topics.Text(low), phrase) == expected


_title = st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=8), min_size=1,
                 max_size=4).map(" ".join)
_long_para = st.lists(_word, min_size=13, max_size=30).map(lambda ws: " ".join(ws).capitalize() + ".")
"""Longer than any heading may be (12 words)."""


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_title, st.lists(_long_para, min_size=1, max_size=3)), min_size=1, max_size=6))
def test_numbered_plain_titles_give_the_markdown_sections(doc: list[tuple[str, list[str]]]) -> None:
    """A page converted without heading tags (`3. Title` lines) reads like its Markdown twin."""
    plain = "\n\n".join(f"{n}. {h.title()}\n\n" + "\n\n".join(ps) for n, (h, ps) in enumerate(doc, 1))
    marked = "\n\n".join(f"## {n}. {h.title()}\n\n" + "\n\n".join(ps) for n, (h, ps) in enumerate(doc, 1))
    for kind in ("markdown", "text"):
        got = parse_sections(plain, kind)
        want = parse_sections(marked)
        assert [(s.title, s.sentences) for s in got] == [(s.title, s.sentences) for s in want]


def test_topic_reference_in_the_docs_is_current() -> None:
    from nosurprises.docgen import generated_part
    from nosurprises.terms.reference import topic_reference

    from .conftest import ROOT

    written = (ROOT / "docs" / "terms.md").read_text(encoding="utf-8")
    assert generated_part(written, "topic_reference") == topic_reference(), (
        "docs/terms.md is stale: run `python -m nosurprises.terms.reference docs/terms.md`")


def test_every_topic_example_lands_in_its_topic() -> None:
    from nosurprises.terms import topics
    from nosurprises.terms.reference import example_verdict

    for topic in topics.TOPICS:
        change = example_verdict(topic.example)
        assert change.rule == f"terms.{topic.id}.changed", (topic.id, change.message)
        assert CATALOG[change.rule].example == f"new: `{topic.example}`", topic.id


@pytest.mark.parametrize(("before", "after", "rule", "level", "why"), [
    ("We keep your data. You can export your data at any time.", "We keep your data.",
     "terms.retention.changed", Level.BREAKING, '"export your data" was removed'),
    ("Prices are listed on our site.",
     "Prices are listed on our site. We may increase prices with 7 days' notice.",
     "terms.fees.changed", Level.BREAKING, 'the provider gains "we may increase"'),
    ("You must be 13 or older.", "You must be 18 or older.", "terms.age.changed", Level.WARNING, ""),
    ("We store data in the EU.", "We may store and process data in the United States.",
     "terms.data-sharing.changed", Level.WARNING, ""),
    ("Refunds within 30 days.", "No refunds.", "terms.fees.changed", Level.BREAKING, 'gains "no refunds"'),
    ("Our liability is limited to $100.", "Our liability is limited to $10.", "terms.liability.changed",
     Level.BREAKING, "the largest sum named fell from 100 to 10"),
    ("Our liability is limited to $10.", "Our liability is limited to $100.", "terms.liability.changed",
     Level.WARNING, ""),
    ("The fee is $10 a month.", "The fee is USD 12 a month.", "terms.fees.changed", Level.BREAKING,
     "the largest sum named rose from 10 to 12"),
    ("The fee is $10 a month.", "The fee is $8 a month.", "terms.fees.changed", Level.WARNING, ""),
    ("We do not sell your personal information.",
     "We do not sell your personal information, except to our partners.", "terms.data-sharing.changed",
     Level.BREAKING, "the provider gains"),
])
def test_what_a_reader_would_say(before: str, after: str, rule: str, level: Level, why: str) -> None:
    change = _one(before, after)
    assert (change.rule, change.level) == (rule, level), change.message
    assert why in change.message


def test_html_page_furniture_is_not_the_terms() -> None:
    """Menus, banners and footers change on every deploy; only the terms are compared."""
    body = "<h2>Fees</h2><p>We charge 10 USD a month.</p>"

    def page(year: int, menu: str, main: bool) -> str:
        terms = f"<main><article><h1>Terms</h1>{body}</article></main>" if main else f"<h1>Terms</h1>{body}"
        return (f"<html><body><div class='banner'>{menu}</div><nav><a href='/'>{menu}</a></nav>{terms}"
                f"<aside><h2>On this page</h2><p>{menu}</p></aside><footer><p>© {year} Acme</p></footer>"
                "</body></html>")

    old, new = page(2025, "Home", True), page(2026, "Start here", True)
    assert [s.title for s in parse_sections(new)] == ["Terms", "Terms > Fees"]
    assert compare_terms(old, new).changes == []
    # without <main>, the page's own furniture outside nav/aside/footer is read, and shows
    changes = compare_terms(page(2025, "Home", False), page(2026, "Start here", False)).changes
    assert [c.item for c in changes] == ["(top)"]
