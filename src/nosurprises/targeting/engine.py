"""Request logs of any size: DuckDB reads and aggregates them out of core.

Ten million access-log lines are not read into Python. DuckDB reads the file in parallel and
in bounded memory (a log as one text column of `read_csv` with a delimiter no log holds and
no quoting, JSON lines with `read_ndjson_objects`, CSV and Parquet as tables), parses each
line with the same patterns as the exact scan (`requests.py`: written so that Python's `re`
and DuckDB's RE2 read them alike), and keeps only the distinct
(customer, method, path, parameter names) with their count and last time. Paths are matched
to the spec's templates afterwards, in Python, once per distinct path.

Every line gets a kind in the same pass: a call, anonymous, outside the window, skipped (no
API call), or *bad* when the SQL cannot vouch for it (no log line, a time it cannot read, a
value of an unexpected type, any form the SQL does not parse exactly as the scan). One bad
line, or any error DuckDB raises, and the whole file goes to `requests.scan`, which names
the first problem exactly (`file:LINE: ...`) or reads what the SQL left to it. Files under
`SMALL` bytes skip DuckDB: starting it costs more than it saves.

DuckDB is imported here, and only when a large file is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ..duck import connect
from ..duck import sql_name as _quote
from ..duck import sql_text as _text
from ..errors import InputError
from ..load.csvfile import wider_than
from ..load.source import MAX_BYTES, check_file
from .requests import (
    BLANK,
    CLF_LINE,
    CLF_TIME,
    FIRST_US,
    FORMATS,
    ISO_TIME,
    LAST_US,
    REQUEST,
    TARGET_PATH,
    TARGET_QUERY,
    Call,
    Fields,
    Format,
    Match,
    Requests,
    Tally,
    Window,
    customer_key,
    customer_pattern,
    named_column,
    record_call,
    scan,
    sniff,
)

if TYPE_CHECKING:
    import duckdb

Engine = Literal["auto", "duckdb", "python"]
"""auto: DuckDB for logs of `SMALL` bytes or more (Parquet always); or either one."""
SMALL = 1 << 20
"""Below 1 MiB (about 8,000 access-log lines) the scan is done before DuckDB has started."""
MEMORY = "256MB"
BATCH = 10_000
DELIMITER = "\x1f"
"""The unit separator: no log line holds it; a line that does has two cells, which strict
mode refuses, and the scan reads the file."""


def read_requests(source: str | Path, fmt: Format | None = None, fields: Fields | None = None,
                  window: Window | None = None, *, label: str | None = None, max_bytes: int = MAX_BYTES,
                  engine: Engine = "auto", small: int = SMALL, match: Match | None = None) -> Requests:
    """The calls of a request log in `window`, aggregated (`Requests`).

    `fmt` is found from the name and the first line when not given; `fields` says where the
    customer (`Fields.customer`: a field, or for CLF `authuser` by default or a pattern with
    a `(?P<customer>...)` group) and the other parts are. `engine` and `small` choose DuckDB
    or the exact scan (results are the same; only errors and speed differ). With `match`
    (`Templates.match`), calls are tallied by the template of their path: DuckDB then hands
    Python each distinct path once, never a row per (customer, path).
    """
    path = Path(source)
    name = label or str(source)
    fields = fields or Fields()
    window = window or Window()
    if fmt is not None and fmt not in FORMATS:
        raise InputError(str(fmt), f"is not a request log format (formats: {', '.join(FORMATS)})")
    size = check_file(path, name, max_bytes)
    fmt = fmt or sniff(path, name)
    customer_key(fmt, fields)  # a bad key is refused before any work
    if engine != "python" and (engine == "duckdb" or fmt in ("parquet", "duckdb") or size >= small):
        found = _query(path, fmt, name, fields, window, match)
        if found is not None:
            return found
    return scan(path, fmt, fields, window, label=name, max_bytes=max_bytes, match=match)


def _query(path: Path, fmt: Format, name: str, fields: Fields, window: Window,
           match: Match | None) -> Requests | None:
    """The aggregated calls when DuckDB can vouch for every line; None to scan instead."""
    import duckdb

    con = connect(MEMORY)
    out = Requests(name, fmt, [], engine="duckdb", matched=match is not None)
    try:
        cells = _cells(con, path, fmt, fields)
        if cells is None:
            return None
        con.execute(f"CREATE TEMP TABLE tallies AS {_aggregate(cells, window)}")
        for kind, count in con.execute("SELECT kind, sum(calls) FROM tallies WHERE kind <> 'call' "
                                       "GROUP BY kind").fetchall():
            if kind == "bad":
                return None
            setattr(out, kind, int(count))
        calls = "SELECT customer, method, path, params, calls, last_us FROM tallies WHERE kind = 'call'"
        if match is not None:
            distinct = con.execute("SELECT DISTINCT path FROM tallies WHERE kind = 'call'").fetchall()
            paths = [p for (p,) in distinct]
            con.execute("CREATE TEMP TABLE matched AS SELECT unnest($1::VARCHAR[]) AS path, "
                        "unnest($2::VARCHAR[]) AS template", [paths, [match(p) for p in paths]])
            (unmatched,) = con.execute(
                "SELECT COALESCE(sum(calls), 0) FROM tallies JOIN matched USING (path) "
                "WHERE kind = 'call' AND template IS NULL").fetchone() or (0,)
            out.unmatched = int(unmatched)
            calls = ("SELECT customer, method, template, params, sum(calls), max(last_us) FROM tallies "
                     "JOIN matched USING (path) WHERE kind = 'call' AND template IS NOT NULL GROUP BY ALL")
        cursor = con.execute(calls)
        while batch := cursor.fetchmany(BATCH):
            out.tallies.extend(Tally(c, m, p, tuple(sorted(params)), int(n), last)
                               for c, m, p, params, n, last in batch)
    except (duckdb.Error, InputError):
        return None  # the exact scan says what is wrong, or reads what DuckDB could not
    finally:
        con.close()
    out.tallies.sort()
    out.calls = sum(t.calls for t in out.tallies) + out.unmatched
    return out


def _aggregate(cells: str, window: Window) -> str:
    """Every line's kind, then the distinct calls with their count and last time (see the
    module). `cells` yields bad, customer (null: anonymous), method, target, us, extra (the
    parameter names of a params field)."""
    since, until = window.bounds_us()
    return f"""
WITH cells AS ({cells}),
parsed AS (
  SELECT bad, customer, method, us, extra,
         regexp_extract(target, {_text(TARGET_PATH)}, 1) AS path,
         regexp_extract(target, {_text(TARGET_QUERY)}, 1) AS query
  FROM cells),
kinds AS (
  SELECT CASE WHEN bad THEN 'bad'
              WHEN path = '' OR NOT regexp_matches(method, '^[A-Za-z]+$') THEN 'skipped'
              WHEN us < {since} OR us >= {until} THEN 'outside'
              WHEN customer IS NULL OR customer IN ('', '-') THEN 'anonymous'
              ELSE 'call' END AS kind, *
  FROM parsed)
SELECT kind,
       CASE WHEN kind = 'call' THEN customer END AS customer,
       CASE WHEN kind = 'call' THEN upper(method) END AS method,
       CASE WHEN kind = 'call' THEN path END AS path,
       CASE WHEN kind = 'call' THEN list_sort(list_distinct(list_filter(list_concat(
           list_transform(string_split(query, '&'), lambda x: split_part(x, '=', 1)), COALESCE(extra, [])),
           lambda x: x <> ''))) END AS params,
       count(*) AS calls, max(us) AS last_us
FROM kinds GROUP BY ALL"""


def _in_range(us: str) -> str:
    return f"({us} IS NULL OR {us} < {FIRST_US} OR {us} > {LAST_US})"


def _cells(con: duckdb.DuckDBPyConnection, path: Path, fmt: Format, fields: Fields) -> str | None:
    if fmt == "clf":
        return _clf_cells(path, fields)
    if fmt == "jsonl":
        return _jsonl_cells(path, fields)
    return _table_cells(con, path, fmt, fields)


# --- common and combined log format --------------------------------------------------------


def _clf_cells(path: Path, fields: Fields) -> str:
    pattern = customer_pattern(fields.customer)
    names = ["host", "ident", "authuser", "time", "request"]
    customer = (f"regexp_extract(line, {_text(fields.customer)}, {pattern.groupindex['customer']})"
                if pattern is not None else f"f.{fields.customer or 'authuser'}")
    us = "epoch_us(try_strptime(f.time, '%d/%b/%Y:%H:%M:%S %z'))"
    return f"""
SELECT COALESCE(f.host = '' OR NOT regexp_matches(f.time, {_text(CLF_TIME)}) OR {_in_range(us)},
                TRUE) AS bad,
       {customer} AS customer, r.method AS method, r.target AS target, {us} AS us,
       CAST(NULL AS VARCHAR[]) AS extra
FROM (SELECT line, regexp_extract(line, {_text(CLF_LINE)}, {names}) AS f
      FROM read_csv({_text(path)}, columns = {{'line': 'VARCHAR'}}, delim = {_text(DELIMITER)},
                    quote = '', escape = '', header = false, auto_detect = false, strict_mode = true)
      WHERE line IS NOT NULL AND NOT regexp_matches(line, {_text(BLANK)})) AS l,
     LATERAL (SELECT regexp_extract(f.request, {_text(REQUEST)}, ['method', 'target']) AS m) AS q,
     LATERAL (SELECT q.m.method AS method, q.m.target AS target) AS r"""


# --- JSON lines ---------------------------------------------------------------------------

_PLAIN_KEY = re.compile(r"[^\"\\\x00-\x1f]+")


def _json_path(name: str) -> str | None:
    """`$."a"."b"` for a dotted field; None for a name the SQL will not quote (the scan reads it)."""
    if not all(_PLAIN_KEY.fullmatch(part) for part in name.split(".")):
        return None
    return "$." + ".".join(f'"{part}"' for part in name.split("."))


def _paths(names: tuple[str, ...]) -> list[str] | None:
    """The JSON paths of a field, in the order `requests.lookup` tries them (each name whole
    as a key before its dotted path); None for a name the SQL will not quote (the scan reads it)."""
    tried = []
    for name in names:
        if "." in name:
            if not _PLAIN_KEY.fullmatch(name):
                return None
            tried.append(f'$."{name}"')
        dotted = _json_path(name)
        if dotted is None:
            return None
        tried.append(dotted)
    return tried


def _jsonl_cells(path: Path, fields: Fields) -> str | None:
    """Each line's fields extracted once (`json_extract` of every path at once: SQL NULL where
    a path is absent, JSON `null` where it is null), their types read once, then checked. A
    key written twice in an object on a field's path is left to the scan: orjson keeps the
    last, DuckDB the first."""
    if customer_pattern(fields.customer) is not None:
        return None  # a pattern reads the line as written: the scan has it
    assert fields.customer is not None
    groups = [_paths((fields.customer,)), _paths(fields.method), _paths(fields.path), _paths(fields.time),
              _paths(fields.params)]
    if any(g is None for g in groups):
        return None
    every: list[str] = [p for g in groups for p in g or []]
    at, picks = 1, []
    for g in groups:
        picks.append("COALESCE(" + ", ".join(f"v[{at + i}]" for i in range(len(g or []))) + ")")
        at += len(g or [])
    listed = "[" + ", ".join(_text(p) for p in every) + "]"
    parents = sorted({"$"} | {p.rsplit(".", 1)[0] for p in every if p.count('."') > 1})
    twice = " OR ".join(f"COALESCE(len(json_keys(json, {_text(p)})) <> len(list_distinct(json_keys(json, "
                        f"{_text(p)}))), FALSE)" for p in parents)  # orjson keeps the last, DuckDB the first
    us = (f"CASE WHEN tt IN ('UBIGINT', 'BIGINT') THEN TRY_CAST(t AS BIGINT) * 1000000 "
          f"WHEN tt = 'VARCHAR' AND regexp_matches(t ->> '$', {_text(ISO_TIME)}) "
          f"THEN epoch_us(TRY_CAST(t ->> '$' AS TIMESTAMPTZ)) END")
    params_ok = ("(x IS NULL OR xt IN ('NULL', 'OBJECT') OR (xt = 'ARRAY' AND COALESCE(list_bool_and("
                 "list_transform(TRY_CAST(x AS JSON[]), lambda v: json_type(v) = 'VARCHAR')), TRUE)))")
    extra = ("CASE WHEN xt = 'OBJECT' THEN json_keys(x) WHEN xt = 'ARRAY' "
             "THEN list_transform(TRY_CAST(x AS JSON[]), lambda v: v ->> '$') END")
    return f"""
SELECT COALESCE(top <> 'OBJECT' OR twice OR ct IS NULL OR ct NOT IN ('VARCHAR', 'UBIGINT', 'BIGINT', 'NULL')
                OR mt IS DISTINCT FROM 'VARCHAR' OR pt IS DISTINCT FROM 'VARCHAR' OR tt IS NULL
                OR {_in_range("us")} OR NOT {params_ok}, TRUE) AS bad,
       c ->> '$' AS customer, m ->> '$' AS method, p ->> '$' AS target, us, {extra} AS extra
FROM (SELECT *, {us} AS us
      FROM (SELECT top, twice, c, m, p, t, x, json_type(c) AS ct, json_type(m) AS mt, json_type(p) AS pt,
                   json_type(t) AS tt, json_type(x) AS xt
            FROM (SELECT json_type(json) AS top, ({twice}) AS twice, {picks[0]} AS c, {picks[1]} AS m,
                         {picks[2]} AS p, {picks[3]} AS t, {picks[4]} AS x
                  FROM (SELECT json, json_extract(json, {listed}) AS v
                        FROM read_ndjson_objects({_text(path)})))))"""


# --- CSV and Parquet ------------------------------------------------------------------------


def _column(columns: dict[str, str], names: tuple[str, ...]) -> tuple[str, str] | None:
    """(name, type) of the first of `names` the table has."""
    for name in names:
        if name in columns:
            return name, columns[name]
    return None


def _table_cells(con: duckdb.DuckDBPyConnection, path: Path, fmt: Format, fields: Fields) -> str | None:
    """CSV (every cell text) or Parquet (text, integer and TIMESTAMP WITH TIME ZONE columns;
    any other type is left to the scan, which says what it makes of it)."""
    if fmt == "csv":
        header = _csv_header(path)
        if header is None:
            return None
        types = ", ".join(f"{_text(h)}: 'VARCHAR'" for h in header)
        relation = (f"read_csv({_text(path)}, header = true, columns = {{{types}}}, delim = ',', quote = '', "
                    "escape = '', auto_detect = false, strict_mode = true)")
        described = [(h, "VARCHAR") for h in header]
    else:
        relation = (attach_table(con, path, str(path), fields.table) if fmt == "duckdb"
                    else f"read_parquet({_text(path)})")
        described = con.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()
    columns = {str(r[0]): str(r[1]) for r in described}
    if any(c != c.strip() for c in columns):
        return None
    assert fields.customer is not None
    found = [_column(columns, (fields.customer,)), _column(columns, fields.method),
             _column(columns, fields.path), _column(columns, fields.time)]
    if any(f is None for f in found):
        return None  # the scan names the missing column on the first row
    (c, ct), (m, mt), (p, pt), (t, tt) = found  # type: ignore[misc]
    x = _column(columns, fields.params)
    text_ok = all(kind == "VARCHAR" for kind in (mt, pt)) and ct in ("VARCHAR", "BIGINT", "INTEGER")
    if not text_ok:
        return None
    cell = (lambda q: f"NULLIF({q}, '')") if fmt == "csv" else (lambda q: q)
    odd_edges = " OR ".join(f"COALESCE(regexp_matches({_quote(col)}, '^[ \\t]|[ \\t]$'), FALSE)"
                            for col in (c, m, p, t, *([x[0]] if x else [])) if columns[col] == "VARCHAR")
    tq = _quote(t)
    if tt == "TIMESTAMP WITH TIME ZONE":
        us = f"epoch_us({tq})"
    elif tt in ("BIGINT", "INTEGER"):
        us = f"CAST({tq} AS BIGINT) * 1000000"
    elif tt == "VARCHAR":
        us = (f"CASE WHEN regexp_matches({tq}, '^[0-9]{{1,12}}$') THEN CAST({tq} AS BIGINT) * 1000000 "
              f"WHEN regexp_matches({tq}, {_text(ISO_TIME)}) "
              f"THEN epoch_us(TRY_CAST({tq} AS TIMESTAMPTZ)) END")
    else:
        return None
    if x is None:
        extra = "CAST(NULL AS VARCHAR[])"
    elif x[1] == "VARCHAR":
        extra = (f"list_transform(string_split(COALESCE({_quote(x[0])}, ''), '&'), "
                 "lambda v: split_part(v, '=', 1))")
    elif x[1] == "VARCHAR[]":
        extra = f"list_filter({_quote(x[0])}, lambda v: v IS NOT NULL)"
        odd_edges += f" OR list_contains(list_transform({_quote(x[0])}, lambda v: v IS NULL), TRUE)"
    else:
        return None
    customer = f"CAST({_quote(c)} AS VARCHAR)"
    return f"""
SELECT COALESCE({_in_range(us)} OR NULLIF({_quote(m)}, '') IS NULL OR NULLIF({_quote(p)}, '') IS NULL
        {f'OR {odd_edges}' if odd_edges else ''}, TRUE) AS bad,
       {cell(customer)} AS customer, {_quote(m)} AS method, {_quote(p)} AS target, {us} AS us,
       {extra} AS extra
FROM {relation}"""


def _csv_header(path: Path) -> list[str] | None:
    """The header of a CSV file with no quotes, no carriage returns and no row wider than the
    header (then DuckDB and the csv module read the same cells: `load.csvfile.wider_than`),
    when its names are distinct and unpadded; None for any other file: the scan's."""
    with path.open("rb") as handle:
        first = handle.readline()
        try:
            header = first.decode("utf-8").removesuffix("\n").split(",")
        except UnicodeDecodeError:
            return None
        if any(h != h.strip() or not h for h in header) or len(set(header)) != len(header):
            return None
        handle.seek(0)
        rest = b""
        while chunk := handle.read(1 << 22):
            if b'"' in chunk or b"\r" in chunk:
                return None
            chunk = rest + chunk
            cut = chunk.rfind(b"\n") + 1
            if wider_than(chunk[:cut], len(header), quoted=False):
                return None
            rest = chunk[cut:]
    return None if wider_than(rest, len(header), quoted=False) else header


# --- the exact path for Parquet -------------------------------------------------------------


def parquet_calls(path: Path, name: str, fields: Fields, counts: Any) -> Iterator[Call]:
    """The calls of a Parquet log in file order, read by DuckDB a batch at a time and checked
    one row at a time as a CSV row is."""
    import duckdb

    named_column(fields)
    con = connect(MEMORY)
    try:
        try:
            cursor = con.execute(f"SELECT * FROM read_parquet({_text(path)}, file_row_number = true) "
                                 "ORDER BY file_row_number")
        except duckdb.Error as exc:
            raise InputError(name, f"is not a Parquet file that can be read "
                                   f"({str(exc).splitlines()[0][:200]})") from None
        yield from _row_calls(cursor, name, fields, counts)
    finally:
        con.close()


def table_calls(path: Path, name: str, fields: Fields, counts: Any) -> Iterator[Call]:
    """The calls of a table (or view) of a DuckDB database, in the table's order (its row
    ids; a view's order as DuckDB reads it), checked one row at a time as a CSV row is."""
    import duckdb

    named_column(fields)
    con = connect(MEMORY)
    try:
        relation = attach_table(con, path, name, fields.table)
        # Named before the cursor is opened: a connection runs one query at a time.
        where = f"{name} table {fields.table or _only_table(con, name)}"
        try:
            cursor = con.execute(f"SELECT *, rowid FROM {relation} ORDER BY rowid")
        except duckdb.Error:  # a view has no row ids
            cursor = con.execute(f"SELECT *, row_number() OVER () - 1 FROM {relation}")
        yield from _row_calls(cursor, where, fields, counts)
    finally:
        con.close()


def _row_calls(cursor: Any, name: str, fields: Fields, counts: Any) -> Iterator[Call]:
    """Each row of `cursor` (its last column the row's number, counted from 0) checked as a
    CSV row is: `name: row N` names a bad one."""
    columns = [d[0] for d in cursor.description or []]
    while batch := cursor.fetchmany(BATCH):
        for values in batch:
            record = {c: (v.strip() or None) if isinstance(v, str) else v
                      for c, v in zip(columns[:-1], values[:-1], strict=True)}
            call = record_call(record, fields, f"{name}: row {values[-1] + 1}", flat=True)
            if call is None:
                counts.skipped += 1
            else:
                yield call


def attach_table(con: duckdb.DuckDBPyConnection, path: Path, name: str, table: str | None) -> str:
    """The database at `path` attached read-only, and the SQL name of its table of calls:
    `table`, or its only table or view; a file that is no DuckDB database, or a table it
    lacks, is one `InputError` naming the file."""
    import duckdb

    try:
        con.execute(f"ATTACH {_text(path)} AS logs (READ_ONLY)")
    except duckdb.Error as exc:
        raise InputError(name, f"is not a DuckDB database that can be read "
                               f"({str(exc).splitlines()[0][:200]})") from None
    tables = _tables(con)
    if table is None:
        table = _only_table(con, name)
    elif table not in tables:
        raise InputError(name, f"has no table or view {table!r} (--requests-table; it has: "
                               f"{', '.join(tables) or 'none'})")
    return f"logs.{_quote(table)}"


def _tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute("SELECT table_name FROM information_schema.tables WHERE table_catalog = 'logs' "
                       "ORDER BY table_name").fetchall()
    return [str(r[0]) for r in rows]


def _only_table(con: duckdb.DuckDBPyConnection, name: str) -> str:
    tables = _tables(con)
    if len(tables) != 1:
        raise InputError(name, f"holds {len(tables)} tables or views ({', '.join(tables) or 'none'}): "
                               "name the one of calls with --requests-table")
    return tables[0]


__all__ = ["SMALL", "Engine", "attach_table", "connect", "parquet_calls", "read_requests", "table_calls"]
