"""The JSON report: the contract of DESIGN.md, byte-for-byte stable for the same input."""

from __future__ import annotations

import orjson

from ..model import Report


def render_json(report: Report, source: str | None = None) -> str:
    """Indented, key-sorted JSON with a trailing newline (stable across runs)."""
    data = report.model_dump(mode="json")
    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode() + "\n"
