"""CSV files (price lists, usage exports) read with the same limits as every other input.

Spreadsheets export with LF, CRLF or a lone CR (classic Mac, some Excel exports) between
rows; all three are rows. The text is handed to the csv module untranslated (`newline=""`),
so a quoted cell keeps its own line breaks. A cell over the csv module's limit (131,072
characters unless the process raised it: the limit is process-wide state, left alone here,
and no price list or usage export has a cell anywhere near it), a header that names a
column twice, or any other malformed row is an `InputError` naming the file and the line,
never the csv module's exception.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import InputError


class CsvReader(csv.DictReader):  # type: ignore[type-arg]
    """A dict reader whose errors name the file and the line."""

    def __init__(self, text: str, name: str) -> None:
        super().__init__(io.StringIO(text, newline=""))
        self.name = name
        self._checked = False

    def _problem(self, exc: csv.Error) -> InputError:
        text = str(exc)
        if "field larger than field limit" in text:
            text = f"a cell is longer than {csv.field_size_limit():,} characters"
        return InputError(self.name, f"line {max(self.reader.line_num, 1)}: {text}")

    @property
    def fieldnames(self) -> Sequence[str] | None:  # type: ignore[override]
        try:
            names = csv.DictReader.fieldnames.fget(self)  # type: ignore[attr-defined]
        except csv.Error as exc:
            raise self._problem(exc) from None
        if self._checked:  # DictReader asks for every row: the header is checked once
            return names  # type: ignore[no-any-return]
        self._checked = True
        twice = [n for n, count in Counter(n.strip() for n in names or []).items() if count > 1]
        if twice:
            raise InputError(self.name, f"line 1: the header names the column "
                                        f"{', '.join(map(repr, twice))} more than once")
        return names  # type: ignore[no-any-return]

    def __next__(self) -> dict[str | Any, str | Any]:
        try:
            return super().__next__()
        except csv.Error as exc:
            raise self._problem(exc) from None


def open_csv(path: Path, name: str, max_bytes: int) -> CsvReader:
    """A dict reader over a UTF-8 CSV file, its size checked before more is read."""
    try:
        if path.exists() and not path.is_file():  # a directory, a FIFO, a device: never read
            raise InputError(name, "is not a regular file")
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
    return CsvReader(text, name)


def wider_than(rows: bytes, width: int, *, quoted: bool) -> bool:
    """Whether a row among `rows` (whole rows; with `quoted`, each quoted cell already folded
    into one plain character) has more than `width` cells.

    DuckDB's strict CSV reader refuses a row with a non-empty cell past the last column but
    drops empty ones (`a,p,1,`, and `a,p,1,""`), which the csv module counts and this
    project's exact readers refuse: a file with such a row must go to them, for the two
    readers to agree. Without quotes such a row ends in a comma, which one C search finds,
    so most files are not searched row by row. Rows end at LF, CRLF or a lone CR."""
    if not quoted and b",\n" not in rows and b",\r" not in rows and not rows.endswith(b","):
        return False
    return re.search(rb"(?:^|(?<=[\r\n]))(?:[^,\r\n]*,){%d}" % width, rows) is not None
