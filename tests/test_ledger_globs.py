"""`covers` globs: which patterns lie within others, decided in linear time."""

from __future__ import annotations

import fnmatch
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from nosurprises.policy.ledger import _MAGIC, _within


def _within_by_prefixes(pattern: str, outer: str) -> bool:
    """The definition, one match per prefix (quadratic): what `_within` must agree with."""
    if pattern == outer or outer == "*":
        return True
    if not any(c in pattern for c in _MAGIC):
        return fnmatch.fnmatchcase(pattern, outer)
    if outer.endswith("*"):
        stop = min((pattern.find(c) for c in _MAGIC if c in pattern), default=len(pattern))
        return any(fnmatch.fnmatchcase(pattern[:k], outer[:-1]) for k in range(stop + 1))
    return False


_GLOB = st.text(alphabet="ab.*?", max_size=8)


@settings(max_examples=400)
@given(_GLOB, _GLOB)
def test_within_agrees_with_matching_every_prefix(pattern: str, outer: str) -> None:
    assert _within(pattern, outer) == _within_by_prefixes(pattern, outer)


def test_a_long_glob_is_compared_in_bounded_time() -> None:
    code = ("from nosurprises.policy.ledger import _within\n"
            "print(_within('a' * 1_000_000 + '*', 'b*'), _within('a' * 1_000_000 + '*', 'a*'))\n")
    # A million prefixes matched one by one took minutes; a generous guard turns that into a failure.
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert done.stdout.split() == ["False", "True"], done.stderr
