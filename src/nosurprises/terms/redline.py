"""A redline of a terms document: each changed section with its inserted and deleted words marked.

Sections are paired as `compare_terms` pairs them; the word diff runs on the words of the
normalised text, so re-wrapped lines, whitespace and smart quotes are not marked. Markdown marks
`~~deleted~~` and `**inserted**` words and escapes Markdown control characters in the words
themselves; HTML is a small standalone document with `<del>`/`<ins>`, rendered by a sandboxed
jinja2 environment with autoescape on, so document text can never inject markup in either format.
"""

from __future__ import annotations

from typing import Any, Literal

from ..templating import environment
from . import diffing
from .compare import MAX_BYTES, load_sections, moved_pairs, pair_sections
from .document import Section

Op = Literal["equal", "delete", "insert"]
Run = tuple[Op, str]
"""Consecutive words with the same fate, joined by single spaces."""

_BREAK = "\n"
"""Paragraph break between blocks in the word list (words never contain a newline)."""


def redline(old: Any, new: Any, *, fmt: Literal["markdown", "html"],
            max_bytes: int = MAX_BYTES) -> str:
    """The changed sections of `new` against `old`, with changed words marked, in `fmt`.

    `old` and `new` are what `compare_terms` takes (a path, `git:REF:PATH`, text, or sections).
    Sections come in the new document's order; a removed section follows the section its
    predecessor became. Unchanged sections are left out.
    """
    if fmt not in ("markdown", "html"):
        raise ValueError(f"unknown redline format {fmt!r} (markdown or html)")
    a, b = load_sections(old, max_bytes=max_bytes), load_sections(new, max_bytes=max_bytes)
    sections = [entry for _, entry in sorted(_entries(a, b), key=lambda e: e[0])]
    template = environment(fmt == "html").get_template(f"redline.{'html' if fmt == 'html' else 'md'}.j2")
    return template.render(sections=sections)


def _entries(a: list[Section], b: list[Section]) -> list[tuple[tuple[int, int, int], dict[str, Any]]]:
    """(sort key in the new order, what the template shows) for every changed section."""
    pairs, gone, added = pair_sections(a, b)
    moved = moved_pairs(pairs)
    out: list[tuple[tuple[int, int, int], dict[str, Any]]] = []
    for i, j in pairs:
        s, t = a[i], b[j]
        kind = ""
        if s.heading != t.heading and s.key.rsplit(" > ", 1)[-1] != t.key.rsplit(" > ", 1)[-1]:
            kind = "renamed"
        elif (i, j) in moved or s.key != t.key:
            kind = "moved"
        if s.blocks == t.blocks and not kind:
            continue
        paragraphs = diff_words(s.blocks, t.blocks) if s.blocks != t.blocks else []
        out.append(((j, 0, 0), _entry(t, kind, s.title if s.title != t.title else "", paragraphs)))
    for j in added:
        out.append(((j, 0, 0), _entry(b[j], "added", "", diff_words((), b[j].blocks))))
    after = dict(pairs)
    for i in gone:
        before = [after[k] for k in range(i) if k in after]
        out.append(((before[-1] if before else -1, 1, i),
                    _entry(a[i], "removed", "", diff_words(a[i].blocks, ()))))
    return out


def _entry(sec: Section, kind: str, was: str, paragraphs: list[list[Run]]) -> dict[str, Any]:
    return {"title": sec.title, "kind": kind, "was": was, "paragraphs": paragraphs}


def diff_words(old: tuple[str, ...] | list[str], new: tuple[str, ...] | list[str]) -> list[list[Run]]:
    """Paragraphs of runs from a word-level diff of two lists of (normalised) blocks."""
    a, b = _tokens(old), _tokens(new)
    marked: list[tuple[Op, str]] = []
    for op, i1, i2, j1, j2 in diffing.opcodes(a, b):
        if op == "equal":
            marked += [("equal", w) for w in a[i1:i2]]
        else:
            marked += [("delete", w) for w in a[i1:i2]]
            marked += [("insert", w) for w in b[j1:j2]]
    paragraphs: list[list[Run]] = []
    runs: list[tuple[Op, list[str]]] = []  # lists: joining a long run word by word was quadratic
    for op, word in marked:
        if word == _BREAK:
            if runs:
                paragraphs.append(_joined(runs))
            runs = []
        elif runs and runs[-1][0] == op:
            runs[-1][1].append(word)
        else:
            runs.append((op, [word]))
    if runs:
        paragraphs.append(_joined(runs))
    return paragraphs


def _joined(runs: list[tuple[Op, list[str]]]) -> list[Run]:
    return [(op, " ".join(words)) for op, words in runs]


def _tokens(blocks: tuple[str, ...] | list[str]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if out:
            out.append(_BREAK)
        out += block.split()
    return out


