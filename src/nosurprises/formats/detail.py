"""How much the human formats tell: the `--detail` choices and the fold of affected
operations, in a module of their own so that the command line's parser imports no renderer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from ..model import Level, Summary

DETAILS = ("groups", "operations")
"""`groups`: one entry per root cause (the default of every human format); `operations`:
one entry per change, as the report's `changes` list them."""
Detail = Literal["groups", "operations"]

FOLD = 5
"""How many affected operations an entry names before "and K more"."""


def check_detail(detail: str) -> Detail:
    """`detail` when it is one of `DETAILS`; a `ValueError` naming them otherwise."""
    if detail not in DETAILS:
        raise ValueError(f"detail must be one of {', '.join(DETAILS)}, not {detail!r}")
    return detail  # type: ignore[return-value]


@dataclass(frozen=True)
class Filtered:
    """A report cut to `level` and worse (`diff --level`), and the counts of the whole one."""

    level: Level
    total: Summary
