"""GitHub Actions workflow commands: each change becomes an annotation on the pull request.

The runner reads every stdout line that starts with `::` as a command, and a message comes
from the compared documents, so everything is escaped exactly as `@actions/core` does: a
message can neither start a second line (a new command) nor end the property list early.
"""

from __future__ import annotations

import re

from ..load.git import PREFIX as GIT_PREFIX
from ..model import Change, Level, Report
from ..templating import printable
from ..untrusted import presents
from .entries import Entry, affects, entries, entry_places
from .text import distinct

_COMMAND = {Level.BREAKING: "error", Level.WARNING: "warning", Level.INFO: "notice"}
_SEPARATORS = re.compile("[\u2028\u2029]")
"""Line and paragraph separators: some readers split lines there."""
_TITLE = "nosurprises"


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


@presents
def render_github(report: Report, source: str | None = None, old: str | None = None, *,
                  detail: str = "groups") -> str:
    """One annotation per entry (report order: most severe first), notes, then a summary.

    `source` is the new document, `old` the old one: something removed is annotated there.
    `detail` `groups` (the default): one annotation per root cause, at its origin (GitHub
    shows only the first annotations of a step, so thousands of one schema's would hide the
    rest); `operations`: one per change."""
    shown = entries(report, detail)
    places = entry_places(shown, source, old)
    lines = [command(_COMMAND[e.group.level], {**where(*place), "title": e.group.rule},
                     _entry_message(e)) for e, place in zip(shown, places, strict=True)]
    lines += [command("warning", {"title": _TITLE}, f"note: {w}") for w in report.warnings]
    s = report.summary
    summary = f"{s.breaking} breaking, {s.warning} warning, {s.info} info" if s.total else "No changes found."
    if s.total and len(shown) != s.total:
        summary += f" ({distinct(len(shown))})"
    lines.append(command("notice", {"title": _TITLE}, summary))
    return "\n".join(lines) + "\n"
