"""`nosurprises send` by SMTP against a real aiosmtpd server on 127.0.0.1: each message at most
once, the journal as proof, a rerun that completes what a broken server left undone."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from nosurprises.cli import build_parser, main
from nosurprises.deliveries import outcomes, read_journal

from .delivery_servers import Mailbox, make_outbox, smtp_server

pytest.importorskip("aiosmtpd")

FAST = ["--backoff", "0.01", "--rate", "0"]


def _send(capsys: pytest.CaptureFixture[str], folder: Path, port: int, *extra: str) -> tuple[int, str, str]:
    code = main(["send", str(folder), "--smtp", f"127.0.0.1:{port}", "--smtp-security", "none",
                 *FAST, *extra])
    out, err = capsys.readouterr()
    return code, out, err


def _lines(folder: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (folder / "deliveries.jsonl").read_text().splitlines()]


def test_a_dry_run_says_what_it_would_send_and_writes_nothing(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    make_outbox(tmp_path, ["c1", "c2"])
    before = sorted(p.name for p in tmp_path.iterdir())
    box = Mailbox()
    with smtp_server(box) as port:
        code, out, err = _send(capsys, tmp_path, port)
    assert code == 0 and err == ""
    assert "would send n1/c1 (customer c1) by email to c1@example.com" in out
    assert out.splitlines()[-1].startswith("dry run: 2 would be sent, 0 already delivered")
    assert box.received == []
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no journal either


def test_all_delivered_the_journal_is_the_proof_and_a_rerun_sends_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_outbox(tmp_path, ["c1", "c2", "c3"], message_ids=True)
    box = Mailbox()
    with smtp_server(box) as port:
        code, out, _ = _send(capsys, tmp_path, port, "--send")
        assert code == 0
        assert out.splitlines()[-1] == "3 sent, 0 already delivered, 0 failed, 0 unknown, 0 skipped"
        code, out, _ = _send(capsys, tmp_path, port, "--send")
    assert code == 0
    assert out.splitlines()[-1] == "0 sent, 3 already delivered, 0 failed, 0 unknown, 0 skipped"
    assert sorted(box.ids()) == ["<n1-c1@acme.example>", "<n1-c2@acme.example>", "<n1-c3@acme.example>"]
    assert [to for _, to in box.received] == [["c1@example.com"], ["c2@example.com"], ["c3@example.com"]]
    lines = _lines(tmp_path)
    assert [(d["key"], d["state"], d["attempt"]) for d in lines] == [
        ("n1/c1", "sending", 1), ("n1/c1", "sent", 1), ("n1/c2", "sending", 1), ("n1/c2", "sent", 1),
        ("n1/c3", "sending", 1), ("n1/c3", "sent", 1)]
    first = lines[1]
    assert list(first) == ["key", "notice", "customer", "channel", "to", "state", "time", "attempt",
                           "message_id", "error"]
    assert first["customer"] == "c1" and first["channel"] == "email" and first["to"] == ["c1@example.com"]
    assert first["message_id"] == "<n1-c1@acme.example>" and first["error"] is None
    assert first["time"].endswith("+00:00")
    proof = outcomes(read_journal(tmp_path / "deliveries.jsonl"))
    assert {k: o.last_state for k, o in proof.items()} == {"n1/c1": "sent", "n1/c2": "sent", "n1/c3": "sent"}
    assert all(o.sent_at is not None and o.sent_at.utcoffset() is not None for o in proof.values())


def test_a_message_without_message_id_gets_one_derived_from_its_key(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_outbox(tmp_path, ["c1"])
    box = Mailbox()
    with smtp_server(box) as port:
        _send(capsys, tmp_path, port, "--send")
    (received, _), = box.received
    given = str(received["Message-ID"])
    assert given.endswith(".nosurprises@acme.example>") and given.startswith("<")
    assert _lines(tmp_path)[-1]["message_id"] == given
    assert received["Subject"] == "Pets API changes for c1"
    assert (tmp_path / "notice-c1.eml").read_bytes().count(b"Message-ID") == 0  # the file is left as it was


def test_a_refused_recipient_fails_with_the_reply_and_the_rest_are_delivered(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_outbox(tmp_path, ["c1", "c2", "c3"], message_ids=True)
    box = Mailbox(refuse={"c2@example.com"})
    with smtp_server(box) as port:
        code, out, _ = _send(capsys, tmp_path, port, "--send")
    assert code == 1  # some failed: the gate-failed code
    assert out.splitlines()[-1] == "2 sent, 0 already delivered, 1 failed, 0 unknown, 0 skipped"
    assert sorted(box.ids()) == ["<n1-c1@acme.example>", "<n1-c3@acme.example>"]
    failed = [d for d in _lines(tmp_path) if d["state"] == "failed"]
    assert [(d["key"], d["attempt"]) for d in failed] == [("n1/c2", 1)]  # 5xx: permanent, no retry
    assert failed[0]["error"] == "refused c2@example.com: 550 5.1.1 no such user here"


def test_a_partly_refused_message_goes_again_only_to_the_refused(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    from nosurprises.notices.outbox import Message, Outbox, read_outbox, write_outbox

    make_outbox(tmp_path, ["c1"], message_ids=True)
    outbox = read_outbox(tmp_path)
    two = Message(**(outbox.messages[0].model_dump() | {"to": ["c1@example.com", "boss@example.com"]}))
    write_outbox(tmp_path, Outbox(**(outbox.model_dump() | {"messages": [two]})))
    box = Mailbox(refuse={"boss@example.com"})
    with smtp_server(box) as port:
        assert _send(capsys, tmp_path, port, "--send")[0] == 1
        box.refuse.clear()
        code = _send(capsys, tmp_path, port, "--send")[0]
    assert code == 0
    assert [to for _, to in box.received] == [["c1@example.com"], ["boss@example.com"]]
    states = [(d["state"], d["to"]) for d in _lines(tmp_path) if d["state"] != "sending"]
    assert states == [("sent", ["c1@example.com"]), ("failed", ["boss@example.com"]),
                      ("sent", ["boss@example.com"])]


def test_a_transient_refusal_is_retried_with_back_off_then_recorded_failed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_outbox(tmp_path, ["c1"])
    box = Mailbox(refuse={"c1@example.com"}, refuse_code="451 4.3.0 try again later")
    with smtp_server(box) as port:
        code, out, _ = _send(capsys, tmp_path, port, "--send", "--retries", "2")
    assert code == 1
    assert "after 3 attempt(s): refused c1@example.com: 451 4.3.0 try again later" in out
    assert [(d["state"], d["attempt"]) for d in _lines(tmp_path)] == [
        ("sending", 1), ("failed", 1), ("sending", 2), ("failed", 2), ("sending", 3), ("failed", 3)]


def test_a_connection_dropped_mid_batch_is_completed_by_a_rerun_without_a_duplicate(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    customers = [f"c{n}" for n in range(6)]
    make_outbox(tmp_path, customers, message_ids=True)
    box = Mailbox(drop_after=2)  # keeps two, then drops every connection before keeping more
    with smtp_server(box) as port:
        code, out, _ = _send(capsys, tmp_path, port, "--send", "--retries", "1")
        assert code == 1
        assert out.splitlines()[-1] == "2 sent, 0 already delivered, 4 failed, 0 unknown, 0 skipped"
        assert "connection lost" in out
        box.drop_after = 4  # back for a while: one more drop during the rerun, retried
        code, out, _ = _send(capsys, tmp_path, port, "--send", "--retries", "3")
        assert code == 1 and out.splitlines()[-1].startswith("2 sent, 2 already delivered, 2 failed")
        box.drop_after = None
        code, out, _ = _send(capsys, tmp_path, port, "--send")
    assert code == 0
    assert out.splitlines()[-1] == "2 sent, 4 already delivered, 0 failed, 0 unknown, 0 skipped"
    counts = Counter(box.ids())
    assert sorted(counts) == sorted(f"<n1-{c}@acme.example>" for c in customers)
    assert set(counts.values()) == {1}  # every message once at the server


def test_a_crash_between_sending_and_its_outcome_is_unknown_and_not_resent(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_outbox(tmp_path, ["c1", "c2"], message_ids=True)
    crashed = {"key": "n1/c1", "notice": "n1", "customer": "c1", "channel": "email",
               "to": ["c1@example.com"], "state": "sending", "time": "2026-12-03T12:00:00+00:00",
               "attempt": 1, "message_id": "<n1-c1@acme.example>", "error": None}
    (tmp_path / "deliveries.jsonl").write_text(json.dumps(crashed) + "\n")
    box = Mailbox()
    with smtp_server(box) as port:
        code, out, _ = _send(capsys, tmp_path, port, "--send")
        assert code == 1  # an unknown outcome needs a person's decision
        assert out.splitlines()[-1] == "1 sent, 0 already delivered, 0 failed, 1 unknown, 0 skipped"
        assert "unknown n1/c1 (customer c1): attempt 1 began" in out and "--resend-unknown" in out
        assert box.ids() == ["<n1-c2@acme.example>"]
        code, out, _ = _send(capsys, tmp_path, port, "--send", "--resend-unknown")
    assert code == 0
    assert out.splitlines()[-1] == "1 sent, 1 already delivered, 0 failed, 0 unknown, 0 skipped"
    assert box.ids() == ["<n1-c2@acme.example>", "<n1-c1@acme.example>"]
    assert [d["attempt"] for d in _lines(tmp_path) if d["key"] == "n1/c1"] == [1, 2, 2]


def test_only_sends_the_matching_keys(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_outbox(tmp_path, ["c1", "c2", "c3"], message_ids=True)
    box = Mailbox()
    with smtp_server(box) as port:
        code, out, _ = _send(capsys, tmp_path, port, "--send", "--only", "*/c2", "--only", "n1/c3")
    assert code == 0
    assert out.splitlines()[-1] == "2 sent, 0 already delivered, 0 failed, 0 unknown, 1 skipped"
    assert sorted(box.ids()) == ["<n1-c2@acme.example>", "<n1-c3@acme.example>"]


def test_the_general_notice_without_recipients_is_skipped(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    make_outbox(tmp_path, ["c1"], general=True)
    with smtp_server(Mailbox()) as port:
        code, out, _ = _send(capsys, tmp_path, port, "--send")
    assert code == 0 and "skipped n1/all (general notice): the outbox gives it no recipients" in out


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_login_comes_from_the_environment_only(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from aiosmtpd.smtp import AuthResult

    make_outbox(tmp_path, ["c1"])
    box = Mailbox()

    def authenticator(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        login, password = (bytes(v).decode() if not isinstance(v, str) else v
                           for v in (data.login, data.password))
        box.logins.append((login, password))
        return AuthResult(success=password == "s3cret", handled=False)  # the server answers 535

    monkeypatch.setenv("NOSURPRISES_SMTP_USER", "acme")
    monkeypatch.setenv("NOSURPRISES_SMTP_PASSWORD", "wrong")
    with smtp_server(box, authenticator=authenticator, auth_require_tls=False, auth_required=True) as port:
        code, _, err = _send(capsys, tmp_path, port, "--send")
        assert code == 2 and err.count("\n") == 1
        assert err.startswith(f"nosurprises: --smtp 127.0.0.1:{port}: refused the login of "
                              "NOSURPRISES_SMTP_USER: 535")
        assert not (tmp_path / "deliveries.jsonl").read_text()  # nothing was attempted
        monkeypatch.setenv("NOSURPRISES_SMTP_PASSWORD", "s3cret")
        code = _send(capsys, tmp_path, port, "--send")[0]
    assert code == 0 and len(box.received) == 1
    assert box.logins[-1] == ("acme", "s3cret")  # smtplib tries each mechanism with the wrong one
    assert set(box.logins[:-1]) == {("acme", "wrong")}
    monkeypatch.delenv("NOSURPRISES_SMTP_PASSWORD")
    assert _send(capsys, tmp_path, 1, "--send")[2] == (
        "nosurprises: NOSURPRISES_SMTP_PASSWORD: is not set: set both NOSURPRISES_SMTP_USER and "
        "NOSURPRISES_SMTP_PASSWORD, or neither\n")


def test_no_option_takes_a_password() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    flags = [f for action in sub.choices["send"]._actions for f in action.option_strings]
    assert "--smtp" in flags
    assert not [f for f in flags if any(word in f for word in ("pass", "user", "secret", "token", "auth"))]


def test_clear_text_is_refused_for_a_server_elsewhere(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    make_outbox(tmp_path, ["c1"])
    code = main(["send", str(tmp_path), "--smtp", "mail.example.com", "--smtp-security", "none"])
    _, err = capsys.readouterr()
    assert code == 2 and err.count("\n") == 1
    assert err.startswith("nosurprises: --smtp-security: none sends mail and any password in the clear")


def test_starttls_is_required_by_default(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A server that offers no STARTTLS: the default refuses to send in the clear."""
    make_outbox(tmp_path, ["c1"])
    box = Mailbox()
    with smtp_server(box) as port:
        code = main(["send", str(tmp_path), "--smtp", f"127.0.0.1:{port}", "--send", *FAST])
    _, err = capsys.readouterr()
    assert code == 2 and err.count("\n") == 1
    assert "STARTTLS extension not supported by server" in err and box.received == []


@pytest.fixture
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (openssl), or skip."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key


def test_starttls_with_a_verified_certificate(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch,
                                              certificate: tuple[Path, Path]) -> None:
    import ssl

    cert, key = certificate
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    make_outbox(tmp_path, ["c1"], message_ids=True)
    box = Mailbox()
    with smtp_server(box, tls_context=context, require_starttls=True) as port:
        code = main(["send", str(tmp_path), "--smtp", f"127.0.0.1:{port}", "--send", *FAST])
        _, err = capsys.readouterr()
        assert code == 2 and "TLS failed" in err and "CERTIFICATE_VERIFY_FAILED" in err  # not trusted yet
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))
        code, out, _ = (main(["send", str(tmp_path), "--smtp", f"127.0.0.1:{port}", "--send", *FAST]),
                        *capsys.readouterr())
    assert code == 0, out
    assert box.ids() == ["<n1-c1@acme.example>"]


BOOK = """kind: pricing
plans:
- id: pro
  name: Pro
  price: {{amount: '{price}', currency: USD, interval: month}}
"""


def test_the_emails_notice_renders_are_delivered_as_written(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    """End to end: `notice --usage --out` writes per-customer e-mails; their outbox (made by
    `outbox_for` from the files, as `notice` will) is delivered with the files' own Message-IDs."""
    from nosurprises.notices.customers import customer_key
    from nosurprises.notices.outbox import outbox_for, write_outbox

    (tmp_path / "old.yaml").write_text(BOOK.format(price="10.00"))
    (tmp_path / "new.yaml").write_text(BOOK.format(price="15.00"))
    customers = ["ops@acme.example", "billing@small.example"]
    (tmp_path / "usage.csv").write_text("customer,plan,quantity\n"
                                        + "".join(f"{c},pro,1\n" for c in customers))
    out = tmp_path / "out"
    assert main(["notice", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), "--announce",
                 "2026-12-01", "--product", "Acme Cloud Zürich", "--channel", "email", "--usage",
                 str(tmp_path / "usage.csv"), "--from", "Acme <api@acme.example>", "--dated",
                 "--out", str(out)]) == 0
    capsys.readouterr()
    files = [(c, f"notice-{customer_key(c)}.eml") for c in customers]
    outbox = outbox_for("2026-12-01-acme-cloud", dt.date(2026, 12, 1), dt.date(2027, 12, 1),
                        [(c, name, (out / name).read_text()) for c, name in files])
    assert [m.to for m in outbox.messages] == [[c] for c in customers]
    write_outbox(out, outbox)
    box = Mailbox()
    with smtp_server(box) as port:
        code, printed, _ = _send(capsys, out, port, "--send")
    assert code == 0, printed
    for (customer, name), (received, to) in zip(files, box.received, strict=True):
        written = email.message_from_bytes((out / name).read_bytes(), policy=email.policy.default)
        assert to == [customer] and received["Message-ID"] == written["Message-ID"]
        assert received["Subject"] == written["Subject"] and "Zürich" in received["Subject"]
        assert received.get_body(("plain",)).get_content() == written.get_body(("plain",)).get_content()
