"""The topic taxonomy of docs/terms.md, rendered from the table in `topics.py`.

Each example is run through `compare_terms` (added to a one-line document) so the page shows
what the tool really says of it, and cannot drift from the code.
"""

from __future__ import annotations

import sys

from .. import docgen
from ..model import Change
from . import topics
from .compare import compare_terms
from .rules import TOPIC_RULES


def example_verdict(example: str) -> Change:
    """What `compare_terms` reports when `example` is added to a short document."""
    base = "# Terms\n\nThese terms apply to the service."
    changes = compare_terms(f"{base}\n", f"{base} {example}\n").changes
    return changes[0]


def _patterns(patterns: tuple[str, ...]) -> str:
    return " ".join(f"`{docgen.cell(p)}`" for p in patterns) or "-"


def topic_reference() -> str:
    """Markdown: the topics with their trigger patterns and a checked example, then the phrase lists."""
    lines = ["| rule | topic | strong words | context words | example (as added to a document) | verdict |",
             "| --- | --- | --- | --- | --- | --- |"]
    for t in topics.TOPICS:
        verdict = example_verdict(t.example)
        lines.append(f"| `{TOPIC_RULES[t.id].id}` | {t.name} | {_patterns(t.strong)} "
                     f"| {_patterns(t.context)} | {docgen.cell(t.example)} | {verdict.level.value} |")
    arrival = ", ".join(f"`{t}`" for t in sorted(topics.ARRIVAL_TAKES))
    not_in = [f"`{t.id}`: `{docgen.cell(t.not_in)}`" for t in topics.TOPICS if t.not_in]
    scope = [f"`{t.id}`: {_patterns(t.scope)}" for t in topics.TOPICS if t.scope]
    lines += [
        "",
        f"Topics where a strong word arriving in a passage that had none is breaking, and the clause "
        f"leaving the document is info: {arrival}.",
        "",
        "Scope words (newly named in a passage that keeps its clause: breaking): " + "; ".join(scope) + ".",
        "",
        "Sentences where strong words do not count: " + "; ".join(not_in) + ".",
        "",
        "Provider-power phrases (inserted: breaking): " + _patterns(topics.PROVIDER_GAINS) + ".",
        "",
        "Customer-protection phrases (deleted: breaking): " + _patterns(topics.CUSTOMER_RIGHTS) + ".",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # python -m nosurprises.terms.reference docs/terms.md
    docgen.rewrite_page(sys.argv[1], "topic_reference", topic_reference())
