"""Request logs read into calls (`targeting/requests.py`) and aggregated by DuckDB
(`targeting/engine.py`): the same results both ways, and every bad input one exact line."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nosurprises.errors import InputError
from nosurprises.targeting import Fields, Window, read_requests
from nosurprises.targeting.paths import Templates
from nosurprises.targeting.requests import calls

from .conftest import FIXTURES

LOGS = FIXTURES / "requests"
UTC = dt.UTC
KINDS = {
    "access.log": Fields(),
    "combined.log": Fields(customer=r"key=(?P<customer>[^ ]+)$"),
    "gateway.jsonl": Fields(customer="headers.x-account-id"),
    "export.csv": Fields(customer="account"),
}


TEMPLATES = Templates(["/pets", "/pets/mine", "/pets/{petId}"], ["/v1"])


def _same(path: Path, fields: Fields, window: Window | None = None) -> None:
    """The exact scan and DuckDB agree on every tally and count, by path and by template, and
    DuckDB did the work."""
    for match in (None, TEMPLATES.match):
        scanned = read_requests(path, fields=fields, window=window, engine="python", match=match)
        queried = read_requests(path, fields=fields, window=window, engine="duckdb", match=match)
        assert (scanned.engine, queried.engine) == ("python", "duckdb")
        assert scanned.tallies == queried.tallies
        assert [(r.calls, r.anonymous, r.outside, r.skipped, r.unmatched) for r in (scanned, queried)] == [
            (queried.calls, queried.anonymous, queried.outside, queried.skipped, queried.unmatched)
        ] * 2


@pytest.mark.parametrize("name", sorted(KINDS))
def test_engine_and_scan_agree_on_every_fixture(name: str) -> None:
    _same(LOGS / name, KINDS[name])
    _same(
        LOGS / name,
        KINDS[name],
        Window(since=dt.datetime(2026, 10, 2, tzinfo=UTC), until=dt.datetime(2026, 10, 4, tzinfo=UTC)),
    )


def test_an_access_log_is_read_as_calls() -> None:
    found = read_requests(LOGS / "access.log")
    assert (found.format, found.calls, found.anonymous, found.skipped, found.outside) == ("clf", 10, 1, 3, 0)
    first = next(calls(LOGS / "access.log", "clf", Fields()))
    assert first.customer == "alice" and first.method == "GET" and first.path == "/v1/pets"
    assert first.params == ("limit", "sort") and first.time == dt.datetime(2026, 10, 1, 9, tzinfo=UTC)
    times = {(t.customer, t.method, t.path): t.last_us for t in found.tallies}
    # 02/Oct/2026:10:00:00 +0200 is 08:00 UTC
    assert times[("alice", "DELETE", "/v1/pets/42")] == 1790928000 * 10**6


def test_a_pattern_names_the_customer_in_a_custom_log_format() -> None:
    found = read_requests(LOGS / "combined.log", fields=KINDS["combined.log"])
    assert {t.customer for t in found.tallies} == {"alice", "bob"}
    assert found.anonymous == 1  # key=-


def test_json_lines_read_dotted_fields_epoch_seconds_urls_and_params() -> None:
    found = read_requests(LOGS / "gateway.jsonl", fields=KINDS["gateway.jsonl"])
    by = {(t.customer, t.method, t.path): t for t in found.tallies}
    assert by[("bob", "GET", "/v1/pets")].params == ("sort",)  # url, params object, "get"
    assert by[("4711", "GET", "/v1/pets/7")].calls == 1  # a numeric account id
    assert by[("carol", "POST", "/v1/pets")].params == ("limit",)  # a list of names
    assert found.anonymous == 1  # null


def test_a_key_written_twice_is_read_alike_both_ways(tmp_path: Path) -> None:
    """orjson keeps the last of two equal keys and DuckDB the first: the SQL leaves such a
    line to the scan, so the result is the scan's either way."""
    call = '{"time": 1791052200, "method": "GET", "path": "/v1/pets", '
    for customer, line, last in (("h.who", call + '"h": {"who": "a", "who": "b"}}', "b"),
                                 ("who", call + '"who": "c", "who": "d"}', "d")):
        path = tmp_path / "twice.jsonl"
        path.write_text(line + "\n")
        runs = [read_requests(path, fields=Fields(customer=customer), engine=e) for e in ("python", "duckdb")]
        assert [r.engine for r in runs] == ["python", "python"]  # the DuckDB run fell back to the scan
        assert [t.customer for r in runs for t in r.tallies] == [last, last]


def test_the_window_counts_calls_outside_it() -> None:
    found = read_requests(LOGS / "access.log", window=Window(since=dt.datetime(2026, 10, 1, tzinfo=UTC)))
    assert found.outside == 1 and "erin" not in {t.customer for t in found.tallies}


def test_the_format_is_sniffed_from_the_first_line(tmp_path: Path) -> None:
    (tmp_path / "log").write_bytes((LOGS / "gateway.jsonl").read_bytes())
    assert read_requests(tmp_path / "log", fields=KINDS["gateway.jsonl"]).format == "jsonl"
    (tmp_path / "log2").write_bytes((LOGS / "access.log").read_bytes())
    assert read_requests(tmp_path / "log2").format == "clf"


# --- bad input: one line each, naming the file and the line --------------------------------


def _error(
    tmp_path: Path,
    text: str,
    fields: Fields | None = None,
    name: str = "x.log",
    fmt: str | None = None,
    engine: str = "python",
) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_requests(path, fmt, fields, engine=engine)  # type: ignore[arg-type]
    message = str(caught.value)
    assert "\n" not in message
    return message.replace(str(tmp_path) + "/", "")


GOOD = '1.2.3.4 - alice [10/Oct/2026:13:55:36 -0700] "GET /pets HTTP/1.1" 200 5\n'


@pytest.mark.parametrize("engine", ["python", "duckdb"])
def test_a_line_that_is_no_log_line_is_named_by_number(tmp_path: Path, engine: str) -> None:
    text = GOOD * 3 + "this is not a log line\n" + GOOD
    assert _error(tmp_path, text, engine=engine).startswith(
        "x.log:4: is not a line of the common or combined log format"
    )


@pytest.mark.parametrize(
    ("stamp", "engine"),
    [
        (s, e)
        for s in (
            "31/Feb/2026:10:00:00 +0000",
            "10/Okt/2026:10:00:00 +0000",
            "10/Oct/2026:25:00:00 +0000",
            "10/Oct/2026:10:00:00",
        )
        for e in ("python", "duckdb")
    ],
)
def test_a_time_that_cannot_be_read_is_named(tmp_path: Path, stamp: str, engine: str) -> None:
    text = GOOD + GOOD.replace("10/Oct/2026:13:55:36 -0700", stamp)
    assert _error(tmp_path, text, engine=engine) == (
        f"x.log:2: has a time that cannot be read: [{stamp}] (expected like [10/Oct/2026:13:55:36 -0700])"
    )


def test_invalid_utf8_is_named_by_line(tmp_path: Path) -> None:
    path = tmp_path / "x.log"
    path.write_bytes(GOOD.encode() + b'1.2.3.4 - \xff [10/Oct/2026:13:55:36 -0700] "GET / HTTP/1.1" 200 5\n')
    for engine in ("python", "duckdb"):
        with pytest.raises(InputError, match=r"x.log:2: is not valid UTF-8 \(byte 11 of the line\)"):
            read_requests(path, engine=engine)  # type: ignore[arg-type]


def test_an_unreadable_file_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"missing\.log: no such file"):
        read_requests(tmp_path / "missing.log")
    with pytest.raises(InputError, match="is a directory"):
        read_requests(tmp_path)


@pytest.mark.parametrize("engine", ["python", "duckdb"])
def test_json_line_problems_are_named(tmp_path: Path, engine: str) -> None:
    key = Fields(customer="account")
    good = json.dumps({"time": "2026-10-10T10:00:00Z", "method": "GET", "path": "/pets", "account": "a"})
    cases = {
        "[1, 2]": "x.jsonl:2: is not a JSON object (it is a list)",
        "{not json": "x.jsonl:2: is not JSON (unexpected character",  # orjson's words go on by release
        json.dumps(
            {"time": "2026-10-10T10:00:00Z", "method": "GET", "path": "/pets"}
        ): "x.jsonl:2: has no field 'account' (the --customer-key)",
        json.dumps(
            {"time": "yesterday", "method": "GET", "path": "/pets", "account": "a"}
        ): 'x.jsonl:2: has a time that cannot be read: time="yesterday" (expected ISO 8601 with an offset, '
        "or epoch seconds)",
        json.dumps(
            {"time": "2026-10-10T10:00:00", "method": "GET", "path": "/pets", "account": "a"}
        ): "x.jsonl:2: has a time without a UTC offset: '2026-10-10T10:00:00' (write it as "
        "2026-10-10T13:55:36Z or with +02:00)",
        json.dumps(
            {"time": 1, "method": 7, "path": "/pets", "account": "a"}
        ): "x.jsonl:2: has a 'method' that is a number, not text",
        json.dumps(
            {"time": 1, "method": "GET", "path": "/pets", "account": ["a"]}
        ): "x.jsonl:2: has a customer 'account' that is a list, not text",
        json.dumps(
            {"time": 1, "method": "GET", "path": "/pets", "account": "a", "params": 5}
        ): "x.jsonl:2: has 'params' that is a number, not an object or a list of names",
    }
    for line, expected in cases.items():
        found = _error(tmp_path, good + "\n" + line + "\n", key, "x.jsonl", engine=engine)
        assert found == expected or (line == "{not json" and found.startswith(expected)), found


def test_options_are_checked_before_the_log_is_read(tmp_path: Path) -> None:
    assert _error(tmp_path, GOOD, Fields(customer="(?P<customer>(a)\\1)")).startswith(
        "--customer-key: is not a regular expression RE2 accepts"
    )
    assert _error(tmp_path, GOOD, Fields(customer="account")).startswith(
        "--customer-key: 'account' is neither a field of a log line (host, ident, authuser)"
    )
    assert _error(tmp_path, "{}\n", name="x.jsonl").startswith("--customer-key: is required for JSON lines")
    assert (
        _error(tmp_path, GOOD, fmt="xml")
        == "xml: is not a request log format (formats: clf, jsonl, csv, parquet, duckdb)"
    )
    assert _error(tmp_path, "<html>\n", name="x.txt").startswith(
        "x.txt: is not a request log this tool can tell"
    )


def test_a_csv_row_of_the_wrong_width_is_named(tmp_path: Path) -> None:
    text = "time,method,path,account\n2026-10-10T10:00:00Z,GET,/pets,a\n2026-10-10T10:00:00Z,GET\n"
    for engine in ("python", "duckdb"):
        assert _error(tmp_path, text, Fields(customer="account"), "x.csv", engine=engine) == (
            "x.csv:3: has 2 cells; the header names 4"
        )


@pytest.mark.parametrize("tail", [",", ",,"])
def test_a_csv_row_wider_than_its_header_is_named_by_both_engines(tmp_path: Path, tail: str) -> None:
    """DuckDB drops empty cells past the last column; the csv module counts them: such a
    file goes to the scan, which names the row, whichever engine was asked for."""
    text = f"time,method,path,account\n2026-10-10T10:00:00Z,GET,/pets,a{tail}\n"
    for engine in ("python", "duckdb"):
        assert _error(tmp_path, text, Fields(customer="account"), "x.csv", engine=engine) == (
            f"x.csv:2: has {4 + len(tail)} cells; the header names 4"
        )


def test_parquet_logs_read_as_csv_ones(tmp_path: Path) -> None:
    import duckdb

    target = tmp_path / "log.parquet"
    duckdb.execute(
        f"COPY (SELECT * FROM read_csv('{LOGS / 'export.csv'}', all_varchar = true)) "
        f"TO '{target}' (FORMAT parquet)"
    )
    queried = read_requests(target, fields=KINDS["export.csv"])
    assert queried.engine == "duckdb"
    assert queried.tallies == read_requests(LOGS / "export.csv", fields=KINDS["export.csv"]).tallies
    assert next(calls(target, "parquet", KINDS["export.csv"])).customer == "alice"


# --- DuckDB and the scan agree on generated logs --------------------------------------------

_WORD = st.sampled_from(["alice", "bob", "-", "carol", "d%C3%A9"])
_PATHS = st.sampled_from(["/v1/pets", "/v1/pets/1", "/v1/pets/mine/", "/v1/x%2Fy", "http://h/v1/pets", "*"])
_QUERY = st.lists(st.sampled_from(["limit=1", "sort", "a=b=c", "", "x%5B%5D=1", "limit=2"]), max_size=3)


@st.composite
def _clf_line(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["call", "call", "call", "dash", "probe", "blank"]))
    when = dt.datetime(2026, 1, 1, tzinfo=UTC) + dt.timedelta(seconds=draw(st.integers(0, 3 * 10**7)))
    offset = draw(st.sampled_from(["+0000", "-0700", "+0530"]))
    stamp = when.strftime("%d/%b/%Y:%H:%M:%S ") + offset
    prefix = f"10.0.0.1 - {draw(_WORD)} [{stamp}]"
    if kind == "blank":
        return ""
    if kind == "dash":
        return f'{prefix} "-" 408 0'
    if kind == "probe":
        return f'{prefix} "PRI * HTTP/2.0" 400 0'
    query = "&".join(draw(_QUERY))
    target = draw(_PATHS) + (f"?{query}" if query else "")
    method = draw(st.sampled_from(["GET", "post", "DELETE"]))
    tail = draw(st.sampled_from(["", ' "-" "curl/8"', ' "https://r/" "Mozilla (X; y)" 0.003']))
    return f'{prefix} "{method} {target} HTTP/1.1" 200 {draw(st.integers(0, 999))}{tail}'


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(_clf_line(), min_size=1, max_size=60), since=st.integers(0, 3 * 10**7))
def test_engine_equals_scan_on_generated_access_logs(tmp_path: Path, lines: list[str], since: int) -> None:
    if not any(lines):
        lines.append(GOOD.strip())
    path = tmp_path / "gen.log"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    start = dt.datetime(2026, 1, 1, tzinfo=UTC) + dt.timedelta(seconds=since)
    _same(path, Fields(), Window(since=start))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(
        st.fixed_dictionaries(
            {
                "time": st.one_of(
                    st.integers(1.7e9, 1.8e9),
                    st.sampled_from(["2026-10-10T10:00:00Z", "2026-10-10 10:00:00.5+02:00"]),
                ),
                "method": st.sampled_from(["GET", "put"]),
                "path": _PATHS,
                "who": st.fixed_dictionaries({"id": st.one_of(_WORD, st.integers(0, 99), st.none())}),
                "params": st.one_of(
                    st.none(),
                    st.lists(st.sampled_from(["limit", "sort"])),
                    st.dictionaries(st.sampled_from(["a", "b"]), st.integers()),
                ),
            }
        ),
        min_size=1,
        max_size=40,
    )
)
def test_engine_equals_scan_on_generated_json_lines(tmp_path: Path, rows: list[dict[str, object]]) -> None:
    path = tmp_path / "gen.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    _same(path, Fields(customer="who.id"))


_CELL = st.sampled_from(["alice", "", "-", "bob", "4711"])


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(
        st.tuples(
            st.one_of(st.integers(1_700_000_000, 1_800_000_000).map(str), st.just("2026-10-10T10:00:00Z")),
            st.sampled_from(["GET", "delete", "PRI"]),
            st.sampled_from(["/v1/pets", "/v1/pets/1?limit=2", "/v1/pets/mine", "*", "/v1/health"]),
            _CELL,
            st.sampled_from(["", "limit=1", "sort&limit=2", "a=b"]),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_engine_equals_scan_on_generated_csv_and_parquet(tmp_path: Path, rows: list[tuple[str, ...]]) -> None:
    import duckdb

    path = tmp_path / "gen.csv"
    path.write_text("time,method,path,account,params\n" + "".join(",".join(r) + "\n" for r in rows))
    _same(path, Fields(customer="account"))
    parquet = tmp_path / "gen.parquet"
    duckdb.execute(
        f"COPY (SELECT * FROM read_csv('{path}', all_varchar = true, header = true)) TO '{parquet}' "
        "(FORMAT parquet)"
    )
    _same(parquet, Fields(customer="account"))
