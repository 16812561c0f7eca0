"""Hostile 8: without `--on`/`--date` the answer must not depend on the machine's time zone."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time

import pytest

from nosurprises.cli import main
from nosurprises.policy import days

from .conftest import ROOT

OLD, NEW = str(ROOT / "examples" / "petstore-old.yaml"), str(ROOT / "examples" / "petstore-new.yaml")


def _check_on(tz: str) -> dict:
    env = {**os.environ, "TZ": tz}
    done = subprocess.run([sys.executable, "-m", "nosurprises", "check", OLD, NEW, "-f", "json"],
                          env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


@pytest.mark.skipif(not hasattr(time, "tzset"), reason="TZ is read on POSIX only")
def test_today_is_the_same_day_at_both_ends_of_the_world() -> None:
    """UTC+14 and UTC-12 are 26 hours apart: their local dates always differ, so a local
    `date.today()` could not give the same report in both."""
    before = dt.datetime.now(dt.UTC).date()
    east, west = _check_on("Pacific/Kiritimati"), _check_on("Etc/GMT+12")
    after = dt.datetime.now(dt.UTC).date()
    if before != after:  # the run crossed midnight UTC: the two runs may fairly differ
        pytest.skip("crossed midnight UTC while running")
    assert east == west
    assert east["on"] == before.isoformat()


def test_the_default_day_comes_from_one_function(monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(days, "today", lambda: dt.date(2031, 5, 6))
    import nosurprises.cli as cli

    monkeypatch.setattr(cli, "utc_today", days.today)
    main(["check", OLD, NEW, "-f", "json"])
    assert json.loads(capsys.readouterr().out)["on"] == "2031-05-06"


def test_today_is_utc(monkeypatch: pytest.MonkeyPatch) -> None:
    """Just before midnight UTC on 31 December, Kiritimati is already in the new year."""
    instant = dt.datetime(2030, 12, 31, 23, 30, tzinfo=dt.UTC)

    class Frozen(dt.datetime):
        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> dt.datetime:  # type: ignore[override]
            return instant if tz is None else instant.astimezone(tz)

    monkeypatch.setattr(days.dt, "datetime", Frozen)
    assert days.today() == dt.date(2030, 12, 31)


def test_the_library_asks_the_same_utc_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """`compare_openapi` without `today` judges sunsets by the UTC day too, not the local one."""
    import nosurprises.openapi.compare as compare

    asked = []
    monkeypatch.setattr(compare, "utc_today", lambda: asked.append(1) or dt.date(2031, 5, 6))
    compare.compare_openapi(OLD, NEW)
    assert asked == [1]
