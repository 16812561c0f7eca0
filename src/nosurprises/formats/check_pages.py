"""`check` as an HTML page and as JUnit XML: the verdicts themselves, not a report relabelled.

The gate's answer (may this ship?) and a change's level (how much it hurts) are two facts: a
deprecation announced too late may not ship, and it stays a `warning`. Each page is titled
with what was checked (both documents) and the day it was judged for, and a check whose
changes owe no notice says so ("14 changes, none need notice"), never "No changes found".
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from ..policy.gate import CheckReport, Status, Verdict
from ..rules import said, said_at_origin
from ..templating import environment, spans
from ..untrusted import presents
from .check import _ORDER, gate_verdict, verdict_entries
from .entries import FOLD, Entry, affects, entry_places
from .github import source_path
from .html import page_title
from .junit import _DECLARATION, _xml
from .text import heading_count

SUITE = "nosurprises check"
CLASS = "nosurprises"
"""Test cases are classed as `diff --format junit`'s are, so a CI view groups them alike."""


@dataclass(frozen=True)
class VerdictRow:
    """One verdict entry as the page shows it: the change's own level beside its verdict."""

    status: str
    level: str
    what: str
    first: tuple[str, ...]
    rest: tuple[str, ...]
    message: list[tuple[bool, str]]
    reason: str
    earliest: str
    rule: str
    location: str
    place: str = ""
    """`FILE:LINE` of the change in the document it points into, when the line is known."""


def judged(report: CheckReport) -> str:
    """`14 changes: 3 unannounced, 2 covered, 9 need no notice`, `14 changes, none need
    notice`, or `No changes found`: every change judged, by verdict."""
    n = len(report.verdicts)
    if not n:
        return "No changes found"
    changes = f"{n} change{'s' if n != 1 else ''}"
    counts = {status: sum(v.status is status for v in report.verdicts) for status in _ORDER}
    if counts[Status.NOT_REQUIRED] == n:
        return f"{changes}, none need notice"
    told = [f"{k} {status.value}" for status, k in counts.items() if k and status is not Status.NOT_REQUIRED]
    if counts[Status.NOT_REQUIRED]:
        told.append(f"{counts[Status.NOT_REQUIRED]} need no notice")
    return f"{changes}: {', '.join(told)}"


Items = list[tuple[Verdict, Entry]]


def _shown(report: CheckReport, detail: str) -> tuple[Items, Items, set[int]]:
    """The verdict entries that may not ship and those that may (announced in time), in the
    order of `_ORDER`; a change that needs no notice is left out unless it fails the gate
    (a retroactive one)."""
    failed = {id(v) for v in report.failed}
    blocked: Items = []
    allowed: Items = []
    for status in _ORDER:
        of_status = [v for v in report.verdicts if v.status is status]
        for fails in (True, False):
            chosen = [v for v in of_status if (id(v) in failed) is fails]
            if chosen and (fails or status is not Status.NOT_REQUIRED):
                (blocked if fails else allowed).extend(verdict_entries(chosen, detail))
    return blocked, allowed, failed


def _row(v: Verdict, e: Entry, place: tuple[str | None, int | None] = (None, None)) -> VerdictRow:
    c = e.single
    ops = e.group.operations
    if c is not None:
        what, first, rest = c.operation or c.item or "", (), ()
    else:
        what = f"{len(ops)} operation{'s' if len(ops) != 1 else ''}" if ops else f"{e.group.count} changes"
        first, rest = tuple(ops[:FOLD]), tuple(ops[FOLD:])
    return VerdictRow(status=v.status.value, level=v.change.level.value, what=what, first=first, rest=rest,
                      message=spans(said(c) if c is not None else said_at_origin(e.group, e.changes[0])),
                      reason=v.reason, earliest=str(v.earliest_effective or ""), rule=v.change.rule,
                      location=(c.location if c is not None else e.group.origin) or "",
                      place=f"{place[0]}:{place[1]}" if place[0] and place[1] else "")


def _places(items: Items, source: str | None, old: str | None) -> list[tuple[str | None, int | None]]:
    """Where each entry is (the file and line annotations use), when a document is named."""
    if source is None and old is None:
        return [(None, None)] * len(items)
    return entry_places([e for _, e in items], source, old)


@presents
def check_html(report: CheckReport, source: str | None = None, old: str | None = None, *,
               detail: str = "groups") -> str:
    """The check as a page: titled with both documents and the day; the gate's answer; what
    may not ship, then what may (each with the change's own level); the gate's problems."""
    blocked, allowed, _ = _shown(report, detail)
    failing = bool(report.failed or report.gate_problems)
    template = environment(True).get_template("check.html.j2")
    return template.render(
        title=page_title("nosurprises check", old, source, report.on), source=source, old=old,
        on=report.on, verdict=gate_verdict(report) if failing else "Every change may ship",
        failing=failing, judged=judged(report), problems=report.gate_problems,
        sections=[(name, heading_count([e for _, e in items]),
                   [_row(v, e, at) for (v, e), at in zip(items, _places(items, source, old), strict=True)])
                  for name, items in (("May not ship yet", blocked),
                                      ("May ship (announced in time)", allowed)) if items],
        warnings=report.warnings)


@presents
def check_junit(report: CheckReport, source: str | None = None, old: str | None = None, *,
                detail: str = "groups") -> str:
    """One test case per verdict entry that needs notice: a failure when it may not ship
    (its type the verdict), passing when announced in time; a failing case per problem of
    the ledger or the policy. The change's level is stated as it is, never raised."""
    blocked, allowed, _ = _shown(report, detail)
    cases = len(blocked) + len(allowed) + len(report.gate_problems) or 1
    failures = len(blocked) + len(report.gate_problems)
    counts = {"tests": str(cases), "failures": str(failures), "errors": "0", "skipped": "0"}
    root = ET.Element("testsuites", {"name": SUITE, **counts})
    suite = ET.SubElement(root, "testsuite", {"name": _xml(page_title(SUITE, old, source, report.on)),
                                              **counts})
    props = ET.SubElement(suite, "properties")
    for name, value in (("old", old), ("new", source), ("on", str(report.on))):
        if value:
            ET.SubElement(props, "property", {"name": name, "value": _xml(value)})
    for kind, problems in (("ledger rewritten", report.ledger_problems),
                           ("policy weakened", report.policy_problems)):
        for i, problem in enumerate(problems):
            case = ET.SubElement(suite, "testcase", {"classname": CLASS, "name": f"{kind} {i + 1}"})
            failure = ET.SubElement(case, "failure", {"type": kind, "message": _xml(problem)})
            failure.text = _xml(f"{gate_verdict(report)}: {problem}")
    for fails, items in ((True, blocked), (False, allowed)):
        for (v, e), at in zip(items, _places(items, source, old), strict=True):
            _case(suite, v, e, fails, at)
    if not (blocked or allowed or report.gate_problems):
        ET.SubElement(suite, "testcase", {"classname": CLASS, "name": _xml(judged(report))})
    if report.warnings:
        err = ET.SubElement(suite, "system-err")
        err.text = "\n".join(_xml(f"note: {w}") for w in report.warnings)
    ET.indent(root, space="  ")
    return _DECLARATION + ET.tostring(root, encoding="unicode") + "\n"


def _case(suite: ET.Element, v: Verdict, e: Entry, fails: bool,
          at: tuple[str | None, int | None] = (None, None)) -> None:
    """A verdict's test case; `file` and `line` (as pytest writes them, and CI views read)
    where the change is, when known."""
    c = e.single
    where = (c.location if c is not None else e.group.origin) or ""
    name = f"{v.change.rule} {where}"
    classname = f"{CLASS}.{v.change.subject}" + (f".{c.operation}" if c is not None and c.operation else "")
    located = {**({"file": _xml(source_path(at[0]))} if at[0] else {}),
               **({"line": str(at[1])} if at[1] else {})}
    case = ET.SubElement(suite, "testcase", {"classname": _xml(classname), "name": _xml(name), **located})
    message = c.message if c is not None else f"{e.group.message} It {affects(e)}."
    lines = [f"[{v.change.level.value}] {message}", f"at {where}", f"{v.status.value}: {v.reason}"]
    if v.earliest_effective:
        lines.append(f"Earliest effective date: {v.earliest_effective}")
    if fails:
        told = f"{message} [{v.status.value}: {v.reason}]"
        failure = ET.SubElement(case, "failure", {"type": v.status.value, "message": _xml(told)})
        failure.text = _xml("\n".join(lines))
    else:
        out = ET.SubElement(case, "system-out")
        out.text = _xml("\n".join(lines))
