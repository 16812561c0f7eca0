"""What the human formats list: one entry per root cause, or one per change on request.

A shared schema reached from 10,000 operations is one change made in one place; a reviewer
reads it once, with the operations it reaches folded after a few (`FOLD`). `detail`
"operations" gives today's per-operation list instead. An entry that stands for one change
is shown as that change (its own sentence, operation and location), so a small report reads
the same either way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ..load.lines import file_lines
from ..model import Change, Group, Report
from ..rules import CATALOG
from ..words import fold as fold_names
from .detail import DETAILS as DETAILS  # re-exported: the renderers take them from here
from .detail import FOLD as FOLD
from .detail import Detail as Detail
from .detail import check_detail as check_detail


@dataclass(frozen=True)
class Entry:
    """One item of a human report: a group with its changes (one, when `detail` is
    `operations` or the group stands for a single change)."""

    group: Group
    changes: tuple[Change, ...]

    @property
    def single(self) -> Change | None:
        """The change itself when the entry stands for one: shown as the change."""
        return self.changes[0] if len(self.changes) == 1 else None

    @property
    def hint(self) -> str | None:
        """What to do: the rule's hint, the same for every change of a group."""
        return next((c.hint for c in self.changes if c.hint), None)


def entries(report: Report, detail: str = "groups") -> list[Entry]:
    """The entries of `report`, most severe first, in the order of `changes`."""
    if check_detail(detail) == "operations":
        return [Entry(*_alone(c)) for c in report.changes]
    return [Entry(group, tuple(members)) for group, members in report.grouped()]


def entry_of(changes: Sequence[Change]) -> Entry:
    """One entry for changes that share a root cause (e.g. those of one verdict group)."""
    group = Report.from_changes(list(changes)).groups
    return Entry(group[0], tuple(changes)) if len(group) == 1 else Entry(*_alone(changes[0]))


def _alone(change: Change) -> tuple[Group, tuple[Change, ...]]:
    ((group, members),) = Report(changes=[change]).grouped()
    return group, tuple(members)


def fold(names: Sequence[str], limit: int = FOLD) -> str:
    """`A, B, C, D, E and 9 more` (`words.fold`), after the report's `FOLD` names by default."""
    return fold_names(names, limit)


def affects(entry: Entry, limit: int | None = FOLD) -> str:
    """`affects 14 operations: A, B, C, D, E and 9 more` (`limit` None: every one); for a
    group outside operations, how many changes it stands for."""
    ops = entry.group.operations
    if not ops:
        return f"stands for {entry.group.count} changes at this place"
    names = fold(ops, limit) if limit is not None else ", ".join(ops)
    return f"affects {len(ops)} operation{'s' if len(ops) != 1 else ''}: {names}"


def entry_places(items: Sequence[Entry], new: str | None, old: str | None = None
                 ) -> list[tuple[str | None, int | None]]:
    """(file, line) of each entry: a single change where `change_places` puts it; a group at
    its origin, in the document the origin points into (the old one for what was removed)."""
    singles = [e.single for e in items if e.single is not None]
    single_places = iter(change_places(singles, new, old))
    sources = {"old": old, "new": new}
    sides = [e.group.document or rule_document(e.group.rule) for e in items]
    wanted: dict[str, set[str]] = {"old": set(), "new": set()}
    for e, side in zip(items, sides, strict=True):
        if e.single is None and e.group.origin and e.group.origin.startswith("/"):
            wanted[side].add(e.group.origin)
    lines = {side: file_lines(sources[side], wanted[side]) for side in wanted
             if sources[side] and wanted[side]}
    places: list[tuple[str | None, int | None]] = []
    for e, side in zip(items, sides, strict=True):
        if e.single is not None:
            places.append(next(single_places))
            continue
        file = sources[side] or new
        line = lines.get(side, {}).get(e.group.origin or "") if sources[side] else None
        places.append((file, line))
    return places


def change_document(change: Change) -> Literal["old", "new"]:
    """The document a change's location points into: as the change says (price books), else
    by its rule (OpenAPI, terms), else the new one."""
    if change.document is not None:
        return change.document
    return rule_document(change.rule)


def rule_document(rule: str) -> Literal["old", "new"]:
    """The document the location of a change of `rule` points into when the change does not
    say: the rule's own `document` (the old one for what is found only there), else the new one."""
    known = CATALOG.get(rule)
    return known.document if known else "new"


def change_places(changes: Sequence[Change], new: str | None, old: str | None = None
                  ) -> list[tuple[str | None, int | None]]:
    """(file, line) of each change: the old document for what is found only there, the new
    one otherwise. A pointer is looked up only in its own document, so a removed plan's
    `/plans/0` never lands on the new book's first plan. Without the old document's name a
    change located there names the new file and no line (rather than a wrong line)."""
    sides = [change_document(c) for c in changes]
    sources = {"old": old, "new": new}
    lines = {side: file_lines(sources[side], {c.location for c, s in zip(changes, sides, strict=True)
                                              if s == side and c.location.startswith("/")})
             for side in ("old", "new") if sources[side]}
    return [(sources[s] or new, lines.get(s, {}).get(c.location))
            for c, s in zip(changes, sides, strict=True)]
