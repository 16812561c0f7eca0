"""Every channel renders any notice: arbitrary text, dates and flags never crash or leak markup."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
import xml.etree.ElementTree as ET

import icalendar
import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nosurprises.model import Change, Level, Subject
from nosurprises.notices import Notice, NoticeChange
from nosurprises.notices.channels import CHANNELS, render

_RULES = ["api.operation.removed-without-deprecation", "api.operation.deprecated",
          "api.operation.sunset-added", "api.parameter.became-required", "terms.fees.changed",
          "pricing.price.increased", "event.sale"]
_SUBJECTS = {"api": Subject.API, "terms": Subject.TERMS, "pricing": Subject.PRICING, "event": Subject.EVENT}
_text = st.text(max_size=60)
_day = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1))


@st.composite
def _notice(draw: st.DrawFn) -> Notice:
    announced = draw(_day)
    effective = announced + dt.timedelta(days=draw(st.integers(0, 800)))
    changes = []
    for _ in range(draw(st.integers(1, 4))):
        rule = draw(st.sampled_from(_RULES))
        operation = draw(st.one_of(st.none(), st.tuples(st.sampled_from(["GET", "POST"]), _text).map(
            lambda t: f"{t[0]} /{t[1]}")))
        api = rule.startswith("api.")
        change = Change(rule=rule, level=draw(st.sampled_from(list(Level))),
                        subject=_SUBJECTS[rule.split(".")[0]], operation=operation if api else None,
                        location=draw(_text), message=draw(_text), hint=draw(st.one_of(st.none(), _text)),
                        item=draw(st.one_of(st.none(), _text)), after=draw(st.one_of(st.none(), _text, _day)))
        own = effective + dt.timedelta(days=draw(st.integers(0, 30)))
        changes.append(NoticeChange(change=change, title=draw(_text), effective=own))
    emergency = draw(st.booleans())
    return Notice(id=draw(st.text(alphabet="abcdefghij-0123456789", min_size=1, max_size=20)),
                  product=draw(st.text(min_size=1, max_size=30)), announced=announced, effective=effective,
                  summary=draw(st.one_of(st.none(), _text)), emergency=emergency,
                  justification=draw(_text) if emergency else None,
                  url=draw(st.one_of(st.none(), st.just("https://example.com/changes?a=1&b=2"))),
                  contact=draw(st.one_of(st.none(), _text)),
                  locale=draw(st.sampled_from(["en", "de", "fr", "ja", "pt_BR"])), changes=changes)


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_notice())
def test_every_channel_renders_anything_into_something_its_readers_can_parse(notice: Notice) -> None:
    out = {name: render(notice, name)[1] for name in CHANNELS}
    msg = email.message_from_string(out["email"], policy=email.policy.default)
    assert "\n" not in str(msg["Subject"]) and msg.get_body(("plain",)) is not None
    assert msg.get_body(("html",)) is not None
    assert not _CONTROL.search(out["changelog"]) and out["changelog"].startswith("## ")
    ET.fromstring(out["feed"].encode("utf-8"))
    calendar = icalendar.Calendar.from_ical(out["calendar"])
    assert len(calendar.walk("VEVENT")) == len({c.effective for c in notice.changes})
    for fields in orjson.loads(out["headers"]).values():
        for value in fields.values():
            assert value.isascii() and value.isprintable()


@settings(max_examples=60, deadline=None)
@given(_notice())
def test_rendering_is_deterministic(notice: Notice) -> None:
    copy = Notice.model_validate_json(notice.model_dump_json())
    for name in CHANNELS:
        assert render(notice, name) == render(copy, name)
