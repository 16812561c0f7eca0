"""Errors a caller can act on: each names the input and the problem in one line."""

from __future__ import annotations


class NoSurprisesError(Exception):
    """Base of every error this library raises on purpose."""


class InputError(NoSurprisesError):
    """Bad input: the CLI prints it as one line and exits 2.

    `source` names the file (or `<string>`/`<dict>`) so the user knows which one to fix.
    """

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(f"{one_line(source)}: {one_line(problem)}")


def one_line(text: str) -> str:
    """`text` with line breaks and other control characters written as escapes (`\\n`): a
    file name or a quoted value may hold them, and the error must stay one line."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text)
