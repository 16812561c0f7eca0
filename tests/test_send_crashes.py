"""A crash at any point of a batch: a rerun sends every message the journal does not show as
delivered or begun, and never one it shows as delivered (hypothesis cuts a real journal at every
line boundary, and inside a line as a crash while writing would)."""

from __future__ import annotations

import asyncio
import contextlib
import io
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nosurprises.cli import main
from nosurprises.deliveries import outcomes, parse_journal

from .delivery_servers import Mailbox, make_outbox, smtp_server

CUSTOMERS = ["c1", "c2", "c3", "c4"]


def _send(folder: Path, port: int, *extra: str) -> int:
    with contextlib.redirect_stdout(io.StringIO()):
        return main(["send", str(folder), "--smtp", f"127.0.0.1:{port}", "--smtp-security", "none",
                     "--send", "--rate", "0", "--backoff", "0", *extra])


@pytest.fixture(scope="module")
def recorded() -> Iterator[tuple[int, Mailbox, bytes, Path]]:
    """A server, and the journal of a real batch: c2 refused for a while (4xx), then delivered."""
    box = Mailbox(refuse={"c2@example.com"}, refuse_code="451 4.7.1 greylisted")
    with tempfile.TemporaryDirectory() as name, smtp_server(box) as port:
        folder = Path(name) / "out"
        make_outbox(folder, CUSTOMERS, message_ids=True)
        assert _send(folder, port, "--retries", "1") == 1
        box.refuse.clear()
        assert _send(folder, port) == 0
        yield port, box, (folder / "deliveries.jsonl").read_bytes(), folder


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_rerun_after_a_crash_anywhere_never_sends_what_was_delivered(
        recorded: tuple[int, Mailbox, bytes, Path], data: st.DataObject) -> None:
    port, box, journal, folder = recorded
    lines = journal.splitlines(keepends=True)
    cut = data.draw(st.integers(0, len(lines)), label="lines kept")
    torn = data.draw(st.integers(0, len(lines[cut]) - 2) if cut < len(lines) else st.just(0),
                     label="bytes of the next line")
    kept = b"".join(lines[:cut]) + (lines[cut][:torn] if cut < len(lines) else b"")
    before = outcomes(parse_journal(kept, "journal"), "email")
    resend = data.draw(st.booleans(), label="--resend-unknown")
    with tempfile.TemporaryDirectory() as name:
        rerun = Path(name)
        for path in folder.iterdir():
            if path.suffix in (".eml", ".json"):
                (rerun / path.name).write_bytes(path.read_bytes())
        (rerun / "deliveries.jsonl").write_bytes(kept)
        box.received.clear()
        _send(rerun, port, *(["--resend-unknown"] if resend else []))
        after = outcomes(parse_journal((rerun / "deliveries.jsonl").read_bytes(), "journal"), "email")
    got = {str(msg["Message-ID"]) for msg, _ in box.received}
    assert len(got) == len(box.received)  # none twice in the rerun
    for customer in CUSTOMERS:
        key, mid = f"n1/{customer}", f"<n1-{customer}@acme.example>"
        known = before.get(key)
        if known is not None and known.last_state == "sent":
            assert mid not in got, key  # delivered: never again
        elif known is not None and known.last_state == "unknown" and not resend:
            assert mid not in got and after[key].last_state == "unknown", key  # at most once
        else:
            assert mid in got and after[key].last_state == "sent", key


class _Stalling(Mailbox):
    """Holds the DATA of one recipient until told to let go: the moment a crash is worst."""

    def __init__(self, victim: str) -> None:
        super().__init__()
        self.victim, self.holding, self.release = victim, threading.Event(), threading.Event()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.victim in envelope.rcpt_tos and not self.release.is_set():
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.01)
            return "451 too late"
        return await super().handle_DATA(server, session, envelope)


def test_a_send_killed_mid_message_leaves_it_unknown_and_a_rerun_sends_the_rest(tmp_path: Path) -> None:
    """A real crash: the process is killed (SIGKILL) while the server holds c2's message."""
    make_outbox(tmp_path, CUSTOMERS, message_ids=True)
    box = _Stalling("c2@example.com")
    with smtp_server(box) as port:
        child = subprocess.Popen([sys.executable, "-m", "nosurprises", "send", str(tmp_path), "--smtp",
                                  f"127.0.0.1:{port}", "--smtp-security", "none", "--send", "--rate", "0"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            assert box.holding.wait(20), "the send never reached c2"
        finally:
            child.kill()
            child.wait()
        box.release.set()
        journal = tmp_path / "deliveries.jsonl"
        states = {k: o.last_state for k, o in outcomes(parse_journal(journal.read_bytes(), "j")).items()}
        assert states == {"n1/c1": "sent", "n1/c2": "unknown"}
        assert _send(tmp_path, port) == 1  # c2 unknown: not sent again
        assert box.ids() == ["<n1-c1@acme.example>", "<n1-c3@acme.example>", "<n1-c4@acme.example>"]
        assert _send(tmp_path, port, "--resend-unknown") == 0
    assert Counter(box.ids()) == {f"<n1-{c}@acme.example>": 1 for c in CUSTOMERS}
