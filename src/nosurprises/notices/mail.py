"""The e-mail: a MIME message (plain text and HTML alternatives) ready for any mail tool.

Built with the standard library's `email` package so headers are encoded correctly (a product
name with non-ASCII letters, a subject over 78 characters). It has no `Date`, `Message-ID` or
recipients: the mail system adds those when it sends; the file stays the same byte for byte.
The MIME boundary is derived from the content for the same reason.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from email.errors import HeaderParseError
from email.message import EmailMessage
from email.policy import SMTP

from ..errors import InputError
from ..model import Level
from ..templating import printable
from ..untrusted import no_workflow_commands, presents
from .context import day, render_template
from .model import Notice

FILE = "notice.eml"


def subject(notice: Notice) -> str:
    """`Action required: Pets API changes on 1 December 2027` (plain facts, no alarm words)."""
    when = day(notice.effective, notice.locale)
    product = " ".join(str(printable(notice.product)).split())  # one line: no CR/LF from a spec title
    if notice.emergency:
        return f"Urgent: {product} changes in effect since {when}"
    prefix = "Action required: " if notice.at(Level.BREAKING) else ""
    return f"{prefix}{product} changes on {when}"


@presents
def message(notice: Notice, sender: str | None = None,
            attachments: Sequence[tuple[str, str]] = ()) -> EmailMessage:
    """The e-mail as an `EmailMessage`; `sender` fills `From` when given; `attachments` are
    (file name, HTML) pairs, e.g. the redline of changed terms, so customers read the words."""
    msg = EmailMessage(policy=SMTP)
    msg["Subject"] = subject(notice)
    if sender:
        try:
            msg["From"] = sender
            addresses = msg["From"].addresses
        except (ValueError, IndexError, HeaderParseError):
            addresses = ()
        if len(addresses) != 1 or "@" not in addresses[0].addr_spec or msg["From"].defects:
            raise InputError("--from", f"{sender!r} is not one mail address (e.g. 'Acme <api@acme.example>')")
    msg["X-Nosurprises-Notice"] = notice.id
    text = no_workflow_commands(render_template("email.txt.j2", notice))
    msg.set_content(text)
    msg.add_alternative(no_workflow_commands(
        render_template("email.html.j2", notice, html=True, subject=subject(notice))), subtype="html")
    for name, html in attachments:
        msg.add_attachment(html, subtype="html", filename=name)
    digest = hashlib.sha256(text.encode())
    for name, html in attachments:
        digest.update(name.encode() + html.encode())
    for n, part in enumerate(p for p in msg.walk() if p.is_multipart()):
        part.set_boundary(f"=_{digest.hexdigest()[:24]}_{n}")  # random boundaries would differ per run
    return msg


def render(notice: Notice, attachments: Sequence[tuple[str, str]] = (), sender: str | None = None) -> str:
    """The message as RFC 5322 text (CRLF line ends, as mail tools expect); folded headers and
    quoted-printable lines may start anywhere in a text, so no line of it starts with `::`."""
    return no_workflow_commands(message(notice, sender, attachments).as_string())
