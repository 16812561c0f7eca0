"""What a notice tells: one line per root cause, most harmful first, within each channel's budget.

A shared schema reached from 10,000 operations is one change to a customer, made in one
place: a notice tells it once, naming the operations it affects, folded after a few. Stripe's
real pair has 8,587 changes and 110 root causes; telling each change made a 3.4 MB e-mail and
a calendar description of 1.3 million characters. Each channel also has a size budget
(`BUDGETS`): what does not fit is summed up in one line that says how many changes are left
and where the full list is (the notice's URL), never silently dropped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..model import Level
from ..rules import CATALOG, customer_at_origin, told_at_origin
from ..words import Pieces
from . import phrases
from .model import NoticeChange
from .phrases import SECTIONS

FOLD = 5
"""How many affected operations a line names before "and N more"."""

BUDGETS = {"email": 100_000, "calendar": 2_000, "feed": 64_000}
"""Characters each channel may spend on its list of changes: an e-mail readable on a phone,
a calendar description a calendar shows whole, a feed entry readers do not cut."""


@dataclass(frozen=True)
class Told:
    """One line of a notice: the changes of one root cause that take effect on one day."""

    items: tuple[NoticeChange, ...]
    locale: str = "en"
    """The customer's language: the line's sentences are said in it."""

    @property
    def first(self) -> NoticeChange:
        return self.items[0]

    @property
    def title(self) -> str:
        return self.first.title

    @property
    def level(self) -> Level:
        return self.first.change.level

    @property
    def effective(self) -> dt.date:
        return self.first.effective

    @property
    def operations(self) -> list[str]:
        """The distinct operations affected, sorted."""
        return sorted({c.change.operation for c in self.items if c.change.operation})

    @property
    def operation(self) -> str | None:
        """The one operation the line is about, when it is about one."""
        ops = self.operations
        return ops[0] if len(ops) == 1 else None

    @property
    def said(self) -> Pieces:
        """The sentence: the change's own for one change, else the one told at the origin
        (the shared schema, parameter or response), which names no single operation."""
        if len(self.items) == 1:
            return self.first.said_in(self.locale)
        change = self.first.change
        for_customer = customer_at_origin(change, self.locale)
        if for_customer is not None:
            return for_customer
        return told_at_origin(change, change.grouping[1] if change.grouping else change.message, self.locale)

    @property
    def todo(self) -> Pieces:
        """What the customer can do, the same for every change of the line."""
        return self.first.todo_in(self.locale)

    @property
    def shown_operations(self) -> list[str]:
        """The operations named at once (`FOLD` of them), when the line affects several."""
        ops = self.operations
        return ops[:FOLD] if len(ops) > 1 else []

    @property
    def more_operations(self) -> int:
        """How many affected operations are not named."""
        ops = self.operations
        return max(0, len(ops) - FOLD) if len(ops) > 1 else 0


def told(items: Sequence[NoticeChange], locale: str = "en") -> list[Told]:
    """The lines of `items`: one per root cause and day, in the order of their first change
    (changes arrive most severe first, then by operation, so the order is stable)."""
    lines: dict[tuple[object, ...], list[NoticeChange]] = {}
    for item in items:
        key = (*item.change.group_key(), item.effective, item.text)
        lines.setdefault(key, []).append(item)
    return [Told(tuple(items), locale) for items in lines.values()]

_EVENT_SECTIONS = {"sale": "ownership", "transfer": "ownership", "shutdown": "service",
                   "region-shutdown": "service", "maintenance": "service",
                   "migration": "data", "processor-change": "data"}


def section(item: NoticeChange) -> tuple[str, tuple[str, ...]]:
    """(what the change is about, whom it reaches when not everyone): changes for EU
    business users or paying customers, a price or a sale, each go in their own section."""
    change = item.change
    rule = CATALOG.get(change.rule)
    kind = change.subject.value
    if kind == "event":
        kind = _EVENT_SECTIONS.get(rule.scope if rule else "", "service")
    audience = tuple(sorted(a for a in (change.audience or []) if a not in ("all", "api")))
    return kind, audience


def _section_rank(key: tuple[str, tuple[str, ...]]) -> tuple[int, tuple[str, ...]]:
    return list(SECTIONS).index(key[0]) if key[0] in SECTIONS else len(SECTIONS), key[1]


@dataclass(frozen=True)
class Fitted:
    """The lines of one section and level that fit a channel's budget, and how many changes
    did not."""

    heading: Level
    lines: list[Told]
    left: int
    """Changes (not lines) left out for the budget."""
    section: tuple[str, tuple[str, ...]] = ("api", ())
    """What the lines are about and whom they reach (`section`)."""


def fit(items: Sequence[NoticeChange], budget: int, size: Callable[[Told], int], *,
        keep_breaking: bool = True, locale: str = "en") -> list[Fitted]:
    """The lines of `items` per level, most severe first, while their `size` stays within
    `budget`.

    The most harmful lines are kept: a budget cuts the info lines first, then warnings; a
    breaking line is kept even over budget (`keep_breaking`), since leaving it out of the
    notice would be the surprise a notice exists to prevent. A calendar event, which points
    to the notice, holds to its budget.
    """
    placed = [(section(c), c) for c in items]
    keys = sorted({key for key, _ in placed}, key=_section_rank)
    parts = {(key, level): told([c for k, c in placed if k == key and c.change.level is level], locale)
             for key in keys for level in Level}
    kept: dict[tuple[tuple[str, tuple[str, ...]], Level], list[Told]] = {}
    left: dict[tuple[tuple[str, tuple[str, ...]], Level], int] = {}
    spent, full = 0, False
    for level in Level:  # the budget goes to the most harmful lines of every section first
        for key in keys:
            lines = parts[(key, level)]
            for i, line in enumerate(lines):
                cost = size(line)
                if (level is not Level.BREAKING or not keep_breaking) and (full or spent + cost > budget):
                    full = True
                    left[(key, level)] = sum(len(t.items) for t in lines[i:])
                    break
                spent += cost
                kept.setdefault((key, level), []).append(line)
    return [Fitted(level, kept.get((key, level), []), left.get((key, level), 0), key)
            for key in keys for level in Level if parts[(key, level)]]


def heading(fitted: Fitted, sections: int, locale: str = "en") -> str:
    """The level's heading, and the section's name when a notice has several sections
    ("Prices and plans: what will stop working"), with whom it reaches when not everyone."""
    if sections <= 1 and not fitted.section[1]:
        return phrases.heading(fitted.heading, locale)
    kind, audience = fitted.section
    return phrases.section_heading(fitted.heading, kind, audience, locale)


def sections(fitted: Sequence[Fitted]) -> int:
    """How many sections the fitted lines fall in."""
    return len({f.section for f in fitted})


def left_out(fitted: Sequence[Fitted]) -> int:
    """How many changes the budget left out, in all."""
    return sum(f.left for f in fitted)
