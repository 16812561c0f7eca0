"""The e-mail as a provider sends it (issue 11, "HTML that looks like a provider's mail"): a
styled, responsive HTML part that a browser lays out at a phone's and a desktop's width without
cutting anything or showing markup, and the headers a mail system needs when asked for (`To`,
`Date`, `Message-ID`, `List-Unsubscribe`), none of them by default.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import html
import re
from email.message import EmailMessage
from pathlib import Path

import pytest
from markupsafe import escape

import nosurprises
from nosurprises.cli import main
from nosurprises.errors import InputError
from nosurprises.model import Change, Level, Subject
from nosurprises.notices import Notice, NoticeChange, from_plan, mail
from nosurprises.notices.context import groups
from nosurprises.notices.mail import Headers
from nosurprises.policy.plan import Plan

from .browser import needs_chromium, probe
from .conftest import ROOT, corpus_dir

EX = ROOT / "examples"
PLAN = [str(EX / "petstore-old.yaml"), str(EX / "petstore-new.yaml"), "--announce", "2026-12-01",
        "--policy", str(EX / "nosurprises.yaml")]
SENDER = "Acme API <api@acme.example>"


def _parse(text: str) -> EmailMessage:
    msg = email.message_from_bytes(text.encode(), policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def _cli(capsys: pytest.CaptureFixture[str], tmp_path: Path, *args: str
         ) -> tuple[int, EmailMessage | None, str]:
    code = main(["notice", *PLAN, "--channel", "email", "--out", str(tmp_path), *args])
    err = capsys.readouterr().err
    eml = tmp_path / "notice.eml"
    return code, _parse(eml.read_text()) if code == 0 else None, err


def _info_notice() -> Notice:
    """A notice whose every change is `info`: something new, nothing anyone must do."""
    change = Change(rule="api.operation.added", level=Level.INFO, subject=Subject.API,
                    operation="GET /pets/{id}/photos", location="/paths/~1pets~1{id}~1photos/get",
                    message="`GET /pets/{id}/photos` was added.")
    day = dt.date(2027, 1, 1)
    return Notice(id="2026-12-01-pets-api", product="Pets API", announced=dt.date(2026, 12, 1),
                  effective=day,
                  changes=[NoticeChange(change=change, title="Operation added", effective=day)])


def test_no_provider_headers_unless_asked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, msg, _ = _cli(capsys, tmp_path)
    assert code == 0 and msg is not None
    for header in ("To", "Date", "Message-ID", "List-Unsubscribe", "List-Unsubscribe-Post", "From"):
        assert msg[header] is None, header


def test_recipients_date_and_message_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, msg, err = _cli(capsys, tmp_path, "--from", SENDER, "--to", "ops@customer.example",
                          "--to", "Dev Team <dev@customer.example>", "--dated")
    assert code == 0 and msg is not None, err
    assert [a.addr_spec for a in msg["To"].addresses] == ["ops@customer.example", "dev@customer.example"]
    assert len(msg.get_all("To")) == 1  # one To header with both recipients
    assert msg["Date"].datetime == dt.datetime(2026, 12, 1, tzinfo=dt.UTC)  # the announcement day
    assert msg["Message-ID"] == "<2026-12-01-swagger-petstore@acme.example>"
    assert msg["List-Unsubscribe"] is None  # a breaking notice is a service notice
    again = tmp_path / "again"
    assert main(["notice", *PLAN, "--channel", "email", "--out", str(again), "--from", SENDER,
                 "--to", "ops@customer.example", "--to", "Dev Team <dev@customer.example>", "--dated"]) == 0
    assert (again / "notice.eml").read_bytes() == (tmp_path / "notice.eml").read_bytes()  # still stable


@pytest.mark.parametrize(("args", "said"), [
    (["--to", "not an address"], "--to: 'not an address' is not one mail address"),
    (["--to", "a@x.example, b@x.example"], "is not one mail address"),
    (["--dated"], "--dated: needs --from"),
    (["--unsubscribe", "https://acme.example/unsubscribe"], "--unsubscribe: this notice is a service notice"),
])
def test_bad_provider_options_are_one_line(args: list[str], said: str, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _cli(capsys, tmp_path, *args)
    assert code == 2 and said in err and len(err.strip().splitlines()) == 1, err
    assert not (tmp_path / "notice.eml").exists()


def test_an_optional_notice_offers_to_unsubscribe() -> None:
    msg = _parse(mail.render(_info_notice(), headers=Headers(unsubscribe="https://acme.example/u?l=1")))
    assert msg["List-Unsubscribe"] == "<https://acme.example/u?l=1>"
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    by_mail = _parse(mail.render(_info_notice(), headers=Headers(unsubscribe="mailto:leave@acme.example")))
    assert by_mail["List-Unsubscribe"] == "<mailto:leave@acme.example>"
    assert by_mail["List-Unsubscribe-Post"] is None  # one-click is for https
    for bad in ("http://acme.example/u", "https://a.example/u>, <x", "javascript:alert(1)"):
        with pytest.raises(InputError, match="--unsubscribe"):
            mail.render(_info_notice(), headers=Headers(unsubscribe=bad))
    assert _parse(mail.render(_info_notice()))["List-Unsubscribe"] is None


def test_a_customer_addressed_by_mail_gets_it_as_to(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    book = ("kind: pricing\nplans:\n- id: pro\n  name: Pro\n"
            "  price: {{amount: '{price}', currency: USD, interval: month}}\n")
    (tmp_path / "old.yaml").write_text(book.format(price="10.00"))
    (tmp_path / "new.yaml").write_text(book.format(price="15.00"))
    (tmp_path / "usage.csv").write_text("customer,plan\nops@shop.example,pro\nAcme Inc,pro\n")
    out = tmp_path / "out"
    code = main(["notice", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), "--announce", "2026-12-01",
                 "--product", "Acme Cloud", "--channel", "email", "--usage", str(tmp_path / "usage.csv"),
                 "--out", str(out), "--to", "all@acme.example"])
    assert code == 0, capsys.readouterr().err
    mails = {p.name: _parse(p.read_text()) for p in out.glob("notice-*.eml")}
    (addressed,) = [m for m in mails.values() if m["To"] is not None]
    assert addressed["To"].addresses[0].addr_spec == "ops@shop.example"
    assert len(mails) == 2  # `Acme Inc` is no address: no To (never the general --to)
    assert _parse((out / "notice.eml").read_text())["To"].addresses[0].addr_spec == "all@acme.example"


def _plan(report: nosurprises.Report) -> Plan:
    policy, rules = nosurprises.load_policy(EX / "nosurprises.yaml")
    return nosurprises.plan(report, policy, rules, dt.date(2026, 12, 1))


def _pets_html() -> tuple[str, Notice]:
    report = nosurprises.compare_openapi(EX / "petstore-old.yaml", EX / "petstore-new.yaml",
                                         today=dt.date(2026, 12, 1))
    notice = from_plan(
        report, _plan(report), product="Swagger Petstore",
        url="https://example.com/changes/a-very-long-path-that-must-wrap-on-a-phone-instead-of-overflowing",
        contact="api@example.com", level=Level.INFO)
    return _parse(mail.render(notice)).get_body(("html",)).get_content(), notice


CODE = "font-family:Menlo,Consolas,monospace;font-size:14px;background:#eef0f3"


def test_the_html_part_is_styled_and_says_every_line() -> None:
    page, notice = _pets_html()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert re.search(r'style="[^"]*width:100%;max-width:600px', page)  # the centred column
    assert "font-family:-apple-system" in page and "<code style=" in page and "<h2 style=" in page
    assert "`" not in page
    text = _parse(mail.render(notice)).get_body(("plain",)).get_content()
    lines = [line for _, told, _ in groups(notice, mail.BUDGET) for line in told]
    assert len(lines) >= 3
    for line in lines:  # every line's sentence and what to do, code as styled <code>
        for pieces in (line["said"], line["todo"] if line["change"].level is not Level.INFO else ()):
            assert "".join(f"<code style=\"{CODE}\">{escape(t)}</code>" if code else escape(t)
                           for code, t in pieces) in page
        assert line["quoted"] in text  # and the text part says it too
    for heading in re.findall(r"<h2 [^>]*>([^<]+)</h2>", page):
        assert heading in text  # both parts say the same sections


@pytest.fixture(scope="module")
def stripe_html() -> str:
    pair = corpus_dir("openapi", "stripe")
    report = nosurprises.compare_openapi(pair / "old.json", pair / "new.json", today=dt.date(2026, 12, 1))
    notice = from_plan(report, _plan(report),
                                           product="Stripe API", url="https://example.com/changes",
                                           level=Level.INFO)
    return _parse(mail.render(notice)).get_body(("html",)).get_content()


FRAME = """<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0">
<iframe id="mail" style="border:0;width:{width}px;height:900px" srcdoc="{page}"></iframe></body></html>"""
"""Headless Chromium keeps a window at least 500 pixels wide: a phone's width is a frame's."""
PROBE = """<script>
window.addEventListener('load', () => {
  const frame = document.getElementById('mail');
  const win = frame.contentWindow, doc = frame.contentDocument;
  const text = doc.body.innerText;
  document.body.setAttribute('data-probe', JSON.stringify({
    width: win.innerWidth,
    scrollWidth: doc.documentElement.scrollWidth,
    markup: ['<code', '</', '&lt;', '&amp;', '`'].filter(m => text.includes(m)),
    text: text,
  }));
});
</script>
"""


@needs_chromium
@pytest.mark.parametrize("width", [375, 1024])
@pytest.mark.parametrize("which", ["petstore", "stripe"])
def test_the_html_mail_fits_and_shows_no_markup(which: str, width: int, tmp_path: Path,
                                                request: pytest.FixtureRequest) -> None:
    page = _pets_html()[0] if which == "petstore" else request.getfixturevalue("stripe_html")
    seen = probe(FRAME.format(width=width, page=html.escape(page)), PROBE, tmp_path, max(width, 1024))
    assert seen["width"] == width
    assert seen["scrollWidth"] <= seen["width"], {k: v for k, v in seen.items() if k != "text"}
    assert seen["markup"] == []
    if which == "petstore":
        assert "What to do:" in str(seen["text"]) and "POST /pets" in str(seen["text"])
