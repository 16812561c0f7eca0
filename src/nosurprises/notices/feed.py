"""The notice as an Atom 1.0 feed (RFC 4287): readers and chat bots poll it, so nobody must remember to look.

Built with ElementTree, never by pasting strings: messages come from specs and terms documents and may
hold `<`, `&` or control characters. Nothing is read from the clock, so the same notice always gives
the same bytes (a feed that changes on every build would notify every reader every time).
"""

from __future__ import annotations

import datetime as dt
import html
import xml.etree.ElementTree as ET
from urllib.parse import quote

from ..i18n import gettext, ngettext
from ..model import Level
from ..templating import printable
from ..untrusted import presents
from ..words import Pieces
from . import phrases
from .context import size
from .context import when as when_said
from .model import Notice, NoticeChange, slug
from .told import BUDGETS, Told, fit, heading, sections

FILE = "feed.xml"
ATOM = "http://www.w3.org/2005/Atom"



def clean(text: str) -> str:
    """Text safe for XML and iCalendar: one line, control characters dropped (XML 1.0 forbids
    most of them, RFC 5545 the rest, and none of them means anything to a reader)."""
    return str(printable(text))


def counted(level: Level, n: int, locale: str) -> str:
    """`3 breaking changes`, `1 change to review`, `2 minor changes`."""
    if level is Level.BREAKING:
        text = ngettext("{count} breaking change", "{count} breaking changes", n, locale)
    elif level is Level.WARNING:
        text = ngettext("{count} change to review", "{count} changes to review", n, locale)
    else:
        text = ngettext("{count} minor change", "{count} minor changes", n, locale)
    return text.format(count=n)


def take_effect(changes: list[NoticeChange], locale: str = "en") -> str:
    """`3 breaking changes, 1 change to review take effect`: the worst first, as a reader scans."""
    parts = [counted(level, n, locale) for level in Level
             if (n := sum(c.change.level is level for c in changes))]
    if not parts:
        return gettext("Changes take effect", locale)
    return ngettext("{changes} takes effect", "{changes} take effect", len(changes), locale).format(
        changes=", ".join(parts))


def when(notice: Notice) -> str:
    """`on 2027-12-01`, or the span when declared events bring their own days."""
    days = sorted({c.effective for c in notice.changes} | {notice.effective})
    if len(days) == 1:
        return gettext("on {day}", notice.locale).format(day=days[0].isoformat())
    return gettext("between {first} and {last}", notice.locale).format(
        first=days[0].isoformat(), last=days[-1].isoformat())


def title(notice: Notice) -> str:
    """`Pets API: 3 breaking changes take effect on 2027-12-01`."""
    product = clean(notice.product)
    if notice.emergency:
        product = gettext("{product} (emergency)", notice.locale).format(product=product)
    return f"{product}: {take_effect(notice.changes, notice.locale)} {when(notice)}"


def tag(notice: Notice, *rest: str) -> str:
    """A `tag:` URI (RFC 4151): stable across builds, unlike a URL that may move."""
    parts = [slug(notice.product), *(quote(clean(p), safe="-._~:@!$'()*+,;=") for p in rest)]
    return f"tag:nosurprises,{notice.announced.year}:{'/'.join(parts)}"


def _midnight(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _e(text: str) -> str:
    return html.escape(clean(text), quote=True)


def _item(line: Told, effective: dt.date) -> str:
    locale = line.locale
    text = _code(line.said)
    if line.effective != effective:
        text += " " + _e(phrases.takes_effect_on(line.effective, locale))
    if line.shown_operations:
        text += "<br/>" + _code(phrases.affects(len(line.operations), line.shown_operations,
                                                line.more_operations, locale))
    if line.todo:
        text += f"<br/>{_e(gettext(phrases.WHAT_TO_DO, locale))} {_code(line.todo)}"
    return f"<li>{text}</li>"


def _code(said: Pieces) -> str:
    return "".join(f"<code>{_e(t)}</code>" if code else _e(t) for code, t in said)


def _more(left: int, url: str | None, locale: str) -> str:
    where = f': <a href="{_e(url)}">{_e(url)}</a>' if url else ""
    return f"<li>{_e(phrases.more_changes(left, locale))}{where}.</li>"


def content(notice: Notice) -> str:
    """The entry's HTML: every text escaped here, then escaped again by ElementTree as XML text."""
    parts = []
    locale = notice.locale
    if notice.emergency:
        why = f" {_e(notice.justification)}" if notice.justification else ""
        parts.append(f"<p><strong>{_e(gettext(phrases.EMERGENCY, locale))}</strong>{why}</p>")
    if notice.summary:
        parts.append(f"<p>{_e(notice.summary)}</p>")
    parts.append(f"<p>{_e(when_said(notice))}</p>")
    all_fitted = fit(notice.changes, BUDGETS["feed"], lambda t: 3 * size(t), locale=locale)
    for fitted in all_fitted:
        parts.append(f"<h2>{_e(heading(fitted, sections(all_fitted), locale))}</h2>")
        items = "".join(_item(t, notice.effective) for t in fitted.lines)
        parts.append(f"<ul>{items}{_more(fitted.left, notice.url, locale) if fitted.left else ''}</ul>")
    if notice.url:
        parts.append(f'<p>{_e(gettext(phrases.DETAILS, locale))} '
                     f'<a href="{_e(notice.url)}">{_e(notice.url)}</a></p>')
    if notice.contact:
        parts.append(f"<p>{_e(gettext(phrases.QUESTIONS, locale))} {_e(notice.contact)}</p>")
    return "\n".join(parts)


def _sub(parent: ET.Element, name: str, text: str | None = None, **attrib: str) -> ET.Element:
    node = ET.SubElement(parent, name, attrib)
    node.text = text
    return node


@presents
def render(notice: Notice) -> str:
    """One feed holding one entry: the notice."""
    updated = _midnight(notice.announced)
    feed = ET.Element("feed", xmlns=ATOM)
    _sub(feed, "id", tag(notice))
    _sub(feed, "title", gettext("{product}: change notices", notice.locale).format(
        product=clean(notice.product)))
    _sub(feed, "updated", updated)
    _sub(_sub(feed, "author"), "name", clean(notice.product))
    if notice.url:
        _sub(feed, "link", rel="alternate", href=clean(notice.url))
    entry = _sub(feed, "entry")
    _sub(entry, "id", tag(notice, notice.id))
    _sub(entry, "title", title(notice))
    _sub(entry, "published", updated)
    _sub(entry, "updated", updated)
    if notice.url:
        _sub(entry, "link", rel="alternate", href=clean(notice.url))
    for level in Level:
        if notice.at(level):
            _sub(entry, "category", term=level.value, label=phrases.heading(level, notice.locale))
    if notice.summary:
        _sub(entry, "summary", clean(notice.summary), type="text")
    _sub(entry, "content", content(notice), type="html")
    ET.indent(feed)
    body = ET.tostring(feed, encoding="unicode")
    return f'<?xml version="1.0" encoding="utf-8"?>\n{body}\n'
