"""Terms documents as sections of sentences, with the noise that is no change taken out.

A terms document is compared section by section and sentence by sentence, so everything a
reader would not call a change is normalised away here, once: re-wrapped lines and changed
whitespace (blocks are joined and whitespace collapsed), smart vs straight quotes (NFKC plus a
quote table), list renumbering (list markers are dropped) and Markdown emphasis and link
targets (only the visible text counts). HTML is read with the stdlib `html.parser`, keeping
headings h1-h6 and the text of block elements, so the same text in HTML and Markdown gives the
same sections; page furniture (nav, footer, aside; all but main/article when there is one) is
left out.

Headings: ATX (`## Title`, also indented) and setext in Markdown; h1-h6 in HTML; a paragraph
that is bold and nothing else (`**1. ACCOUNT**`) is taken as a heading one level below `######`,
since many published terms are formatted that way. Plain text, and Markdown with no heading at
all (a page converted without heading tags), get headings from short lines standing alone in
capitals or with a clause number (`mark_plain_headings`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from html.parser import HTMLParser

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
                         "\u00ab": '"', "\u00bb": '"', "\u2013": "-", "\u2014": "-", "\u00a0": " ",
                         "\u200b": None, "\ufeff": None})
TOP = "(top)"
"""The title of the text before the first heading."""


def normalise(text: str) -> str:
    """Compatibility-normalised text with straight quotes and single spaces."""
    # str.split() splits on exactly the characters `\s` matches (both use str.isspace), and
    # is several times faster than a regex substitution on long paragraphs.
    return " ".join(unicodedata.normalize("NFKC", text).translate(_QUOTES).split())


_NUMBERING = re.compile(r"^(?:(?:section|article|part|chapter)\s+)?"
                        r"(?:\d+(?:\.\d+)*\.?|[ivxlc]+[.)]|[a-z][.)]|"
                        r"\(\w{1,4}\))\s+(?=\S)")


def heading_key(heading: str) -> str:
    """What pairs two headings: lower case, without numbering and trailing punctuation."""
    key = normalise(heading).lower()
    key = _NUMBERING.sub("", key)
    return key.strip(" .:;-")


@dataclass(frozen=True)
class Section:
    """One heading and the blocks (paragraphs, list items) under it, up to the next heading."""

    path: tuple[str, ...]
    """The headings from the top to this one, e.g. `("Privacy", "Sharing")`; empty before any."""
    blocks: tuple[str, ...] = ()
    level: int = 0

    @property
    def heading(self) -> str:
        return self.path[-1] if self.path else TOP

    @property
    def title(self) -> str:
        """The heading path as printed: `Privacy > Sharing`."""
        return " > ".join(self.path) if self.path else TOP

    @cached_property
    def key(self) -> str:
        return " > ".join(heading_key(h) for h in self.path)

    @cached_property
    def text(self) -> str:
        return " ".join(self.blocks)

    @cached_property
    def sentences(self) -> tuple[str, ...]:
        return tuple(s for block in self.blocks for s in split_sentences(block))


# --- sentences ------------------------------------------------------------------------------

_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "inc", "ltd", "llc", "co", "corp", "no", "nos", "vs", "etc", "st",
    "jr", "sr", "sec", "art", "para", "fig", "approx", "dept", "est", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec",
})
_INITIALS = re.compile(r"^\(?(?:[A-Za-z]\.){1,4}[,;:)]?$")  # e.g. i.e. U.S. U.S.A.
_END = re.compile(r"[.!?][\"')\]]*$")
_LAST = frozenset(".!?\"')]")
"""The characters a word matching `_END` can end with: most words are ruled out without a regex."""


def split_sentences(text: str) -> list[str]:
    """Split on `.`, `!` or `?` followed by a capital, digit or quote, keeping abbreviations.

    Deliberately simple: a word ending a sentence must end in terminal punctuation, must not be
    an abbreviation (`Inc.`, `No.`) or a run of initials (`e.g.`, `U.S.`), and the next word
    must start like a sentence does. Good enough to pair sentences; not a linguistic parser.
    """
    words = text.split()
    out: list[str] = []
    start = 0
    for i, word in enumerate(words[:-1]):
        if word[-1] not in _LAST or not _END.search(word) or _INITIALS.match(word):
            continue
        if word.rstrip(".!?\"')]").lower().lstrip("(\"'") in _ABBREVIATIONS:
            continue
        nxt = words[i + 1]
        if not (nxt[0].isupper() or nxt[0].isdigit() or nxt[0] in "\"'(["):
            continue
        out.append(" ".join(words[start:i + 1]))
        start = i + 1
    if start < len(words):
        out.append(" ".join(words[start:]))
    return out


# --- building sections ----------------------------------------------------------------------


@dataclass
class _Builder:
    """Collects headings and blocks in reading order into sections."""

    sections: list[Section] = field(default_factory=list)
    stack: list[tuple[int, str]] = field(default_factory=list)
    blocks: list[str] = field(default_factory=list)
    level: int = 0

    def _close(self) -> None:
        path = tuple(h for _, h in self.stack)
        if path or self.blocks:
            self.sections.append(Section(path, tuple(self.blocks), self.level))
        self.blocks = []

    def heading(self, level: int, text: str) -> None:
        text = normalise(text)
        if not text:
            return
        self._close()
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        self.stack.append((level, text))
        self.level = level

    def block(self, text: str) -> None:
        text = normalise(text)
        if text:
            self.blocks.append(text)

    def done(self) -> list[Section]:
        self._close()
        return self.sections


# --- Markdown and plain text ----------------------------------------------------------------

_SETEXT = re.compile(r"^(=+|-+)\s*$")
_RULE = re.compile(r"^(?:[-*_]\s*){3,}$")
_ITEM = re.compile(r"^(?:[*+-]|\d{1,9}[.)])\s+")
_TABLE_CELLS = re.compile(r"[\s:|-]+")
# Link text and targets stop at the next bracket: a run of `[` or `![a](` then scans only to the
# next bracket, not to the end of the line from every bracket (quadratic on a hostile line).
_IMAGE = re.compile(r"!\[([^\[\]]*)\]\([^()\[\]]*\)")
_LINK = re.compile(r"\[([^\[\]]*)\]\((?:[^()\[\]]|\([^()\[\]]*\))*\)")
_REF_LINK = re.compile(r"\[([^\[\]]+)\]\[[^\[\]]*\]")
_STRONG = re.compile(r"\*\*|__")
_EMPH = re.compile(r"(?<![\w*\\])[*_](?=\S)|(?<=\S)(?<!\\)[*_](?![\w*])")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|])")
_BOLD_ONLY = re.compile(r"^(?:\d{1,9}[.)]\s+)?(\*\*|__)(?P<text>(?:(?!\1).)+)\1[.:]?$")
_MAX_BOLD_HEADING = 200


def atx_heading(line: str) -> tuple[int, str] | None:
    """(level, title) of an ATX heading line (`## Title ##`, already stripped), else None.

    Written with string methods rather than `^(#{1,6})\\s+(.*?)(?:\\s+#+)?\\s*$`: that pattern
    rescans the tail of the line for every character of the title, so a heading followed by
    40,000 spaces took seconds.
    """
    n = len(line) - len(line.lstrip("#"))
    if not 1 <= n <= 6 or len(line) == n or not line[n].isspace():
        return None
    title = line[n:].strip()
    body = title.rstrip("#")
    if body != title and body and body[-1].isspace():  # a closing sequence: `## Title ##`
        title = body.rstrip()
    return n, title


def _table_separator(line: str) -> bool:
    """`|---|:---:|`: only pipes, colons, dashes and spaces, with a pipe after the first character."""
    return bool(_TABLE_CELLS.fullmatch(line)) and "|" in line[1:]


def _inline(text: str) -> str:
    """The visible text of a Markdown line: no emphasis, link targets, images or escapes."""
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _REF_LINK.sub(r"\1", text)
    text = _STRONG.sub("", text)
    if "*" in text or "_" in text:  # _EMPH scans every position with lookbehinds: slow on long text
        text = _EMPH.sub("", text)
    text = text.replace("`", "")
    return _ESCAPE.sub(r"\1", text)


def _wrapped_continuation(line: str, in_list: bool) -> bool:
    """Inside a paragraph, a line starting `> ` or `2015. ` is wrapped text, not a new block.

    CommonMark lets only an ordered list starting at 1 interrupt a paragraph; and a quote
    marker in the middle of running text comes from re-wrapping ("Settings > Privacy"), so
    reading it as a quote would make re-wrapping look like a change.
    """
    if line.startswith(">"):
        return True
    m = _ITEM.match(line)
    return bool(m) and not in_list and line[0].isdigit() and not line.startswith(("1.", "1)"))


def parse_markdown(text: str) -> list[Section]:
    """Sections of a Markdown (or plain text) document."""
    b = _Builder()
    para: list[str] = []
    in_list = False  # the open paragraph is a list item: the next number starts the next item

    def flush() -> None:
        if not para:
            return
        joined = " ".join(para)
        para.clear()
        bold = _BOLD_ONLY.match(joined) if len(joined) < _MAX_BOLD_HEADING else None
        if bold:
            b.heading(7, _inline(bold.group("text")))
        else:
            b.block(_inline(joined))

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        if atx := atx_heading(line):
            flush()
            b.heading(atx[0], _inline(atx[1]))
            continue
        if _SETEXT.match(line) and len(para) == 1 and not _ITEM.match(para[0]):
            heading = para.pop()
            b.heading(1 if line.startswith("=") else 2, _inline(heading))
            continue
        if _RULE.match(line):
            flush()
            continue
        if line.startswith("|"):
            flush()
            if not _table_separator(line):
                b.block(_inline(" ".join(c.strip() for c in line.strip("|").split("|"))))
            continue
        if para and _wrapped_continuation(line, in_list):
            para.append(line)  # re-wrapping put a `>` or `2015.` first on a line: still text
            continue
        if line.startswith(">"):
            line = line.lstrip("> ").strip()
            if not line:
                flush()
                continue
        if m := _ITEM.match(line):
            flush()
            line = line[m.end():]
            in_list = True
        elif not para:
            in_list = False
        para.append(line)
    flush()
    return b.done()


# --- HTML -----------------------------------------------------------------------------------

_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "dd", "details", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
    "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "caption",
})
_SKIP_TAGS = frozenset({
    "script", "style", "head", "template", "noscript", "svg", "iframe", "object", "button", "select",
    "nav", "footer", "aside",
})
"""Not the document: code, menus, page footers (a copyright year is no change to the terms)."""
_FOCUS_TAGS = frozenset({"main", "article"})
_HAS_FOCUS = re.compile(r"<(?:main|article)[\s>]", re.I)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}


class _HTMLSections(HTMLParser):
    """Headings h1-h6 and the text of block elements, in document order."""

    def __init__(self, focus: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.b = _Builder()
        self.text: list[str] = []
        self.heading: int | None = None
        self.skip = 0
        self.focus = focus
        """Read only what is inside `<main>` or `<article>` (the page has one)."""
        self.inside = 0

    def _flush(self) -> None:
        joined = "".join(self.text)
        self.text = []
        if self.heading is not None:
            self.b.heading(self.heading, joined)
        else:
            self.b.block(joined)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _FOCUS_TAGS:
            self._flush()
            self.inside += 1
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag in _HEADINGS:
            self._flush()
            self.heading = _HEADINGS[tag]
        elif tag in _BLOCK_TAGS:
            self._flush()
        elif tag == "br":
            self.text.append(" ")
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self.text.append(alt)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _SKIP_TAGS:  # <br/>, <img/>: no content, so no end tag to wait for
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _FOCUS_TAGS:
            self._flush()
            self.inside = max(0, self.inside - 1)
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in _HEADINGS and self.heading is not None:
            self._flush()
            self.heading = None
        elif tag in _BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self.skip and (self.inside or not self.focus):
            self.text.append(data)

    def sections(self) -> list[Section]:
        self.close()
        self._flush()
        return self.b.done()


def parse_html(text: str) -> list[Section]:
    """Sections of an HTML document, read with a real (lenient, stdlib) HTML parser.

    A page with a `<main>` or `<article>` is read there only, so a changed menu, banner or
    footer around the terms is not a change to them; `<nav>`, `<footer>` and `<aside>` are
    never read.
    """
    parser = _HTMLSections(focus=bool(_HAS_FOCUS.search(text)))
    parser.feed(_close_tail(text))
    return parser.sections()


def _close_tail(text: str) -> str:
    """The text with each `<` after the last `>` written `&lt;`: no tag can start there.

    The stdlib parser (before Python 3.13.5/3.12.11) rescans the rest of the input for every `<`
    that opens a tag that never closes: `<a <a <a ...` took seconds per 10,000.
    """
    last = text.rfind(">")
    return text if "<" not in text[last + 1:] else text[:last + 1] + text[last + 1:].replace("<", "&lt;")


_LOOKS_HTML = re.compile(r"<(?:!doctype html|html|body|p|h[1-6]|div|ul|ol|section|article)[\s>]", re.I)


_PLAIN_HEADING = re.compile(
    r"^(?:(?:\d{1,3}(?:\\?\.\d{1,3})*\\?\.?|[IVXLC]{1,6}\\?\.|[A-Z]\\?\.)\s+)?"
    r"(?P<title>[^.!?:;]{2,80})\.?$")
"""An optional clause number (`4.`, `4.2`, `IV.`, `B.`; Markdown may escape the dot as `2\\.`), then
a title without sentence punctuation; a trailing period is allowed (`8. Termination.`)."""
_MAX_HEADING_WORDS = 12


def mark_plain_headings(text: str) -> str:
    """Plain text has no heading syntax: a short line standing alone between blank lines,
    in capitals (`LIMITATION OF LIABILITY`) or numbered (`4. Termination`), becomes one.

    A line in title case (`Limitation of Liability`) standing alone between blank lines is one
    too: many published terms style their headings only by size, which a text export loses.

    All such headings get the same level: clause numbering is too irregular in real documents
    (lists restarting at 1, `3.` under `4.`) to give a hierarchy that pairs across versions.
    A text with two or more Markdown headings is left as it is; a single one is the document's
    title above headings that were written as plain lines.
    """
    lines = text.splitlines()
    if sum(1 for line in lines if atx_heading(line.strip())) > 1:
        return text
    out = []
    for i, raw in enumerate(lines):
        line = raw.strip()
        before = i == 0 or not lines[i - 1].strip()
        after = i + 1 == len(lines) or not lines[i + 1].strip()
        out.append(f"## {line}" if line and after and _plain_heading(line, before) else raw)
    return "\n".join(out)


def _plain_heading(line: str, blank_before: bool) -> bool:
    """A numbered title may close a list (`2. Using the Service` right after an item); a title
    in capitals needs a blank line on both sides.

    A letter or a Roman numeral before the title (`B. Fees`, `IV. Termination`) is also how a
    sentence may start (`A. Smith signs`, `I. e.`, a capital `A.` of a short sentence), so such a
    line is a heading only when its title is styled as one (capitals or title case): otherwise a
    one-line paragraph would be a heading in one version and its rewrapped copy body text in the
    next, and a rewrap would read as a removed clause.
    """
    m = _PLAIN_HEADING.match(line)
    if not m or len(line.split()) > _MAX_HEADING_WORDS:
        return False
    title = m.group("title").strip()
    letters = [c for c in title if c.isalpha()]
    if not letters or atx_heading(line):
        return False
    capitals = all(c.isupper() for c in letters)
    if m.start("title") > 0:
        return line[:1].isdigit() or capitals or _capitalised(title.split())
    return blank_before and (capitals or _title_case(line))


_MINOR_WORDS = frozenset({"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on",
                          "or", "our", "the", "to", "with", "your"})
"""Words a title leaves in lower case (`Limitation of Liability`, `Use of the Service`)."""


def _title_case(line: str) -> bool:
    """A short line whose every word but the minor ones starts with a capital, ending in no
    punctuation: `Changes to These Terms`, not `Thank you.` nor a one-word line (`Welcome`)."""
    words = line.split()
    if not 2 <= len(words) <= 8 or not line[-1].isalnum():
        return False
    return any(w.lower() not in _MINOR_WORDS for w in words[1:]) and _capitalised(words)


def _capitalised(words: list[str]) -> bool:
    """The first word and every word but the minor ones start with a capital or a digit."""
    major = [w for w in words[1:] if w.lower() not in _MINOR_WORDS]
    return words[0][:1].isupper() and all(w[:1].isupper() or w[:1].isdigit() for w in major)


def detect_kind(text: str) -> str:
    """`html` when the start of the text has HTML block tags, else `markdown`."""
    return "html" if _LOOKS_HTML.search(text[:4096]) else "markdown"


def parse_sections(text: str, kind: str | None = None) -> list[Section]:
    """Sections of a document; `kind` is `markdown`, `text`, `html` or None to detect."""
    kind = kind or detect_kind(text)
    if kind == "html":
        return parse_html(text)
    if kind in ("text", "txt"):
        return parse_markdown(mark_plain_headings(text))
    if kind in ("markdown", "md"):
        sections = parse_markdown(text)
        headed = sum(1 for s in sections if s.path)
        if headed <= 1:
            # No heading, or only the title: a page converted without heading tags (or with its
            # title tagged and its clause headings as plain lines) reads like plain text.
            marked = parse_markdown(mark_plain_headings(text))
            return marked if not headed or len(marked) > len(sections) else sections
        return sections
    raise ValueError(f"unknown terms document kind {kind!r}")
