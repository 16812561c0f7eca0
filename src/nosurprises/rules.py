"""The rule catalog: every rule of every subject, by id, for the stages that look rules up.

Each subject declares its rules next to its checks (`openapi/rules.py`, `pricing/rules.py`,
`terms/rules.py`, `events/rules.py`; what a rule is: `rule.py`) and its checks name the rule
objects. This module only assembles them, so it sits after the diff stages: selection,
policy, notices, formats and the command line ask it by id (`--ignore api.schema.*`,
`rules --explain ID`). Rule ids are a public contract: once released an id is never renamed
or reused.
"""

from __future__ import annotations

import fnmatch

from .events.rules import RULES as _EVENTS
from .openapi.rules import RULES as _API
from .openapi.rules import SCHEMA_KINDS as _SCHEMA_KINDS
from .openapi.rules import schema_rule_id
from .pricing.rules import RULES as _PRICING
from .rule import Effect, Rule
from .terms.rules import RULES as _TERMS

__all__ = ["CATALOG", "SCHEMA_KINDS", "Effect", "Rule", "get_rule", "match_rules", "schema_rule_id"]


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
