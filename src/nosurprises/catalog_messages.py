"""What the catalogs hold that no gettext call in the source spells out: the rules' texts.

Rules are data (`rule.py`): their title, reviewer's sentence, customer's sentence and what
the customer can do are declared as fields, some built from tables (one rule per terms
topic), so no `_()` marks them. Babel calls `extract` for `src/nosurprises/rules.py` (see
`babel.cfg`) and it yields every text of every rule of the catalog with the rule id as its
context, and every fixed phrase of `words.WORDS` with its key, as `pgettext` calls would.
Only the maintainers' `pybabel extract` runs this; nothing at run time imports it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import Any

FIELDS = ("title", "message", "customer", "todo")
"""The texts of a rule a reader sees: the title and sentence in reports, the customer's
sentence and what to do in notices. `why`, `hint` and `example` document a rule for the
provider's engineers (`rules --explain`) and stay English."""

_NOTES = {
    "title": "title of a rule in reports and notices",
    "message": "the reviewer's sentence about one change (reports)",
    "customer": "the provider tells its customers, before the change takes effect "
                "(\"we\", future tense)",
    "todo": "what the customer can do, said by the provider",
}


def extract(fileobj: Any, keywords: Collection[str], comment_tags: Collection[str],
            options: Mapping[str, Any]) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    """Babel's extractor interface: (line, function, (context, text), translator comments)."""
    from .rules import CATALOG
    from .words import WORDS

    for rule_id in sorted(CATALOG):
        rule = CATALOG[rule_id]
        for name in FIELDS:
            text = getattr(rule, name)
            if text:
                yield 0, "pgettext", (rule_id, text), [
                    f"{rule_id} ({rule.level.value}), {_NOTES[name]}. Keep every {{fact}} as "
                    "it is; `backticks` mark a name the document writes."]
    for key, text in WORDS.items():
        yield 0, "pgettext", (key, text), ["A fixed phrase inside a sentence."]
