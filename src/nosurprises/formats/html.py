"""A standalone HTML page of a report, to publish as a CI artifact or attach to a review.

Report text comes from the compared documents, so the page is rendered by the shared
sandboxed, autoescaping environment, and nothing from the report is ever put in an
attribute; the page has no script and loads nothing from elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Change, Level, Report
from ..rules import said, said_at_origin
from ..templating import environment, spans
from ..untrusted import presents
from .entries import FOLD, Entry, entries
from .text import distinct, heading_count


@dataclass(frozen=True)
class Row:
    """One change as the template shows it: text split into plain and `code` spans."""

    what: str
    message: list[tuple[bool, str]]
    hint: str
    rule: str
    location: str
    first: tuple[str, ...] = ()
    """A group: the operations named at once; `rest` the others, in a `<details>` block."""
    rest: tuple[str, ...] = ()


def _row(change: Change) -> Row:
    return Row(what=change.operation or change.item or "", message=spans(said(change)),
               hint=change.hint or "", rule=change.rule, location=change.location)


def _entry_row(e: Entry) -> Row:
    if e.single is not None:
        return _row(e.single)
    g, ops = e.group, e.group.operations
    what = f"{len(ops)} operation{'s' if len(ops) != 1 else ''}" if ops else f"{g.count} changes"
    return Row(what=what, message=spans(said_at_origin(g, e.changes[0])), hint=e.hint or "", rule=g.rule,
               location=g.origin or "", first=tuple(ops[:FOLD]), rest=tuple(ops[FOLD:]))


@presents
def render_html(report: Report, source: str | None = None, *, detail: str = "groups") -> str:
    """The page: counts, then one section per level present (info folded), then notes.
    `detail` `groups` (the default): a row per root cause, the operations it affects named
    in full (past the first few, folded in a `<details>` block); `operations`: a row per change."""
    shown = entries(report, detail)
    groups = [(level.value, heading_count(items), [_entry_row(e) for e in items])
              for level in Level for items in [[e for e in shown if e.group.level is level]] if items]
    template = environment(True).get_template("report.html.j2")
    return template.render(source=source, summary=report.summary, groups=groups,
                           warnings=report.warnings,
                           distinct=distinct(len(shown)) if len(shown) != report.summary.total else None)
