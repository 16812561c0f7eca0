"""In-band notice: the HTTP response headers a deprecated or removed operation should send.

Many API clients are programs whose owners never read the e-mail or the changelog; the one
channel that always reaches them is the response itself. From the announcement on, every
response of an operation the notice deprecates or removes should carry:

- `Deprecation` (RFC 9745): a structured-field date, `@<unix seconds>`, the day the operation
  is (or was) deprecated. Announcing a removal deprecates the operation too, so both
  `api.operation.deprecated` and `api.operation.removed*` give it, dated the announcement
  day unless the change states its own day; never later than the sunset (RFC 9745 asks
  deprecation to precede sunset).
- `Sunset` (RFC 8594): an HTTP-date (IMF-fixdate), the day the operation stops answering:
  for removals the change's effective day; otherwise the sunset date the new document
  declares (`x-sunset` or a documented `Sunset` header) as carried by the
  `api.operation.sunset-added|earlier|later` changes. `sunset-later` gives only its new,
  later date; `api.operation.reactivated` (removal called off) gives no headers at all.
- `Link` with `rel="deprecation"` (RFC 9745) and `rel="sunset"` (RFC 8594) to `notice.url`, so
  a client that logs the header can find out what to do.

Parameter deprecations (`api.parameter.deprecated`) and webhooks get nothing: the headers
speak about the resource, and webhook responses come from the customer. The URL is
percent-encoded so nothing in it can end the header or start another (header injection),
and every value is checked for control characters before it is returned.
"""

from __future__ import annotations

import datetime as dt
import re
from email.utils import format_datetime
from urllib.parse import quote

import orjson

from ..model import Subject
from ..openapi.lifecycle import parse_date
from ..rules import CATALOG
from ..untrusted import presents
from .model import Notice, NoticeChange

FILE = "headers.json"

REMOVALS = frozenset({"api.operation.removed", "api.operation.removed-without-deprecation",
                      "api.operation.removed-before-sunset"})
DEPRECATED = "api.operation.deprecated"
REACTIVATED = "api.operation.reactivated"
SUNSETS = frozenset({"api.operation.sunset-added", "api.operation.sunset-earlier",
                     "api.operation.sunset-later"})

# RFC 3986 reserved and unreserved characters, plus `%` so existing escapes survive; anything
# else (spaces, `<>"`, `\`, controls, non-ASCII) is percent-encoded.
_URL_SAFE = ":/?#[]@!$&'()*+,;=%"
_UNSAFE = re.compile(r"[^\x20-\x7e]")


def headers(notice: Notice) -> dict[str, dict[str, str]]:
    """Per operation ("METHOD /path", sorted), the response headers to send from the announcement."""
    by_op: dict[str, list[NoticeChange]] = {}
    for item in notice.changes:
        rule = CATALOG.get(item.change.rule)
        whole_operation = rule is not None and rule.subject is Subject.API and rule.scope == "operation"
        if item.change.operation and whole_operation:
            by_op.setdefault(item.change.operation, []).append(item)
    out: dict[str, dict[str, str]] = {}
    for operation in sorted(by_op):
        found = _for_operation(notice, by_op[operation])
        if found:
            out[operation] = found
    return out


@presents
def render(notice: Notice) -> str:
    """`headers(notice)` as indented, key-sorted JSON: byte-for-byte stable for review and diffs.

    Operation names are shown one-line like every other channel's text: a server's config is
    keyed by them, and no control character belongs in an HTTP method or path."""
    return orjson.dumps(headers(notice), option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode() + "\n"


def _for_operation(notice: Notice, items: list[NoticeChange]) -> dict[str, str]:
    rules = {i.change.rule for i in items}
    if REACTIVATED in rules:  # the removal was called off: claim neither deprecation nor sunset
        return {}
    sunset = _sunset(items)
    deprecated = _deprecated(notice, items) if rules & (REMOVALS | {DEPRECATED}) else None
    if deprecated is not None and sunset is not None:
        deprecated = min(deprecated, sunset)
    found: dict[str, str] = {}
    links: list[str] = []
    url = link_target(notice.url)
    if deprecated is not None:
        found["Deprecation"] = f"@{_epoch(deprecated)}"
        if url:
            links.append(f'<{url}>; rel="deprecation"; type="text/html"')
    if sunset is not None:
        found["Sunset"] = format_datetime(_midnight(sunset), usegmt=True)
        if url:
            links.append(f'<{url}>; rel="sunset"; type="text/html"')
    if links:
        found["Link"] = ", ".join(links)
    for name, value in found.items():
        if _UNSAFE.search(value):  # defence in depth: nothing above should let one through
            raise ValueError(f"refusing a {name} header with control or non-ASCII characters: {value!r}")
    return found


def _deprecated(notice: Notice, items: list[NoticeChange]) -> dt.date:
    """The announcement day, or the earliest day a deprecation change states for itself."""
    said = [d for i in items if i.change.rule == DEPRECATED
            for d in [parse_date(i.change.after)] if d is not None]
    return min([notice.announced, *said])


def _sunset(items: list[NoticeChange]) -> dt.date | None:
    """When it stops answering: a removal's day first; else the declared sunset (its new value)."""
    removals = [i.effective for i in items if i.change.rule in REMOVALS]
    if removals:
        return min(removals)
    declared = [d for i in items if i.change.rule in SUNSETS
                for d in [parse_date(i.change.after)] if d is not None]
    return min(declared) if declared else None


def link_target(url: str | None) -> str | None:
    """`url` safe inside `<...>` of a Link header: percent-encoded, never CR, LF or `>`."""
    if not url or not url.strip():
        return None
    return quote(url.strip(), safe=_URL_SAFE)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _epoch(day: dt.date) -> int:
    return int(_midnight(day).timestamp())
