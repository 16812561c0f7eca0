"""The words every channel of a notice shares, in the customer's language.

Headings, dates, "what to do", "it affects 12 operations": each channel (e-mail, feed,
calendar, changelog) says them in its own markup, from the same phrases, so a notice reads
the same everywhere and translators translate each phrase once. Phrases that hold facts are
told as pieces (`words.pieces`), so a channel marks the names in them its own way; plain
labels are strings. The templates' own words (`Hello,`) are `_()` calls in the templates.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date

from ..i18n import N_, gettext, ngettext
from ..model import Level
from ..words import Code, Listing, Number, Pieces, pieces

HEADINGS = {Level.BREAKING: N_("What will stop working"), Level.WARNING: N_("What needs your attention"),
            Level.INFO: N_("Other changes")}
"""A notice's heading per level, most severe first (English: the message ids)."""

SECTIONS = {"ownership": N_("Who runs the service"), "service": N_("The service itself"),
            "data": N_("Your data"), "pricing": N_("Prices and plans"), "terms": N_("Our terms"),
            "api": N_("The API")}
"""A notice's sections by what a change is about, in the order a notice tells them: a sale
or a shutdown first, then prices, terms and the API."""

AUDIENCES = {"eu-business": N_("business customers in the EU"), "paying": N_("paying customers"),
             "existing": N_("existing customers"), "new": N_("new customers"), "free": N_("free users")}
"""Whom a section reaches, by the audience tags of changes and ledger entries; a tag the
provider made up is shown as it is."""

BY_NAME_ALONE = frozenset({"ownership", "data"})
"""Sections whose sentences say what happens (a sale, a new processor): their heading is
their name, not "what will stop working"."""

WHAT_TO_DO = N_("What to do:")
DETAILS = N_("The details:")
QUESTIONS = N_("Questions:")
NEW_TEXT = N_("New text:")
SEE_DETAILS = N_("see the details")
EMERGENCY = N_("This is an urgent change that could not be announced in advance:")


def day(value: dt.date, locale: str) -> str:
    """A date as readers of `locale` write it: `June 1, 2027`, `1. Juni 2027`."""
    return format_date(value, format="long", locale=locale.replace("-", "_"))


def heading(level: Level, locale: str) -> str:
    return gettext(HEADINGS[level], locale)


def section_heading(level: Level, kind: str, audience: tuple[str, ...], locale: str) -> str:
    """"Prices and plans: what will stop working", with whom it reaches when not everyone."""
    name = gettext(SECTIONS[kind], locale) if kind in SECTIONS else kind
    if audience:
        whom = ", ".join(gettext(AUDIENCES[a], locale) if a in AUDIENCES else a for a in audience)
        name = gettext("{section} (for {audience})", locale).format(section=name, audience=whom)
    if kind in BY_NAME_ALONE:
        return name
    level_name = heading(level, locale)
    if not locale.startswith("de"):  # German nouns keep their capital letter
        level_name = level_name[:1].lower() + level_name[1:]
    return gettext("{section}: {heading}", locale).format(section=name, heading=level_name)


def when(announced: dt.date, effective: dt.date, emergency: bool, locale: str) -> str:
    """The sentence with the dates every channel repeats."""
    if emergency:
        return gettext("Announced on {announced}; in effect since {effective}.", locale).format(
            announced=day(announced, locale), effective=day(effective, locale))
    days = (effective - announced).days
    return ngettext("Announced on {announced}; takes effect on {effective} ({days} day's notice).",
                    "Announced on {announced}; takes effect on {effective} ({days} days' notice).",
                    days, locale).format(announced=day(announced, locale), effective=day(effective, locale),
                                         days=days)


def takes_effect_on(value: dt.date, locale: str) -> str:
    """For a line whose day differs from the notice's."""
    return gettext("Takes effect on {day}.", locale).format(day=day(value, locale))


def affects(count: int, shown: list[str], more: int, locale: str) -> Pieces:
    """`It affects 12 operations: GET /a, GET /b and 10 more.`, the operations as names."""
    listed: object = Listing(tuple(Code(op) for op in shown), ",")
    if more:
        listed = pieces(ngettext("{operations} and {more} more", "{operations} and {more} more", more,
                                 locale), {"operations": listed, "more": Number(more)}, locale)
    return pieces(ngettext("It affects {count} operation: {operations}.",
                           "It affects {count} operations: {operations}.", count, locale),
                  {"count": Number(count), "operations": listed}, locale)


def more_changes(left: int, locale: str) -> str:
    """What a budget left out, without where to read it (each channel links its own way)."""
    return ngettext("And {count} more change of this kind", "And {count} more changes of this kind",
                    left, locale).format(count=left)

