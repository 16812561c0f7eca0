"""`nosurprises notice`: one notice, every channel, from a plan or a ledger entry."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
from pathlib import Path

import pytest
import yaml

from nosurprises.cli import main
from nosurprises.model import Change, Level, Subject
from nosurprises.notices import Notice, NoticeChange, changelog, mail

from .conftest import FIXTURES, ROOT

EX = ROOT / "examples"
OLD, NEW = str(EX / "petstore-old.yaml"), str(EX / "petstore-new.yaml")
POLICY = ["--policy", str(EX / "nosurprises.yaml")]
PLAN = [OLD, NEW, "--announce", "2026-12-01", *POLICY]


def _notice(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["notice", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_every_channel_from_a_plan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _notice(capsys, *PLAN, "--channel", "all", "--out", str(tmp_path),
                           "--url", "https://example.com/changelog")
    assert code == 0
    names = {"notice.eml", "changelog.md", "feed.xml", "notice.ics", "headers.json", "notice.json"}
    assert {p.name for p in tmp_path.iterdir()} == names
    assert sorted(Path(line).name for line in out.split()) == sorted(names)
    log = (tmp_path / "changelog.md").read_text()
    assert log.startswith("## 2026-12-01: Swagger Petstore\n\n")
    assert "takes effect on December 1, 2027 (365 days' notice)" in log  # the plan's earliest day
    assert "### Removed" in log
    assert "- **Breaking:** We will remove `POST /pets`." in log  # the customer's sentence, no title
    assert "Operation removed without deprecation" not in log
    assert "The details: <https://example.com/changelog>" in log


def test_the_email_is_a_valid_mime_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _notice(capsys, *PLAN, "--channel", "email", "--out", str(tmp_path), "--contact", "api@example.com")
    msg = email.message_from_bytes((tmp_path / "notice.eml").read_bytes(), policy=email.policy.default)
    assert msg["Subject"] == "Action required: Swagger Petstore changes on December 1, 2027"
    assert msg["X-Nosurprises-Notice"] == "2026-12-01-swagger-petstore"
    assert msg["Date"] is None and msg["Message-ID"] is None  # the mail system adds them
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert "* We will remove \u201cPOST /pets\u201d." in text
    assert "Operation removed without deprecation" not in text + html  # a reviewer's title
    assert "What to do: Stop calling \u201cPOST /pets\u201d" in text and "Questions: api@example.com" in text
    assert re.search(r"<p [^>]*>We will remove <code [^>]*>POST /pets</code>\.", html)


def test_output_is_the_same_byte_for_byte(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for run in ("a", "b"):
        _notice(capsys, *PLAN, "--channel", "all", "--out", str(tmp_path / run))
    for path in (tmp_path / "a").iterdir():
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes(), path.name


def test_a_later_effective_day_and_another_locale(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _notice(capsys, *PLAN, "--effective", "2028-01-15", "--channel", "changelog",
                           "--locale", "de", "--summary", "Wir ändern die Pets API.")
    assert code == 0
    assert "wirksam ab dem 15. Januar 2028 (Vorlauf: 410 Tage)" in out
    assert "\nWir ändern die Pets API.\n" in out


def test_an_effective_day_the_policy_forbids_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _notice(capsys, *PLAN, "--effective", "2027-01-01", "--channel", "changelog")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("nosurprises: --effective: 2027-01-01 is earlier")
    assert "the earliest is 2027-12-01" in err and "365 days' notice" in err


def test_declared_events_keep_their_own_days(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _notice(capsys, *PLAN, "--events", str(EX / "events.yaml"), "--channel", "changelog")
    assert code == 0
    assert "Squarespace Domains LLC" in out and "Takes effect on September 7, 2027." in out
    # maintenance may be announced at most 28 days ahead: not in a notice sent in December
    assert "maintenance" not in out.lower()
    assert "not in this notice: [event.maintenance] db-upgrade takes effect on 2027-05-02; announce it " \
           "from 2027-04-04" in err


def test_a_ledger_entry_gives_dates_summary_url_and_changes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _notice(capsys, OLD, NEW, "--ledger", str(EX / "notices.yaml"),
                           "--entry", "2026-06-create-pet-removed", "--channel", "changelog",
                           "--product", "Pets API")
    assert code == 0
    assert out.startswith("## 2026-06-01: Pets API\n\n"
                          "On 1 June 2027, POST /pets (create a pet) is removed.")
    assert "`POST /pets`" in out and "GET /pets" not in out  # only what the entry covers
    assert "The details: <https://example.com/changelog/2026-06-create-pet-removed>" in out


def test_an_entry_with_two_channels_needs_a_folder(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    args = [OLD, NEW, "--ledger", str(EX / "notices.yaml"), "--entry", "2026-06-create-pet-removed"]
    code, _, err = _notice(capsys, *args)
    assert code == 2 and "2 channels (email, changelog) need --out DIR" in err
    code, _, _ = _notice(capsys, *args, "--out", str(tmp_path))
    assert code == 0 and {p.name for p in tmp_path.iterdir()} == {"notice.eml", "changelog.md"}


@pytest.mark.parametrize(("args", "message"), [
    (["--ledger", str(EX / "notices.yaml"), "--entry", "nope"], "has no entry with id 'nope'"),
    (["--announce", "2026-12-01", "--locale", "xx_QQ"], "--locale: 'xx_QQ' is not a locale"),
    (["--announce", "2026-12-01", "--url", "javascript:alert(1)"], "--url: 'javascript:alert(1)' is not"),
    (["--announce", "2026-12-01", "--url", "https://x.example/a\r\nSet-Cookie: a"], "is not an http(s) URL"),
    (["--announce", "2026-12-01", "--channel", "email", "--channel", "feed"], "need --out DIR"),
    (["--announce", "2026-12-01", "--level", "breaking", "--ignore", "api.*"], "has no change at level"),
    (["--entry", "x", "--effective", "2027-01-01"], "--entry: takes its dates and summary from the ledger"),
    (["--announce", "2026-12-01", "--ledger", "notices.yaml"], "--ledger: goes with --entry"),
    (["--announce", "2026-12-01", "--channel", "email", "--from", "x\r\nBcc: y"], "--from: "),
    (["--announce", "2026-12-01", "--channel", "email", "--from", "a@b.c, d@e.f"], "is not one mail address"),
])
def test_bad_input_is_one_line(capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    code, out, err = _notice(capsys, OLD, NEW, *POLICY, *args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err, err


def test_announce_and_entry_exclude_each_other(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["notice", OLD, NEW, "--announce", "2026-12-01", "--entry", "x"])
    assert exc.value.code == 2 and "not allowed with argument" in capsys.readouterr().err


def test_terms_notice_quotes_the_new_wording(capsys: pytest.CaptureFixture[str]) -> None:
    terms = FIXTURES / "terms"
    code, out, _ = _notice(capsys, str(terms / "old.md"), str(terms / "new.md"), "--announce", "2026-12-01",
                           "--product", "Acme", "--channel", "changelog")
    assert code == 0
    assert "Arbitration or class-action waiver changed" not in out  # a reviewer's title
    assert "  > You and we agree to resolve all disputes by binding individual arbitration" in out
    assert "*What to do:* Read the new text of that section; if it lets you opt out of arbitration" in out
    # customers read where it changed; the trigger words are for the reviewer's report
    assert ("- **Breaking:** In section Terms of Service > Disputes, "
            "we will change what our terms say about arbitration") in out
    assert "triggered by" not in out


def test_terms_need_a_product_name(capsys: pytest.CaptureFixture[str]) -> None:
    terms = FIXTURES / "terms"
    code, _, err = _notice(capsys, str(terms / "old.md"), str(terms / "new.md"), "--announce", "2026-12-01")
    assert code == 2 and "--product: say what customers call the product" in err


def test_price_notice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pair = yaml.safe_load((FIXTURES / "rules/pricing.commitment.raised.yaml").read_text())
    for side in ("old", "new"):
        (tmp_path / f"{side}.yaml").write_text(yaml.safe_dump(pair[side]))
    code, out, _ = _notice(capsys, str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), "--announce",
                           "2026-12-01", "--product", "Acme Cloud", "--channel", "email")
    assert code == 0
    msg = email.message_from_string(out, policy=email.policy.default)
    assert msg["Subject"].startswith("Action required: Acme Cloud changes on ")
    assert "250.00" in msg.get_body(("plain",)).get_content()


def _hostile_notice(text: str) -> Notice:
    change = Change(rule="terms.fees.changed", level=Level.BREAKING, subject=Subject.TERMS,
                    location="section:Fees", item="Fees", message=text, after=text, hint=text)
    return Notice(id="n1", product="Acme <b>", announced=dt.date(2026, 1, 1), effective=dt.date(2026, 3, 1),
                  changes=[NoticeChange(change=change, title="Fees changed", effective=dt.date(2026, 3, 1))])


def test_document_text_cannot_inject_markup() -> None:
    evil = "<script>alert(1)</script> [x](javascript:alert(1)) **bold** `code`\n# heading\x00\x1b[31m"
    notice = _hostile_notice(evil)
    log = changelog.render(notice)
    # every `<`, `[` and `]` is backslash-escaped: no tag, link or image can form
    assert not re.search(r"(?<!\\)[<\[\]]", log.split("\n", 2)[2]) and "\n# heading" not in log
    assert "`code`" in log  # code spans stay code
    assert "\x00" not in log and "\x1b" not in log and "\\[31m" in log
    html = email.message_from_string(mail.render(notice), policy=email.policy.default).get_body(("html",))
    content = html.get_content()
    assert "<script>" not in content and "&lt;script&gt;" in content and "Acme &lt;b&gt;" in content
    assert "\x00" not in content and "\x1b" not in content


def test_a_product_name_cannot_add_mail_headers() -> None:
    notice = _hostile_notice("Fees rise.").model_copy(update={"product": "Acme\r\nBcc: all@example.com\x00"})
    msg = email.message_from_string(mail.render(notice), policy=email.policy.default)
    assert msg["Bcc"] is None and msg["Subject"] == "Action required: Acme Bcc: all@example.com changes on " \
        "March 1, 2026"


def test_the_public_api_closes_the_loop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import nosurprises

    monkeypatch.chdir(tmp_path)  # no nosurprises.yaml here: the default pack
    report = nosurprises.compare_openapi(OLD, NEW)
    policy, rules = nosurprises.load_policy()
    planned = nosurprises.plan(report, policy, rules, dt.date(2027, 1, 4))
    notice = nosurprises.from_plan(report, planned, product="Pets API")
    assert notice.effective == planned.effective > notice.announced
    names = {nosurprises.render_notice(notice, c)[0] for c in nosurprises.NOTICE_CHANNELS}
    assert names == {"notice.eml", "changelog.md", "feed.xml", "notice.ics", "headers.json", "notice.json"}
    terms = nosurprises.compare_terms(FIXTURES / "terms" / "old.md", FIXTURES / "terms" / "new.md")
    assert terms.summary.breaking == 3


BOOK = """kind: pricing
plans:
- id: pro
  name: Pro
  price: {{amount: '{price}', currency: USD, interval: month}}
  limits:
  - {{id: projects, unit: project, value: {projects}}}
"""


def test_one_email_per_affected_customer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "old.yaml").write_text(BOOK.format(price="10.00", projects=10))
    (tmp_path / "new.yaml").write_text(BOOK.format(price="15.00", projects=5))
    (tmp_path / "usage.csv").write_text("customer,plan,quantity,usage:projects\n"
                                        "Acme Inc,pro,1,8\nacme-inc,pro,2,1\nsmall,pro,1,1\n")
    out = tmp_path / "out"
    code, printed, err = _notice(capsys, str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"),
                                 "--announce", "2026-12-01", "--product", "Acme Cloud", "--channel", "email",
                                 "--usage", str(tmp_path / "usage.csv"), "--out", str(out))
    assert code == 0, err
    names = sorted(p.name for p in out.iterdir())
    assert names == ["notice-acme-inc.eml", "notice-acme-inc_42cf7a26.eml", "notice-small.eml",
                     "notice.eml", "outbox.json"]
    assert len(printed.split()) == 5

    def body(name: str) -> str:
        msg = email.message_from_bytes((out / name).read_bytes(), policy=email.policy.default)
        return msg.get_body(("plain",)).get_content()

    first = body("notice-acme-inc.eml")  # the most affected (2 seats) keeps the plain name
    assert "What it means for you" in first
    assert ("On your plan “pro” (2 seats) at your current usage you will pay $10.00 more per month "
            "($20.00 → $30.00).") in first
    second = body("notice-acme-inc_42cf7a26.eml")  # `Acme Inc`: readable part plus its id's hash
    assert "you will pay $5.00 more per month ($10.00 → $15.00). At your current usage (8 project) you " \
        "would exceed the projects limit of 5 project." in second
    assert "`" not in second  # no id in backticks, no reviewer's note
    assert "What it means for you" not in body("notice.eml")  # the general notice stays general


def test_usage_needs_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "old.yaml").write_text(BOOK.format(price="10.00", projects=10))
    (tmp_path / "new.yaml").write_text(BOOK.format(price="15.00", projects=5))
    code, _, err = _notice(capsys, str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), "--announce",
                           "2026-12-01", "--product", "A", "--channel", "email", "--usage", "u.csv")
    assert code == 2 and "--usage: writes one e-mail per customer: give --out DIR" in err
    code, _, err = _notice(capsys, OLD, NEW, "--announce", "2026-12-01", "--channel", "email",
                           "--usage", str(tmp_path / "old.yaml"), "--out", str(tmp_path / "o"))
    assert code == 2 and "applies to price books only" in err
    # refused before anything is written: the changelog is left as it was
    log = tmp_path / "CHANGELOG.md"
    log.write_text("# Changelog\n")
    code, _, err = _notice(capsys, str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), "--announce",
                           "2026-12-01", "--product", "A", "--changelog", str(log), "--usage", "u.csv")
    assert code == 2 and "--usage: writes one e-mail per customer: give --out DIR" in err
    assert log.read_text() == "# Changelog\n"


def test_terms_email_carries_the_redline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    terms = FIXTURES / "terms"
    args = [str(terms / "old.md"), str(terms / "new.md"), "--announce", "2026-12-01", "--product", "Acme",
            "--channel", "email", "--channel", "changelog"]
    code, _, err = _notice(capsys, *args, "--out", str(tmp_path / "a"))
    assert code == 0, err
    assert {p.name for p in (tmp_path / "a").iterdir()} == {"notice.eml", "changelog.md", "redline.html"}
    msg = email.message_from_bytes((tmp_path / "a" / "notice.eml").read_bytes(), policy=email.policy.default)
    attached = [part for part in msg.iter_attachments()]
    assert [part.get_filename() for part in attached] == ["redline.html"]
    page = attached[0].get_content()
    assert "<ins>" in page and "arbitration" in page
    assert page.replace("\r\n", "\n") == (tmp_path / "a" / "redline.html").read_text()
    assert msg.get_body(("plain",)) is not None and msg.get_body(("html",)) is not None
    _notice(capsys, *args, "--out", str(tmp_path / "b"))
    assert (tmp_path / "a" / "notice.eml").read_bytes() == (tmp_path / "b" / "notice.eml").read_bytes()


def test_sender_json_channel_and_its_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    import jsonschema

    code, _, err = _notice(capsys, *PLAN, "--channel", "email", "--channel", "json", "--out", str(tmp_path),
                           "--from", "Acme API <api@acme.example>")
    assert code == 0, err
    msg = email.message_from_bytes((tmp_path / "notice.eml").read_bytes(), policy=email.policy.default)
    assert msg["From"] == "Acme API <api@acme.example>"
    data = json.loads((tmp_path / "notice.json").read_text())
    assert data["effective"] == "2027-12-01" and data["product"] == "Swagger Petstore"
    assert {c["change"]["operation"] for c in data["changes"]} >= {"POST /pets", "GET /pets"}
    assert main(["schema", "notice"]) == 0
    jsonschema.validate(data, json.loads(capsys.readouterr().out))
    assert Notice.model_validate(data).changes[0].change.rule == data["changes"][0]["change"]["rule"]


def test_product_name_defaults(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = BOOK.replace("kind: pricing\n", "kind: pricing\nproduct: Acme Maps\n")
    (tmp_path / "old.yaml").write_text(book.format(price="10.00", projects=10))
    (tmp_path / "new.yaml").write_text(book.format(price="15.00", projects=10))
    code, out, err = _notice(capsys, str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), "--announce",
                             "2026-12-01", "--channel", "changelog")
    assert code == 0, err
    assert out.startswith("## 2026-12-01: Acme Maps\n")
    spec = (EX / "petstore-new.yaml").read_text().replace("info:", "info: [odd]\nx-info:", 1)
    (tmp_path / "odd.yaml").write_text(spec)
    code, _, err = _notice(capsys, OLD, str(tmp_path / "odd.yaml"), "--announce", "2026-12-01",
                           "--channel", "changelog")
    assert code == 2 and "--product: say what customers call the product" in err


def test_an_entry_that_gives_too_little_notice_is_rendered_with_a_warning(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "notices.yaml").write_text(
        "notices:\n  - id: hasty\n    summary: POST /pets goes away next week.\n"
        "    announced: 2027-05-25\n    effective: 2027-06-01\n    channels: [changelog]\n"
        "    covers: {rules: ['api.operation.removed*']}\n")
    monkeypatch.chdir(tmp_path)  # notices.yaml is the default ledger; the default pack
    code, out, err = _notice(capsys, OLD, NEW, "--entry", "hasty", "--product", "Pets API")
    assert code == 0 and out.startswith("## 2027-05-25: Pets API")
    assert err == ("nosurprises: warning: entry hasty, [api.operation.removed-without-deprecation] "
                   "POST /pets: short (announced 7 days ahead in hasty; needs at least 365 days); "
                   "`check` will fail on it\n")
    code, _, err = _notice(capsys, OLD, NEW, "--ledger", str(EX / "notices.yaml"), "--entry",
                           "2026-06-create-pet-removed", "--channel", "changelog")
    assert code == 0 and err == ""


def test_a_notice_of_declared_events_only_takes_effect_on_the_first_of_their_days(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _notice(capsys, NEW, NEW, "--events", str(EX / "events.yaml"), "--announce", "2027-04-20",
                           "--channel", "changelog")
    assert code == 0
    assert "takes effect on May 2, 2027 (12 days' notice)" in out
    assert "Takes effect on September 7, 2027." in out and "Takes effect on May 2, 2027." not in out
