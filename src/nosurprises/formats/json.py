"""The JSON report: the contract of DESIGN.md, byte-for-byte stable for the same input."""

from __future__ import annotations

import orjson

from ..model import Report
from .detail import check_detail


def render_json(report: Report, source: str | None = None, *, detail: str = "operations") -> str:
    """Indented, key-sorted JSON with a trailing newline (stable across runs).

    `detail` `operations` (the default): the whole contract, `changes` listing every change.
    `groups`: the same object without `changes` (the key is absent, not empty, so no reader
    takes it for "no changes"): `summary`, `groups` and `warnings` as always, so one schema
    change reaching 10,000 operations is one group, not 10,000 entries."""
    exclude = {"changes"} if check_detail(detail) == "groups" else None
    data = report.model_dump(mode="json", exclude=exclude)
    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode() + "\n"
