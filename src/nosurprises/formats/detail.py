"""How much the human formats tell: the `--detail` choices and the fold of affected
operations, in a module of their own so that the command line's parser imports no renderer."""

from __future__ import annotations

from typing import Literal

DETAILS = ("groups", "operations")
"""`groups`: one entry per root cause (the default of every human format); `operations`:
one entry per change, as the report's `changes` list them."""
Detail = Literal["groups", "operations"]

FOLD = 5
"""How many affected operations an entry names before "and K more"."""
