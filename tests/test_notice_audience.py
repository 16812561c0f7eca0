"""`notice --customers`: one e-mail per customer of the audience, in their language, to them."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from collections.abc import Callable
from pathlib import Path

import pytest

from nosurprises.cli import main
from nosurprises.notices import Notice

from .conftest import FIXTURES, ROOT

EX = ROOT / "examples"
OLD, NEW = str(EX / "petstore-old.yaml"), str(EX / "petstore-new.yaml")
POLICY = ["--policy", str(EX / "nosurprises.yaml")]
DIRECTORY = str(FIXTURES / "customers" / "customers.csv")
SENDER = ["--from", "Pets API <api@pets.example>"]


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["notice", OLD, NEW, *POLICY, *args])
    out, err = capsys.readouterr()
    return code, out, err


def _mail(path: Path) -> email.message.EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)


def _text(message: email.message.EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


def test_each_customer_gets_a_copy_in_their_language(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                                     ) -> None:
    code, _, err = _run(capsys, "--announce", "2026-12-01", "--customers", DIRECTORY,
                          "--out", str(tmp_path), *SENDER, "--dated")
    assert code == 0, err
    names = sorted(p.name for p in tmp_path.glob("notice-*.eml"))
    assert names == ["notice-acme.eml", "notice-globex.eml", "notice-initech.eml", "notice-umbrella.eml"]
    acme = _mail(tmp_path / "notice-acme.eml")
    assert acme["To"] == "ops@acme.example, cto@acme.example"
    assert acme["Message-ID"] == "<2026-12-01-swagger-petstore-acme@pets.example>"
    assert acme["X-Nosurprises-Notice"] == "2026-12-01-swagger-petstore-acme"
    assert _mail(tmp_path / "notice-initech.eml")["To"] == "it@initech.example"
    general = _mail(tmp_path / "notice.eml")
    assert general["To"] is None  # the general copy stays for a list; it names no customer
    # Each copy says what `notice --locale` says in that language, for the same changes.
    for customer, locale in (("acme", "de"), ("globex", "fr"), ("umbrella", "pt_BR"), ("initech", "en")):
        alone = tmp_path / f"alone-{locale}.eml"
        assert main(["notice", OLD, NEW, *POLICY, "--announce", "2026-12-01", "--locale", locale,
                     "--channel", "email", "--output", str(alone), *SENDER]) == 0
        capsys.readouterr()
        copy = _mail(tmp_path / f"notice-{customer}.eml")
        assert _text(copy) == _text(_mail(alone))
        assert copy["Subject"] == _mail(alone)["Subject"]


def _paging_for(audience: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """`notice --entry 2026-06-pets-paging --customers` with the entry's audience `audience`."""
    ledger = tmp_path / "notices.yaml"
    text = (EX / "notices.yaml").read_text()
    ledger.write_text(text.replace("audience: [api]", f"audience: [{audience}]", 1))
    code, _, err = _run(capsys, "--entry", "2026-06-pets-paging", "--ledger", str(ledger),
                        "--customers", DIRECTORY, "--out", str(tmp_path / "out"))
    return code, err


def test_the_audience_chooses_customers_by_tag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _paging_for("eu-business", tmp_path, capsys)
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "out").glob("notice-*.eml")) == \
        ["notice-acme.eml", "notice-umbrella.eml"]


def test_customers_left_out_are_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    directory = tmp_path / "customers.yaml"
    directory.write_text("customers:\n"
                         "  - {customer: acme, email: ops@acme.example, notice_days: 400}\n"
                         "  - {customer: hooli}\n")
    code, _, err = _run(capsys, "--announce", "2026-12-01", "--customers", str(directory),
                        "--out", str(tmp_path / "out"))
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "out").glob("notice-*.eml")) == \
        ["notice-acme.eml", "notice-hooli.eml"]
    assert _mail(tmp_path / "out" / "notice-hooli.eml")["To"] is None
    lines = err.splitlines()
    assert any("customer(s) of" in line and "have no e-mail address; their e-mails have no To: hooli" in line
               for line in lines)
    assert any("customer acme's contract promises 400 days' notice; this notice gives 365" in line
               for line in lines)


def test_customers_need_a_folder(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "--announce", "2026-12-01", "--customers", DIRECTORY)
    assert code == 2
    assert err == "nosurprises: --customers: writes one e-mail per customer: give --out DIR\n"


def _plan_notice() -> Callable[[str], Notice]:
    """The example's notice for an announcement on 2026-12-01, in any locale."""
    from nosurprises import compare
    from nosurprises.notices import from_plan
    from nosurprises.policy import load_policy, plan

    policy, rules = load_policy(str(EX / "nosurprises.yaml"))
    report = compare(OLD, NEW)
    result = plan(report, policy, rules, dt.date(2026, 12, 1))
    return lambda locale: from_plan(report, result, product="Pets", locale=locale)


def test_targeting_keeps_only_the_changes_that_touch_a_customer() -> None:
    from nosurprises.directory import load_directory
    from nosurprises.notices.audience import audience, change_key

    told_in = _plan_notice()
    notice = told_in("en")
    by_operation: dict[str | None, list] = {}
    for item in notice.changes:
        by_operation.setdefault(item.change.operation, []).append(change_key(item.change))
    assert None not in by_operation  # the example's changes all have an operation
    first, *others = sorted(by_operation)
    directory = load_directory(FIXTURES / "customers" / "customers.csv")
    touches = {"acme": by_operation[first], "globex": [k for o in others for k in by_operation[o]]}
    chosen = audience(notice, directory, in_locale=told_in, touches=touches)
    copies = {r.customer.customer: r.notice for r in chosen.recipients}
    assert sorted(copies) == ["acme", "globex"]
    assert {c.change.operation for c in copies["acme"].changes} == {first}
    assert {c.change.operation for c in copies["globex"].changes} == set(others)
    assert copies["acme"].locale == "de" and copies["globex"].locale == "fr"
    assert chosen.not_touched == ["initech", "umbrella"]  # they call none of them: not told
    # A change the policy says everyone must hear of reaches the untouched customers too.
    removed = {c.change.rule for c in notice.changes if c.change.operation == first}
    everyone = audience(notice, directory, in_locale=told_in, touches=touches,
                        everyone=lambda change: change.rule in removed and change.operation == first)
    again = {r.customer.customer: r.notice for r in everyone.recipients}
    assert sorted(again) == ["acme", "globex", "initech", "umbrella"]
    assert {c.change.operation for c in again["initech"].changes} == {first}
    assert everyone.not_touched == []


BOOK = """kind: pricing
plans:
- id: pro
  name: Pro
  price: {{amount: '{price}', currency: USD, interval: month}}
"""


def test_price_notices_reach_the_directory_addresses_in_their_language(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "old.yaml").write_text(BOOK.format(price="10.00"))
    (tmp_path / "new.yaml").write_text(BOOK.format(price="15.00"))
    (tmp_path / "usage.csv").write_text("customer,plan,quantity\nacme,pro,2\nglobex,pro,1\nstranger,pro,1\n")
    out = tmp_path / "out"
    code = main(["notice", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), "--announce", "2026-12-01",
                 "--product", "Acme Cloud", "--channel", "email", "--usage", str(tmp_path / "usage.csv"),
                 "--customers", DIRECTORY, "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 0, err
    # Only the customers the price change affects (those of the usage file), not the whole directory.
    assert sorted(p.name for p in out.glob("notice-*.eml")) == \
        ["notice-acme.eml", "notice-globex.eml", "notice-stranger.eml"]
    acme = _mail(out / "notice-acme.eml")
    assert acme["To"] == "ops@acme.example, cto@acme.example"
    assert "Was das für Sie bedeutet" in _text(acme)  # German, as the directory says
    assert "15,00" in _text(acme) or "30,00" in _text(acme)  # and German money
    assert _mail(out / "notice-globex.eml")["To"] == "api@globex.example"
    assert _mail(out / "notice-stranger.eml")["To"] is None
    assert "1 affected customer(s) are not in" in err and "their e-mails have no To: stranger" in err


def test_the_outbox_lists_every_copy_for_send(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from nosurprises.notices.outbox import read_outbox

    out = tmp_path / "out"
    code, printed, err = _run(capsys, "--announce", "2026-12-01", "--customers", DIRECTORY,
                              "--out", str(out), *SENDER, "--dated")
    assert code == 0, err
    assert str(out / "outbox.json") in printed.split()
    outbox = read_outbox(out)
    assert (outbox.notice, str(outbox.announced)) == ("2026-12-01-swagger-petstore", "2026-12-01")
    assert [(m.key, m.customer, m.to, m.file, m.locale) for m in outbox.messages] == [
        ("2026-12-01-swagger-petstore/acme", "acme", ["ops@acme.example", "cto@acme.example"],
         "notice-acme.eml", "de"),
        ("2026-12-01-swagger-petstore/globex", "globex", ["api@globex.example"], "notice-globex.eml", "fr"),
        ("2026-12-01-swagger-petstore/initech", "initech", ["it@initech.example"], "notice-initech.eml",
         "en"),
        ("2026-12-01-swagger-petstore/umbrella", "umbrella", ["dev@umbrella.example"], "notice-umbrella.eml",
         "pt_BR")]
    # The general e-mail joins the outbox only when it has recipients of its own (--to).
    again = tmp_path / "again"
    assert main(["notice", OLD, NEW, *POLICY, "--announce", "2026-12-01", "--customers", DIRECTORY,
                 "--out", str(again), "--to", "list@pets.example"]) == 0
    capsys.readouterr()
    first = read_outbox(again).messages[0]
    assert (first.key, first.customer, first.to, first.file) == \
        ("2026-12-01-swagger-petstore/all", None, ["list@pets.example"], "notice.eml")
    assert first.data is None  # no notice.json was written beside it
    # With the JSON channel too, each message names the notice's data in the folder.
    both = tmp_path / "both"
    assert main(["notice", OLD, NEW, *POLICY, "--announce", "2026-12-01", "--customers", DIRECTORY,
                 "--out", str(both), *SENDER, "--channel", "email", "--channel", "json"]) == 0
    capsys.readouterr()
    assert (both / "notice.json").is_file()
    assert {m.data for m in read_outbox(both).messages} == {"notice.json"}
    # Without anyone to deliver to there is no outbox: the files are as they always were.
    plain = tmp_path / "plain"
    assert main(["notice", OLD, NEW, *POLICY, "--announce", "2026-12-01", "--out", str(plain)]) == 0
    assert not (plain / "outbox.json").exists()


def test_request_logs_tell_each_customer_only_what_their_calls_touch(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from nosurprises.notices.outbox import read_outbox

    out = tmp_path / "out"
    code, _, err = _run(capsys, "--entry", "2026-06-pets-paging", "--ledger", str(EX / "notices.yaml"),
                        "--customers", str(EX / "customers.csv"), "--requests", str(EX / "requests.log"),
                        "--out", str(out), "--channel", "email", "--locale", "en")
    assert code == 0, err
    assert sorted(p.name for p in out.glob("notice-*.eml")) == ["notice-acme.eml", "notice-globex.eml"]
    assert [m.customer for m in read_outbox(out).messages] == ["acme", "globex"]
    # acme calls GET /pets only, globex GET /pets/{petId} only: each copy says only theirs.
    def changes(name: str) -> str:  # what follows the entry's summary and the dates: the changes
        text = _text(_mail(out / name))
        return text[text.index("365"):]

    acme, globex = changes("notice-acme.eml"), changes("notice-globex.eml")
    assert "limit" in acme and "fields" not in acme and "petId" not in acme
    assert "fields" in globex and "limit" not in globex
    assert ("2 customer(s) of " in err and "call none of the affected operations in" in err
            and "are not told: initech, umbrella" in err)


def test_request_logs_need_the_directory(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = _run(capsys, "--announce", "2026-12-01", "--requests", str(EX / "requests.log"),
                        "--out", str(tmp_path))
    assert code == 2 and "--requests: tells each customer only what their calls touch" in err
    code, _, err = _run(capsys, "--announce", "2026-12-01", "--customers", DIRECTORY, "--out", str(tmp_path),
                        "--customer-key", "ident")
    assert code == 2 and err == "nosurprises: --customer-key: applies with --requests FILE only\n"


def test_an_audience_no_customer_is_in_is_said(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _paging_for("ca-consumers", tmp_path, capsys)
    assert code == 0
    assert not list((tmp_path / "out").glob("notice-*.eml"))
    assert "is in the notice's audience (ca-consumers): no customer gets a copy" in err


def test_price_notices_warn_of_exactly_the_customers_written_to_no_address(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A usage customer id that is an address is written to it (no warning); a listed
    customer without an address is named as one, apart from those the directory lacks."""
    (tmp_path / "old.yaml").write_text(BOOK.format(price="10.00"))
    (tmp_path / "new.yaml").write_text(BOOK.format(price="15.00"))
    (tmp_path / "usage.csv").write_text("customer,plan,quantity\nacme,pro,2\nbob@shop.example,pro,1\n"
                                        "mute,pro,1\nstranger,pro,1\n")
    (tmp_path / "people.csv").write_text("customer,email\nacme,ops@acme.example\nmute,\n")
    out = tmp_path / "out"
    code = main(["notice", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), "--announce", "2026-12-01",
                 "--product", "Acme Cloud", "--channel", "email", "--usage", str(tmp_path / "usage.csv"),
                 "--customers", str(tmp_path / "people.csv"), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 0, err
    assert sorted(str(_mail(f)["To"]) for f in out.glob("notice-*.eml")) == \
        ["None", "None", "bob@shop.example", "ops@acme.example"]
    warnings = [line for line in err.splitlines() if "have no To" in line]
    assert len(warnings) == 2 and "bob@shop.example" not in err
    assert "1 affected customer(s) are not in" in warnings[0] and warnings[0].endswith(": stranger")
    assert "1 affected customer(s) of" in warnings[1]
    assert warnings[1].endswith("have no e-mail address; their e-mails have no To: mute")
