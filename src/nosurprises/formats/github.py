"""GitHub Actions workflow commands: each change becomes an annotation on the pull request.

The runner reads every stdout line that starts with `::` as a command, and a message comes
from the compared documents, so everything is escaped exactly as `@actions/core` does: a
message can neither start a second line (a new command) nor end the property list early.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..load.git import PREFIX as GIT_PREFIX
from ..model import Change, Level, Report
from ..templating import printable
from ..untrusted import presents
from .budget import PER_LEVEL as PER_LEVEL  # re-exported: check.py and tests take it from here
from .entries import Entry, affects, entries, entry_places
from .text import Filtered, summary_line

_COMMAND = {Level.BREAKING: "error", Level.WARNING: "warning", Level.INFO: "notice"}
_SEPARATORS = re.compile("[\u2028\u2029]")
"""Line and paragraph separators: some readers split lines there."""
_TITLE = "nosurprises"

SEE = "see the job summary (--format markdown) for the rest"


@dataclass(frozen=True)
class Annotation:
    """One annotation before it is written: its command, properties and message, and what it
    stands for (`noun`, singular and plural; `changes`, how many), to count it if it does not fit."""

    command: str
    properties: dict[str, str]
    message: str
    noun: tuple[str, str]
    changes: int = 1


def within_limits(annotations: Iterable[Annotation], limit: int = PER_LEVEL) -> list[str]:
    """The workflow commands, at most `limit` of each command: in order, and when a command
    has more, its first `limit - 1`, then, where its last one would have been, one line of
    that command counting the rest by noun (GitHub would drop them silently). Put what must
    be seen first (the gate's summary)."""
    found = list(annotations)
    by_command: dict[str, list[int]] = {}
    for i, a in enumerate(found):
        by_command.setdefault(a.command, []).append(i)
    dropped: set[int] = set()
    last: dict[int, str] = {}
    for name, indexes in by_command.items():
        if len(indexes) > limit:
            dropped.update(indexes[max(limit - 1, 0):])
            last[indexes[-1]] = name
    lines = []
    for i, a in enumerate(found):
        if i not in dropped:
            lines.append(command(a.command, a.properties, a.message))
        if i in last:
            left = [found[j] for j in by_command[a.command] if j in dropped]
            lines.append(command(a.command, {"title": _TITLE}, f"and {_more(left)}: {SEE}."))
    return lines


def _more(left: list[Annotation]) -> str:
    """`12 more warnings and 1 more note`, with how many changes grouped entries stand for."""
    counts: dict[tuple[str, str], list[int]] = {}
    for a in left:
        counts.setdefault(a.noun, []).append(a.changes)
    parts = []
    for (one, many), changes in counts.items():
        n, total = len(changes), sum(changes)
        part = f"{n} more {one if n == 1 else many}"
        parts.append(part if total == n else f"{part} ({total} by operation)")
    return " and ".join(parts)


def escape_data(text: str) -> str:
    """`escapeData` of `@actions/core`, after dropping characters no annotation should show."""
    text = _SEPARATORS.sub("", str(printable(text)))  # control characters but CR/LF, escaped below
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """`escapeProperty` of `@actions/core`: `:` and `,` would end a value or the list."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def source_path(source: str) -> str:
    """The file an annotation points at: `git:REF:PATH` names PATH (a ref holds no `:`)."""
    if source.startswith(GIT_PREFIX):
        _, sep, path = source[len(GIT_PREFIX):].partition(":")
        if sep and path:
            return path
    return source


def command(name: str, properties: dict[str, str], message: str) -> str:
    """One workflow command line, every part escaped."""
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{name} {props}::{escape_data(message)}"


def _message(change: Change) -> str:
    text = change.message
    if change.hint and change.level is not Level.INFO:
        text += f" What to do: {change.hint}"
    return f"{text} (at {change.location})"


def _entry_message(e: Entry) -> str:
    """A single change as `_message` tells it; a group at its origin, with what it affects."""
    if e.single is not None:
        return _message(e.single)
    text = f"{e.group.message} It {affects(e)}."
    if e.hint and e.group.level is not Level.INFO:
        text += f" What to do: {e.hint}"
    return f"{text} (at {e.group.origin})"


def where(file: str | None, line: int | None) -> dict[str, str]:
    """The `file` and `line` properties of an annotation, those that are known."""
    return {**({"file": source_path(file)} if file else {}), **({"line": str(line)} if line else {})}


_NOUN = {Level.BREAKING: ("breaking change", "breaking changes"),
         Level.WARNING: ("warning", "warnings"), Level.INFO: ("info change", "info changes")}


@presents
def render_github(report: Report, source: str | None = None, old: str | None = None, *,
                  detail: str = "groups", total: Filtered | None = None,
                  limit: int = PER_LEVEL) -> str:
    """The summary first, then one annotation per entry (report order: most severe first),
    then notes; at most `limit` of each level (`within_limits`: the last line of a level
    that has more counts the rest).

    `source` is the new document, `old` the old one: something removed is annotated there.
    `detail` `groups` (the default): one annotation per root cause, at its origin (GitHub
    shows only the first annotations of a step, so thousands of one schema's would hide the
    rest); `operations`: one per change. `total`: the whole report's counts when `report`
    holds only some levels (`diff --level`), so the summary says what was not shown."""
    shown = entries(report, detail)
    places = entry_places(shown, source, old)
    summary = summary_line(report, len(shown), total)
    found = [Annotation("notice", {"title": _TITLE}, summary, ("summary", "summaries"))]
    found += [Annotation(_COMMAND[e.group.level], {**where(*place), "title": e.group.rule},
                         _entry_message(e), _NOUN[e.group.level], len(e.changes))
              for e, place in zip(shown, places, strict=True)]
    found += [Annotation("warning", {"title": _TITLE}, f"note: {w}", ("note", "notes"))
              for w in report.warnings]
    return "\n".join(within_limits(found, limit)) + "\n"
