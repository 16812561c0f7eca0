"""A fact about a price book pair, before the rule catalog gives it a level and a sentence."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from ..model import Level


@dataclass(frozen=True, slots=True)
class Finding:
    """A fact about a price book pair, named by the rule it triggers; no level, no sentence."""

    rule: str
    location: str
    item: str
    params: dict[str, Any] = field(default_factory=dict)
    before: str | None = None
    after: str | None = None
    level: Level | None = None
    """Overrides the catalog level when the facts decide it (a tier change that bites)."""
    cap: Level | None = None
    """The most severe level this may have (changes to a plan sold to new customers only)."""
    audience: list[str] | None = None
    grandfathered: bool = False
    """The old plan was kept for existing customers only: they were promised it."""
    document: Literal["old", "new"] = "new"
    """Which book `location` points into: the old one for what is gone from the new one."""
    moved_from: str | None = None
    """The old plan whose customers move to `item` (a named successor): the sentences say so,
    since the successor may have customers of its own with other changes."""
