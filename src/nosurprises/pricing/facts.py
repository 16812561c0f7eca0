"""The facts every price book sentence states, and how a check states them.

Every pricing rule's sentence names the plan (`{item}`) and most name the old and new values
(`{before}`, `{after}`), which are also the change's `before` and `after`. `found` states
those once, so each check adds only what its own sentence needs. The facts are data for
`words.py`: ids as `Code`, amounts as the text customers read, the parts of a sentence that
depend on the book's values as `Phrase`s of the templates in `rules.py`; no sentence is
written here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel

from ..finding import Finding
from ..model import Level
from ..rule import Rule
from ..words import Code, Listing, Phrase, Term, plain, show, word
from .rules import METERED, MOVED


def written_at(o: BaseModel, o_ptr: str, n: BaseModel, n_ptr: str, key: str
               ) -> tuple[str, Literal["old", "new"]]:
    """Where field `key` of an entry in both books is written: (pointer, document).

    In the new book when it writes the field; else in the old one, which alone does (a plan
    that was `available: false` and now leaves it out, which means true); else, when
    neither writes it (a default on both sides), the new entry itself: the nearest place
    there is.
    """
    if key in n.model_fields_set:
        return f"{n_ptr}/{key}", "new"
    if key in o.model_fields_set:
        return f"{o_ptr}/{key}", "old"
    return n_ptr, "new"


def found(rule: Rule, location: str, item: str, facts: Mapping[str, Any] | None = None,
          before: Any = None, after: Any = None, *,
          document: Literal["old", "new"] = "new", cap: Level | None = None,
          level: Level | None = None, audience: list[str] | None = None) -> Finding:
    """A finding about plan `item`: its facts are the plan, `before`, `after`, then `facts`
    (which may say `before`/`after` otherwise: a limit's value with its thousands separator).

    `before` and `after` are facts too (a `Phrase`, a `Term`); the change's `before` and
    `after` in the JSON keep the words they have always had (`in_words`).

    `document` is always stated: a price book location points into the book the comparison
    names, and `Report.groups` keys on it.
    """
    return Finding(rule, location,
                   facts={"item": Code(item), "before": before, "after": after, **(facts or {})},
                   before=in_words(before), after=in_words(after), cap=cap, level=level,
                   item=item, audience=audience, document=document)


def in_words(value: Any) -> Any:
    """A `before`/`after` fact as the JSON report keeps it: the plain English words it has
    always read (`year (billed monthly)`, `included`), a plain value as it is. The JSON
    contract keeps its words; only the sentences are told from the facts."""
    if isinstance(value, Term):
        return word(value)
    if isinstance(value, Phrase | Listing):
        return plain(tuple(show(value)))
    return value


def audience(values: list[str] | None) -> Any:
    """Who a plan is sold to: everyone (no audience stated), nobody, or the audiences."""
    if values is None:
        return Term("everyone")
    return Listing(tuple(values), ",", Term("nobody"))


def metered(item: str, usage_id: str) -> Phrase:
    """The plan and one of its metered prices, where a plan's sentence speaks of the price."""
    return Phrase(METERED, {"item": Code(item), "usage": Code(usage_id)})


def moved(value: Any, old: str, new: str) -> Any:
    """`value` (a plan, or a phrase naming it) naming the plan `new` as reached from `old`:
    the customers of `old` are moved to `new`, whose own customers may see other changes."""
    if isinstance(value, Code) and value == new:
        return Phrase(MOVED, {"old": Code(old), "new": Code(new)})
    if isinstance(value, Phrase) and "item" in value.facts:
        return Phrase(value.template, {**value.facts, "item": moved(value.facts["item"], old, new)})
    return value
