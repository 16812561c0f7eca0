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

from ..model import Level
from ..templating import printable
from ..untrusted import presents
from ..words import Pieces
from .context import HEADINGS, size
from .model import Notice, NoticeChange, slug
from .told import BUDGETS, Told, fit, heading, sections

FILE = "feed.xml"
ATOM = "http://www.w3.org/2005/Atom"

_NOUNS = {Level.BREAKING: ("breaking change", "breaking changes"),
          Level.WARNING: ("change to review", "changes to review"),
          Level.INFO: ("minor change", "minor changes")}


def clean(text: str) -> str:
    """Text safe for XML and iCalendar: one line, control characters dropped (XML 1.0 forbids
    most of them, RFC 5545 the rest, and none of them means anything to a reader)."""
    return str(printable(text))


def take_effect(changes: list[NoticeChange]) -> str:
    """`3 breaking changes, 1 change to review take effect`: the worst first, as a reader scans."""
    parts = []
    for level in Level:
        n = sum(c.change.level is level for c in changes)
        if n:
            parts.append(f"{n} {_NOUNS[level][n != 1]}")
    verb = "takes" if len(changes) == 1 else "take"
    return f"{', '.join(parts) or 'changes'} {verb} effect"


def when(notice: Notice) -> str:
    """`on 2027-12-01`, or the span when declared events bring their own days."""
    days = sorted({c.effective for c in notice.changes} | {notice.effective})
    if len(days) == 1:
        return f"on {days[0].isoformat()}"
    return f"between {days[0].isoformat()} and {days[-1].isoformat()}"


def title(notice: Notice) -> str:
    """`Pets API: 3 breaking changes take effect on 2027-12-01`."""
    product = clean(notice.product) + (" (emergency)" if notice.emergency else "")
    return f"{product}: {take_effect(notice.changes)} {when(notice)}"


def tag(notice: Notice, *rest: str) -> str:
    """A `tag:` URI (RFC 4151): stable across builds, unlike a URL that may move."""
    parts = [slug(notice.product), *(quote(clean(p), safe="-._~:@!$'()*+,;=") for p in rest)]
    return f"tag:nosurprises,{notice.announced.year}:{'/'.join(parts)}"


def _midnight(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _e(text: str) -> str:
    return html.escape(clean(text), quote=True)


def _item(line: Told, effective: dt.date) -> str:
    text = f"<strong>{_e(line.title)}</strong>"
    if line.operation:
        text += f" (<code>{_e(line.operation)}</code>)"
    if line.effective != effective:
        text += f" (takes effect on {line.effective.isoformat()})"
    text += ": " + _code(line.said)
    if line.shown_operations:
        more = f" and {line.more_operations} more" if line.more_operations else ""
        text += (f"<br/>It affects {len(line.operations)} operations: "
                 + ", ".join(f"<code>{_e(op)}</code>" for op in line.shown_operations) + f"{more}.")
    if line.todo:
        text += f"<br/>What to do: {_code(line.todo)}"
    return f"<li>{text}</li>"


def _code(said: Pieces) -> str:
    return "".join(f"<code>{_e(t)}</code>" if code else _e(t) for code, t in said)


def _more(left: int, url: str | None) -> str:
    where = f': <a href="{_e(url)}">{_e(url)}</a>' if url else ""
    return f"<li>And {left} more {'change' if left == 1 else 'changes'} of this kind{where}.</li>"


def content(notice: Notice) -> str:
    """The entry's HTML: every text escaped here, then escaped again by ElementTree as XML text."""
    parts = []
    if notice.emergency:
        why = f" {_e(notice.justification)}" if notice.justification else ""
        parts.append(f"<p><strong>Emergency change.</strong>{why}</p>")
    if notice.summary:
        parts.append(f"<p>{_e(notice.summary)}</p>")
    parts.append(f"<p>Announced on {notice.announced.isoformat()}; takes effect on "
                 f"{notice.effective.isoformat()} ({notice.notice_days} days' notice).</p>")
    all_fitted = fit(notice.changes, BUDGETS["feed"], lambda t: 3 * size(t))
    for fitted in all_fitted:
        parts.append(f"<h2>{_e(heading(fitted, sections(all_fitted), HEADINGS))}</h2>")
        items = "".join(_item(t, notice.effective) for t in fitted.lines)
        parts.append(f"<ul>{items}{_more(fitted.left, notice.url) if fitted.left else ''}</ul>")
    if notice.url:
        parts.append(f'<p>Details: <a href="{_e(notice.url)}">{_e(notice.url)}</a></p>')
    if notice.contact:
        parts.append(f"<p>Questions: {_e(notice.contact)}</p>")
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
    _sub(feed, "title", f"{clean(notice.product)}: change notices")
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
            _sub(entry, "category", term=level.value, label=HEADINGS[level])
    if notice.summary:
        _sub(entry, "summary", clean(notice.summary), type="text")
    _sub(entry, "content", content(notice), type="html")
    ET.indent(feed)
    body = ET.tostring(feed, encoding="unicode")
    return f'<?xml version="1.0" encoding="utf-8"?>\n{body}\n'
