"""Issue 11's "done when": four real notices, every channel, every locale, read as a customer.

The tutorial's ledger entry (an API removal with its replacement), Twitter's 2023 price
change, Zoom's 2023 terms change and the example events (a sale, a new processor) are
written for every channel in each of the six languages. Each must say the customer's facts
(the replacement, the new plan and its price in the locale's money, the dates in the
locale's words, the section titles, the buyer), in the locale's own headings, and never
show markup (a backtick outside Markdown), a rule id, an internal id or a reviewer's hint.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import html
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest
from babel.dates import format_date
from babel.numbers import format_currency
from icalendar import Calendar

from nosurprises.cli import main
from nosurprises.i18n import LOCALES, gettext
from nosurprises.model import Level
from nosurprises.notices.phrases import HEADINGS, SECTIONS, WHAT_TO_DO
from nosurprises.rules import CATALOG

from .browser import needs_chromium, probe
from .conftest import ROOT, corpus_dir

EX = ROOT / "examples"
HINTS = sorted({r.hint for r in CATALOG.values() if len(r.hint) > 20})
ATOM = "{http://www.w3.org/2005/Atom}"


def _long(day: dt.date, locale: str) -> str:
    return format_date(day, format="long", locale=locale)


def _channels(out: Path) -> dict[str, str]:
    """What a customer reads in each channel, as text."""
    msg = email.message_from_bytes((out / "notice.eml").read_bytes(), policy=email.policy.default)
    feed = ET.fromstring((out / "feed.xml").read_text("utf-8"))
    content = feed.findtext(f"{ATOM}entry/{ATOM}content") or ""
    cal = Calendar.from_ical((out / "notice.ics").read_text("utf-8"))
    described = "\n".join(str(ev["description"]) for ev in cal.walk("VEVENT"))
    return {"email": msg.get_body(("plain",)).get_content(),
            "email-html": html.unescape(re.sub(r"<[^>]+>", "", msg.get_body(("html",)).get_content())),
            "subject": str(msg["Subject"]),
            "feed": html.unescape(re.sub(r"<[^>]+>", "", content)),
            "calendar": described,
            "changelog": re.sub(r"\\(.)", r"\1", (out / "changelog.md").read_text("utf-8"))}  # unescaped


def _notice(tmp_path: Path, capsys: pytest.CaptureFixture[str], locale: str, *args: str,
            level: Level | None = Level.BREAKING, internal: tuple[str, ...] = ()) -> dict[str, str]:
    """Every channel of the notice, checked clean (and in `locale`'s words for `level`)."""
    out = tmp_path / locale
    code = main(["notice", *args, "--channel", "all", "--out", str(out), "--locale", locale,
                 "--url", "https://example.com/notice"])
    capsys.readouterr()
    assert code == 0
    texts = _channels(out)
    _clean(texts, internal)
    if level is not None:
        _in_locale(texts, locale, level)
    return texts


def _clean(texts: dict[str, str], internal: tuple[str, ...] = ()) -> None:
    for name, text in texts.items():
        if name != "changelog":
            assert "`" not in text, f"{name}: a literal backtick"
        assert not [r for r in CATALOG if r in text], f"{name}: a rule id"
        assert not [h for h in HINTS if h in text], f"{name}: a reviewer's hint"
        assert not [i for i in internal if i in text], f"{name}: an internal id"


def _in_locale(texts: dict[str, str], locale: str, level: Level) -> None:
    """The notice speaks the locale: its heading and labels are the catalog's, not English."""
    heading = gettext(HEADINGS[level], locale)
    if locale != "en":
        assert heading != HEADINGS[level], f"{locale}: no translation of the heading"
    for name in ("email", "email-html", "feed"):
        assert heading in texts[name] or heading[:1].lower() + heading[1:] in texts[name], (locale, name)
        if locale != "en":
            assert HEADINGS[level] not in texts[name], (locale, name)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_tutorial_entry(tmp_path: Path, capsys: pytest.CaptureFixture[str], locale: str) -> None:
    texts = _notice(tmp_path, capsys, locale, str(EX / "petstore-old.yaml"), str(EX / "petstore-new.yaml"),
                    "--ledger", str(EX / "notices.yaml"), "--entry", "2026-06-create-pet-removed",
                    "--product", "Pets API")
    for name in ("email", "email-html", "feed", "calendar", "changelog"):
        text = texts[name]
        assert "the dashboard (https://example.com/dashboard)" in text, name  # the replacement
        assert "POST /pets" in text, name
        assert gettext(WHAT_TO_DO, locale) in text, name
    for name in ("email", "email-html", "feed", "changelog"):
        assert _long(dt.date(2027, 6, 1), locale) in texts[name], name
        assert "api-support@example.com" in texts[name], name  # the entry's contact
    assert _long(dt.date(2027, 6, 1), locale) in texts["subject"]


@pytest.mark.parametrize("locale", LOCALES)
def test_twitter_2023_prices(tmp_path: Path, capsys: pytest.CaptureFixture[str], locale: str) -> None:
    pair = corpus_dir("pricing", "twitter-api-2023")
    texts = _notice(tmp_path, capsys, locale, str(pair / "old.yaml"), str(pair / "new.yaml"),
                    "--announce", "2023-02-02", "--product", "Twitter API",
                    internal=("academic-research", "tweet_reads", "tweet_posts"))
    basic = format_currency(Decimal("100.00"), "USD", locale=locale)
    for name in ("email", "email-html", "feed", "changelog"):
        text = texts[name]
        assert "Basic" in text and basic in text, (name, basic)  # the new plan and its price
        assert "Essential" in text and "Academic Research" in text, name  # the free plans that go
        assert "Enterprise (Small Package)" in text, name  # a plan by its name, not its id
        assert _long(dt.date(2023, 3, 4), locale) in text, name
    assert "Essential" in texts["calendar"]


@pytest.mark.parametrize("locale", LOCALES)
def test_zoom_2023_terms(tmp_path: Path, capsys: pytest.CaptureFixture[str], locale: str) -> None:
    pair = corpus_dir("terms", "zoom-terms-of-service-2023-08-11")
    texts = _notice(tmp_path, capsys, locale, str(pair / "old.md"), str(pair / "new.md"),
                    "--announce", "2023-08-11", "--product", "Zoom", level=Level.WARNING)
    for name in ("email", "email-html", "feed"):
        text = texts[name]
        assert "DATA USAGE, LICENSES AND RESPONSIBILITIES" in text, name  # the section's title
        assert "triggered by" not in text, name  # the reviewer's trigger words
        assert _long(dt.date(2023, 9, 10), locale) in text, name
    assert "DATA USAGE, LICENSES AND RESPONSIBILITIES" in texts["changelog"].replace("\\", "")


@pytest.mark.parametrize("locale", LOCALES)
def test_the_example_events(tmp_path: Path, capsys: pytest.CaptureFixture[str], locale: str) -> None:
    texts = _notice(tmp_path, capsys, locale, "--events", str(EX / "events.yaml"), "--announce",
                    "2026-12-01", "--product", "Example Cloud", level=None,
                    internal=("eu-business", "domains-sale", "new-email-processor"))
    for name in ("email", "email-html", "feed", "calendar"):
        text = texts[name]
        assert "Squarespace Domains LLC" in text, name  # who buys the service
        assert "Postmark" in text, name  # the new processor
    for name in ("email", "email-html", "feed"):  # a calendar event per day: one section each
        assert gettext(SECTIONS["ownership"], locale) in texts[name], name  # a sale is told as a sale
        if locale != "en":
            assert SECTIONS["ownership"] not in texts[name], name
    assert _long(dt.date(2027, 9, 7), locale) in texts["email"]  # the sale's own day


@needs_chromium
@pytest.mark.parametrize("locale", ["de", "ja"])
def test_the_html_mail_fits_a_phone_in_another_language(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                       locale: str) -> None:
    """German's long words and Japanese's unspaced text still fit a phone, with no raw markup."""
    from .test_mail_provider import FRAME, PROBE

    out = tmp_path / "out"
    assert main(["notice", str(EX / "petstore-old.yaml"), str(EX / "petstore-new.yaml"), "--announce",
                 "2026-12-01", "--policy", str(EX / "nosurprises.yaml"), "--channel", "email",
                 "--out", str(out), "--locale", locale, "--level", "info"]) == 0
    capsys.readouterr()
    msg = email.message_from_bytes((out / "notice.eml").read_bytes(), policy=email.policy.default)
    page = msg.get_body(("html",)).get_content()
    seen = probe(FRAME.format(width=375, page=html.escape(page)), PROBE, tmp_path, 1024)
    assert seen["scrollWidth"] <= seen["width"], {k: v for k, v in seen.items() if k != "text"}
    assert seen["markup"] == []
    assert gettext(WHAT_TO_DO, locale) in str(seen["text"]) and "POST /pets" in str(seen["text"])
