"""Delivery by SMTP: one connection for the batch, encrypted unless the server is this machine.

The password comes from the environment only (`NOSURPRISES_SMTP_USER`,
`NOSURPRISES_SMTP_PASSWORD`): a command line is visible to every user of the machine (`ps`)
and lands in shell histories and CI logs. `none` (no encryption) is refused for any server
but this machine, where a local relay (Postfix, a test server) listens in the clear.

What a reply means decides what happens next (RFC 5321): 2xx delivered; 4xx a transient
failure, tried again after a pause; 5xx permanent, recorded as failed and not tried again;
a lost connection is tried again on a new connection. A recipient the server refuses fails
that message (with the server's reply) and the batch goes on; when it accepts some
recipients and refuses others, the message went to the accepted ones, and only the refused
ones are tried again. A retry after a lost connection may deliver a message the server had
already taken: its Message-ID stays the same, so the receiving side can tell (RFC 5321 §6.1
accepts such duplicates rather than lost mail).
"""

from __future__ import annotations

import contextlib
import re
import smtplib
import ssl
from dataclasses import dataclass, field

from ..errors import InputError
from ..network import LOOPBACK
from ..untrusted import one_line
from .message import Ready, Result

PORTS = {"starttls": 587, "tls": 465, "none": 25}
USER, PASSWORD = "NOSURPRISES_SMTP_USER", "NOSURPRISES_SMTP_PASSWORD"


def server(text: str, security: str) -> tuple[str, int]:
    """(host, port) of `--smtp HOST[:PORT]` (`[::1]:2525` for an IPv6 address); the port
    defaults to the one of `security` (587, 465, 25). `none` only for this machine."""
    match = re.fullmatch(r"\[([0-9A-Fa-f:.]+)\](?::(\d{1,5}))?|([^\s:\[\]/@]+)(?::(\d{1,5}))?", text)
    if not match:
        raise InputError("--smtp", f"{text!r} is not HOST or HOST:PORT (e.g. smtp.example.com:587)")
    host = match.group(1) or match.group(3)
    port = int(match.group(2) or match.group(4) or PORTS[security])
    if not 0 < port < 65536:
        raise InputError("--smtp", f"{text!r}: the port must be 1 to 65535")
    if security == "none" and host.lower() not in LOOPBACK:
        raise InputError("--smtp-security", f"none sends mail and any password in the clear: only "
                                            f"for a server on this machine ({', '.join(sorted(LOOPBACK))}), "
                                            f"not {host}; use starttls or tls")
    return host, port


def credentials(environ: dict[str, str]) -> tuple[str, str] | None:
    """(user, password) from the environment, both or neither."""
    user, password = environ.get(USER), environ.get(PASSWORD)
    if not user and not password:
        return None
    if not user or not password:
        missing = USER if not user else PASSWORD
        raise InputError(missing, f"is not set: set both {USER} and {PASSWORD}, or neither")
    return user, password


def _reply(code: int, text: bytes | str) -> str:
    said = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return one_line(f"{code} {' '.join(said.split())}")[:300]


def _by_code(code: int, what: str) -> Result:
    return Result("retry" if 400 <= code < 500 else "failed", what)


@dataclass
class Smtp:
    """The SMTP channel: `open` once, `deliver` each message, `close` at the end."""

    host: str
    port: int
    security: str = "starttls"
    login: tuple[str, str] | None = None
    timeout: float = 30.0
    channel: str = "email"
    _conn: smtplib.SMTP | None = field(default=None, init=False, repr=False)

    @property
    def name(self) -> str:
        return f"{self.host}:{self.port}"

    def _connect(self) -> smtplib.SMTP:
        context = ssl.create_default_context()  # verifies the certificate and the host name
        conn: smtplib.SMTP
        if self.security == "tls":
            conn = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        else:
            conn = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            conn.ehlo()
            if self.security == "starttls":
                conn.starttls(context=context)  # refused by smtplib when the server does not offer it
                conn.ehlo()
            if self.login:
                conn.login(*self.login)
        except BaseException:
            conn.close()
            raise
        return conn

    def open(self) -> None:
        """Connect and log in before anything is sent: a wrong host, a certificate that does
        not verify, a server without STARTTLS or refused credentials are one line, exit 2."""
        try:
            self._conn = self._connect()
        except smtplib.SMTPNotSupportedError as exc:
            raise InputError(f"--smtp {self.name}", f"{exc}; the server offers no encryption with "
                                                    f"--smtp-security {self.security}") from None
        except smtplib.SMTPAuthenticationError as exc:
            raise InputError(f"--smtp {self.name}", f"refused the login of {USER}: "
                                                    f"{_reply(exc.smtp_code, exc.smtp_error)}") from None
        except smtplib.SMTPResponseException as exc:
            raise InputError(f"--smtp {self.name}", _reply(exc.smtp_code, exc.smtp_error)) from None
        except (ssl.SSLError, ssl.CertificateError) as exc:
            raise InputError(f"--smtp {self.name}", f"TLS failed: {exc}") from None
        except (OSError, smtplib.SMTPException) as exc:
            raise InputError(f"--smtp {self.name}", f"cannot connect: {exc}") from None

    def deliver(self, ready: Ready, to: list[str]) -> Result:
        """One attempt to hand `ready` to the server for `to`."""
        if ready.sender is None:  # checked by `check` before any sending; kept for library callers
            return Result("failed", "the message has no single From address for the envelope")
        raw = re.sub(rb"\r?\n", b"\r\n", ready.raw)
        try:
            if self._conn is None:
                self._conn = self._connect()
            refused = self._conn.sendmail(ready.sender, to, raw)
        except smtplib.SMTPRecipientsRefused as exc:  # every recipient: nothing was sent
            return _refused(exc.recipients, partly=False)
        except smtplib.SMTPServerDisconnected as exc:
            self._drop()
            return Result("retry", f"connection lost: {exc or 'the server closed it'}")
        except smtplib.SMTPResponseException as exc:  # sender refused, data refused, 421 ...
            if exc.smtp_code == 421:
                self._drop()
            return _by_code(exc.smtp_code, _reply(exc.smtp_code, exc.smtp_error))
        except (ssl.SSLError, ssl.CertificateError) as exc:
            self._drop()
            return Result("failed", f"TLS failed: {exc}")
        except smtplib.SMTPException as exc:  # before OSError, its base class
            self._drop()
            return Result("failed", one_line(str(exc))[:300])
        except OSError as exc:  # refused, reset, timed out
            self._drop()
            return Result("retry", f"connection failed: {exc}")
        return _refused(refused, partly=True) if refused else Result("sent")

    def _drop(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(OSError):
                self._conn.close()
            self._conn = None

    def close(self) -> None:
        """QUIT, politely; a server that already went away is no error."""
        if self._conn is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self._conn.quit()
            self._drop()


def _refused(replies: dict[str, tuple[int, bytes]], *, partly: bool) -> Result:
    """Recipients the server refused, with its replies: tried again when every refusal is
    temporary (4xx). `partly`: the others accepted it, so only these are to be tried again."""
    transient = all(400 <= code < 500 for code, _ in replies.values())
    return Result("retry" if transient else "failed", "refused " + "; ".join(
        f"{addr}: {_reply(code, text)}" for addr, (code, text) in replies.items()),
        refused=tuple(replies) if partly else ())
