"""Size budgets of the reports other systems hold: what to leave out so a report fits.

GitHub refuses a job summary over 1 MiB whole ("upload aborted") and a comment body over
65,536 characters, so a report that would not fit loses everything. A report held to a
budget keeps its head (counts, the gate) and leaves out whole rows, the least severe first
and each section from its end, then says how many it left out and where every one is.
"""

from __future__ import annotations

from collections.abc import Sequence

JOB_SUMMARY = 1024 * 1024
"""GitHub's limit on a step's summary (`$GITHUB_STEP_SUMMARY`): 1 MiB."""
COMMENT = 64 * 1024
"""GitHub's limit on a comment body is 65,536 characters; a budget in bytes of as many holds
at most as many characters, whatever the text."""
PER_LEVEL = 10
"""GitHub shows at most 10 error, 10 warning and 10 notice annotations of a step (and 50 of
a job; the Actions toolkit's documented limits) and drops the rest without a word: each level
is held to this many lines, the last one saying what did not fit and where it is."""
MIN_BUDGET = 4 * 1024
"""The smallest budget accepted: the head of a report and the lines saying what was left
out must fit whatever was left out."""


def size(text: str) -> int:
    """What a budget counts: UTF-8 bytes, which GitHub's limits are at most."""
    return len(text.encode())


def human_size(budget: int) -> str:
    """`64 KiB`, `1 MiB`, or the bytes when neither is exact."""
    for unit, name in ((1024 * 1024, "MiB"), (1024, "KiB")):
        if budget % unit == 0:
            return f"{budget // unit} {name}"
    return f"{budget} bytes"


def fit(full: int, sections: Sequence[Sequence[int]], budget: int) -> list[int]:
    """How many items of each section to keep so that `full` bytes, less the sizes of the
    items left out, fit `budget`: items are left out from the last section first (the least
    severe), each section from its end. `sections` holds each item's size."""
    kept = [len(items) for items in sections]
    over = full - budget
    for s in reversed(range(len(sections))):
        while over > 0 and kept[s]:
            kept[s] -= 1
            over -= sections[s][kept[s]]
    return kept


def tighter(kept: list[int]) -> list[int]:
    """One item fewer, from the last section that still has one: for when the lines saying
    what was left out made a report longer than `fit` counted."""
    for s in reversed(range(len(kept))):
        if kept[s]:
            return [*kept[:s], kept[s] - 1, *kept[s + 1:]]
    return kept


def check_budget(budget: int | None) -> None:
    if budget is not None and budget < MIN_BUDGET:
        raise ValueError(f"a budget must be at least {MIN_BUDGET} bytes, not {budget}")
