"""Real servers on 127.0.0.1 for the delivery tests, and outboxes of real e-mails to send.

An aiosmtpd server whose handler keeps every message it accepts and can be told to refuse a
recipient or drop the connection; an HTTP server that records each request and answers as a
script says. Nothing is mocked: `send` speaks SMTP and HTTP to them over sockets.
"""

from __future__ import annotations

import email
import email.policy
import http.server
import json
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from nosurprises.notices.outbox import Message, Outbox, write_outbox

SENDER = "Acme API <api@acme.example>"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_outbox(folder: Path, customers: list[str], message_ids: bool = False,
                general: bool = False) -> Outbox:
    """An outbox of one e-mail per customer (`c1` -> `c1@example.com`), written into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    messages = []
    for customer in customers:
        msg = EmailMessage(policy=email.policy.SMTP)
        msg["Subject"] = f"Pets API changes for {customer}"
        msg["From"] = SENDER
        msg["To"] = f"{customer}@example.com"
        if message_ids:
            msg["Message-ID"] = f"<n1-{customer}@acme.example>"
        msg.set_content(f"Dear {customer},\nWe will remove POST /pets on 1 December 2027.\n")
        msg.add_alternative(f"<p>Dear {customer}</p>", subtype="html")
        name = f"notice-{customer}.eml"
        (folder / name).write_bytes(msg.as_bytes())
        messages.append(Message(key=f"n1/{customer}", notice="n1", customer=customer,
                                to=[f"{customer}@example.com"], file=name))
    if general:
        msg = EmailMessage(policy=email.policy.SMTP)
        msg["Subject"] = "Pets API changes"
        msg["From"] = SENDER
        msg.set_content("We will remove POST /pets.\n")
        (folder / "notice.eml").write_bytes(msg.as_bytes())
        messages.append(Message(key="n1/all", notice="n1", customer=None, to=[], file="notice.eml"))
    import datetime as dt

    outbox = Outbox(notice="n1", announced=dt.date(2026, 12, 1), effective=dt.date(2027, 12, 1),
                    messages=messages)
    write_outbox(folder, outbox)
    return outbox


@dataclass
class Mailbox:
    """What the SMTP server received, and how it misbehaves."""

    received: list[Any] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    refuse_code: str = "550 5.1.1 no such user here"
    drop_after: int | None = None
    """Close the connection, without keeping the message, once this many were kept."""
    logins: list[tuple[str, str]] = field(default_factory=list)

    def ids(self) -> list[str]:
        return [str(m["Message-ID"]) for m, _ in self.received]

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: list[str]) -> str:
        if address in self.refuse:
            return self.refuse_code
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.drop_after is not None and len(self.received) >= self.drop_after:
            server.transport.close()  # the connection drops mid-batch, the message not kept
            return "421 gone"
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append((msg, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"


@contextmanager
def smtp_server(mailbox: Mailbox, **kwargs: Any) -> Iterator[int]:
    """An aiosmtpd server on 127.0.0.1 handing to `mailbox`; yields its port."""
    from aiosmtpd.controller import Controller

    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


@dataclass
class Hook:
    """What the HTTP server received, and a script of answers: `answer(n, body)` gives the
    status (and headers) of the n-th request (0-based)."""

    requests: list[tuple[dict[str, str], Any]] = field(default_factory=list)
    answer: Callable[[int, Any], tuple[int, dict[str, str]]] = lambda n, body: (200, {})


@contextmanager
def http_server(hook: Hook) -> Iterator[str]:
    """A threading HTTP server on 127.0.0.1; yields its URL."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            body = json.loads(raw)
            n = len(hook.requests)
            hook.requests.append((dict(self.headers.items()), body))
            status, headers = hook.answer(n, body)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    finally:
        server.shutdown()
        server.server_close()
