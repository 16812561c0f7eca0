"""Plain text for a terminal or a CI log: grouped by level, most severe first."""

from __future__ import annotations

from ..model import Level, Report
from ..untrusted import presents
from .color import STYLE, paint

_HEAD = {Level.BREAKING: "BREAKING", Level.WARNING: "WARNING", Level.INFO: "INFO"}


@presents
def render_text(report: Report, source: str | None = None, *, color: bool = False) -> str:
    """`color`: the level's heading and rule ids in its colour (for a terminal)."""
    lines: list[str] = []
    for level in Level:
        changes = [c for c in report.changes if c.level is level]
        if not changes:
            continue
        lines.append(paint(f"{_HEAD[level]} ({len(changes)})", STYLE[level], color))
        for c in changes:
            lines.append(f"  {paint(f'[{c.rule}]', STYLE[level], color)} {c.message}")
            lines.append(f"      at {c.location}")
            if c.hint and level is not Level.INFO:
                lines.append(f"      what to do: {c.hint}")
        lines.append("")
    for warning in report.warnings:
        lines.append(f"note: {warning}")
    s = report.summary
    lines.append(f"{s.breaking} breaking, {s.warning} warning, {s.info} info"
                 if s.total else "No changes found.")
    return "\n".join(lines) + "\n"
