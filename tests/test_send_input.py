"""Bad input to `send`, the outbox and the journal: one line naming the file, exit 2, no traceback,
and nothing sent."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from nosurprises.cli import main
from nosurprises.deliveries import Delivery, outcomes, read_journal
from nosurprises.delivery.journal import Journal
from nosurprises.errors import InputError
from nosurprises.notices.customers import customer_key
from nosurprises.notices.outbox import FILE, Outbox, outbox_for, read_outbox, write_outbox

from .delivery_servers import Mailbox, make_outbox, smtp_server

LINE = {"key": "n1/c1", "notice": "n1", "customer": "c1", "channel": "email", "to": ["c1@example.com"],
        "state": "sent", "time": "2026-12-03T12:00:00+00:00", "attempt": 1,
        "message_id": "<n1-c1@acme.example>", "error": None}


def _fails(capsys: pytest.CaptureFixture[str], folder: Path, *extra: str, port: int = 1) -> str:
    code = main(["send", str(folder), "--smtp", f"127.0.0.1:{port}", "--smtp-security", "none",
                 "--send", "--rate", "0", *extra])
    out, err = capsys.readouterr()
    assert code == 2, (out, err)
    assert err.count("\n") == 1 and err.startswith("nosurprises: ") and "Traceback" not in err
    return err


def _edit_outbox(folder: Path, **message: object) -> None:
    data = json.loads((folder / FILE).read_text())
    data["messages"][0].update(message)
    (folder / FILE).write_text(json.dumps(data))


def test_no_outbox(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _fails(capsys, tmp_path) == (f"nosurprises: {tmp_path / FILE}: no such file: the folder holds "
                                        "no outbox (write it with `nosurprises notice --out DIR`)\n")
    nowhere = tmp_path / "nowhere"
    assert _fails(capsys, nowhere).startswith(f"nosurprises: {nowhere}: is not a folder")


def test_an_outbox_that_is_not_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / FILE).write_text("{not json")
    assert _fails(capsys, tmp_path).startswith(f"nosurprises: {tmp_path / FILE}: is not valid JSON")


@pytest.mark.parametrize(("change", "problem"), [
    ({"file": "../etc/passwd"}, "messages[0].file: '../etc/passwd' is not a plain file name"),
    ({"file": "/etc/passwd"}, "is not a plain file name"),
    ({"file": ".."}, "is not a plain file name"),
    ({"to": ["Boss <boss@example.com>"]}, "to[0]: 'Boss <boss@example.com>' is not a bare address"),
    ({"colour": "red"}, "messages[0].colour: unknown key"),
    ({"key": "n1/c2"}, None),  # fine alone; see the duplicate below
])
def test_an_outbox_with_a_bad_message(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      change: dict[str, object], problem: str | None) -> None:
    make_outbox(tmp_path, ["c1", "c2"])
    _edit_outbox(tmp_path, **change)
    if problem is None:
        problem = "the key 'n1/c2' is given to two messages"
    err = _fails(capsys, tmp_path)
    assert err.startswith(f"nosurprises: {tmp_path / FILE}: ") and problem in err
    assert not (tmp_path / "deliveries.jsonl").exists()


def test_a_missing_message_file_stops_before_anything_is_sent(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    make_outbox(tmp_path, ["c1", "c2"])
    (tmp_path / "notice-c2.eml").unlink()
    box = Mailbox()
    with smtp_server(box) as port:
        err = _fails(capsys, tmp_path, port=port)
    assert err == (f"nosurprises: {tmp_path / 'notice-c2.eml'}: no such file (message 'n1/c2' of the "
                   "outbox)\n")
    assert box.received == []


def test_a_message_without_a_from_address_cannot_go_by_smtp(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    make_outbox(tmp_path, ["c1"])
    eml = tmp_path / "notice-c1.eml"
    eml.write_bytes(b"".join(line for line in eml.read_bytes().splitlines(keepends=True)
                             if not line.startswith(b"From:")))
    assert "has no single From address for the SMTP envelope" in _fails(capsys, tmp_path)


def test_a_journal_line_that_is_not_json_names_its_line(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    make_outbox(tmp_path, ["c1"])
    journal = tmp_path / "deliveries.jsonl"
    journal.write_text(json.dumps(LINE) + "\nnot json\n" + json.dumps(LINE) + "\n")
    assert _fails(capsys, tmp_path).startswith(
        f"nosurprises: {journal}:2: is not a JSON line of the delivery journal")
    with pytest.raises(InputError, match=r":2: is not a JSON line"):
        read_journal(journal)


@pytest.mark.parametrize(("change", "problem"), [
    ({"state": "delivered"}, ":1: state: 'delivered' is not one of sending, sent, failed"),
    ({"attempt": 0}, ":1: attempt: expected a whole number of at least 1"),
    ({"time": "2026-12-03T12:00:00"}, ":1: time: '2026-12-03T12:00:00' is not an ISO 8601 time with its UTC"),
    ({"channel": "fax"}, ":1: channel: 'fax' is not one of email, webhook"),
    ({"extra": 1}, ":1: extra: unknown key"),
])
def test_a_journal_line_with_a_bad_field(tmp_path: Path, change: dict[str, object], problem: str) -> None:
    journal = tmp_path / "deliveries.jsonl"
    journal.write_text(json.dumps(LINE | change) + "\n")
    with pytest.raises(InputError) as caught:
        read_journal(journal)
    assert str(caught.value).startswith(f"{journal}{problem}")


def test_a_torn_last_line_is_passed_over_and_mended(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    make_outbox(tmp_path, ["c1", "c2"], message_ids=True)
    journal = tmp_path / "deliveries.jsonl"
    whole = json.dumps(LINE) + "\n"
    journal.write_text(whole + json.dumps(LINE | {"key": "n1/c2", "state": "sending"})[:40])
    assert [d.key for d in read_journal(journal)] == ["n1/c1"]  # the torn line held nothing confirmed
    box = Mailbox()
    with smtp_server(box) as port:
        code = main(["send", str(tmp_path), "--smtp", f"127.0.0.1:{port}", "--smtp-security", "none",
                     "--send", "--rate", "0"])
    out = capsys.readouterr().out
    assert code == 0 and out.splitlines()[-1].startswith("1 sent, 1 already delivered")
    assert box.ids() == ["<n1-c2@acme.example>"]
    lines = journal.read_text().splitlines()
    assert lines[0] == whole.strip() and all(json.loads(line) for line in lines)  # mended, not glued


def test_a_whole_last_line_without_its_newline_is_kept(tmp_path: Path) -> None:
    journal = tmp_path / "deliveries.jsonl"
    journal.write_text(json.dumps(LINE))
    assert len(read_journal(journal)) == 1
    with Journal(journal) as book:
        assert len(book.deliveries) == 1
    assert journal.read_text() == json.dumps(LINE) + "\n"


def test_a_second_run_on_the_same_journal_is_refused(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    make_outbox(tmp_path, ["c1"])
    with Journal(tmp_path / "deliveries.jsonl"):  # another `send` holds it
        err = _fails(capsys, tmp_path)
    assert err == (f"nosurprises: {tmp_path / 'deliveries.jsonl'}: is in use by another `nosurprises send` "
                   "(locked); let it finish, then run again\n")


def test_a_journal_through_a_symbolic_link_is_refused(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    make_outbox(tmp_path, ["c1"])
    (tmp_path / "deliveries.jsonl").symlink_to(tmp_path / "elsewhere")
    assert "is a symbolic link" in _fails(capsys, tmp_path)
    assert not (tmp_path / "elsewhere").exists()


def _usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as caught:
        main(["send", *argv])
    err = capsys.readouterr().err
    assert caught.value.code == 2 and err.count("\n") == 1
    return err


def test_bad_numbers_and_options_of_the_other_channel(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    make_outbox(tmp_path, ["c1"])
    assert "--rate: a rate of at least 0, not '-1'" in _usage_error(capsys, str(tmp_path), "--smtp", "h",
                                                                     "--rate", "-1")
    assert "--retries: not a number of retries: 'x'" in _usage_error(capsys, str(tmp_path), "--smtp", "h",
                                                                      "--retries", "x")
    assert "--backoff: a delay of at least 0" in _usage_error(capsys, str(tmp_path), "--smtp", "h",
                                                              "--backoff", "nan")
    assert "one of the arguments --smtp --webhook is required" in _usage_error(capsys, str(tmp_path))
    assert "applies to --webhook" in _fails(capsys, tmp_path, "--webhook-format", "slack")
    assert "no key of" in _fails(capsys, tmp_path, "--only", "nothing/*")


def test_outcomes_per_channel_and_unknown() -> None:
    t = dt.datetime(2026, 12, 3, 12, tzinfo=dt.UTC)

    def d(state: str, attempt: int, channel: str = "email", error: str | None = None) -> Delivery:
        return Delivery(key="k", notice="n", customer=None, channel=channel, to=["a@b.c"], state=state,
                        time=t + dt.timedelta(minutes=attempt), attempt=attempt, error=error)

    lines = [d("sending", 1), d("failed", 1, error="451 later"), d("sending", 2)]
    assert outcomes(lines)["k"].last_state == "unknown"
    failed = outcomes(lines[:2])["k"]
    assert (failed.last_state, failed.error, failed.sent_at, failed.attempts) == (
        "failed", "451 later", None, 1)
    lines += [d("sending", 1, "webhook"), d("sent", 1, "webhook")]
    assert outcomes(lines)["k"].channel == "webhook" and outcomes(lines)["k"].last_state == "sent"
    assert outcomes(lines, channel="email")["k"].last_state == "unknown"
    assert Delivery(**{**LINE, "time": t}).line() == (json.dumps(LINE, separators=(",", ":")) + "\n").encode()


def test_the_outbox_written_from_rendered_emails_reads_back(tmp_path: Path) -> None:
    from email.message import EmailMessage
    from email.policy import SMTP

    msg = EmailMessage(policy=SMTP)
    msg["From"], msg["To"], msg["Subject"] = "api@acme.example", "Ops <ops@acme.example>, b@c.de", "x"
    msg.set_content("hi")
    outbox = outbox_for("2026-12-01-pets", dt.date(2026, 12, 1), dt.date(2027, 12, 1),
                        [(None, "notice.eml", EmailMessage(policy=SMTP).as_string()),
                         ("Acme Inc", "notice-acme.eml", msg.as_string())])
    assert [(m.key, m.customer, m.to) for m in outbox.messages] == [
        ("2026-12-01-pets/all", None, []),
        (f"2026-12-01-pets/{customer_key('Acme Inc')}", "Acme Inc", ["ops@acme.example", "b@c.de"])]

    write_outbox(tmp_path, outbox)
    assert read_outbox(tmp_path) == outbox
    assert isinstance(read_outbox(tmp_path), Outbox)


def test_the_send_command_loads_its_network_modules_only_when_it_runs() -> None:
    from .test_startup import HEAVY, _cli

    loaded = _cli("send", "--help")
    assert not [m for m in (*HEAVY, "smtplib", "ssl", "urllib.request", "nosurprises.delivery.send")
                if m in loaded]
    assert "nosurprises.delivery.cli" in loaded


def test_a_message_file_that_is_no_email_or_no_file(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    make_outbox(tmp_path, ["c1"])
    eml = tmp_path / "notice-c1.eml"
    eml.write_bytes(b"\x00\x01 not a message at all")
    assert _fails(capsys, tmp_path) == (f"nosurprises: {eml}: is not an e-mail message (RFC 5322 headers "
                                        "and a body)\n")
    eml.unlink()
    eml.mkdir()
    assert _fails(capsys, tmp_path) == f"nosurprises: {eml}: is not a file\n"


def test_a_rerun_reads_only_the_files_it_still_has_to_send(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """A delivered message is settled from the journal alone: its file is not opened again
    (a batch of a million is not re-parsed to be skipped); one still to send is checked."""
    make_outbox(tmp_path, ["c1", "c2"], message_ids=True)
    (tmp_path / "deliveries.jsonl").write_text(json.dumps(LINE) + "\n")  # c1 was delivered
    (tmp_path / "notice-c1.eml").write_text("not an e-mail at all")
    code = main(["send", str(tmp_path), "--smtp", "127.0.0.1:1", "--smtp-security", "none"])
    out = capsys.readouterr().out
    assert code == 0 and "already delivered n1/c1" in out and "would send n1/c2" in out
    (tmp_path / "notice-c2.eml").write_text("not an e-mail at all")
    assert _fails(capsys, tmp_path) == (f"nosurprises: {tmp_path / 'notice-c2.eml'}: is not an e-mail "
                                        "message (RFC 5322 headers and a body)\n")


def test_the_parser_offers_exactly_the_security_modes_smtp_knows() -> None:
    from nosurprises.delivery.cli import SECURITY
    from nosurprises.delivery.smtp import PORTS

    assert set(SECURITY) == set(PORTS)
