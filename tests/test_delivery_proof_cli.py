"""From a ledger entry to delivered, recorded notices, and `check --require-delivery` on them.

A real SMTP server (aiosmtpd on 127.0.0.1) refuses one customer's address; the check then
names that customer and holds the entry unannounced; once delivered, the entry counts from
the day of the last delivery, not from the day the ledger claims.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from nosurprises.cli import main

from .conftest import FIXTURES, ROOT
from .delivery_servers import Mailbox, smtp_server

pytest.importorskip("aiosmtpd")

EX = ROOT / "examples"
SPECS = [str(EX / "petstore-old.yaml"), str(EX / "petstore-new.yaml")]
LEDGER = ["--ledger", str(EX / "notices.yaml")]
POLICY = ["--policy", str(EX / "nosurprises.yaml")]
ENTRY = "2026-06-pets-paging"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _send(capsys: pytest.CaptureFixture[str], out: Path, port: int) -> tuple[int, str, str]:
    return _run(capsys, "send", str(out), "--smtp", f"127.0.0.1:{port}", "--smtp-security", "none",
                "--backoff", "0.01", "--rate", "0", "--send")


def _check(capsys: pytest.CaptureFixture[str], out: Path, on: dt.date) -> tuple[int, dict]:
    code, printed, err = _run(capsys, "check", *SPECS, *LEDGER, *POLICY, "--on", on.isoformat(),
                              "--require-delivery", str(out), "--format", "json")
    assert err == "" or "nosurprises:" in err
    return code, json.loads(printed)


def test_check_holds_the_ledger_to_what_was_delivered(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    code, _, err = _run(capsys, "notice", *SPECS, *LEDGER, *POLICY, "--entry", ENTRY,
                        "--customers", str(FIXTURES / "customers" / "customers.csv"), "--out", str(out),
                        "--channel", "email", "--from", "Pets API <api@pets.example>", "--dated")
    assert code == 0, err
    on = dt.date(2027, 6, 1)

    # Nothing sent yet: every customer is owed, none reached, the entry announces nothing.
    code, result = _check(capsys, out, on)
    assert code == 1
    mine = [v for v in result["verdicts"] if v["notice"] == ENTRY]
    assert mine and all(v["status"] == "unannounced" for v in mine)
    assert "did not reach 4 of its 4 customers" in mine[0]["reason"]

    box = Mailbox(refuse={"api@globex.example"})
    with smtp_server(box) as port:
        code, printed, _ = _send(capsys, out, port)
    assert code == 1 and printed.splitlines()[-1].startswith("3 sent, 0 already delivered, 1 failed")
    code, result = _check(capsys, out, on)
    assert code == 1
    shown = {d["entry"]: d for d in result["deliveries"]}[ENTRY]
    assert (shown["owed"], shown["delivered"], shown["never_sent"]) == (4, 3, [])
    assert shown["failed"] == [{"customer": "globex",
                                "error": "refused api@globex.example: 550 5.1.1 no such user here"}]
    mine = [v for v in result["verdicts"] if v["notice"] == ENTRY]
    assert all("did not reach 1 of its 4 customers: globex (failed: refused api@globex.example"
               in v["reason"] for v in mine)

    box = Mailbox()  # globex's address works again: the rerun sends only what is missing
    with smtp_server(box) as port:
        code, printed, _ = _send(capsys, out, port)
    assert code == 0 and printed.splitlines()[-1].startswith("1 sent, 3 already delivered, 0 failed")
    assert [to for _, to in box.received] == [["api@globex.example"]]
    journal = [json.loads(line) for line in (out / "deliveries.jsonl").read_text().splitlines()]
    last = max(dt.datetime.fromisoformat(d["time"]) for d in journal if d["state"] == "sent").date()
    code, result = _check(capsys, out, on)
    shown = {d["entry"]: d for d in result["deliveries"]}[ENTRY]
    assert (shown["delivered"], shown["last_delivered"], shown["failed"]) == (4, last.isoformat(), [])
    mine = [v for v in result["verdicts"] if v["notice"] == ENTRY]
    # Counted from the day the last customer was reached, not from the ledger's 2026-06-01.
    assert {v["notice_days"] for v in mine} == {(on - last).days}
    assert all(f"(delivered to 4 customers by {last})" in v["reason"] for v in mine)
    later = last + dt.timedelta(days=400)
    code, result = _check(capsys, out, later)
    assert {v["status"] for v in result["verdicts"] if v["notice"] == ENTRY} == {"covered"}


def test_a_journal_alone_is_proof_of_what_it_names(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    journal = tmp_path / "deliveries.jsonl"
    journal.write_text(json.dumps({
        "key": f"{ENTRY}/acme", "notice": ENTRY, "customer": "acme", "channel": "webhook", "to": [],
        "state": "sent", "time": "2026-06-01T08:00:00+00:00", "attempt": 1, "message_id": None,
        "error": None}) + "\n")
    code, result = _check(capsys, journal, dt.date(2027, 6, 1))
    shown = {d["entry"]: d for d in result["deliveries"]}
    assert (shown[ENTRY]["owed"], shown[ENTRY]["delivered"], shown[ENTRY]["last_delivered"]) == \
        (1, 1, "2026-06-01")
    assert {v["status"] for v in result["verdicts"] if v["notice"] == ENTRY} == {"covered"}
    # The other entries of the ledger were never delivered: they announce nothing.
    assert code == 1 and all(shown[e]["owed"] == 0 for e in shown if e != ENTRY)


@pytest.mark.parametrize(("make", "expected"), [
    (lambda p: p / "missing", "no such outbox folder or delivery journal (--require-delivery)"),
    (lambda p: (p / "j.jsonl").write_text('{"key": 1}\nnot json\n') and p / "j.jsonl", "j.jsonl:1"),
    (lambda p: (p / "box").mkdir() or p / "box", "outbox.json: no such file"),
])
def test_bad_proofs_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], make, expected) -> None:
    path = make(tmp_path)
    code, _, err = _run(capsys, "check", *SPECS, *LEDGER, *POLICY, "--require-delivery", str(path))
    assert code == 2 and err.count("\n") == 1 and expected in err


def test_the_outbox_and_journal_written_validate_against_their_schemas(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from jsonschema import Draft202012Validator

    out = tmp_path / "out"
    assert main(["notice", *SPECS, *LEDGER, *POLICY, "--entry", ENTRY, "--customers",
                 str(FIXTURES / "customers" / "customers.csv"), "--out", str(out), "--channel", "email",
                 "--from", "Pets API <api@pets.example>"]) == 0
    with smtp_server(Mailbox()) as port:
        assert _send(capsys, out, port)[0] == 0
    schemas = {}
    for what in ("outbox", "journal"):
        assert main(["schema", what]) == 0
        schemas[what] = Draft202012Validator(json.loads(capsys.readouterr().out))
    schemas["outbox"].validate(json.loads((out / "outbox.json").read_text()))
    lines = (out / "deliveries.jsonl").read_text().splitlines()
    assert len(lines) == 8  # sending and sent, for each of the four customers
    for line in lines:
        schemas["journal"].validate(json.loads(line))
