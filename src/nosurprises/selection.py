"""Choosing what a report shows: ignore rules, set levels by rule glob, keep some paths.

Teams disagree on what hurts *their* customers (a new enum value may be fine for an API
whose clients are told to expect them), so rule ids are globbable (`api.schema.*`) and the
catalog's levels are defaults, not verdicts. This runs after judging and before formatting,
so the gate (`--fail-on`) sees exactly what is shown.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping
from typing import Any

from .errors import InputError
from .model import Change, Level, Report


def select(report: Report, *, ignore: Iterable[str] = (), levels: Mapping[str, Level] | None = None,
           match_path: str | None = None, unmatch_path: str | None = None) -> Report:
    """A new report without ignored rules, with levels overridden and paths filtered (the
    report itself when none of them is given).

    `levels` maps rule-id globs to levels; when several match, the most specific (longest)
    pattern wins. `match_path` is a regular expression (RE2 syntax: matching takes linear
    time, whatever the pattern) searched in the operation's path; changes not tied to an
    operation (document, servers, schemes) are always kept. `unmatch_path` leaves out the
    operations whose path it matches (applied with `match_path` too: both must agree).
    """
    ignored = list(ignore)
    if not (ignored or levels or match_path or unmatch_path):
        return report  # nothing to choose: the report as built (rebuilding it costs a walk)
    overrides = sorted((levels or {}).items(), key=lambda item: len(item[0]), reverse=True)
    path_rx = _user_regex(match_path, "--match-path")
    unmatch_rx = _user_regex(unmatch_path, "--unmatch-path")
    kept: list[Change] = []
    for change in report.changes:
        if any(fnmatch.fnmatchcase(change.rule, pattern) for pattern in ignored):
            continue
        path = change.operation.split(" ", 1)[-1] if change.operation else None
        if path is not None and ((path_rx and not path_rx.search(path))
                                 or (unmatch_rx and unmatch_rx.search(path))):
            continue
        level = next((lv for pattern, lv in overrides if fnmatch.fnmatchcase(change.rule, pattern)),
                     change.level)
        kept.append(change if level is change.level else change.model_copy(update={"level": level}))
    return Report.from_changes(kept, report.warnings)


def parse_level_override(text: str) -> tuple[str, Level]:
    """`api.schema.*.enum-value-added=info` -> (glob, Level.INFO)."""
    pattern, sep, level = text.partition("=")
    if not sep or not pattern:
        raise InputError("--set-level", f"{text!r} is not RULE_GLOB=LEVEL")
    try:
        return pattern, Level(level.strip().lower())
    except ValueError:
        raise InputError("--set-level", f"{level!r} is not a level (breaking, warning, info)") from None


def _user_regex(pattern: str | None, option: str) -> Any:
    """The compiled pattern of `option`, None without one (RE2 is imported only then: most
    runs match no paths, and the import is a noticeable share of a small one's start-up)."""
    if not pattern:
        return None
    from .regex import compile_user_regex

    return compile_user_regex(pattern, option)
