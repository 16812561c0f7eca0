"""Reviewer outputs that fit their consumer (issue 11): GitHub's annotation limits, the size
budgets of a job summary and a pull-request comment, and counts that say what `--level` hid.

Every test runs on real inputs: the example petstore pair and Stripe's real pair of the
shared corpus (8,587 changes, 110 root causes).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

import nosurprises
from nosurprises.cli import main
from nosurprises.formats import COMMENT, JOB_SUMMARY, render_report
from nosurprises.formats.check import check_github, check_markdown
from nosurprises.formats.entries import entries
from nosurprises.formats.github import PER_LEVEL, render_github
from nosurprises.formats.markdown import render_markdown
from nosurprises.model import Level, Report
from nosurprises.policy import check, load_policy

from .conftest import corpus_dir

TODAY = dt.date(2026, 1, 1)
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
PETSTORE = (str(EXAMPLES / "petstore-old.yaml"), str(EXAMPLES / "petstore-new.yaml"))
MORE = re.compile(r"(\d+) more ")


@pytest.fixture(scope="module")
def stripe() -> tuple[Report, str, str]:
    pair = corpus_dir("openapi", "stripe")
    old, new = str(pair / "old.json"), str(pair / "new.json")
    return nosurprises.compare_openapi(old, new, today=TODAY), old, new


@pytest.fixture(scope="module")
def petstore() -> Report:
    return nosurprises.compare_openapi(*PETSTORE, today=TODAY)


def _commands(out: str) -> list[tuple[str, str, str]]:
    """(command, title, message) of each annotation line."""
    found = []
    for line in out.splitlines():
        assert line.startswith("::")
        head, _, message = line[2:].partition("::")
        name, _, props = head.partition(" ")
        title = dict(p.split("=", 1) for p in props.split(","))["title"]
        found.append((name, title, message))
    return found


# --- GitHub annotations: the summary first, at most 10 per level, the rest counted ----------------


@pytest.mark.parametrize("detail", ["groups", "operations"])
def test_stripe_annotations_stay_within_githubs_limits_and_count_the_rest(
        stripe: tuple[Report, str, str], detail: str) -> None:
    report, old, new = stripe
    found = _commands(render_github(report, new, old, detail=detail))
    assert found[0] == ("notice", "nosurprises", found[0][2])
    assert found[0][2].startswith("21 breaking, 3925 warning, 4641 info")
    per_level = {name: [f for f in found if f[0] == name] for name in ("error", "warning", "notice")}
    assert all(len(lines) <= PER_LEVEL for lines in per_level.values())
    shown = entries(report, detail)
    for name, level in (("error", Level.BREAKING), ("warning", Level.WARNING), ("notice", Level.INFO)):
        of_level = [e for e in shown if e.group.level is level]
        changes = [f for f in per_level[name] if f[1] != "nosurprises"]
        (more,) = [f for f in per_level[name] if f[2].startswith("and ")] or [None]
        counted = int(MORE.search(more[2])[1]) if more else 0
        assert len(changes) + counted == len(of_level), name  # nothing is lost: shown or counted
        if more:  # the last line of its level, after every shown one
            assert per_level[name][-1] == more and "see the job summary" in more[2]
    if detail == "groups":
        assert "and 6 more warnings (274 by operation)" in per_level["warning"][-1][2]
    assert len(found) <= 3 * PER_LEVEL  # and so within the 50 of a job too


def test_a_small_report_keeps_every_annotation(petstore: Report) -> None:
    found = _commands(render_github(petstore, detail="operations"))
    assert len(found) == len(petstore.changes) + 1
    assert not [f for f in found if f[2].startswith("and ")]


def test_notes_are_warnings_counted_with_them(petstore: Report) -> None:
    notes = [f"remote $ref number {i} not fetched" for i in range(12)]
    report = Report.from_changes(petstore.changes, notes)
    found = _commands(render_github(report))
    warnings = [f for f in found if f[0] == "warning"]
    assert len(warnings) == PER_LEVEL
    assert warnings[-1][2].startswith("and 3 more notes: see the job summary")


def _check_report(on: str, ledger: str | None = None):  # type: ignore[no-untyped-def]
    from nosurprises.policy.ledger import load_ledger

    policy, rules = load_policy(str(EXAMPLES / "nosurprises.yaml"))
    day = dt.date.fromisoformat(on)
    report = nosurprises.compare_openapi(*PETSTORE, today=day)
    return check(report, policy, rules, load_ledger(ledger) if ledger else None, day)


def test_check_annotations_put_the_gate_first_and_count_what_does_not_fit() -> None:
    result = _check_report("2026-12-01")
    full = _commands(check_github(result, PETSTORE[1], PETSTORE[0], detail="operations"))
    assert full[0][:2] == ("error", "nosurprises check") and "may not ship yet" in full[0][2]
    errors = [f for f in full if f[0] == "error" and f[1] != "nosurprises check"]
    assert len(errors) == 8
    held = _commands(check_github(result, PETSTORE[1], PETSTORE[0], detail="operations", limit=4))
    assert held[0] == full[0]
    assert [f for f in held if f[0] == "error"][1:3] == errors[:2]
    assert held[3] == ("error", "nosurprises", "and 6 more changes that may not ship yet: see the job "
                                                "summary (--format markdown) for the rest.")


def test_check_annotations_carry_their_line(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["check", *PETSTORE, "--on", "2026-12-01", "-f", "github", "--detail", "operations"]) == 1
    lines = capsys.readouterr().out.splitlines()[1:]
    assert lines and all(re.search(r",line=\d+,", line) for line in lines)


# --- Markdown held to a budget ------------------------------------------------------------------


def _left_out(md: str) -> dict[str, int]:
    found = {}
    for line in md.splitlines():
        m = re.match(r"\*(\d+)(?: more)? (breaking change|warning|info change)s? .*left out to stay", line)
        if m:
            found[m[2]] = int(m[1])
    return found


def _rows(md: str) -> int:
    return sum(line.startswith("| ") and not line.startswith("| Operation") for line in md.splitlines())


@pytest.mark.parametrize(("detail", "budget"), [("operations", JOB_SUMMARY), ("operations", COMMENT),
                                                ("groups", COMMENT)])
def test_stripe_markdown_fits_its_budget_and_says_what_was_left_out(
        stripe: tuple[Report, str, str], detail: str, budget: int) -> None:
    report, _, _ = stripe
    unlimited = render_markdown(report, detail=detail, budget=None)
    assert len(unlimited.encode()) > budget  # 3.25 MB (operations), 101 KB (groups)
    md = render_markdown(report, detail=detail, budget=budget)
    assert len(md.encode()) <= budget and len(md) <= budget
    assert md.splitlines()[2] == unlimited.splitlines()[2]  # the counts are the whole report's
    left = _left_out(md)
    assert _rows(md) + sum(left.values()) == len(entries(report, detail))
    assert "info change" in left  # the least severe go first ...
    assert "breaking change" not in left  # ... and the breaking ones stay
    assert "--format html or json lists every one" in md


def test_markdown_under_its_budget_is_unchanged(petstore: Report, stripe: tuple[Report, str, str]) -> None:
    assert render_markdown(petstore) == render_markdown(petstore, budget=None)
    report = stripe[0]
    assert render_markdown(report) == render_markdown(report, budget=None)  # 101 KB < 1 MiB
    assert render_report("markdown", report, None, detail="operations") == render_markdown(
        report, detail="operations")


def test_markdown_rows_are_left_out_from_the_least_severe(petstore: Report) -> None:
    notes = [f"remote $ref number {i} was not fetched" for i in range(100)]
    report = Report.from_changes(petstore.changes, notes)
    full = render_markdown(report, detail="operations", budget=None)
    size = len(full.encode())  # 7 KB
    md = render_markdown(report, detail="operations", budget=size - 1)
    assert len(md.encode()) < size
    left = _left_out(md)
    assert set(left) == {"info change"} and _rows(md) + left["info change"] == len(petstore.changes)
    assert "### Notes" in md and not re.search(r"notes? left out", md)
    md = render_markdown(report, detail="operations", budget=4096)  # the info rows, then notes
    assert _left_out(md) == {"info change": 7}
    assert re.search(r"^\*\d+ more notes left out to stay under 4 KiB", md, re.M)
    assert _rows(md) == 8  # every breaking change kept


def test_a_budget_too_small_for_the_head_is_refused(petstore: Report,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ValueError, match="at least 4096"):
        render_markdown(petstore, budget=1000)
    with pytest.raises(SystemExit) as stopped:
        main(["diff", *PETSTORE, "-f", "markdown", "--budget", "1K"])
    assert stopped.value.code == 2
    assert "--budget: a budget holds the report's head: at least 4K" in capsys.readouterr().err


def test_check_markdown_fits_a_comment(stripe: tuple[Report, str, str]) -> None:
    report, _, _ = stripe
    policy, rules = load_policy(None)
    result = check(report, policy, rules, None, TODAY)
    full = check_markdown(result, detail="operations", budget=None)
    assert len(full.encode()) > COMMENT
    md = check_markdown(result, detail="operations", budget=COMMENT)
    assert len(md.encode()) <= COMMENT
    assert md.splitlines()[:3] == full.splitlines()[:3]  # the gate's verdict first, whole
    (note,) = [line for line in md.splitlines() if "left out to stay under 64 KiB" in line]
    counted = int(MORE.search(note)[1])
    assert _rows(md) - 1 + counted == _rows(full) - 1  # the table's header row aside


def test_cli_budget_for_a_pull_request_comment(stripe: tuple[Report, str, str], tmp_path: Path) -> None:
    _, old, new = stripe
    out = tmp_path / "comment.md"
    assert main(["diff", old, new, "-f", "markdown", "--detail", "operations", "--budget", "64K",
                 "-o", str(out)]) == 0
    assert len(out.read_bytes()) <= 65_536
    assert main(["diff", old, new, "-f", "markdown", "--detail", "operations", "-o", str(out)]) == 0
    assert 65_536 < len(out.read_bytes()) <= 1024 * 1024  # the job summary's limit by default


# --- `--level` says what it hid -----------------------------------------------------------------


def test_level_filter_counts_say_what_was_hidden(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", *PETSTORE, "--level", "breaking"]) == 0
    said = "8 breaking (6 distinct changes); 7 info not shown (--level breaking)."
    assert capsys.readouterr().out.splitlines()[-1] == said
    assert main(["diff", *PETSTORE, "--level", "breaking", "-f", "github"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == f"::notice title=nosurprises::{said}"
    assert main(["diff", *PETSTORE, "--level", "breaking", "-f", "markdown"]) == 0
    assert f"**8 breaking** {said[11:]}" in capsys.readouterr().out
    assert main(["diff", *PETSTORE, "--level", "warning"]) == 0  # no warning: still its count
    assert capsys.readouterr().out.splitlines()[-1] == (
        "8 breaking, 0 warning (6 distinct changes); 7 info not shown (--level warning).")
    assert main(["diff", *PETSTORE, "--level", "breaking", "-f", "html"]) == 0
    assert "7 info not shown (--level breaking)" in capsys.readouterr().out
    assert main(["diff", *PETSTORE]) == 0  # without the filter, as before
    assert capsys.readouterr().out.splitlines()[-1] == "8 breaking, 0 warning, 7 info (12 distinct changes)"


def test_level_filter_on_stripe_names_both_hidden_levels(stripe: tuple[Report, str, str],
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    _, old, new = stripe
    assert main(["diff", old, new, "--level", "breaking"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "21 breaking (4 distinct changes); 3925 warnings and 4641 info not shown (--level breaking).")


# --- `check --format html|junit`: the verdicts, each change at its own level -----------------------


@pytest.fixture(scope="module")
def stripe_check(stripe: tuple[Report, str, str]):  # type: ignore[no-untyped-def]
    report, _, _ = stripe
    policy, rules = load_policy(None)
    return check(report, policy, rules, None, TODAY)


def test_check_pages_never_relabel_a_warning_as_breaking(stripe: tuple[Report, str, str],
                                                          stripe_check) -> None:  # type: ignore[no-untyped-def]
    import xml.etree.ElementTree as ET

    from nosurprises.formats.check_pages import check_html, check_junit

    _, old, new = stripe
    failing = stripe_check.failed
    warned = {v.change.rule for v in failing if v.change.level is Level.WARNING}
    assert warned  # Stripe's new enum values in responses: warnings that owe 30 days' notice
    page = check_html(stripe_check, new, old)
    rows = [row for row in page.split("<tr>") if row.startswith("<td>")]
    for row in rows:
        rule = re.search(r'<code class="rule">([^<]+)</code>', row)[1]
        level = re.search(r'<span class="level-(\w+)">', row)[1]
        assert level == {c.rule: c.level.value for c in (v.change for v in failing)}.get(rule, level)
    assert sum('<span class="level-warning">' in row for row in rows) >= len(warned)
    suite = ET.fromstring(check_junit(stripe_check, new, old).split("\n", 1)[1]).find("testsuite")
    failures = suite.findall("testcase/failure")
    assert len(failures) == int(suite.get("failures")) > 0
    levels = {f.text.split("]", 1)[0].lstrip("[") for f in failures}
    assert levels == {"breaking", "warning"}  # each failing case states its own level
    assert {f.get("type") for f in failures} == {"unannounced"}


def test_check_pages_are_titled_with_what_was_checked_and_the_day(capsys: pytest.CaptureFixture[str],
                                                                  tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import xml.etree.ElementTree as ET

    monkeypatch.chdir(tmp_path)
    old, new = PETSTORE
    assert main(["check", old, new, "--on", "2026-12-01", "-f", "html"]) == 1
    page = capsys.readouterr().out
    assert f"<title>nosurprises check: {old} → {new} on 2026-12-01</title>" in page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "<h1>Notice check on 2026-12-01</h1>" in page
    assert "15 changes: 8 unannounced, 7 need no notice." in page
    assert main(["check", old, new, "--on", "2026-12-01", "-f", "junit"]) == 1
    suite = ET.fromstring(capsys.readouterr().out.split("\n", 1)[1]).find("testsuite")
    assert suite.get("name") == f"nosurprises check: {old} → {new} on 2026-12-01"
    props = {p.get("name"): p.get("value") for p in suite.findall("properties/property")}
    assert props == {"old": old, "new": new, "on": "2026-12-01"}


def test_check_pages_say_none_need_notice_rather_than_no_changes(capsys: pytest.CaptureFixture[str],
                                                                 tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    harmless = ["check", *PETSTORE, "--on", "2026-12-01", "--set-level", "*=info"]
    assert main([*harmless, "-f", "html"]) == 0
    page = capsys.readouterr().out
    assert "15 changes, none need notice." in page and "No changes found" not in page
    assert "<strong>Every change may ship.</strong>" in page
    assert main([*harmless, "-f", "junit"]) == 0
    out = capsys.readouterr().out
    assert 'name="15 changes, none need notice"' in out and 'failures="0"' in out
    same = ["check", PETSTORE[0], PETSTORE[0], "--on", "2026-12-01"]
    assert main([*same, "-f", "html"]) == 0
    assert "No changes found." in capsys.readouterr().out  # and only when there were none


# --- the HTML report: readable with long paths, both documents named, by operation ----------------


def _css(page: str) -> dict[str, str]:
    style = page.split("<style>", 1)[1].split("</style>", 1)[0]
    return {sel.strip(): body.strip() for rule in style.split("}") if "{" in rule
            for selectors, body in [rule.split("{", 1)] for sel in selectors.split(",")}


def test_html_report_wraps_paths_and_keeps_rule_ids_whole(stripe: tuple[Report, str, str]) -> None:
    report, old, new = stripe
    page = render_report("html", report, new, old)
    css = _css(page)
    assert "white-space: nowrap" in css[".rule"]
    assert "overflow-wrap: anywhere" in css[".path"]
    assert not any("anywhere" in body or "break-all" in body for sel, body in css.items()
                   if sel in ("code", ".rule", "td", "body", "table"))
    rules = re.findall(r'<code class="rule">([^<]*)</code>', page)
    assert len(rules) == len(report.groups)  # every rule id in the nowrap class
    assert "overflow-x: auto" in css[".scroll"]  # a wide table scrolls, the page does not
    assert page.count('<div class="scroll">') == page.count("<table>")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page


def test_html_report_names_both_documents(petstore: Report) -> None:
    old, new = PETSTORE
    page = render_report("html", petstore, new, old)
    assert f"<title>nosurprises report: {old} → {new}</title>" in page
    assert (f'<p>Compared <code class="path">{old}</code> (old) with <code class="path">{new}</code> '
            "(new).</p>") in page


def test_html_report_by_operation_like_a_changelog(petstore: Report) -> None:
    page = render_report("html", petstore, PETSTORE[1], PETSTORE[0], "operations")
    headings = re.findall(r'<section class="operation">\n<h2>(.*?)</h2>', page)
    names = [re.sub(r"<[^>]+>", "", h) for h in headings]
    assert names[:2] == ["GET /pets (3 breaking, 4 info)", "POST /pets (1 breaking)"]
    ops = [n.rsplit(" (", 1)[0] for n in names if " /" in n]
    assert ops == sorted(ops, key=lambda op: (op.partition(" ")[2], op.partition(" ")[0]))
    rows = sum(page.count(f'<tr><td><span class="level-{lv.value}">') for lv in Level)
    assert rows == len(petstore.changes)
    first = page.split('<section class="operation">')[1]  # most severe first within an operation
    levels = re.findall(r'<span class="level-(\w+)">', first)
    assert levels == sorted(levels, key=lambda lv: Level(lv).rank)


def test_check_markdown_keeps_within_budget_with_many_ledger_problems() -> None:
    result = _check_report("2026-12-01")
    problems = [f"entry 2026-{i:05}-pets was removed from the ledger; restore it" for i in range(3000)]
    rewritten = result.model_copy(update={"ledger_problems": problems})
    assert len(check_markdown(rewritten, budget=None).encode()) > COMMENT
    md = check_markdown(rewritten, budget=COMMENT)
    assert len(md.encode()) <= COMMENT
    assert md.splitlines()[2].startswith("On 2026-12-01: **Nothing may ship: the ledger was rewritten")
    kept = [line for line in md.splitlines() if line.startswith("- entry ")]
    assert 0 < len(kept) < len(problems)  # the verdict rows go first, then problems from the end
    assert f"*{len(problems) - len(kept)} more problems left out to stay under 64 KiB" in md
    assert re.search(r"^\*6 verdicts \(6 unannounced \(8 by operation\)\) left out", md, re.M)


def test_check_junit_and_html_carry_the_annotations_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    import xml.etree.ElementTree as ET

    monkeypatch.chdir(tmp_path)
    old, new = PETSTORE
    base = ["check", old, new, "--on", "2026-12-01", "--detail", "operations"]
    assert main([*base, "-f", "github"]) == 1
    lines = [re.search(r"file=([^,]+),line=(\d+)", line) for line in capsys.readouterr().out.splitlines()[1:]]
    annotated = sorted((m[1], int(m[2])) for m in lines if m)
    assert len(annotated) == 8
    assert main([*base, "-f", "junit"]) == 1
    cases = ET.fromstring(capsys.readouterr().out.split("\n", 1)[1]).iter("testcase")
    assert sorted((c.get("file"), int(c.get("line"))) for c in cases) == annotated
    assert main([*base, "-f", "html"]) == 1
    page = capsys.readouterr().out
    shown = re.findall(r'<small class="path">([^<]+):(\d+)</small>', page)
    assert sorted((f, int(n)) for f, n in shown) == annotated
    assert (old, 95) in annotated  # a removed property: in the old document
