"""The references of the policy file and the ledger, generated so their pages cannot drift.

`python -m nosurprises.policy.reference docs/policy.md` (or `docs/ledger.md`) rewrites the
generated blocks the page holds. The ledger's entry point lives here, not in `ledger.py`:
the package imports that module, so `python -m` on it would run a second copy.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from pydantic import BaseModel

from .. import docgen
from .ledger import ledger_reference
from .model import NoticeRule, Policy, PolicyFile

MODELS: tuple[type[BaseModel], ...] = (PolicyFile, Policy, NoticeRule)
"""The models a policy file is made of, in the order the reference lists them."""

WHERE = {
    "PolicyFile": "The whole file, as `nosurprises schema policy` describes it; in `pyproject.toml` "
                  "the `[tool.nosurprises]` table. Any other key is an error; the option sections are "
                  "described in [the command line reference](cli.md#configuration-file).",
    "Policy": "The `policy:` mapping of `nosurprises.yaml`, or `[tool.nosurprises.policy]` in "
              "`pyproject.toml`.",
    "NoticeRule": "An entry of `rules` (in a policy or a pack).",
}


def policy_reference() -> str:
    """A Markdown table per model: field, type, default, description."""
    schema = docgen.model_schema(PolicyFile)
    defs = schema.get("$defs", {})
    return "\n\n".join(
        docgen.fields_table(m.__name__, schema if m is PolicyFile else defs[m.__name__], defs,
                            intro=WHERE[m.__name__])
        for m in MODELS) + "\n"


BLOCKS: dict[str, Callable[[], str]] = {"policy_reference": policy_reference,
                                        "ledger_reference": ledger_reference}
"""The generated blocks this module regenerates, by the name in their markers."""


if __name__ == "__main__":  # python -m nosurprises.policy.reference docs/policy.md
    docgen.regenerate(sys.argv[1], BLOCKS)
