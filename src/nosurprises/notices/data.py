"""The notice as data (`notice.json`): for a mail system, a status page or a CRM to send.

The same facts the other channels render, as JSON with sorted keys; its schema is
`nosurprises schema notice`.
"""

from __future__ import annotations

import orjson

from .model import Notice

FILE = "notice.json"


def render(notice: Notice) -> str:
    """The `Notice` model as indented JSON, keys sorted: the same bytes for the same notice."""
    return orjson.dumps(notice.model_dump(mode="json"), option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS
                        ).decode() + "\n"
