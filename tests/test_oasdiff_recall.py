"""nosurprises scored against oasdiff's own checker tests, level by level (issue 12).

`fixtures/oasdiff/expectations.json` holds, for each oasdiff checker test that compares two
unmodified fixture files (`scripts/oasdiff_expectations.py` reads them from oasdiff's Go
tests), the check ids it expects, their operations and oasdiff's level. An entry's level is
its most severe expected id's (no id expected: NONE). Scored per entry:

- ERR: a hit when we report a `breaking` change on the operation oasdiff names (or anywhere
  when it names none); WARN: a `warning` or `breaking` one;
- INFO and NONE, when the test shows oasdiff's checker silent on the pair: clean when we report
  nothing `breaking` (a test of one check says nothing of what else changed in the pair).

Where we decided oasdiff is wrong, `fixtures/oasdiff/disagreements.yaml` says so with the
reason (docs/oasdiff.md lists them): such an entry counts as differing by design, and is held
to the most severe level that file says we give there (on the side, request or response,
that oasdiff's ids name). Everything else that misses is a real miss; the test
fails when there are more than recorded here (and on every disagreement we no longer keep).

    python -m tests.test_oasdiff_recall            # the table and every miss
    python -m tests.test_oasdiff_recall --markdown # the table of docs/oasdiff.md
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import json
import re
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

import nosurprises
from nosurprises.model import Report

HERE = Path(__file__).resolve().parent
EXPECTATIONS = HERE / "fixtures" / "oasdiff" / "expectations.json"
DISAGREEMENTS = HERE / "fixtures" / "oasdiff" / "disagreements.yaml"
PAGE = HERE.parent / "docs" / "oasdiff.md"
DATA = HERE.parent.parent / "shared" / "corpus" / "oasdiff-fixtures" / "data"
TODAY = dt.date(2026, 1, 1)
LEVELS = ("ERR", "WARN", "INFO", "NONE")
RANK = {"INFO": 0, "WARN": 1, "ERR": 2}
OURS = {"breaking": 2, "warning": 1, "info": 0}

MISSES_AT_MOST = {"ERR": 0, "WARN": 0}
"""Real misses allowed per level: none. A new one is a regression or a disagreement to
record (with its reason) in disagreements.yaml."""
ALARMS_AT_MOST = 0
"""INFO/NONE entries with a breaking change no disagreement explains."""


@dataclass
class Score:
    """What the scoring found, per level: entries, hits, by design, and the misses."""

    entries: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LEVELS, 0))
    hits: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LEVELS, 0))
    designed: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LEVELS, 0))
    unscored: int = 0
    misses: list[tuple[str, str, list[str]]] = field(default_factory=list)
    """(level, the pair and test, the oasdiff ids missed)."""
    broken_promises: list[str] = field(default_factory=list)
    """Disagreements whose recorded verdict we no longer give."""


def _load() -> tuple[list[dict[str, Any]], dict[str, Any]]:
    entries = json.loads(EXPECTATIONS.read_text("utf-8"))["entries"]
    return entries, yaml.safe_load(DISAGREEMENTS.read_text("utf-8"))


@cache
def _report(base: str, revision: str) -> Report:
    return nosurprises.compare_openapi(DATA / base, DATA / revision, today=TODAY)


def _level(entry: dict[str, Any]) -> str:
    return max((x["level"] for x in entry["expected"]), key=RANK.__getitem__, default="NONE")


_SIDES = {"request-": ("api.schema.request.", "api.parameter.", "api.request-body.", "api.path."),
          "response-": ("api.schema.response.", "api.response.")}
"""Our rules on the side an oasdiff id names (`request-…`, `response-…`)."""
_TEMPLATE = re.compile(r"\{[^}/]*\}")


def _same_operation(label: str | None, operations: set[str | None]) -> bool:
    """`label` is one of `operations` (None: any), path parameter names aside: oasdiff names
    an operation as its base document does, we as the new one for changed ones."""
    if None in operations or label is None:
        return True
    return _TEMPLATE.sub("{}", label) in {_TEMPLATE.sub("{}", o) for o in operations if o}


def _ours(report: Report, operations: set[str | None], ids: list[str]) -> int:
    """The most severe level we report on those operations, on the side the ids name."""
    side = next((prefixes for start, prefixes in _SIDES.items()
                 if ids and all(i.startswith(start) for i in ids)), None)
    return max((OURS[c.level.value] for c in report.changes
                if _same_operation(c.operation, operations)
                and (side is None or c.rule.startswith(side))), default=-1)


def _designed(ids: list[str], disagreements: dict[str, Any]) -> dict[str, Any] | None:
    """The disagreement that explains every missed id, if one does."""
    for d in disagreements.get("disagreements", []):
        if all(any(fnmatch.fnmatchcase(i, glob) for glob in d["ids"]) for i in ids):
            return d
    return None


def score() -> Score:
    entries, disagreements = _load()
    found = Score()
    for e in entries:
        level, report = _level(e), _report(e["base"], e["revision"])
        where = f"{e['base']} -> {e['revision']} ({e['test']})"
        if level in ("ERR", "WARN"):
            top = [x for x in e["expected"] if x["level"] == level]
            operations = {x.get("operation") for x in top}
            ids = sorted({x["id"] for x in top})
            found.entries[level] += 1
            ours = _ours(report, operations, ids)
            if ours >= (2 if level == "ERR" else 1):
                found.hits[level] += 1
                continue
            d = _designed(ids, disagreements)
            if d is None:
                found.misses.append((level, where, ids))
                continue
            found.designed[level] += 1
            if ours > OURS[d["ours"]]:
                found.broken_promises.append(f"{where}: disagreements.yaml says we report at "
                                             f"most {d['ours']} for {', '.join(ids)}")
            continue
        if not e["quiet"]:  # oasdiff proven silent on the pair (see the script)
            found.unscored += 1  # one check's test says nothing of the rest of the pair
            continue
        found.entries[level] += 1
        breaking = sorted({c.rule for c in report.changes if c.level.value == "breaking"})
        if not breaking:
            found.hits[level] += 1
        elif all(any(fnmatch.fnmatchcase(r, glob) for b in disagreements.get("breaking_here", [])
                     for glob in b["rules"]) for r in breaking):
            found.designed[level] += 1
        else:
            found.misses.append((level, where, breaking))
    return found


def table(s: Score) -> str:
    """The Markdown table of docs/oasdiff.md."""
    rows = ["| oasdiff's level | pairs | agree | differ by design | miss |", "|---|---|---|---|---|"]
    for level in LEVELS:
        n, hit, designed = s.entries[level], s.hits[level], s.designed[level]
        missed = n - hit - designed
        share = f" ({100 * hit / n:.0f}%)" if n else ""
        rows.append(f"| {level} | {n} | {hit}{share} | {designed} | {missed} |")
    return "\n".join(rows) + "\n"


@pytest.fixture(scope="module")
def scored() -> Score:
    if not DATA.is_dir():
        pytest.skip(f"oasdiff's fixtures not found at {DATA} (only CI and developers have "
                    "../shared)")
    return score()


def test_no_pair_oasdiff_rates_err_or_warn_is_missed(scored: Score) -> None:
    print("\n" + table(scored))
    for level, where, ids in scored.misses:
        print(f"  {level} miss: {where}: {', '.join(ids)}")
    for level, limit in MISSES_AT_MOST.items():
        missed = [m for m in scored.misses if m[0] == level]
        assert len(missed) <= limit, f"{len(missed)} {level} pairs missed: {missed[:5]}"


def test_pairs_oasdiff_rates_info_get_no_breaking_change(scored: Score) -> None:
    alarms = [m for m in scored.misses if m[0] in ("INFO", "NONE")]
    assert len(alarms) <= ALARMS_AT_MOST, alarms


def test_every_disagreement_holds(scored: Score) -> None:
    """We give the verdict disagreements.yaml records: a change there is a decision to write
    down, not a side effect."""
    assert not scored.broken_promises, scored.broken_promises


def test_the_expectations_are_oasdiffs(scored: Score) -> None:
    """A guard on the data: hundreds of entries, every level present, files in the corpus."""
    entries, _ = _load()
    assert len(entries) > 300
    assert all(scored.entries[level] for level in LEVELS)
    assert all((DATA / e["base"]).is_file() and (DATA / e["revision"]).is_file() for e in entries)


def test_the_page_shows_todays_figures(scored: Score) -> None:
    assert table(scored) in PAGE.read_text("utf-8"), (
        "docs/oasdiff.md is stale: paste `python -m tests.test_oasdiff_recall --markdown`")


def test_every_disagreement_is_on_the_page() -> None:
    _, disagreements = _load()
    page = PAGE.read_text("utf-8")
    for d in disagreements["disagreements"]:
        assert all(f"`{glob}`" in page for glob in d["ids"]), d["ids"]
    for b in disagreements["breaking_here"]:
        assert all(f"`{rule}`" in page for rule in b["rules"]), b["rules"]


if __name__ == "__main__":
    result = score()
    sys.stdout.write(table(result))
    if "--markdown" not in sys.argv:
        for level, where, ids in result.misses:
            print(f"{level} miss: {where}: {', '.join(ids)}")
        for broken in result.broken_promises:
            print(f"not as recorded: {broken}")
