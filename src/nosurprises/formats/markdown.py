"""Markdown for pull-request comments and changelogs, rendered from a jinja2 template.

Spec text (descriptions, names) is untrusted, so the template runs in the shared sandboxed
environment and every value passes through `md_cell`, which neutralises Markdown and HTML
control characters (code spans become `<code>`, so a table cell stays one cell). The cell of
a group's operations is built here, each name through `md_cell`, around the `<details>`
block that holds more of them.

By default one row per root cause: GitHub shows at most 1 MiB of a job summary, and a
shared schema reached from thousands of operations would otherwise be thousands of rows.
And whatever the detail, the report is held to a size budget (`budget`: the job summary's
1 MiB by default; 64 KiB for a pull-request comment): past it, whole rows are left out, the
least severe first, and the report says how many and where every one is.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Level, Report
from ..rules import said, said_at_origin
from ..templating import environment
from ..templating import md_cell as md_escape
from ..untrusted import presents
from ..words import Pieces
from .budget import JOB_SUMMARY, check_budget, fit, human_size, size, tighter
from .entries import FOLD, Entry, entries
from .text import Filtered, distinct, heading_count, hidden_counts, shown_counts

__all__ = ["md_escape", "render_markdown"]

LISTED = 50
"""How many more operations of a group the folded `<details>` block names, past `FOLD`;
beyond, it says how many are left, so a report stays well under GitHub's limit."""


@dataclass(frozen=True)
class Row:
    """One entry as the template shows it; `what` is Markdown already escaped."""

    what: str
    message: Pieces
    hint: str
    rule: str


def operations_cell(e: Entry) -> str:
    """The operation, or `N operations: A, B, … <details>and K more: …</details>`."""
    c = e.single
    if c is not None:
        return md_escape(c.operation or "-")
    ops = [md_escape(op) for op in e.group.operations]
    if not ops:
        return f"{e.group.count} changes"
    head = f"{len(ops)} operation{'s' if len(ops) != 1 else ''}: " + ", ".join(ops[:FOLD])
    rest = ops[FOLD:]
    if not rest:
        return head
    listed = "<br>".join(rest[:LISTED])
    left = len(rest) - LISTED
    tail = f"<br>and {left} more" if left > 0 else ""
    return f"{head} <details><summary>and {len(rest)} more</summary>{listed}{tail}</details>"


def _row(e: Entry) -> Row:
    c = e.single
    return Row(what=operations_cell(e), message=said(c) if c else said_at_origin(e.group, e.changes[0]),
               hint=e.hint or "", rule=e.group.rule)


@presents
def render_markdown(report: Report, source: str | None = None, *, detail: str = "groups",
                    total: Filtered | None = None, budget: int | None = JOB_SUMMARY) -> str:
    """`detail`: `groups` (one row per root cause) or `operations` (one per change); `total`:
    the whole report's counts when `report` holds only some levels (`diff --level`), so the
    counts say what was not shown; `budget`: the most bytes the report may take (None: no
    limit), rows left out past it from the least severe up, and said so."""
    check_budget(budget)
    template = environment(False).get_template("report.md.j2")
    shown = entries(report, detail)
    levels = [(level, [e for e in shown if e.group.level is level]) for level in Level]
    rows = [[_row(e) for e in items] for _, items in levels]
    notes = list(report.warnings)
    counts = [(lv.value, n) for lv, n in shown_counts(report.summary, total)]
    head = {"summary": report.summary, "counts": counts,
            "hidden": hidden_counts(report.summary, total),
            "distinct": distinct(len(shown)) if len(shown) != report.summary.total else None}

    def render(kept: list[int]) -> str:
        *kept_rows, kept_notes = kept
        groups = [(level.value, heading_count(items) if items else "", level_rows[:k],
                   _left(items[k:], level, budget, more=k > 0))
                  for (level, items), level_rows, k in zip(levels, rows, kept_rows, strict=True)]
        left = len(notes) - kept_notes
        notes_left = (f"{left} more note{'s' if left != 1 else ''} left out to stay under "
                      f"{human_size(budget or 0)}; --format json or text lists every one.") if left else ""
        return template.render(**head, groups=groups, warnings=notes[:kept_notes], notes_left=notes_left)

    every = [*(len(r) for r in rows), len(notes)]
    text = render(every)
    if budget is None or size(text) <= budget:
        return text
    row = template.environment.get_template("report-row.md.j2").module.row  # type: ignore[attr-defined]
    sizes = [[size(str(row(r, level.value))) + 1 for r in level_rows]
             for (level, _), level_rows in zip(levels, rows, strict=True)]
    # sections as they are kept: breaking, warning, the notes, info (`fit` drops from the last)
    order = [sizes[0], sizes[1], [size(f"- {md_escape(n)}") + 1 for n in notes], sizes[2]]
    kept_in_order = fit(size(text), order, budget)
    while True:
        kept = [kept_in_order[0], kept_in_order[1], kept_in_order[3], kept_in_order[2]]
        text = render(kept)
        if size(text) <= budget or not any(kept_in_order):
            break
        kept_in_order = tighter(kept_in_order)
    if size(text) > budget:
        raise ValueError(f"the report's head alone is over the budget of {budget} bytes")
    return text


def _left(items: list[Entry], level: Level, budget: int | None, more: bool) -> str:
    """`12 more warnings (340 by operation) left out ...`: what a budget left out of a level
    (`more`: after some that were kept)."""
    if not items:
        return ""
    n, changes = len(items), sum(len(e.changes) for e in items)
    what = {Level.BREAKING: "breaking change", Level.WARNING: "warning", Level.INFO: "info change"}[level]
    by = f" ({changes} by operation)" if changes != n else ""
    count = f"{n}{' more' if more else ''} {what}{'s' if n != 1 else ''}{by}"
    return (f"{count} left out to stay under {human_size(budget or 0)} (--budget); "
            "--format html or json lists every one.")
