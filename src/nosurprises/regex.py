"""Regular expressions that users pass in, compiled with RE2 so matching takes linear time.

Python's `re` backtracks: `--match-path '^/(a+)+$'` against a long path of `a`s never ends
(catastrophic backtracking). RE2 (the `google-re2` package) matches in time linear in the
text and bounds the memory a pattern may compile to, at the price of refusing the few
constructs that need backtracking: backreferences and lookaround. Those are refused here as
one clear line, like any invalid pattern.
"""

from __future__ import annotations

from typing import Protocol

import re2

from .errors import InputError

MAX_PATTERN = 10_000
"""Longest pattern accepted, in characters: a path filter is a line, not a document."""

_OPTIONS = re2.Options()
_OPTIONS.log_errors = False  # RE2 logs parse errors on stderr itself; we say it once


class Searcher(Protocol):
    """What callers use of a compiled pattern."""

    def search(self, text: str) -> object | None: ...


def compile_user_regex(pattern: str, source: str) -> Searcher:
    """`pattern` compiled with RE2, or `InputError(source, ...)` saying why it cannot be."""
    if len(pattern) > MAX_PATTERN:
        raise InputError(source, f"is a pattern of {len(pattern):,} characters; at most "
                                 f"{MAX_PATTERN:,} are accepted")
    try:
        return re2.compile(pattern, options=_OPTIONS)
    except re2.error as exc:
        raise InputError(source, f"is not a regular expression RE2 accepts ({_reason(exc)}; "
                                 "backreferences and lookaround are not supported)") from None
    except (UnicodeError, ValueError, TypeError) as exc:
        raise InputError(source, f"is not a regular expression ({type(exc).__name__})") from None


def _reason(exc: Exception) -> str:
    """RE2's message (bytes in its Python binding), on one line."""
    raw = exc.args[0] if exc.args else exc
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    return " ".join(text.split()) or "invalid"
