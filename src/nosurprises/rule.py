"""What a rule is: one kind of change, with what it means, declared by the subject that finds it.

Each subject declares its rules next to its checks (`openapi/rules.py`, `pricing/rules.py`,
`terms/rules.py`, `events/rules.py`) as `Rule` objects, and its checks name the object, so a
wrong name fails when the module is imported, not when a change is found. `rules.py`
assembles the catalog from them for the stages that look rules up by id (selection, policy,
formats). Rule ids are a public contract: once released an id is never renamed or reused.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Literal

from .model import Level, Subject

B, W, I = Level.BREAKING, Level.WARNING, Level.INFO


class Effect(enum.StrEnum):
    """What a rule's change does to the thing it names, for later stages to ask instead of
    reading the id (`api.operation.removed` -> `removal`)."""

    REMOVAL = "removal"
    ADDITION = "addition"
    DEPRECATION = "deprecation"
    STABILITY = "stability"
    """The element's stability level (alpha, beta) changed: a stability cap must not apply."""
    PASSAGE = "passage"
    """A passage of a terms document on one topic."""
    SECTION = "section"
    """A section of a terms document added, removed, moved or renamed."""
    EVENT = "event"
    CHANGE = "change"


@dataclass(frozen=True)
class Rule:
    """One kind of change, documented the way ruff documents its rules.

    `message` is the reviewer's sentence with `{facts}` to fill (see `words.py`); `why`,
    `hint` and `example` are what `nosurprises rules --explain` prints; `customer` and
    `todo` are what the provider's notice tells its customers. `scope`, `effect`
    and `document` are metadata later stages ask (which notice headers an operation gets,
    where an annotation points); left out, they are derived from the id here, in the one
    place that reads an id.
    """

    id: str
    level: Level
    title: str
    message: str
    why: str
    hint: str
    example: str
    subject: Subject = Subject.API
    scope: str = ""
    """What the change is to: `operation`, `parameter`, `schema`, `plan`, `section`, the
    topic of a terms passage, the kind of an event ..."""
    effect: Effect | None = None
    document: Literal["old", "new"] = "new"
    """The document the location of its changes points into when a change does not say
    (`Change.document`): the old one for what only the old document has."""
    direction: Literal["request", "response"] | None = None
    """For schema rules: whether the schema is what clients send or what they receive."""
    customer: str = ""
    """The sentence a customer reads in the provider's notice, before the change takes
    effect: the provider's voice ("we"), the future tense, the same `{facts}` as `message`,
    no jargon a customer of the API, the price list or the service would not use."""
    todo: str = ""
    """What the customer can do, said by the provider (`{facts}` allowed): the reviewer's
    `hint` is advice to the provider's own engineers and never reaches a customer."""

    def __post_init__(self) -> None:
        parts = self.id.split(".")
        if not self.scope:
            object.__setattr__(self, "scope", parts[1])
        if self.effect is None:
            object.__setattr__(self, "effect", _effect(self.subject, parts[1], parts[-1]))


def _effect(subject: Subject, scope: str, last: str) -> Effect:
    if subject is Subject.EVENT:
        return Effect.EVENT
    if subject is Subject.TERMS:
        if scope == "section":
            return Effect.SECTION
        return Effect.PASSAGE if last == "changed" else Effect.CHANGE
    if "stability-" in last:
        return Effect.STABILITY
    if "removed" in last:
        return Effect.REMOVAL
    if "deprecat" in last or "sunset" in last:
        return Effect.DEPRECATION
    if "added" in last or last == "reactivated":
        return Effect.ADDITION
    return Effect.CHANGE


def by_id(rules: list[Rule]) -> dict[str, Rule]:
    """A subject's rules by id; two rules with one id fail here, at import."""
    found: dict[str, Rule] = {}
    for rule in rules:
        if rule.id in found:
            raise ValueError(f"two rules have the id {rule.id}")
        found[rule.id] = rule
    return found

