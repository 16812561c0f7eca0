"""What the diff stage yields: facts about what moved, named by the rule they trigger.

Findings carry no level and no sentence; the catalog in `rules.py` turns them into
`Change`s (see `emit.py`). Keeping the two apart is what lets one schema comparison be
reused for every operation that reaches the schema.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model import Level


@dataclass(frozen=True, slots=True)
class SchemaFinding:
    """A change inside a schema, relative to the schema that was compared."""

    kind: str
    path: tuple[str, ...]
    location: str
    before: Any = None
    after: Any = None
    value: Any = None
    cap: Level | None = None
    """The most severe level this may have (a draft property's changes are info)."""

    def under(self, step: str, cap: Level | None = None) -> SchemaFinding:
        """The same finding seen from the parent schema, one `step` further out."""
        return SchemaFinding(self.kind, (step, *self.path), self.location, self.before,
                             self.after, self.value, milder(self.cap, cap))


@dataclass(frozen=True, slots=True)
class Finding:
    """A change at the operation or document level, ready to be judged."""

    rule: str
    location: str
    operation: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    before: Any = None
    after: Any = None
    cap: Level | None = None
    stability: str | None = None
    """The stability level of the operation it belongs to, when stated."""
    scope: tuple[str, ...] = ()
    """The pointers of the operation it belongs to (old and new): a location inside them
    was made in that operation alone; outside, in a place other operations may share."""


def milder(a: Level | None, b: Level | None) -> Level | None:
    """The milder of two caps (None means no cap)."""
    if a is None:
        return b
    if b is None:
        return a
    return a if a.rank >= b.rank else b


def capped(level: Level, cap: Level | None) -> Level:
    """`level`, but no more severe than `cap`."""
    return level if cap is None or level.rank >= cap.rank else cap
