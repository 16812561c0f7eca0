"""Bare e-mail addresses (`ops@acme.example`): what SMTP takes in `RCPT TO`.

The customer directory, the outbox and a usage file's customer ids all need to tell one,
and must agree, or a customer the directory accepts could be refused by `send`. A bare
address is a dot-atom local part, `@`, and a domain of dot-separated labels: no display
name, no angle brackets, no spaces.
"""

from __future__ import annotations

import re

MAX_LENGTH = 320
"""64 characters before the `@` and 255 after (RFC 5321), with the `@`."""

_BARE = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                   r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+")


def is_bare(text: str) -> bool:
    """Whether `text` is one bare address."""
    return len(text) <= MAX_LENGTH and _BARE.fullmatch(text) is not None
