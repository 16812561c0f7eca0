"""Hostile terms documents end in bounded time: each shape once took 10 s to minutes.

Each runs `compare_terms` and the redline in a subprocess with a generous wall-clock guard that
turns a hang into a failure; it is not a speed assertion (the fixed code takes well under 2 s).
"""

from __future__ import annotations

import subprocess
import sys

import pytest

N = 40_000
SHAPES = {
    "heading-then-spaces": f"'# T' + ' ' * {N} + 'x'",
    "pipes": f"'|' * {N} + 'x'",
    "brackets": f"'[' * {N}",
    "image-openers": f"'![a](' * {N // 5}",
    "link-targets": f"'[a](' * {N // 4}",
    "long-number": f"'# T\\n\\n' + '1' * {N} + ' fee liability'",
    "licence-words-no-period": f"'# T\\n\\n' + 'royalty-free licence ' * {N // 20}",
    "power-phrases-no-period": f"'# T\\n\\n' + ' '.join("
                               f"f'terminate w{{i}} at any time' for i in range({N // 25}))",
    "unclosed-html-tags": f"'<p>' + '<a ' * {N // 3}",
    "renamed-sections": f"'\\n\\n'.join(f'## H{{i}}\\n\\nBody {{i}} text.' for i in range({N // 10}))",
}


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_hostile_shape_is_bounded(name: str) -> None:
    code = (
        "from nosurprises.terms import compare_terms\n"
        "from nosurprises.terms.redline import redline\n"
        f"old = {SHAPES[name]}\n"
        "new = old.replace('H1', 'K1').replace('x', 'y', 1) + '\\n\\nWe may change fees.\\n'\n"
        "assert compare_terms(old, new).changes\n"
        "redline(old, new, fmt='markdown')\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=20)
