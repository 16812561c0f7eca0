"""The redline of a terms document: changed words marked, markup from the document escaped."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nosurprises.templating import md_escape
from nosurprises.terms.document import Section
from nosurprises.terms.redline import redline

from .conftest import ROOT

OLD, NEW = ROOT / "tests/fixtures/terms/old.md", ROOT / "tests/fixtures/terms/new.md"

_RUN = re.compile(r"~~((?:\\.|[^\\])*?)~~|\*\*((?:\\.|[^\\])*?)\*\*|((?:\\.|[^\\\s])+)")


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _runs(paragraph: str) -> list[tuple[str, str]]:
    """(`delete` | `insert` | `equal`, unescaped text) for each run of a Markdown redline line."""
    out = []
    pos = 0
    while pos < len(paragraph):
        if paragraph[pos] == " ":
            pos += 1
            continue
        m = _RUN.match(paragraph, pos)
        assert m, f"cannot read {paragraph[pos:]!r}"
        op = "delete" if m[1] is not None else "insert" if m[2] is not None else "equal"
        out.append((op, _unescape(next(g for g in m.groups() if g is not None))))
        pos = m.end()
    return out


def _body(markdown: str, title: str) -> list[str]:
    """The paragraphs of one section of a Markdown redline, without its note."""
    part = markdown.split(f"\n## {md_escape(title)}\n", 1)[1].split("\n## ", 1)[0]
    return [p for p in part.strip().split("\n\n") if p and not p.startswith("_")]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.marked: dict[str, list[str]] = {"ins": [], "del": []}
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag != "meta":  # the only void element in a redline
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> does not close {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self.stack and self.stack[-1] in self.marked:
            self.marked[self.stack[-1]].append(data)


def _parse_html(text: str) -> _Tags:
    parser = _Tags()
    parser.feed(text)
    parser.close()
    return parser


def test_markdown_marks_exactly_the_changed_words() -> None:
    md = redline(OLD, NEW, fmt="markdown")
    assert _body(md, "Terms of Service > Payment") == [
        "Refunds are subject to our policy. We ~~will give you 30 days' notice before a price change.~~ "
        "**may change our prices at any time.**"]
    assert _body(md, "Terms of Service > Content") == [
        "You keep ownership of your content. **You grant us a perpetual, royalty-free license to use "
        "your content to train our artificial intelligence models.**"]
    assert _body(md, "Terms of Service > Disputes") == [
        "**You and we agree to resolve all disputes by binding individual arbitration and waive any "
        "class action.**"]
    assert "_Section added._" in md
    assert "_Section moved; the text is unchanged._" in md.split("## Terms of Service > Contact", 1)[1]
    # the new document's order; the unchanged top section is left out
    titles = re.findall(r"^## (.*)$", md, re.M)
    order = ("Contact", "Payment", "Content", "Disputes")
    assert titles == [md_escape(f"Terms of Service > {t}") for t in order]
    assert "Welcome" not in md
    assert md == redline(OLD, NEW, fmt="markdown")


def test_html_is_a_document_with_ins_and_del() -> None:
    page = redline(OLD, NEW, fmt="html")
    assert page.startswith("<!doctype html>")
    assert "<style>" in page and "ins {" in page and "del {" in page
    tags = _parse_html(page)
    assert not tags.stack
    assert tags.marked["del"] == ["struck through", "will give you 30 days' notice before a price change."]
    assert "may change our prices at any time." in tags.marked["ins"]
    assert any(t.startswith("You grant us a perpetual") for t in tags.marked["ins"])
    assert "script" not in tags.tags


def test_markdown_and_html_from_html_sources_agree() -> None:
    md = redline(OLD, ROOT / "tests/fixtures/terms/new.html", fmt="markdown")
    assert "**may change our prices at any time.**" in md


HOSTILE_OLD = "<h1>T</h1><h2>A</h2><p>Plain words here.</p>"
HOSTILE_NEW = ("<h1>T</h1><h2>A &lt;img src=x onerror=alert(1)&gt;</h2>"
               "<p>Plain &lt;script&gt;alert(1)&lt;/script&gt; words *here* [x](javascript:alert(1))"
               " ~~no~~ **bold** # 1. - | `code` &amp;amp;</p>")


def test_hostile_text_is_escaped_in_markdown() -> None:
    md = redline(HOSTILE_OLD, HOSTILE_NEW, fmt="markdown")
    text = re.sub(r"^#+ ", "", md, flags=re.M)  # the redline's own headings
    for char in "<[]`&#|":  # every character that can open markup is escaped
        assert not re.search(rf"(?<!\\){re.escape(char)}", text), char
    assert not re.search(r"^>", text, flags=re.M)  # and no line starts a quote
    assert "\\<script>" in md and "\\<img" in md
    body = md.split("\n## ", 1)[1]
    words = [w for op, text in _runs(body.strip().split("\n\n")[-1]) for w in text.split() if op != "delete"]
    assert words == ["Plain", "<script>alert(1)</script>", "words", "*here*", "[x](javascript:alert(1))",
                     "~~no~~", "**bold**", "#", "1.", "-", "|", "`code`", "&amp;"]


def test_hostile_text_is_escaped_in_html() -> None:
    page = redline(HOSTILE_OLD, HOSTILE_NEW, fmt="html")
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    tags = _parse_html(page)
    assert set(tags.tags) <= {"html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "section",
                              "ins", "del"}
    assert "<script>alert(1)</script>" in " ".join(tags.marked["ins"])


def test_hostile_markdown_source() -> None:
    old = "# T\n\nSome text.\n"
    new = "# T\n\nSome <script>alert(1)</script> text * with [x](javascript:void) ~~strike~~.\n"
    md = redline(old, new, fmt="markdown")
    assert "\\<script>alert(1)\\</script>" in md and "javascript" not in md  # no tag; a link keeps its text
    assert not re.search(r"(?<!\\)[<\[\]]", md)
    page = redline(old, new, fmt="html")
    assert "<script>" not in page and "&lt;script&gt;" in page


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_identical_inputs_say_no_changes(fmt: str) -> None:
    out = redline(OLD, OLD, fmt=fmt)  # type: ignore[arg-type]
    assert "No changes" in out
    assert "<ins>" not in out and "<del>" not in out and "~~" not in out


def test_rewrapping_is_not_marked() -> None:
    old = "# T\n\n## A\n\nOne two three\nfour five six.\n\n## B\n\nSeven.\n"
    new = "# T\n\n## A\n\nOne two\nthree four   five six.\n\n## B\n\nSeven eight.\n"
    md = redline(old, new, fmt="markdown")
    assert "## T > A" not in md
    assert _body(md, "T > B") == ["~~Seven.~~ **Seven eight.**"]


def test_removed_section_follows_its_predecessor() -> None:
    old = "# T\n\n## A\n\nOne.\n\n## B\n\nTwo.\n\n## C\n\nThree.\n"
    new = "# T\n\n## A\n\nOne!\n\n## C\n\nThree!\n"
    md = redline(old, new, fmt="markdown")
    assert re.findall(r"^## (.*)$", md, re.M) == ["T > A", "T > B", "T > C"]
    assert _body(md, "T > B") == ["~~Two.~~"]


def test_moved_under_another_parent_says_from_where() -> None:
    old = "# T\n\n## A\n\n### Notice\n\nThirty days.\n\n## B\n\nText.\n"
    new = "# T\n\n## A\n\nIntro.\n\n## B\n\nText.\n\n### Notice\n\nTen days.\n"
    md = redline(old, new, fmt="markdown")
    assert "_Section moved from T > A > Notice._" in md
    assert _body(md, "T > B > Notice") == ["~~Thirty~~ **Ten** days."]


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="format"):
        redline(OLD, NEW, fmt="pdf")  # type: ignore[arg-type]


_WORDS = st.sampled_from(["the", "we", "may", "you", "terms", "data", "*", "**", "~~", "~", "_a_", "\\",
                          "<b>", "[x](javascript:)", "1.", "2)", "-", "+", "#", "`x`", "&amp;", "|", "a~",
                          "x\\", "=", "'", "\"q\""])
_PARAGRAPHS = st.lists(st.lists(_WORDS, min_size=1, max_size=12).map(" ".join), min_size=1, max_size=3)


@settings(max_examples=200, deadline=None)
@given(_PARAGRAPHS, _PARAGRAPHS)
def test_markdown_redline_reproduces_both_versions(old: list[str], new: list[str]) -> None:
    a, b = [Section(("T",), tuple(old))], [Section(("T",), tuple(new))]
    md = redline(a, b, fmt="markdown")
    if old == new:
        assert "No changes" in md
        return
    runs = [run for paragraph in _body(md, "T") for run in _runs(paragraph)]
    kept_old = [w for op, text in runs if op != "insert" for w in text.split()]
    kept_new = [w for op, text in runs if op != "delete" for w in text.split()]
    assert kept_old == " ".join(old).split()
    assert kept_new == " ".join(new).split()
    page = _parse_html(redline(a, b, fmt="html"))
    assert not page.stack
    assert set(page.tags) <= {"html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "section",
                              "ins", "del"}
