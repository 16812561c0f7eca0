"""The OpenAPI report with whom its changes reach: what `diff --requests` writes.

`ReachReport` is a `Report` with one more field, `reach`; a plain `diff` still writes a plain
`Report`, byte for byte as before.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..load.source import MAX_BYTES
from ..model import Report
from ..record import doc, record
from .engine import Engine, read_requests
from .paths import spec_templates
from .reached import Reach, reach
from .requests import Fields, Format, Window


@record(frozen=False)
class ReachReport(Report):
    """An OpenAPI report with the customers each change reaches, from a request log."""

    reach: Reach = field(metadata=doc("Who the changes reach, from the calls of `--requests`."))


def with_requests(report: Report, old: Any, new: Any, source: str | Path, *, fmt: Format | None = None,
                  fields: Fields | None = None, window: Window | None = None, prefix: str | None = None,
                  max_bytes: int = MAX_BYTES, engine: Engine = "auto") -> ReachReport:
    """`report` (after the selection) with `reach` added: `old` and `new` are the two OpenAPI
    documents (parsed mappings, or loaded `Document`s) whose paths the log is matched to."""
    documents = [d.data if hasattr(d, "data") else d for d in (old, new)]
    templates = spec_templates(*(d for d in documents if isinstance(d, dict)), prefix=prefix)
    requests = read_requests(source, fmt, fields, window, max_bytes=max_bytes, engine=engine,
                             match=templates.match)
    return ReachReport(changes=report.changes, summary=report.summary, warnings=report.warnings,
                       groups=report.groups, reach=reach(report, templates, requests, window=window))


_DAYS = re.compile(r"([0-9]{1,5})d")


def _day(text: str, option: str, also: str = "") -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(option, f"{text!r} is not a day (YYYY-MM-DD){also}") from None


def _midnight(day: dt.date | None) -> dt.datetime | None:
    return dt.datetime.combine(day, dt.time(), dt.UTC) if day else None


def window_of(since: str | None, until: str | None, today: dt.date) -> Window:
    """The window of `--requests-since` (a day, YYYY-MM-DD, or `90d`: the 90 days up to and
    including `today`) and `--requests-until` (the last day counted, YYYY-MM-DD), days in UTC."""
    start = end = None
    if since:
        days = _DAYS.fullmatch(since)
        start = (today - dt.timedelta(days=int(days.group(1)) - 1) if days
                 else _day(since, "--requests-since", " or a number of days (90d)"))
    if until:
        end = _day(until, "--requests-until") + dt.timedelta(days=1)
    if start and end and start >= end:
        raise InputError("--requests-since", f"{start} is after --requests-until "
                                             f"{end - dt.timedelta(days=1)}: no call is counted")
    return Window(since=_midnight(start), until=_midnight(end))


__all__ = ["ReachReport", "window_of", "with_requests"]
