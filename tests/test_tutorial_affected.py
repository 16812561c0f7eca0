"""The chapter "tell exactly the customers who are affected" runs as written.

Every `sh` block of docs/tutorial-affected.md is run from a copy of the repository's
`examples/`, in order; the `text` block after it must be what the command printed (the
whole output, or for `diff` and `check` the part quoted). The delivery with `--send` goes
to a real SMTP server on 127.0.0.1 instead of the chapter's host, and the check afterwards
must then find every customer reached.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import pytest

from nosurprises.cli import main

from .conftest import ROOT
from .delivery_servers import Mailbox, smtp_server

pytest.importorskip("aiosmtpd")

CHAPTER = ROOT / "docs" / "tutorial-affected.md"


def _steps() -> list[tuple[list[str], str | None]]:
    """(argv, the quoted output or None) for every `sh` block, in the chapter's order."""
    text = CHAPTER.read_text(encoding="utf-8")
    blocks = re.findall(r"```(sh|text|csv)\n(.*?)```", text, re.S)
    steps: list[tuple[list[str], str | None]] = []
    for n, (kind, body) in enumerate(blocks):
        if kind != "sh":
            continue
        argv = shlex.split(body.replace("\\\n", " "))
        quoted = blocks[n + 1][1] if n + 1 < len(blocks) and blocks[n + 1][0] == "text" else None
        steps.append((argv, quoted))
    return steps


def test_the_chapter_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    steps = _steps()
    assert [argv[argv.index("nosurprises") + 1] for argv, _ in steps] == \
        ["diff", "notice", "send", "send", "check"]
    # The chapter's check shows the outbox before anything was sent: the delivery runs last.
    steps.sort(key=lambda step: "--send" in step[0])
    box = Mailbox()
    with smtp_server(box) as port:
        for argv, quoted in steps:
            env = [a for a in argv[:argv.index("nosurprises")] if "=" in a]
            args = argv[argv.index("nosurprises") + 1:]
            if "--send" in args:  # the real delivery: to the local server, in clear text
                assert env and all(e.startswith("NOSURPRISES_SMTP_") for e in env)
                args = [a if a != "smtp.pets.example" else f"127.0.0.1:{port}" for a in args]
                args += ["--smtp-security", "none", "--backoff", "0.01"]
            code = main(args)
            out = capsys.readouterr().out
            assert code == (1 if args[0] == "check" else 0), (args, out)
            if quoted is not None:
                assert quoted in out, (args, out)
    assert sorted(to for _, tos in box.received for to in tos) == \
        ["api@globex.example", "cto@acme.example", "ops@acme.example"]
    # After the delivery the entry counts from the day it was delivered, for both customers.
    assert main(["check", "examples/petstore-old.yaml", "examples/petstore-new.yaml", "--ledger",
                 "examples/notices.yaml", "--policy", "examples/nosurprises.yaml", "--on", "2027-06-01",
                 "--require-delivery", "out", "--format", "json"]) == 1
    result = json.loads(capsys.readouterr().out)
    paging = {d["entry"]: d for d in result["deliveries"]}["2026-06-pets-paging"]
    assert (paging["owed"], paging["delivered"], paging["failed"], paging["never_sent"]) == (2, 2, [], [])
    # Delivered today, not on the ledger's 2026-06-01: too late for 365 days, as the chapter says.
    mine = [v for v in result["verdicts"] if v["notice"] == "2026-06-pets-paging"]
    assert mine and {v["status"] for v in mine} == {"short"} and all(v["earliest_effective"] for v in mine)
