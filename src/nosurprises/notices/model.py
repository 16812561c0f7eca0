"""A notice: what customers are told, when, and about which changes; the input of every channel.

One `Notice` feeds every channel (e-mail, changelog, feed, calendar, HTTP headers), so the facts
are the same everywhere. It is built either from a plan (`from_plan`: the announcement day is
given, the effective day is the earliest the policy allows, or later) or from a ledger entry
(`from_entry`: what was, or will be, announced, as recorded and reviewed).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from pydantic import BaseModel, Field

from ..errors import InputError
from ..model import Change, Level, Report
from ..policy.days import add_days
from ..policy.gate import audience_of
from ..policy.ledger import Entry
from ..policy.model import Calendar
from ..policy.plan import Plan
from ..rules import CATALOG, Effect, said, todo
from ..templating import code_spans
from ..words import Pieces


class NoticeChange(BaseModel):
    """One change as customers read it."""

    change: Change
    title: str = Field(description="The rule's title, e.g. `Operation removed without deprecation`.")
    effective: dt.date = Field(description="The day this change takes effect.")
    text: str = Field(default="", description="What customers read when it differs from the "
                      "change's message: where a terms passage changed, without the trigger words "
                      "meant for the reviewer.")

    @property
    def says(self) -> str:
        """The sentence customers read about this change."""
        return self.text or self.change.message

    @property
    def said(self) -> Pieces:
        """What customers read, in English (`said_in`)."""
        return self.said_in("en")

    def said_in(self, locale: str) -> Pieces:
        """What customers read, as (is_code, text) pieces told from the change's facts in
        `locale`: the rule's customer sentence, else `says`. Each channel marks code its own
        way (`<code>` in HTML, quotes in plain text), never with backticks."""
        rule = CATALOG.get(self.change.rule)
        if self.text and not (rule is not None and rule.customer and self.change.facts is not None):
            return tuple(code_spans(self.text))
        return said(self.change, locale, audience="customer")  # the reviewer's sentence without one

    @property
    def todo(self) -> Pieces:
        """What the customer can do, in English (`todo_in`)."""
        return self.todo_in("en")

    def todo_in(self, locale: str) -> Pieces:
        """What the customer can do (the rule's `todo`) in `locale`, never the reviewer's hint."""
        return todo(self.change, locale)


def customer_text(change: Change) -> str:
    """A terms passage is told by where it is (the title names the topic; a breaking one also
    quotes the new words); every other change by its own message."""
    if change.rule in CATALOG and CATALOG[change.rule].effect is Effect.PASSAGE and change.item:
        return f"In section {change.item}."
    return ""


class Deferred(BaseModel):
    """A change that may not be announced yet: it is told no earlier than `announce_from`."""

    change: Change
    effective: dt.date
    announce_from: dt.date


class Notice(BaseModel):
    """Everything a channel needs; channels add no facts of their own."""

    id: str = Field(description="Stable id: the ledger entry id, or `<announced>-<product>`.")
    product: str
    announced: dt.date
    effective: dt.date = Field(description="The day the changes take effect (declared events may "
                               "have their own days, see each change).")
    summary: str | None = None
    audience: list[str] = Field(default_factory=lambda: ["all"])
    emergency: bool = False
    justification: str | None = None
    url: str | None = Field(default=None, description="Where customers read the details.")
    contact: str | None = Field(default=None, description="Who customers can write to.")
    locale: str = "en"
    release: str | None = Field(default=None, description="The version the changes ship in, "
                                "for the changelog's `## [version] - date` heading.")
    changes: list[NoticeChange]
    customer: str | None = Field(default=None, description="The one customer this copy is for "
                                 "(per-customer e-mails of a price change, `--usage`).")
    impact: list[str] = Field(default_factory=list, description="For `customer`: what the change "
                              "means for each of their subscriptions, one sentence each.")
    later: list[Deferred] = Field(
        default_factory=list, description="Declared events too far ahead for this announcement "
        "(their policy has a maximum notice period): they need an announcement of their own.")

    def at(self, level: Level) -> list[NoticeChange]:
        return [c for c in self.changes if c.change.level is level]

    @property
    def notice_days(self) -> int:
        return (self.effective - self.announced).days


_URL = re.compile(r"https?://[^\s<>\"'`\\{}|^\x00-\x1f\x7f]+")


def check_url(url: str | None, source: str) -> str | None:
    """An http(s) URL that can go into a header, an href and a feed as it is; else one clear error."""
    if url is not None and not _URL.fullmatch(url):
        raise InputError(source, f"{url!r} is not an http(s) URL without spaces, quotes or control "
                                 "characters")
    return url


def slug(text: str) -> str:
    """`Pets API` -> `pets-api`, `Zürich Café` -> `zurich-cafe`: for ids and file names.

    Letters with accents keep their base letter (Unicode decomposition), so a product name
    in another language still reads in its id; what has no ASCII form is a separator."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "changes"


def _changes(changes: list[Change], effective: dt.date, days: dict[int, dt.date], level: Level
             ) -> list[NoticeChange]:
    return [NoticeChange(change=c, title=CATALOG[c.rule].title if c.rule in CATALOG else c.rule,
                         effective=days.get(i, effective), text=customer_text(c))
            for i, c in enumerate(changes) if c.level.rank <= level.rank]


def from_plan(report: Report, result: Plan, *, product: str, effective: dt.date | None = None,
              summary: str | None = None, url: str | None = None, contact: str | None = None,
              locale: str = "en", level: Level = Level.WARNING, notice_id: str | None = None,
              days: Calendar = "calendar") -> Notice:
    """The notice for announcing `report` on `result.announce`.

    `effective` may be later than the plan's earliest day, never earlier: a notice that gives
    less time than the policy asks would itself be the surprise. A declared event with a
    maximum notice period further ahead than that period goes to `later`; `days` is the
    policy's way of counting.
    """
    check_url(url, "--url")
    day = effective or result.effective
    if day < result.effective:
        short = [p for p in result.changes if p.declared_effective is None and p.earliest_effective > day]
        first = short[0] if short else None
        why = (f"; {first.change.rule} needs {first.required_min_days} days' notice "
               f"({', '.join(first.policy_rules)})" if first else "")
        raise InputError("--effective", f"{day} is earlier than the policy allows for an announcement on "
                         f"{result.announce}: the earliest is {result.effective}{why}")
    declared = {id(p.change): max(p.declared_effective, p.earliest_effective)
                for p in result.changes if p.declared_effective is not None}
    later = [Deferred(change=p.change, effective=p.declared_effective,
                      announce_from=add_days(p.declared_effective, -p.required_max_days, days))
             for p in result.changes if p.declared_effective is not None
             and p.latest_effective is not None and p.declared_effective > p.latest_effective]
    too_early = {id(d.change) for d in later}
    kept = [c for c in report.changes if id(c) not in too_early]
    own_days = {i: declared[id(c)] for i, c in enumerate(kept) if id(c) in declared}
    changes = _changes(kept, day, own_days, level)
    if effective is None and changes and all(id(c.change) in declared for c in changes):
        day = min(c.effective for c in changes)  # only declared events: the first of their own days
    audience = sorted({a for c in changes for a in audience_of(c.change)}) or ["all"]
    return Notice(id=notice_id or f"{result.announce.isoformat()}-{slug(product)}", product=product,
                  announced=result.announce, effective=day, summary=summary, audience=audience,
                  url=url, contact=contact, locale=locale, changes=changes, later=later)


def from_entry(report: Report, entry: Entry, *, product: str, url: str | None = None,
               contact: str | None = None, locale: str = "en", level: Level = Level.WARNING) -> Notice:
    """The notice a ledger entry records: its dates, summary and audience, the changes it covers."""
    check_url(url, "--url")
    check_url(entry.url, f"entry {entry.id}")
    covered = [c for c in report.changes if entry.covers_change(c)]
    if not covered:
        raise InputError(f"entry {entry.id}", "covers none of the changes found; check its `covers`")
    return Notice(id=entry.id, product=product, announced=entry.announced, effective=entry.effective,
                  summary=entry.summary, audience=list(entry.audience) or ["all"], emergency=entry.emergency,
                  justification=entry.justification, url=url or entry.url, contact=contact, locale=locale,
                  changes=_changes(covered, entry.effective, {}, level))
