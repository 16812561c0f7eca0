"""Pydantic field types for the bounds of `bounds.py`: dates and day counts in models.

Apart from `bounds.py` because they need pydantic, which the models reading them load anyway
(ledger, policy, events) and a run that only prints a report does not.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field

from .bounds import FIRST_DAY, LAST_DAY, MAX_DAYS

_RANGE = {"formatMinimum": FIRST_DAY.isoformat(), "formatMaximum": LAST_DAY.isoformat()}

Day = Annotated[dt.date, Field(ge=FIRST_DAY, le=LAST_DAY, json_schema_extra=_RANGE)]
"""A calendar date between `FIRST_DAY` and `LAST_DAY` (the schema says so too)."""
DayCount = Annotated[int, Field(ge=0, le=MAX_DAYS)]
"""A number of days of notice, from 0 to `MAX_DAYS`."""
