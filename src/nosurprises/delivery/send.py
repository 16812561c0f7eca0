"""`send`: deliver an outbox on one channel, each message at most once, with the journal as proof.

The order of work is what keeps the promise "never twice":

1. the outbox and every message it lists are read and checked, and nothing leaves when one
   is bad;
2. the journal is opened and locked, so no other `send` works on it meanwhile, and what it
   says decides each message: `sent` on this channel, already delivered (skipped); `failed`,
   tried again; begun but never finished (`unknown`: a crash between the `sending` line and
   its outcome), left alone unless `resend_unknown`, because it may have arrived;
3. each attempt writes `sending` to disk before the message leaves and `sent`/`failed` after.

So delivery is at most once: a crash can leave a message `unknown`, never delivered twice by
us. Whether to send an `unknown` again is the provider's call (they can ask the mail log).
A message refused for some of its recipients went to the others; only the refused ones are
tried again, so no recipient gets it twice either.

Without `real` (the default of the command) it is a dry run: it says what it would send, to
whom, and writes nothing, not even the journal.
"""

from __future__ import annotations

import fnmatch
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from ..deliveries import JOURNAL, Delivery, Outcome, outcomes, read_journal
from ..errors import InputError
from ..notices.outbox import Message, read_outbox
from ..untrusted import one_line
from .journal import Journal, now
from .message import Ready, Result, ready


class Channel(Protocol):
    """What `send` asks of a channel (`smtp.Smtp`, `webhook.Webhook`)."""

    channel: str

    @property
    def name(self) -> str: ...

    def open(self) -> None: ...

    def deliver(self, ready: Ready, to: list[str]) -> Result: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class Options:
    """How to send: for real or not, again for `unknown`, which keys, how fast, how stubborn."""

    real: bool = False
    resend_unknown: bool = False
    only: Sequence[str] = ()
    rate: float = 10.0
    """Messages (attempts) per second at most; 0: no limit."""
    retries: int = 3
    """Attempts after the first, for transient failures."""
    backoff: float = 1.0
    """Seconds before the first retry, doubled for each one after (unless Retry-After says)."""


@dataclass
class Summary:
    """What a run did, message by message counted once."""

    sent: int = 0
    already: int = 0
    failed: int = 0
    unknown: int = 0
    skipped: int = 0
    would: int = 0
    real: bool = False

    def line(self) -> str:
        counts = (f"{self.already} already delivered, {self.failed} failed, {self.unknown} unknown, "
                  f"{self.skipped} skipped")
        if not self.real:
            return (f"dry run: {self.would} would be sent, {counts}; nothing was sent "
                    "(add --send to deliver)")
        return f"{self.sent} sent, {counts}"

    @property
    def code(self) -> int:
        """0 when every message is delivered (or a dry run), 1 when some failed or are unknown."""
        return 1 if self.real and (self.failed or self.unknown) else 0


class _Pace:
    """At most `rate` attempts per second: each waits for its turn."""

    def __init__(self, rate: float) -> None:
        self.gap = 1.0 / rate if rate > 0 else 0.0
        self.next = 0.0

    def wait(self) -> None:
        moment = time.monotonic()
        if moment < self.next:
            time.sleep(self.next - moment)
            moment = self.next
        self.next = moment + self.gap


def _who(message: Message) -> str:
    return f"customer {message.customer}" if message.customer is not None else "general notice"


def send(folder: str | Path, channel: Channel, journal: str | Path | None = None,
         options: Options = Options(), echo: Callable[[str], None] = print) -> Summary:
    """Deliver the outbox of `folder` on `channel`; `echo` gets one line per message."""
    folder = Path(folder)
    outbox = read_outbox(folder)
    path = Path(journal) if journal is not None else folder / JOURNAL
    chosen = [m for m in outbox.messages
              if not options.only or any(fnmatch.fnmatchcase(m.key, g) for g in options.only)]
    summary = Summary(real=options.real, skipped=len(outbox.messages) - len(chosen))
    if options.only and not chosen:
        raise InputError("--only", f"no key of {folder / 'outbox.json'} matches "
                                   f"{', '.join(options.only)}")

    def say(text: str) -> None:
        echo(one_line(text))  # customer ids and server replies are untrusted text

    if not options.real:
        _run(folder, chosen, channel, _read_if_there(path), options, summary, say, None)
        return summary
    with Journal(path) as book:
        _run(folder, chosen, channel, book.deliveries, options, summary, say, book)
    return summary


def _checked(folder: Path, message: Message, channel: str) -> Ready:
    """The message's file, read and checked, without its bytes (a batch may be a million
    customers: it is read again when it is sent)."""
    one = replace(ready(folder, message), raw=b"", text="")
    if channel == "email" and one.sender is None:
        raise InputError(str(folder / message.file), "has no single From address for the SMTP "
                                                     "envelope; render the notice with --from ADDRESS")
    return one


def _read_if_there(path: Path) -> list[Delivery]:
    if path.is_symlink():
        raise InputError(str(path), "is a symbolic link; refusing to use it as the journal")
    return read_journal(path, missing_ok=True)


def _decide(message: Message, channel: str, done: Outcome | None, resend_unknown: bool
            ) -> tuple[str, list[str]]:
    """What to do with one message: ("send", recipients), or why not ("already", "unknown",
    "skipped") with no recipients."""
    if done is not None and done.last_state == "sent":
        return "already", []
    if channel == "webhook":
        if done is not None and done.sent_at is not None:
            return "already", []
        to = list(message.to)
    else:
        delivered = done.delivered_to if done is not None else frozenset()
        to = [a for a in message.to if a not in delivered]
        if not message.to:
            return "skipped", []
        if not to:
            return "already", []
    if done is not None and done.last_state == "unknown" and not resend_unknown:
        return "unknown", []
    return "send", to


def _run(folder: Path, chosen: list[Message], channel: Channel, deliveries: list[Delivery],
         options: Options, summary: Summary, say: Callable[[str], None], book: Journal | None) -> None:
    """Decide for every message from the journal as it was; check the file of every message
    to send before anything leaves; then say (a dry run: `book` None) or deliver. The channel
    is opened only when there is something to deliver."""
    known = outcomes(deliveries, channel.channel)
    plan = []
    for m in chosen:
        done = known.get(m.key)
        what, to = _decide(m, channel.channel, done, options.resend_unknown)
        plan.append((m, done, what, to))
    checked = {m.key: _checked(folder, m, channel.channel) for m, _, what, _ in plan if what == "send"}
    sending = book is not None and bool(checked)
    if sending:
        channel.open()
    pace = _Pace(options.rate)
    try:
        for m, done, what, to in plan:
            if what == "already":
                summary.already += 1
                when = done.sent_at.isoformat() if done and done.sent_at else "earlier"
                say(f"already delivered {m.key} ({_who(m)}) by {channel.channel} on {when}")
            elif what == "skipped":
                summary.skipped += 1
                say(f"skipped {m.key} ({_who(m)}): the outbox gives it no recipients")
            elif what == "unknown":
                summary.unknown += 1
                say(f"unknown {m.key} ({_who(m)}): attempt {done.attempts if done else '?'} began and "
                    "the journal has no outcome (a crash?); not sent again, it may have arrived: "
                    "check the mail log, then run with --resend-unknown to send it again")
            elif book is None:
                summary.would += 1
                again = " again" if done is not None else ""
                say(f"would send{again} {m.key} ({_who(m)}) by {channel.channel} to "
                    f"{', '.join(to) or channel.name} ({checked[m.key].message_id})")
            else:
                _deliver(ready(folder, m), to, channel, book, done.attempts if done else 0, options, pace,
                         summary, say)
    finally:
        if sending:
            channel.close()


def _deliver(one: Ready, to: list[str], channel: Channel, book: Journal, attempts: int, options: Options,
             pace: _Pace, summary: Summary, say: Callable[[str], None]) -> None:
    """Attempts of one message until it is sent, fails for good, or the retries run out."""
    m = one.message

    def line(state: str, attempt: int, recipients: list[str], error: str | None = None) -> None:
        book.append(Delivery(key=m.key, notice=m.notice, customer=m.customer, channel=channel.channel,
                             to=recipients, state=state, time=now(), attempt=attempt,
                             message_id=one.message_id, error=error))

    for retry in range(options.retries + 1):
        attempts += 1
        pace.wait()
        line("sending", attempts, to)
        result = channel.deliver(one, to)
        if result.state == "sent":
            line("sent", attempts, to)
            summary.sent += 1
            say(f"sent {m.key} ({_who(m)}) by {channel.channel} to {', '.join(to) or channel.name} "
                f"({one.message_id})")
            return
        refused = [a for a in to if a in result.refused] if result.refused else to
        if result.refused:
            line("sent", attempts, [a for a in to if a not in result.refused])
        line("failed", attempts, refused, result.error)
        to = refused
        if result.state == "failed" or retry == options.retries:
            break
        pause = result.retry_after if result.retry_after is not None else options.backoff * 2 ** retry
        time.sleep(pause)
    summary.failed += 1
    say(f"failed {m.key} ({_who(m)}) by {channel.channel} after {attempts} attempt(s): {result.error}")
