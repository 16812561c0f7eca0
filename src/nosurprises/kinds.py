"""What kind of document a source is: OpenAPI, price book or terms, and one line when two differ.

`diff`, `check`, `plan` and `notice` compare two documents of one kind. Each document's kind is
found from what it holds (an `openapi`/`swagger` field; `plans`/`products`) or its name (`.csv`
is a price list; `.md`, `.txt`, `.html` are terms), so that comparing a spec with a price book,
or asking for `--kind terms` on a spec, names both documents and stops instead of reporting
schema errors or a "licence" found in the word `license`.
"""

from __future__ import annotations

from typing import Any

from .errors import InputError
from .load import Document, load_document
from .pricing.load import is_pricebook

TERMS_SUFFIXES = (".md", ".markdown", ".txt", ".text", ".html", ".htm", ".xhtml")
WHAT = {"openapi": "an OpenAPI document", "pricing": "a price book", "terms": "a terms document"}


def name_of(source: Any) -> str:
    return source.label if isinstance(source, Document) else str(source)


def kind_by_name(source: Any) -> str | None:
    name = name_of(source).lower()
    if name.endswith(".csv"):
        return "pricing"
    if name.endswith(TERMS_SUFFIXES):
        return "terms"
    return None


def kind_of_data(data: Any) -> str | None:
    """"openapi" or "pricing" from a parsed document's fields; None when it shows neither."""
    if isinstance(data, dict) and ("openapi" in data or "swagger" in data):
        return "openapi"
    return "pricing" if is_pricebook(data) else None


def detect(source: Any, max_bytes: int) -> tuple[str | None, Any]:
    """The kind of `source` and the source to compare (parsed once when it had to be read).

    A document that cannot be parsed as YAML or JSON has no kind here: its comparer reports
    why, in its own words.
    """
    by_name = kind_by_name(source)
    if by_name:
        return by_name, source
    try:
        doc = load_document(source, max_bytes=max_bytes)
    except InputError:
        return None, source
    return kind_of_data(doc.data), doc


def check_kinds(wanted: str, old: tuple[str | None, Any], new: tuple[str | None, Any],
                old_source: Any, new_source: Any) -> None:
    """Refuse, in one line naming the files, documents of another kind or of two kinds."""
    (old_kind, _), (new_kind, _) = old, new
    if wanted == "auto":
        if old_kind and new_kind and old_kind != new_kind:
            raise InputError(name_of(old_source), f"is {WHAT[old_kind]} but {name_of(new_source)} "
                                                  f"is {WHAT[new_kind]}: compare two documents "
                                                  "of the same kind")
        return
    for kind, source in ((old_kind, old_source), (new_kind, new_source)):
        if kind and kind != wanted:
            raise InputError(name_of(source), f"is {WHAT[kind]}, not {WHAT[wanted]} "
                                              f"(--kind {wanted})")
