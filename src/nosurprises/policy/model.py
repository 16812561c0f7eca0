"""Notice policy: how many days of notice each kind of change is owed.

A policy is a list of rules; each says which changes it applies to (rule-id glob, level,
audience, stability) and the notice window it demands: at least `min_days` before the
change takes effect and, where a law caps it (California's 7-30 day price-change window),
at most `max_days`. Where several rules apply, the longest minimum and the shortest maximum
win. Policies extend packs shipped with the library (see `packs/`).
"""

from __future__ import annotations

import fnmatch
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..fields import DayCount
from ..model import Level

Calendar = Literal["calendar", "business"]


class NoticeRule(BaseModel):
    """One notice requirement and the changes it applies to."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="A name for the requirement, e.g. `api.ga.breaking`.")
    match: list[str] = Field(default_factory=lambda: ["*"],
                             description="Rule-id globs of the changes it applies to.")
    level: list[Level] | None = Field(default=None, description="Only changes at these levels.")
    audience: list[str] | None = Field(
        default=None, description="Only changes reaching one of these audiences "
        "(e.g. `all`, `paying`, `eu-business`, `ca-consumers`, `api`).")
    stability: list[str] | None = Field(
        default=None, description="Only changes to elements at these stability levels "
        "(`draft`, `alpha`, `beta`, `stable`; elements without a level count as `stable`).")
    min_days: DayCount = Field(description="Notice needed at least this many days ahead.")
    max_days: DayCount | None = Field(default=None,
                                      description="Notice given at most this many days ahead.")
    source: str | None = Field(default=None, description="Where the number comes from.")
    policy_choice: bool = Field(default=False, description="True when no law or published "
                                "provider norm sets the number: it is our proposal.")

    @model_validator(mode="after")
    def _window_is_a_window(self) -> NoticeRule:
        if self.max_days is not None and self.max_days < self.min_days:
            raise ValueError(f"max_days ({self.max_days}) is below min_days ({self.min_days})")
        return self

    def applies(self, rule: str, level: Level, audience: list[str], stability: str | None) -> bool:
        """Whether a change with these properties is owed this rule's notice."""
        if not any(fnmatch.fnmatchcase(rule, pattern) for pattern in self.match):
            return False
        if self.level is not None and level not in self.level:
            return False
        if self.audience is not None and not _reaches(audience, self.audience):
            return False
        return self.stability is None or (stability or "stable") in self.stability


def _reaches(change_audience: list[str], rule_audience: list[str]) -> bool:
    """A change for everyone reaches every group; a rule for everyone covers every change."""
    reach = set(change_audience)
    return "all" in reach or "all" in rule_audience or bool(reach & set(rule_audience))


class Policy(BaseModel):
    """A policy as written: packs it extends, and its own rules (which come last)."""

    model_config = ConfigDict(extra="forbid")

    extends: list[str] = Field(default_factory=lambda: ["default"],
                               description="Packs whose rules apply too, e.g. `[default, eu-p2b]`.")
    days: Calendar = Field(default="calendar", description="Count calendar or business days.")
    rules: list[NoticeRule] = Field(default_factory=list)
    tell_everyone: list[str] = Field(
        default_factory=list, description="Rule-id globs of the changes every customer in a "
        "notice's audience is told of, whatever their usage (`notice --requests` otherwise tells "
        "each customer only the API changes to operations they call); changes without an "
        "operation (prices, terms, events, servers) always reach everyone.")

    def tells_everyone(self, rule: str) -> bool:
        """Whether a change by `rule` goes to every customer, targeted or not."""
        return any(fnmatch.fnmatchcase(rule, pattern) for pattern in self.tell_everyone)


class PolicyFile(BaseModel):
    """`nosurprises.yaml` as written: the `policy:` mapping, and the options of commands
    (`options:`, `diff:`, ...; checked by `config.py`).

    `[tool.nosurprises]` in `pyproject.toml` has the same shape. Other keys are refused,
    not ignored: a misspelt `polciy:` would otherwise leave the default pack in force.
    """

    model_config = ConfigDict(extra="forbid", title="nosurprises.yaml")

    policy: Policy = Field(description="The notice policy.")
    options: dict[str, Any] | None = Field(default=None, description="Options of every command "
                                           "that has them, spelt as the flags without dashes "
                                           "(docs/cli.md#configuration-file).")
    diff: dict[str, Any] | None = Field(default=None, description="Options of `diff` only.")
    check: dict[str, Any] | None = Field(default=None, description="Options of `check` only.")
    plan: dict[str, Any] | None = Field(default=None, description="Options of `plan` only.")
    notice: dict[str, Any] | None = Field(default=None, description="Options of `notice` only.")


class Window(BaseModel):
    """The notice a change is owed, and the rules that set it."""

    min_days: int = 0
    max_days: int | None = None
    rules: list[str] = Field(default_factory=list)
    days: Calendar = "calendar"

    @property
    def empty(self) -> bool:
        return self.max_days is not None and self.max_days < self.min_days


def window_for(rules: list[NoticeRule], rule: str, level: Level, audience: list[str],
               stability: str | None, days: Calendar = "calendar") -> Window:
    """Longest minimum and shortest maximum of every rule that applies."""
    applying = [r for r in rules if r.applies(rule, level, audience, stability)]
    maxima = [r.max_days for r in applying if r.max_days is not None]
    return Window(min_days=max((r.min_days for r in applying), default=0),
                  max_days=min(maxima) if maxima else None,
                  rules=[r.id for r in applying], days=days)
