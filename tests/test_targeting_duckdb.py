"""Request logs kept as a table of a DuckDB database: read as the same log exported as CSV."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from nosurprises.cli import main
from nosurprises.errors import InputError
from nosurprises.targeting import Fields, read_requests

from .conftest import FIXTURES

duckdb = pytest.importorskip("duckdb")

LOGS = FIXTURES / "requests"
EXPORT = LOGS / "export.csv"
FIELDS = Fields(customer="account")


def _database(path: Path, *statements: str) -> Path:
    con = duckdb.connect(str(path))
    try:
        for statement in statements:
            con.execute(statement)
    finally:
        con.close()
    return path


TEXT = f"CREATE TABLE calls AS SELECT * FROM read_csv('{EXPORT}', all_varchar = true)"
TYPED = (f"CREATE TABLE typed AS SELECT CAST(CASE WHEN regexp_matches(time, '^[0-9]+$') "
         "THEN to_timestamp(CAST(time AS BIGINT)) ELSE CAST(time AS TIMESTAMPTZ) END AS TIMESTAMPTZ) "
         f"AS time, method, path, account, params FROM read_csv('{EXPORT}', all_varchar = true)")


@pytest.mark.parametrize("engine", ["duckdb", "python"])
@pytest.mark.parametrize("table", ["calls", "typed"])
def test_a_table_reads_as_the_csv_it_was_loaded_from(tmp_path: Path, engine: str, table: str) -> None:
    db = _database(tmp_path / "logs.duckdb", TEXT, TYPED)
    found = read_requests(db, fields=dataclasses.replace(FIELDS, table=table), engine=engine)
    assert found.format == "duckdb"
    assert found.engine == engine
    assert found.tallies == read_requests(EXPORT, fields=FIELDS).tallies
    assert found.tallies  # the fixture has calls


def test_the_only_table_needs_no_name_and_a_view_works(tmp_path: Path) -> None:
    db = _database(tmp_path / "logs.duckdb", TEXT)
    assert read_requests(db, fields=FIELDS).tallies == read_requests(EXPORT, fields=FIELDS).tallies
    viewed = _database(tmp_path / "view.duckdb", TEXT.replace("TABLE calls", "TABLE raw"),
                       "CREATE VIEW calls AS SELECT * FROM raw WHERE account <> 'nobody'")
    for engine in ("duckdb", "python"):
        found = read_requests(viewed, fields=dataclasses.replace(FIELDS, table="calls"), engine=engine)
        assert found.tallies == read_requests(EXPORT, fields=FIELDS).tallies


@pytest.mark.parametrize(("statements", "table", "expected"), [
    ((TEXT, TYPED), None,
     "holds 2 tables or views (calls, typed): name the one of calls with --requests-table"),
    ((TEXT,), "nope", "has no table or view 'nope' (--requests-table; it has: calls)"),
    ((TEXT, "UPDATE calls SET method = NULL WHERE account = 'bob'"), None, "table calls: row 3"),
])
def test_bad_tables_are_one_line(tmp_path: Path, statements: tuple[str, ...], table: str | None,
                                 expected: str) -> None:
    db = _database(tmp_path / "logs.duckdb", *statements)
    with pytest.raises(InputError) as caught:
        read_requests(db, fields=dataclasses.replace(FIELDS, table=table))
    assert expected in str(caught.value) and "\n" not in str(caught.value)


def test_a_file_that_is_no_database_is_named(tmp_path: Path) -> None:
    fake = tmp_path / "logs.duckdb"
    fake.write_text("GET /pets\n")
    with pytest.raises(InputError, match=r"logs\.duckdb: is not a DuckDB database that can be read"):
        read_requests(fake, fields=FIELDS)


def test_diff_reads_a_table_and_refuses_the_option_alone(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    db = _database(tmp_path / "logs.duckdb", TEXT, TYPED)
    specs = [str(LOGS / "pets-old.yaml"), str(LOGS / "pets-new.yaml")]
    assert main(["diff", *specs, "--requests", str(db), "--customer-key", "account",
                 "--requests-table", "typed", "--format", "json"]) == 0
    from_table = capsys.readouterr().out
    assert main(["diff", *specs, "--requests", str(EXPORT), "--customer-key", "account",
                 "--format", "json"]) == 0
    from_csv = capsys.readouterr().out
    assert from_table.replace(str(db), "LOG") == from_csv.replace(str(EXPORT), "LOG")
    assert main(["diff", *specs, "--requests-table", "typed"]) == 2
    assert capsys.readouterr().err == "nosurprises: --requests-table: applies with --requests FILE only\n"


@pytest.mark.parametrize("name", ["csv", "parquet", "duckdb"])
def test_a_table_log_names_its_customer_column_not_a_pattern(tmp_path: Path, name: str) -> None:
    target = {"csv": EXPORT, "parquet": tmp_path / "log.parquet", "duckdb": tmp_path / "logs.duckdb"}[name]
    if name == "parquet":
        duckdb.execute(f"COPY (SELECT * FROM read_csv('{EXPORT}', all_varchar = true)) TO '{target}' "
                       "(FORMAT parquet)")
    elif name == "duckdb":
        _database(target, TEXT)
    pattern = dataclasses.replace(FIELDS, customer=r"key=(?P<customer>\w+)")
    for engine in ("python", "duckdb"):
        with pytest.raises(InputError) as caught:
            read_requests(target, fields=pattern, engine=engine)
        assert str(caught.value) == ("--customer-key: a pattern reads a log line; CSV, Parquet and DuckDB "
                                     "logs name the customer's column")
