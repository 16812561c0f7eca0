"""How much a change hurts and what it touches: the two enums every stage and the command
line's options share, in a module of their own so that building the parser imports no pydantic.
"""

from __future__ import annotations

import enum


class Level(enum.StrEnum):
    """How much a change can hurt an existing customer."""

    BREAKING = "breaking"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for the most severe; used for sorting and for `--fail-on` gates."""
        return _RANK[self]


_RANK = {Level.BREAKING: 0, Level.WARNING: 1, Level.INFO: 2}


class Subject(enum.StrEnum):
    """What kind of thing customers depend on the change touches."""

    API = "api"
    PRICING = "pricing"
    TERMS = "terms"
    EVENT = "event"
