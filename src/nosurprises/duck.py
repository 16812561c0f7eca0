"""DuckDB as this project uses it (usage files, request logs): an in-memory database with
bounded memory that installs and loads no extension, and the two ways a value enters its
SQL text. One place, so that the settings the engines rely on cannot drift apart."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import duckdb

THREADS = 2
"""The machines this runs on in CI have two cores; more threads only cost memory."""


def connect(memory: str) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB held to `memory` (`"128MB"`); no extension is installed or loaded
    (a query never fetches code), and rows need not keep their order (less memory)."""
    import duckdb

    return duckdb.connect(":memory:", config={
        "memory_limit": memory, "threads": THREADS, "preserve_insertion_order": False,
        "autoinstall_known_extensions": False, "autoload_known_extensions": False})


def sql_text(value: Any) -> str:
    """`value` as an SQL string literal."""
    return "'" + str(value).replace("'", "''") + "'"


def sql_name(name: str) -> str:
    """`name` as an SQL identifier (a column, a table)."""
    return '"' + name.replace('"', '""') + '"'
