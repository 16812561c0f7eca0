"""The reference part of docs/events.md, generated from the models so it cannot drift.

`python -m nosurprises.events docs/events.md` rewrites the block between the
`docgen` markers; `tests/test_events.py` fails when the page is stale.
"""

from __future__ import annotations

from .. import docgen
from .model import KINDS, EventsFile
from .rules import BY_KIND

WHERE = ("An entry of `events`, the one key of the file (a mapping). Unknown keys, at the top or in "
         "an event, are errors.")
"""Where an event sits in the file, before the model's own description."""


def events_reference() -> str:
    """The fields of an event and what each kind means, as Markdown."""
    schema = docgen.model_schema(EventsFile)
    defs = schema["$defs"]
    return "\n\n".join([docgen.fields_table("Fields of an event", defs["Event"], defs, intro=WHERE),
                        _kinds_table()]) + "\n"


events_schema_markdown = events_reference
"""The earlier name of `events_reference`, kept for callers."""


def _kinds_table() -> str:
    """Each kind with its rule, level, and what it means for customers: events' own table."""
    lines = ["### Kinds", "",
             "Each kind is judged by the rule `event.<kind>` (see [the rule reference](rules.md)).",
             "", "| Kind | Rule | Level | What it means for customers | What they should do |",
             "| --- | --- | --- | --- | --- |"]
    for kind in KINDS:
        rule = BY_KIND[kind]
        lines.append(f"| `{kind}` | [`{rule.id}`](rules.md#{rule.id.replace('.', '')}) | "
                     f"{rule.level.value} | {docgen.cell(rule.why)} | {docgen.cell(rule.hint)} |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """Rewrite the generated block of the page named in `argv` (default docs/events.md)."""
    docgen.rewrite_page(argv[0] if argv else "docs/events.md", "events_reference", events_reference())
    return 0
