"""A standalone HTML page of a report, to publish as a CI artifact or attach to a review.

Report text comes from the compared documents, so the page is rendered by the shared
sandboxed, autoescaping environment, and nothing from the report is ever put in an
attribute; the page has no script and loads nothing from elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Change, Level, Report
from ..templating import code_spans, environment
from ..untrusted import presents


@dataclass(frozen=True)
class Row:
    """One change as the template shows it: text split into plain and `code` spans."""

    what: str
    message: list[tuple[bool, str]]
    hint: str
    rule: str
    location: str


def _row(change: Change) -> Row:
    return Row(what=change.operation or change.item or "", message=code_spans(change.message),
               hint=change.hint or "", rule=change.rule, location=change.location)


@presents
def render_html(report: Report, source: str | None = None) -> str:
    """The page: counts, then one section per level present (info folded), then notes."""
    groups = [(level.value, [_row(c) for c in report.changes if c.level is level]) for level in Level]
    template = environment(True).get_template("report.html.j2")
    return template.render(source=source, summary=report.summary,
                           groups=[(level, rows) for level, rows in groups if rows],
                           warnings=report.warnings)
