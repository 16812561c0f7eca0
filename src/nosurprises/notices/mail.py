"""The e-mail: a MIME message (plain text and HTML alternatives) ready for any mail tool.

Built with the standard library's `email` package so headers are encoded correctly (a product
name with non-ASCII letters, a subject over 78 characters). By default it has no `Date`, `Message-ID` or
recipients: the mail system adds those when it sends; the file stays the same byte for byte.
The MIME boundary is derived from the content for the same reason. Asked for (`Headers`), it
carries `To`, a `Date` and `Message-ID` derived from the notice (the announcement day at 00:00
UTC, `<notice-id@domain-of-From>`: still the same bytes every run), and `List-Unsubscribe` for
an optional notice only: a notice of changes customers must act on is a service notice that
nobody may opt out of, so it never offers to unsubscribe.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from email.errors import HeaderParseError
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from ..errors import InputError
from ..i18n import gettext
from ..model import Level
from ..templating import printable
from ..untrusted import no_workflow_commands, presents
from .context import day, groups, render_with
from .model import Notice
from .told import BUDGETS

FILE = "notice.eml"
BUDGET = BUDGETS["email"] // 2
"""What the list of changes may spend, counted as `context.groups` counts (twice a line's plain
text): the HTML part with its inline styles (mail clients drop `<style>`) takes about three times
the plain text, so the whole file stays within `BUDGETS["email"]`."""


@dataclass(frozen=True)
class Headers:
    """What a provider's mail system needs beyond `Subject` and `From`; empty, none is added.

    `to`: the recipients. `dated`: `Date` and `Message-ID` derived from the notice (needs a
    sender for the domain). `unsubscribe`: an https or mailto URL for `List-Unsubscribe`; it
    makes the notice optional (marketing), which only a notice whose every change is `info`
    may be."""

    to: tuple[str, ...] = ()
    dated: bool = False
    unsubscribe: str | None = None


NO_HEADERS = Headers()
_UNSUBSCRIBE = re.compile(r"(https://|mailto:)[^\s<>\"'`\\{}|^,\x00-\x1f\x7f]+")


def _address(value: str, option: str) -> str:
    """`value` if it is exactly one mail address, else one line naming `option`."""
    scratch = EmailMessage(policy=SMTP)
    try:
        scratch["From"] = value
        addresses, defects = scratch["From"].addresses, scratch["From"].defects
    except (ValueError, IndexError, HeaderParseError):
        addresses, defects = (), ()
    if len(addresses) != 1 or "@" not in addresses[0].addr_spec or defects:
        raise InputError(option, f"{value!r} is not one mail address (e.g. 'Acme <api@acme.example>')")
    return value


def subject(notice: Notice) -> str:
    """`Action required: Pets API changes on 1 December 2027` (plain facts, no alarm words)."""
    when = day(notice.effective, notice.locale)
    product = " ".join(str(printable(notice.product)).split())  # one line: no CR/LF from a spec title
    if notice.emergency:
        return gettext("Urgent: {product} changes in effect since {day}", notice.locale).format(
            product=product, day=when)
    if notice.at(Level.BREAKING):
        return gettext("Action required: {product} changes on {day}", notice.locale).format(
            product=product, day=when)
    return gettext("{product} changes on {day}", notice.locale).format(product=product, day=when)


@presents
def message(notice: Notice, sender: str | None = None,
            attachments: Sequence[tuple[str, str]] = (), headers: Headers = NO_HEADERS) -> EmailMessage:
    """The e-mail as an `EmailMessage`; `sender` fills `From` when given; `attachments` are
    (file name, HTML) pairs, e.g. the redline of changed terms, so customers read the words;
    `headers` adds recipients, a date and an unsubscribe link (see `Headers`)."""
    msg = EmailMessage(policy=SMTP)
    msg["Subject"] = subject(notice)
    if sender:
        msg["From"] = _address(sender, "--from")
    if headers.to:
        msg["To"] = ", ".join(_address(one, "--to") for one in headers.to)  # one To header
    if headers.dated:
        if not sender:
            raise InputError("--dated", "needs --from: the Message-ID is <notice-id@domain-of-From>")
        domain = msg["From"].addresses[0].domain
        if not re.fullmatch(r"[A-Za-z0-9.-]+", domain):
            raise InputError("--from", f"{sender!r}: the domain {domain!r} cannot name a Message-ID")
        msg["Date"] = format_datetime(dt.datetime.combine(notice.announced, dt.time(), dt.UTC))
        local = re.sub(r"[^A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+", "-", notice.id).strip(".-") or "notice"
        msg["Message-ID"] = f"<{local}@{domain}>"
    if headers.unsubscribe:
        if not _UNSUBSCRIBE.fullmatch(headers.unsubscribe):
            raise InputError("--unsubscribe", f"{headers.unsubscribe!r} is not an https:// or mailto: URL "
                             "without spaces, quotes, commas or control characters")
        required = [c for c in notice.changes if c.change.level is not Level.INFO]
        if required:
            raise InputError("--unsubscribe", f"this notice is a service notice customers cannot opt out "
                             f"of: {len(required)} change(s) at warning or above (e.g. "
                             f"{required[0].title}); only a notice of info changes is optional")
        msg["List-Unsubscribe"] = f"<{headers.unsubscribe}>"
        if headers.unsubscribe.startswith("https://"):
            msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"  # RFC 8058
    msg["X-Nosurprises-Notice"] = notice.id
    text = no_workflow_commands(_render("email.txt.j2", notice))
    msg.set_content(text)
    msg.add_alternative(no_workflow_commands(
        _render("email.html.j2", notice, html=True, subject=subject(notice))), subtype="html")
    for name, html in attachments:
        msg.add_attachment(html, subtype="html", filename=name)
    digest = hashlib.sha256(text.encode())
    for name, html in attachments:
        digest.update(name.encode() + html.encode())
    for n, part in enumerate(p for p in msg.walk() if p.is_multipart()):
        part.set_boundary(f"=_{digest.hexdigest()[:24]}_{n}")  # random boundaries would differ per run
    return msg


def _render(name: str, notice: Notice, *, html: bool = False, **extra: str) -> str:
    """`context.render_template` with the e-mail's own budget: both parts list the same lines."""
    return render_with(name, notice, groups(notice, BUDGET), html=html, **extra)


def render(notice: Notice, attachments: Sequence[tuple[str, str]] = (), sender: str | None = None,
           headers: Headers = NO_HEADERS) -> str:
    """The message as RFC 5322 text (CRLF line ends, as mail tools expect); folded headers and
    quoted-printable lines may start anywhere in a text, so no line of it starts with `::`."""
    return no_workflow_commands(message(notice, sender, attachments, headers).as_string())
