"""Which subscriptions to cost, from a usage file of any size: DuckDB queries it out of core.

A usage file of a million customers is not loaded: DuckDB reads it (CSV, JSON lines or
Parquet) in parallel and in bounded memory, and runs `usage_sql`'s query over it: the check
that every row is provably valid, then the rows on changed plans, the only ones costed. When
the check cannot prove a file valid, or DuckDB cannot read it as the csv module would, the
rows go through `usage.scan` (the exact validation, one row at a time, keeping only the rows
on changed plans), which names the first problem exactly as a whole load always did. Files
under `SMALL` bytes skip DuckDB: its start-up (about 0.15 s) would cost more than it saves.

DuckDB is imported here, and only when a large file is queried.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import orjson

from ..duck import connect
from ..duck import sql_name as _quote
from ..duck import sql_text as _text
from ..errors import InputError
from ..load.csvfile import wider_than
from ..load.source import MAX_BYTES, check_file
from .model import MAX_COUNT
from .usage import (
    CSV_COLUMNS,
    USAGE_PREFIX,
    Checks,
    Row,
    Subscription,
    check_header,
    flat_entry,
    scan,
    subscription,
    usage_format,
    usage_name,
    usage_rows,
)
from .usage_sql import COUNT, PERIODS, SPACE, strip_sql, usage_query

if TYPE_CHECKING:
    import duckdb

Engine = Literal["auto", "duckdb", "python"]
"""auto: DuckDB for usage files of SMALL bytes or more (Parquet always), the scan below; or either one."""
SMALL = 384 * 1024
"""Below this size (about 12,000 CSV rows) the Python scan is faster than starting DuckDB (measured:
6,000 rows 0.20 s against 0.35 s; 20,000 rows 0.72 s against 0.50 s, whole import included)."""
MEMORY = {"csv": "128MB", "parquet": "128MB", "jsonl": "192MB"}
"""DuckDB's memory limit by format (the JSON of a million lines needs more to check): past it,
DuckDB spills or fails, and a failure is a scan, never a wrong answer."""
BATCH = 10_000


def affected_subscriptions(source: Any, checks: Checks, changed: frozenset[str], *,
                           label: str | None = None, max_bytes: int = MAX_BYTES,
                           engine: Engine = "auto") -> list[Subscription]:
    """The subscriptions of `source` on `changed` plans, every row checked (see the module)."""
    fmt = usage_format(source)
    name = usage_name(source, label)
    if fmt is not None and engine != "python":
        size = check_file(Path(source), name, max_bytes)
        if engine == "duckdb" or fmt == "parquet" or size >= SMALL:
            found = _query(Path(source), fmt, name, checks, changed)
            if found is not None:
                return found
    return scan(usage_rows(source, label=label, max_bytes=max_bytes), checks, changed.__contains__)


def _query(path: Path, fmt: str, name: str, checks: Checks, changed: frozenset[str]
           ) -> list[Subscription] | None:
    """The affected subscriptions when DuckDB proves the file valid; None to scan it instead."""
    import duckdb

    con = connect(MEMORY[fmt])
    try:
        relation = {"csv": _csv_view, "jsonl": _jsonl_view, "parquet": _parquet_view}[fmt](
            con, path, name, checks)
        if relation is None:
            return None
        columns, odd = relation
        query = usage_query(columns, checks.plans, changed, checks.units, odd=odd)
        found = con.execute(query.check).fetchone()
        assert found is not None
        subscriptions, unproven, twice = found
        if unproven or twice or not subscriptions:
            return None
        cursor = con.execute(query.affected)
        out = []
        while batch := cursor.fetchmany(BATCH):
            for row in batch:
                out.append(_subscription(name, fmt, dict(zip(query.columns, row, strict=True))))
        return out
    except (duckdb.Error, InputError):
        return None  # the exact scan says what is wrong, or reads what DuckDB could not
    finally:
        con.close()


def _subscription(name: str, fmt: str, row: dict[str, Any]) -> Subscription:
    """A row the check proved valid, validated as the scan would (its values exactly so)."""
    if fmt == "jsonl":
        return subscription(name, "line", orjson.loads(row["json"]))
    cells = {k: v.strip() if isinstance(v, str) else v for k, v in row.items()}
    return subscription(name, "row", flat_entry(cells), flat=True)


# --- CSV ---------------------------------------------------------------------------------

_QUOTED = re.compile(rb'(?<![^,\r\n])"(?:[^"\r\n]|"")*"(?![^,\r\n])')
"""A quoted cell DuckDB reads as the csv module does: the whole cell, no line break inside."""


def _csv_header(path: Path) -> list[str] | None:
    """The header as the csv module reads it, or None if it is not a plain valid one."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            header = [h.strip() for h in next(csv.reader(handle))]
    except (OSError, UnicodeDecodeError, csv.Error, StopIteration):
        return None
    if any("\n" in h or "\r" in h for h in header) or max(Counter(header).values(), default=0) > 1:
        return None
    return header


def _plain_cells(path: Path, width: int) -> bool:
    """Whether DuckDB and the csv module read the same cells: every `"` opens or closes a
    plainly quoted cell (around other quotes, ` "a"`, `"a"b`, they read different ones), and
    no row has more cells than the header's `width` (DuckDB drops empty cells past the last
    column, `a,p,1,`, which the csv module counts and the scan refuses)."""
    rest = b""
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 22):
            chunk = rest + chunk
            cut = max(chunk.rfind(b"\n"), chunk.rfind(b"\r")) + 1
            whole, rest = (chunk[:cut], chunk[cut:]) if cut else (b"", chunk)
            if not _plain(whole, width):
                return False
    return _plain(rest, width)


def _plain(lines: bytes, width: int) -> bool:
    quoted = b'"' in lines
    if quoted:
        lines = _QUOTED.sub(b"q", lines)  # a quoted cell, its commas not delimiters, is one cell
        if b'"' in lines:
            return False
    return not wider_than(lines, width, quoted=quoted)


def _csv_view(con: duckdb.DuckDBPyConnection, path: Path, name: str, checks: Checks
              ) -> tuple[list[str], str | None] | None:
    header = _csv_header(path)
    if header is None or not _plain_cells(path, len(header)):
        return None
    check_header(header, name)
    types = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(header)))
    cells = ", ".join(f"c{i} AS {_quote(h)}" for i, h in enumerate(header))
    con.execute(f"""CREATE VIEW usage AS SELECT {cells} FROM read_csv({_text(path)}, header = true,
                    delim = ',', quote = '"', escape = '"', null_padding = true, strict_mode = true,
                    auto_detect = false, columns = {{{types}}})""")
    return header, None


# --- Parquet -----------------------------------------------------------------------------

_TEXT_TYPES = ("VARCHAR",)
_EXACT = re.compile(r"(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|DECIMAL\(\d+,\d+\))")


def _parquet_columns(con: duckdb.DuckDBPyConnection, path: Path, name: str) -> dict[str, str]:
    try:
        described = con.execute(f"DESCRIBE SELECT * FROM read_parquet({_text(path)})").fetchall()
    except Exception as exc:  # duckdb.Error: the file is not Parquet DuckDB can read
        raise InputError(name, f"is not a Parquet file that can be read ({_first(exc)})") from None
    columns = {str(row[0]): str(row[1]) for row in described}
    check_header(list(columns), name)
    return columns


def _first(exc: Exception) -> str:
    return str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__


def _parquet_view(con: duckdb.DuckDBPyConnection, path: Path, name: str, checks: Checks
                  ) -> tuple[list[str], str | None]:
    """Every column as text; `odd` where a value is of a type the scan refuses or reads
    differently (a float, which may already be rounded; a number as a customer id)."""
    columns = _parquet_columns(con, path, name)
    odd = []
    for column, kind in columns.items():
        quoted = _quote(column)
        text = kind in _TEXT_TYPES
        exact = bool(_EXACT.fullmatch(kind))
        if not (text or (exact and column not in CSV_COLUMNS)):
            odd.append(f"{quoted} IS NOT NULL")
        elif exact and not kind.startswith("DECIMAL"):  # an integer count is at most MAX_COUNT
            odd.append(f"COALESCE({quoted} > {MAX_COUNT}, FALSE)")
    cells = ", ".join(f"CAST({_quote(c)} AS VARCHAR) AS {_quote(c)}" for c in columns)
    con.execute(f"CREATE VIEW usage AS SELECT {cells}, ({' OR '.join(odd) or 'FALSE'}) AS odd "
                f"FROM read_parquet({_text(path)})")
    return list(columns), '"odd"'


def parquet_rows(path: Path, name: str, max_bytes: int = MAX_BYTES) -> Iterator[Row]:
    """The rows of a Parquet usage file, in file order, read by DuckDB a batch at a time;
    each a flat row as a CSV row would be (text stripped, empty or null cells absent)."""
    check_file(path, name, max_bytes)
    con = connect(MEMORY["parquet"])
    columns = list(_parquet_columns(con, path, name))
    return _parquet_records(con, path, name, columns)


def _parquet_records(con: duckdb.DuckDBPyConnection, path: Path, name: str, columns: list[str]
                     ) -> Iterator[Row]:
    any_row = False
    try:
        cursor = con.execute(f"SELECT * FROM read_parquet({_text(path)}, file_row_number = true) "
                             "ORDER BY file_row_number")
        while batch := cursor.fetchmany(BATCH):
            for values in batch:
                cells = {c: _cell(v) for c, v in zip(columns, values[:-1], strict=True)}
                if all(v in (None, "") for v in cells.values()):
                    continue
                any_row = True
                yield f"row {values[-1] + 1}", flat_entry(cells)
    finally:
        con.close()
    if not any_row:
        raise InputError(name, "has no rows (expected one row per subscription)")


def _cell(value: Any) -> Any:
    """A Parquet value as the scan reads it: text stripped, decimals as their exact text."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, Decimal):
        return str(value)
    return value


# --- JSON lines --------------------------------------------------------------------------


def _jsonl_view(con: duckdb.DuckDBPyConnection, path: Path, name: str, checks: Checks
                ) -> tuple[list[str], str | None]:
    """customer, plan, quantity and the line itself; `odd` for a line whose keys or value
    types are not plainly those of a valid subscription (then the scan reads every line)."""
    units = "[" + ", ".join(_text(u) for u in sorted(checks.units)) + "]"
    periods = "[" + ", ".join(_text(p) for p in sorted(PERIODS)) + "]"
    value, k = "e.value", "e.key"
    key_ok = (f"(list_contains({units}, split_part({k}, '/', 1)) AND (NOT contains({k}, '/') OR "
              f"(length({k}) - length(replace({k}, '/', '')) = 1 AND "
              f"list_contains({periods}, split_part({k}, '/', 2)))))")
    text = f"({value} ->> '$')"
    value_ok = (f"((json_type({value}) = 'UBIGINT' AND TRY_CAST({value} AS HUGEINT) <= {MAX_COUNT}) OR "
                f"(json_type({value}) = 'VARCHAR' AND regexp_matches(replace({strip_sql(text)}, '_', ''), "
                f"{_text(COUNT)})))")
    edge = _text(f"^[{SPACE}]|[{SPACE}]$")  # white space at an edge: pydantic keeps it, TRIM would not
    odd = " OR ".join([
        "json_type(json) <> 'OBJECT'",
        "NOT list_has_all(['customer', 'plan', 'quantity', 'usage'], json_keys(json))",
        "len(json_keys(json)) <> len(list_distinct(json_keys(json)))",
        "json_type(json, '$.customer') IS DISTINCT FROM 'VARCHAR'",
        "json_type(json, '$.plan') IS DISTINCT FROM 'VARCHAR'",
        *(f"regexp_matches(json ->> '{key}', {edge})" for key in ("customer", "plan")),
        "(json_type(json, '$.quantity') IS NOT NULL AND json_type(json, '$.quantity') <> 'UBIGINT')",
        "(json_type(json, '$.usage') IS NOT NULL AND (json_type(json, '$.usage') <> 'OBJECT' OR NOT "
        "list_bool_and(list_transform(map_entries(CAST(json -> 'usage' AS MAP(VARCHAR, JSON))), "
        f"lambda e: {key_ok} AND {value_ok}))))"])
    con.execute(f"""CREATE VIEW usage AS SELECT json ->> 'customer' AS customer, json ->> 'plan' AS plan,
                    json ->> 'quantity' AS quantity, CAST(json AS VARCHAR) AS json, ({odd}) AS odd
                    FROM read_ndjson_objects({_text(path)})""")
    return ["customer", "plan", "quantity", "json"], '"odd"'


__all__ = ["SMALL", "USAGE_PREFIX", "Engine", "affected_subscriptions", "connect", "parquet_rows"]
