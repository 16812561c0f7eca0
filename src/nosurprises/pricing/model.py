"""The price book: products, plans, prices, features, limits and quotas.

Money is `Decimal` from the file to the report: amounts are written as decimal strings
(`"10.00"`) and a float in the file is refused rather than rounded. The format accepts the
neutral tables of the shared pricing corpus as written (one product at the top level), and
a `products:` list for books with several products.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError


@cache
def _currencies() -> frozenset[str]:
    """ISO 4217 codes, from Babel's data (its locale data is read then: not for a diff of specs)."""
    from babel.numbers import list_currencies

    return frozenset(list_currencies())


MAX_COUNT = 10**18 - 1
"""The largest whole number a book or usage file may state (a cap, a tier bound, a `per`, an
integer amount): 18 digits, so it fits the 64-bit integers of every JSON reader (orjson's
included). Larger ones are typos, and printing them is not free (Python refuses to print an
integer of 4,301 digits); a larger amount can still be written as a decimal string."""


def _decimal(value: Any) -> Any:
    """Amounts are decimal strings (or integers); floats would round, so they are refused."""
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, bool | float):
        raise PydanticCustomError("money_float", "write amounts as strings, e.g. \"9.99\" "
                                  "(a number like {value} may already be rounded)",
                                  {"value": value})
    if isinstance(value, int):
        if abs(value) > MAX_COUNT:
            raise PydanticCustomError("money_range", "an integer amount is at most {most} (write "
                                      "larger ones as decimal strings)", {"most": f"{MAX_COUNT:,}"})
        return _in_range(Decimal(value), value)
    if isinstance(value, str):
        try:
            amount = Decimal(value.strip())
        except InvalidOperation:
            raise PydanticCustomError("money_text", "'{value}' is not a decimal amount",
                                      {"value": value}) from None
        if not amount.is_finite():
            raise PydanticCustomError("money_text", "'{value}' is not a decimal amount",
                                      {"value": value})
        return _in_range(amount, value)
    return value


def _in_range(amount: Decimal, value: Any) -> Decimal:
    """`1E+999999` is a valid Decimal; arithmetic and formatting on it would overflow or run
    for minutes, and no price needs more than 20 integer or 20 fractional digits."""
    exponent = amount.as_tuple().exponent
    if amount and (amount.adjusted() >= 20 or (isinstance(exponent, int) and exponent < -20)):
        raise PydanticCustomError("money_range", "'{value}' is out of range for an amount "
                                  "(at most 20 digits before and 20 after the point)",
                                  {"value": str(value)})
    return amount


MONEY_PATTERN = r"^\+?\d{1,20}(\.\d{1,20})?$"
Money = Annotated[Decimal, BeforeValidator(_decimal), WithJsonSchema(
    {"anyOf": [{"type": "string", "pattern": MONEY_PATTERN},
               {"type": "integer", "minimum": 0, "maximum": MAX_COUNT}]})]
"""A decimal amount, never negative; its JSON Schema is pinned (it is what files may say,
whatever the pydantic version: decimal strings or integers, never floats)."""
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]
"""A whole number of units: 0 to `MAX_COUNT`."""
Interval = Literal["day", "week", "month", "quarter", "year", "one-time", "usage", "custom"]
Period = Literal["second", "minute", "hour", "day", "week", "month", "quarter", "year"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _currency(value: Any) -> str:
    code = value.upper() if isinstance(value, str) else None
    if code is None or code not in _currencies():
        raise PydanticCustomError("currency", "'{value}' is not an ISO 4217 currency code",
                                  {"value": value})
    return code


Currency = Annotated[str, BeforeValidator(_currency)]


class Price(_Strict):
    """A recurring or one-time price; `amount: null` means not public (contact sales)."""

    amount: Money | None = Field(description="Decimal string, e.g. \"10.00\"; null when not public.")
    currency: Currency = Field(description="ISO 4217 code, e.g. USD.")
    interval: Interval = Field(description="What the amount pays for: a month, a year, usage...")
    per: str | None = Field(default=None, description="What one price unit is for: user, dyno, seat.")
    billing_cycle: Literal["monthly", "annual"] | None = None
    minimum_commitment: Money | None = Field(
        default=None, description="Least amount billed per interval, whatever the use.")
    estimate: bool = False
    note: str | None = None
    source: list[str] | str | None = None

    @field_validator("amount", "minimum_commitment")
    @classmethod
    def _not_negative(cls, value: Decimal | None) -> Decimal | None:
        if value is not None and value < 0:
            raise PydanticCustomError("negative", "a price cannot be negative ({value})",
                                      {"value": str(value)})
        return value


class Tier(_Strict):
    """A usage band: from the unit `from` to the unit `to`, both included (0-100,000 then
    100,001-500,000; a band may also start at the unit the one below ends on)."""

    from_: int = Field(default=0, alias="from", ge=0, le=MAX_COUNT,
                       description="First unit of the band.")
    to: int | None = Field(default=None, ge=0, le=MAX_COUNT,
                           description="Last unit of the band, at or above `from`; null: no upper "
                           "bound.")
    period: Period | None = None

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    @model_validator(mode="after")
    def _starts_before_it_ends(self) -> Tier:
        if self.to is not None and self.to < self.from_:
            raise PydanticCustomError("tier_reversed", "the tier ends (to: {to}) before it starts "
                                      "(from: {start}); `to` must be at or above `from`",
                                      {"to": self.to, "start": self.from_})
        return self

    def span(self) -> str:
        return f"{self.from_:,} to {self.to:,}" if self.to is not None else f"{self.from_:,} and up"


class UsagePrice(_Strict):
    """A metered price: `amount` per `per` units of `unit` (e.g. 0.24 USD per 1,000 calls)."""

    id: str
    name: str | None = None
    amount: Money | None
    currency: Currency
    per: int = Field(default=1, gt=0, le=MAX_COUNT)
    unit: str
    tier: Tier | None = None
    estimate: bool = False
    note: str | None = None
    source: list[str] | str | None = None

    @field_validator("amount")
    @classmethod
    def _not_negative(cls, value: Decimal | None) -> Decimal | None:
        return Price._not_negative(value)


class Credit(_Strict):
    """A recurring allowance in money (e.g. 200 USD of usage a month)."""

    amount: Money
    currency: Currency
    period: Period | None = None
    scope: str | None = None
    note: str | None = None
    source: list[str] | str | None = None

    @field_validator("amount")
    @classmethod
    def _not_negative(cls, value: Decimal) -> Decimal:
        if value < 0:
            raise PydanticCustomError("negative", "a credit cannot be negative ({value})",
                                      {"value": str(value)})
        return value


class Limit(_Strict):
    """A limit or quota: `value` `unit`s per `period` (no period: a standing cap)."""

    id: str
    name: str | None = None
    value: Count | Literal["unlimited"] = Field(
        description="The cap, a whole number of `unit`s (0 means none at all), or `unlimited` "
        "(no cap, stated); a lower number is a decrease, `unlimited` to a number too.")
    unit: str = Field(min_length=1, description="What is counted: request, tweet, GB, seat...")
    period: Period | None = None
    scope: str | None = None
    comparator: Literal["at_least", "at_most"] | None = None
    estimate: bool = False
    note: str | None = None
    source: list[str] | str | None = None


class Trial(_Strict):
    days: int = Field(ge=0, le=36_500, description="Length of the trial, up to 100 years.")
    note: str | None = None


class Feature(_Strict):
    """A feature with an id (so a renamed description still pairs) and an optional value."""

    id: str
    name: str | None = None
    value: bool | Annotated[int, Field(ge=-MAX_COUNT, le=MAX_COUNT)] | str | None = True


class Plan(_Strict):
    id: str = Field(min_length=1, description="Stable id: the same id in two versions is the same plan.")
    name: str
    audience: list[str] | None = Field(
        default=None, description="Who can buy it, e.g. [new, existing]; `existing` alone "
        "means closed to new customers.")
    available: bool = Field(default=True, description="False: listed but no longer sold.")
    price: Price | None = None
    usage_prices: list[UsagePrice] = Field(default_factory=list)
    included_credit: Credit | None = None
    trial: Trial | None = None
    features: list[str | Feature] = Field(default_factory=list)
    limits: list[Limit] = Field(default_factory=list)
    notes: str | None = None
    source: list[str] | str | None = None

    @model_validator(mode="after")
    def _unique_ids(self) -> Plan:
        for what, ids in (("limits", [lim.id for lim in self.limits]),
                          ("usage_prices", [u.id for u in self.usage_prices])):
            seen = set()
            for i in ids:
                if i in seen:
                    raise ValueError(f"duplicate {what} id {i!r}")
                seen.add(i)
        self._tiers_do_not_overlap()
        return self

    def _tiers_do_not_overlap(self) -> None:
        """Tiers of one unit and period are bands one above the other: a unit billed by two
        of them would be charged twice, and which rate applies would be a guess."""
        bands: dict[tuple[str, str | None], list[UsagePrice]] = {}
        for u in self.usage_prices:
            if u.tier is not None:
                bands.setdefault((u.unit, u.tier.period), []).append(u)
        for prices in bands.values():
            ordered = sorted(prices, key=lambda u: (u.tier.from_ if u.tier else 0, u.id))
            for low, high in itertools.pairwise(ordered):
                assert low.tier is not None and high.tier is not None
                if low.tier.to is None or high.tier.from_ < low.tier.to:
                    raise PydanticCustomError(
                        "tier_overlap", "the tiers of usage prices {low} ({low_span}) and {high} "
                        "({high_span}) overlap: a tier must start at or above the last unit of the "
                        "one below", {"low": repr(low.id), "high": repr(high.id),
                                      "low_span": low.tier.span(), "high_span": high.tier.span()})

    def feature_map(self) -> dict[str, Feature]:
        """Features by id; a plain string is its own id, switched on."""
        return {f.id: f for f in (Feature(id=f) if isinstance(f, str) else f for f in self.features)}


class Product(_Strict):
    id: str
    name: str | None = None
    plans: list[Plan]


class PriceBook(_Strict):
    """A whole offer at one date. Either `plans` (one product) or `products`."""

    kind: Literal["pricing"] | None = Field(default=None, description="Optional marker.")
    provider: str | None = None
    product: str | None = None
    as_of: dt.date | None = None
    sources: list[str] | None = None
    plans: list[Plan] | None = None
    products: list[Product] | None = None

    @model_validator(mode="after")
    def _one_shape(self) -> PriceBook:
        if (self.plans is None) == (self.products is None):
            raise ValueError("give either `plans` (one product) or `products`, not both or neither")
        seen: set[tuple[str, str]] = set()
        for product, plan in self.all_plans():
            key = (product, plan.id)
            if key in seen:
                raise ValueError(f"duplicate plan id {plan.id!r}")
            seen.add(key)
        return self

    def all_plans(self) -> list[tuple[str, Plan]]:
        """(product id, plan) pairs; a single-product book's product id is its name or ``."""
        if self.plans is not None:
            return [(self.product or "", plan) for plan in self.plans]
        return [(p.id, plan) for p in self.products or [] for plan in p.plans]


def minor_units(currency: str) -> int:
    """Decimal places of a currency (JPY 0, USD 2, BHD 3): for currency-aware rounding."""
    from babel.numbers import get_currency_precision

    return int(get_currency_precision(currency))
