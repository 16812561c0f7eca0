"""The pull-request comment (`python -m nosurprises.prcomment`) against a local fake GitHub:
one comment per marker, created once and edited in place, never a duplicate; no token, no
request at all; every failure one line, the token never shown."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from nosurprises import prcomment

from .fake_github import PR, REPO, TOKEN, FakeGitHub, environment, serving


@pytest.fixture
def fake() -> FakeGitHub:
    with serving() as server:
        yield server


@pytest.fixture(autouse=True)
def _no_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prcomment, "RETRY_DELAY", 0.0)


def _report(folder: Path, text: str = "## API changes\n\n1 breaking\n") -> str:
    path = folder / "report.md"
    path.write_text(text, encoding="utf-8")
    return str(path)


def _post(capsys: pytest.CaptureFixture[str], env: dict[str, str], report: str,
          *args: str) -> tuple[int, str, str]:
    code = prcomment.main([report, *args], env)
    out, err = capsys.readouterr()
    assert TOKEN not in out + err
    return code, out, err


def _ours(fake: FakeGitHub, key: str = "diff openapi.yaml") -> list[dict]:
    mark = prcomment.marker(prcomment.comment_id(key, {"GITHUB_WORKFLOW": "api", "GITHUB_JOB": "diff"}))
    return [c for c in fake.comments if c["body"].startswith(mark + "\n")]


def test_posted_once_left_alone_when_unchanged_then_edited_in_place(
        fake: FakeGitHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = fake.add("<!-- nosurprises:comment 0123456789abcdef -->\nanother step's report")
    fake.add("LGTM")
    fake.add("quoting: <!-- nosurprises:comment x -->")
    env, report = environment(fake, tmp_path), _report(tmp_path)

    code, out, err = _post(capsys, env, report, "--key", "diff openapi.yaml")
    assert (code, err) == (0, "")
    assert out.startswith(f"nosurprises: comment created on {REPO}#{PR}: https://github.com/")
    [posted] = [r for r in fake.requests if r.method == "POST"]
    assert posted.path == f"/repos/{REPO}/issues/{PR}/comments"
    assert posted.authorization == f"Bearer {TOKEN}"
    assert [r.path for r in fake.requests if r.method == "GET"] == [  # three comments: two pages
        f"/repos/{REPO}/issues/{PR}/comments?per_page=100",
        f"/repos/{REPO}/issues/{PR}/comments?per_page=100&page=2"]
    [mine] = _ours(fake)
    assert mine["body"].endswith("## API changes\n\n1 breaking\n")

    fake.requests.clear()
    code, out, _ = _post(capsys, env, report, "--key", "diff openapi.yaml")
    assert code == 0 and "comment unchanged" in out
    assert fake.writes() == []  # found on the second page, same text: nothing written

    report = _report(tmp_path, "## API changes\n\n2 breaking\n")
    code, out, _ = _post(capsys, env, report, "--key", "diff openapi.yaml")
    assert code == 0 and "comment updated" in out
    [edit] = fake.writes()
    assert (edit.method, edit.path) == ("PATCH", f"/repos/{REPO}/issues/comments/{mine['id']}")
    [mine] = _ours(fake)
    assert mine["body"].endswith("2 breaking\n") and len(fake.comments) == 4
    assert other["body"] == "<!-- nosurprises:comment 0123456789abcdef -->\nanother step's report"


def test_another_key_is_another_comment(fake: FakeGitHub, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    env, report = environment(fake, tmp_path), _report(tmp_path)
    for key in ("diff apis/a.yaml", "diff apis/b.yaml", "diff apis/a.yaml"):
        assert _post(capsys, env, report, "--key", key)[0] == 0
    assert [r.method for r in fake.writes()] == ["POST", "POST"]
    assert len(_ours(fake, "diff apis/a.yaml")) == len(_ours(fake, "diff apis/b.yaml")) == 1


def test_the_id_is_the_workflow_the_job_and_the_key() -> None:
    base = {"GITHUB_WORKFLOW": "api", "GITHUB_JOB": "diff"}
    ids = {prcomment.comment_id("diff a.yaml", base), prcomment.comment_id("check a.yaml", base),
           prcomment.comment_id("diff a.yaml", {**base, "GITHUB_JOB": "other"}),
           prcomment.comment_id("diff a.yaml", {**base, "GITHUB_WORKFLOW": "w2"})}
    assert len(ids) == 4 and all(len(i) == 16 and i.isalnum() for i in ids)
    assert prcomment.marker(prcomment.comment_id("a --> b", base)).count("-->") == 1


def test_no_token_sends_nothing(fake: FakeGitHub, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    env = environment(fake, tmp_path, token="")
    code, out, err = _post(capsys, env, str(tmp_path / "missing.md"))
    assert (code, err) == (0, "")
    assert out.count("\n") == 1 and "nothing was sent over the network" in out
    assert fake.requests == []


def test_not_a_pull_request_event_sends_nothing(fake: FakeGitHub, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    env = {**environment(fake, tmp_path), "GITHUB_EVENT_NAME": "push"}
    code, out, _ = _post(capsys, env, _report(tmp_path))
    assert code == 0 and out == "nosurprises: the push event is not a pull request's: no comment posted\n"
    assert fake.requests == []


def test_a_server_error_is_tried_once_more(fake: FakeGitHub, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    fake.failures.append(("GET", 500, "boom"))
    code, out, _ = _post(capsys, environment(fake, tmp_path), _report(tmp_path))
    assert code == 0 and "comment created" in out
    assert [r.method for r in fake.requests] == ["GET", "GET", "POST"]


def test_a_failed_post_is_not_retried(fake: FakeGitHub, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    """A retried POST could be a second comment, if the first did reach GitHub."""
    fake.failures.append(("POST", 502, "Bad Gateway"))
    code, out, err = _post(capsys, environment(fake, tmp_path), _report(tmp_path))
    assert code == 2 and out == ""
    assert err == (f"nosurprises: GitHub API: POST /repos/{REPO}/issues/{PR}/comments answered 502 "
                   "Bad Gateway: Bad Gateway\n")
    assert [r.method for r in fake.requests] == ["GET", "POST"] and fake.comments == []


def test_forbidden_says_which_permission(fake: FakeGitHub, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    fake.add(f"{prcomment.marker(prcomment.comment_id('', {'GITHUB_WORKFLOW': 'api', 'GITHUB_JOB': 'diff'}))}"
             "\nold report")
    fake.failures.append(("PATCH", 403, "Resource not accessible by integration"))
    code, _, err = _post(capsys, environment(fake, tmp_path), _report(tmp_path))
    assert code == 2 and err.count("\n") == 1
    assert "PATCH /repos/acme/pets/issues/comments/1000 answered 403 Forbidden: Resource not " \
           "accessible by integration (the workflow needs `permissions: pull-requests: write`" in err
    assert [r.method for r in fake.requests] == ["GET", "PATCH"]  # a 4xx is not retried


def test_no_answer_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with serving() as gone:
        env = environment(gone, tmp_path)
    code, _, err = _post(capsys, env, _report(tmp_path))
    assert code == 2 and err.startswith("nosurprises: GitHub API: GET /repos/acme/pets/issues/7/comments: "
                                        "no answer from http://127.0.0.1:")


def test_a_link_to_another_host_is_not_followed(fake: FakeGitHub, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    for text in ("a", "b", "c"):
        fake.add(text)
    fake.next_link = "http://127.0.0.2:9/steal?page=2"
    code, _, err = _post(capsys, environment(fake, tmp_path), _report(tmp_path))
    assert code == 2 and "a link points away from http://127.0.0.1:" in err
    assert len(fake.requests) == 1 and fake.writes() == []


@pytest.mark.parametrize(("change", "problem"), [
    ({"GITHUB_API_URL": "http://api.example.com"}, "GITHUB_API_URL: 'http://api.example.com' is not an "
                                                   "https:// URL (the token is not sent in clear text)"),
    ({"GITHUB_REPOSITORY": "no-slash"}, "GITHUB_REPOSITORY: 'no-slash' is not OWNER/NAME"),
    ({"GITHUB_EVENT_PATH": ""}, "GITHUB_EVENT_PATH: is not set: run this in a GitHub Actions workflow on a "
                                "pull_request event"),
])
def test_bad_settings_are_one_line(fake: FakeGitHub, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                   change: dict[str, str], problem: str) -> None:
    code, _, err = _post(capsys, {**environment(fake, tmp_path), **change}, _report(tmp_path))
    assert (code, err) == (2, f"nosurprises: {problem}\n")
    assert fake.requests == []


@pytest.mark.parametrize(("event", "problem"), [
    (b"{not json", "the event file is not JSON"),
    (json.dumps({"action": "opened"}).encode(), "the pull_request event has no `pull_request` object"),
    (json.dumps({"pull_request": {"number": "7"}}).encode(), "`pull_request.number` is not a positive whole "
                                                             "number"),
    (b"\xff\xfe", "the event file is not JSON"),
])
def test_a_bad_event_file_is_one_line(fake: FakeGitHub, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      event: bytes, problem: str) -> None:
    env = environment(fake, tmp_path)
    Path(env["GITHUB_EVENT_PATH"]).write_bytes(event)
    code, _, err = _post(capsys, env, _report(tmp_path))
    assert code == 2 and err.startswith(f"nosurprises: {env['GITHUB_EVENT_PATH']}: {problem}")
    assert err.count("\n") == 1 and fake.requests == []


def test_an_event_file_past_the_limit_is_refused_unread(fake: FakeGitHub, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prcomment, "MAX_ANSWER", 64)
    env = environment(fake, tmp_path)
    event = {"pull_request": {"number": 7}, "pad": "x" * 64}
    Path(env["GITHUB_EVENT_PATH"]).write_bytes(json.dumps(event).encode())
    code, _, err = _post(capsys, env, _report(tmp_path))
    assert code == 2 and err.startswith(f"nosurprises: {env['GITHUB_EVENT_PATH']}: is ")
    assert "over the limit of 64 bytes" in err and fake.requests == []


@pytest.mark.parametrize(("content", "problem"), [
    (None, "no such file"),
    (b"  \n", "is empty: there is no report to post"),
    (b"\xff bad", "is not UTF-8 text"),
    (b"x" * (2 * 1024 * 1024 + 1), "is over 2,097,152 bytes: not a report to post as a comment"),
])
def test_a_bad_report_is_one_line(fake: FakeGitHub, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                  content: bytes | None, problem: str) -> None:
    report = tmp_path / "report.md"
    if content is not None:
        report.write_bytes(content)
    code, _, err = _post(capsys, environment(fake, tmp_path), str(report))
    assert (code, err) == (2, f"nosurprises: {report}: {problem}\n")
    assert fake.requests == []


def test_usage_errors_are_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        prcomment.main(["a.md", "--bogus"], {})
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unrecognized arguments: --bogus" in err


def test_runs_as_a_module(fake: FakeGitHub, tmp_path: Path) -> None:
    env = environment(fake, tmp_path)
    done = subprocess.run([sys.executable, "-m", "nosurprises.prcomment", _report(tmp_path)],
                          env={**env, "PATH": ""}, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "comment created" in done.stdout, done.stderr


def test_a_report_too_long_for_a_comment_is_cut_at_a_line(fake: FakeGitHub, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """Many specs each keep the smallest budget, so their sum can pass a comment's limit."""
    rows = "".join(f"| `GET /items{i}` | removed |\n" for i in range(4000))
    report = _report(tmp_path, "## API changes\n\n| operation | change |\n|---|---|\n" + rows)
    code, out, _ = _post(capsys, environment(fake, tmp_path), report)
    assert code == 0 and out.endswith("(the report cut to 65,536 characters)\n")
    [posted] = fake.comments
    body = posted["body"]
    assert len(body) <= prcomment.LIMIT and body.startswith("<!-- nosurprises:comment ")
    kept, note = body.split("\n\n*The report is cut here: it has ", 1)
    assert note.endswith("characters, more than a pull-request comment holds (65,536).*\n")
    assert kept.endswith(" | removed |") and kept.splitlines()[-1].startswith("| `GET /items")
    assert len(body) > prcomment.LIMIT - 200  # cut at the last line that fits, not earlier


def test_a_redirect_is_not_followed(fake: FakeGitHub, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    """urllib would send the token on to wherever a redirect points (a renamed repository's
    API answers 301): it is an error instead."""
    fake.failures.append(("GET", 301, "Moved Permanently"))
    code, _, err = _post(capsys, environment(fake, tmp_path), _report(tmp_path))
    assert code == 2 and f"GET /repos/{REPO}/issues/{PR}/comments answered 301 Moved Permanently" in err
    assert len(fake.requests) == 1
