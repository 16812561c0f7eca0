"""Delivery to a webhook: one JSON POST per message (a Slack incoming webhook, or the
provider's own system), with the message's key as `Idempotency-Key`.

The standard library's urllib, so delivery brings no HTTP dependency. `https://` only, or
`http://` to this machine. Redirects are not followed (a POST turned into a GET, or a body
sent to a host nobody named, is worse than a failure). 2xx is delivered; 429, 5xx and a
connection that fails are tried again, after the pause the server asks for (`Retry-After`)
when it asks; any other answer is a failure recorded with the status. The optional token
comes from `NOSURPRISES_WEBHOOK_TOKEN` as `Authorization: Bearer`, never from the command line.
"""

from __future__ import annotations

import email.utils
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any

import orjson

from .. import __version__
from ..errors import InputError
from ..network import LOOPBACK, NoRedirect
from ..untrusted import one_line
from .message import Ready, Result

TOKEN = "NOSURPRISES_WEBHOOK_TOKEN"
MAX_RETRY_AFTER = 300.0
"""The longest pause a `Retry-After` may ask for (seconds); a longer one ends the attempts."""


def check_url(url: str) -> str:
    """`url` if it is https://, or http:// to this machine; else one line."""
    parts = urllib.parse.urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("https", "http") or not host or any(c in url for c in " \t\r\n"):
        raise InputError("--webhook", "is not an https:// URL (http:// only to localhost)")
    if parts.scheme == "http" and host not in LOOPBACK:
        raise InputError("--webhook", f"http:// sends the notices in the clear: only to this machine "
                                      f"({', '.join(sorted(LOOPBACK))}), not {host}; use https://")
    if parts.username or parts.password:
        raise InputError("--webhook", f"the URL carries credentials; give a token in {TOKEN} instead")
    return url


def body(ready: Ready, fmt: str) -> bytes:
    """The POST body: the message's facts (`json`) or Slack's `{"text": ...}` (`slack`)."""
    m = ready.message
    if fmt == "slack":
        return orjson.dumps({"text": f"{ready.subject}\n\n{ready.text}"})
    return orjson.dumps({"key": m.key, "notice": m.notice, "customer": m.customer, "to": m.to,
                         "subject": ready.subject, "text": ready.text, "locale": m.locale})


def retry_after(value: str | None) -> float | None:
    """Seconds from a `Retry-After` header (a number, or an HTTP date), None if absent or odd."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time()) if when.tzinfo else None


@dataclass
class Webhook:
    """The webhook channel; `deliver` one message per POST."""

    url: str
    fmt: str = "json"
    token: str | None = None
    timeout: float = 30.0
    channel: str = "webhook"
    _opener: urllib.request.OpenerDirector | None = field(default=None, init=False, repr=False)

    @property
    def name(self) -> str:
        parts = urllib.parse.urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"  # the path of a Slack URL is its secret

    def open(self) -> None:
        local = (urllib.parse.urlsplit(self.url).hostname or "").lower() in LOOPBACK
        handlers: list[Any] = [NoRedirect()]  # a 3xx is an HTTPError: a failure, recorded with its status
        if local:
            handlers.append(urllib.request.ProxyHandler({}))  # a proxy cannot reach this machine
        self._opener = urllib.request.build_opener(*handlers)

    def deliver(self, ready: Ready, to: list[str]) -> Result:
        """One POST of `ready`; `to` is recorded, the receiving system addresses it."""
        headers = {"Content-Type": "application/json", "Idempotency-Key": ready.message.key,
                   "User-Agent": f"nosurprises/{__version__}"}
        if self._opener is None:
            self.open()
        assert self._opener is not None
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.url, data=body(ready, self.fmt), headers=headers,
                                         method="POST")
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                response.read(65536)
                status = response.status
        except urllib.error.HTTPError as exc:
            with exc:
                said = exc.read(300).decode("utf-8", "replace")
                wait = retry_after(exc.headers.get("Retry-After"))
            what = one_line(f"HTTP {exc.code} {exc.reason}: {' '.join(said.split())}".rstrip(": "))[:300]
            if exc.code == 429 or exc.code >= 500:
                if wait is not None and wait > MAX_RETRY_AFTER:
                    return Result("failed", f"{what} (asked to wait {wait:.0f} s, more than "
                                            f"{MAX_RETRY_AFTER:.0f} s)")
                return Result("retry", what, retry_after=wait)
            return Result("failed", what)
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            return Result("retry", one_line(f"cannot reach {self.name}: {reason}")[:300])
        if 200 <= status < 300:
            return Result("sent")
        return Result("failed", f"HTTP {status}")

    def close(self) -> None:
        pass
