"""Colour for the text formats on a terminal: the level of a change seen at a glance.

Only on a terminal, and never when the reader said no: `NO_COLOR` (any non-empty value, see
no-color.org) turns it off, `FORCE_COLOR` on (for CI logs that show colour, though stdout is
a pipe), `TERM=dumb` off; `--color always|never` decides over all of them, as no-color.org
asks of an explicit option. Untrusted text never carries escape sequences of its own (see
`untrusted.one_line`), so the only ones in the output are these.
"""

from __future__ import annotations

import os
from typing import TextIO

from ..levels import Level

CHOICES = ("auto", "always", "never")
RESET = "\x1b[0m"
STYLE = {Level.BREAKING: "\x1b[1;31m", Level.WARNING: "\x1b[33m", Level.INFO: "\x1b[2m"}
"""Breaking bold red, warning yellow, info dim."""
FAIL, PASS = "\x1b[1;31m", "\x1b[32m"


def use_color(choice: str, stream: TextIO | None) -> bool:
    """Whether to colour text for `stream` (None: a file named by `--output`)."""
    if choice in ("always", "never"):
        return choice == "always"
    if stream is None or os.environ.get("NO_COLOR"):
        return False
    force = os.environ.get("FORCE_COLOR")
    if force is not None and force.lower() not in ("0", "false", "no", "off"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # closed, or not a real stream
        return False


def paint(text: str, style: str, on: bool) -> str:
    """`text` in `style` when colour is on."""
    return f"{style}{text}{RESET}" if on and text else text
