"""Plain text for a terminal or a CI log: grouped by level, most severe first.

By default one entry per root cause (`entries.py`): a shared schema reached from many
operations is told once, with the operations it affects folded after a few."""

from __future__ import annotations

from ..model import Level, Report
from ..untrusted import presents
from .color import STYLE, paint
from .entries import Entry, affects, entries

_HEAD = {Level.BREAKING: "BREAKING", Level.WARNING: "WARNING", Level.INFO: "INFO"}


@presents
def render_text(report: Report, source: str | None = None, *, color: bool = False,
                detail: str = "groups") -> str:
    """`color`: the level's heading and rule ids in its colour (for a terminal); `detail`:
    `groups` (one entry per root cause) or `operations` (one per change)."""
    lines: list[str] = []
    shown = entries(report, detail)
    for level in Level:
        items = [e for e in shown if e.group.level is level]
        if not items:
            continue
        lines.append(paint(f"{_HEAD[level]} ({heading_count(items)})", STYLE[level], color))
        for e in items:
            lines += entry_lines(e, paint(f"[{e.group.rule}]", STYLE[level], color))
        lines.append("")
    for warning in report.warnings:
        lines.append(f"note: {warning}")
    lines.append(summary_line(report, len(shown)))
    return "\n".join(lines) + "\n"


def entry_lines(e: Entry, rule: str, indent: str = "  ") -> list[str]:
    """An entry as text: a single change as the report lists it, a group at its origin with
    the operations it affects."""
    c = e.single
    more = indent + "    "
    if c is not None:
        lines = [f"{indent}{rule} {c.message}", f"{more}at {c.location}"]
    else:
        lines = [f"{indent}{rule} {e.group.message}", f"{more}at {e.group.origin}",
                 f"{more}{affects(e)}"]
    if e.hint and e.group.level is not Level.INFO:
        lines.append(f"{more}what to do: {e.hint}")
    return lines


def heading_count(items: list[Entry]) -> str:
    """`12`, or `12 distinct, 8,000 by operation` when entries stand for several changes."""
    changes = sum(len(e.changes) for e in items)
    return str(changes) if changes == len(items) else f"{len(items)} distinct, {changes} by operation"


def summary_line(report: Report, shown: int) -> str:
    """Counts per level (of changes, as the JSON's `summary`), and the distinct ones shown."""
    s = report.summary
    if not s.total:
        return "No changes found."
    line = f"{s.breaking} breaking, {s.warning} warning, {s.info} info"
    return line if shown == s.total else f"{line} ({distinct(shown)})"


def distinct(n: int) -> str:
    return f"{n} distinct change{'s' if n != 1 else ''}"
