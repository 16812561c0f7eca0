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
from ..rules import CATALOG
from ..templating import code_spans
from ..words import Pieces, pieces
from .model import NoticeChange

FOLD = 5
"""How many affected operations a line names before "and N more"."""

BUDGETS = {"email": 100_000, "calendar": 2_000, "feed": 64_000}
"""Characters each channel may spend on its list of changes: an e-mail readable on a phone,
a calendar description a calendar shows whole, a feed entry readers do not cut."""


@dataclass(frozen=True)
class Told:
    """One line of a notice: the changes of one root cause that take effect on one day."""

    items: tuple[NoticeChange, ...]

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
            return self.first.said
        change = self.first.change
        rule = CATALOG.get(change.rule)
        at_origin = change.grouping[1] if change.grouping else change.message
        if rule is not None and change.origin_facts is not None:
            told = pieces(rule.message, change.origin_facts, capitalize=True)
            if "".join(f"`{t}`" if c else t for c, t in told) == at_origin:
                return told
        return tuple(code_spans(at_origin))

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


def told(items: Sequence[NoticeChange]) -> list[Told]:
    """The lines of `items`: one per root cause and day, in the order of their first change
    (changes arrive most severe first, then by operation, so the order is stable)."""
    lines: dict[tuple[object, ...], list[NoticeChange]] = {}
    for item in items:
        key = (*item.change.group_key(), item.effective, item.text)
        lines.setdefault(key, []).append(item)
    return [Told(tuple(items)) for items in lines.values()]


@dataclass(frozen=True)
class Fitted:
    """The lines of one level that fit a channel's budget, and how many changes did not."""

    heading: Level
    lines: list[Told]
    left: int
    """Changes (not lines) left out for the budget."""


def fit(items: Sequence[NoticeChange], budget: int, size: Callable[[Told], int], *,
        keep_breaking: bool = True) -> list[Fitted]:
    """The lines of `items` per level, most severe first, while their `size` stays within
    `budget`.

    The most harmful lines are kept: a budget cuts the info lines first, then warnings; a
    breaking line is kept even over budget (`keep_breaking`), since leaving it out of the
    notice would be the surprise a notice exists to prevent. A calendar event, which points
    to the notice, holds to its budget.
    """
    out: list[Fitted] = []
    spent = 0
    for level in Level:
        lines = told([c for c in items if c.change.level is level])
        if not lines:
            continue
        kept: list[Told] = []
        for i, line in enumerate(lines):
            cost = size(line)
            if (level is not Level.BREAKING or not keep_breaking) and spent + cost > budget:
                out.append(Fitted(level, kept, sum(len(t.items) for t in lines[i:])))
                break
            spent += cost
            kept.append(line)
        else:
            out.append(Fitted(level, kept, 0))
    return out


def left_out(fitted: Sequence[Fitted]) -> int:
    """How many changes the budget left out, in all."""
    return sum(f.left for f in fitted)
