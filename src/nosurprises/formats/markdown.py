"""Markdown for pull-request comments and changelogs, rendered from a jinja2 template.

Spec text (descriptions, names) is untrusted, so the template runs in the shared sandboxed
environment and every value passes through `md_cell`, which neutralises Markdown and HTML
control characters (code spans become `<code>`, so a table cell stays one cell).
"""

from __future__ import annotations

from ..model import Level, Report
from ..templating import environment
from ..templating import md_cell as md_escape
from ..untrusted import presents

__all__ = ["md_escape", "render_markdown"]


@presents
def render_markdown(report: Report, source: str | None = None) -> str:
    template = environment(False).get_template("report.md.j2")
    groups = [(level.value, [c for c in report.changes if c.level is level]) for level in Level]
    return template.render(summary=report.summary, groups=groups, warnings=report.warnings)
