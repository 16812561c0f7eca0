"""The changelog entry: a Keep a Changelog section, or an existing CHANGELOG.md with it added.

Keep a Changelog (keepachangelog.com) is what readers of a changelog know: a `## [version] -
date` section per release and, under it, `### Removed`, `### Changed`, `### Deprecated`,
`### Added`, `### Security`, `### Fixed`. Each line of the notice (one per root cause, see
`told.py`) goes under the category its rule's effect names; a breaking one says so first.
`merge` puts the section into an existing file without touching a byte of earlier entries:
under the version's own heading when the file has it, else as the newest release below
`## [Unreleased]`; the section sits between two markers, so announcing again replaces it.
"""

from __future__ import annotations

import re
from typing import Any

from ..i18n import pgettext
from ..model import Change, Level
from ..rule import Effect
from ..rules import CATALOG
from ..untrusted import presents
from .context import groups, render_template
from .model import Notice

FILE = "changelog.md"

CATEGORIES = ("Removed", "Changed", "Deprecated", "Added", "Security", "Fixed")
"""Keep a Changelog's categories, the most harmful first (a reader of a provider's changelog
looks for what breaks)."""

_BY_EFFECT = {Effect.REMOVAL: "Removed", Effect.DEPRECATION: "Deprecated", Effect.ADDITION: "Added"}


def category(change: Change) -> str:
    """The category of a change: security changes are `Security` whatever they do; a removal
    `Removed`, a deprecation or sunset `Deprecated`, an addition `Added`, the rest `Changed`."""
    rule = CATALOG.get(change.rule)
    if rule is None:
        return "Changed"
    if rule.scope == "security":
        return "Security"
    named = _BY_EFFECT.get(rule.effect, "Changed") if rule.effect else "Changed"
    if named == "Added" and (change.level is Level.BREAKING or rule.id.endswith(".reactivated")):
        return "Changed"  # a required parameter added breaks calls; a deprecation called off
    return named


BUDGET = 500_000
"""A changelog is read on a page, not in a mail client: a larger budget than the e-mail's."""


@presents
def render(notice: Notice) -> str:
    """One `##` section; every piece of document text is Markdown-escaped."""
    by: dict[str, list[dict[str, Any]]] = {name: [] for name in CATEGORIES}
    left = 0
    for _heading, lines, more in groups(notice, budget=BUDGET):
        left += more
        for line in lines:
            by[category(line["change"])].append(line)
    for lines in by.values():  # the most harmful first within a category too
        lines.sort(key=lambda line: line["change"].level.rank)
    names = labels(notice.locale)
    return render_template("changelog.md.j2", notice, kac=[(names[n], by[n]) for n in CATEGORIES if by[n]],
                           left=left)


def labels(locale: str) -> dict[str, str]:
    """The categories as Keep a Changelog's own translations name them in `locale`."""
    return {"Removed": pgettext("keep-a-changelog", "Removed", locale),
            "Changed": pgettext("keep-a-changelog", "Changed", locale),
            "Deprecated": pgettext("keep-a-changelog", "Deprecated", locale),
            "Added": pgettext("keep-a-changelog", "Added", locale),
            "Security": pgettext("keep-a-changelog", "Security", locale),
            "Fixed": pgettext("keep-a-changelog", "Fixed", locale)}


def _markers(notice: Notice) -> tuple[str, str]:
    key = re.sub(r"[^A-Za-z0-9._-]", "-", notice.id)
    return f"<!-- nosurprises:{key} -->", f"<!-- /nosurprises:{key} -->"


_HEADING = re.compile(r"^## ", re.M)


def merge(existing: str, notice: Notice) -> str:
    """`existing` (a CHANGELOG.md) with the notice's section in it; nothing before or after
    it changes. Announcing the same notice again replaces its section."""
    start, end = _markers(notice)
    section = render(notice)
    block = f"{start}\n{section.rstrip()}\n{end}\n"
    if start in existing and end in existing[existing.index(start):]:
        i = existing.index(start)
        j = existing.index(end, i) + len(end)
        j += 1 if existing[j:j + 1] == "\n" else 0
        return existing[:i] + block + existing[j:]
    if notice.release:
        own = re.search(rf"^## \[{re.escape(notice.release)}\][^\n]*\n", existing, re.M)
        if own:  # the release is there: the categories go at the end of its section
            body = block.replace(section.splitlines()[0] + "\n", "", 1)
            nxt = _HEADING.search(existing, own.end())
            at = nxt.start() if nxt else len(existing)
            return _join(existing[:at], body, existing[at:])
    unreleased = re.search(r"^## \[Unreleased\][^\n]*\n", existing, re.M | re.I)
    nxt = _HEADING.search(existing, unreleased.end()) if unreleased else _HEADING.search(existing)
    at = nxt.start() if nxt else len(existing)
    return _join(existing[:at], block, existing[at:])


def _join(before: str, block: str, after: str) -> str:
    """`block` between the two, on lines of its own with a blank line around it."""
    if before and not before.endswith("\n"):
        before += "\n"
    if before and not before.endswith("\n\n"):
        before += "\n"
    return before + block + ("\n" + after if after else "")


def new_file(notice: Notice) -> str:
    """A CHANGELOG.md that starts with the notice's section."""
    return merge("# Changelog\n\nAll notable changes to this product are documented in this file, "
                 "following [Keep a Changelog](https://keepachangelog.com/en/1.1.0/).\n", notice)
