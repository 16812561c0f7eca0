"""The notice as an iCalendar file (RFC 5545): the effective day lands in the customer's own calendar.

One all-day event per day something takes effect (declared events may bring their own days), with a
reminder a week before, so the deadline is met by the customer's calendar, not their memory. UID and
DTSTAMP come from the notice, never from the clock: importing the file twice updates the same events.
"""

from __future__ import annotations

import datetime as dt

from icalendar import Alarm, Calendar, Event

from ..i18n import gettext
from ..model import Level
from ..untrusted import no_workflow_commands, presents
from ..words import quoted
from . import phrases
from .feed import clean, counted, take_effect
from .model import Notice, NoticeChange
from .told import BUDGETS, Told, fit, heading, sections

FILE = "notice.ics"
REMINDER = dt.timedelta(days=7)


def one_line(text: str) -> str:
    """For properties iCalendar keeps on one line (SUMMARY, UID, X-WR-CALNAME): no newline at all."""
    return " ".join(clean(text).split())


def summary(notice: Notice, changes: list[NoticeChange]) -> str:
    """`Pets API: changes take effect (3 breaking)`: short enough for a month view."""
    tally = ", ".join(counted(level, n, notice.locale) for level in Level
                      if (n := sum(c.change.level is level for c in changes)))
    said = gettext("{product}: changes take effect", notice.locale).format(product=one_line(notice.product))
    return said + (f" ({tally})" if tally else "")


def description(notice: Notice, day: dt.date, changes: list[NoticeChange]) -> str:
    """What takes effect that day and what to do: the event must stand alone, away from the e-mail."""
    locale = notice.locale
    lines = [gettext("{changes} on {day} (announced on {announced}).", locale).format(
        changes=take_effect(changes, locale), day=phrases.day(day, locale),
        announced=phrases.day(notice.announced, locale))]
    if notice.emergency:
        why = f" {clean(notice.justification)}" if notice.justification else ""
        lines.append(f"{gettext(phrases.EMERGENCY, locale)}{why}")
    if notice.summary:
        lines.append(clean(notice.summary))
    tail = []
    if notice.url:
        tail += ["", f"{gettext(phrases.DETAILS, locale)} {clean(notice.url)}"]
    if notice.contact:
        tail.append(f"{gettext(phrases.QUESTIONS, locale)} {clean(notice.contact)}")
    room = BUDGETS["calendar"] - len("\n".join(lines + tail)) - _RESERVE
    all_fitted = fit(changes, room, lambda t: len("\n".join(_told(t))) + 1, keep_breaking=False,
                     locale=locale)
    for fitted in all_fitted:
        lines += ["", f"{clean(heading(fitted, sections(all_fitted), locale))}:"]
        for t in fitted.lines:
            lines += _told(t)
        if fitted.left:
            see = ": " + gettext(phrases.SEE_DETAILS, locale) if notice.url else "."
            lines.append(f"- {phrases.more_changes(fitted.left, locale)}{see}")
    return "\n".join(lines + tail)


_RESERVE = 150
"""Room kept for the headings and the "and N more" lines of the levels (three at most)."""


def _told(line: Told) -> list[str]:
    """A line of the description as plain text: names in quotes, operations folded."""
    out = [f"- {clean(quoted(line.said))}"]
    if line.shown_operations:
        out.append("  " + clean(quoted(phrases.affects(len(line.operations), line.shown_operations,
                                                       line.more_operations, line.locale))))
    if line.todo:
        out.append(f"  {gettext(phrases.WHAT_TO_DO, line.locale)} {clean(quoted(line.todo))}")
    return out


def days(notice: Notice) -> dict[dt.date, list[NoticeChange]]:
    """The changes of each effective day, in date order; the notice's own day even with no change."""
    by_day: dict[dt.date, list[NoticeChange]] = {}
    for item in notice.changes:
        by_day.setdefault(item.effective, []).append(item)
    return dict(sorted(by_day.items())) or {notice.effective: []}


def event(notice: Notice, day: dt.date, changes: list[NoticeChange], stamp: dt.datetime) -> Event:
    """An all-day, free (transparent) event: a deadline, not a meeting."""
    ev = Event()
    ev.add("uid", f"{one_line(notice.id)}-{day.strftime('%Y%m%d')}@nosurprises")
    ev.add("dtstamp", stamp)
    ev.add("dtstart", day)
    ev.add("dtend", day + dt.timedelta(days=1))
    ev.add("summary", summary(notice, changes))
    ev.add("description", description(notice, day, changes))
    ev.add("transp", "TRANSPARENT")
    ev.add("categories", [level.value for level in Level if any(c.change.level is level for c in changes)]
           or ["notice"])
    if notice.url:
        ev.add("url", one_line(notice.url))
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", -REMINDER)
    alarm.add("description", gettext("In 7 days: {summary}", notice.locale).format(
        summary=summary(notice, changes)))
    ev.add_component(alarm)
    return ev


@presents
def render(notice: Notice) -> str:
    """One calendar, one event per effective day."""
    cal = Calendar()
    cal.add("prodid", "-//nosurprises//notices//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", gettext("{product} changes", notice.locale).format(
        product=one_line(notice.product)))
    stamp = dt.datetime.combine(notice.announced, dt.time(), tzinfo=dt.UTC)
    for day, changes in days(notice).items():
        cal.add_component(event(notice, day, changes, stamp))
    return no_workflow_commands(cal.to_ical().decode("utf-8"))  # a folded line may start with `::`
