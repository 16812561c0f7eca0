"""The usage query, written once: DuckDB runs it here, a warehouse or Spark runs it there.

Two price books decide everything the query needs to know: which plan ids exist in the old
book, which of them changed for their customers, and which units the books know. The query
runs over a relation `usage` with the columns of a usage CSV (`customer`, `plan`, `quantity`,
one `usage:<unit>` column per unit), all text, and asks two things of it:

- `check`: one row of counts: the subscriptions, those that are not provably valid (an empty
  customer or plan, a quantity or count that is not plainly written, a unit or plan the books
  do not know, an over-long cell, or `odd`, what the reader of a format flagged), and the
  customers listed twice on a plan. Any count but the first above zero means the rows go
  through the exact validation of `usage.py`, which names the first problem as it always did;
  the query is strict, never lenient: what it passes, that validation passes too.
- `affected`: the subscriptions on changed plans, their cells as written. Only those are
  costed, in Python, with exact fractions.

The text is DuckDB's dialect; `for_dialect` transpiles it with sqlglot (the `warehouse`
extra: `pip install 'nosurprises[warehouse]'`) for Spark, BigQuery, Snowflake and the others
sqlglot writes. Nothing here imports DuckDB or sqlglot at module level.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import get_args

from .model import Period
from .usage import USAGE_PREFIX

SPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace())
"""Every character str.strip removes (the last is U+3000): what a CSV cell loses at its edges."""
LONGEST = 32_768
"""A cell longer than this (in characters) is checked in Python: the csv module refuses cells
over 131,072 characters, and no customer id or count comes near either."""
COUNT = r"^[0-9]{1,20}([.][0-9]{1,20})?$"
"""A count as the query accepts it (after underscores are removed): digits, maybe a point and digits."""
QUANTITY = r"^[1-9][0-9]{0,17}$"
"""A quantity as the query accepts it: 1 to 10**18 - 1, as a Subscription allows."""
PERIODS = frozenset(get_args(Period))


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _name(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def strip_sql(expression: str) -> str:
    """The text of `expression` without the characters `str.strip` removes at its edges."""
    space = "[" + SPACE + "]"  # no character of SPACE is special in a bracket expression
    inner = f"REGEXP_REPLACE({expression}, {_literal('^' + space + '+')}, '')"
    return f"REGEXP_REPLACE({inner}, {_literal(space + '+$')}, '')"


def known_key(key: str, units: Iterable[str]) -> bool:
    """A usage key `Subscription` accepts and the books know: `unit`, `unit/period`, a limit id."""
    unit, _, period = key.partition("/")
    return bool(unit) and key.count("/") <= 1 and (not period or period in PERIODS) and unit in units


@dataclass(frozen=True)
class UsageQuery:
    """The two statements over `usage` (see the module docstring), in DuckDB's dialect."""

    check: str
    affected: str
    columns: tuple[str, ...]
    """The columns the affected statement returns, in order: those of the relation, as written."""


def usage_query(columns: Sequence[str], plans: Iterable[str], changed: Iterable[str],
                units: Iterable[str], *, relation: str = "usage", odd: str | None = None) -> UsageQuery:
    """The query over `relation`, whose `columns` are a usage CSV's (header checked already).

    `plans` are the old book's plan keys, `changed` those whose customers are costed, `units`
    the units and limit ids of both books; `odd` is a boolean column the reader of a format
    adds (JSON lines: a value of the wrong type), true for a row to check in Python.
    """
    units = frozenset(units)
    usage = [c for c in columns if c.startswith(USAGE_PREFIX)]
    cells = [c for c in ("customer", "plan", "quantity", *usage) if c in columns]
    known = ", ".join(f"({_literal(p)})" for p in sorted(plans)) or "(NULL)"
    costed = ", ".join(_literal(p) for p in sorted(changed)) or "NULL"
    stripped = {c: f"s{i}" for i, c in enumerate(cells)}
    q = stripped.get("quantity")
    edge = _literal(f"^[{SPACE}]|[{SPACE}]$")
    bad = [f"{stripped['customer']} = ''", f"{stripped['plan']} = ''", "known_plan IS NULL",
           # TRIM removes spaces; a name with any other white space at an edge is checked in Python
           *(f"REGEXP_MATCHES({stripped[c]}, {edge})" for c in ("customer", "plan")),
           *([f"NOT ({q} = '' OR REGEXP_MATCHES({q}, {_literal(QUANTITY)}))"] if q else []),
           *(f"LENGTH({_name(c)}) > {LONGEST}" for c in cells),
           *(["COALESCE(odd, TRUE)"] if odd else [])]
    for column in usage:
        s = stripped[column]
        if known_key(column.removeprefix(USAGE_PREFIX), units):
            bad.append(f"NOT ({s} = '' OR REGEXP_MATCHES(REPLACE({s}, '_', ''), {_literal(COUNT)}))")
        else:  # an unknown or malformed unit is an error only in a row that uses it
            bad.append(f"{s} <> ''")
    raw = ", ".join(_name(c) for c in columns)
    blank = " AND ".join(s + " = ''" for s in stripped.values())  # the csv reader skips such rows
    trimmed = ", ".join(f"TRIM(COALESCE({_name(c)}, '')) AS {s}" for c, s in stripped.items())
    rows = (f"rows AS (SELECT {raw}, {trimmed}{f', {odd} AS odd' if odd else ''} FROM {relation}), "
            f"kept AS (SELECT * FROM rows WHERE NOT ({blank}){' OR COALESCE(odd, TRUE)' if odd else ''})")
    pair = "CAST(LENGTH(s0) AS VARCHAR) || ':' || s0 || s1"  # (customer, plan) as one unambiguous text
    unproven = " OR ".join(f"({b})" for b in bad)
    check = (f"WITH {rows}, known AS (SELECT * FROM (VALUES {known}) AS known(known_plan)) "
             f"SELECT COUNT(*) AS subscriptions, "
             f"COALESCE(SUM(CASE WHEN {unproven} THEN 1 ELSE 0 END), 0) AS unproven, "
             f"COUNT(*) - COUNT(DISTINCT {pair}) AS twice "
             f"FROM kept LEFT JOIN known ON kept.s1 = known.known_plan")
    affected = f"WITH {rows} SELECT {raw} FROM kept WHERE {stripped['plan']} IN ({costed})"
    return UsageQuery(check, affected, tuple(columns))


def for_dialect(sql: str, dialect: str) -> str:
    """`sql` (DuckDB's dialect) as `dialect` writes it (`spark`, `bigquery`, `snowflake`, ...)."""
    if dialect == "duckdb":
        return sql
    try:
        import sqlglot
    except ImportError:  # pragma: no cover - depends on the extra being installed
        raise ImportError("writing the usage query for a warehouse needs sqlglot: "
                          "pip install 'nosurprises[warehouse]'") from None
    return str(sqlglot.transpile(sql, read="duckdb", write=dialect)[0])


__all__ = ["COUNT", "PERIODS", "QUANTITY", "SPACE", "UsageQuery", "for_dialect", "known_key", "strip_sql",
           "usage_query"]
