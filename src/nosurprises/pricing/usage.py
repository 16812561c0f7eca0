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

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any, get_args

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


def load_usage(source: Any, *, label: str | None = None, max_bytes: int = MAX_BYTES) -> list[Subscription]:
    """Subscriptions from a path (CSV, YAML or JSON), text, a dict or `git:REF:PATH`.

    CSV: `customer,plan[,quantity]` and one `usage:<unit>` column per unit; an empty cell is
    no use. YAML/JSON: `subscriptions: [{customer, plan, quantity, usage: {unit: count}}]`.
    """
    if isinstance(source, list) and all(isinstance(s, Subscription) for s in source):
        return list(source)
    name = label or (str(source) if isinstance(source, str | Path) else "<dict>")
    if isinstance(source, str | Path) and str(source).lower().endswith(".csv"):
        rows = _read_csv(Path(source), name, max_bytes)
    else:
        data = load_document(source, label=label, max_bytes=max_bytes).data
        if not isinstance(data, dict) or not isinstance(data.get("subscriptions"), list):
            raise InputError(name, "is not a usage file (expected `subscriptions:` with a list of "
                                   "{customer, plan, quantity, usage})")
        if set(data) - {"subscriptions", "kind"}:
            extra = sorted(set(data) - {"subscriptions", "kind"})
            raise InputError(name, f"unknown top-level key(s) {', '.join(map(str, extra))} "
                                   "(expected `subscriptions`)")
        rows = [(f"subscriptions[{i}]", row) for i, row in enumerate(data["subscriptions"])]
    subscriptions = [_subscription(name, where, row) for where, row in rows]
    seen: dict[tuple[str, str], str] = {}
    for s in subscriptions:
        key = (s.customer, s.plan)
        if key in seen:
            raise InputError(name, f"{s.where}: customer {s.customer!r} is listed twice on plan "
                                   f"{s.plan!r} (also {seen[key]}); give one row with its quantity")
        seen[key] = s._where.split(" (")[0]
    return subscriptions


def _subscription(name: str, where: str, row: Any) -> Subscription:
    customer = row.get("customer") if isinstance(row, dict) else None
    named = f"{where} (customer {customer!r})" if isinstance(customer, str) and customer else where
    if not isinstance(row, dict):
        raise InputError(name, f"{named}: is not a mapping of customer, plan, quantity, usage")
    try:
        subscription = Subscription.model_validate(row)
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = error["loc"]
        field = ".".join(str(step) for step in loc if step != "[key]")
        if where.startswith("line") and loc[:1] == ("usage",) and len(loc) > 1:
            field = f"{USAGE_PREFIX}{loc[1]}"  # the column as the CSV names it
        message = error["msg"].removeprefix("Value error, ")
        raise InputError(name, f"{named}{'.' if not where.startswith('line') else ', '}{field}: "
                               f"{message}" if field else f"{named}: {message}") from None
    subscription._where = named
    return subscription


def _read_csv(path: Path, name: str, max_bytes: int) -> list[tuple[str, dict[str, Any]]]:
    reader = open_csv(path, name, max_bytes)
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        raise InputError(name, f"lacks the column(s) {', '.join(missing)} (expected "
                               f"customer,plan[,quantity] and one {USAGE_PREFIX}<unit> column per unit)")
    unknown = [h for h in header if h not in (*CSV_COLUMNS, "quantity") and not h.startswith(USAGE_PREFIX)]
    if unknown:
        raise InputError(name, f"unknown column(s) {', '.join(unknown)} (usage columns are named "
                               f"{USAGE_PREFIX}<unit>, e.g. {USAGE_PREFIX}request)")
    rows: list[tuple[str, dict[str, Any]]] = []
    for raw_row in reader:
        row = {k.strip(): (v or "").strip() for k, v in raw_row.items() if k is not None}
        line = f"line {reader.line_num}"
        if None in raw_row:
            raise InputError(name, f"{line}: more cells than columns")
        if not any(row.values()):
            continue
        entry: dict[str, Any] = {"customer": row["customer"], "plan": row["plan"],
                                 "usage": {k.removeprefix(USAGE_PREFIX): v for k, v in row.items()
                                           if k.startswith(USAGE_PREFIX) and v}}
        if row.get("quantity"):
            entry["quantity"] = row["quantity"]
        rows.append((line, entry))
    if not rows:
        raise InputError(name, "has no rows (expected a header and one row per subscription)")
    return rows
