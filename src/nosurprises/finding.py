"""What every diff stage yields, and the one judge that turns it into a `Change`.

A `Finding` is a fact about what moved, naming the `Rule` object it triggers: where, the
facts its sentence needs (`words.py`), the old and new values, and what the comparison
decided beyond the rule (a cap, a level the facts force, who it reaches). It holds no
sentence. `judge` gives it the rule's level (capped), its sentence filled with the facts and
its hint, for all four subjects alike. Keeping the two apart is what lets one schema
comparison serve every operation that reaches the schema.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from .model import Change, Level
from .rule import Rule
from .words import Code, pieces, plain

_EMPTY: Mapping[str, Any] = {}


@dataclass(frozen=True, slots=True)
class Finding:
    """A change found by a diff stage, ready to be judged."""

    rule: Rule
    location: str
    operation: str | None = None
    facts: Mapping[str, Any] = field(default_factory=dict)
    """What the rule's sentence says, as data (`words.Code`, `words.Place`, plain values)."""
    before: Any = None
    after: Any = None
    cap: Level | None = None
    """The most severe level this may have (a draft property, a plan sold to new customers
    only)."""
    level: Level | None = None
    """Overrides the rule's level when the facts decide it (a tier change that bites, the
    direction of a terms passage)."""
    item: str | None = None
    """The id of what changed when it is not an operation (a plan, a section, an event)."""
    stability: str | None = None
    """The stability level of the operation it belongs to, when stated."""
    scope: tuple[str, ...] = ()
    """The pointers of the operation it belongs to (old and new): a location inside them
    was made in that operation alone; outside, in a place other operations may share."""
    audience: list[str] | None = None
    retroactive: bool = False
    document: Literal["old", "new"] | None = None
    """Which document `location` points into when the comparison knows (price books, and an
    API keyword or field only one document writes: a removed `format` is in the old one);
    else the rule's. `location` always names a node of that document."""
    origin: Mapping[str, Any] | None = None
    """The facts of the sentence told at the change's origin, when it differs from its own
    (a shared schema named instead of one operation); the same object for every operation
    that reaches one origin, so it is told once."""
    hint: str | None = None
    """Overrides the rule's hint (a terms passage's own advice)."""


    def located(self, cap: Level | None, stability: str | None, scope: tuple[str, ...]) -> Finding:
        """The same finding with the cap, stability and pointers of its operation.

        Spelt out rather than `dataclasses.replace`, which costs ten times as much: this runs
        for every finding of a large comparison (Stripe: 8,587)."""
        return Finding(self.rule, self.location, self.operation, self.facts, self.before,
                       self.after, cap, self.level, self.item, stability, scope, self.audience,
                       self.retroactive, self.document, self.origin, self.hint)

    def told_at(self, origin: Mapping[str, Any]) -> Finding:
        """The same finding with the facts of its sentence at its origin."""
        return Finding(self.rule, self.location, self.operation, self.facts, self.before,
                       self.after, self.cap, self.level, self.item, self.stability, self.scope,
                       self.audience, self.retroactive, self.document, origin, self.hint)


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


def facts_of(finding: Finding) -> Mapping[str, Any]:
    """The facts its sentence is filled with: the operation, when it has one, is a fact."""
    if finding.operation is None or "operation" in finding.facts:
        return finding.facts
    return {"operation": Code(finding.operation), **finding.facts}


def judge(finding: Finding, told: dict[int, tuple[Mapping[str, Any], str]] | None = None) -> Change:
    """A finding becomes a change: the rule gives the level, the sentence and the hint.

    Its origin is its location; the sentence at the origin, for its group, is the change's
    own unless the finding states other facts there. `told` caches those sentences by the
    identity of their facts: ten thousand operations reaching one component change share one.
    """
    rule = finding.rule
    facts = facts_of(finding)
    message = plain(pieces(rule.message, facts))
    at_origin = message
    if finding.origin is not None:
        known = told.get(id(finding.origin)) if told is not None else None
        if known is None or known[0] is not finding.origin:
            known = (finding.origin, plain(pieces(rule.message, finding.origin, capitalize=True)))
            if told is not None:
                told[id(finding.origin)] = known
        at_origin = known[1]
    location = finding.location or "/"
    level = capped(finding.level or rule.level, finding.cap)
    # Validated construction: pydantic-core does it faster than `model_construct` does.
    return Change(
        rule=rule.id, level=level, subject=rule.subject, operation=finding.operation,
        location=location, origin=location, message=message, before=finding.before,
        after=finding.after, hint=finding.hint if finding.hint is not None else rule.hint,
        item=finding.item, stability=finding.stability, audience=finding.audience,
        retroactive=finding.retroactive, document=finding.document,
        grouping=(finding.document or rule.document, at_origin),
        facts=facts, origin_facts=finding.origin)
