"""Presentation of a report: text for terminals, JSON for machines, Markdown for PRs, and the
formats CI systems read: GitHub Actions annotations, SARIF (code scanning), JUnit XML, HTML.

The model holds no presentation; these functions own it entirely.
"""

from __future__ import annotations

from collections.abc import Callable

from ..model import Report
from .budget import COMMENT, JOB_SUMMARY
from .entries import DETAILS, FOLD
from .github import render_github
from .html import render_html
from .json import render_json
from .junit import render_junit
from .markdown import render_markdown
from .sarif import render_sarif
from .text import Filtered, render_text

Renderer = Callable[[Report, str | None], str]
"""A format: the report, and the document it describes (the new one, as given) or None."""

FORMATS: dict[str, Renderer] = {
    "text": render_text,
    "json": render_json,
    "markdown": render_markdown,
    "github": render_github,
    "sarif": render_sarif,
    "junit": render_junit,
    "html": render_html,
}

OLD_AWARE = frozenset({"github", "sarif", "html"})
"""Formats that take the old document's name too: to locate removed things there, or to
name both documents."""
TOTAL_AWARE = frozenset({"text", "markdown", "github", "html"})
"""Formats whose counts say what a level filter (`diff --level`) left out."""
BUDGETED = frozenset({"markdown"})
"""Formats held to a size budget (GitHub's job summary, a pull-request comment)."""


def render_report(name: str, report: Report, new: str | None, old: str | None = None,
                  detail: str | None = None, *, total: Filtered | None = None,
                  budget: int | None = None) -> str:
    """The report in format `name`; the old document's name goes to the formats that use it.

    `detail` (one of `DETAILS`) None: each format's default, one entry per root cause for the
    formats people read and every change for `json` (its contract). `total`: the counts
    before a level filter, for the formats that say what it left out; `budget`: the most
    bytes of the formats that have one (None: their default), ignored by the others."""
    options: dict[str, object] = {} if detail is None else {"detail": detail}
    if total is not None and name in TOTAL_AWARE:
        options["total"] = total
    if budget is not None and name in BUDGETED:
        options["budget"] = budget
    if name in OLD_AWARE:
        return FORMATS[name](report, new, old, **options)  # type: ignore[call-arg]
    return FORMATS[name](report, new, **options)  # type: ignore[call-arg]


__all__ = ["COMMENT", "DETAILS", "FOLD", "FORMATS", "JOB_SUMMARY", "Filtered", "render_github", "render_html",
           "render_json", "render_junit", "render_markdown", "render_report", "render_sarif", "render_text"]
