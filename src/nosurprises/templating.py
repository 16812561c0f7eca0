"""The one jinja2 setup of every rendered text: sandboxed, strict, and escaped for its format.

Templates render untrusted text (descriptions from specs, sections of terms documents), so
they run in a `SandboxedEnvironment`; every value is made one line of printable characters
(`untrusted.one_line`), HTML output is autoescaped and Markdown output goes through
`md_escape`, so document text can never start a line of its own nor inject markup.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import TYPE_CHECKING

from markupsafe import Markup

from .i18n import translations
from .untrusted import one_line

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<#|~&$])")
"""What can start markup anywhere in a line. `(`, `)`, `!` and `>` are left alone: with `[`
and `<` escaped no link, image, autolink or HTML tag can form, and a generated changelog
stays readable (`POST /pets (create a pet)`, `Privacy > Sharing`)."""
_MD_START = re.compile(r"^([ \t]*)(?:(\d+)([.)])|([-+=>:]))")
"""List and heading markers, and a `:` (a line starting `::` is a GitHub Actions command),
after any indentation: Markdown reads `   - x` as a list item, and a line break turned into a
space must not leave `::` one space in."""


def md_escape(text: object, at_start: bool = True) -> str:
    """Backslash-escape Markdown control characters, and list or heading markers at the start
    (`at_start`: the text begins a line; a piece in the middle of one cannot start a list)."""
    escaped = _MD_SPECIAL.sub(r"\\\1", one_line(str(text)))
    if not at_start:
        return escaped
    return _MD_START.sub(lambda m: f"{m[1]}{m[2]}\\{m[3]}" if m[2] else f"{m[1]}\\{m[4]}", escaped)


def code_spans(text: object) -> list[tuple[bool, str]]:
    """(is_code, text) pieces of one line: rule messages quote names and values in backticks.

    An unpaired backtick and an empty span (two backticks) stay text; a code piece holds no
    backtick, since the text is split on them, so every format can render it literally.
    """
    parts = one_line(str(text)).split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: the last one is text
        parts[-2:] = [parts[-2] + "`" + parts[-1]]
    pieces = [(True, part) if i % 2 and part.strip() else (False, f"`{part}`" if i % 2 else part)
              for i, part in enumerate(parts)]
    return [(code, part) for code, part in pieces if part]


def spans(text: object) -> list[tuple[bool, str]]:
    """The (is_code, text) pieces of a sentence already told in pieces (`rules.said`), else
    of a text, split on its backticks (`code_spans`)."""
    if isinstance(text, tuple):
        return [(bool(code), one_line(str(part))) for code, part in text]
    return code_spans(text)


def md_code(text: str) -> str:
    """A Markdown code span that holds `text` as it is, backticks too (CommonMark: a fence
    longer than any run inside, and a space inside each end when the text starts or ends
    with a backtick). Text with markup characters is `<code>` with its HTML escaped instead:
    a renderer that is not CommonMark's may read `<` inside a span as a tag."""
    text = one_line(str(text))
    if _MARKUP.search(text):
        return f"<code>{html.escape(text)}</code>"
    runs = [len(m) for m in re.findall(r"`+", text)]
    fence = "`" * (max(runs, default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


_MARKUP = re.compile(r"[<>&|]")


def md_inline(text: object) -> str:
    """Like `md_escape`, but the code spans of the text stay Markdown code spans."""
    return "".join(md_code(part) if code else md_escape(part, at_start=i == 0)
                   for i, (code, part) in enumerate(spans(text)))


_CELL_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|])")


def md_cell(text: object) -> str:
    """For a Markdown table cell: everything escaped, code spans as `<code>` with their HTML
    escaped (a backtick span cannot hold a `|`, which would end the cell)."""
    return "".join(f"<code>{html.escape(part).replace('|', '&#124;')}</code>" if code
                   else _CELL_SPECIAL.sub(r"\\\1", part) for code, part in spans(text))


def printable(value: object) -> object:
    """Every `{{ }}` output passes here: text from documents becomes one printable line
    (markup the templates make themselves, `Markup`, is theirs and kept)."""
    return one_line(value) if isinstance(value, str) and not isinstance(value, Markup) else value


@lru_cache(maxsize=16)
def environment(html: bool, locale: str = "en") -> SandboxedEnvironment:
    """The environment for the package's templates; `html` turns autoescaping on; `_()` and
    `ngettext()` in a template say its words in `locale` (the catalogs of `i18n.py`)."""
    from jinja2 import PackageLoader, StrictUndefined  # the escaping helpers above need none of it
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(loader=PackageLoader("nosurprises", "templates"),
                               undefined=StrictUndefined, autoescape=html,
                               keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
                               finalize=printable, extensions=["jinja2.ext.i18n"])
    env.install_gettext_translations(translations(locale), newstyle=True)  # type: ignore[attr-defined]
    env.filters["md"] = md_escape
    env.filters["md_inline"] = md_inline
    env.filters["md_code"] = md_code
    env.filters["md_cell"] = md_cell
    return env
