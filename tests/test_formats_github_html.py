"""GitHub annotations and the HTML page: right mapping, and report text can inject nothing."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nosurprises
from nosurprises.formats.github import render_github, source_path
from nosurprises.formats.html import render_html
from nosurprises.model import Change, Level, Report, Subject
from nosurprises.templating import printable

from .conftest import FIXTURES, ROOT

COMMAND = {Level.BREAKING: "error", Level.WARNING: "warning", Level.INFO: "notice"}
_HIDDEN = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f"
                     "\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile("[\t\n\x0b\x0c\r\x1c-\x1e\x85\u2028\u2029]+")


def shown_text(text: str) -> str:
    """What the formats show of untrusted text: controls dropped, each run of breaks a space."""
    return _BREAKS.sub(" ", _HIDDEN.sub("", text))
"""What an annotation leaves out: CR and LF are escaped, other line breaks and controls dropped."""
_UNESCAPE = {"%25": "%", "%0D": "\r", "%0A": "\n", "%3A": ":", "%2C": ","}
PAGE_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "strong", "code",
             "section", "details", "summary", "table", "thead", "tbody", "tr", "th", "td", "ul", "li",
             "div", "span", "small"}
SECTIONS = {"breaking", "warning", "info", "notes", "operation"}


@pytest.fixture(scope="module")
def petstore() -> Report:
    return nosurprises.compare_openapi(ROOT / "examples/petstore-old.yaml",
                                       ROOT / "examples/petstore-new.yaml")


@pytest.fixture(scope="module")
def terms() -> Report:
    return nosurprises.compare_terms(FIXTURES / "terms/old.md", FIXTURES / "terms/new.md")


def unescape(text: str) -> str:
    return re.sub("%(?:25|0D|0A|3A|2C)", lambda m: _UNESCAPE[m[0]], text)


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """What the Actions runner reads from a line: `::name k=v,k=v::data`."""
    assert line.startswith("::")
    end = line.index("::", 2)
    name, _, props = line[2:end].partition(" ")
    properties = dict(p.split("=", 1) for p in props.split(",")) if props else {}
    return name, {k: unescape(v) for k, v in properties.items()}, unescape(line[end + 2:])


def hostile(message: str, hint: str | None = "Fix it.", location: str = "/paths/~1x",
            level: Level = Level.BREAKING) -> Change:
    return Change(rule="api.operation.removed", level=level, subject=Subject.API,
                  operation="GET /x", location=location, message=message, hint=hint)


class Tags(HTMLParser):
    """Every start tag, its attributes, and the rows of each table body."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.rows = 0
        self.in_body = False
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs
        self.in_body = self.in_body or tag == "tbody"
        self.rows += tag == "tr" and self.in_body

    def handle_endtag(self, tag: str) -> None:
        self.in_body = self.in_body and tag != "tbody"

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_html(page: str) -> Tags:
    parser = Tags()
    parser.feed(page)
    parser.close()
    return parser


# --- GitHub ---------------------------------------------------------------------------------------


def test_github_one_line_per_change_and_a_summary(petstore: Report) -> None:
    out = render_github(petstore, detail="operations")
    lines = out.split("\n")
    assert out.endswith("\n") and lines.pop() == ""
    assert len(lines) == len(petstore.changes) + 1 == 16
    assert all(line.startswith("::") for line in lines)
    assert lines[0] == "::notice title=nosurprises::8 breaking, 0 warning, 7 info"


def test_github_levels_map_to_commands(petstore: Report, terms: Report) -> None:
    for report in (petstore, terms):
        lines = render_github(report, detail="operations").splitlines()[1:]  # the summary first
        for change, line in zip(report.changes, lines, strict=False):
            name, props, message = parse_command(line)
            assert name == COMMAND[change.level]
            assert props == {"title": change.rule}
            assert message.startswith(change.message)
            assert message.endswith(f" (at {change.location})")
            assert ("What to do: " in message) == (change.level is not Level.INFO)


def test_github_warning_level_and_notes() -> None:
    report = Report.from_changes([hostile("Deprecated.", level=Level.WARNING)], warnings=["remote $ref"])
    lines = render_github(report).splitlines()
    assert lines[0] == "::notice title=nosurprises::0 breaking, 1 warning, 0 info"
    assert lines[1].startswith("::warning title=api.operation.removed::Deprecated. What to do: Fix it.")
    assert lines[2] == "::warning title=nosurprises::note: remote $ref"


def test_github_no_changes() -> None:
    assert render_github(Report()) == "::notice title=nosurprises::No changes found.\n"


def test_github_file_from_source(petstore: Report) -> None:
    out = render_github(petstore, "git:origin/main:openapi.yaml").splitlines()[1]  # after the summary
    assert out.startswith("::error file=openapi.yaml,title=api.parameter.became-required::")
    assert source_path("git:v1.2:api/spec,v2.yaml") == "api/spec,v2.yaml"
    assert source_path("specs/openapi.yaml") == "specs/openapi.yaml"
    line = render_github(petstore, "dir:a,b/openapi.yaml").splitlines()[1]
    assert line.startswith("::error file=dir%3Aa%2Cb/openapi.yaml,title=")
    assert parse_command(line)[1]["file"] == "dir:a,b/openapi.yaml"


def test_github_hostile_text_cannot_inject(petstore: Report) -> None:
    evil = hostile("100% gone\n::error::pwned\r\n::add-mask::x\x00\x1b[31m\u2028::notice::y",
                   hint="Run `rm`\n::stop-commands::tok", location="/a,b:c::d%0A")
    report = Report.from_changes([*petstore.changes, evil])
    out = render_github(report, "git:main:open,api:x.yaml", detail="operations")
    lines = out.splitlines()
    assert out.split("\n")[:-1] == lines  # no other line break either
    assert len([line for line in lines if line.startswith("::")]) == len(report.changes) + 1 == len(lines)
    line = next(line for line in lines if "pwned" in line)
    name, props, message = parse_command(line)
    assert (name, props) == ("error", {"file": "open,api:x.yaml", "title": "api.operation.removed"})
    assert message == ("100% gone ::error::pwned ::add-mask::x[31m ::notice::y What to do: "
                       "Run `rm` ::stop-commands::tok (at /a,b:c::d%0A)")  # line breaks made spaces


def test_github_deterministic(terms: Report) -> None:
    assert render_github(terms, "tos.md") == render_github(terms, "tos.md")


# --- HTML -----------------------------------------------------------------------------------------


def test_html_page_shape(petstore: Report) -> None:
    page = render_html(petstore, "openapi.yaml", detail="operations")
    assert page.startswith("<!doctype html>") and page.endswith("</html>\n")
    assert '<meta charset="utf-8">' in page
    assert "<title>nosurprises report: openapi.yaml</title>" in page
    parsed = parse_html(page)
    assert set(parsed.tags) <= PAGE_TAGS
    assert "script" not in parsed.tags and "link" not in parsed.tags and "img" not in parsed.tags
    assert parsed.rows == len(petstore.changes)
    sections = [value for name, value in parsed.attrs if name == "class" and value in SECTIONS]
    places = {c.operation or c.item or "" for c in petstore.changes}
    assert sections == ["operation"] * len(places)  # by operation, as oasdiff's changelog
    assert parsed.tags.count("details") == 0
    assert "8 breaking" in page
    sections = [value for name, value in parse_html(render_html(petstore)).attrs
                if name == "class" and value in SECTIONS]
    assert sections == ["breaking", "info"]  # the default: by level, info folded


def test_html_sections_follow_levels_present(terms: Report) -> None:
    report = Report.from_changes([*terms.changes, hostile("Soon gone.", level=Level.WARNING)],
                                 warnings=["a note"])
    parsed = parse_html(render_html(report))
    assert [v for k, v in parsed.attrs if k == "class" and v in SECTIONS] == [
        "breaking", "warning", "info", "notes"]
    assert parsed.rows == len(report.changes) == 6
    assert parsed.tags.count("li") == 1 and "a note" in parsed.text
    empty = parse_html(render_html(Report()))
    assert "section" not in empty.tags and "No changes found." in empty.text


def test_html_hostile_text_is_escaped(petstore: Report) -> None:
    evil = hostile('<script>alert(1)</script> <a href="javascript:alert(2)">x</a> `<b>`',
                   hint="<img src=x onerror=alert(3)>", location='/"><script>')
    report = Report.from_changes([*petstore.changes, evil], warnings=["<script>note</script>"])
    page = render_html(report, "<script>src</script>", detail="operations")
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    parsed = parse_html(page)
    assert set(parsed.tags) <= PAGE_TAGS
    assert not any("javascript" in (value or "") or name in ("href", "src", "onerror")
                   for name, value in parsed.attrs)
    assert parsed.rows == len(report.changes)
    assert "<b>" in parsed.text  # the code span, shown as text
    assert "<img src=x onerror=alert(3)>" in parsed.text


def test_html_deterministic(terms: Report) -> None:
    assert render_html(terms, "tos.md") == render_html(terms, "tos.md")


# --- properties -----------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(message=st.text(), hint=st.none() | st.text(), location=st.text(),
       level=st.sampled_from(list(Level)), source=st.none() | st.text(min_size=1))
def test_arbitrary_text_stays_data(message: str, hint: str | None, location: str, level: Level,
                                   source: str | None) -> None:
    report = Report.from_changes([hostile(message, hint, location, level),
                                  hostile("plain", None, "/p", Level.INFO)])
    lines = render_github(report, source).splitlines()
    assert len(lines) == len(report.changes) + 1
    assert all(line.startswith("::") for line in lines)
    for change, line in zip(report.changes, lines[1:], strict=False):  # the summary first
        name, props, text = parse_command(line)
        where = {"file": shown_text(source_path(source))} if source else {}
        assert name == COMMAND[change.level]
        assert props == {**where, "title": change.rule}
        hint_shown = shown_text(change.hint or "")
        what = f" What to do: {hint_shown}" if hint_shown and change.level is not Level.INFO else ""
        assert text == shown_text(f"{change.message}{what} (at {change.location})")

    parsed = parse_html(render_html(report, source))
    assert set(parsed.tags) <= PAGE_TAGS
    assert parsed.rows == len(report.changes)
    assert printable(location) in "".join(parsed.text)


def test_check_annotations_fail_what_may_not_ship(capsys: pytest.CaptureFixture[str],
                                                   tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from nosurprises.cli import main

    root = Path(__file__).resolve().parent.parent / "examples"
    monkeypatch.chdir(tmp_path)  # the default pack, no ledger
    old, new = str(root / "petstore-old.yaml"), str(root / "petstore-new.yaml")
    assert main(["check", old, new, "--on", "2026-12-01", "-f", "github", "--detail", "operations"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert all(line.startswith("::") for line in lines)
    assert lines[0] == "::error title=nosurprises check::On 2026-12-01: 8 change(s) may not ship yet."
    errors = [line for line in lines[1:] if line.startswith("::error ")]
    assert len(errors) == 8 and all("title=unannounced%3A api." in line for line in errors)
    assert main(["check", old, new, "--ledger", str(root / "notices.yaml"), "--on", "2027-06-01",
                 "-f", "github"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "::notice title=nosurprises check::On 2027-06-01: every change may ship."
    assert not [line for line in lines if line.startswith("::error")]
