"""A local stand-in for the GitHub REST endpoints a pull-request comment uses.

A real HTTP server on 127.0.0.1 (a thread of the test process): it keeps comments, pages
them two at a time with `Link: rel="next"` as GitHub does (so two or three comments already
need a second page), records every request, and answers with an error when told to.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

REPO = "acme/pets"
PR = 7
PAGE = 2
TOKEN = "ghs_secret-token-value"


@dataclass
class Seen:
    method: str
    path: str
    authorization: str | None
    body: Any


@dataclass
class FakeGitHub:
    url: str = ""
    comments: list[dict[str, Any]] = field(default_factory=list)
    requests: list[Seen] = field(default_factory=list)
    failures: list[tuple[str, int, str]] = field(default_factory=list)
    """(method, status, message): the next request of that method gets this answer, once."""
    next_link: str | None = None
    """A `rel="next"` link to give instead of the real one (a link to another host)."""

    def add(self, body: str, user: str = "someone") -> dict[str, Any]:
        number = 1000 + len(self.comments)
        comment = {"id": number, "body": body, "user": {"login": user},
                   "html_url": f"https://github.com/{REPO}/pull/{PR}#issuecomment-{number}"}
        self.comments.append(comment)
        return comment

    def writes(self) -> list[Seen]:
        return [r for r in self.requests if r.method != "GET"]


def _handler(fake: FakeGitHub) -> type[BaseHTTPRequestHandler]:
    listing = re.compile(rf"/repos/{REPO}/issues/{PR}/comments")
    one = re.compile(rf"/repos/{REPO}/issues/comments/(\d+)")

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # quiet
            pass

        def _answer(self, status: int, data: Any, headers: dict[str, str] | None = None) -> None:
            raw = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(raw)

        def _record(self) -> Any:
            size = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(size)) if size else None
            fake.requests.append(Seen(self.command, self.path, self.headers.get("Authorization"), body))
            for i, (method, status, message) in enumerate(fake.failures):
                if method == self.command:
                    del fake.failures[i]
                    moved = {"Location": f"http://127.0.0.2:9{self.path}"} if 300 <= status < 400 else {}
                    self._answer(status, {"message": message}, moved)
                    return None
            return body if body is not None else {}

        def do_GET(self) -> None:
            if self._record() is None:
                return
            parts = urlsplit(self.path)
            if not listing.fullmatch(parts.path):
                self._answer(404, {"message": "Not Found"})
                return
            page = int(parse_qs(parts.query).get("page", ["1"])[0])
            chunk = fake.comments[(page - 1) * PAGE:page * PAGE]
            headers = {}
            if page * PAGE < len(fake.comments):
                following = fake.next_link or f"{fake.url}{parts.path}?per_page=100&page={page + 1}"
                headers["Link"] = f'<{following}>; rel="next", <{fake.url}{parts.path}?page=99>; rel="last"'
            self._answer(200, chunk, headers)

        def do_POST(self) -> None:
            body = self._record()
            if body is None:
                return
            if not listing.fullmatch(urlsplit(self.path).path):
                self._answer(404, {"message": "Not Found"})
                return
            self._answer(201, fake.add(body["body"], user="github-actions[bot]"))

        def do_PATCH(self) -> None:
            body = self._record()
            if body is None:
                return
            found = one.fullmatch(urlsplit(self.path).path)
            comment = next((c for c in fake.comments if found and c["id"] == int(found[1])), None)
            if comment is None:
                self._answer(404, {"message": "Not Found"})
                return
            comment["body"] = body["body"]
            self._answer(200, comment)

    return Handler


@contextmanager
def serving() -> Iterator[FakeGitHub]:
    fake = FakeGitHub()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def event_file(folder: Any, number: int = PR) -> str:
    path = folder / "event.json"
    path.write_text(json.dumps({"action": "synchronize", "number": number,
                                "pull_request": {"number": number}}), encoding="utf-8")
    return str(path)


def environment(fake: FakeGitHub, folder: Any, token: str = TOKEN) -> dict[str, str]:
    """What a pull-request workflow run gives a step, pointed at the fake."""
    return {"GITHUB_API_URL": fake.url, "GITHUB_REPOSITORY": REPO, "GITHUB_EVENT_NAME": "pull_request",
            "GITHUB_EVENT_PATH": event_file(folder), "GITHUB_WORKFLOW": "api", "GITHUB_JOB": "diff",
            "NOSURPRISES_GITHUB_TOKEN": token, "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"}
