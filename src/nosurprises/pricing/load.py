"""Reading price books: YAML or JSON through the safe loader, CSV for simple lists.

CSV carries one plan per row (`plan,name,amount,currency,interval[,per]`), enough for a
plain price list; anything richer is YAML or JSON. Every problem names the file, the plan
and the field.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import InputError
from ..load import load_document
from ..load.csvfile import open_csv
from ..load.source import MAX_BYTES, looks_like_path
from .model import PriceBook

CSV_COLUMNS = ("plan", "name", "amount", "currency", "interval")
CSV_OPTIONAL = ("per",)
_PLAN_INDEX = re.compile(r"plans\[(\d+)\]")


def load_pricebook(source: Any, *, label: str | None = None, max_bytes: int = MAX_BYTES) -> PriceBook:
    """A price book from a path (YAML, JSON or CSV), text, a dict or `git:REF:PATH`."""
    if isinstance(source, PriceBook):
        return source
    if label:
        name = label
    elif isinstance(source, Path) or (isinstance(source, str) and looks_like_path(source)):
        name = str(source)
    else:
        name = "<string>" if isinstance(source, str | bytes) else "<dict>"
    lines: list[int] = []
    if isinstance(source, str | Path) and str(source).lower().endswith(".csv"):
        data, lines = _read_csv(Path(source), name, max_bytes)
    else:
        data = load_document(source, label=label, max_bytes=max_bytes).data
    if not isinstance(data, dict):
        raise InputError(name, "is not a price book (its top level is not a mapping)")
    duplicate = _first_duplicate(data)
    if duplicate:
        raise InputError(name, _with_line(duplicate, lines))
    try:
        return PriceBook.model_validate(data)
    except ValidationError as exc:
        raise InputError(name, _with_line(describe(exc, data), lines)) from None


_ENTRY_WORDS = {"products": "product", "plans": "plan", "limits": "limit",
                "usage_prices": "usage price", "features": "feature"}


def describe(exc: ValidationError, data: Any) -> str:
    """The most telling problem as `where (plan 'p', limit 'l'): message`.

    Naming the plan as well as the entry matters here: every plan has a `limits[0]`. A value
    that fits no member of a union (`value: -5` of a limit, an int or `unlimited`) gives one
    error per member: the deepest that is not a mere type mismatch is the one that explains
    (`greater than or equal to 0`, not `Input should be 'unlimited'`), and the members'
    names (`constrained-int`, `Feature`) are left out of the place.
    """
    errors = [(_place(error["loc"], data), error) for error in exc.errors()]
    (steps, names), error = min(errors, key=lambda e: (-len(e[0][0]), _mismatch(e[1]["type"])))
    where = ".".join(steps).replace(".[", "[")
    named = f" ({', '.join(names)})" if names else ""
    # the union members that failed on the way to this one are not other problems
    others = len({tuple(s) for (s, _), _ in errors if tuple(s) != tuple(steps[:len(s)])})
    more = f" and {others} more problem(s)" if others else ""
    message = error["msg"].removeprefix("Value error, ")
    return f"{where}{named}: {message}{more}" if where or named else f"{message}{more}"


_UNION_TAG = re.compile(r"^(str|int|bool|float|none|constrained-\w+|(list|dict|literal|function-\w+)"
                        r"\[.*\]|[A-Z]\w*)$")
"""How pydantic names the members of a union in an error's location."""


def _place(loc: tuple[Any, ...], data: Any) -> tuple[list[str], list[str]]:
    """The steps of `loc` that name something in `data`, and the entries with ids on the way."""
    steps: list[str] = []
    names: list[str] = []
    node, parent = data, None
    for step in loc:
        if isinstance(step, str) and _UNION_TAG.match(step) and not (
                isinstance(node, dict) and step in node):
            continue
        steps.append(f"[{step}]" if isinstance(step, int) else str(step))
        if isinstance(node, dict):
            parent, node = step, node.get(step)
        elif isinstance(node, list) and isinstance(step, int) and step < len(node):
            node = node[step]
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                names.append(f"{_ENTRY_WORDS.get(str(parent), 'entry')} {node['id']!r}")
        else:
            node = None
    return steps, names


def _mismatch(kind: str) -> bool:
    """An error that only says the value is not of one union member's type."""
    return kind.endswith(("_type", "_parsing")) or kind in ("literal_error", "none_required")


def _first_duplicate(data: dict[str, Any]) -> str | None:
    """The first id used twice, with its place: the model alone cannot point at the entry."""
    products = data.get("products")
    groups: list[tuple[str, str, Any]] = [("plans", "", data.get("plans"))]
    if isinstance(products, list):
        groups += [(f"products[{i}].plans", f"product {p.get('id')!r}, ", p.get("plans"))
                   for i, p in enumerate(products) if isinstance(p, dict)]
    for where, context, plans in groups:
        found = _duplicate_in(plans, where, context, "plan")
        if found:
            return found
        for j, plan in enumerate(plans if isinstance(plans, list) else []):
            if not isinstance(plan, dict):
                continue
            for field, word in (("limits", "limit"), ("usage_prices", "usage price")):
                found = _duplicate_in(plan.get(field), f"{where}[{j}].{field}",
                                      f"{context}plan {plan.get('id')!r}, ", word)
                if found:
                    return found
    return None


def _duplicate_in(entries: Any, where: str, context: str, word: str) -> str | None:
    seen: dict[str, int] = {}
    for i, entry in enumerate(entries if isinstance(entries, list) else []):
        ident = entry.get("id") if isinstance(entry, dict) else None
        if not isinstance(ident, str):
            continue
        if ident in seen:
            return (f"{where}[{i}].id ({context}{word} {ident!r}): duplicate {word} id {ident!r} "
                    f"(also {where}[{seen[ident]}])")
        seen[ident] = i
    return None


def is_pricebook(data: Any) -> bool:
    """Whether a parsed document looks like a price book rather than an OpenAPI document."""
    return isinstance(data, dict) and (data.get("kind") == "pricing" or (
        ("plans" in data or "products" in data) and "openapi" not in data and "swagger" not in data))


def _read_csv(path: Path, name: str, max_bytes: int) -> tuple[dict[str, Any], list[int]]:
    """The book a CSV price list describes, and the line of each plan (for error messages).

    Every row has exactly the header's cells: a cell more or less is a misplaced comma far
    more often than a fact, and reading on would shift amounts into other columns."""
    reader = open_csv(path, name, max_bytes)
    header = [h.strip() for h in reader.fieldnames or []]
    if not header:
        raise InputError(name, "has no rows (expected a header and one row per plan)")
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        raise InputError(name, f"lacks the column(s) {', '.join(missing)} "
                               f"(expected {', '.join(CSV_COLUMNS)}[, per])")
    unknown = [h for h in header if h not in (*CSV_COLUMNS, *CSV_OPTIONAL)]
    if unknown:
        raise InputError(name, f"line 1: unknown column(s) {', '.join(map(repr, unknown))} "
                               f"(a CSV price list has {', '.join(CSV_COLUMNS)}[, per]; use YAML "
                               "or JSON for more)")
    plans, lines = [], []
    for raw_row in reader:
        line = reader.line_num
        if None in raw_row:
            extra = len(raw_row[None])  # type: ignore[index]
            raise InputError(name, f"line {line}: {len(header) + extra} cells, but the header "
                                   f"has {len(header)} columns (a stray comma? quote cells "
                                   "that hold one)")
        row = {k.strip(): v for k, v in raw_row.items()}
        short = [k for k, v in row.items() if v is None]
        if short:
            if not any(v for v in row.values()):
                continue  # a blank line
            raise InputError(name, f"line {line}: {len(header) - len(short)} cells, but the "
                                   f"header has {len(header)} columns (missing: {', '.join(short)})")
        if not any(v.strip() for v in row.values()):
            continue  # a row of empty cells, as spreadsheets export
        price = {"amount": row["amount"].strip() or None, "currency": row["currency"].strip(),
                 "interval": row["interval"].strip()}
        if row.get("per", "").strip():
            price["per"] = row["per"].strip()
        plans.append({"id": row["plan"].strip(), "name": row["name"].strip(), "price": price})
        lines.append(line)
    if not plans:
        raise InputError(name, "has no rows (expected a header and one row per plan)")
    return {"kind": "pricing", "plans": plans}, lines


def _with_line(message: str, lines: list[int]) -> str:
    """`plans[2].price.amount ...` of a CSV book is line 4 of its file: say both."""
    match = _PLAN_INDEX.match(message)
    if match is None or int(match[1]) >= len(lines):
        return message
    return f"line {lines[int(match[1])]}: {message}"
