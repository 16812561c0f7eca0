"""The rule catalog: every rule of every subject, by id, for the stages that look rules up.

Each subject declares its rules next to its checks (`openapi/rules.py`, `pricing/rules.py`,
`terms/rules.py`, `events/rules.py`; what a rule is: `rule.py`) and its checks name the rule
objects. This module only assembles them, so it sits after the diff stages: selection,
policy, notices, formats and the command line ask it by id (`--ignore api.schema.*`,
`rules --explain ID`), and tells a change's sentence from its rule and facts (`said`) for
the formats and notices to mark up. Rule ids are a public contract: once released an id is never renamed
or reused.
"""

from __future__ import annotations

import fnmatch
from typing import Literal

from .events.rules import RULES as _EVENTS
from .i18n import pgettext
from .model import Change, Group
from .openapi.rules import RULES as _API
from .openapi.rules import SCHEMA_KINDS as _SCHEMA_KINDS
from .openapi.rules import schema_rule_id
from .pricing.rules import RULES as _PRICING
from .rule import Effect, Rule
from .templating import code_spans
from .terms.rules import RULES as _TERMS
from .untrusted import one_line
from .words import Code, Pieces, pieces, plain

Audience = Literal["reviewer", "customer"]
"""Who reads a sentence: the provider's reviewer (reports) or the provider's customer
(notices)."""

__all__ = [
    "CATALOG",
    "SCHEMA_KINDS",
    "Effect",
    "Rule",
    "get_rule",
    "match_rules",
    "said",
    "said_at_origin",
    "schema_rule_id",
    "text",
    "todo",
]


def _catalog(*subjects: dict[str, Rule]) -> dict[str, Rule]:
    catalog: dict[str, Rule] = {}
    for rules in subjects:
        twice = catalog.keys() & rules.keys()
        if twice:
            raise ValueError(f"rule ids declared twice: {', '.join(sorted(twice))}")
        catalog.update(rules)
    return catalog


CATALOG: dict[str, Rule] = _catalog(_API, _EVENTS, _PRICING, _TERMS)
SCHEMA_KINDS: tuple[str, ...] = tuple(sk.kind for sk in _SCHEMA_KINDS)


def get_rule(rule_id: str) -> Rule:
    """The rule with that id; KeyError names it when unknown."""
    return CATALOG[rule_id]


def match_rules(pattern: str) -> list[Rule]:
    """Rules whose id matches a glob such as `api.schema.*` (sorted by id)."""
    return [CATALOG[i] for i in sorted(CATALOG) if fnmatch.fnmatchcase(i, pattern)]


def said(change: Change, locale: str = "en", audience: Audience = "reviewer") -> Pieces:
    """The change's sentence as (is_code, text) pieces, for a format to mark up its own way.

    For the `reviewer` (the provider's own people), told from its rule and facts when they
    tell its `message` (in English); a change read back from JSON, or one whose message a
    later stage extended (a verdict), has only its message, split on its backticks. For the
    `customer`, the rule's customer sentence (`Rule.customer`) with the same facts, when the
    rule has one and the change its facts. Every piece is one printable line.
    """
    rule = CATALOG.get(change.rule)
    if audience == "customer" and rule is not None and rule.customer and change.facts is not None:
        return _one_line(pieces(text(rule, "customer", locale), change.facts, locale))
    if rule is not None and change.facts is not None:
        told = pieces(rule.message, change.facts)
        if plain(told) == change.message:
            if locale == "en":
                return _one_line(told)
            return _one_line(pieces(text(rule, "message", locale), change.facts, locale))
    return tuple(code_spans(change.message))


def text(rule: Rule, field: Literal["title", "message", "customer", "todo"], locale: str = "en") -> str:
    """One of the rule's texts in `locale` (its catalog context is the rule id), else English."""
    return pgettext(rule.id, getattr(rule, field), locale)


def todo(change: Change, locale: str = "en") -> Pieces:
    """What the customer can do (`Rule.todo`), or nothing: the reviewer's hint is never
    told to a customer."""
    rule = CATALOG.get(change.rule)
    if rule is None or not rule.todo:
        return ()
    facts = change.facts if change.facts is not None else (
        {"operation": Code(change.operation)} if change.operation else {})  # built by hand
    return _one_line(pieces(text(rule, "todo", locale), facts, locale))


def customer_at_origin(change: Change, locale: str = "en") -> Pieces | None:
    """The customer's sentence about a change at its origin (a shared schema named instead
    of one operation), when the rule has one and the change its facts there."""
    rule = CATALOG.get(change.rule)
    if rule is None or not rule.customer or change.origin_facts is None:
        return None
    return _one_line(pieces(text(rule, "customer", locale), change.origin_facts, locale, capitalize=True))


def said_at_origin(group: Group, first: Change, locale: str = "en") -> Pieces:
    """The group's sentence as pieces, told from its first change's facts at the origin."""
    return told_at_origin(first, group.message, locale)


def told_at_origin(first: Change, message: str, locale: str = "en") -> Pieces:
    """`message`, the sentence of `first`'s root cause at its origin, as pieces: from the
    facts there when they tell it, from the change's own when it is its own sentence, else
    split on its backticks (in English: only facts can be said in another language)."""
    rule = CATALOG.get(first.rule)
    facts = first.origin_facts
    if rule is not None and facts is not None:
        told = pieces(rule.message, facts, capitalize=True)
        if plain(told) == message:
            if locale == "en":
                return _one_line(told)
            return _one_line(pieces(text(rule, "message", locale), facts, locale, capitalize=True))
    elif first.message == message:
        return said(first, locale)
    return tuple(code_spans(message))


def _one_line(told: Pieces) -> Pieces:
    return tuple((code, one_line(text)) for code, text in told)
