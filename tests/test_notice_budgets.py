"""Notices tell root causes, within each channel's budget (issue 11, "grouped and bounded").

Stripe's real pair has 8,587 changes and 110 root causes; telling every change made a
3.4 MB e-mail and a calendar description of 1.3 million characters.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from icalendar import Calendar

import nosurprises
from nosurprises.model import Change, Level, Subject
from nosurprises.notices import Notice, NoticeChange, calendar, feed, from_plan, mail
from nosurprises.notices.context import groups
from nosurprises.notices.told import BUDGETS, FOLD, fit, told

from .conftest import corpus_dir

A = "{http://www.w3.org/2005/Atom}"
DAY = dt.date(2027, 12, 1)


def _notice(changes: list[Change], url: str | None = "https://example.com/changes") -> Notice:
    return Notice(id="n", product="Pets API", announced=dt.date(2026, 12, 1), effective=DAY, url=url,
                  changes=[NoticeChange(change=c, title=c.rule, effective=DAY) for c in changes])


def _change(i: int, level: Level, operation: str | None = None, origin: str | None = None) -> Change:
    location = origin or f"/paths/~1p{i}"
    return Change(rule="api.operation.removed", level=level, subject=Subject.API,
                  operation=operation or f"GET /p{i}", location=location, origin=location,
                  message=f"`GET /p{i}` was removed after being deprecated. " + "x" * 200,
                  hint="Make sure no client still calls it.")


def _text(notice: Notice) -> str:
    """The plain-text part of the notice's e-mail, decoded."""
    msg = email.message_from_string(mail.render(notice), policy=email.policy.default)
    return msg.get_body(("plain",)).get_content()


@pytest.fixture(scope="module")
def stripe(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pair = corpus_dir("openapi", "stripe")
    out = tmp_path_factory.mktemp("stripe")
    from nosurprises.cli import main

    code = main(["notice", str(pair / "old.json"), str(pair / "new.json"), "--announce", "2026-12-01",
                 "--channel", "all", "--out", str(out), "--url", "https://example.com/changes",
                 "--level", "info"])
    assert code == 0
    return out


def test_stripe_every_channel_within_its_budget(stripe: Path) -> None:
    assert (stripe / "notice.eml").stat().st_size <= BUDGETS["email"]
    cal = Calendar.from_ical((stripe / "notice.ics").read_bytes())
    for event in cal.walk("VEVENT"):
        assert len(str(event["description"])) <= BUDGETS["calendar"]
    entry = ET.parse(stripe / "feed.xml").getroot().find(f"{A}entry")
    assert entry is not None
    assert len(ET.tostring(entry, encoding="unicode")) <= BUDGETS["feed"]
    msg = email.message_from_bytes((stripe / "notice.eml").read_bytes(), policy=email.policy.default)
    text = msg.get_body(("plain",)).get_content()
    assert "It affects 446 operations: " in text and " and 441 more." in text  # folded, not listed


def test_stripe_notice_names_every_change_or_counts_it() -> None:
    pair = corpus_dir("openapi", "stripe")
    report = nosurprises.compare_openapi(pair / "old.json", pair / "new.json", today=dt.date(2026, 12, 1))
    notice = _notice(report.changes)
    lines = [t for level in Level for t in told(notice.at(level))]
    assert len(lines) == report.summary.groups  # one line per root cause
    for budget in BUDGETS.values():
        fitted = fit(notice.changes, budget, lambda t: 200)
        assert sum(len(t.items) for f in fitted for t in f.lines) + sum(f.left for f in fitted) \
            == len(report.changes)


def test_a_budget_cuts_info_first_then_warnings_never_breaking() -> None:
    changes = ([_change(i, Level.BREAKING) for i in range(30)] + [_change(100 + i, Level.WARNING)
               for i in range(30)] + [_change(200 + i, Level.INFO) for i in range(30)])
    fitted = fit(_notice(changes).changes, 3_000, lambda t: 300)
    by_level = {f.heading: f for f in fitted}
    assert len(by_level[Level.BREAKING].lines) == 30 and by_level[Level.BREAKING].left == 0
    assert by_level[Level.WARNING].lines == [] and by_level[Level.WARNING].left == 30
    assert by_level[Level.INFO].left == 30
    # a calendar points to the notice: it holds to its budget even for breaking lines
    held = fit(_notice(changes).changes, 3_000, lambda t: 300, keep_breaking=False)
    assert len(held[0].lines) == 10 and held[0].left == 20


def test_what_does_not_fit_is_summed_up_with_the_url() -> None:
    changes = [_change(i, Level.WARNING) for i in range(2_000)]
    notice = _notice(changes)
    ((heading, lines, left),) = groups(notice, mail.BUDGET)  # the e-mail counts its HTML part
    assert heading == "What needs your attention" and left > 0 and len(lines) + left == 2_000
    msg = mail.render(notice)
    assert len(msg.encode()) <= BUDGETS["email"] * 1.1
    assert f"And {left} more changes of this kind: https://example.com/changes." in _text(notice)
    (event,) = Calendar.from_ical(calendar.render(notice)).walk("VEVENT")
    description = str(event["description"])
    assert len(description) <= BUDGETS["calendar"]
    assert "more changes of this kind: see the details" in description
    entry = ET.fromstring(feed.render(notice)).find(f"{A}entry")
    assert entry is not None and len(ET.tostring(entry, encoding="unicode")) <= BUDGETS["feed"]


def test_a_shared_change_is_one_line_with_its_operations_folded() -> None:
    shared = "/components/schemas/Pet/required"
    changes = [_change(i, Level.BREAKING, operation=f"GET /p{i:02}", origin=shared) for i in range(12)]
    changes = [c.model_copy(update={"message": "Schema `Pet`: it changed.",
                                    "grouping": ("new", "Schema `Pet`: it changed.")}) for c in changes]
    (line,) = told(_notice(changes).changes)
    assert line.operation is None and len(line.operations) == 12
    assert line.shown_operations == [f"GET /p{i:02}" for i in range(FOLD)]
    assert line.more_operations == 12 - FOLD
    text = _text(_notice(changes))
    assert ("It affects 12 operations: \u201cGET /p00\u201d, \u201cGET /p01\u201d, \u201cGET /p02\u201d, "
            "\u201cGET /p03\u201d, \u201cGET /p04\u201d and 7 more.") in text


def test_a_small_notice_reads_as_before(tmp_path: Path) -> None:
    """Lines of one change are that change: its own sentence and operation."""
    ex = Path(__file__).resolve().parents[1] / "examples"
    report = nosurprises.compare_openapi(ex / "petstore-old.yaml", ex / "petstore-new.yaml")
    policy, rules = nosurprises.load_policy(ex / "nosurprises.yaml")
    notice = from_plan(report, nosurprises.plan(report, policy, rules, dt.date(2026, 12, 1)),
                       product="Pets API")
    text = _text(notice)
    assert "Operation removed without deprecation" not in text  # a reviewer's title
    assert "* We will remove \u201cPOST /pets\u201d." in text  # the customer's sentence


def test_changes_of_other_kinds_and_audiences_get_sections_of_their_own() -> None:
    """A sale, a processor change for EU business users and API changes are not one list
    under "What will stop working": each is told under what it is about."""
    from nosurprises.notices.told import fit, heading, sections

    def event(kind: str, audience: list[str]) -> Change:
        return Change(rule=f"event.{kind}", level=Level.BREAKING, subject=Subject.EVENT,
                      location="events.yaml#/events/0", message=f"The {kind}.", audience=audience)

    changes = [_change(1, Level.BREAKING), event("sale", ["all"]),
               event("processor-change", ["eu-business"]), _change(2, Level.WARNING)]
    notice = _notice(changes)
    fitted = fit(notice.changes, 10_000, lambda t: 100)
    names = [heading(f, sections(fitted)) for f in fitted]
    assert names == ["Who runs the service: what will stop working",
                     "Your data (for eu-business): what will stop working",
                     "The API: what will stop working", "The API: what needs your attention"]
    # one kind for everyone: the plain level headings, as before
    alone = fit(_notice([_change(1, Level.BREAKING)]).changes, 10_000, lambda t: 100)
    assert heading(alone[0], sections(alone)) == "What will stop working"
    assert heading(alone[0], sections(alone), "de") != "What will stop working"  # said in German


@pytest.mark.parametrize(("product", "id_part"), [
    ("Zürich Café", "zurich-cafe"), ("Pets API", "pets-api"), ("Ærø Ω", "r"), ("東京", "changes")])
def test_a_notice_id_keeps_the_letters_of_its_product(product: str, id_part: str) -> None:
    from nosurprises.notices.model import slug

    assert slug(product) == id_part
