"""What the text templates share: the changes grouped for readers, dates in the reader's locale."""

from __future__ import annotations

from typing import Any

from ..model import Level, Subject
from ..templating import environment
from ..words import quoted
from . import phrases
from .model import Notice
from .phrases import HEADINGS, day
from .told import BUDGETS, Told, fit, heading, sections

__all__ = ["HEADINGS", "day", "groups", "render_template", "render_with", "size", "when"]

EXCERPT = 240
"""Longest quote of new terms text in a notice."""


def when(notice: Notice) -> str:
    """The sentence with the dates every channel repeats, in the notice's language."""
    return phrases.when(notice.announced, notice.effective, notice.emergency, notice.locale)


def groups(notice: Notice, budget: int = BUDGETS["email"]) -> list[tuple[str, list[dict[str, Any]], int]]:
    """(heading, lines, changes left out) per level, most severe first: one line per root
    cause (`told.py`), each with its terms excerpt, within `budget` characters (twice each
    line's plain text: an e-mail says everything in text and in HTML)."""
    out = []
    locale = notice.locale
    all_fitted = fit(notice.changes, budget, lambda t: 2 * size(t), locale=locale)
    several = sections(all_fitted)
    for fitted in all_fitted:
        lines = []
        for t in fitted.lines:
            said, todo = t.said, t.todo
            affects = (phrases.affects(len(t.operations), t.shown_operations, t.more_operations, locale)
                       if t.shown_operations else ())
            lines.append({"change": t.first.change, "effective": t.effective, "said": said,
                          "quoted": quoted(said), "affects": affects, "affects_quoted": quoted(affects),
                          "excerpt": _excerpt(t.first.change), "todo": todo, "todo_quoted": quoted(todo),
                          "later": (phrases.takes_effect_on(t.effective, locale)
                                    if t.effective != notice.effective else "")})
        out.append((heading(fitted, several, locale), lines, fitted.left))
    return out


def size(line: Told) -> int:
    """About how many characters a line takes in plain text: its sentence, the
    operations named, what to do, and the quoted terms."""
    hint = line.todo
    excerpt = _excerpt(line.first.change) or ""
    return (60 + sum(len(t) + 2 for _, t in (*line.said, *hint)) + len(excerpt)
            + sum(len(op) + 2 for op in line.shown_operations))


def _excerpt(change: Any) -> str | None:
    """New wording of a terms passage that takes something: customers should read it, not a summary."""
    if change.subject is not Subject.TERMS or change.level is not Level.BREAKING or not change.after:
        return None
    text = str(change.after)
    return text if len(text) <= EXCERPT else text[:EXCERPT - 1].rstrip() + "…"


def render_template(name: str, notice: Notice, *, html: bool = False, **extra: Any) -> str:
    """Render template `notice/<name>` with the notice, its groups, its dates and `extra`."""
    return render_with(name, notice, groups(notice), html=html, **extra)


def render_with(name: str, notice: Notice, grouped: list[tuple[str, list[dict[str, Any]], int]], *,
                html: bool = False, **extra: Any) -> str:
    """Render template `notice/<name>` in the notice's language with these groups: `more(n)`
    says what a budget left out."""
    return environment(html, notice.locale).get_template(f"notice/{name}").render(
        notice=notice, groups=grouped, when=when(notice),
        more=lambda left: phrases.more_changes(left, notice.locale), **extra)
