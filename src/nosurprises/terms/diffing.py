"""difflib with a bound: sequence diffs whose work stays in proportion to the input.

`difflib.SequenceMatcher` (with `autojunk=False`, which the terms comparison needs so that `the`
and `you` still pair) compares every position of one sequence with every equal element of the
other: fine for real sections, quadratic for a section that repeats one word or sentence tens
of thousands of times (a hostile document took minutes). Here the work is estimated first, as
the number of equal pairs of elements; within `BUDGET` the result is difflib's, unchanged.
Over it, the common start and end are taken off (linear) and the middle, if still over, is
reported as replaced as a whole: a coarser answer, never a wrong one, and never a hang.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Hashable, Sequence

BUDGET = 4_000_000
"""Equal element pairs above which difflib is not run on a pair of sequences (real sections of
a 300-page document stay below a tenth of it)."""

Opcode = tuple[str, int, int, int, int]


def pair_work(a: Sequence[Hashable], b: Sequence[Hashable]) -> int:
    """How many (i, j) have a[i] == b[j]: what `SequenceMatcher` may have to look at."""
    if len(a) * len(b) <= BUDGET:
        return len(a) * len(b)
    ca, cb = Counter(a), Counter(b)
    if len(cb) < len(ca):
        ca, cb = cb, ca
    return sum(n * cb.get(x, 0) for x, n in ca.items())


def opcodes(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[Opcode]:
    """`SequenceMatcher(None, a, b, autojunk=False).get_opcodes()`, bounded as the module says."""
    if pair_work(a, b) <= BUDGET:
        return difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    head = 0
    while head < len(a) and head < len(b) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < len(a) - head and tail < len(b) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    mid_a, mid_b = a[head:len(a) - tail], b[head:len(b) - tail]
    out: list[Opcode] = [("equal", 0, head, 0, head)] if head else []
    if pair_work(mid_a, mid_b) <= BUDGET:
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, mid_a, mid_b, autojunk=False).get_opcodes():
            out.append((op, i1 + head, i2 + head, j1 + head, j2 + head))
    elif mid_a or mid_b:
        op = "replace" if mid_a and mid_b else ("delete" if mid_a else "insert")
        out.append((op, head, len(a) - tail, head, len(b) - tail))
    if tail:
        out.append(("equal", len(a) - tail, len(a), len(b) - tail, len(b)))
    return out


def ratio(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    """`SequenceMatcher.ratio()`, or over the budget its upper bound `quick_ratio()` (linear)."""
    m = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return m.ratio() if pair_work(a, b) <= BUDGET else m.quick_ratio()
