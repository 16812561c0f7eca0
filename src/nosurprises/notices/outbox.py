"""The outbox: what `notice --out DIR` rendered for delivery, and to whom each message goes.

`nosurprises send DIR` delivers what the outbox lists and nothing else: it never renders, so
what customers receive is byte for byte what was reviewed in DIR. Each message has a key that
stays the same however often the notice is rendered again (`<notice id>/<customer key>`, or
`<notice id>/all` for the general notice): the delivery journal records deliveries by that
key, which is what makes a second `send` of the same outbox send nothing twice.

The file is written by us but read back from a folder anyone may have edited, so reading it
validates every field (pydantic) and ends in one line naming the file and the problem. A
message's file is a plain name inside DIR: no path separator, no `..`, so an outbox cannot
make `send` read (and mail) a file from elsewhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Annotated, NamedTuple

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from ..addresses import is_bare
from ..errors import InputError
from ..fields import Day
from ..output import write_file

FILE = "outbox.json"
VERSION = 1

def _bare(value: str) -> str:
    if not is_bare(value):
        raise ValueError(f"{value!r} is not a bare address (like ops@acme.example, without a name "
                         "or angle brackets)")
    return value


Address = Annotated[str, AfterValidator(_bare),
                    Field(description="A bare envelope address, e.g. ops@acme.example")]


def _plain_name(name: str) -> str:
    """`name` if it names a file directly inside the outbox's folder, else a ValueError."""
    if not name or name.startswith(".") or any(c in name for c in "/\\\x00") or not name.isprintable():
        raise ValueError(f"{name!r} is not a plain file name inside the outbox's folder "
                         "(no path separator, no `..`, not hidden)")
    return name


class Message(BaseModel):
    """One message to deliver: its idempotency key, who it is for and which file it is."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str = Field(min_length=1, max_length=512,
                     description="Stable idempotency key, unique in the outbox: "
                                 "`<notice id>/<customer key>`, `<notice id>/all` for the general notice")
    notice: str = Field(min_length=1, description="The notice id (the ledger entry id from --entry)")
    customer: str | None = Field(description="The customer id; null for the general notice")
    to: list[Address] = Field(description="Envelope recipients, bare addresses (may be empty: "
                                          "the general notice a mail system addresses itself)")
    file: str = Field(description="The RFC 5322 message (.eml) inside the outbox's folder")
    locale: str = Field("en", description="The language the message is written in")
    data: str | None = Field(None, description="The notice as JSON inside the folder, if written")

    @field_validator("key", "notice")
    @classmethod
    def _printable(cls, value: str) -> str:
        if not value.isprintable():
            raise ValueError(f"{value!r} holds control characters")
        return value

    @field_validator("file", "data")
    @classmethod
    def _inside(cls, value: str | None) -> str | None:
        return None if value is None else _plain_name(value)


class Outbox(BaseModel):
    """The manifest `notice --out DIR` writes beside the rendered files (`outbox.json`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int = Field(VERSION, description="The outbox format's version")
    notice: str = Field(min_length=1, description="The notice id (the ledger entry id from --entry)")
    announced: Day = Field(description="The day customers are told")
    effective: Day = Field(description="The day the changes take effect")
    messages: list[Message] = Field(description="What to deliver, each message once")

    @field_validator("version")
    @classmethod
    def _known(cls, value: int) -> int:
        if value != VERSION:
            raise ValueError(f"version {value} is not known to this nosurprises (it reads {VERSION})")
        return value

    @model_validator(mode="after")
    def _unique(self) -> Outbox:
        seen: set[str] = set()
        for message in self.messages:
            if message.key in seen:
                raise ValueError(f"the key {message.key!r} is given to two messages; each key "
                                 "names one message")
            seen.add(message.key)
        return self


def write_outbox(folder: Path, outbox: Outbox) -> None:
    """`outbox.json` in `folder`, through the one safe writer (temporary file and rename)."""
    write_file(Path(folder) / FILE, outbox.model_dump_json(indent=2) + "\n")


def read_outbox(folder: Path) -> Outbox:
    """The outbox of `folder`, validated; any problem is one `InputError` naming the file."""
    import orjson

    from ..load.validation import describe

    path = Path(folder) / FILE
    if not Path(folder).is_dir():
        raise InputError(str(folder), "is not a folder (give the --out DIR of `nosurprises notice`)")
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(str(path), "no such file: the folder holds no outbox (write it with "
                                    "`nosurprises notice --out DIR`)") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot be read: {exc.strerror or exc}") from None
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise InputError(str(path), f"is not valid JSON: {exc}") from None
    try:
        return Outbox.model_validate(data)
    except ValidationError as exc:
        raise InputError(str(path), describe(exc, data, model=Outbox)) from None


def message_key(notice_id: str, customer: str | None) -> str:
    """The idempotency key of the general notice (`customer` None) or of one customer's."""
    if customer is None:
        return f"{notice_id}/all"
    from .customers import customer_key

    return f"{notice_id}/{customer_key(customer)}"


class Mail(NamedTuple):
    """One rendered e-mail as `notice --out` writes it: whose, its file, its text, its
    envelope recipients (the addresses of its `To`) and its language."""

    customer: str | None
    file: str
    text: str
    to: tuple[str, ...]
    locale: str


def outbox_of(notice_id: str, announced: dt.date, effective: dt.date, mails: Iterable[Mail],
              data: str | None = None) -> Outbox:
    """The outbox of e-mails whose recipients are known: what `notice --out` writes."""
    messages = [Message(key=message_key(notice_id, m.customer), notice=notice_id, customer=m.customer,
                        to=list(m.to), file=m.file, locale=m.locale, data=data) for m in mails]
    return Outbox(notice=notice_id, announced=announced, effective=effective, messages=messages)


def outbox_for(notice_id: str, announced: dt.date, effective: dt.date,
               emails: Sequence[tuple[str | None, str, str] | tuple[str | None, str, str, str]],
               locale: str = "en", data: str | None = None) -> Outbox:
    """The outbox of rendered e-mails given as text, each (customer or None, file name, the
    .eml's text[, its locale]; `locale` otherwise): the recipients are read from each
    message's own `To` (none when it has none), so the outbox and the files cannot disagree
    on who a message is for. (`outbox_of` when the recipients are known: no parsing.)"""
    import email
    from email.policy import SMTP
    from email.utils import getaddresses

    mails = []
    for customer, name, text, *language in emails:
        parsed = email.message_from_string(text, policy=SMTP)
        to = tuple(addr for _, addr in getaddresses([str(v) for v in parsed.get_all("To", [])]) if addr)
        mails.append(Mail(customer, name, text, to, language[0] if language else locale))
    return outbox_of(notice_id, announced, effective, mails, data)
