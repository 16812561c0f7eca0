"""One pull-request comment holding the report: posted once, then edited in place.

`python -m nosurprises.prcomment REPORT [--key TEXT]`, run by the GitHub Action after the
comparison wrote its Markdown report. A pull request pushed to twenty times gets one comment
that always shows the latest report, not twenty: the comment carries a hidden marker
(`<!-- nosurprises:comment ID -->`), found again on the next run among the pull request's
comments, and edited only when its text changed, so an unchanged report makes no edit and no
notification.

The network is used only when the caller gives a token (`NOSURPRISES_GITHUB_TOKEN`, the
Action's `github-token` input): giving it is the permission the project's "no network unless
asked" promise waits for. A generic `GITHUB_TOKEN` in the environment is not taken as that
permission. Without the token nothing is sent anywhere; one line says so. The token is sent
only to the API's own origin (`GITHUB_API_URL`), never over plain HTTP to another machine,
never along a redirect or a pagination link to another host, and never printed.

Only the standard library (`urllib`) is used: no new dependency for one request or three.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from .errors import InputError
from .network import LOOPBACK, NoRedirect
from .untrusted import one_line

TOKEN_ENV = "NOSURPRISES_GITHUB_TOKEN"
"""Where the token is read from: a name of this tool's own, so a `GITHUB_TOKEN` exported for
other tools does not turn the network on by accident."""
API_URL = "https://api.github.com"
LIMIT = 65_536
"""GitHub's limit on a comment body, in characters."""
TIMEOUT = 30.0
"""Seconds a request may take before it is given up (connect and each read)."""
RETRY_DELAY = 2.0
"""Seconds before the one retry of a read or an edit that met a server error (5xx) or a
dropped connection. A new comment is never retried: if the first attempt did reach GitHub,
a retry would post a duplicate, and the next run posts it anyway."""
PER_PAGE = 100
MAX_PAGES = 100
"""At most 10,000 comments are searched for the marker: a bound on the requests one run makes."""
MAX_ANSWER = 32 * 1024 * 1024
"""The most bytes read from one answer (a page of 100 comments of 65,536 characters each is
at most about 26 MB as JSON with escapes)."""
MAX_REPORT = 2 * 1024 * 1024
"""The largest report read: twice GitHub's 1 MiB job summary."""
EVENTS = ("pull_request", "pull_request_target")
"""The events whose payload names the pull request (`pull_request.number`)."""

_REPOSITORY = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
_LINK = re.compile(r'<([^>]*)>\s*;\s*rel="([^"]*)"')


def comment_id(key: str, environ: Mapping[str, str]) -> str:
    """The comment's id: the workflow, the job and `key` (the Action gives its command and
    paths), hashed, so two steps on different specs, or a `diff` and a `check` of one spec,
    keep separate comments, and a name with `-->` in it cannot end the marker early."""
    parts = (environ.get("GITHUB_WORKFLOW", ""), environ.get("GITHUB_JOB", ""), key)
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]


def marker(cid: str) -> str:
    """The hidden first line that finds the comment again (Markdown does not show it)."""
    return f"<!-- nosurprises:comment {cid} -->"


def comment_body(report: str, cid: str) -> tuple[str, bool]:
    """The marker, then the report; and whether it had to be cut to fit a comment.

    The Action writes the report within a comment's budget (`--budget 63K`), so this is the
    net beneath it: a run over many specs gives each spec at least the smallest budget, and
    their sum can pass the limit. A comment GitHub refuses would show nothing, so the report
    is cut at a line break (a row of the report's tables is one line) and says so."""
    body = f"{marker(cid)}\n{report.rstrip()}\n"
    if len(body) <= LIMIT:
        return body, False
    note = (f"\n\n*The report is cut here: it has {len(report):,} characters, more than a "
            f"pull-request comment holds ({LIMIT:,}).*\n")
    return body[:body.rfind("\n", 0, LIMIT - len(note))] + note, True


def same_text(a: str, b: str) -> bool:
    """Whether two bodies read the same: GitHub may store `\\r\\n` and drop trailing space."""
    return a.replace("\r\n", "\n").rstrip() == b.replace("\r\n", "\n").rstrip()


@dataclass(frozen=True)
class PullRequest:
    repository: str
    number: int


def pull_request(environ: Mapping[str, str]) -> PullRequest | None:
    """The pull request this workflow run is for, from `GITHUB_EVENT_PATH`; None when the
    event is not one of a pull request (a push): there is nothing to comment on."""
    event = environ.get("GITHUB_EVENT_NAME", "")
    if event and event not in EVENTS:
        return None
    path = environ.get("GITHUB_EVENT_PATH", "")
    if not path:
        raise InputError("GITHUB_EVENT_PATH", "is not set: run this in a GitHub Actions workflow "
                                              "on a pull_request event")
    from .load.source import read_bytes

    raw = read_bytes(Path(path), path, MAX_ANSWER)  # bounded, every failure naming the file
    try:
        payload = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(path, f"the event file is not JSON ({exc})") from None
    pr = payload.get("pull_request") if isinstance(payload, dict) else None
    if not isinstance(pr, dict):
        if event:
            raise InputError(path, f"the {event} event has no `pull_request` object")
        return None  # no event name and no pull request: not a pull request's run
    number = pr.get("number")
    if not isinstance(number, int) or isinstance(number, bool) or number <= 0:
        raise InputError(path, "`pull_request.number` is not a positive whole number")
    repository = environ.get("GITHUB_REPOSITORY", "")
    if not _REPOSITORY.fullmatch(repository):
        raise InputError("GITHUB_REPOSITORY", f"{repository!r} is not OWNER/NAME")
    return PullRequest(repository, number)


def api_base(environ: Mapping[str, str]) -> str:
    """`GITHUB_API_URL` (GitHub Enterprise Server has its own), refused when the token would
    travel in clear text to another machine."""
    url = (environ.get("GITHUB_API_URL") or API_URL).rstrip("/")
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return url
    if parts.scheme == "http" and parts.hostname in LOOPBACK:
        return url
    raise InputError("GITHUB_API_URL", f"{url!r} is not an https:// URL (the token is not sent "
                                       "in clear text)")


@dataclass
class GitHub:
    """The few REST calls the comment needs, with the token, time limits and one retry."""

    base: str
    token: str
    timeout: float = TIMEOUT
    retry_delay: float | None = None
    """None: `RETRY_DELAY`."""

    def __post_init__(self) -> None:
        self._opener = urllib.request.build_opener(NoRedirect)  # urllib would send the token on
        self._origin = urllib.parse.urlsplit(self.base)[:2]

    def call(self, method: str, url: str, data: Any = None) -> tuple[Any, Mapping[str, str]]:
        """The decoded JSON answer and its headers; a failure is one `InputError` line."""
        if urllib.parse.urlsplit(url)[:2] != self._origin:
            raise InputError("GitHub API", f"a link points away from {self.base}: not followed")
        retries = 0 if method == "POST" else 1
        while True:
            try:
                return self._once(method, url, data)
            except _Retry as why:
                if retries == 0:
                    raise why.error from None
                retries -= 1
                time.sleep(RETRY_DELAY if self.retry_delay is None else self.retry_delay)

    def _once(self, method: str, url: str, data: Any) -> tuple[Any, Mapping[str, str]]:
        body = None if data is None else json.dumps(data).encode()
        request = urllib.request.Request(url, data=body, method=method, headers={
            "Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28",
            "User-Agent": "nosurprises", "Authorization": f"Bearer {self.token}",
            **({"Content-Type": "application/json"} if body is not None else {})})
        where = f"{method} {urllib.parse.urlsplit(url).path}"
        try:
            with self._opener.open(request, timeout=self.timeout) as answer:
                raw = answer.read(MAX_ANSWER + 1)
                headers = dict(answer.headers.items())
        except urllib.error.HTTPError as exc:
            error = InputError("GitHub API", f"{where} answered {exc.code} {exc.reason}"
                               f"{_said(exc)}{_hint(exc.code)}")
            if exc.code >= 500:
                raise _Retry(error) from None
            raise error from None
        except (urllib.error.URLError, TimeoutError, ConnectionError, http.client.HTTPException) as exc:
            reason = getattr(exc, "reason", exc)
            raise _Retry(InputError("GitHub API", f"{where}: no answer from {self.base} "
                                                  f"({reason})")) from None
        if len(raw) > MAX_ANSWER:
            raise InputError("GitHub API", f"{where}: the answer is over {MAX_ANSWER:,} bytes")
        try:
            return (json.loads(raw) if raw else None), headers
        except ValueError:
            raise InputError("GitHub API", f"{where}: the answer is not JSON") from None


class _Retry(Exception):
    """A failure worth one more try (a server error, a dropped connection)."""

    def __init__(self, error: InputError) -> None:
        super().__init__(str(error))
        self.error = error


def _said(exc: urllib.error.HTTPError) -> str:
    """GitHub's own `message`, when the error's body has one."""
    try:
        message = json.loads(exc.read(64 * 1024) or b"null")
    except (ValueError, OSError):
        return ""
    text = message.get("message") if isinstance(message, dict) else None
    return f": {text}" if isinstance(text, str) and text else ""


def _hint(code: int) -> str:
    if code == 401:
        return " (the token was refused)"
    if code in (403, 404):
        return (" (the workflow needs `permissions: pull-requests: write`; a pull request from "
                "a fork gets a read-only token)")
    return ""


def next_page(headers: Mapping[str, str]) -> str | None:
    """The `rel="next"` URL of a `Link` header, as GitHub paginates."""
    link = next((v for k, v in headers.items() if k.lower() == "link"), "")
    return next((url for url, rel in _LINK.findall(link) if rel == "next"), None)


def find_comment(api: GitHub, pr: PullRequest, mark: str) -> dict[str, Any] | None:
    """The oldest comment whose first line is `mark`, over every page of comments."""
    url: str | None = f"{api.base}/repos/{pr.repository}/issues/{pr.number}/comments?per_page={PER_PAGE}"
    for _ in range(MAX_PAGES):
        if url is None:
            return None
        page, headers = api.call("GET", url)
        if not isinstance(page, list):
            raise InputError("GitHub API", "the comments answer is not a list")
        for comment in page:
            body = comment.get("body") if isinstance(comment, dict) else None
            if isinstance(body, str) and body.split("\n", 1)[0].rstrip("\r") == mark \
                    and isinstance(comment.get("id"), int):
                return comment
        url = next_page(headers)
    return None


def upsert(api: GitHub, pr: PullRequest, body: str, mark: str) -> tuple[str, Any]:
    """Post the comment, or edit the one carrying `mark` when its text differs: what was done
    (`created`, `updated`, `unchanged`) and the comment's address."""
    found = find_comment(api, pr, mark)
    if found is None:
        made, _ = api.call("POST", f"{api.base}/repos/{pr.repository}/issues/{pr.number}/comments",
                           {"body": body})
        return "created", _address(made)
    if same_text(found["body"], body):
        return "unchanged", _address(found)
    edited, _ = api.call("PATCH", f"{api.base}/repos/{pr.repository}/issues/comments/{found['id']}",
                         {"body": body})
    return "updated", _address(edited)


def _address(comment: Any) -> Any:
    if isinstance(comment, dict):
        return comment.get("html_url") or comment.get("id")
    return None


def read_report(path: str) -> str:
    """The Markdown report (as large as a job summary may be, or a little more)."""
    try:
        with Path(path).open("rb") as file:
            raw = file.read(MAX_REPORT + 1)
        if len(raw) > MAX_REPORT:
            raise InputError(path, f"is over {MAX_REPORT:,} bytes: not a report to post as a comment")
        text = raw.decode("utf-8")
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except OSError as exc:
        raise InputError(path, f"cannot be read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise InputError(path, "is not UTF-8 text") from None
    if not text.strip():
        raise InputError(path, "is empty: there is no report to post")
    return text


def post(report_path: str, key: str, environ: Mapping[str, str]) -> str:
    """What the command does, as the line it prints; `InputError` for every failure."""
    token = environ.get(TOKEN_ENV, "")
    if not token:
        return (f"nosurprises: no token in {TOKEN_ENV} (the github-token input): the report is "
                "not posted as a pull-request comment, and nothing was sent over the network")
    pr = pull_request(environ)
    if pr is None:
        event = environ.get("GITHUB_EVENT_NAME") or "this"
        return f"nosurprises: the {event} event is not a pull request's: no comment posted"
    report = read_report(report_path)
    cid = comment_id(key, environ)
    body, cut = comment_body(report, cid)
    done, where = upsert(GitHub(api_base(environ), token), pr, body, marker(cid))
    return (f"nosurprises: comment {done} on {pr.repository}#{pr.number}" + (f": {where}" if where else "")
            + (f" (the report cut to {LIMIT:,} characters)" if cut else ""))


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"nosurprises.prcomment: {message} (see `{self.prog} --help`)\n")


def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    """0 posted, unchanged or skipped (no token, not a pull request); 2 anything that failed,
    said in one line on stderr."""
    parser = _Parser(prog="python -m nosurprises.prcomment",
                     description="Post the Markdown report as the pull request's one "
                                 "nosurprises comment, or update it (needs " + TOKEN_ENV + ").")
    parser.add_argument("report", help="the Markdown report (e.g. from --format markdown --budget 63K)")
    parser.add_argument("--key", default="",
                        help="what tells this comment apart from others of the same job "
                             "(the Action gives its command and paths)")
    args = parser.parse_args(argv)
    try:
        print(one_line(post(args.report, args.key, os.environ if environ is None else environ)))
    except InputError as exc:
        print(one_line(f"nosurprises: {exc}"), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
