"""Declared events: what no diff can see but customers are owed notice of.

A sale of the service, a transfer of accounts, a shutdown, a data migration, a change of
data processor or a maintenance window leaves no trace in a spec, so the provider declares
it in a small file; from there it flows through the same rules, policy and notices as a
diffed change. Everything is strict (`extra="forbid"`): a misspelt key in a notice that
customers are owed must fail loudly, not vanish.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from ..bounds import FIRST_DAY, LAST_DAY, out_of_range

Kind = Literal["sale", "transfer", "shutdown", "region-shutdown", "migration",
               "processor-change", "maintenance"]
KINDS: tuple[str, ...] = Kind.__args__  # type: ignore[attr-defined]

When = dt.datetime | dt.date
"""A calendar date, or a timezone-aware moment (a maintenance window starts at a time)."""


def _when(value: Any) -> Any:
    """Parse ISO text into exactly a date or a datetime and refuse naive times.

    Done by hand because a lax `date | datetime` union would read `2027-01-01` as midnight
    in no particular timezone, and a naive time means a different moment for each customer.
    """
    original = value
    if isinstance(value, str):
        text = value.strip()
        try:
            value = dt.datetime.fromisoformat(text) if any(c in text for c in "T :") else \
                dt.date.fromisoformat(text)
        except ValueError:
            value = None
    if not isinstance(value, dt.date):  # numbers too: 20270101 is not a Unix timestamp here
        raise PydanticCustomError(
            "when", "{value} is not a date (YYYY-MM-DD) or a date and time with a timezone "
            "(YYYY-MM-DDTHH:MM:SSZ)", {"value": repr(original)})
    problem = out_of_range(value.date() if isinstance(value, dt.datetime) else value)
    if problem:  # notice days are counted back from it: the sum must stay a date
        raise PydanticCustomError("when_range", problem)
    if isinstance(value, dt.datetime) and value.utcoffset() is None:
        raise PydanticCustomError(
            "naive_datetime", "{value} has no timezone; add one (e.g. `Z` or `+01:00`) so every "
            "customer reads the same moment", {"value": value.isoformat()})
    return value


class Event(BaseModel):
    """One declared event customers must be told about before it takes effect."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1, description="A name for the event, unique in the file "
                    "(it is the `item` of the change and the key of its announcements).")
    kind: Kind = Field(description="What happens: `sale`, `transfer`, `shutdown`, `region-shutdown`, "
                       "`migration`, `processor-change` or `maintenance`.")
    summary: str = Field(min_length=1, description="One sentence for customers saying what happens.")
    effective: When = Field(description="When it takes effect: a date (`2027-01-01`) or a "
                            "timezone-aware date and time (`2027-01-01T02:00:00Z`), from "
                            f"{FIRST_DAY} to {LAST_DAY}.",
                            json_schema_extra={"formatMinimum": FIRST_DAY.isoformat(),
                                               "formatMaximum": LAST_DAY.isoformat()})
    ends: When | None = Field(default=None, description="Only for `maintenance`: when the window "
                              "ends, after `effective` and of the same type (date or date and time).")
    audience: list[str] = Field(default=["all"], min_length=1,
                                description="Who it reaches (e.g. `all`, `paying`, `eu-business`).")
    counterparty: str | None = Field(default=None, description="The other company: the buyer, the "
                                     "new account holder, the new processor.")
    affects: list[str] | None = Field(default=None, description="The products, regions or plans "
                                      "concerned.")
    details_url: str | None = Field(default=None, description="Where customers read more.")
    retroactive: bool = Field(default=False, description="It reaches back to customers who were "
                              "promised otherwise (a fee on installs already made, a plan whose "
                              "grandfathering ends): the gate refuses it whatever the notice.")

    @field_validator("effective", "ends", mode="before")
    @classmethod
    def _parse_when(cls, value: Any) -> Any:
        return None if value is None else _when(value)

    @field_validator("ends")
    @classmethod
    def _ends_after_effective(cls, ends: When | None, info: ValidationInfo) -> When | None:
        if ends is None:
            return ends
        kind, effective = info.data.get("kind"), info.data.get("effective")
        if kind is not None and kind != "maintenance":
            raise PydanticCustomError("ends_not_allowed", "only a `maintenance` event has an end; "
                                      "a {kind} event takes effect once", {"kind": kind})
        if effective is None:
            return ends
        if isinstance(ends, dt.datetime) is not isinstance(effective, dt.datetime):
            raise PydanticCustomError("ends_type", "must be a date and time like `effective`"
                                      if isinstance(effective, dt.datetime) else
                                      "must be a date like `effective`")
        if ends <= effective:
            raise PydanticCustomError("ends_before", "{ends} is not after `effective` ({effective})",
                                      {"ends": ends.isoformat(), "effective": effective.isoformat()})
        return ends


class EventsFile(BaseModel):
    """The file as written: `events: [...]`."""

    model_config = ConfigDict(extra="forbid")

    events: list[Event] = Field(description="The declared events.")

    @field_validator("events")
    @classmethod
    def _unique_ids(cls, events: list[Event]) -> list[Event]:
        seen: dict[str, int] = {}
        for index, event in enumerate(events):
            if event.id in seen:
                raise PydanticCustomError(
                    "duplicate_id", "events[{index}].id: {quoted} is already used by events[{first}]",
                    {"index": index, "id": event.id, "quoted": repr(event.id), "first": seen[event.id]})
            seen[event.id] = index
        return events
