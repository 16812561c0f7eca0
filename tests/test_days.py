"""Date arithmetic of notice periods: calendar and business days (hypothesis properties)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nosurprises.policy.days import add_days, days_between

DATES = st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31))
KINDS = st.sampled_from(["calendar", "business"])


@given(DATES, st.integers(0, 2000), KINDS)
def test_add_then_count_gives_the_same_number(start: dt.date, count: int, kind: str) -> None:
    assert days_between(start, add_days(start, count, kind), kind) == count


@given(DATES, st.integers(1, 2000), KINDS)
def test_add_days_gives_the_first_such_date(start: dt.date, count: int, kind: str) -> None:
    end = add_days(start, count, kind)
    assert days_between(start, end - dt.timedelta(days=1), kind) < count


@given(DATES, DATES, KINDS)
def test_counting_is_antisymmetric(a: dt.date, b: dt.date, kind: str) -> None:
    assert days_between(a, b, kind) == -days_between(b, a, kind)


@given(DATES, DATES)
def test_business_days_never_exceed_calendar_days(a: dt.date, b: dt.date) -> None:
    lo, hi = min(a, b), max(a, b)
    assert 0 <= days_between(lo, hi, "business") <= days_between(lo, hi, "calendar")


@given(DATES, st.integers(0, 300))
def test_business_days_land_on_weekdays(start: dt.date, count: int) -> None:
    end = add_days(start, count, "business")
    assert count == 0 or end.weekday() < 5


@pytest.mark.parametrize(("start", "end", "expected"), [
    (dt.date(2026, 11, 20), dt.date(2026, 11, 23), 1),   # Friday -> Monday
    (dt.date(2026, 11, 21), dt.date(2026, 11, 28), 5),   # Saturday -> Saturday
    (dt.date(2026, 11, 23), dt.date(2026, 11, 23), 0),
])
def test_business_days_examples(start: dt.date, end: dt.date, expected: int) -> None:
    assert days_between(start, end, "business") == expected
