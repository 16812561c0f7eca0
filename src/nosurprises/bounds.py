"""The range of dates and day counts every input is held to.

Notice arithmetic adds and subtracts day counts to dates; Python's `date` ends at the year
9999, so a date near either end (or a count of 10^19 days) would overflow deep inside the
gate. Every date a user writes (ledger, events, `--on`, `--announce`, `--date`) and every
day count of a policy is checked against these bounds where it is read, so the worst sum,
`LAST_DAY + MAX_DAYS` business days, stays far inside what `date` can hold.

The pydantic field types holding these bounds are in `fields.py`: this module is read on
every run (the clock, `today`), and a run printing a report loads no pydantic.
"""

from __future__ import annotations

import datetime as dt

FIRST_DAY = dt.date(1900, 1, 1)
"""The earliest date accepted anywhere."""
LAST_DAY = dt.date(2999, 12, 31)
"""The latest date accepted anywhere."""
MAX_DAYS = 36_500
"""The most days of notice a policy may ask for (about a hundred years)."""


def out_of_range(day: dt.date) -> str | None:
    """Why `day` is refused, or None when it lies in the accepted range."""
    if FIRST_DAY <= day <= LAST_DAY:
        return None
    return f"{day.isoformat()} is outside the supported range {FIRST_DAY} to {LAST_DAY}"


def today() -> dt.date:
    """Today's date in UTC: the default `--on` and `--date` of every command and of the library.

    Not the local date: at one instant it is a day apart in Kiritimati (UTC+14) and Baker
    Island (UTC-12), and a CI runner's time zone must not decide whether a sunset has passed.
    It lives here, beside the other date bounds, so that every stage (the OpenAPI comparison
    as well as the gate) asks the same clock.
    """
    return dt.datetime.now(dt.UTC).date()
