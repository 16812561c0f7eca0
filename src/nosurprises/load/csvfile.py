"""CSV files (price lists, usage exports) read with the same limits as every other input."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..errors import InputError


def open_csv(path: Path, name: str, max_bytes: int) -> csv.DictReader:
    """A dict reader over a UTF-8 CSV file, its size checked before more is read."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(name, f"cannot be read ({exc.strerror or exc})") from None
    if len(raw) > max_bytes:
        raise InputError(name, f"is over the limit of {max_bytes:,} bytes")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(name, f"is not valid UTF-8 (byte {exc.start})") from None
    return csv.DictReader(io.StringIO(text))
