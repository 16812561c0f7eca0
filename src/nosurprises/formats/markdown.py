"""Markdown for pull-request comments and changelogs, rendered from a jinja2 template.

Spec text (descriptions, names) is untrusted, so the template runs in the shared sandboxed
environment and every value passes through `md_cell`, which neutralises Markdown and HTML
control characters (code spans become `<code>`, so a table cell stays one cell). The cell of
a group's operations is built here, each name through `md_cell`, around the `<details>`
block that holds more of them.

By default one row per root cause: GitHub shows at most 1 MiB of a job summary, and a
shared schema reached from thousands of operations would otherwise be thousands of rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Level, Report
from ..rules import said, said_at_origin
from ..templating import environment
from ..templating import md_cell as md_escape
from ..untrusted import presents
from ..words import Pieces
from .entries import FOLD, Entry, entries
from .text import distinct, heading_count

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
def render_markdown(report: Report, source: str | None = None, *, detail: str = "groups") -> str:
    """`detail`: `groups` (one row per root cause) or `operations` (one per change)."""
    template = environment(False).get_template("report.md.j2")
    shown = entries(report, detail)
    groups = [(level.value, heading_count(items) if items else "", [_row(e) for e in items])
              for level in Level for items in [[e for e in shown if e.group.level is level]]]
    return template.render(summary=report.summary, groups=groups, warnings=report.warnings,
                           distinct=distinct(len(shown)) if len(shown) != report.summary.total else None)
