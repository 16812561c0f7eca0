"""Terms comparison: the real corpus pairs, small fixtures and the normalisation properties."""

from __future__ import annotations

import html
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nosurprises.model import Level, Subject
from nosurprises.rules import CATALOG
from nosurprises.terms import compare_terms, parse_sections
from nosurprises.terms.document import split_sentences

from .conftest import FIXTURES, corpus_dir

TERMS = FIXTURES / "terms"


def _pairs() -> list[Path]:
    return sorted(p for p in corpus_dir("terms").iterdir() if (p / "old.md").exists())


def test_corpus_pairs_run_and_point_at_real_sections() -> None:
    for pair in _pairs():
        old = parse_sections((pair / "old.md").read_text(encoding="utf-8"))
        new = parse_sections((pair / "new.md").read_text(encoding="utf-8"))
        titles = {s.title for s in old + new}
        report = compare_terms(pair / "old.md", pair / "new.md")
        for change in report.changes:
            assert change.subject is Subject.TERMS and change.operation is None
            assert change.rule in CATALOG, change.rule
            assert change.location == f"section:{change.item}" and change.item in titles, change.location
            if change.rule.endswith(".changed") or change.rule == "terms.editorial":
                assert change.before != change.after


def _report(name: str):
    pair = corpus_dir("terms", name)
    return compare_terms(pair / "old.md", pair / "new.md")


def test_whitespace_only_pair_has_no_change() -> None:
    # `diff` shows only list-marker indentation and trailing spaces changed in this pair.
    assert _report("x-terms-of-service-2025-10-03").changes == []


def test_editorial_pair_has_no_breaking_change() -> None:
    # Reddit 2023-11: a stray quote fixed (entity-quote-quote-s -> entity-quote-s) and one sentence reworded.
    assert _report("reddit-terms-of-service-2023-11-16").summary.breaking == 0


def test_zoom_ai_training_and_licence() -> None:
    report = _report("zoom-terms-of-service-2023-08-11")
    rules = {(c.rule, c.item) for c in report.changes}
    assert ("terms.content-licence.changed", "DATA USAGE, LICENSES AND RESPONSIBILITIES") in rules
    ai = [c for c in report.changes if c.rule == "terms.ai-training.changed"]
    assert ai and ai[0].level is Level.BREAKING and "artificial intelligence" in ai[0].message


def test_linkedin_price_change_clause_is_breaking() -> None:
    # new: "Refunds are subject to our policy, and we may modify our prices prospectively."
    report = _report("linkedin-terms-of-service-2024-11-21")
    fees = [c for c in report.changes if c.rule == "terms.fees.changed" and c.item.endswith("2.3 Payment")]
    assert any(c.level is Level.BREAKING and "modify our prices" in (c.after or "") for c in fees)
    assert any(c.rule == "terms.changes-clause.changed" and c.item.endswith("1.3 Changes")
               for c in report.changes)


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
@given(_doc)
def test_html_and_markdown_give_the_same_sections(doc: list[tuple[str, list[str]]]) -> None:
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
