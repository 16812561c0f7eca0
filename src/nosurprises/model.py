"""The shared model: what every stage produces and every format reads.

These records are the JSON contract of DESIGN.md; other tools parse
`Report.model_dump_json()`, so field names and meanings never change once released. They are
slotted dataclasses with pydantic's methods (`record.py`): a run that only prints a report
never imports pydantic, and `model_validate`, `model_json_schema` and pydantic models holding
a `Change` work as they did when these were pydantic models.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import field
from typing import Any, Literal

from .levels import Level as Level  # re-exported: every stage takes the enums from here
from .levels import Subject as Subject
from .record import INTERNAL, Record, doc, record
from .record import json_safe as json_safe  # re-exported: its home before `record.py`


def _enums(made: Change | Group) -> None:
    """`level` and `subject` given as their values (`"breaking"`) become the enums, as
    pydantic made them: callers building changes by hand write strings."""
    if type(made.level) is not Level:
        object.__setattr__(made, "level", Level(made.level))
    if type(made.subject) is not Subject:
        object.__setattr__(made, "subject", Subject(made.subject))


@record(frozen=True)
class Accepted(Record):
    """A change someone reviewed and accepted (`--accept FILE`): it does not fail a gate until
    the acceptance expires, and every report still shows it."""

    reason: str = field(metadata=doc("Why it may ship, as the acceptance says."))
    expires: dt.date | None = field(default=None, metadata=doc("The last day the acceptance holds."))
    by: str | None = field(default=None, metadata=doc("Who accepted it."))
    expired: bool = field(default=False, metadata=doc("The acceptance has expired: the change "
                          "counts again, in gates too."))
    entry: int = field(metadata=doc("Its index in the file's `accepted` list."))


@record(frozen=True)
class Change(Record):
    """One change a customer may notice, with what it means for them."""

    rule: str = field(metadata=doc("Stable rule id, e.g. `api.operation.removed`."))
    level: Level
    subject: Subject
    operation: str | None = field(
        default=None, metadata=doc('"METHOD /path/{template}" for API changes, as in the old document for '
        "removed things and the new one otherwise; null elsewhere."))
    location: str = field(metadata=doc("JSON pointer (or section path) where the change is."))
    document: Literal["old", "new"] | None = field(
        default=None, metadata=doc("Which document `location` points into, when the comparison "
        "says: `old` for something found only there (a removed plan, limit or feature), `new` "
        "otherwise. Null: not stated; annotations then take the old document for removed "
        "things by rule."))
    message: str = field(metadata=doc("One plain sentence for a human."))
    before: Any = None
    after: Any = None
    hint: str | None = field(default=None, metadata=doc("What the customer should do."))
    item: str | None = field(
        default=None, metadata=doc("The id of what changed when it is not an operation: a "
        "declared event, a plan, a document section."))
    stability: str | None = field(
        default=None, metadata=doc("Stability level of the changed element (`draft`, `alpha`, "
        "`beta`, `stable`) when the document states one."))
    audience: list[str] | None = field(
        default=None, metadata=doc("Who it reaches when stated (e.g. `all`, `paying`, "
        "`eu-business`); API changes reach `api` consumers."))
    retroactive: bool = field(
        default=False, metadata=doc("It reaches back to customers who were promised the old "
        "terms (grandfathering removed, fees on work already done): no notice makes it fair."))
    origin: str | None = field(
        default=None, metadata=doc("JSON pointer of the place where the change was made, in the "
        "document it points into, after following `$ref`s (e.g. `/components/schemas/Pet/"
        "required` for a property of a shared schema): every operation that reaches the same "
        "component change has the same origin. Where no `$ref` was followed it equals "
        "`location`; for price books, terms and events it equals `location`. Changes alike in "
        "rule, level, origin, its document and the sentence there are one entry of "
        "`Report.groups`."))

    accepted: Accepted | None = field(
        default=None, metadata=doc("Set when an acceptance (`--accept FILE`) covers the change: "
        "why, until when, and whether it has expired. Gates pass over accepted changes until "
        "then."))

    grouping: tuple[Literal["old", "new"] | None, str] | None = field(
        default=None, repr=False, metadata=INTERNAL)
    """(the document `origin` points into, the sentence that tells the change at its origin
    without naming one operation), as the diff stage states them, for `Report.groups`. Not
    part of the JSON (the groups carry both). Without it (a change built elsewhere, or read
    back from JSON) its group takes the change's own `document` and `message`."""
    facts: Any = field(default=None, repr=False, metadata=INTERNAL)
    """What the rule's sentence says, as data (see `words.py`): presentation renders the
    sentence from the rule and these, for its markup, audience and locale; `message` is the
    plain English one. Not part of the JSON yet: fact names become a contract once the
    customers' templates have settled them. None for a change built elsewhere or read back
    from JSON: presentation then reads `message`."""
    origin_facts: Any = field(default=None, repr=False, metadata=INTERNAL)
    """The facts of the sentence at the origin when they differ from `facts` (its group's)."""

    def __post_init__(self) -> None:
        _enums(self)

    def sort_key(self) -> tuple[int, str, str, str, str]:
        """Severity first, then a stable textual order, so output is byte-for-byte stable."""
        return (self.level.rank, self.operation or "", self.rule, self.location, self.message)

    def group_key(self) -> tuple[str, Level, str | None, Literal["old", "new"] | None, str]:
        """(rule, level, origin, document, message at the origin): changes that share it have
        one root cause. The sentence is in the key because one place can hold several
        changes of one rule (two values added to one enum): those stay apart."""
        document, message = self.grouping or (self.document, self.message)
        return (self.rule, self.level, self.origin, document, message)


@record(frozen=True)
class Group(Record):
    """One change at the place it was made, with every operation it reaches.

    A component schema reached through `$ref` from many operations yields one `Change` per
    operation; people read the group, machines may read either.
    """

    rule: str = field(metadata=doc("Stable rule id, as in `Change.rule`."))
    level: Level
    subject: Subject
    origin: str | None = field(metadata=doc("`Change.origin` shared by every change of the group."))
    document: Literal["old", "new"] | None = field(
        default=None, metadata=doc("Which document `origin` points into: `old` for something "
        "found only there (a removed property), `new` otherwise; null when not stated."))
    message: str = field(metadata=doc("One plain sentence about the change at its origin; it "
                         "names no single operation unless the origin is that operation's own."))
    operations: list[str] = field(
        default_factory=list, metadata=doc("The distinct operations affected, sorted (empty "
        "for changes outside operations: document level, price books, terms, events)."))
    count: int = field(metadata=doc("How many entries of `changes` the group stands for."))

    def __post_init__(self) -> None:
        _enums(self)

    def sort_key(self) -> tuple[int, str, str, str, str]:
        """Severity first, like `Change.sort_key`, then the place and the rule."""
        return (self.level.rank, self.origin or "", self.rule, self.document or "", self.message)


@record(frozen=False)
class Summary(Record):
    """Counts per level, so a gate or a badge needs no second pass over the changes."""

    breaking: int = 0
    warning: int = 0
    info: int = 0
    groups: int = field(default=0, metadata=doc("How many distinct changes (entries of "
                        "`groups`): one per root cause, however many operations it reaches."))
    accepted: int = field(default=0, metadata=doc("How many changes an unexpired acceptance "
                          "covers (they are counted in their levels too)."))

    @property
    def total(self) -> int:
        return self.breaking + self.warning + self.info


@record(frozen=False)
class Report(Record):
    """The result of one comparison: every change, sorted, with counts per level, and the
    same changes grouped by their root cause."""

    changes: list[Change] = field(default_factory=list)
    summary: Summary = field(default_factory=Summary)
    warnings: list[str] = field(
        default_factory=list, metadata=doc(
            "Problems met while comparing that did not stop it (e.g. a remote $ref "
        "that was reported, not fetched)."))
    groups: list[Group] = field(
        default_factory=list, metadata=doc("The changes grouped by root cause (rule, level, "
        "origin, document and the sentence at the origin), each with the operations it "
        "affects; sorted by severity first. Every change belongs to exactly one group."))

    @classmethod
    def from_changes(cls, changes: list[Change], warnings: list[str] | None = None) -> Report:
        """Sort and count: the one place a report is assembled."""
        unique = {(c.rule, c.level, c.operation, c.location, c.message): c for c in changes}
        ordered = sorted(unique.values(), key=Change.sort_key)
        groups = group_changes(ordered)
        summary = Summary(
            breaking=sum(c.level is Level.BREAKING for c in ordered),
            warning=sum(c.level is Level.WARNING for c in ordered),
            info=sum(c.level is Level.INFO for c in ordered),
            groups=len(groups),
            accepted=sum(c.accepted is not None and not c.accepted.expired for c in ordered),
        )
        return cls(changes=ordered, summary=summary, warnings=sorted(set(warnings or [])),
                   groups=groups)

    def at_least(self, level: Level) -> list[Change]:
        """The changes at `level` or more severe."""
        return [c for c in self.changes if c.level.rank <= level.rank]

    def blocking(self, level: Level) -> list[Change]:
        """The changes at `level` or more severe that no unexpired acceptance covers: what
        fails a gate."""
        return [c for c in self.at_least(level) if c.accepted is None or c.accepted.expired]

    def grouped(self) -> list[tuple[Group, list[Change]]]:
        """Each group with its changes, in the order of its first change in `changes` (most
        severe first), so a report whose groups are all of one change reads as `changes`.

        A change is matched to its group by `Change.group_key`; one read back from JSON (which
        does not keep the sentence at the origin) by rule, level, origin and operation (exact
        where an operation has one change of a rule at an origin, as the diff makes them). A change
        no group claims (a report built by hand without `groups`) is a group of its own, and a
        group none of `changes` belongs to is left out: every change is shown exactly once.
        """
        keyed: dict[tuple[str, Level, str | None, str | None, str], list[Group]] = {}
        for g in self.groups:  # a list: groups told apart only by characters a renderer drops
            keyed.setdefault((g.rule, g.level, g.origin, g.document, g.message), []).append(g)
        filled: dict[int, int] = {}  # (`untrusted.shown`) stay apart, each up to its count
        loose: dict[tuple[str, Level, str | None], list[tuple[Group, frozenset[str], list[str | None]]]] = {}
        for g in self.groups:
            loose.setdefault((g.rule, g.level, g.origin), []).append((g, frozenset(g.operations), []))
        members: dict[int, tuple[Group, list[Change]]] = {}
        for change in self.changes:
            same = keyed.get(change.group_key())
            group = None
            if same:
                group = next((g for g in same if filled.get(id(g), 0) < g.count), same[-1])
                filled[id(group)] = filled.get(id(group), 0) + 1
            if group is None:
                group = _loose_match(loose.get((change.rule, change.level, change.origin), []),
                                     change.operation)
            if group is None:
                (group,) = group_changes([change])
            found = members.get(id(group))
            if found is None:
                members[id(group)] = (group, [change])
            else:
                found[1].append(change)
        return list(members.values())


def _loose_match(candidates: list[tuple[Group, frozenset[str], list[str | None]]],
                 operation: str | None) -> Group | None:
    """The group a change read back from JSON belongs to, by its operation: the first group of
    its rule, level and origin that names the operation (for a change of no operation, one
    naming none, or one with more changes than operations) and has no change of it yet (two
    values added to one enum are two groups naming the same operations), else the first such
    group with room left."""
    if operation is None:
        # first a group of no operations, then one counting more changes than operations
        fits = sorted(((g, taken) for g, ops, taken in candidates),
                      key=lambda f: 0 if not f[0].operations else 1 if f[0].count > len(f[0].operations)
                      else 2)
    else:
        fits = [(g, taken) for g, ops, taken in candidates if operation in ops]
    for group, taken in fits:
        if operation not in taken and len(taken) < group.count:
            taken.append(operation)
            return group
    for group, taken in fits:
        if len(taken) < group.count:
            taken.append(operation)
            return group
    return None


def group_changes(changes: list[Change]) -> list[Group]:
    """One `Group` per `Change.group_key`, sorted; the operations of each sorted and distinct.

    Linear in the changes: 10,000 operations reaching one schema are one dictionary entry.
    """
    members: dict[tuple[str, Level, str | None, str | None, str], list[Change]] = {}
    for change in changes:
        key = change.group_key()
        found = members.get(key)
        if found is None:
            members[key] = [change]
        else:
            found.append(change)
    groups = [
        Group(rule=rule, level=level, subject=found[0].subject, origin=origin, document=document,
              message=message, operations=sorted({c.operation for c in found if c.operation}),
              count=len(found))
        for (rule, level, origin, document, message), found in members.items()]
    return sorted(groups, key=Group.sort_key)


def report_json_schema() -> dict[str, Any]:
    """The JSON Schema of the report, for consumers that validate what they parse (built by
    pydantic, which this loads)."""
    return Report.model_json_schema()
