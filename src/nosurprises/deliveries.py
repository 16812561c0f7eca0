"""The delivery journal: what was sent to whom, when, on which channel, and how it ended.

Shared, because two stages meet here: `send` (the delivery stage) writes the journal and the
policy stage reads it as the proof that a notice reached its customers. It is JSON lines,
one object per line, only ever appended to:

    {"key": "2026-12-01-pets/acme", "notice": "2026-12-01-pets", "customer": "acme",
     "channel": "email", "to": ["ops@acme.example"], "state": "sending",
     "time": "2026-12-03T12:00:00+00:00", "attempt": 1, "message_id": "<...>", "error": null}

Each attempt writes a `sending` line before the message leaves and a `sent` or `failed` line
after, each flushed to disk first. A crash in between leaves a `sending` with no outcome: the
message may or may not have gone out, and `outcomes` says `unknown` rather than guess. A crash
while a line is being written leaves a torn last line (no newline, not JSON): it held nothing
that was confirmed, so it is passed over, while a bad line anywhere else is an error naming
the file and the line, since a journal edited by hand must not be half believed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson

from .errors import InputError
from .record import Record, record

JOURNAL = "deliveries.jsonl"
"""The journal's name in an outbox folder, where `send` writes it unless told otherwise."""

CHANNELS = ("email", "webhook")
STATES = ("sending", "sent", "failed")
FIELDS = ("key", "notice", "customer", "channel", "to", "state", "time", "attempt", "message_id", "error")


@record(frozen=True)
class Delivery(Record):
    """One line of the journal: one attempt of one message on one channel, before or after."""

    key: str
    notice: str
    customer: str | None
    channel: str
    to: list[str]
    state: str
    time: dt.datetime
    attempt: int
    message_id: str | None = None
    error: str | None = None

    def line(self) -> bytes:
        """The journal line (JSON, keys in the documented order, a newline at its end)."""
        data = {name: getattr(self, name) for name in FIELDS}
        data["time"] = self.time.isoformat()
        return orjson.dumps(data) + b"\n"


@record(frozen=True)
class Outcome(Record):
    """How the deliveries of one message on one channel ended, as the journal tells it.

    `sent_at`: the first `sent`, None if never. `last_state`: `sent`, `failed` or `unknown`
    (the latest attempt's outcome; `unknown`: it began and nothing says how it ended).
    `error`: the latest failure's reason when `last_state` is `failed`. `delivered_to`: every
    recipient a `sent` line names (a rerun sends only to the others). `attempts`: the highest
    attempt number recorded, so a new attempt is numbered after it."""

    key: str
    notice: str
    customer: str | None
    channel: str
    sent_at: dt.datetime | None
    last_state: str
    error: str | None
    delivered_to: frozenset[str]
    attempts: int


def _problem(data: Any) -> str | None:
    """What is wrong with a parsed line, or None."""
    if not isinstance(data, dict):
        return f"expected a JSON object, not {type(data).__name__}"
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        return f"{unknown[0]}: unknown key"
    missing = [name for name in FIELDS if name not in data and name not in ("message_id", "error")]
    if missing:
        return f"{missing[0]}: missing"
    for name in ("key", "notice", "channel", "state", "time"):
        if not isinstance(data[name], str) or not data[name]:
            return f"{name}: expected a non-empty string, not {data[name]!r}"
    for name in ("customer", "message_id", "error"):
        if data.get(name) is not None and not isinstance(data[name], str):
            return f"{name}: expected a string or null, not {data[name]!r}"
    if not isinstance(data["to"], list) or not all(isinstance(a, str) for a in data["to"]):
        return f"to: expected a list of addresses, not {data['to']!r}"
    if data["channel"] not in CHANNELS:
        return f"channel: {data['channel']!r} is not one of {', '.join(CHANNELS)}"
    if data["state"] not in STATES:
        return f"state: {data['state']!r} is not one of {', '.join(STATES)}"
    attempt = data["attempt"]
    if type(attempt) is not int or attempt < 1:
        return f"attempt: expected a whole number of at least 1, not {attempt!r}"
    return None


def _time(text: str) -> dt.datetime | None:
    try:
        time = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return time if time.tzinfo is not None else None


def parse_journal(text: bytes, source: str) -> list[Delivery]:
    """The deliveries of a journal's bytes (`read_journal` without the file)."""
    lines = text.split(b"\n")
    torn = lines.pop()  # after the last newline: empty, or a line a crash cut short
    found = []
    for number, raw in enumerate(lines, 1):
        if raw.strip():
            found.append(_delivery(raw, f"{source}:{number}"))
    if torn.strip():
        with contextlib.suppress(InputError):  # torn by a crash while written: nothing was confirmed
            found.append(_delivery(torn, f"{source}:{len(lines) + 1}"))
    return found


def _delivery(raw: bytes, where: str) -> Delivery:
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise InputError(where, f"is not a JSON line of the delivery journal: {exc}") from None
    problem = _problem(data)
    time = _time(data["time"]) if problem is None else None
    if problem is None and time is None:
        problem = f"time: {data['time']!r} is not an ISO 8601 time with its UTC offset"
    if problem:
        raise InputError(where, problem)
    return Delivery(key=data["key"], notice=data["notice"], customer=data["customer"],
                    channel=data["channel"], to=list(data["to"]), state=data["state"], time=time,
                    attempt=data["attempt"], message_id=data.get("message_id"), error=data.get("error"))


def read_journal(path: str | Path, *, missing_ok: bool = False) -> list[Delivery]:
    """Every delivery recorded in the journal at `path`, in the order written (with
    `missing_ok`, none when there is no journal yet: nothing was sent).

    A bad line is `InputError("<path>:<line>", problem)`; a torn last line (no newline at
    its end and not a valid line) is passed over: a crash cut it while it was written."""
    try:
        text = Path(path).read_bytes()
    except FileNotFoundError:
        if missing_ok:
            return []
        raise InputError(str(path), "no such file (the journal `nosurprises send` writes)") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot be read: {exc.strerror or exc}") from None
    return parse_journal(text, str(path))


def outcomes(deliveries: Iterable[Delivery], channel: str | None = None) -> dict[str, Outcome]:
    """How each message ended, by key, from the journal's lines in their order.

    With `channel`, only that channel's lines count. Without it, a key delivered on several
    channels gets the outcome of the channel it was first sent on (else of the channel of
    its latest line): proof that it reached the customer on at least one of them."""
    per: dict[str, dict[str, dict[str, Any]]] = {}  # key -> channel -> what its lines say
    latest: dict[str, str] = {}
    for d in deliveries:
        if channel is not None and d.channel != channel:
            continue
        state = per.setdefault(d.key, {}).setdefault(d.channel, {
            "first": d, "sent_at": None, "last": None, "error": None, "to": set(), "attempts": 0})
        state["attempts"] = max(state["attempts"], d.attempt)
        latest[d.key] = d.channel
        if d.state == "sending":
            state["last"] = "unknown"  # until a line says how this attempt ended
            continue
        state["last"] = d.state
        state["error"] = d.error if d.state == "failed" else None
        if d.state == "sent":
            state["to"].update(d.to)
            if state["sent_at"] is None:
                state["sent_at"] = d.time
    result: dict[str, Outcome] = {}
    for key, channels in per.items():
        sent = [(s["sent_at"], c) for c, s in channels.items() if s["sent_at"] is not None]
        chosen = min(sent)[1] if sent else latest[key]
        s = channels[chosen]
        first: Delivery = s["first"]
        result[key] = Outcome(key=key, notice=first.notice, customer=first.customer, channel=chosen,
                              sent_at=s["sent_at"], last_state=s["last"], error=s["error"],
                              delivered_to=frozenset(s["to"]), attempts=s["attempts"])
    return result
