"""Plain text for a terminal or a CI log: grouped by level, most severe first.

By default one entry per root cause (`entries.py`): a shared schema reached from many
operations is told once, with the operations it affects folded after a few."""

from __future__ import annotations

from ..model import Level, Report, Summary
from ..untrusted import presents
from .color import STYLE, paint
from .detail import Filtered as Filtered
from .entries import Entry, affects, entries

_HEAD = {Level.BREAKING: "BREAKING", Level.WARNING: "WARNING", Level.INFO: "INFO"}


@presents
def render_text(report: Report, source: str | None = None, *, color: bool = False,
                detail: str = "groups", total: Filtered | None = None) -> str:
    """`color`: the level's heading and rule ids in its colour (for a terminal); `detail`:
    `groups` (one entry per root cause) or `operations` (one per change); `total`: the
    whole report's counts when `report` holds only some levels (`diff --level`)."""
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
    lines.append(summary_line(report, len(shown), total))
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
    said = accepted_line(e)
    if said:
        lines.append(f"{more}{said}")
    return lines


def accepted_line(e: Entry) -> str | None:
    """`accepted until 2027-03-31 (by team): reason`, when an acceptance covers the entry's
    changes (or some of them), or says it has expired."""
    found = [c.accepted for c in e.changes if c.accepted is not None]
    if not found:
        return None
    a = found[0]
    state = (f"acceptance expired on {a.expires}" if a.expired else
             "accepted" + (f" until {a.expires}" if a.expires else ""))
    by = f" by {a.by}" if a.by else ""
    share = "" if len(found) == len(e.changes) else f" ({len(found)} of {len(e.changes)} changes)"
    return f"{state}{by}{share}: {a.reason}"


def heading_count(items: list[Entry]) -> str:
    """`12`, or `12 distinct, 8,000 by operation` when entries stand for several changes."""
    changes = sum(len(e.changes) for e in items)
    return str(changes) if changes == len(items) else f"{len(items)} distinct, {changes} by operation"


def summary_line(report: Report, shown: int, total: Filtered | None = None) -> str:
    """Counts per level (of changes, as the JSON's `summary`), and the distinct ones shown;
    with `total` (a level filter and the counts before it), the levels shown and what the
    filter left out."""
    s = report.summary
    hidden = hidden_counts(s, total)
    if not s.total and not hidden:
        return "No changes found."
    line = ", ".join(f"{n} {level}" for level, n in shown_counts(s, total))
    line = line if shown == s.total else f"{line} ({distinct(shown)})"
    line = f"{line}, {s.accepted} accepted" if s.accepted else line
    return f"{line}; {hidden}." if hidden else line


_HIDDEN = {Level.BREAKING: ("breaking", "breaking"), Level.WARNING: ("warning", "warnings"),
           Level.INFO: ("info", "info")}


def _hidden(shown: Summary, total: Filtered | None) -> list[tuple[Level, int]]:
    if total is None:
        return []
    left = [(level, getattr(total.total, level.value) - getattr(shown, level.value)) for level in Level
            if level.rank > total.level.rank]
    return [(level, n) for level, n in left if n > 0]


def shown_counts(shown: Summary, total: Filtered | None = None) -> list[tuple[Level, int]]:
    """The count of each level shown: every level, or those the filter kept when it left
    something out."""
    top = total.level.rank if total is not None and _hidden(shown, total) else len(Level)
    return [(level, getattr(shown, level.value)) for level in Level if level.rank <= top]


def hidden_counts(shown: Summary, total: Filtered | None) -> str:
    """`12 warnings and 40 info not shown (--level breaking)`: what a level filter left out
    of a report whose counts are `shown`; an empty string when it left nothing out."""
    hidden = _hidden(shown, total)
    if not hidden or total is None:
        return ""
    parts = [f"{n} {_HIDDEN[level][n != 1]}" for level, n in hidden]
    return f"{' and '.join(parts)} not shown (--level {total.level.value})"


def distinct(n: int) -> str:
    return f"{n} distinct change{'s' if n != 1 else ''}"
