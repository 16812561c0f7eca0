"""Output injection: text from the compared documents cannot start a line, hide text or add markup.

Names, descriptions, terms passages and ledger summaries come from files anyone may edit in a
pull request. Whatever they hold, every format and every notice channel shows them as one line
of printable characters: GitHub Actions runs each output line starting with `::` as a workflow
command, Markdown opens headings, lists and HTML blocks at a line start, escape sequences
rewrite a terminal. The strongest check is structural: the output for hostile text has as many
lines as the output for the same documents with plain words in their place.
"""

from __future__ import annotations

import datetime as dt
import email
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nosurprises.cli import main
from nosurprises.errors import InputError
from nosurprises.formats import FORMATS
from nosurprises.formats.check import check_github, check_markdown, check_text, gate_report
from nosurprises.formats.check_pages import check_html, check_junit
from nosurprises.model import Report
from nosurprises.notices import from_entry
from nosurprises.notices.channels import CHANNELS
from nosurprises.notices.channels import render as render_channel
from nosurprises.openapi import compare_openapi
from nosurprises.policy import check
from nosurprises.policy.ledger import Entry, Ledger
from nosurprises.policy.load import load_pack
from nosurprises.policy.model import Policy
from nosurprises.terms import compare_terms
from nosurprises.terms.redline import redline
from nosurprises.untrusted import one_line

TODAY = dt.date(2026, 12, 1)
FRAGMENTS = ["\n::error title=x::forged", "\r::add-mask::secret", "\r\n::stop-commands::tok",
             "\x1b]0;title\x07", "\x1b[2J\x1b[31m", "\x00", "\x07", "\u2028::warning::y", "\x85",
             "\n# Heading", "\r- item", "\n<script>alert(1)</script>", "<SCRIPT src=x>", "\n\n",
             "\u202eevil", "\x0b\x0c", "`code`", "|cell|", "::notice::z", "&amp;", "\t"]
hostile_text = st.lists(st.one_of(st.text(max_size=8), st.sampled_from(FRAGMENTS)),
                        min_size=1, max_size=5).map("".join)
SAFE = "plain words"
LINE_BREAK = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
HIDDEN = re.compile("[\x00-\x08\x0e-\x1b\x7f\x1f]|\r(?!\n)")


def _spec(path: str, summary: str, description: str, title: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """An old and a new document: the hostile path removed, a description changed."""
    ok = {"200": {"description": "ok"}}

    def keep(text: str) -> dict[str, Any]:
        return {"get": {"summary": summary, "description": text, "responses": ok},
                "delete": {"deprecated": True, "responses": ok}}

    old = {"openapi": "3.0.3", "info": {"title": title, "version": "1"}, "paths": {
        f"/a{path}": {"get": {"summary": summary, "description": description, "responses": ok}},
        "/keep": keep(description)}}
    new = {"openapi": "3.0.3", "info": {"title": title, "version": "2"},
           "paths": {"/keep": {"get": keep(description + " now")["get"]}}}
    return old, new


def _report(path: str, summary: str, description: str, title: str) -> Report:
    return compare_openapi(*_spec(path.replace("{", "(").replace("}", ")"), summary, description, title),
                           today=TODAY)


def _check_invariants(name: str, out: str, *, commands: bool = False, html: bool = False,
                      markdown: bool = False) -> None:
    """What no output may hold, whatever the documents say."""
    assert not HIDDEN.search(out.replace("\r\n", "\n")), f"{name}: control character"
    assert "\r" not in out or name.startswith(("email", "notice-calendar")), f"{name}: CR"  # CRLF files
    lines = out.split("\n")
    if commands:  # every line is a command the formatter wrote, of the three kinds it writes
        assert all(re.match(r"::(error|warning|notice) ", line) for line in lines if line), name
    else:  # the e-mail and the calendar too: they put names at a line start and fold long lines
        assert not any(line.lstrip(" \t\ufeff").startswith("::") for line in lines), f"{name}: `::` line"
    if html:
        assert "<script" not in out.lower(), f"{name}: markup from the document"
    if markdown:  # `<` from a document is escaped, or inside a code span (shown literally)
        prose = re.sub(r"`[^`\n]*`", "", out)
        assert not re.search(r"(?<!\\)<script", prose, re.IGNORECASE), f"{name}: raw <script"


def _outputs(report: Report, notice_summary: str, product: str) -> dict[str, str]:
    """Every format of `diff` and `check`, and every notice channel, for `report`."""
    outs = {f"diff-{fmt}": render(report, "new.yaml") for fmt, render in FORMATS.items() if fmt != "json"}
    pack = load_pack("default")
    entry = Entry(id="2026-12-01-pets", summary=notice_summary, announced=TODAY,
                  effective=TODAY + dt.timedelta(days=400), channels=["email"], covers={})
    result = check(report, Policy(), pack.rules, Ledger(notices=[entry]), TODAY)
    outs |= {"check-text": check_text(result), "check-markdown": check_markdown(result),
             "check-github": check_github(result, "new.yaml")}
    outs |= {"check-sarif": FORMATS["sarif"](gate_report(result), "new.yaml"),
             "check-junit": check_junit(result, "new.yaml", "old.yaml"),
             "check-html": check_html(result, "new.yaml", "old.yaml")}  # what `check -f junit|html` writes
    try:
        notice = from_entry(report, entry, product=product, contact=notice_summary)
    except InputError:  # an entry covering none of the changes (no change at all): nothing to tell
        return outs
    for channel in CHANNELS:
        if channel != "json":
            outs[f"notice-{channel}"] = render_channel(notice, channel)[1]
    message = email.message_from_string(outs.pop("notice-email"))
    for part in message.walk():
        if not part.is_multipart():
            outs[f"email-{part.get_content_subtype()}"] = part.get_payload(decode=True).decode()
    outs["email-subject"] = str(message["Subject"])
    return outs


def _kind(name: str) -> dict[str, bool]:
    return {"commands": name in ("diff-github", "check-github"),
            "html": name.endswith(("html", "feed")),
            "markdown": name.endswith(("markdown", "changelog"))}


def _line_counts(outs: dict[str, str]) -> dict[str, int]:
    """Lines of each output; iCalendar's folding of long lines (RFC 5545, 3.1) undone first."""
    return {name: re.sub("\r\n[ \t]", "", out).count("\n") for name, out in outs.items()
            if not name.startswith("email")}  # decoded parts: quoted-printable keeps no line shape


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=hostile_text, summary=hostile_text, description=hostile_text, ledger=hostile_text,
       title=hostile_text)
def test_hostile_spec_and_ledger_text_cannot_reach_outside_its_value(
        path: str, summary: str, description: str, ledger: str, title: str) -> None:
    try:
        report = _report(path, summary, description, title)
    except InputError:
        return  # refused with one clear line: nothing rendered
    plain = _report(SAFE.replace(" ", "-"), SAFE, SAFE, SAFE)
    if not one_line(ledger).strip():
        ledger = f"{ledger}x"  # the ledger asks for a summary
    outs = _outputs(report, ledger, one_line(title).strip() or "Pets")
    for name, out in outs.items():
        _check_invariants(name, out, **_kind(name))
    if [c.rule for c in report.changes] == [c.rule for c in plain.changes]:
        # Same findings: the same lines, whatever the text in them.
        assert _line_counts(outs) == _line_counts(_outputs(plain, SAFE, SAFE))


@settings(max_examples=15, deadline=None)
@given(title=hostile_text, before=hostile_text, after=hostile_text)
def test_hostile_terms_text_stays_inside_its_value(title: str, before: str, after: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        old, new = Path(tmp, "old.md"), Path(tmp, "new.md")
        heading = one_line(title).strip().lstrip("#") or "Terms"
        old.write_text(f"# {heading}\n\nYou own your content. {one_line(before)}\n", encoding="utf-8")
        new.write_text(f"# {heading}\n\nWe may use your content. {one_line(after)}\n", encoding="utf-8")
        report = compare_terms(str(old), str(new))
        for fmt, render in FORMATS.items():
            if fmt != "json":
                out = render(report, str(new))
                _check_invariants(fmt, out, **_kind(f"diff-{fmt}"))
        for fmt in ("markdown", "html"):
            _check_invariants(f"redline-{fmt}", redline(str(old), str(new), fmt=fmt),  # type: ignore[arg-type]
                              html=fmt == "html", markdown=fmt == "markdown")


@pytest.mark.parametrize("fmt", ["text", "markdown", "github", "sarif", "junit", "html"])
def test_a_path_that_forges_workflow_commands_is_one_line(fmt: str, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """The issue's case, through the command line: a path name carrying `::` commands."""
    old, new = _spec("\n::add-mask::hunter2\r::error file=x::forged\x1b]0;pwned\x07", "s\r\n# h",
                     "<script>alert(1)</script>\n- x", "API\n::warning::t")
    import yaml

    (tmp_path / "old.yaml").write_text(yaml.safe_dump(old), encoding="utf-8")
    (tmp_path / "new.yaml").write_text(yaml.safe_dump(new), encoding="utf-8")
    code = main(["diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), "-f", fmt,
                 "--date", "2026-12-01"])
    out = capsys.readouterr().out
    assert code == 0
    assert "add-mask" in out  # shown, as text
    _check_invariants(fmt, out, **_kind(f"diff-{fmt}"))


def test_markdown_line_start_colons_are_escaped() -> None:
    from nosurprises.templating import md_escape

    assert md_escape("::error::x") == "\\::error::x"
    assert md_escape("a\r# b") == "a \\# b"


@given(text=st.text())
def test_one_line_leaves_no_break_and_no_control(text: str) -> None:
    out = one_line(text)
    assert not LINE_BREAK.search(out) and not HIDDEN.search(out) and "\t" not in out
    assert one_line(out) == out
    assert [w for w in re.split(r"\s+", out) if w] == [  # only breaks became spaces, words kept
        w for w in re.split(r"\s+", re.sub("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\u202a-\u202e"
                                           "\u2066-\u2069\ud800-\udfff\ufffe\uffff]", "", text)) if w]


@pytest.mark.parametrize("ledger", ["\x00\n::error title=x::forged", " ::warning::t", "\t- item", "   # h"])
def test_a_summary_after_a_line_break_or_indent_opens_no_markup(ledger: str) -> None:
    """Found by the property on the lowest-versions CI run: a break made a space, then `::`."""
    outs = _outputs(_report("", "", "", ""), ledger, "Pets")
    for line in outs["notice-changelog"].splitlines():
        assert not line.lstrip(" \t\ufeff").startswith(("::", "- item", "# h")), line


@pytest.mark.parametrize("channel", ["email", "calendar"])
def test_no_line_of_the_email_or_calendar_starts_a_workflow_command(channel: str) -> None:
    """A summary or product name starting with `::`, or a `::` landing where a long line is
    folded (iCalendar at 75 octets, quoted-printable at 76, folded headers), at every offset."""
    report = _report("/p", "s", "d", "t")
    found = []
    for pad in range(0, 90, 3):
        text = "w" * pad + "::add-mask::secret ::error::forged"
        entry = Entry(id="2026-12-01-pets", summary=text, announced=TODAY,
                      effective=TODAY + dt.timedelta(days=400), channels=["email"], covers={})
        notice = from_entry(report, entry, product="::warning::" + "p" * pad, contact=text)
        out = render_channel(notice, channel)[1]
        found += [line for line in out.splitlines() if line.lstrip(" \t\ufeff").startswith("::")]
    assert found == []
