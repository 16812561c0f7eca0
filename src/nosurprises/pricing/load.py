"""Reading price books: YAML or JSON through the safe loader, CSV for simple lists.

CSV carries one plan per row (`plan,name,amount,currency,interval[,per]`), enough for a
plain price list; anything richer is YAML or JSON. Every problem names the file, the plan
and the field.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import InputError
from ..load import load_document
from ..load.source import MAX_BYTES
from .model import PriceBook

CSV_COLUMNS = ("plan", "name", "amount", "currency", "interval")


def load_pricebook(source: Any, *, label: str | None = None, max_bytes: int = MAX_BYTES) -> PriceBook:
    """A price book from a path (YAML, JSON or CSV), text, a dict or `git:REF:PATH`."""
    if isinstance(source, PriceBook):
        return source
    name = label or (str(source) if isinstance(source, str | Path) else "<dict>")
    if isinstance(source, str | Path) and str(source).lower().endswith(".csv"):
        data: Any = _read_csv(Path(source), name, max_bytes)
    else:
        data = load_document(source, label=label, max_bytes=max_bytes).data
    if not isinstance(data, dict):
        raise InputError(name, "is not a price book (its top level is not a mapping)")
    try:
        return PriceBook.model_validate(data)
    except ValidationError as exc:
        from ..policy.load import describe

        raise InputError(name, describe(exc, data)) from None


def is_pricebook(data: Any) -> bool:
    """Whether a parsed document looks like a price book rather than an OpenAPI document."""
    return isinstance(data, dict) and (data.get("kind") == "pricing" or (
        ("plans" in data or "products" in data) and "openapi" not in data and "swagger" not in data))


def _read_csv(path: Path, name: str, max_bytes: int) -> dict[str, Any]:
    try:
        raw = path.read_bytes()[: max_bytes + 1]
    except OSError as exc:
        raise InputError(name, f"cannot be read ({exc.strerror or exc})") from None
    if len(raw) > max_bytes:
        raise InputError(name, f"is over the limit of {max_bytes:,} bytes")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(name, f"is not valid UTF-8 (byte {exc.start})") from None
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows:
        raise InputError(name, "has no rows (expected a header and one row per plan)")
    missing = [c for c in CSV_COLUMNS if c not in (rows[0].keys() or ())]
    if missing:
        raise InputError(name, f"lacks the column(s) {', '.join(missing)} "
                               f"(expected {', '.join(CSV_COLUMNS)}[, per])")
    plans = []
    for row in rows:
        price = {"amount": row["amount"] or None, "currency": row["currency"],
                 "interval": row["interval"]}
        if row.get("per"):
            price["per"] = row["per"]
        plans.append({"id": row["plan"], "name": row["name"], "price": price})
    return {"kind": "pricing", "plans": plans}
