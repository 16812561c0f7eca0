"""Text from the compared documents, made safe to show: one line of printable characters.

Names, descriptions, terms passages, ledger summaries and customer names come from files
anyone may edit in a pull request, and they end up in terminals, CI logs, Markdown comments,
HTML pages and e-mails. A line break lets such text start a line of its own: GitHub Actions
runs every output line starting with `::` as a workflow command (`::add-mask::`, a forged
`::error`), and in Markdown a new line can open a heading, a list or an HTML block. Escape
sequences (ESC, OSC, BEL) rewrite a terminal, NUL and lone CRs hide text, and bidirectional
overrides make a reviewer read something other than what is there.

So every renderer gets its input through `shown` (the `presents` decorator): each string of
the report, verdicts, plan or notice becomes `one_line` of it before any format sees it.
Templates apply `one_line` to every `{{ }}` value as well (`templating.printable`). Formats
for machines keep the text as it is: JSON escapes it, and is the record of what was found.
"""

from __future__ import annotations

import enum
import functools
import re
import sys
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

from .record import Record

_BREAKS = "\t\n\x0b\x0c\r\x1c-\x1e\x85\u2028\u2029"
"""What some reader takes as a line (or column) break: LF, CR, VT, FF, the file, group and
record separators, NEL and the Unicode line and paragraph separators; tab too. A run of them
(CRLF) becomes one space, so words stay apart."""
_HIDDEN_CHARS = "\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff"
"""Dropped: the other C0 and C1 controls (ESC, BEL, NUL, the CSI of escape sequences), DEL,
bidirectional embeddings, overrides and isolates, lone surrogates, and U+FFFE/U+FFFF."""
_BREAK = re.compile(f"[{_BREAKS}]+")
_HIDDEN = re.compile(f"[{_HIDDEN_CHARS}]")
_ANY = re.compile(f"[{_BREAKS}{_HIDDEN_CHARS}]")


def one_line(text: str) -> str:
    """`text` with no line break and no control character: safe in any line-based output."""
    if _ANY.search(text) is None:
        return text
    return _BREAK.sub(" ", _HIDDEN.sub("", text))


_COMMAND_LINE = re.compile(r"^([ \t\ufeff]*):(?=:)", re.MULTILINE)


def no_workflow_commands(text: str) -> str:
    """`text` with a space between the colons of every line whose first characters are `::`.

    For outputs that put document text at a line start or fold long lines (the plain-text
    e-mail, its raw MIME form, iCalendar): `one_line` keeps a text on one line, but it can
    still *begin* one there, and GitHub Actions would run it as a workflow command if the file
    is printed to a log. The text reads the same to a person.
    """
    return _COMMAND_LINE.sub(r"\1: ", text) if "::" in text else text


_TOLD_LATER = frozenset({"facts", "origin_facts"})
"""A change's facts (`Change.facts`) are not walked: whoever tells them makes each piece one
line (`rules.said`), and a large report holds hundreds of thousands of them."""


def _is_pydantic_model(value: Any) -> bool:
    """A pydantic model (a notice, a verdict): asked only once pydantic is loaded, since no
    value can be one before, so a report printed alone never imports it."""
    pydantic = sys.modules.get("pydantic")
    return pydantic is not None and isinstance(value, pydantic.BaseModel)


def shown(value: Any) -> Any:
    """A copy of `value` (a model, list, dict or string) with every string made `one_line`;
    parts with nothing to change are the same objects, so a clean report costs one scan."""
    if isinstance(value, str):
        return value if isinstance(value, enum.Enum) else one_line(value)
    if isinstance(value, Record) or _is_pydantic_model(value):
        update = {}
        for name in type(value).model_fields:
            if name in _TOLD_LATER:
                continue
            old = getattr(value, name)
            new = shown(old)
            if new is not old:
                update[name] = new
        return value.model_copy(update=update) if update else value
    if isinstance(value, list | tuple | set | frozenset):
        items = [shown(v) for v in value]
        if all(a is b for a, b in zip(items, value, strict=True)):
            return value
        return type(value)(items)
    if isinstance(value, dict):
        pairs = [(shown(k), shown(v)) for k, v in value.items()]
        if all(k is a and v is b for (k, v), (a, b) in zip(pairs, value.items(), strict=True)):
            return value
        return dict(pairs)
    return value


P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")


def presents(render: Callable[Concatenate[T, P], R]) -> Callable[Concatenate[T, P], R]:
    """Mark a renderer of untrusted text: its first argument is passed through `shown` first."""
    @functools.wraps(render)
    def wrapper(value: T, /, *args: P.args, **kwargs: P.kwargs) -> R:
        return render(shown(value), *args, **kwargs)

    return wrapper
