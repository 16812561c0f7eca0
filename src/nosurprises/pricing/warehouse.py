"""The usage query for a warehouse or Spark, when the usage data has outgrown one machine.

`warehouse_query(old, new, columns, dialect="spark", table="billing.usage")` gives the two
statements of `usage_sql` in that dialect, over that table (with the columns of a usage
CSV: `customer`, `plan`, `quantity`, `usage:<unit>`). Run `check` there: one row of
`subscriptions, unproven, twice`. When the last two are 0, run `affected` and export its
rows (a few per changed plan) as CSV or Parquet: `nosurprises diff OLD NEW --usage
affected.parquet` costs them exactly, as it would the whole table. When they are not 0,
export the table itself, and the same command names the first bad row, as always.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .impacts import _Books
from .load import load_pricebook
from .usage_sql import UsageQuery, for_dialect, usage_query


def warehouse_query(old: Any, new: Any, columns: Sequence[str], *, dialect: str = "spark",
                    table: str = "usage", successors: Mapping[str, str] | None = None) -> UsageQuery:
    """The check and the affected rows of `table` for the books `old` and `new`, in `dialect`
    (any sqlglot writes: `spark`, `bigquery`, `snowflake`, `duckdb`, ...)."""
    books = _Books.of(load_pricebook(old), load_pricebook(new), successors)
    query = usage_query(columns, books.checks.plans, books.changed, books.checks.units, relation=table)
    return UsageQuery(for_dialect(query.check, dialect), for_dialect(query.affected, dialect), query.columns)


__all__ = ["warehouse_query"]
