"""The customer directory: who the provider's customers are and how to reach each of them.

A notice reaches exactly the affected customers only if it knows their addresses, language,
plan, audience and the notice their contract promises. The directory is a file the provider
exports from its own systems (CSV, JSON lines, YAML or JSON), one customer a row:

- `customer` (required): the id the usage file and the request logs use for them;
- `email`: one or more addresses (`;` or `,` between them in a CSV cell, a list elsewhere);
- `locale`: their language and region (`de`, `pt_BR`); the notice is written in it;
- `plan`, `name`: what the provider calls their plan and them;
- `tags`: audience tags such as `eu-business` or `paying` (`;` or `,` between them);
- `notice_days`: the notice their contract promises, in days, when it differs from the policy.

A bad row is never dropped: loading fails with one line naming the file, the first bad row's
line (or `customers[i]`) and the problem, and how many other rows are bad and where, so one
pass fixes them all. A customer listed twice is a bad row (which address would be right?).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path
from typing import Any

from .addresses import is_bare
from .bounds import MAX_DAYS
from .errors import InputError
from .load.csvfile import open_csv
from .load.jsonlines import NotJson, json_lines
from .load.limits import MAX_BYTES
from .load.source import load_document
from .words import fold

COLUMNS = ("customer", "email", "locale", "plan", "name", "tags", "notice_days")
"""The fields a row may have, in the order the documentation gives them."""

EVERYONE = frozenset({"all", "api"})
"""Audiences that are every customer of a directory (see `Directory.tagged`)."""

SHOWN_BAD_ROWS = 5
"""How many other bad rows the error names by place (the rest are counted)."""


_TAG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")
_SPLIT = re.compile(r"[;,\s]+")


@dataclass(frozen=True, slots=True)
class Customer:
    """One customer of the directory, validated."""

    customer: str
    emails: tuple[str, ...] = ()
    locale: str | None = None
    plan: str | None = None
    name: str | None = None
    tags: tuple[str, ...] = ()
    notice_days: int | None = None
    where: str = ""
    """Where the row is in its file (`line 4`, `customers[3]`), for messages."""


@dataclass(frozen=True, slots=True)
class Directory:
    """The customers of a directory file by id, in the file's order."""

    name: str
    customers: Mapping[str, Customer]

    def get(self, customer: str) -> Customer | None:
        return self.customers.get(customer)

    def __iter__(self) -> Iterator[Customer]:
        return iter(self.customers.values())

    def __len__(self) -> int:
        return len(self.customers)

    def tagged(self, tags: Iterable[str]) -> list[Customer]:
        """The customers with any of `tags`: a notice's audience. `all`, no tag at all, and
        `api` (the consumers of the API; the directory is that API's customers, and usage
        targeting narrows them by what they call) select every customer."""
        wanted = set(tags)
        if not wanted or wanted & EVERYONE:
            return list(self)
        return [c for c in self if wanted & set(c.tags)]


def load_directory(source: str | Path, *, max_bytes: int = MAX_BYTES) -> Directory:
    """The directory in `source` (CSV, JSON lines, YAML or JSON), or one `InputError`."""
    name = str(source)
    path = Path(source)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows: Iterable[tuple[str, Any]] = _csv_rows(path, name, max_bytes)
    elif suffix in (".jsonl", ".ndjson"):
        rows = _jsonl_rows(path, name, max_bytes)
    elif suffix in (".yaml", ".yml", ".json"):
        rows = _document_rows(path, name, max_bytes)
    else:
        raise InputError(name, f"is not a customer directory this tool reads (suffix {suffix or 'none'}: "
                               "give a .csv, .jsonl, .yaml or .json file)")
    customers: dict[str, Customer] = {}
    bad: list[tuple[str, str]] = []
    for where, row in rows:
        try:
            one = customer(where, row)
        except ValueError as exc:
            bad.append((where, str(exc)))
            continue
        if one.customer in customers:
            bad.append((where, f"customer {one.customer!r} is listed twice (also "
                               f"{customers[one.customer].where})"))
            continue
        customers[one.customer] = one
    if bad:
        raise InputError(name, _bad_rows(bad))
    if not customers:
        raise InputError(name, "lists no customer (expected one row per customer, with a `customer` id)")
    return Directory(name, customers)


def _bad_rows(bad: list[tuple[str, str]]) -> str:
    """The first bad row in full, then where the others are."""
    where, problem = bad[0]
    text = f"{where}: {problem}"
    rest = [w for w, _ in bad[1:]]
    if rest:
        text += f" ({len(rest):,} other bad row{'s' if len(rest) > 1 else ''}: {fold(rest, SHOWN_BAD_ROWS)})"
    return text


def customer(where: str, row: Any) -> Customer:
    """One row validated into a `Customer`; `ValueError` says what is wrong with it."""
    if isinstance(row, str):
        raise ValueError(row)  # what reading the line found: not JSON, more cells than columns
    if not isinstance(row, dict):
        raise ValueError("is not a mapping of customer, email, locale, ...")
    unknown = [k for k in row if k not in COLUMNS]
    if unknown:
        raise ValueError(_unknown(str(unknown[0]), "field"))
    ident = row.get("customer")
    if isinstance(ident, int) and not isinstance(ident, bool):
        ident = str(ident)
    if not isinstance(ident, str) or not ident.strip():
        raise ValueError("has no `customer` id")
    ident = ident.strip()
    named = f"customer {ident!r}: "
    try:
        emails = tuple(_listed(row.get("email"), "email"))
        for address in emails:
            if not is_bare(address):
                raise ValueError(f"email {address!r} is not an e-mail address (a bare address, "
                                 "e.g. ops@acme.example)")
        tags = tuple(_listed(row.get("tags"), "tags"))
        for tag in tags:
            if not _TAG.fullmatch(tag):
                raise ValueError(f"tag {tag!r} is not a tag (letters, digits, `.`, `_`, `:`, `-`)")
        return Customer(ident, emails, _locale(row.get("locale")), _text(row.get("plan"), "plan"),
                        _text(row.get("name"), "name"), tags, _days(row.get("notice_days")), where)
    except ValueError as exc:
        raise ValueError(named + str(exc)) from None


def _unknown(key: str, what: str) -> str:
    close = get_close_matches(key, COLUMNS, n=1)
    return f"unknown {what} {key!r}" + (f" (did you mean {close[0]!r}?)" if close else
                                        f" (expected {', '.join(COLUMNS)})")


def _listed(value: Any, field: str) -> Iterator[str]:
    if value is None or value == "":
        return
    if isinstance(value, str):
        yield from (v for v in _SPLIT.split(value.strip()) if v)
        return
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        yield from (v.strip() for v in value if v.strip())
        return
    raise ValueError(f"{field} is neither text nor a list of texts")


def _text(value: Any, field: str) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"{field} is not text")
    return value.strip() or None


def _locale(value: Any) -> str | None:
    text = _text(value, "locale")
    if text is None:
        return None
    from .i18n import check_locale

    try:
        return check_locale(text, "locale")
    except InputError as exc:
        raise ValueError(exc.problem) from None


def _days(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_DAYS:
        raise ValueError(f"notice_days {value!r} is not a whole number of days from 0 to {MAX_DAYS:,}")
    return value


def _csv_rows(path: Path, name: str, max_bytes: int) -> Iterator[tuple[str, Any]]:
    reader = open_csv(path, name, max_bytes)
    header = [h.strip() for h in reader.fieldnames or []]
    if "customer" not in header:
        raise InputError(name, f"line 1: the header has no `customer` column (columns: {', '.join(COLUMNS)})")
    for column in header:
        if column not in COLUMNS:
            raise InputError(name, f"line 1: {_unknown(column, 'column')}")
    for raw in reader:
        if None in raw:
            yield f"line {reader.line_num}", "more cells than columns"
            continue
        row = {k.strip(): (v or "").strip() for k, v in raw.items() if k is not None}
        if any(row.values()):
            yield f"line {reader.line_num}", {k: v for k, v in row.items() if v != "" or k == "customer"}


def _jsonl_rows(path: Path, name: str, max_bytes: int) -> Iterator[tuple[str, Any]]:
    for number, row in json_lines(path, name, max_bytes):
        yield f"line {number}", f"is not JSON ({row.reason})" if isinstance(row, NotJson) else row


def _document_rows(path: Path, name: str, max_bytes: int) -> Iterator[tuple[str, Any]]:
    data = load_document(path, max_bytes=max_bytes).data
    rows = data.get("customers") if isinstance(data, dict) else data
    if isinstance(data, dict) and set(data) - {"customers"}:
        extra = ", ".join(sorted(map(str, set(data) - {"customers"})))
        raise InputError(name, f"unknown top-level key(s) {extra} "
                               "(expected `customers:` with a list of customers)")
    if not isinstance(rows, list):
        raise InputError(name, "is not a customer directory (expected `customers:` with a list of customers)")
    for i, row in enumerate(rows):
        yield f"customers[{i}]", row
