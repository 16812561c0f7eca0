"""Request logs read into calls: who called which method and path, with which query
parameters, and when.

Formats (`sniff` finds one from the name and the first line, or the caller names it):

- `clf`: the common and combined log formats of Apache and nginx,
  `host ident authuser [10/Oct/2026:13:55:36 -0700] "GET /pets?limit=5 HTTP/1.1" 200 512 ...`;
  whatever follows the byte count (combined's referer and user agent, a custom format's extra
  fields) is not read. The customer is `authuser` unless a pattern with a group
  `(?P<customer>...)` says where it is in the line (RE2, like every user pattern).
- `jsonl`: one JSON object a line (a key written twice: the last counts, as orjson reads
  it), as gateways export them, with configurable fields
  (dotted paths such as `headers.x-account-id`): the customer (required), `method`, `path` or
  `url`, `time` or `timestamp` (ISO 8601 with an offset, or epoch seconds), and optionally
  `params` or `query` (an object or a list of names).
- `csv` and `parquet`: the same fields as columns (see `engine.py`); a CSV cell of params is
  a query string (`limit=5&sort=name`).

What counts as bad is strict about the shape and lenient about what servers really write.
An error names the file and the line (`access.log:12: ...`) and stops: a line that is not a
log line at all (the file is not a log of this format, or the pattern for the customer is
wrong), a time that cannot be read, a JSON line that is not an object, a missing field. But
lines that servers write for requests that were no API call are *skipped* and counted: a
request field of `-` (a connection closed before a request), a request line that is not
`METHOD /path` (TLS handshakes sent to a plain port, `PRI * HTTP/2.0` probes, `OPTIONS *`,
binary garbage answered with a 400). A call without a customer (`authuser` `-`, no match of
the pattern, a null field) is counted as anonymous: it reaches no customer.

`scan` is the exact reader: one line at a time, bounded memory, and the first bad line named
exactly. It aggregates as it reads into `Tally` rows, the same rows the DuckDB engine
(`engine.py`) computes in SQL for large files.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import orjson

from ..bounds import FIRST_DAY, LAST_DAY
from ..errors import InputError
from ..load.source import MAX_BYTES, check_file

Format = Literal["clf", "jsonl", "csv", "parquet", "duckdb"]
FORMATS: tuple[Format, ...] = ("clf", "jsonl", "csv", "parquet", "duckdb")
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
FIRST_US = (dt.datetime.combine(FIRST_DAY, dt.time(), dt.UTC) - EPOCH) // dt.timedelta(microseconds=1)
LAST_US = (dt.datetime.combine(LAST_DAY, dt.time.max, dt.UTC) - EPOCH) // dt.timedelta(microseconds=1)

# The patterns below are read by Python's `re` here and by RE2 inside DuckDB (`engine.py`):
# they use only what both read alike (ASCII classes, no `\s`/`\S`, no lookaround).
CLF_LINE = r'^([^ ]+) ([^ ]+) ([^ ]+) \[([^\]]+)\] "((?:[^"\\]|\\.)*)" ([0-9]{3}|-) ([0-9]+|-)( .*)?$'
"""host ident authuser [time] "request" status bytes, then anything."""
CLF_TIME = (r"^(0[1-9]|[12][0-9]|3[01])/(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)/([0-9]{4}):"
            r"([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9]) ([+-])([01][0-9]|2[0-3])([0-5][0-9])$")
"""`10/Oct/2026:13:55:36 -0700`, each number within its range (31 February is caught later)."""
REQUEST = r"^([A-Za-z]+) ([^ ]+)( HTTP/[0-9.]+)?$"
"""A request line: a method token, the target, the protocol (absent in HTTP/0.9)."""
TARGET_PATH = r"^(?:[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*)?(/[^?#]*)"
"""The path of an origin-form target (`/pets`) or an absolute-form one (`http://h/pets`)."""
TARGET_QUERY = r"^[^?#]*\?([^#]*)"
ISO_TIME = (r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?"
            r"(Z|[+-][0-9]{2}:[0-9]{2})$")
"""The ISO 8601 times the engine reads in SQL; any other form goes to the exact scan."""
BLANK = r"^[ \t]*$"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_LINE, _TIME, _REQUEST = re.compile(CLF_LINE), re.compile(CLF_TIME), re.compile(REQUEST)
_PATH, _QUERY, _BLANK = re.compile(TARGET_PATH), re.compile(TARGET_QUERY), re.compile(BLANK)
CUSTOMER_GROUP = "(?P<customer>"
CLF_FIELDS = ("host", "ident", "authuser")
"""The fields of a log line that may name the customer (`--customer-key authuser`)."""
ANONYMOUS = ("", "-")


@dataclass(frozen=True)
class Fields:
    """Where each part of a call is in a JSON line, a CSV row or a Parquet row: the first
    field (a dotted path) of each tuple that the record has."""

    customer: str | None = None
    method: tuple[str, ...] = ("method",)
    path: tuple[str, ...] = ("path", "url")
    time: tuple[str, ...] = ("time", "timestamp")
    params: tuple[str, ...] = ("params", "query")
    table: str | None = None
    """A DuckDB database: the table (or view) of calls; None: the database's only one."""


ROLES = ("method", "path", "time", "params")
"""What `--requests-field ROLE=FIELD` may set (the customer is `--customer-key`)."""


@dataclass(frozen=True)
class Window:
    """The calls counted: from `since` (inclusive) to `until` (exclusive), both aware UTC
    times, None for open."""

    since: dt.datetime | None = None
    until: dt.datetime | None = None

    def bounds_us(self) -> tuple[int, int]:
        """The window in microseconds since 1970, open ends at the supported range's ends."""
        return (to_us(self.since) if self.since else FIRST_US,
                to_us(self.until) if self.until else LAST_US + 1)


@dataclass(frozen=True, slots=True)
class Call:
    """One request: the customer key (None: anonymous), the method, the path as logged
    (still percent-encoded, no query), the query parameter names as logged, and when."""

    customer: str | None
    method: str
    path: str
    params: tuple[str, ...]
    time: dt.datetime


@dataclass(frozen=True, slots=True, order=True)
class Tally:
    """The calls of one customer with one method, path and set of parameter names: how many,
    and the last one (microseconds since 1970, UTC)."""

    customer: str
    method: str
    path: str
    params: tuple[str, ...]
    calls: int
    last_us: int


@dataclass
class Requests:
    """What a request log says, aggregated: every `Tally` (sorted), and the counts of what
    was read but reaches no one."""

    name: str
    format: Format
    tallies: list[Tally]
    calls: int = 0
    """Calls in the window with a customer (the sum of the tallies' calls)."""
    anonymous: int = 0
    """Calls in the window without a customer."""
    outside: int = 0
    """Calls before or after the window."""
    skipped: int = 0
    """Lines that were no API call (see the module)."""
    engine: Literal["duckdb", "python"] = "python"
    matched: bool = False
    """Whether the tallies' paths are templates (`match` given): then calls to no template
    are counted in `unmatched`, not tallied."""
    unmatched: int = 0
    """With `matched`: calls in the window, with a customer, to a path of no template."""


@dataclass
class _Counts:
    tallies: dict[tuple[str, str, str, tuple[str, ...]], list[int]] = field(default_factory=dict)
    anonymous: int = 0
    outside: int = 0
    skipped: int = 0


def to_us(moment: dt.datetime) -> int:
    return (moment - EPOCH) // dt.timedelta(microseconds=1)


def from_us(us: int) -> dt.datetime:
    return EPOCH + dt.timedelta(microseconds=us)


# --- options -----------------------------------------------------------------------------


def customer_pattern(key: str | None, source: str = "--customer-key") -> Any:
    """The RE2 pattern a customer key is when it has a `(?P<customer>...)` group, else None."""
    if key is None or CUSTOMER_GROUP not in key:
        return None
    from ..regex import compile_user_regex

    return compile_user_regex(key, source)


def parse_fields(customer: str | None, given: Mapping[str, str] | None = None) -> Fields:
    """`Fields` from `--customer-key` and `--requests-field ROLE=FIELD` entries."""
    given = dict(given or {})
    unknown = sorted(set(given) - set(ROLES))
    if unknown:
        raise InputError("--requests-field", f"{unknown[0]!r} is not a field of a call "
                                             f"(fields: {', '.join(ROLES)})")
    return Fields(customer=customer, **{role: (given[role],) for role in given})


def parse_field_options(entries: list[str]) -> dict[str, str]:
    """`ROLE=FIELD` texts as a mapping; a text without `=` or a field is one error."""
    found = {}
    for text in entries:
        role, sep, name = text.partition("=")
        if not sep or not role.strip() or not name.strip():
            raise InputError("--requests-field", f"{text!r} is not ROLE=FIELD (e.g. path=request.uri)")
        found[role.strip()] = name.strip()
    return found


def sniff(path: Path, name: str) -> Format:
    """The format a file's name says (`.parquet`, `.csv`, `.jsonl`/`.ndjson`), else its first
    non-blank line: `{` is JSON lines, a CLF line is CLF."""
    lower = name.lower()
    for suffixes, fmt in (((".parquet", ".pq"), "parquet"), ((".csv",), "csv"),
                          ((".jsonl", ".ndjson"), "jsonl"), ((".duckdb", ".ddb"), "duckdb")):
        if lower.endswith(suffixes):
            return fmt  # type: ignore[return-value]
    try:
        with path.open("rb") as handle:
            for raw in handle:
                line = raw.decode("utf-8", "replace").strip()
                if line:
                    if line.startswith("{"):
                        return "jsonl"
                    if _LINE.match(line):
                        return "clf"
                    break
    except OSError:
        return "clf"  # the reader says what is wrong with the file
    raise InputError(name, "is not a request log this tool can tell (common or combined log "
                           "format, JSON lines, CSV, Parquet, a DuckDB database): name it with "
                           "--requests-format")


# --- the exact scan ----------------------------------------------------------------------


Match = Callable[[str], "str | None"]
"""A logged path -> the template it is a call to, or None (`paths.Templates.match`)."""


def scan(source: str | Path, fmt: Format, fields: Fields, window: Window = Window(), *,
         label: str | None = None, max_bytes: int = MAX_BYTES, match: Match | None = None) -> Requests:
    """Every line of `source` read and checked in order, the calls in `window` aggregated
    (by template, when `match` is given); the first bad line an `InputError` naming it (see
    the module)."""
    path = Path(source)
    name = label or str(source)
    check_file(path, name, max_bytes)
    since, until = window.bounds_us()
    counts = _Counts()
    for call in calls(path, fmt, fields, name=name, counts=counts):
        us = to_us(call.time)
        if not since <= us < until:
            counts.outside += 1
        elif call.customer is None:
            counts.anonymous += 1
        else:
            key = (call.customer, call.method, call.path, call.params)
            found = counts.tallies.get(key)
            if found is None:
                counts.tallies[key] = [1, us]
            else:
                found[0] += 1
                found[1] = max(found[1], us)
    tallies = sorted(Tally(*key, count, last) for key, (count, last) in counts.tallies.items())
    found = Requests(name, fmt, tallies, calls=sum(t.calls for t in tallies), anonymous=counts.anonymous,
                     outside=counts.outside, skipped=counts.skipped)
    return by_template(found, match) if match is not None else found


def by_template(found: Requests, match: Match) -> Requests:
    """`found` with each tally's path replaced by its template (each distinct path matched
    once), tallies of one template merged, calls to no template counted in `unmatched`."""
    templates: dict[str, str | None] = {}
    merged: dict[tuple[str, str, str, tuple[str, ...]], list[int]] = {}
    unmatched = 0
    for t in found.tallies:
        if t.path not in templates:
            templates[t.path] = match(t.path)
        template = templates[t.path]
        if template is None:
            unmatched += t.calls
            continue
        entry = merged.setdefault((t.customer, t.method, template, t.params), [0, t.last_us])
        entry[0] += t.calls
        entry[1] = max(entry[1], t.last_us)
    found.tallies = sorted(Tally(*key, count, last) for key, (count, last) in merged.items())
    found.matched, found.unmatched = True, unmatched
    return found


def calls(path: Path, fmt: Format, fields: Fields, *, name: str | None = None,
          counts: Any = None) -> Iterator[Call]:
    """The calls of a log file in file order (lines skipped are counted in `counts.skipped`
    when it is given); the first bad line is an `InputError`."""
    name = name or str(path)
    counts = counts if counts is not None else _Counts()
    pattern = customer_key(fmt, fields)
    if fmt == "clf":
        where = CLF_FIELDS.index(fields.customer) if fields.customer in CLF_FIELDS else 2
        for number, line in _lines(path, name):
            call = clf_call(line, pattern, where, f"{name}:{number}")
            if call is None:
                counts.skipped += 1
            else:
                yield call
    elif fmt == "jsonl":
        for number, line in _lines(path, name):
            where = f"{name}:{number}"
            try:
                value = orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                raise InputError(where, f"is not JSON ({str(exc).split(':')[0]})") from None
            if not isinstance(value, dict):
                raise InputError(where, f"is not a JSON object (it is {_json_type(value)})")
            call = record_call(value, fields, where, line if pattern else None, pattern)
            if call is None:
                counts.skipped += 1
            else:
                yield call
    elif fmt == "csv":
        yield from _csv_calls(path, name, fields, counts)
    elif fmt == "parquet":
        from .engine import parquet_calls

        yield from parquet_calls(path, name, fields, counts)
    elif fmt == "duckdb":
        from .engine import table_calls

        yield from table_calls(path, name, fields, counts)
    else:
        raise InputError(str(fmt), f"is not a request log format (formats: {', '.join(FORMATS)})")


def customer_key(fmt: str, fields: Fields) -> Any:
    """The compiled `--customer-key` pattern (None: a field names the customer), once the key
    is known to suit `fmt`: required but for an access log, whose key is one of its fields or
    a pattern over the line. A bad key is refused here, before any line is read."""
    pattern = customer_pattern(fields.customer)
    if fmt != "clf":
        _need_customer(fields)
    elif fields.customer and pattern is None and fields.customer not in CLF_FIELDS:
        raise InputError("--customer-key", f"{fields.customer!r} is neither a field of a log line "
                                           f"({', '.join(CLF_FIELDS)}) nor a pattern with a group "
                                           "(?P<customer>...)")
    return pattern


def _need_customer(fields: Fields) -> None:
    if not fields.customer:
        raise InputError("--customer-key", "is required for JSON lines, CSV and Parquet logs: the field "
                                           "that names the customer (e.g. headers.x-account-id)")


def _lines(path: Path, name: str) -> Iterator[tuple[int, str]]:
    """(line number, text) of every non-blank line, `\\r\\n` read as `\\n`; the file is read a
    line at a time, so a log of any size is never held whole."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(name, f"cannot be read ({exc.strerror or exc})") from None
    with handle:
        for number, raw in enumerate(handle, start=1):
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}:{number}", f"is not valid UTF-8 (byte {exc.start + 1} of the "
                                                     "line)") from None
            line = line.removesuffix("\n").removesuffix("\r")
            if not _BLANK.match(line):
                yield number, line


def clf_call(line: str, pattern: Any, where_field: int, where: str) -> Call | None:
    """The call of one common/combined log line; None for a line of no API call."""
    found = _LINE.match(line)
    if found is None:
        raise InputError(where, "is not a line of the common or combined log format "
                                '(host ident authuser [time] "request" status bytes)')
    moment = clf_time(found.group(4), where)
    request = _REQUEST.match(found.group(5))
    target = _target(request.group(2)) if request else None
    if target is None:
        return None
    customer: str | None
    if pattern is not None:
        match = pattern.search(line)
        customer = match.group("customer") if match else None  # type: ignore[attr-defined]
    else:
        customer = found.group(1 + where_field)
    return Call(None if customer in ANONYMOUS or customer is None else customer,
                request.group(1).upper(), target[0], target[1], moment)  # type: ignore[union-attr]


def clf_time(text: str, where: str) -> dt.datetime:
    """`10/Oct/2026:13:55:36 -0700` as an aware UTC time (English month names, as servers
    write them whatever their locale)."""
    found = _TIME.match(text)
    month = MONTHS.index(found.group(2)) + 1 if found and found.group(2) in MONTHS else 0
    try:
        if not found or not month:
            raise ValueError
        day, year, hour, minute, second, sign, oh, om = (found.group(i) for i in (1, 3, 4, 5, 6, 7, 8, 9))
        offset = dt.timedelta(hours=int(oh), minutes=int(om)) * (1 if sign == "+" else -1)
        moment = dt.datetime(int(year), month, int(day), int(hour), int(minute), int(second),
                             tzinfo=dt.timezone(offset))
    except ValueError:
        raise InputError(where, f"has a time that cannot be read: [{text}] (expected like "
                                "[10/Oct/2026:13:55:36 -0700])") from None
    return _in_range(moment.astimezone(dt.UTC), where)


def _in_range(moment: dt.datetime, where: str) -> dt.datetime:
    if not FIRST_DAY <= moment.date() <= LAST_DAY:
        raise InputError(where, f"has a time outside the supported range {FIRST_DAY} to {LAST_DAY}")
    return moment


def _target(target: str) -> tuple[str, tuple[str, ...]] | None:
    """(path, query parameter names as logged) of a request target; None when it names no
    path (`*`, `-`, garbage)."""
    found = _PATH.match(target)
    if found is None:
        return None
    query = _QUERY.match(target)
    return found.group(1), query_names(query.group(1) if query else "")


def query_names(query: str) -> tuple[str, ...]:
    """The distinct parameter names of a query string, sorted, as written (not decoded)."""
    return tuple(sorted({part.split("=", 1)[0] for part in query.split("&")} - {""}))


# --- records: JSON lines, CSV rows, Parquet rows ------------------------------------------


def lookup(record: Mapping[str, Any], dotted: str) -> tuple[bool, Any]:
    """(found, value) of a field: the whole name as a key first, else a dotted path."""
    if dotted in record:
        return True, record[dotted]
    value: Any = record
    for part in dotted.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return False, None
        value = value[part]
    return True, value


def _first(record: Mapping[str, Any], names: tuple[str, ...]) -> tuple[str | None, Any]:
    for name in names:
        found, value = lookup(record, name)
        if found:
            return name, value
    return None, None


def record_call(record: Mapping[str, Any], fields: Fields, where: str, line: str | None = None,
                pattern: Any = None, flat: bool = False) -> Call | None:
    """The call of one JSON line or table row; None for a row of no API call. `flat`: a CSV
    row, whose cells are all text (times as text, params as a query string)."""
    assert fields.customer is not None
    customer: Any
    if pattern is not None:
        match = pattern.search(line or "")
        customer = match.group("customer") if match else None
    else:
        found, customer = lookup(record, fields.customer)
        if not found:
            raise InputError(where, f"has no field {fields.customer!r} (the --customer-key)")
    if type(customer) is int:
        customer = str(customer)
    elif customer is not None and not isinstance(customer, str):
        raise InputError(where, f"has a customer {fields.customer!r} that is {_json_type(customer)}, "
                                "not text")
    method = _text(record, fields.method, where, "method")
    name, target = _first(record, fields.path)
    if name is None:
        raise InputError(where, f"has no field {' or '.join(map(repr, fields.path))} (the path)")
    if not isinstance(target, str):
        raise InputError(where, f"has a {name!r} that is {_json_type(target)}, not text")
    moment = record_time(record, fields, where, flat)
    parsed = _target(target)
    if parsed is None or not re.fullmatch(r"[A-Za-z]+", method):
        return None
    params = set(parsed[1])
    pname, given = _first(record, fields.params)
    if pname is not None and given is not None:
        if flat and isinstance(given, str):
            params |= set(query_names(given))
        elif isinstance(given, Mapping):
            params |= {str(k) for k in given}
        elif isinstance(given, list) and all(isinstance(v, str) for v in given):
            params |= set(given)
        else:
            raise InputError(where, f"has {pname!r} that is {_json_type(given)}, not an object or a "
                                    "list of names")
    return Call(None if customer in ANONYMOUS or customer is None else customer, method.upper(),
                parsed[0], tuple(sorted(params - {""})), moment)


def _text(record: Mapping[str, Any], names: tuple[str, ...], where: str, what: str) -> str:
    name, value = _first(record, names)
    if name is None:
        raise InputError(where, f"has no field {' or '.join(map(repr, names))} (the {what})")
    if not isinstance(value, str):
        raise InputError(where, f"has a {name!r} that is {_json_type(value)}, not text")
    return value


def record_time(record: Mapping[str, Any], fields: Fields, where: str, flat: bool = False) -> dt.datetime:
    """An ISO 8601 time with an offset (`2026-10-10T13:55:36Z`), or epoch seconds (a JSON
    number; in a CSV cell, digits), as an aware UTC time."""
    name, value = _first(record, fields.time)
    if name is None:
        raise InputError(where, f"has no field {' or '.join(map(repr, fields.time))} (the time)")
    if flat and isinstance(value, str) and re.fullmatch(r"[0-9]+(\.[0-9]+)?", value.strip()):
        value = float(value) if "." in value else int(value)
    try:
        if isinstance(value, bool):
            raise ValueError
        if isinstance(value, dt.datetime):  # a Parquet timestamp
            if value.tzinfo is None:
                raise InputError(where, f"has a time without a time zone ({name}): store it as "
                                        "TIMESTAMP WITH TIME ZONE")
            moment = value
        elif isinstance(value, int | float):
            moment = EPOCH + dt.timedelta(seconds=value)
        elif isinstance(value, str):
            moment = dt.datetime.fromisoformat(value.strip())
            if moment.tzinfo is None:
                raise InputError(where, f"has a time without a UTC offset: {value!r} (write it as "
                                        "2026-10-10T13:55:36Z or with +02:00)")
        else:
            raise ValueError
    except (ValueError, OverflowError):
        raise InputError(where, f"has a time that cannot be read: {name}={_shown(value)} (expected "
                                "ISO 8601 with an offset, or epoch seconds)") from None
    return _in_range(moment.astimezone(dt.UTC), where)


def _shown(value: Any) -> str:
    text = orjson.dumps(value, default=str).decode()
    return text if len(text) <= 60 else text[:57] + "..."


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "a boolean", int: "a number", float: "a number", str: "text", list: "a list",
            dict: "an object"}.get(type(value), type(value).__name__)


def named_column(fields: Fields) -> None:
    """A table (CSV, Parquet, DuckDB) names the customer's column; a pattern reads a log line."""
    if customer_pattern(fields.customer) is not None:
        raise InputError("--customer-key", "a pattern reads a log line; CSV, Parquet and DuckDB logs "
                                           "name the customer's column")


def _csv_calls(path: Path, name: str, fields: Fields, counts: Any) -> Iterator[Call]:
    _need_customer(fields)
    named_column(fields)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                raise InputError(name, "is empty (expected a header row naming the columns)")
            header = [h.strip() for h in header]
            for row in reader:
                where = f"{name}:{reader.line_num}"
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) != len(header):
                    raise InputError(where, f"has {len(row)} cells; the header names {len(header)}")
                record = {h: (c.strip() or None) for h, c in zip(header, row, strict=True)}
                call = record_call(record, fields, where, flat=True)
                if call is None:
                    counts.skipped += 1
                else:
                    yield call
    except UnicodeDecodeError as exc:
        raise InputError(name, f"is not valid UTF-8 (byte {exc.start})") from None
    except csv.Error as exc:
        raise InputError(name, f"is not CSV that can be read ({exc})") from None


__all__ = ["FORMATS", "Call", "Fields", "Format", "Requests", "Tally", "Window", "calls", "parse_fields",
           "scan", "sniff"]
