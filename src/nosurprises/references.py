"""The docs site's references of notice channels and report formats, rendered from the code.

A channel or a format is added in code (`notices.channels.CHANNELS`, the `--format` choices of
the command line); its line in the docs comes from the data beside it (`ABOUT`, the file name,
the size budget), so the pages cannot drift. The drift tests compare each page's generated
block with what these functions render now; `python -m nosurprises.references docs/notices.md
docs/formats.md` rewrites the blocks.

This module reads the command line's parser, so it lives outside the stages: nothing imports it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping

from . import docgen
from .cli import build_parser
from .formats import ABOUT as REPORT_ABOUT
from .formats import BUDGETED
from .formats.check import ABOUT as CHECK_ABOUT
from .formats.check import PLAN_ABOUT
from .notices import channels
from .notices.told import BUDGETS

FORMAT_ABOUT: dict[str, Mapping[str, str]] = {"diff": REPORT_ABOUT, "check": CHECK_ABOUT,
                                              "plan": PLAN_ABOUT}
"""The commands whose `--format` the reference lists, each with what its formats are for."""


def channel_budget(name: str) -> int | None:
    """The characters a channel's list of changes may take (None: every change is told).

    `told.BUDGETS` holds the budgets channels share the folding code for; a channel with a
    budget of its own (the changelog) says it as `BUDGET` in its module."""
    if name in BUDGETS:
        return BUDGETS[name]
    budget = getattr(channels.CHANNELS[name], "BUDGET", None)
    return budget if isinstance(budget, int) else None


def channels_reference() -> str:
    """A table of the channels of `nosurprises notice --channel`: file, default, budget, what it writes."""
    _same_names(channels.ABOUT, list(channels.CHANNELS), "notices.channels.ABOUT",
                "notices.channels.CHANNELS")
    lines = ["| channel | file | default | size budget | what it writes |", "|---|---|---|---|---|"]
    for name, module in channels.CHANNELS.items():
        budget = channel_budget(name)
        cells = (f"`{name}`", f"`{module.FILE}`", "yes" if name in channels.DEFAULT else "",
                 f"{budget:,} characters" if budget is not None else "none",
                 docgen.cell(channels.ABOUT[name]))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def command_parser(command: str) -> argparse.ArgumentParser:
    """The parser of `nosurprises COMMAND`, as the command line builds it."""
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sub.choices[command]


def option(command: argparse.ArgumentParser, flag: str) -> argparse.Action | None:
    return next((a for a in command._actions if flag in a.option_strings), None)


def formats_reference() -> str:
    """A section per command: each `--format` choice, what it is for, whether `--budget` holds it."""
    parts = []
    for command, about in FORMAT_ABOUT.items():
        parser = command_parser(command)
        formats = option(parser, "--format")
        if formats is None:
            raise KeyError(f"nosurprises {command} has no --format option")
        choices, default = [str(c) for c in formats.choices or ()], formats.default
        _same_names(about, choices, f"the ABOUT of {command}'s formats", f"nosurprises {command} --format")
        budgeted = option(parser, "--budget") is not None
        lines = [f"## `nosurprises {command}`", "",
                 "| format | what it is for |" + (" held to `--budget` |" if budgeted else ""),
                 "|---|---|" + ("---|" if budgeted else "")]
        for name, text in about.items():  # in the order the code lists them: the usual first
            shown = f"`{name}`" + (" (default)" if name == default else "")
            text = docgen.cell(text)
            held = (" yes |" if name in BUDGETED else " |") if budgeted else ""
            lines.append(f"| {shown} | {text} |{held}")
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def _same_names(about: Mapping[str, str], names: list[str], where: str, of: str) -> None:
    """Every channel or format has its description, and none is left for one that is gone:
    a gap or a stale line fails the drift tests instead of reaching the docs."""
    missing, stale = sorted(set(names) - set(about)), sorted(set(about) - set(names))
    if missing or stale:
        raise ValueError(f"{where} does not match {of}: " + "; ".join(
            [*([f"no description of {', '.join(missing)}"] if missing else []),
             *([f"a description of {', '.join(stale)}, which is not there"] if stale else [])]))


BLOCKS: dict[str, Callable[[], str]] = {"channels_reference": channels_reference,
                                        "formats_reference": formats_reference}
"""The generated blocks this module renders, by the name in their markers."""


if __name__ == "__main__":  # python -m nosurprises.references docs/notices.md docs/formats.md
    for page in sys.argv[1:]:
        docgen.regenerate(page, BLOCKS)
