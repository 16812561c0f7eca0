"""A batch of pairs in one output: each format's own report per spec, joined as that format
joins parts (text and Markdown sections, one SARIF log of many runs, one JUnit `testsuites`,
one HTML page), with the totals of every pair.

The per-spec text is the single-pair renderer's, unchanged, so a spec reads the same in a
batch as alone; only the joining is here.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import orjson

from ..batch import BatchReport, SpecResult
from ..model import Report
from ..untrusted import one_line

RenderOne = Callable[[Report, SpecResult], str]
"""The single-pair renderer of the chosen format, given a spec's report and its entry."""

_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.S)
_SUITES = re.compile(r"<testsuites[^>]*>\n?(.*)</testsuites>", re.S)
_SUITE_COUNTS = re.compile(r'<testsuite name="[^"]*" tests="(\d+)" failures="(\d+)"')


def totals_line(batch: BatchReport) -> str:
    """One line of totals: how many specs, how many changed, the changes per level."""
    c, s = batch.counts, batch.summary
    parts = [f"{c.specs} specs", f"{c.changed} changed", f"{c.unchanged} unchanged"]
    parts += [f"{n} {what}" for n, what in ((c.added, "added"), (c.removed, "removed"),
                                            (c.skipped, "skipped"), (c.errors, "unreadable")) if n]
    return (", ".join(parts) + f": {s.breaking} breaking, {s.warning} warning, {s.info} info "
            f"({s.groups} distinct changes)")


def _title(spec: SpecResult) -> str:
    status = "" if spec.status == "compared" else f" ({spec.status})"
    return one_line(spec.name) + status


def _shown(batch: BatchReport) -> list[SpecResult]:
    """The pairs a human format shows in full: those with changes, or with a problem."""
    return [s for s in batch.specs if (s.report is not None and s.report.changes) or s.problem]


def _quiet(batch: BatchReport) -> list[str]:
    return [one_line(s.name) for s in batch.specs if s.report is not None and not s.report.changes]


def render_text(batch: BatchReport, render: RenderOne) -> str:
    out = []
    for spec in _shown(batch):
        body = render(spec.report, spec) if spec.report is not None else f"{one_line(spec.problem or '')}\n"
        out.append(f"=== {_title(spec)}\n{body}")
    quiet = _quiet(batch)
    if quiet:
        out.append(f"=== unchanged: {', '.join(quiet)}\n")
    return "\n".join(out) + ("\n" if out else "") + totals_line(batch) + "\n"


def render_markdown(batch: BatchReport, render: RenderOne) -> str:
    out = [f"# nosurprises: {len(batch.specs)} specs\n", totals_line(batch) + "\n"]
    for spec in _shown(batch):
        name = f"`{one_line(spec.name).replace('`', '')}`"
        status = "" if spec.status == "compared" else f" ({spec.status})"
        body = render(spec.report, spec) if spec.report is not None else one_line(spec.problem or "") + "\n"
        # each spec's own headings one level down, under its name
        body = re.sub(r"^(#{1,5}) ", r"#\1 ", body, flags=re.M)
        out.append(f"## {name}{status}\n\n{body}")
    quiet = _quiet(batch)
    if quiet:
        out.append("Unchanged: " + ", ".join(f"`{q.replace('`', '')}`" for q in quiet) + "\n")
    return "\n".join(out)


def render_lines(batch: BatchReport, render: RenderOne) -> str:
    """Formats of one line per finding (GitHub annotations): the specs' lines one after another,
    each annotating its own file."""
    return "".join(render(spec.report, spec) for spec in batch.specs
                   if spec.report is not None and spec.report.changes)


def render_sarif(batch: BatchReport, render: RenderOne) -> str:
    """One SARIF log whose `runs` are every spec's runs (SARIF allows many runs in one log)."""
    logs = [orjson.loads(render(spec.report, spec)) for spec in batch.specs if spec.report is not None]
    if not logs:
        logs = [orjson.loads(render(Report(), SpecResult(name="", old=None, new=None,
                                                            status="skipped")))]
    log = {**logs[0], "runs": [run for one in logs for run in one["runs"]]}
    return orjson.dumps(log, option=orjson.OPT_INDENT_2).decode() + "\n"


def render_junit(batch: BatchReport, render: RenderOne) -> str:
    """One `testsuites` holding each spec's suite, named by the spec."""
    suites, tests, failures = [], 0, 0
    for spec in batch.specs:
        if spec.report is None:
            continue
        found = _SUITES.search(render(spec.report, spec))
        if not found:
            continue
        name = html.escape(one_line(spec.name), quote=True)
        body = re.sub(r'<testsuite name="[^"]*"', lambda _m, name=name: f'<testsuite name="{name}"',
                      found.group(1), count=1)
        for t, f in _SUITE_COUNTS.findall(body):
            tests, failures = tests + int(t), failures + int(f)
        suites.append(body)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<testsuites name="nosurprises" tests="{tests}" failures="{failures}" errors="0" '
            f'skipped="0">\n' + "".join(suites) + "</testsuites>\n")


def render_html(batch: BatchReport, render: RenderOne) -> str:
    """One page: the totals, then each spec's page body under its name."""
    head, parts = None, []
    for spec in _shown(batch):
        title = html.escape(_title(spec))
        if spec.report is None:
            parts.append(f"<section><h2>{title}</h2><p>{html.escape(one_line(spec.problem or ''))}</p>"
                         "</section>\n")
            continue
        page = render(spec.report, spec)
        head = head or page[:page.index("<body")]
        found = _BODY.search(page)
        parts.append(f"<section><h2>{title}</h2>\n{found.group(1) if found else ''}</section>\n")
    if head is None:
        head = render(Report(), SpecResult(name="", old=None, new=None, status="skipped"))
        head = head[:head.index("<body")]
    quiet = _quiet(batch)
    unchanged = (f"<p>Unchanged: {html.escape(', '.join(quiet))}</p>\n" if quiet else "")
    return (f"{head}<body>\n<h1>nosurprises: {len(batch.specs)} specs</h1>\n"
            f"<p>{html.escape(totals_line(batch))}</p>\n{unchanged}{''.join(parts)}</body>\n</html>\n")


def render_json(batch: BatchReport, groups_only: bool) -> str:
    """The batch as data (`nosurprises schema batch`), keys sorted; with `--detail groups` each
    report without its `changes`, as the single report's JSON does."""
    exclude = {"specs": {"__all__": {"report": {"changes"}}}} if groups_only else None
    data = batch.model_dump(mode="json", exclude=exclude)
    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode() + "\n"


JOINS: dict[str, Callable[[BatchReport, RenderOne], str]] = {
    "text": render_text, "markdown": render_markdown, "github": render_lines,
    "sarif": render_sarif, "junit": render_junit, "html": render_html}
"""How each format joins its per-spec reports (`json` is the batch's own model)."""
