"""The no-surprises gate: was every customer-affecting change announced early enough?

For each change the policy gives a notice window; the ledger says what was announced,
when, and what each announcement covers. A change takes effect on the day it ships (`on`,
today by default), and the notice it got is counted from the announcement to that day.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import field
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from ..model import Change, Report
from ..record import doc, record
from ..rules import CATALOG
from .days import add_days, days_between
from .model import NoticeRule, Policy, Window, window_for

if TYPE_CHECKING:
    from collections.abc import Mapping

    from .ledger import Entry, Ledger
    from .proof import EntryProof


class Status(enum.StrEnum):
    COVERED = "covered"
    """Announced at least the required days ahead (and not earlier than allowed)."""
    SHORT = "short"
    """Announced, but too late, or shipping before the announced effective date."""
    TOO_EARLY = "too-early"
    """Announced further ahead than a maximum allows (California's 30-day price rule)."""
    UNANNOUNCED = "unannounced"
    """Notice is owed and no announcement covers it (or none stated the impact)."""
    EMERGENCY = "emergency"
    """Covered by an emergency announcement with a justification: allowed at once."""
    NOT_REQUIRED = "not-required"
    """The policy asks for no notice (additive and harmless changes)."""
    CONFLICT = "conflict"
    """The policy's rules leave no valid window (a minimum above a maximum): fix the policy."""
    ACCEPTED = "accepted"
    """Reviewed and accepted (`--accept FILE`) with a reason, until the acceptance expires."""


FAILING = frozenset({Status.SHORT, Status.TOO_EARLY, Status.UNANNOUNCED, Status.CONFLICT})


class Failed(BaseModel):
    """A customer an announcement did not reach, and the last error of its delivery."""

    customer: str
    error: str


SHOWN = 5
"""Customers a reason names before it counts the rest."""


class Delivered(BaseModel):
    """What the delivery journal proves of one ledger entry (`check --require-delivery`)."""

    entry: str = Field(description="The ledger entry (the notice id its outbox was written for).")
    owed: int = Field(description="Customers its outbox addressed.")
    delivered: int = Field(description="Customers a delivery reached (at least one channel succeeded).")
    last_delivered: dt.date | None = Field(
        default=None, description="The day the last owed customer was reached (UTC): the entry "
        "counts as announced from then. Null while any customer is not reached.")
    failed: list[Failed] = Field(default_factory=list,
                                 description="Customers whose every delivery failed.")
    never_sent: list[str] = Field(
        default_factory=list, description="Customers with no delivery outcome: never attempted, "
        "or interrupted so that the outcome is unknown.")

    def shortfall(self) -> str:
        """Why the entry announces nothing yet, in the words of a verdict's reason (and of the
        formats' lines): the customers not reached, a few named with why, the rest counted."""
        if not self.owed:
            return "has no recorded delivery"
        from ..words import fold

        missing = [f"{f.customer} (failed: {f.error})" for f in self.failed] + \
                  [f"{c} (never sent)" for c in self.never_sent]
        return f"did not reach {len(missing):,} of its {self.owed:,} customers: {fold(missing, SHOWN)}"


class Verdict(BaseModel):
    """The gate's answer for one change."""

    change: Change
    status: Status
    required_min_days: int
    required_max_days: int | None = None
    policy_rules: list[str] = Field(default_factory=list)
    notice: str | None = Field(default=None, description="The ledger entry that counts.")
    notice_days: int | None = None
    short_by: int | None = None
    earliest_effective: dt.date | None = Field(
        default=None, description="The first day the change may take effect.")
    reason: str


@record(frozen=False)
class CheckReport(Report):
    """A report with a verdict for each change (the JSON of `nosurprises check`)."""

    on: dt.date
    days: str = "calendar"
    verdicts: list[Verdict] = field(default_factory=list)
    gate: dict[str, int] = field(default_factory=dict, metadata=doc("Verdicts per status."))
    ledger_problems: list[str] = field(
        default_factory=list, metadata=doc("Why the ledger cannot be trusted, whatever the verdicts "
        "say (against the base revision, `--base-ref` or `--ledger-base`: entries removed, backdated "
        "or pulled in, or new entries announced before the base revision); any one fails the gate."))
    policy_problems: list[str] = field(
        default_factory=list, metadata=doc("Rule ids the policy now gives less notice than the base "
        "revision's policy did (`--base-ref` or `--policy-base`); any one fails the gate."))
    deliveries: list[Delivered] | None = field(
        default=None, metadata=doc("With `--require-delivery`: for each ledger entry, to how many of "
        "the customers it was owed to it was delivered, the day of the last delivery (from which "
        "it counts as announced), and the customers whose delivery failed or never happened (an "
        "entry with any such customer announces nothing). Null without `--require-delivery`."))

    @property
    def gate_problems(self) -> list[str]:
        """Everything that fails the gate whatever the verdicts say: the ledger's, then the policy's."""
        return self.ledger_problems + self.policy_problems

    @property
    def failed(self) -> list[Verdict]:
        """Verdicts that stop the release: not announced in time, or retroactive."""
        return [v for v in self.verdicts if v.status in FAILING
                or (v.change.retroactive and v.status is not Status.EMERGENCY)]


def audience_of(change: Change) -> list[str]:
    """Who a change reaches: as stated, else API consumers for API changes, else everyone."""
    if change.audience:
        return change.audience
    return ["api"] if change.subject.value == "api" else ["all"]


def check(report: Report, policy: Policy, rules: list[NoticeRule], ledger: Ledger | None,
          on: dt.date, proofs: Mapping[str, EntryProof] | None = None) -> CheckReport:
    """A verdict for every change of `report` under `policy`, given the `ledger`.

    With `proofs` (what delivery journals prove, by entry id), an entry counts as announced
    only once it reached every customer it was owed to, and from the day the last one was
    reached: the ledger's `announced` is then a claim the journal has to back."""
    verdicts = []
    for change in report.changes:
        window = window_for(rules, change.rule, change.level, audience_of(change),
                            change.stability, policy.days)
        entries = [e for e in ledger.notices if e.covers_change(change)] if ledger else []
        verdict = _verdict(change, window, entries, declared_day(change) or on, proofs)
        verdict = _sunset_verdict(change, rules, policy, on) or verdict
        if (verdict.status in FAILING and change.accepted is not None
                and not change.accepted.expired and not change.retroactive):
            verdict = verdict.model_copy(update={
                "status": Status.ACCEPTED,
                "reason": f"accepted: {change.accepted.reason} (without it: {verdict.reason})"})
        if change.retroactive and verdict.status is not Status.EMERGENCY:
            waived = " (an acceptance does not waive that)" if change.accepted else ""
            verdict = verdict.model_copy(update={"reason": "retroactive: it reaches back to "
                                                 "customers who were promised the old terms, "
                                                 f"which no notice makes fair{waived}; "
                                                 + verdict.reason})
        verdicts.append(verdict)
    gate = {s.value: sum(v.status is s for v in verdicts) for s in Status}
    return CheckReport(changes=report.changes, summary=report.summary, warnings=report.warnings,
                       groups=report.groups,
                       on=on, days=policy.days, verdicts=verdicts, gate=gate,
                       deliveries=None if proofs is None else _delivered(ledger, proofs))


def _delivered(ledger: Ledger | None, proofs: Mapping[str, EntryProof]) -> list[Delivered]:
    """What the journals prove of each ledger entry (entries with no journal too), by id."""
    ids = sorted({e.id for e in ledger.notices} if ledger else set())
    return [proofs[i].summary() if i in proofs else Delivered(entry=i, owed=0, delivered=0) for i in ids]


_SUNSETS = frozenset({"api.operation.sunset-added", "api.operation.sunset-earlier"})
REMOVAL = "api.operation.removed"


def _sunset_verdict(change: Change, rules: list[NoticeRule], policy: Policy, on: dt.date
                    ) -> Verdict | None:
    """A sunset set (or moved) closer than the policy allows removal after deprecation.

    The removal the sunset announces is owed the notice of `api.operation.removed` (for the
    operation's stability); counted from `on`, the day the sunset is published.
    """
    if change.rule not in _SUNSETS or not isinstance(change.after, str):
        return None
    try:
        sunset = dt.date.fromisoformat(change.after[:10])
    except ValueError:
        return None
    window = window_for(rules, REMOVAL, CATALOG[REMOVAL].level, audience_of(change),
                        change.stability, policy.days)
    earliest = add_days(on, window.min_days, policy.days)
    if sunset >= earliest:
        return None
    return Verdict(change=change, status=Status.SHORT, required_min_days=window.min_days,
                   required_max_days=window.max_days, policy_rules=window.rules,
                   short_by=days_between(sunset, earliest, policy.days), earliest_effective=earliest,
                   reason=f"the sunset {sunset} is closer than the {window.min_days} "
                          f"{_unit(policy.days)} the policy gives customers between deprecation "
                          f"and removal; the earliest sunset is {earliest}")


def declared_day(change: Change) -> dt.date | None:
    """The day a declared event takes effect (events say when; diffs ship on `on`)."""
    if change.subject.value != "event" or not isinstance(change.after, str):
        return None
    try:
        return dt.date.fromisoformat(change.after[:10])
    except ValueError:
        return None


def _verdict(change: Change, window: Window, entries: list[Entry], on: dt.date,
             proofs: Mapping[str, EntryProof] | None) -> Verdict:
    base = {"change": change, "required_min_days": window.min_days,
            "required_max_days": window.max_days, "policy_rules": window.rules}
    if window.min_days == 0 and window.max_days is None:
        return Verdict(**base, status=Status.NOT_REQUIRED, reason="no notice is required")
    if window.empty:
        return Verdict(**base, status=Status.CONFLICT,
                       reason=f"the policy asks for {_needs(window)}, which no date satisfies "
                              f"(rules: {', '.join(window.rules)})")
    if not entries:
        return Verdict(**base, status=Status.UNANNOUNCED,
                       reason=f"needs {_needs(window)}; no announcement covers it")
    options = [_judge_entry(window, entry, on, proofs) for entry in entries]
    best = min(options, key=lambda v: (_RANK[v["status"]], v.get("short_by") or 0, v["notice"]))
    return Verdict(**base, **best)


_RANK = {Status.COVERED: 0, Status.EMERGENCY: 1, Status.TOO_EARLY: 2, Status.SHORT: 3,
         Status.UNANNOUNCED: 4}
"""Which of several covering announcements counts: the one that serves the change best."""


def _judge_entry(window: Window, entry: Entry, on: dt.date,
                 proofs: Mapping[str, EntryProof] | None) -> dict:
    days = window.days
    announced, told = entry.announced, ""
    if proofs is not None:
        proof = proofs.get(entry.id)
        if proof is None or proof.last_delivered is None:
            why = proof.summary().shortfall() if proof else "has no recorded delivery"
            return {"notice": entry.id, "notice_days": None, "status": Status.UNANNOUNCED,
                    "reason": f"announcement {entry.id} {why} (--require-delivery); needs {_needs(window)}"}
        announced, count = proof.last_delivered, proof.owed_count
        told = f" (delivered to {count:,} customer{'s' if count != 1 else ''} by {announced})"
    counted = days_between(announced, on, days)
    found: dict = {"notice": entry.id, "notice_days": counted}
    if entry.emergency:
        return {**found, "status": Status.EMERGENCY,
                "reason": f"emergency announcement {entry.id}: {entry.justification}"}
    if not entry.states_impact:
        return {**found, "status": Status.UNANNOUNCED, "notice_days": None,
                "reason": f"announcement {entry.id} did not state the impact (price, quota or "
                          f"date), so it does not start the clock; needs {_needs(window)}"}
    earliest = max(add_days(announced, window.min_days, days), entry.effective)
    if on < entry.effective:
        return {**found, "status": Status.SHORT, "short_by": days_between(on, entry.effective, days),
                "earliest_effective": earliest,
                "reason": f"takes effect {on}, before the date announced in {entry.id} "
                          f"({entry.effective})"}
    if counted < window.min_days:
        return {**found, "status": Status.SHORT, "short_by": window.min_days - counted,
                "earliest_effective": earliest,
                "reason": f"announced {counted} {_unit(days)} ahead in {entry.id}{told}; needs "
                          f"{_needs(window)}"}
    if window.max_days is not None and counted > window.max_days:
        return {**found, "status": Status.TOO_EARLY,
                "reason": f"announced {counted} {_unit(days)} ahead in {entry.id}{told}; must be at "
                          f"most {window.max_days} (a reminder closer to the date is owed)"}
    return {**found, "status": Status.COVERED,
            "reason": f"announced {counted} {_unit(days)} ahead in {entry.id}{told}; needs "
                      f"{_needs(window)}"}


def _unit(days: str) -> str:
    return "business days" if days == "business" else "days"


def _needs(window: Window) -> str:
    unit = _unit(window.days)
    if window.max_days is None:
        return f"at least {window.min_days} {unit}"
    return f"{window.min_days} to {window.max_days} {unit}"
