"""Planning an announcement: given the day customers are told, when may each change ship?

`plan` answers with the earliest effective date of every change that needs notice, and a
draft ledger entry (YAML) a human reviews and commits next to the spec.
"""

from __future__ import annotations

import datetime as dt

import yaml
from pydantic import BaseModel, Field

from ..model import Change, Report
from .days import add_days
from .gate import audience_of, declared_day
from .model import Calendar, NoticeRule, Policy, window_for


class PlannedChange(BaseModel):
    change: Change
    declared_effective: dt.date | None = Field(
        default=None, description="For a declared event, the day it takes effect.")
    announce_by: dt.date | None = Field(
        default=None, description="For a declared event, the last day to announce it.")
    required_min_days: int
    required_max_days: int | None = None
    policy_rules: list[str] = Field(default_factory=list)
    earliest_effective: dt.date
    latest_effective: dt.date | None = Field(
        default=None, description="With a maximum window (California's 7-30 days), the last "
        "day the change may take effect on this announcement; later needs a new reminder.")


class Plan(BaseModel):
    announce: dt.date
    effective: dt.date = Field(description="When every planned change may ship together.")
    changes: list[PlannedChange]
    draft: str = Field(description="A draft ledger entry (YAML) for review.")


def plan(report: Report, policy: Policy, rules: list[NoticeRule], announce: dt.date,
         entry_id: str | None = None) -> Plan:
    """Earliest effective dates for an announcement on `announce`, and the ledger draft."""
    planned = []
    for change in report.changes:
        window = window_for(rules, change.rule, change.level, audience_of(change),
                            change.stability, policy.days)
        if window.min_days == 0 and window.max_days is None:
            continue
        declared = declared_day(change)
        planned.append(PlannedChange(
            change=change, required_min_days=window.min_days, required_max_days=window.max_days,
            policy_rules=window.rules, declared_effective=declared,
            announce_by=add_days(declared, -window.min_days, policy.days) if declared else None,
            earliest_effective=add_days(announce, window.min_days, policy.days),
            latest_effective=(add_days(announce, window.max_days, policy.days)
                              if window.max_days is not None else None)))
    effective = max((p.earliest_effective for p in planned if p.declared_effective is None),
                    default=announce)
    return Plan(announce=announce, effective=effective, changes=planned,
                draft=_draft(planned, announce, effective, entry_id, policy.days))


def _draft(planned: list[PlannedChange], announce: dt.date, effective: dt.date,
           entry_id: str | None, days: Calendar) -> str:
    """One entry for the diffed changes, one per declared event (each has its own date)."""
    prefix = entry_id or f"{announce.isoformat()}-changes"
    diffed = [p for p in planned if p.declared_effective is None]
    entries = []
    if diffed:
        covers: dict[str, list[str]] = {"rules": sorted({p.change.rule for p in diffed})}
        operations = sorted({p.change.operation for p in diffed if p.change.operation})
        if operations and all(p.change.operation for p in diffed):
            covers["operations"] = operations
        entries.append(_entry(prefix, announce, effective, diffed, covers))
    for p in planned:
        if p.declared_effective is not None and p.change.item:
            covers = {"rules": [p.change.rule], "items": [p.change.item]}
            day = max(p.declared_effective, p.earliest_effective)
            told = announce
            if p.required_max_days is not None:  # too far ahead: the notice goes out later
                told = max(announce, add_days(day, -p.required_max_days, days))
            entries.append(_entry(f"{prefix}-{p.change.item}", told, day, [p], covers))
    return yaml.safe_dump({"notices": entries}, sort_keys=False, allow_unicode=True)


def _entry(entry_id: str, announce: dt.date, effective: dt.date, planned: list[PlannedChange],
           covers: dict[str, list[str]]) -> dict[str, object]:
    return {
        "id": entry_id,
        "announced": announce.isoformat(),
        "effective": effective.isoformat(),
        "channels": ["email", "changelog"],
        "audience": sorted({a for p in planned for a in audience_of(p.change)}) or ["all"],
        "summary": "TODO: one paragraph for customers: what changes, when, what to do.",
        "covers": covers,
    }
