"""JSON lines files (usage exports, customer directories) read with the limits of every input."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from ..errors import InputError
from .source import read_bytes


@dataclass(frozen=True, slots=True)
class NotJson:
    """A line that is not JSON, and what orjson said of it."""

    reason: str


def json_lines(path: Path, name: str, max_bytes: int) -> Iterator[tuple[int, Any]]:
    """(line number, value) for each non-blank line, the value a `NotJson` where the line is not
    JSON: the caller decides whether that ends the file or is one bad row among others. A
    file over `max_bytes` or not UTF-8 is an `InputError` naming it."""
    try:
        text = read_bytes(path, name, max_bytes).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(name, f"is not valid UTF-8 (byte {exc.start})") from None
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            yield number, orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            yield number, NotJson(str(exc).split(":")[0])
