"""`notice --customers`: one e-mail per customer of the audience, in their language, to them."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import pytest

from nosurprises.cli import main

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


def test_the_audience_chooses_customers_by_tag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ledger = tmp_path / "notices.yaml"
    text = (EX / "notices.yaml").read_text()
    ledger.write_text(text.replace("audience: [api]", "audience: [eu-business]", 1))
    code, _, err = _run(capsys, "--entry", "2026-06-pets-paging", "--ledger", str(ledger),
                        "--customers", DIRECTORY, "--out", str(tmp_path / "out"))
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
    assert [p.name for p in (tmp_path / "out").glob("notice-*.eml")] == ["notice-acme.eml"]
    lines = err.splitlines()
    assert any("customer(s) of" in line and "have no e-mail address and get no copy: hooli" in line
               for line in lines)
    assert any("customer acme's contract promises 400 days' notice; this notice gives 365" in line
               for line in lines)


def test_customers_need_a_folder(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "--announce", "2026-12-01", "--customers", DIRECTORY)
    assert code == 2
    assert err == "nosurprises: --customers: writes one e-mail per customer: give --out DIR\n"
