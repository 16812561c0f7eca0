"""The usage query engine (DuckDB) gives what the exact Python scan gives: the same affected
customers, and for every bad input the same one-line error, in CSV, JSON lines and Parquet.

The scan (`engine="python"`) is the reference: it is the validation every usage file always
went through. `engine="duckdb"` queries the file whatever its size (by default only files of
`SMALL` bytes or more are queried)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nosurprises.cli import main
from nosurprises.errors import InputError
from nosurprises.pricing import impact, load_pricebook, load_usage
from nosurprises.pricing.impacts import _Books, _order
from nosurprises.pricing.usage_engine import SMALL, _query
from nosurprises.pricing.usage_sql import for_dialect, usage_query
from nosurprises.pricing.warehouse import warehouse_query

from .conftest import FIXTURES, ROOT, corpus_dir
from .test_pricing_impact import book, metered, plan, plans, usages

duckdb = pytest.importorskip("duckdb")
USAGE = FIXTURES / "pricing" / "usage"
GOOGLE_NEW = FIXTURES / "pricing" / "corpus" / "google-maps-platform-2018" / "new.yaml"
OLD = book(plan("p", amount="10.00", usage_prices=[metered("r", "1.00", per=1000)],
                limits=[{"id": "cap", "value": 5000, "unit": "request", "period": "month"}]),
           plan("q", amount="5.00"), plan("gone", amount="1.00"))
NEW = book(plan("p", amount="12.00", usage_prices=[metered("r", "1.00", per=1000)],
                limits=[{"id": "cap", "value": 2000, "unit": "request", "period": "month"}]),
           plan("q", amount="5.00"))


def outcome(old: Any, new: Any, usage: Path, engine: str, **kw: Any) -> Any:
    """The impacts as data, or the error's one line."""
    try:
        found = impact(old, new, usage, engine=engine, **kw)  # type: ignore[arg-type]
        return [i.model_dump(mode="json") for i in found]
    except InputError as exc:
        assert "\n" not in str(exc)
        return f"error: {exc}"


def same(old: Any, new: Any, usage: Path, **kw: Any) -> Any:
    """Both engines agree; their outcome."""
    python = outcome(old, new, usage, "python", **kw)
    assert outcome(old, new, usage, "duckdb", **kw) == python
    return python


def as_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def as_parquet(csv: Path, path: Path, typed: bool = False) -> Path:
    """The CSV as Parquet: every cell as text, or (`typed`) quantity and counts as integers."""
    con = duckdb.connect()
    source = f"read_csv('{csv}', header = true, all_varchar = true)"
    columns = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()]
    cells = ", ".join(f'TRY_CAST("{c}" AS BIGINT) AS "{c}"'
                      if typed and c not in ("customer", "plan") else f'"{c}"' for c in columns)
    con.execute(f"COPY (SELECT {cells} FROM {source}) TO '{path}' (FORMAT parquet)")
    return path


def rows_of(usage: Path) -> list[dict[str, Any]]:
    """A usage file's subscriptions as JSON-lines objects (counts as exact text)."""
    return [{"customer": s.customer, "plan": s.plan, "quantity": s.quantity,
             "usage": {k: str(v) for k, v in s.usage.items()}} for s in load_usage(usage)]


def as_csv(path: Path, rows: list[dict[str, Any]]) -> Path:
    units = sorted({k for r in rows for k in r["usage"]})
    lines = ["customer,plan,quantity," + ",".join(f"usage:{u}" for u in units)]
    lines += [f"{r['customer']},{r['plan']},{r['quantity']}," + ",".join(r["usage"].get(u, "") for u in units)
              for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def queried(old: Any, new: Any, path: Path, successors: dict[str, str] | None = None) -> bool:
    """Whether DuckDB itself proved the file valid and found the affected rows (the engine
    falls back to the scan on any doubt, so a broken query would pass unseen otherwise)."""
    books = _Books.of(load_pricebook(old), load_pricebook(new), successors)
    fmt = {".csv": "csv", ".jsonl": "jsonl", ".parquet": "parquet"}[path.suffix]
    return _query(path, fmt, str(path), books.checks, books.changed) is not None


# --- real inputs: the corpus pairs with their usage files, in every format ----------------


REAL = [("reddit-api-2023", "reddit.yaml", {}), ("slack-free-plan-2022", "slack.yaml", {}),
        ("twitter-api-2023", "twitter.csv", {}),
        ("twitter-api-2023", "twitter.csv", {"successors": {"essential": "basic"}}),
        ("google-maps-platform-2018", ROOT / "examples" / "usage.csv",
         {"successors": {"standard": "pay-as-you-go"}})]


@pytest.mark.parametrize(("case", "usage", "kw"), REAL)
def test_real_pairs_give_the_same_impact_in_every_format(tmp_path: Path, case: str, usage: Any,
                                                         kw: dict[str, Any]) -> None:
    folder = corpus_dir("pricing", case)
    source = usage if isinstance(usage, Path) else USAGE / usage
    rows = rows_of(source)
    csv = as_csv(tmp_path / "u.csv", rows)
    new = GOOGLE_NEW if case.startswith("google") else folder / "new.yaml"  # the corpus file is a table
    expected = outcome(folder / "old.yaml", new, source, "python", **kw)
    assert expected and not isinstance(expected, str)  # each pair affects someone
    for path in (csv, as_jsonl(tmp_path / "u.jsonl", rows), as_parquet(csv, tmp_path / "u.parquet"),
                 as_parquet(csv, tmp_path / "t.parquet", typed=True)):
        for engine in ("python", "duckdb"):
            found = outcome(folder / "old.yaml", new, path, engine, **kw)
            assert found == expected, (path, engine)
        assert queried(folder / "old.yaml", new, path, kw.get("successors")), path  # no silent fallback


def test_a_large_real_file_is_queried_and_agrees(tmp_path: Path) -> None:
    """The Google Maps example, its customers copied until the file is past `SMALL`: the
    default engine queries it, and only the customers on changed plans are costed."""
    folder = corpus_dir("pricing", "google-maps-platform-2018")
    rows = rows_of(ROOT / "examples" / "usage.csv")
    copies = SMALL // 90
    many = [{**r, "customer": f"{r['customer']}-{i}"} for i in range(copies) for r in rows]
    csv = as_csv(tmp_path / "u.csv", many)
    assert csv.stat().st_size >= SMALL
    kw = {"successors": {"standard": "pay-as-you-go"}}
    found = outcome(folder / "old.yaml", GOOGLE_NEW, csv, "auto", **kw)
    assert found == outcome(folder / "old.yaml", GOOGLE_NEW, csv, "python", **kw)
    one = outcome(folder / "old.yaml", GOOGLE_NEW, ROOT / "examples" / "usage.csv", "python", **kw)
    assert len(found) == len(one) * copies and queried(folder / "old.yaml", GOOGLE_NEW, csv, kw["successors"])


# --- every bad input: the same one line through the engine -------------------------------

BAD_CSV = [
    "customer,usage:request\na,1\n",  # a column missing
    "customer,plan,requests\na,p,1\n",  # an unknown column
    "customer,plan,usage:request\na,p,1\nb,p,-5\n",
    "customer,plan,usage:request\na,p,lots\n",
    "customer,plan,quantity\na,p,0\n",
    "customer,plan,quantity\na,p,1.5\n",
    "customer,plan\na,p\na,p\n",  # listed twice
    "customer,plan\na,p\n a ,p\n",  # twice, once with spaces
    "customer,plan\na,p\na\u00a0,p\n",  # twice, once with a no-break space
    "customer,plan\n",  # no rows
    "customer,plan,usage:request,usage:request\na,p,5,7\n",  # a column twice
    "customer,plan\na,gold\n",  # a plan the old book lacks
    "customer,plan,usage:requests\na,p,\nb,p,1\n",  # a unit neither book knows, used on line 3
    "customer,plan,usage:request/fortnight\na,p,1\n",
    "customer,plan,usage:request\na,p,1\nb,p,2,3\n",  # more cells than columns
    "customer,plan,usage:request\na,p,1\nb,gold,-1\n",  # the bad count first, then the plan
    "customer,plan,usage:request\n" + "x" * 140_000 + ",p,1\n",  # an over-long cell
    'customer,plan,usage:request\n"a,p,1\n',  # an unterminated quote
    "customer,plan,usage:request\n,p,1\n",  # no customer
    "customer,plan,usage:request\na,,1\n",  # no plan
    "customer,plan,usage:request\na,p,1\r\nb,gold,2\rc,p,3\n",  # mixed line ends
]


@pytest.mark.parametrize("text", BAD_CSV)
def test_bad_csv_is_the_same_one_line_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "u.csv"
    path.write_text(text, encoding="utf-8", newline="")
    assert same(OLD, NEW, path).startswith(f"error: {path}: ")


GOOD_CSV = [
    "customer,plan,quantity,usage:request\na,p,3,1_000\nb,p,,2.5\n",
    "customer,plan,usage:request\r\na,p,6000\r\nb,q,1\r\n",
    "customer,plan,usage:request\ra,p,6000\rb,gone,1\r",
    'customer,plan,usage:request\n"Acme, Inc.",p,"7000"\n"b ""q""",p,\n',
    'customer,plan,usage:request\n "a",p,1\n',  # the csv module keeps the quotes
    'customer,plan,usage:request\n"a" ,p,1\n',
    "customer,plan,usage:request\n\na,p,1\n,,\n  ,\t, \nb,p,\u00a02\u00a0\n",
    "\ufeffcustomer,plan,usage:request\na , p , 1 \n\tb\t,p,3000\n",
    'customer,plan,usage:request\n"multi\nline",p,1\n',
    "customer,plan,usage:request,usage:requests\na,p,1,\n",  # an unknown unit never used
    "customer,plan,usage:request\n\u043c\u0442\u0441,p,9000\n\u682a\u5f0f\u4f1a\u793e,gone,\n",
    "customer,plan,usage:request\na\x00b,p,1\n",
    "customer,plan,usage:request\na,p,1.5e3\n",  # Decimal reads it: the query leaves it to the scan
]


@pytest.mark.parametrize("text", GOOD_CSV)
def test_odd_but_valid_csv_gives_the_same_impact(tmp_path: Path, text: str) -> None:
    path = tmp_path / "u.csv"
    path.write_text(text, encoding="utf-8", newline="")
    assert isinstance(same(OLD, NEW, path), list)
    plain = not any(s in text for s in ("multi", '"a', "\u00a0", "\t", "e3"))
    assert queried(OLD, NEW, path) == plain  # the doubtful ones are left to the scan


BAD_JSONL = [
    {"customer": "a", "plan": "p", "usage": {"request": 1.5}},
    {"customer": "a", "plan": "p", "usage": {"request": True}},
    {"customer": "a", "plan": "p", "usage": {"request": -1}},
    {"customer": "a", "plan": "p", "usage": {"request": 10**19}},
    {"customer": "a", "plan": "p", "usage": {"requests": 1}},
    {"customer": "a", "plan": "p", "usage": {"request/fortnight": 1}},
    {"customer": "a", "plan": "p", "usage": {"request/month/x": 1}},
    {"customer": "a", "plan": "gold"},
    {"customer": "a", "plan": " p"},
    {"customer": "", "plan": "p"},
    {"customer": 7, "plan": "p"},
    {"customer": "a"},
    {"customer": "a", "plan": "p", "quantity": 0},
    {"customer": "a", "plan": "p", "quantity": None},
    {"customer": "a", "plan": "p", "seats": 2},
    {"customer": "a", "plan": "p", "usage": []},
    ["a", "p"],
]


@pytest.mark.parametrize("row", BAD_JSONL)
def test_bad_json_lines_are_the_same_one_line_error(tmp_path: Path, row: Any) -> None:
    path = as_jsonl(tmp_path / "u.jsonl", [{"customer": "ok", "plan": "p"}, row])
    assert same(OLD, NEW, path).startswith(f"error: {path}: line 2")


@pytest.mark.parametrize("text", [
    '{"customer": "a", "plan": "p"}\n{"customer": "a", "plan": "p"}\n',  # twice
    '{"customer": "a", "plan": "p"}\n{"customer": \n',  # not JSON
    '{"customer": "a", "plan": "p", "plan": "q"}\n',  # a key twice
    "\n\n",  # no rows
])
def test_bad_json_lines_files(tmp_path: Path, text: str) -> None:
    path = tmp_path / "u.jsonl"
    path.write_text(text, encoding="utf-8")
    found = same(OLD, NEW, path)
    assert isinstance(found, list) or found.startswith(f"error: {path}: ")


def test_good_json_lines_with_every_kind_of_count(tmp_path: Path) -> None:
    path = as_jsonl(tmp_path / "u.jsonl", [
        {"customer": "a", "plan": "p", "quantity": 2, "usage": {"request": 7000, "cap": "1_500.5"}},
        {"customer": " b ", "plan": "p", "usage": {"request/month": " 6000 "}},
        {"plan": "gone", "customer": "c"}, {"customer": "d", "plan": "q", "usage": {}}])
    found = same(OLD, NEW, path)
    assert [i["customer"] for i in found] == ["c", "a", " b "]


def test_bad_parquet_is_the_same_one_line_error(tmp_path: Path) -> None:
    con = duckdb.connect()
    cases = {"double": "SELECT 'a' AS customer, 'p' AS plan, 1.5::DOUBLE AS \"usage:request\"",
             "negative": "SELECT 'a' AS customer, 'p' AS plan, -5 AS \"usage:request\"",
             "big": "SELECT 'a' AS customer, 'p' AS plan, 5000000000000000000::BIGINT AS \"usage:request\"",
             "gold": "SELECT 'a' AS customer, 'gold' AS plan",
             "number id": "SELECT 7 AS customer, 'p' AS plan",
             "unknown": "SELECT 'a' AS customer, 'p' AS plan, 'x' AS extra",
             "twice": "SELECT 'a' AS customer, 'p' AS plan FROM range(2)",
             "empty": "SELECT 'a' AS customer, 'p' AS plan WHERE false"}
    for name, select in cases.items():
        path = tmp_path / f"{name.replace(' ', '-')}.parquet"
        con.execute(f"COPY ({select}) TO '{path}' (FORMAT parquet)")
        assert same(OLD, NEW, path).startswith(f"error: {path}: "), name
    (tmp_path / "not.parquet").write_text("customer,plan\n")
    assert same(OLD, NEW, tmp_path / "not.parquet").startswith("error: ")


def test_parquet_errors_name_the_row(tmp_path: Path) -> None:
    path = tmp_path / "u.parquet"
    duckdb.connect().execute(f"""COPY (SELECT * FROM (VALUES ('a', 'p', '1'), ('b', 'p', 'lots'))
                                 AS t(customer, plan, "usage:request")) TO '{path}' (FORMAT parquet)""")
    assert same(OLD, NEW, path) == (f"error: {path}: row 2 (customer 'b'), usage:request: "
                                    "'lots' is not a number")


def test_the_cli_gives_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name, obj in (("old.json", OLD), ("new.json", NEW)):
        (tmp_path / name).write_text(json.dumps(obj))
    usage = tmp_path / "u.csv"
    usage.write_text("customer,plan,usage:request\n" + "".join(f"c{i},p,{i}\n" for i in range(SMALL // 10))
                     + "z,gold,1\n")
    assert main(["diff", str(tmp_path / "old.json"), str(tmp_path / "new.json"), "--usage", str(usage)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{usage}: line {SMALL // 10 + 2} (customer 'z'): plan 'gold'" in err


# --- properties --------------------------------------------------------------------------

CELLS = st.sampled_from(["a", "b", "p", "q", "gone", "gold", " p", "p ", "\tp", "p\u00a0", "1", "2.5",
                         "1_000", "-1", "x", "", '"p"', '""', '"a,b"', ' "a"', "1e3", "9" * 19, "+1", "0"])


@st.composite
def csv_texts(draw: st.DrawFn) -> str:
    """Small CSV files of tricky cells, quotes and line ends, most with a usable header."""
    header = draw(st.sampled_from(["customer,plan,usage:request", "customer,plan,quantity,usage:request",
                                   "customer,plan,quantity,usage:request,usage:cap", "customer,plan"]))
    width = header.count(",") + 1
    rows = draw(st.lists(st.lists(CELLS, min_size=width - 1, max_size=width + 1), max_size=6))
    end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return end.join([header, *(",".join(r) for r in rows)]) + draw(st.sampled_from([end, ""]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(csv_texts())
def test_any_csv_gives_the_same_outcome_through_the_engine(tmp_path: Path, text: str) -> None:
    path = tmp_path / "u.csv"
    path.write_text(text, encoding="utf-8", newline="")
    same(OLD, NEW, path)


@settings(max_examples=60, deadline=None)
@given(plans(), plans(), usages)
def test_only_changed_plans_are_costed_and_nothing_is_lost(a: dict[str, Any], b: dict[str, Any],
                                                           u: dict[str, Any]) -> None:
    """Costing every subscription (the definition) gives what costing only those on changed
    plans gives: a customer on an unchanged plan is never affected."""
    old, new = load_pricebook(book(a)), load_pricebook(book(b, plan("extra", amount="1")))
    books = _Books.of(old, new, None)
    full = sorted((i for i in map(books.impact_of, load_usage(u)) if i is not None), key=_order)
    assert impact(old, new, u) == full
    assert all(i.plan in books.changed for i in full)


# --- money is formatted only for what is reported -----------------------------------------


def test_a_large_book_formats_money_only_for_its_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    from babel import numbers  # words.money_text imports it when it formats money

    from nosurprises.pricing import compare_pricing

    calls = []
    real = numbers.format_currency

    def counting(*args: Any, **kwargs: Any) -> str:
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(numbers, "format_currency", counting)
    old = book(*(plan(f"p{i}", amount=f"{i}.00", usage_prices=[metered("r", "0.10", per=1000)])
                 for i in range(2000)))
    new = json.loads(json.dumps(old))
    for i in (3, 500, 1999):
        new["plans"][i]["price"]["amount"] = f"{i + 1}.00"
    report = compare_pricing(old, new)
    text = report.model_dump_json()
    assert len(report.changes) == 3 and "$1,999.00" in text
    assert 0 < len(calls) <= 10 * len(report.changes)


# --- the same query on a warehouse -------------------------------------------------------


def test_the_query_is_written_for_warehouses() -> None:
    pytest.importorskip("sqlglot")
    query = usage_query(["customer", "plan", "quantity", "usage:request"], ["p", "o'k"], ["p"], ["request"])
    quoted = {"spark": "`usage:request`", "bigquery": "`usage:request`", "snowflake": '"usage:request"'}
    for dialect, column in quoted.items():
        check = for_dialect(query.check, dialect)
        assert column in check and "known_plan" in check
        assert column in for_dialect(query.affected, dialect)


def test_spark_runs_the_same_query(tmp_path: Path) -> None:
    """The check and the affected rows through Spark SQL equal DuckDB's, on a real pair."""
    pytest.importorskip("sqlglot")
    pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed (pip install pyspark)")
    import shutil

    if shutil.which("java") is None:
        pytest.skip("Spark needs Java (java not found)")
    from pyspark.sql import SparkSession

    folder = corpus_dir("pricing", "google-maps-platform-2018")
    csv = as_csv(tmp_path / "u.csv", rows_of(ROOT / "examples" / "usage.csv"))
    columns = csv.read_text().splitlines()[0].split(",")
    kw: dict[str, Any] = {"columns": columns, "successors": {"standard": "pay-as-you-go"}}
    query = warehouse_query(folder / "old.yaml", GOOGLE_NEW, dialect="duckdb", **kw)
    spark_query = warehouse_query(folder / "old.yaml", GOOGLE_NEW, dialect="spark", **kw)
    con = duckdb.connect()
    con.execute(f"CREATE VIEW usage AS SELECT * FROM read_csv('{csv}', header = true, all_varchar = true)")
    spark = (SparkSession.builder.master("local[1]").appName("nosurprises-test")
             .config("spark.ui.enabled", "false").getOrCreate())
    try:
        spark.read.csv(str(csv), header=True).createOrReplaceTempView("usage")
        checked = [tuple(r) for r in spark.sql(spark_query.check).collect()]
        assert checked == con.execute(query.check).fetchall() and checked[0][1:] == (0, 0)
        affected = sorted(tuple(r) for r in spark.sql(spark_query.affected).collect())
        assert affected == sorted(con.execute(query.affected).fetchall()) and affected
    finally:
        spark.stop()
    assert pyspark.__version__



@pytest.mark.parametrize("text", ["customer,plan,usage:request\na,p,1,\n",
                                  "customer,plan,usage:request\na,p,1,,\n",
                                  'customer,plan,usage:request\n"a,b",p,1,\n',
                                  'customer,plan,usage:request\na,p,1,""\n',
                                  "customer,plan,usage:request\ra,p,1,\r"])  # lone CRs
def test_a_row_wider_than_the_header_is_refused_by_both_engines(tmp_path: Path, text: str) -> None:
    """DuckDB drops empty cells past the last column; the csv module counts them: the
    engine leaves such a file to the scan, which refuses the row (found by hypothesis)."""
    path = tmp_path / "u.csv"
    path.write_text(text)
    assert same(OLD, NEW, path) == f"error: {path}: line 2: more cells than columns"
