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
from .gate import audience_of
from .model import NoticeRule, Policy, window_for


class PlannedChange(BaseModel):
    change: Change
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
        planned.append(PlannedChange(
            change=change, required_min_days=window.min_days, required_max_days=window.max_days,
            policy_rules=window.rules,
            earliest_effective=add_days(announce, window.min_days, policy.days),
            latest_effective=(add_days(announce, window.max_days, policy.days)
                              if window.max_days is not None else None)))
    effective = max((p.earliest_effective for p in planned), default=announce)
    return Plan(announce=announce, effective=effective, changes=planned,
                draft=_draft(planned, announce, effective, entry_id))


def _draft(planned: list[PlannedChange], announce: dt.date, effective: dt.date,
           entry_id: str | None) -> str:
    rules = sorted({p.change.rule for p in planned})
    operations = sorted({p.change.operation for p in planned if p.change.operation})
    items = sorted({p.change.item for p in planned if p.change.item})
    covers: dict[str, list[str]] = {"rules": rules}
    if operations:
        covers["operations"] = operations
    if items:
        covers["items"] = items
    entry = {
        "id": entry_id or f"{announce.isoformat()}-changes",
        "announced": announce.isoformat(),
        "effective": effective.isoformat(),
        "channels": ["email", "changelog"],
        "audience": sorted({a for p in planned for a in audience_of(p.change)}) or ["all"],
        "summary": "TODO: one paragraph for customers: what changes, when, what to do.",
        "covers": covers,
    }
    return yaml.safe_dump({"notices": [entry]}, sort_keys=False, allow_unicode=True)
