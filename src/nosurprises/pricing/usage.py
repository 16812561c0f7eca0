"""Subscriptions and their usage: who is on which plan, and how much they use.

A usage file says, per customer and plan, how many seats (`quantity`) they pay for and how
much of each unit they use in one billing period of their plan (`request: 150000` is 150,000
requests a month on a monthly plan). A key `unit/period` (`request/minute: 80`) is a peak
rate, compared with limits of that period only and never billed; a key naming a limit id
(`tweet_reads`) is compared with that limit only, when one unit counts several things.
Counts are decimals (5.5 GB), never floats, and never negative: a usage file that cannot be
read exactly stops with an `InputError` naming the file, the row or customer, and the field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any, NamedTuple, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    WithJsonSchema,
    field_validator,
)
from pydantic_core import PydanticCustomError

from ..errors import InputError
from ..load import load_document
from ..load.csvfile import open_csv
from ..load.jsonlines import NotJson, json_lines
from ..load.source import MAX_BYTES
from .model import MAX_COUNT, Period

USAGE_PREFIX = "usage:"
CSV_COLUMNS = ("customer", "plan")
_PERIODS = frozenset(get_args(Period))


def _count(value: Any) -> Any:
    """A count as an exact Decimal: integers or decimal strings; a float may already be rounded."""
    if isinstance(value, bool | float):
        raise PydanticCustomError("usage_float", "write usage as an integer or a decimal string, "
                                  "e.g. \"5.5\" (a number like {value} may already be rounded)",
                                  {"value": value})
    if isinstance(value, int):
        if value > MAX_COUNT:
            raise PydanticCustomError("usage_text", "an integer count is at most {most} (write "
                                      "larger ones as decimal strings)", {"most": f"{MAX_COUNT:,}"})
        value = str(value)
    if isinstance(value, str):
        try:
            amount = Decimal(value.strip().replace("_", ""))
        except InvalidOperation:
            raise PydanticCustomError("usage_text", "'{value}' is not a number",
                                      {"value": value}) from None
        exponent = amount.as_tuple().exponent
        if not amount.is_finite() or not isinstance(exponent, int) or (
                amount and (amount.adjusted() >= 20 or exponent < -20)):
            raise PydanticCustomError("usage_text", "'{value}' is not a usable number "
                                      "(at most 20 digits before and 20 after the point)",
                                      {"value": value})
        if amount < 0:
            raise PydanticCustomError("usage_negative", "cannot be negative ({value})",
                                      {"value": str(value)})
        return amount
    return value


COUNT_PATTERN = r"^\+?[\d_]{1,20}(\.\d{1,20})?$"
Count = Annotated[Decimal, BeforeValidator(_count), WithJsonSchema(
    {"anyOf": [{"type": "string", "pattern": COUNT_PATTERN},
               {"type": "integer", "minimum": 0, "maximum": MAX_COUNT}]})]
"""A use count, 0 or more, at most 20 digits either side of the point (its schema pinned as
for money: what files may say)."""


class Subscription(BaseModel):
    """One customer on one plan: the facts an impact is computed from."""

    model_config = ConfigDict(extra="forbid")

    customer: str = Field(min_length=1, description="Who to tell: an account id or name.")
    plan: str = Field(min_length=1, description="Plan id in the old book (`product/plan` in a "
                      "book with `products`).")
    quantity: int = Field(default=1, ge=1, le=MAX_COUNT,
                          description="Seats or units of the plan's `per`.")
    usage: dict[str, Count] = Field(default_factory=dict, description="Use per billing period "
                                    "by unit (`request`), or a peak rate by `unit/period`.")
    _where: str = PrivateAttr(default="")

    @field_validator("usage")
    @classmethod
    def _usage(cls, usage: dict[str, Decimal]) -> dict[str, Decimal]:
        for key in usage:
            unit, _, period = key.partition("/")
            if not unit or (period and period not in _PERIODS) or key.count("/") > 1:
                raise PydanticCustomError("usage_key", "'{key}' is not a unit or `unit/period` "
                                          "(periods: {periods})",
                                          {"key": key, "periods": ", ".join(get_args(Period))})
        return usage

    @property
    def where(self) -> str:
        """`line 4 (customer 'acme')`: how an error names this row of its file."""
        return self._where or f"customer {self.customer!r}"


class UsageFile(BaseModel):
    """A usage file in YAML or JSON (a CSV file says the same, a row per subscription)."""

    model_config = ConfigDict(extra="forbid")

    kind: str | None = Field(default=None, description="Optional marker, e.g. `usage`.")
    subscriptions: list[Subscription] = Field(description="One entry per customer and plan.")


USAGE_FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}
"""Usage files read row by row (and, when large, by the query engine): by file suffix."""

Row = tuple[str, Any]
"""(where, raw row): `line 4` of a CSV or JSON lines file, `row 4` of Parquet,
`subscriptions[3]` of YAML/JSON, and the row as read (a mapping, or anything for an error)."""


class Rows(NamedTuple):
    """A usage source's name, its rows (read lazily), and whether they are flat: CSV and
    Parquet name a unit's column `usage:<unit>`, and errors name that column."""

    name: str
    rows: Iterable[Row]
    flat: bool = False


@dataclass(frozen=True)
class Checks:
    """What every subscription is checked against, whether or not its plan changed: a plan id
    missing from the old book or a unit neither book knows is a typo far more often than a
    fact, and a silent skip would understate the totals."""

    plans: frozenset[str]
    units: frozenset[str]

    def problem(self, s: Subscription) -> str | None:
        """The error a subscription gives (its plan first, then its usage keys in order)."""
        if s.plan not in self.plans:
            return (f"{s.where}: plan {s.plan!r} is not in the old price book "
                    f"(its plans: {', '.join(sorted(self.plans))})")
        for key in s.usage:
            if key.partition("/")[0] not in self.units:
                return (f"{s.where}: usage {key!r} is not a unit or limit id of either price book "
                        f"(known: {', '.join(sorted(self.units))})")
        return None


def usage_format(source: Any) -> str | None:
    """`csv`, `jsonl` or `parquet` for a path read row by row; None for YAML/JSON, text, dicts."""
    if not isinstance(source, str | Path) or (isinstance(source, str) and "\n" in source):
        return None
    return USAGE_FORMATS.get(Path(source).suffix.lower())


def load_usage(source: Any, *, label: str | None = None, max_bytes: int = MAX_BYTES) -> list[Subscription]:
    """Subscriptions from a path (CSV, JSON lines, Parquet, YAML or JSON), text, a dict or `git:REF:PATH`.

    CSV and Parquet: `customer,plan[,quantity]` and one `usage:<unit>` column per unit; an empty
    cell is no use. JSON lines: one subscription object a line. YAML/JSON:
    `subscriptions: [{customer, plan, quantity, usage: {unit: count}}]`. Every subscription is
    kept: `impact` keeps only those on changed plans, and does not load the others at all.
    """
    if isinstance(source, list) and all(isinstance(s, Subscription) for s in source):
        return list(source)
    return scan(usage_rows(source, label=label, max_bytes=max_bytes))


def usage_name(source: Any, label: str | None = None) -> str:
    """How errors name a usage source: its label, its path, or `<dict>`."""
    return label or (str(source) if isinstance(source, str | Path) else "<dict>")


def usage_rows(source: Any, *, label: str | None = None, max_bytes: int = MAX_BYTES) -> Rows:
    """The source's rows, read one by one (a CSV header is checked at once)."""
    name = usage_name(source, label)
    fmt = usage_format(source)
    if fmt == "csv":
        return Rows(name, _csv_rows(Path(source), name, max_bytes), flat=True)
    if fmt == "jsonl":
        return Rows(name, _jsonl_rows(Path(source), name, max_bytes))
    if fmt == "parquet":
        from .usage_engine import parquet_rows  # DuckDB reads Parquet; nothing else here needs it

        return Rows(name, parquet_rows(Path(source), name, max_bytes), flat=True)
    data = load_document(source, label=label, max_bytes=max_bytes).data
    if not isinstance(data, dict) or not isinstance(data.get("subscriptions"), list):
        raise InputError(name, "is not a usage file (expected `subscriptions:` with a list of "
                               "{customer, plan, quantity, usage})")
    if set(data) - {"subscriptions", "kind"}:
        extra = sorted(set(data) - {"subscriptions", "kind"})
        raise InputError(name, f"unknown top-level key(s) {', '.join(map(str, extra))} "
                               "(expected `subscriptions`)")
    return Rows(name, [(f"subscriptions[{i}]", row) for i, row in enumerate(data["subscriptions"])])


def scan(source: Rows, checks: Checks | None = None,
         keep: Callable[[str], bool] | None = None) -> list[Subscription]:
    """Every row validated, in one pass that keeps only the subscriptions on plans `keep`
    accepts (all without it); the error is the one a whole load would give first.

    A file's errors come in this order: reading it (a malformed line, wherever it is), then
    the first row that is not a valid subscription, then the first customer listed twice on
    a plan, then (with `checks`) the first plan or unit the books do not know.
    """
    kept: list[Subscription] = []
    seen: dict[tuple[str, str], str] = {}
    invalid: InputError | None = None
    twice = unknown = None
    name = source.name
    for where, row in source.rows:
        if invalid is not None:
            continue  # read on: a malformed line further down is reported first
        try:
            s = subscription(name, where, row, flat=source.flat)
        except InputError as exc:
            invalid = exc
            continue
        key = (s.customer, s.plan)
        if key in seen:
            twice = twice or (f"{s.where}: customer {s.customer!r} is listed twice on plan "
                              f"{s.plan!r} (also {seen[key]}); give one row with its quantity")
        else:
            seen[key] = s._where.split(" (")[0]
        if checks is not None and unknown is None:
            unknown = checks.problem(s)
        if keep is None or keep(s.plan):
            kept.append(s)
    if invalid is not None:
        raise invalid
    if twice or unknown:
        raise InputError(name, twice or unknown or "")
    return kept


def subscription(name: str, where: str, row: Any, *, flat: bool = False) -> Subscription:
    """One row validated, or the `InputError` naming the file, the row (and customer) and field."""
    customer = row.get("customer") if isinstance(row, dict) else None
    named = f"{where} (customer {customer!r})" if isinstance(customer, str) and customer else where
    if not isinstance(row, dict):
        raise InputError(name, f"{named}: is not a mapping of customer, plan, quantity, usage")
    try:
        validated = Subscription.model_validate(row)
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = error["loc"]
        field = ".".join(str(step) for step in loc if step != "[key]")
        if flat and loc[:1] == ("usage",) and len(loc) > 1:
            field = f"{USAGE_PREFIX}{loc[1]}"  # the column as the file names it
        message = error["msg"].removeprefix("Value error, ")
        lined = where.startswith(("line", "row"))
        raise InputError(name, f"{named}{', ' if lined else '.'}{field}: "
                               f"{message}" if field else f"{named}: {message}") from None
    validated._where = named
    return validated


def _csv_rows(path: Path, name: str, max_bytes: int) -> Iterator[Row]:
    """The rows of a usage CSV file; its header is checked before the first row is asked for."""
    reader = open_csv(path, name, max_bytes)
    check_header([h.strip() for h in reader.fieldnames or []], name)
    return _csv_records(reader, name)


def check_header(header: list[str], name: str) -> None:
    """`customer,plan[,quantity]` and `usage:<unit>` columns, or an error naming the file."""
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        raise InputError(name, f"lacks the column(s) {', '.join(missing)} (expected "
                               f"customer,plan[,quantity] and one {USAGE_PREFIX}<unit> column per unit)")
    unknown = [h for h in header if h not in (*CSV_COLUMNS, "quantity") and not h.startswith(USAGE_PREFIX)]
    if unknown:
        raise InputError(name, f"unknown column(s) {', '.join(unknown)} (usage columns are named "
                               f"{USAGE_PREFIX}<unit>, e.g. {USAGE_PREFIX}request)")


def _csv_records(reader: Any, name: str) -> Iterator[Row]:
    any_row = False
    for raw_row in reader:
        row = {k.strip(): (v or "").strip() for k, v in raw_row.items() if k is not None}
        line = f"line {reader.line_num}"
        if None in raw_row:
            raise InputError(name, f"{line}: more cells than columns")
        if not any(row.values()):
            continue
        any_row = True
        yield line, flat_entry(row)
    if not any_row:
        raise InputError(name, "has no rows (expected a header and one row per subscription)")


def flat_entry(row: Mapping[str, Any]) -> dict[str, Any]:
    """A CSV or Parquet row (`customer`, `plan`, `quantity`, `usage:<unit>` cells, empty or
    None when absent) as the mapping a `Subscription` is validated from."""
    entry: dict[str, Any] = {"customer": row.get("customer") or "", "plan": row.get("plan") or "",
                             "usage": {k.removeprefix(USAGE_PREFIX): v for k, v in row.items()
                                       if k.startswith(USAGE_PREFIX) and v not in (None, "")}}
    if row.get("quantity") not in (None, ""):
        entry["quantity"] = row["quantity"]
    return entry


def _jsonl_rows(path: Path, name: str, max_bytes: int) -> Iterator[Row]:
    """One subscription object a line; blank lines are skipped."""
    any_row = False
    for number, row in json_lines(path, name, max_bytes):
        if isinstance(row, NotJson):
            raise InputError(name, f"line {number}: is not JSON ({row.reason})")
        any_row = True
        yield f"line {number}", row
    if not any_row:
        raise InputError(name, "has no rows (expected one JSON object per subscription and line)")
