"""Counting notice days: calendar days by default, business days (Monday-Friday) on request.

Public holidays differ by country and are not modelled; a policy that needs them should
ask for more calendar days.
"""

from __future__ import annotations

import datetime as dt

from ..bounds import today  # the clock every command asks; see there
from .model import Calendar

__all__ = ["add_days", "days_between", "today"]


def days_between(start: dt.date, end: dt.date, days: Calendar = "calendar") -> int:
    """Days from `start` to `end` (negative when `end` is earlier), counted as `days` says.

    Business days count the weekdays after `start` up to and including `end`.
    """
    if days == "calendar":
        return (end - start).days
    if end < start:
        return -days_between(end, start, days)
    weeks, rest = divmod((end - start).days, 7)
    count = weeks * 5
    for offset in range(1, rest + 1):
        if (start + dt.timedelta(days=offset)).weekday() < 5:
            count += 1
    return count


def add_days(start: dt.date, count: int, days: Calendar = "calendar") -> dt.date:
    """The first date that is `count` days after `start` (the inverse of `days_between`)."""
    if days == "calendar" or count == 0:
        return start + dt.timedelta(days=count)
    step = 1 if count > 0 else -1
    weeks, rest = divmod(abs(count), 5)
    day = start + dt.timedelta(days=7 * weeks * step)
    while rest:
        day += dt.timedelta(days=step)
        if day.weekday() < 5:
            rest -= 1
    if weeks and not rest and day.weekday() >= 5:
        # landed on a weekend after whole weeks: the last counted weekday was before it
        while day.weekday() >= 5:
            day -= dt.timedelta(days=step)
    return day
