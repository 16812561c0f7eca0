"""Presentation of a report: text for terminals, JSON for machines, Markdown for PRs, and the
formats CI systems read: GitHub Actions annotations, SARIF (code scanning), JUnit XML, HTML.

The model holds no presentation; these functions own it entirely.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..lazy import LazyMap, exports
from .budget import COMMENT, JOB_SUMMARY, PER_LEVEL
from .detail import DETAILS, FOLD

if TYPE_CHECKING:
    from ..model import Report
    from .detail import Filtered
    from .github import render_github
    from .html import render_html
    from .json import render_json
    from .junit import render_junit
    from .markdown import render_markdown
    from .sarif import render_sarif
    from .text import render_text

__all__ = ["ABOUT", "BUDGETED", "COMMENT", "DETAILS", "FOLD", "FORMATS", "JOB_SUMMARY", "OLD_AWARE",
           "TOTAL_AWARE", "Filtered", "Renderer", "render_github", "render_html", "render_json",
           "render_junit", "render_markdown", "render_report", "render_sarif", "render_text"]

Renderer = Callable[["Report", "str | None"], str]
"""A format: the report, and the document it describes (the new one, as given) or None."""

FORMATS: LazyMap[Renderer] = LazyMap({
    name: f"{__name__}.{module}:render_{name}" for name, module in (
        ("text", "text"), ("json", "json"), ("markdown", "markdown"), ("github", "github"),
        ("sarif", "sarif"), ("junit", "junit"), ("html", "html"))})
"""Every format by name, each renderer imported when first used (`--format` lists the names)."""

__getattr__, __dir__ = exports(__name__, {
    **{f"render_{name}": f".{name}:render_{name}" for name in FORMATS}, "Filtered": ".detail:Filtered"},
    globals())

ABOUT: dict[str, str] = {
    "text": "For a terminal or a CI log: the changes grouped by level, most severe first, one "
            "entry per root cause with the operations it affects; coloured on a terminal.",
    "json": "For machines: the report contract (`changes`, `groups`, `summary`, `warnings`), "
            "keys sorted, the same bytes for the same input; its schema is `nosurprises schema report`.",
    "markdown": "For a pull-request comment or GitHub's job summary: counts, then a table per "
                "level; held to a size budget, past which whole rows are left out and counted.",
    "github": "For GitHub Actions: each change a workflow command (`::error`, `::warning`, "
              "`::notice`) annotating the new document at the changed line, escaped as "
              f"`@actions/core` does; at most {PER_LEVEL} of each level.",
    "sarif": "For code scanning (GitHub, GitLab, Azure): SARIF 2.1.0, each change a result of "
             "its rule, with a fingerprint that tracks the same change across runs.",
    "junit": "For CI test views (Jenkins, GitLab, Azure): JUnit XML, each change a test case, "
             "a breaking one a failure.",
    "html": "For a CI artifact or a review: a standalone page (no script, nothing loaded from "
            "elsewhere) with the counts, then the changes.",
}
"""What each format is for, in one sentence: the docs' format reference is generated from it."""

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


