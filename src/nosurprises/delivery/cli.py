"""`nosurprises send OUTBOX_DIR`: its options and the command, registered by `cli.py`.

Parsing imports nothing heavier than argparse: smtplib, ssl and urllib load in `run`, so
`nosurprises --help` and a diff stay as light as before.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from ..errors import InputError

SECURITY = ("starttls", "tls", "none")
"""`--smtp-security`: the keys of `smtp.PORTS`, here so that the parser imports no channel."""
FORMATS = ("json", "slack")


def _number(kind: type, least: float, what: str) -> Any:
    def parse(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not {what}: {text!r}") from None
        if not value >= least or value == float("inf"):  # NaN fails the first test
            raise argparse.ArgumentTypeError(f"{what} of at least {least:g}, not {text!r}")
        return value
    return parse


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """The `send` command's parser, added to the subcommands `sub`."""
    send = sub.add_parser(
        "send", help="deliver the notices of an outbox by SMTP or to a webhook (dry run unless --send)",
        description="Deliver the messages that `notice --out DIR` wrote (DIR/outbox.json) by SMTP or "
                    "to a webhook, each at most once: a journal records every attempt, and a rerun "
                    "sends only what was not delivered. Without --send it only says what it would send.")
    send.add_argument("outbox", metavar="OUTBOX_DIR", help="the folder of outbox.json and its messages")
    where = send.add_mutually_exclusive_group(required=True)
    where.add_argument("--smtp", metavar="HOST[:PORT]",
                       help="deliver by SMTP to HOST (port: 587 for starttls, 465 for tls, 25 for none); "
                            "login from NOSURPRISES_SMTP_USER and NOSURPRISES_SMTP_PASSWORD")
    where.add_argument("--webhook", metavar="URL",
                       help="POST each message as JSON to URL (https://, or http:// to localhost); "
                            "a token from NOSURPRISES_WEBHOOK_TOKEN")
    send.add_argument("--smtp-security", choices=SECURITY, default="starttls",
                      help="starttls, tls (implicit TLS) or none (only for a server on this machine) "
                           "(default: starttls)")
    send.add_argument("--webhook-format", choices=FORMATS, default="json",
                      help="json: the message's key, notice, customer, recipients, subject, text and "
                           "locale; slack: {\"text\": subject and text} (default: json)")
    send.add_argument("--journal", metavar="FILE",
                      help="the delivery journal (default: OUTBOX_DIR/deliveries.jsonl)")
    send.add_argument("--send", action="store_true",
                      help="deliver for real; without it, a dry run that sends and writes nothing")
    send.add_argument("--resend-unknown", action="store_true",
                      help="also send again messages whose last attempt has no outcome in the "
                           "journal (a crash mid-send: they may have arrived)")
    send.add_argument("--only", action="append", default=[], metavar="KEY_GLOB",
                      help="only the messages whose key matches (repeatable), e.g. '*/acme'")
    send.add_argument("--rate", type=_number(float, 0, "a rate"), default=10.0, metavar="N",
                      help="at most N messages per second (0: no limit; default: 10)")
    send.add_argument("--retries", type=_number(int, 0, "a number of retries"), default=3, metavar="N",
                      help="attempts after the first on a transient failure (default: 3)")
    send.add_argument("--backoff", type=_number(float, 0, "a delay"), default=1.0, metavar="SECONDS",
                      help="pause before the first retry, doubled for each further one, unless the "
                           "server asks for another (Retry-After) (default: 1)")
    send.add_argument("--timeout", type=_number(float, 0.001, "a timeout"), default=30.0,
                      metavar="SECONDS", help="for each connection and request (default: 30)")
    return send


def run(args: argparse.Namespace) -> int:
    """The command: the channel from the options, `send.send`, the summary; the exit code."""
    from ..output import write_stdout
    from .send import Options, send

    channel: Any
    if args.smtp:
        from . import smtp

        if args.webhook_format != "json":
            raise InputError("--webhook-format", "applies to --webhook, not --smtp")
        host, port = smtp.server(args.smtp, args.smtp_security)
        channel = smtp.Smtp(host, port, args.smtp_security, smtp.credentials(dict(os.environ)),
                            timeout=args.timeout)
    else:
        from . import webhook

        if args.smtp_security != "starttls":
            raise InputError("--smtp-security", "applies to --smtp, not --webhook")
        channel = webhook.Webhook(webhook.check_url(args.webhook), args.webhook_format,
                                  os.environ.get(webhook.TOKEN) or None, timeout=args.timeout)
    options = Options(real=args.send, resend_unknown=args.resend_unknown, only=tuple(args.only),
                      rate=args.rate, retries=args.retries, backoff=args.backoff)
    summary = send(args.outbox, channel, args.journal, options, echo=lambda line: write_stdout(line + "\n"))
    write_stdout(summary.line() + "\n")
    return summary.code
