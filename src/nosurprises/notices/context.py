"""What the text templates share: the changes grouped for readers, dates in the reader's locale."""

from __future__ import annotations

import datetime as dt
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date

from ..errors import InputError
from ..model import Level, Subject
from ..templating import environment
from ..words import quoted
from .model import Notice
from .told import BUDGETS, Told, fit, heading, sections

HEADINGS = {Level.BREAKING: "What will stop working", Level.WARNING: "What needs your attention",
            Level.INFO: "Other changes"}
EXCERPT = 240
"""Longest quote of new terms text in a notice."""


def check_locale(name: str) -> str:
    """`name` if Babel knows it (`en`, `de_DE`, `pt-BR`), else one clear error."""
    try:
        Locale.parse(name.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        raise InputError("--locale", f"{name!r} is not a locale Babel knows (e.g. en, de_DE, fr)") from None
    return name


def day(value: dt.date, locale: str) -> str:
    """A date as readers of `locale` write it: `1 June 2027`, `1. Juni 2027`."""
    return format_date(value, format="long", locale=locale.replace("-", "_"))


def when(notice: Notice) -> str:
    """The sentence with the dates every channel repeats."""
    if notice.emergency:
        return (f"Announced on {day(notice.announced, notice.locale)}; "
                f"in effect since {day(notice.effective, notice.locale)}.")
    return (f"Announced on {day(notice.announced, notice.locale)}; takes effect on "
            f"{day(notice.effective, notice.locale)} ({notice.notice_days} days' notice).")


def groups(notice: Notice, budget: int = BUDGETS["email"]) -> list[tuple[str, list[dict[str, Any]], int]]:
    """(heading, lines, changes left out) per level, most severe first: one line per root
    cause (`told.py`), each with its terms excerpt, within `budget` characters (twice each
    line's plain text: an e-mail says everything in text and in HTML)."""
    out = []
    all_fitted = fit(notice.changes, budget, lambda t: 2 * size(t))
    several = sections(all_fitted)
    for fitted in all_fitted:
        lines = [{"title": t.title, "change": t.first.change, "operation": t.operation,
                  "effective": t.effective, "said": t.said, "quoted": quoted(t.said),
                  "operations": t.shown_operations, "more": t.more_operations,
                  "count": len(t.operations), "excerpt": _excerpt(t.first.change),
                  "todo": t.todo, "todo_quoted": quoted(t.todo)}
                 for t in fitted.lines]
        out.append((heading(fitted, several, HEADINGS), lines, fitted.left))
    return out


def size(line: Told) -> int:
    """About how many characters a line takes in plain text: its title, sentence, the
    operations named, what to do, and the quoted terms."""
    hint = line.todo
    excerpt = _excerpt(line.first.change) or ""
    return (60 + len(line.title) + sum(len(t) + 2 for _, t in (*line.said, *hint)) + len(excerpt)
            + sum(len(op) + 2 for op in line.shown_operations))


def _excerpt(change: Any) -> str | None:
    """New wording of a terms passage that takes something: customers should read it, not a summary."""
    if change.subject is not Subject.TERMS or change.level is not Level.BREAKING or not change.after:
        return None
    text = str(change.after)
    return text if len(text) <= EXCERPT else text[:EXCERPT - 1].rstrip() + "…"


def render_template(name: str, notice: Notice, *, html: bool = False, **extra: Any) -> str:
    """Render template `notice/<name>` with the notice, its groups, its dates and `extra`."""
    return environment(html).get_template(f"notice/{name}").render(
        notice=notice, groups=groups(notice), when=when(notice),
        day=lambda value: day(value, notice.locale), **extra)
