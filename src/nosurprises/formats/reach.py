"""The "who is affected" section of the text report of `diff --requests`: the facts of
`targeting.Reach` in words (English for now, like the rest of the text report).

Customer keys and operations come from the log and the spec: every one is shown `one_line`.
"""

from __future__ import annotations

import datetime as dt

from ..model import Report
from ..untrusted import one_line
from ..words import fold

SHOWN = 10
"""Customers named per change before the rest are counted."""


def _names(customers: list[str]) -> str:
    return one_line(fold(customers, SHOWN))


def _day(moment: dt.datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "-"


def _plural(n: int, words: str) -> str:
    """`3 calls to ...`: the first word made plural."""
    first, _, rest = words.partition(" ")
    return f"{n:,} {first}{'s' * (n != 1)}{' ' + rest if rest else ''}"


def reach_text(report: Report) -> str:
    """The section appended to the text report; empty for a report without `reach`."""
    found = getattr(report, "reach", None)
    if found is None:
        return ""
    w = found.window
    if w.since and w.until:
        window = f"calls from {w.since.date()} to {(w.until - dt.timedelta(days=1)).date()}"
    elif w.since:
        window = f"calls from {w.since.date()} on"
    elif w.until:
        window = f"calls up to {(w.until - dt.timedelta(days=1)).date()}"
    else:
        window = "every call"
    seen = len(found.customers) + found.not_told.count
    lines = ["", f"WHO IS AFFECTED: {len(found.customers):,} of the {_plural(seen, 'customer')} in "
                 f"{one_line(found.log)} ({window})"]
    by_operation = {o.operation: o for o in found.operations}
    for entry in found.changes:
        change = report.changes[entry.change]
        what = one_line(change.operation or change.location)
        if entry.because == "sent":
            why = f"callers that sent `{one_line(entry.parameter or '')}`"
        elif entry.because == "called":
            why = "callers"
        else:
            why = "every customer seen (no single operation)"
        who = _names(entry.customers) if entry.customers else "nobody in the window"
        lines.append(f"  {change.level.value:<8} {one_line(change.rule)} {what}")
        lines.append(f"      {why}: {who}")
        op = by_operation.get(change.operation or "")
        if op and op.callers and entry.because != "seen":
            top = op.callers[0]
            most = (f"; most by {one_line(top.customer)} ({top.calls:,})"
                    if len(op.callers) > 1 and top.calls > op.callers[1].calls else "")
            last = _day(max(c.last_call for c in op.callers))
            lines.append(f"      {_plural(op.calls, 'call')} by {_plural(len(op.callers), 'customer')}"
                         f"{most}, the last {last}")
    if found.uncalled:
        lines.append("No customer called: " + ", ".join(one_line(o) for o in found.uncalled) + ".")
    if found.not_told.count:
        lines.append(f"Not told ({found.not_told.count:,}: they called no changed operation): "
                     f"{_names(found.not_told.customers)}.")
    extra = [_plural(n, what) for n, what in (
        (found.anonymous, "call without a customer"), (found.unmatched, "call to no path of the spec"),
        (found.skipped, "line of no API call"), (found.outside, "call outside the window")) if n]
    if extra:
        lines.append("Not counted: " + "; ".join(extra) + ".")
    return "\n".join(lines) + "\n"


__all__ = ["reach_text"]
