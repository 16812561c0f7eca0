"""The Atom feed and the iCalendar file: parsed back, as a feed reader or a calendar would read them."""

from __future__ import annotations

import datetime as dt
import html
import unicodedata
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from nosurprises.events import event_changes, load_events
from nosurprises.model import Change, Level, Report, Subject
from nosurprises.notices import Notice, NoticeChange, calendar, feed, from_plan
from nosurprises.notices.told import told
from nosurprises.openapi import compare_openapi
from nosurprises.policy import load_policy, plan
from nosurprises.templating import code_spans

from .conftest import ROOT

A = "{http://www.w3.org/2005/Atom}"
EXAMPLES = ROOT / "examples"
ANNOUNCED = dt.date(2026, 12, 1)
HOSTILE = 'Send <script>alert(1)</script> & "quotes" \'now\''


def _notice(*, events: bool) -> Notice:
    report = compare_openapi(str(EXAMPLES / "petstore-old.yaml"), str(EXAMPLES / "petstore-new.yaml"))
    if events:
        path = str(EXAMPLES / "events.yaml")
        report = Report.from_changes(report.changes + event_changes(load_events(path), path))
    policy, rules = load_policy(str(EXAMPLES / "nosurprises.yaml"))
    result = plan(report, policy, rules, ANNOUNCED)
    return from_plan(report, result, product="Pets API", url="https://example.com/changelog")


@pytest.fixture(scope="module")
def pets() -> Notice:
    return _notice(events=False)


@pytest.fixture(scope="module")
def pets_events() -> Notice:
    return _notice(events=True)


def hostile(message: str = HOSTILE, **fields: object) -> Notice:
    """A notice built by hand, with whatever text a spec or a terms document could carry."""
    change = Change(rule="api.operation.removed", level=Level.BREAKING, subject=Subject.API,
                    operation="DELETE /pets/{id}", location="/paths/~1pets~1{id}/delete",
                    message=message, hint="Stop calling it & use <v2>.")
    values: dict[str, object] = {
        "id": "2026-12-01-pets-api", "product": "Pets API", "announced": ANNOUNCED,
        "effective": dt.date(2027, 12, 1), "url": "https://example.com/changelog?a=1&b=<2>",
        "changes": [NoticeChange(change=change, title="Operation removed", effective=dt.date(2027, 12, 1))]}
    return Notice.model_validate(values | fields)


_BREAKS = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x85\u2028\u2029"


def expected_text(text: str) -> str:
    """What survives: one line (each run of line breaks one space), no control characters,
    nothing XML forbids, no bidirectional override (independent of clean)."""
    out: list[str] = []
    for ch in text:
        if ch in _BREAKS:
            if not out or out[-1] != "\x00":
                out.append("\x00")  # a run of breaks, one space
        elif (unicodedata.category(ch) not in ("Cc", "Cs") and ch not in "\ufffe\uffff"
              and unicodedata.bidirectional(ch) not in ("LRE", "RLE", "PDF", "LRO", "RLO", "LRI",
                                                        "RLI", "FSI", "PDI")):
            out.append(ch)
    return "".join(out).replace("\x00", " ")


def parse_feed(text: str) -> ET.Element:
    return ET.fromstring(text.encode("utf-8"))


def events_of(text: str) -> list:
    return Calendar.from_ical(text).walk("VEVENT")


# --- Atom feed ---------------------------------------------------------------------------------------


def test_feed_ids_dates_and_link(pets: Notice) -> None:
    text = feed.render(pets)
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>\n') and text.endswith("\n")
    root = parse_feed(text)
    assert root.tag == f"{A}feed"
    assert root.findtext(f"{A}id") == "tag:nosurprises,2026:pets-api"
    assert root.findtext(f"{A}updated") == "2026-12-01T00:00:00Z"
    assert root.findtext(f"{A}author/{A}name") == "Pets API"
    entries = root.findall(f"{A}entry")
    assert len(entries) == 1
    entry = entries[0]
    assert entry.findtext(f"{A}id") == "tag:nosurprises,2026:pets-api/2026-12-01-pets-api"
    assert entry.findtext(f"{A}updated") == "2026-12-01T00:00:00Z"
    link = entry.find(f"{A}link")
    assert link is not None and link.get("rel") == "alternate"
    assert link.get("href") == "https://example.com/changelog"


def test_feed_title_counts_and_categories(pets: Notice) -> None:
    entry = parse_feed(feed.render(pets)).find(f"{A}entry")
    assert entry is not None
    breaking = len(pets.at(Level.BREAKING))
    assert breaking > 1 and not pets.at(Level.INFO)
    assert entry.findtext(f"{A}title", "").startswith(f"Pets API: {breaking} breaking changes")
    assert entry.findtext(f"{A}title", "").endswith("take effect on 2027-12-01")
    terms = [c.get("term") for c in entry.findall(f"{A}category")]
    assert terms == [level.value for level in Level if pets.at(level)]


def test_feed_content_lists_every_change_with_what_to_do(pets: Notice) -> None:
    entry = parse_feed(feed.render(pets)).find(f"{A}entry")
    assert entry is not None
    content = entry.find(f"{A}content")
    assert content is not None and content.get("type") == "html"
    body = content.text or ""
    assert "<h2>What will stop working</h2>" in body and "365 days&#x27; notice" in body
    lines = told(pets.changes)
    assert len(lines) < len(pets.changes)  # a shared schema's change is one line
    for line in lines:
        # the sentence with its names and values as <code>, never as literal backticks
        assert "".join(f"<code>{html.escape(t)}</code>" if code else html.escape(t)
                       for code, t in line.said) in body
        assert html.escape(line.title) not in body  # a reviewer's title
        for op in line.operations:  # every operation it affects is named (a few here)
            assert f"<code>{html.escape(op)}</code>" in body
    assert "`" not in body
    # what the customer can do, in the provider's words; never the reviewer's hint
    first = told(pets.changes)[0]
    assert "What to do: " + "".join(f"<code>{html.escape(t)}</code>" if code else html.escape(t)
                                    for code, t in first.todo) in body
    assert html.escape(pets.changes[0].change.hint or "-") not in body


def test_feed_declared_events_give_a_span_and_their_own_days(pets_events: Notice) -> None:
    entry = parse_feed(feed.render(pets_events)).find(f"{A}entry")
    assert entry is not None
    first = min(c.effective for c in pets_events.changes)
    assert first < pets_events.effective
    assert entry.findtext(f"{A}title", "").endswith(
        f"take effect between {first.isoformat()} and {pets_events.effective.isoformat()}")
    assert f"Takes effect on {first:%B} {first.day}, {first.year}." in (entry.findtext(f"{A}content") or "")


def test_feed_hostile_text_is_escaped_and_well_formed() -> None:
    notice = hostile(product="Pets <&> API", summary="<b>bold</b> & more")
    text = feed.render(notice)
    assert "<script>" not in text
    root = parse_feed(text)
    entry = root.find(f"{A}entry")
    assert entry is not None
    body = entry.findtext(f"{A}content") or ""
    assert "<script>" not in body  # the reader's HTML must not run it
    assert html.escape(HOSTILE) in body
    assert html.unescape(body).count(HOSTILE) == 1
    assert entry.findtext(f"{A}title", "").startswith("Pets <&> API: 1 breaking change takes effect")
    assert entry.findtext(f"{A}summary") == "<b>bold</b> & more"
    assert entry.find(f"{A}link").get("href") == "https://example.com/changelog?a=1&b=<2>"  # type: ignore[union-attr]
    assert root.findtext(f"{A}id") == "tag:nosurprises,2026:pets-api"


def test_feed_drops_control_characters() -> None:
    text = feed.render(hostile("bad\x00\x1b\x7f\x0b\x85 chars\r\nnext\ufffe"))
    body = parse_feed(text).findtext(f"{A}entry/{A}content") or ""
    assert "bad  chars next" in body  # VT and NEL are line breaks: each a space
    assert not any(unicodedata.category(ch) == "Cc" for ch in text if ch != "\n")  # its own lines


def test_feed_emergency_says_so_with_the_justification() -> None:
    notice = hostile(emergency=True, justification="Actively exploited vulnerability (CVE-2026-0001).")
    entry = parse_feed(feed.render(notice)).find(f"{A}entry")
    assert entry is not None
    assert entry.findtext(f"{A}title", "").startswith("Pets API (emergency): ")
    assert ("<strong>This is an urgent change that could not be announced in advance:</strong> "
            "Actively exploited vulnerability (CVE-2026-0001)."
            in (entry.findtext(f"{A}content") or ""))


def test_feed_is_deterministic(pets_events: Notice) -> None:
    assert feed.render(pets_events) == feed.render(pets_events) == feed.render(_notice(events=True))
    assert feed.FILE == "feed.xml"


# --- iCalendar ---------------------------------------------------------------------------------------


def test_calendar_properties(pets: Notice) -> None:
    text = calendar.render(pets)
    cal = Calendar.from_ical(text)
    assert str(cal["prodid"]) == "-//nosurprises//notices//EN"
    assert str(cal["version"]) == "2.0"
    assert str(cal["method"]) == "PUBLISH"
    assert "Pets API" in str(cal["x-wr-calname"])
    assert text.endswith("END:VCALENDAR\r\n") and "\n" not in text.replace("\r\n", "")
    assert calendar.FILE == "notice.ics"


def test_calendar_one_all_day_event_without_declared_events(pets: Notice) -> None:
    (event,) = events_of(calendar.render(pets))
    start = event.decoded("dtstart")
    assert start == pets.effective == dt.date(2027, 12, 1)
    assert isinstance(start, dt.date) and not isinstance(start, dt.datetime)
    assert str(event["summary"]) == (f"Pets API: changes take effect "
                                     f"({len(pets.at(Level.BREAKING))} breaking changes)")
    assert str(event["url"]) == "https://example.com/changelog"


def test_calendar_one_event_per_effective_day(pets_events: Notice) -> None:
    days = sorted({c.effective for c in pets_events.changes})
    assert len(days) >= 3
    events = events_of(calendar.render(pets_events))
    assert [e.decoded("dtstart") for e in events] == days
    for event, day in zip(events, days, strict=True):
        assert not isinstance(event.decoded("dtstart"), dt.datetime)
        assert event.decoded("dtend") == day + dt.timedelta(days=1)
        assert str(event["uid"]) == f"2026-12-01-pets-api-{day:%Y%m%d}@nosurprises"
        assert event.decoded("dtstamp") == dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
        description = str(event["description"])
        assert "`" not in description  # names in quotes, not Markdown
        for line in told(pets_events.changes):  # one line per root cause and day
            quoted = "".join(f"\u201c{t}\u201d" if code else t for code, t in line.said)
            assert (quoted in description) is (line.effective == day)
        assert "What to do: " in description and "https://example.com/changelog" in description


def test_calendar_alarm_a_week_before(pets_events: Notice) -> None:
    for event in events_of(calendar.render(pets_events)):
        (alarm,) = event.walk("VALARM")
        assert str(alarm["action"]) == "DISPLAY"
        assert alarm.decoded("trigger") == -dt.timedelta(days=7)
        assert str(event["summary"]) in str(alarm["description"])


def test_calendar_hostile_text_round_trips() -> None:
    notice = hostile("a, b; c\\d <x> & \x07bell\r\nline two")
    (event,) = events_of(calendar.render(notice))
    told = "- a, b; c\\d <x> & bell line two"
    assert told in str(event["description"])
    assert "Stop calling it & use <v2>." not in str(event["description"])  # a reviewer's hint
    assert "  What to do: Make sure none of your code still calls \u201cDELETE /pets/{id}\u201d" \
        in str(event["description"])


def test_calendar_is_deterministic(pets_events: Notice) -> None:
    assert calendar.render(pets_events) == calendar.render(_notice(events=True))


# --- any text --------------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(message=st.text())
def test_any_message_gives_well_formed_feed_and_parsable_calendar(message: str) -> None:
    notice = hostile(message)
    want = expected_text(message)
    root = parse_feed(feed.render(notice))
    body = root.findtext(f"{A}entry/{A}content") or ""
    # the message's backtick spans are names: <code> in the feed, quotes in the calendar
    spans = code_spans(want)
    marked = "".join(f"<code>{html.escape(t, quote=True)}</code>" if code else html.escape(t, quote=True)
                     for code, t in spans)
    assert f"<li>{marked}<br/>What to do:" in body
    (event,) = events_of(calendar.render(notice))
    quoted = "".join(f"\u201c{t}\u201d" if code else t for code, t in spans)
    assert f"- {quoted}\n  What to do:" in str(event["description"])
