"""Presentation of `nosurprises check` and `plan`: what may ship, what needs notice first."""

from __future__ import annotations

import orjson

from ..model import Level, Report
from ..policy.gate import FAILING, CheckReport, Status, Verdict
from ..policy.plan import Plan
from ..untrusted import presents, shown
from .budget import JOB_SUMMARY, check_budget, fit, human_size, size, tighter
from .color import FAIL, PASS, STYLE, paint
from .entries import Entry, affects, check_detail, entry_of, entry_places
from .github import PER_LEVEL, Annotation, where, within_limits
from .markdown import md_escape, operations_cell
from .text import heading_count

ABOUT: dict[str, str] = {
    "text": "For a terminal or a CI log: the verdicts by status, what may not ship first, then "
            "the day's counts and the gate's answer in one sentence.",
    "json": "For machines: every change with its verdict, reason and earliest effective date, "
            "keys sorted; its schema is `nosurprises schema check`.",
    "markdown": "For a pull-request comment or GitHub's job summary: the gate's answer, then a "
                "table of the verdicts that need notice, what may not ship first; held to a size budget.",
    "github": "For GitHub Actions: the gate's summary, then a change that may not ship as an "
              "`::error` naming its verdict and reason, one announced in time as a `::notice`; at "
              f"most {PER_LEVEL} of each.",
    "sarif": "For code scanning: a change that may not ship is an `error` result, an emergency "
             "a `warning`, one that may ship a `note`, each message ending `[verdict: reason]`.",
    "junit": "For CI test views: a change that may not ship is a failed test case (its `type` "
             "the verdict), one announced in time a passing case; the suite is named for what "
             "was checked and the day.",
    "html": "For a CI artifact or a review: a page titled with both documents and the day, the "
            "gate's answer, then \"May not ship yet\" and \"May ship\".",
}
"""What each format of `check` is for: the docs' format reference is generated from it. Changes
that need no notice are left out of `sarif`, `junit` and `html`."""

PLAN_ABOUT: dict[str, str] = {
    "text": "For a person: the day the changes may ship, each change's earliest effective date "
            "and notice window, then the draft ledger entry to review.",
    "json": "For machines: the plan as data, the draft ledger entry included.",
}
"""What each format of `plan` is for (the docs' format reference)."""

_ORDER = [Status.CONFLICT, Status.UNANNOUNCED, Status.SHORT, Status.TOO_EARLY, Status.EMERGENCY,
          Status.ACCEPTED, Status.COVERED, Status.NOT_REQUIRED]


def verdict_entries(verdicts: list[Verdict], detail: str = "groups") -> list[tuple[Verdict, Entry]]:
    """The verdicts as entries, in their order: with `detail` `groups`, the verdicts of the
    changes of one root cause that got the same answer (status, reason, dates, announcement)
    are one entry, told by the first of them; `operations`: one entry per verdict."""
    if check_detail(detail) == "operations":
        return [(v, entry_of([v.change])) for v in verdicts]
    buckets: dict[tuple[object, ...], list[Verdict]] = {}
    for v in verdicts:
        key = (v.change.group_key(), v.change.retroactive, v.status, v.reason,
               v.earliest_effective, v.notice, v.short_by)
        buckets.setdefault(key, []).append(v)
    return [(found[0], entry_of([v.change for v in found])) for found in buckets.values()]


def _verdict_lines(v: Verdict, e: Entry, rule: str) -> list[str]:
    c = e.single
    lines = [f"  {rule} {c.message if c else e.group.message}"]
    if c is None:
        lines.append(f"      {affects(e)}")
    lines.append(f"      {v.reason}")
    if v.earliest_effective:
        lines.append(f"      earliest effective date: {v.earliest_effective}")
    return lines


@presents
def check_text(report: CheckReport, *, color: bool = False, detail: str = "groups") -> str:
    """`color`: what may not ship in red, emergencies yellow, what may ship dim (a terminal).
    `detail`: `groups` (verdicts of one root cause with one answer told once) or `operations`."""
    lines = []
    for status in _ORDER:
        verdicts = [v for v in report.verdicts if v.status is status]
        if not verdicts or status is Status.NOT_REQUIRED:
            continue
        items = verdict_entries(verdicts, detail)
        style = STYLE[Level.BREAKING if status in FAILING else
                      Level.WARNING if status in (Status.EMERGENCY, Status.ACCEPTED) else Level.INFO]
        count = heading_count([e for _, e in items])
        lines.append(paint(f"{status.value.upper()} ({count})", style, color))
        for v, e in items:
            lines += _verdict_lines(v, e, paint(f"[{v.change.rule}]", style, color))
        lines.append("")
    counts = ", ".join(f"{n} {s}" for s, n in report.gate.items() if n)
    for title, problems in (("LEDGER REWRITTEN", report.ledger_problems),
                            ("POLICY WEAKENED", report.policy_problems)):
        if problems:
            lines.append(paint(f"{title} ({len(problems)})", FAIL, color))
            lines += [f"  {problem}" for problem in problems]
            lines.append("")
    lines += delivery_lines(report, color)
    lines.append(f"On {report.on}: {counts or 'no changes'}.")
    failing = bool(report.failed or report.gate_problems)
    lines.append(paint(gate_verdict(report) + ".", FAIL if failing else PASS, color))
    return "\n".join(lines) + "\n"


def delivery_lines(report: CheckReport, color: bool = False) -> list[str]:
    """With `--require-delivery`: each ledger entry, to how many of its customers it was
    delivered, and every customer it did not reach (failed, with the error; never sent)."""
    if report.deliveries is None:
        return []
    lines = [paint(f"DELIVERIES ({len(report.deliveries)})", STYLE[Level.INFO], color)]
    for d in report.deliveries:
        if not d.owed:
            lines.append(f"  {d.entry}: no recorded delivery")
            continue
        when = f", the last on {d.last_delivered}" if d.last_delivered else ""
        lines.append(f"  {d.entry}: delivered to {d.delivered:,} of {d.owed:,} customer(s){when}")
        lines += [paint(f"    not reached: {f.customer} (failed: {f.error})", FAIL, color) for f in d.failed]
        lines += [paint(f"    not reached: {c} (never sent)", FAIL, color) for c in d.never_sent]
    return [*lines, ""]


def undelivered(report: CheckReport) -> list[str]:
    """One line per ledger entry that did not reach every customer it was owed to."""
    return [f"{d.entry} {d.shortfall()}" for d in report.deliveries or []
            if d.failed or d.never_sent or not d.owed]


def gate_verdict(report: CheckReport) -> str:
    """The gate's answer in one sentence: a rewritten ledger or a weakened policy fails it
    whatever the verdicts say."""
    failed = len(report.failed)
    why = []
    if report.ledger_problems:
        why.append(f"the ledger was rewritten ({len(report.ledger_problems)} problem(s), "
                   "restore the entries)")
    if report.policy_problems:
        why.append(f"the policy gives less notice than the base revision's ({len(report.policy_problems)} "
                   "problem(s))")
    if why:
        changes = f"; besides, {failed} change(s) may not ship yet" if failed else ""
        return f"Nothing may ship: {' and '.join(why)}{changes}"
    return f"{failed} change(s) may not ship yet" if failed else "Every change may ship"


def check_json(report: CheckReport) -> str:
    return orjson.dumps(report.model_dump(mode="json"),
                        option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode() + "\n"


@presents
def check_markdown(report: CheckReport, *, detail: str = "groups", budget: int | None = JOB_SUMMARY) -> str:
    """The gate, then a table of the verdicts that need notice, what may not ship first;
    `budget`: the most bytes it may take (None: no limit), rows left out from the end of the
    table past it (what may ship first), then the gate's problems from their end, and said so."""
    check_budget(budget)
    head = ["## Notice check", "", f"On {report.on}: " + (
        f"**{gate_verdict(report)}.**" if report.failed or report.gate_problems
        else "every change may ship."), ""]
    problems = [f"- {md_escape(problem)}" for problem in report.gate_problems + undelivered(report)]
    shown = [v for v in report.verdicts if v.status is not Status.NOT_REQUIRED]
    rows: list[tuple[Status, int, str]] = []
    for status in _ORDER:
        for v, e in verdict_entries([v for v in shown if v.status is status], detail):
            verdict = f"**{v.status.value}**" if v.status in FAILING else v.status.value
            what = (md_escape(v.change.message) if e.single is not None else
                    f"{md_escape(e.group.message)}<br>{operations_cell(e)}")
            rows.append((status, len(e.changes), f"| {verdict} | {what} | "
                                                 f"{md_escape(v.reason)} | {v.earliest_effective or ''} |"))

    def render(kept_problems: int, kept_rows: int) -> str:
        lines = list(head)
        if problems:
            lines += problems[:kept_problems]
            if kept_problems < len(problems):
                left = len(problems) - kept_problems
                lines += ["", f"*{left}{' more' if kept_problems else ''} problem{'s' if left != 1 else ''} "
                          f"left out to stay under {human_size(budget or 0)} (--budget); --format text "
                          "lists every one.*"]
            lines.append("")
        if kept_rows:
            lines += ["| Verdict | Change | Why | Earliest |", "|---|---|---|---|"]
            lines += [row for _, _, row in rows[:kept_rows]]
        if kept_rows < len(rows):
            lines += [""] * bool(kept_rows) + [_rows_left(rows[kept_rows:], bool(kept_rows), budget or 0)]
        return "\n".join(lines) + "\n"

    text = render(len(problems), len(rows))
    if budget is None or size(text) <= budget:
        return text
    kept = fit(size(text), [[size(line) + 1 for line in problems], [size(row) + 1 for _, _, row in rows]],
               budget)
    text = render(*kept)
    while size(text) > budget and any(kept):
        kept = tighter(kept)
        text = render(*kept)
    if size(text) > budget:
        raise ValueError(f"the report's head alone is over the budget of {budget} bytes")
    return text


def _rows_left(left: list[tuple[Status, int, str]], more: bool, budget: int) -> str:
    """`*40 more verdicts (12 covered, 28 emergency) left out ...*`: what a budget left out."""
    by_status: dict[str, list[int]] = {}
    for status, changes, _ in left:
        by_status.setdefault(status.value, []).append(changes)
    told = ", ".join(f"{len(n)} {status}" + (f" ({sum(n)} by operation)" if sum(n) != len(n) else "")
                     for status, n in by_status.items())
    return (f"*{len(left)}{' more' if more else ''} verdict{'s' if len(left) != 1 else ''} ({told}) left out "
            f"to stay under {human_size(budget)} (--budget); --format json or html lists every one.*")


@presents
def check_github(report: CheckReport, source: str | None = None, old: str | None = None, *,
                 detail: str = "groups", limit: int = PER_LEVEL) -> str:
    """GitHub Actions annotations: the gate's summary first, then what rewrote the ledger or
    weakened the policy, then a change that may not ship as an error on the pull request, one
    announced in time a notice, each on its line; at most `limit` of each level
    (`within_limits`: the last line of a level that has more counts the rest). Something
    removed is annotated on the old document `old` when it is named. `detail` `groups`: one
    annotation per root cause and answer, at its origin; `operations`: one per verdict."""
    failing = report.failed  # computed once, and matched by identity: `in` on the list would
    failed_ids = {id(v) for v in failing}  # compare whole models, quadratic on a large report
    failed = bool(failing or report.gate_problems)
    found = [Annotation("error" if failed else "notice", {"title": "nosurprises check"},
                        f"On {report.on}: {gate_verdict(report)}." if failed
                        else f"On {report.on}: every change may ship.", ("summary", "summaries"))]
    found += [Annotation("error", {"title": "nosurprises check: ledger rewritten"}, problem,
                         ("ledger problem", "ledger problems")) for problem in report.ledger_problems]
    found += [Annotation("error", {"title": "nosurprises check: policy weakened"}, problem,
                         ("policy problem", "policy problems")) for problem in report.policy_problems]
    for status in _ORDER:
        if status is Status.NOT_REQUIRED:
            continue
        items = verdict_entries([v for v in report.verdicts if v.status is status], detail)
        places = entry_places([e for _, e in items], source, old)
        for (v, e), (file, line) in zip(items, places, strict=True):
            name = "error" if id(v) in failed_ids else "notice"
            earliest = f" Earliest effective date: {v.earliest_effective}." if v.earliest_effective else ""
            told = v.change.message if e.single is not None else f"{e.group.message} It {affects(e)}"
            noun = (("change that may not ship yet", "changes that may not ship yet") if name == "error"
                    else ("change that may ship", "changes that may ship"))
            title = f"{v.status.value}: {v.change.rule}"
            found.append(Annotation(name, {**where(file, line), "title": title},
                                    f"{told} ({v.reason}).{earliest}", noun, len(e.changes)))
    return "\n".join(within_limits(found, limit)) + "\n"


def gate_report(report: CheckReport) -> Report:
    """The verdicts as a plain report, for the formats made for findings (SARIF, JUnit, HTML):
    a change that may not ship is `breaking`, an emergency `warning`, one that may ship
    `info`; each message ends with its verdict and reason."""
    failed = {id(v) for v in report.failed}
    changes = []
    for v in report.verdicts:
        if v.status is Status.NOT_REQUIRED and id(v) not in failed:
            continue
        level = (Level.BREAKING if id(v) in failed else
                 Level.WARNING if v.status is Status.EMERGENCY else Level.INFO)
        earliest = f" Earliest effective date: {v.earliest_effective}." if v.earliest_effective else ""
        told = f" [{v.status.value}: {v.reason}].{earliest}"
        # the group's sentence carries the verdict too: changes of one root cause group
        # together only when they got the same answer
        document, message = v.change.grouping or (v.change.document, v.change.message)
        changes.append(v.change.model_copy(update={
            "level": level, "message": f"{v.change.message}{told}",
            "grouping": (document, f"{message}{told}")}))
    told = [f"check failed: {gate_verdict(report)}: {problem}" for problem in report.gate_problems]
    return Report.from_changes(changes, [*told, *report.warnings])


def plan_text(result: Plan) -> str:
    # The draft is YAML, escaped by its own writer, and must stay what it says: kept as it is.
    result = shown(result).model_copy(update={"draft": result.draft})
    lines = [f"Announcing on {result.announce}: the changes may ship on {result.effective}.", ""]
    for p in sorted(result.changes, key=lambda p: (p.earliest_effective, p.change.rule)):
        window = (f"{p.required_min_days}-{p.required_max_days}" if p.required_max_days is not None
                  else f">= {p.required_min_days}")
        lines.append(f"  {p.earliest_effective}  [{p.change.rule}] ({window} days) {p.change.message}")
        if p.declared_effective and p.announce_by and p.announce_by < result.announce:
            lines.append(f"      too late: to take effect on {p.declared_effective} it had to be "
                         f"announced by {p.announce_by}")
    lines += ["", "Draft ledger entry (review, then add it to notices.yaml):", "", result.draft]
    return "\n".join(lines)


def plan_json(result: Plan) -> str:
    return orjson.dumps(result.model_dump(mode="json"),
                        option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode() + "\n"
