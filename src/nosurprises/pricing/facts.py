"""The facts every price book sentence states, and how a check states them.

Every pricing rule's sentence names the plan (`{item}`) and most name the old and new values
(`{before}`, `{after}`), which are also the change's `before` and `after`. `found` states
those once, so each check adds only what its own sentence needs. The facts are data for
`words.py`: ids as `Code`, amounts as the text customers read; no sentence is written here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from ..finding import Finding
from ..model import Level
from ..rule import Rule
from ..words import Code, Pieces, show


def found(rule: Rule, location: str, item: str, facts: Mapping[str, Any] | None = None,
          before: str | None = None, after: str | None = None, *,
          document: Literal["old", "new"] = "new", cap: Level | None = None,
          level: Level | None = None, audience: list[str] | None = None) -> Finding:
    """A finding about plan `item`: its facts are the plan, `before`, `after`, then `facts`
    (which may say `before`/`after` otherwise: a limit's value with its thousands separator).

    `document` is always stated: a price book location points into the book the comparison
    names, and `Report.groups` keys on it.
    """
    return Finding(rule, location,
                   facts={"item": Code(item), "before": before, "after": after, **(facts or {})},
                   before=before, after=after, cap=cap, level=level, item=item,
                   audience=audience, document=document)


def metered(item: str, usage_id: str) -> Pieces:
    """The plan and one of its metered prices, where a plan's sentence speaks of the price."""
    return ((True, item), (False, " (metered "), (True, usage_id), (False, ")"))


def moved(value: Any, old: str, new: str) -> Pieces:
    """`value` (a plan, or a phrase naming it) naming the plan `new` as reached from `old`:
    the customers of `old` are moved to `new`, whose own customers may see other changes."""
    said = show(value)
    for i, piece in enumerate(said):
        if piece == (True, new):
            said[i:i + 1] = [(True, old), (False, " \u2192 "), (True, new)]
            break
    return tuple(said)
