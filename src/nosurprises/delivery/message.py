"""A rendered message made ready to deliver, and what one attempt to deliver it came to.

Every message to deliver is read and checked before the first one leaves: a missing or broken `.eml`
is bad input (exit 2) and must not be found half-way through a batch. The message keeps its
bytes as rendered; only a missing `Message-ID` is added, derived from the message's key, so
a receiver that sees it twice (a retry after a lost connection) can tell it is one message.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..errors import InputError
from ..notices.outbox import Message

MAX_BYTES = 32 * 1024 * 1024
"""The largest message read (a notice with a redline attached is well under 1 MB)."""


@dataclass(frozen=True)
class Ready:
    """A message as it will be delivered: its bytes, its Message-ID, and what a webhook says."""

    message: Message
    raw: bytes
    message_id: str
    sender: str | None
    subject: str
    text: str


@dataclass(frozen=True)
class Result:
    """How one attempt ended: `sent`, `failed` (for good) or `retry` (worth another attempt).

    `refused`: recipients the server refused while it accepted the others; the message went
    to those others, and only the refused ones are tried again."""

    state: Literal["sent", "failed", "retry"]
    error: str | None = None
    refused: tuple[str, ...] = field(default=())
    retry_after: float | None = None


def ready(folder: Path, message: Message) -> Ready:
    """The message's file read, parsed and given a Message-ID if it has none."""
    import email
    from email.policy import default

    path = Path(folder) / message.file
    if path.is_symlink():
        raise InputError(str(path), "is a symbolic link; an outbox's messages are files inside it")
    if path.exists() and not path.is_file():
        raise InputError(str(path), "is not a file")
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise InputError(str(path), f"no such file (message {message.key!r} of the outbox)") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot be read: {exc.strerror or exc}") from None
    if len(raw) > MAX_BYTES:
        raise InputError(str(path), f"is larger than {MAX_BYTES // (1024 * 1024)} MB")
    parsed = email.message_from_bytes(raw, policy=default)
    if parsed.defects or not parsed.keys():
        raise InputError(str(path), "is not an e-mail message (RFC 5322 headers and a body)")
    try:
        subject = " ".join(str(parsed.get("Subject", "")).split())
        senders = parsed["From"].addresses if parsed["From"] else ()
        body = parsed.get_body(("plain",))
        text = body.get_content().replace("\r\n", "\n") if body is not None else ""  # CRLF on the wire only
    except (LookupError, ValueError, AttributeError, IndexError) as exc:
        raise InputError(str(path), f"cannot be read as an e-mail: {exc}") from None
    sender = senders[0].addr_spec if len(senders) == 1 and senders[0].addr_spec else None
    existing = parsed.get("Message-ID")
    if existing and str(existing).strip():
        message_id = str(existing).strip()
    else:
        domain = senders[0].domain if sender and re.fullmatch(r"[A-Za-z0-9.-]+", senders[0].domain) else None
        message_id = derived_id(message.key, domain or "nosurprises.invalid")
        raw = f"Message-ID: {message_id}\r\n".encode("ascii") + raw
    return Ready(message=message, raw=raw, message_id=message_id, sender=sender, subject=subject,
                 text=text)


def derived_id(key: str, domain: str) -> str:
    """`<hash-of-key.nosurprises@domain>`: the same for the same key on every run."""
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}.nosurprises@{domain}>"
