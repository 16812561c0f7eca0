"""`nosurprises send --webhook` against a real HTTP server on 127.0.0.1 that fails some requests."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from nosurprises.cli import main
from nosurprises.delivery.webhook import retry_after

from .delivery_servers import Hook, http_server, make_outbox

FAST = ["--backoff", "0.01", "--rate", "0"]


def _send(capsys: pytest.CaptureFixture[str], folder: Path, url: str, *extra: str) -> tuple[int, str, str]:
    code = main(["send", str(folder), "--webhook", url, *FAST, *extra])
    out, err = capsys.readouterr()
    return code, out, err


def test_retried_after_503_a_400_fails_and_a_rerun_sends_no_duplicate(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    make_outbox(tmp_path, ["c1", "c2", "c3"], message_ids=True)
    reject = {"c2"}

    def answer(n: int, body: dict[str, Any]) -> tuple[int, dict[str, str]]:
        if n == 0:
            return 503, {"Retry-After": "0"}
        if body["customer"] in reject:
            return 400, {}
        return 204, {}

    hook = Hook(answer=answer)
    monkeypatch.setenv("NOSURPRISES_WEBHOOK_TOKEN", "t0ken")
    with http_server(hook) as url:
        code, out, _ = _send(capsys, tmp_path, url, "--send")
        assert code == 1
        assert out.splitlines()[-1] == "2 sent, 0 already delivered, 1 failed, 0 unknown, 0 skipped"
        assert "failed n1/c2 (customer c2) by webhook after 1 attempt(s): HTTP 400 Bad Request" in out
        keys = [headers["Idempotency-Key"] for headers, _ in hook.requests]
        assert keys == ["n1/c1", "n1/c1", "n1/c2", "n1/c3"]  # c1 retried after the 503
        assert all(headers["Authorization"] == "Bearer t0ken" for headers, _ in hook.requests)
        first = hook.requests[1][1]
        assert first == {"key": "n1/c1", "notice": "n1", "customer": "c1", "to": ["c1@example.com"],
                         "subject": "Pets API changes for c1",
                         "text": "Dear c1,\nWe will remove POST /pets on 1 December 2027.\n", "locale": "en"}
        reject.clear()
        code, out, _ = _send(capsys, tmp_path, url, "--send")
    assert code == 0
    assert out.splitlines()[-1] == "1 sent, 2 already delivered, 0 failed, 0 unknown, 0 skipped"
    delivered = Counter(headers["Idempotency-Key"] for headers, _ in hook.requests[1:])
    assert delivered == {"n1/c1": 1, "n1/c2": 2, "n1/c3": 1}  # c2: the 400, then its one delivery
    journal = [json.loads(line) for line in (tmp_path / "deliveries.jsonl").read_text().splitlines()]
    assert {d["channel"] for d in journal} == {"webhook"}
    assert [d["state"] for d in journal if d["key"] == "n1/c1"] == ["sending", "failed", "sending", "sent"]


def test_the_slack_format_and_the_email_journal_stays_apart(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    make_outbox(tmp_path, ["c1"], message_ids=True)
    sent_by_mail = {"key": "n1/c1", "notice": "n1", "customer": "c1", "channel": "email",
                    "to": ["c1@example.com"], "state": "sent", "time": "2026-12-03T12:00:00+00:00",
                    "attempt": 1, "message_id": "<n1-c1@acme.example>", "error": None}
    (tmp_path / "deliveries.jsonl").write_text(json.dumps(sent_by_mail) + "\n")
    hook = Hook()
    with http_server(hook) as url:
        code, out, _ = _send(capsys, tmp_path, url, "--send", "--webhook-format", "slack")
    assert code == 0 and out.splitlines()[-1].startswith("1 sent")  # e-mail is another channel
    ((_, body),) = hook.requests
    assert body == {"text": "Pets API changes for c1\n\nDear c1,\nWe will remove POST /pets on "
                            "1 December 2027.\n"}


def test_a_server_that_keeps_failing_is_retried_then_failed(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    make_outbox(tmp_path, ["c1"])
    hook = Hook(answer=lambda n, body: (429, {"Retry-After": "0"}) if n % 2 else (500, {}))
    with http_server(hook) as url:
        code, out, _ = _send(capsys, tmp_path, url, "--send", "--retries", "2")
    assert code == 1 and len(hook.requests) == 3
    assert "after 3 attempt(s): HTTP 500 Internal Server Error" in out


def test_an_unreachable_webhook_is_retried_and_recorded(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    from .delivery_servers import free_port

    make_outbox(tmp_path, ["c1"])
    code, out, _ = _send(capsys, tmp_path, f"http://127.0.0.1:{free_port()}/", "--send", "--retries", "1")
    assert code == 1 and "after 2 attempt(s): cannot reach http://127.0.0.1:" in out


@pytest.mark.parametrize(("url", "problem"), [
    ("http://hooks.example.com/x", "http:// sends the notices in the clear"),
    ("ftp://127.0.0.1/x", "is not an https:// URL"),
    ("https://user:pw@hooks.example.com/x", "the URL carries credentials"),
])
def test_a_webhook_url_is_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str], url: str,
                                  problem: str) -> None:
    make_outbox(tmp_path, ["c1"])
    code, out, err = _send(capsys, tmp_path, url)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert err.startswith("nosurprises: --webhook: ") and problem in err


def test_retry_after_reads_seconds_and_dates() -> None:
    assert retry_after("3") == 3.0
    assert retry_after(None) is None and retry_after("soon") is None
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past: at once


def test_a_redirect_is_not_followed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_outbox(tmp_path, ["c1"])
    hook = Hook(answer=lambda n, body: (307, {"Location": "http://127.0.0.1:9/elsewhere"}))
    with http_server(hook) as url:
        code, out, _ = _send(capsys, tmp_path, url, "--send")
    assert code == 1 and len(hook.requests) == 1
    assert "after 1 attempt(s): HTTP 307 Temporary Redirect" in out
