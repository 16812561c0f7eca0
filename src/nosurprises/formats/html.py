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
from .entries import FOLD, Entry, check_detail, entries
from .text import Filtered, distinct, heading_count, hidden_counts, shown_counts


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
def render_html(report: Report, source: str | None = None, old: str | None = None, *,
                detail: str = "groups", total: Filtered | None = None) -> str:
    """The page, titled with both documents: counts, then the changes, then notes.

    `detail` `groups` (the default): one section per level present (info folded), a row per
    root cause, the operations it affects named in full (past the first few, folded in a
    `<details>` block); `operations`: one section per operation, as oasdiff's changelog
    reads, each change of it most severe first with its level, then what is not an
    operation's (an item of a price book or terms, or the whole document). `total`: the
    counts before a level filter (`diff --level`), so the page says what it left out."""
    shown = entries(report, detail)
    template = environment(True).get_template("report.html.j2")
    by_operation = check_detail(detail) == "operations"
    groups = [] if by_operation else [
        (level.value, heading_count(items), [_entry_row(e) for e in items])
        for level in Level for items in [[e for e in shown if e.group.level is level]] if items]
    return template.render(
        title=page_title("nosurprises report", old, source), heading="nosurprises report",
        source=source, old=old, summary=report.summary,
        counts=[(lv.value, n) for lv, n in shown_counts(report.summary, total)],
        hidden=hidden_counts(report.summary, total), groups=groups,
        operations=_by_operation(shown) if by_operation else [], warnings=report.warnings,
        distinct=distinct(len(shown)) if len(shown) != report.summary.total else None)


def page_title(what: str, old: str | None, new: str | None, on: object = None) -> str:
    """`nosurprises report: old.yaml → new.yaml`, and the day when one was judged: a browser
    tab or a CI artifact list says what was compared."""
    names = f"{old} → {new}" if old and new else new or old or ""
    return " ".join(part for part in (f"{what}:" if names or on else what, names,
                                      f"on {on}" if on else "") if part)


def _by_operation(shown: list[Entry]) -> list[tuple[str, str, list[tuple[str, Row]]]]:
    """(operation or item, its counts, its rows with their level): operations by path then
    method, then the items of other documents, then what belongs to the whole document."""
    found: dict[str, list[Change]] = {}
    for e in shown:
        for c in e.changes:
            found.setdefault(c.operation or c.item or "", []).append(c)

    def order(name: str) -> tuple[int, str, str]:
        method, _, path = name.partition(" ")
        if not name:
            return (2, "", "")
        return (0, path, method) if path.startswith("/") else (1, name, "")

    sections = []
    for name in sorted(found, key=order):
        changes = found[name]
        counted = ", ".join(f"{n} {level.value}" for level in Level
                            for n in [sum(c.level is level for c in changes)] if n)
        sections.append((name, counted, [(c.level.value, _row(c)) for c in changes]))
    return sections
