"""The customer directory: one file of customers in four formats, every bad row reported."""

from __future__ import annotations

import csv
import dataclasses
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nosurprises.directory import Customer, load_directory
from nosurprises.errors import InputError

from .conftest import FIXTURES

HERE = FIXTURES / "customers"


def _plain(customer: Customer) -> dict:
    return {k: v for k, v in dataclasses.asdict(customer).items() if k != "where"}


@pytest.mark.parametrize("name", ["customers.csv", "customers.yaml", "customers.jsonl"])
def test_every_format_reads_the_same_customers(name: str) -> None:
    directory = load_directory(HERE / name)
    assert [c.customer for c in directory] == ["acme", "globex", "initech", "umbrella"]
    acme = directory.get("acme")
    assert acme is not None
    assert acme.emails == ("ops@acme.example", "cto@acme.example")
    assert (acme.locale, acme.plan, acme.tags, acme.notice_days) == \
        ("de", "pro", ("eu-business", "paying"), 60)
    assert directory.get("umbrella").locale == "pt_BR"  # Babel's spelling, whatever the file's
    assert directory.get("initech").locale is None
    reference = [_plain(c) for c in load_directory(HERE / "customers.csv")]
    assert [_plain(c) for c in directory] == reference


def test_rows_keep_where_they_are() -> None:
    assert load_directory(HERE / "customers.csv").get("globex").where == "line 3"
    assert load_directory(HERE / "customers.jsonl").get("initech").where == "line 4"  # a blank line 3
    assert load_directory(HERE / "customers.yaml").get("umbrella").where == "customers[3]"


def test_audience_tags_select_customers() -> None:
    directory = load_directory(HERE / "customers.yaml")
    assert [c.customer for c in directory.tagged(["eu-business"])] == ["acme", "umbrella"]
    for everyone in (["all"], ["api"], ["api", "paying"], []):
        assert [c.customer for c in directory.tagged(everyone)] == ["acme", "globex", "initech", "umbrella"]
    assert [c.customer for c in directory.tagged(["paying"])] == ["acme", "initech", "umbrella"]
    assert directory.tagged(["nobody-has-it"]) == []


def _error(tmp_path: Path, name: str, text: str | bytes) -> str:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    with pytest.raises(InputError) as caught:
        load_directory(path)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(str(path) + ": ")
    return message.removeprefix(str(path) + ": ")


HEADER = "customer,email,locale,plan,name,tags,notice_days\n"


@pytest.mark.parametrize(("rows", "expected"), [
    ("acme,not-an-address,,,,,\n",
     "line 2: customer 'acme': email 'not-an-address' is not an e-mail address"),
    ("acme,a@acme.example,xx_QQ,,,,\n", "line 2: customer 'acme': 'xx_QQ' is not a locale Babel knows"),
    ("acme,a@acme.example,,,,,soon\n", "line 2: customer 'acme': notice_days 'soon' is not a whole number"),
    ("acme,a@acme.example,,,,,40000\n", "line 2: customer 'acme': notice_days 40000 is not a whole number"),
    ("acme,a@acme.example,,,,bad tag!,\n", "line 2: customer 'acme': tag 'tag!' is not a tag"),
    (",a@acme.example,,,,,\n", "line 2: has no `customer` id"),
    ("acme,a@acme.example,,,,,,extra\n", "line 2: more cells than columns"),
    ("acme,a@acme.example,,,,,\nacme,b@acme.example,,,,,\n",
     "line 3: customer 'acme' is listed twice (also line 2)"),
])
def test_a_bad_csv_row_is_named_by_its_line(tmp_path: Path, rows: str, expected: str) -> None:
    assert _error(tmp_path, "c.csv", HEADER + rows).startswith(expected)


def test_every_bad_row_is_counted_none_dropped(tmp_path: Path) -> None:
    rows = "".join(f"c{i},bad{i},,,,,\n" if i % 2 else f"c{i},ok{i}@x.example,,,,,\n" for i in range(20))
    message = _error(tmp_path, "c.csv", HEADER + rows)
    assert message.startswith("line 3: customer 'c1': email 'bad1'")
    assert message.endswith("(9 other bad rows: line 5, line 7, line 9, line 11, line 13 and 4 more)")


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("c.csv", "id,email\nacme,a@acme.example\n", "line 1: the header has no `customer` column"),
    ("c.csv", "customer,emial\nacme,a@acme.example\n",
     "line 1: unknown column 'emial' (did you mean 'email'?)"),
    ("c.csv", HEADER, "lists no customer"),
    ("c.jsonl", '{"customer": "acme"}\n{not json\n', "line 2: is not JSON"),
    ("c.jsonl", '["acme"]\n', "line 1: is not a mapping"),
    ("c.jsonl", b'{"customer": "\xff"}\n', "is not valid UTF-8"),
    ("c.yaml", "customers: {acme: {}}\n", "is not a customer directory"),
    ("c.yaml", "customers: []\npeople: []\n", "unknown top-level key(s) people"),
    ("c.yaml", "customers:\n  - {customer: acme, emails: [a@acme.example]}\n",
     "customers[0]: unknown field 'emails' (did you mean 'email'?)"),
    ("c.yaml", "customers:\n  - {customer: acme, email: {a: b}}\n",
     "customers[0]: customer 'acme': email is neither text nor a list of texts"),
    ("c.txt", "acme\n", "is not a customer directory this tool reads (suffix .txt"),
])
def test_bad_directories(tmp_path: Path, name: str, text: str | bytes, expected: str) -> None:
    assert expected in _error(tmp_path, name, text)


def test_a_missing_directory_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"no such file|does not exist|cannot be read"):
        load_directory(tmp_path / "missing.csv")


def test_the_cli_reports_a_bad_directory_with_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                                     ) -> None:
    from nosurprises.cli import main

    from .conftest import ROOT

    bad = tmp_path / "customers.csv"
    bad.write_text(HEADER + "acme,nope,,,,,\n")
    ex = ROOT / "examples"
    code = main(["notice", str(ex / "petstore-old.yaml"), str(ex / "petstore-new.yaml"),
                 "--announce", "2026-12-01", "--policy", str(ex / "nosurprises.yaml"),
                 "--customers", str(bad), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and f"{bad}: line 2: customer 'acme': email 'nope'" in err
    assert not (tmp_path / "out").exists()


_ids = st.from_regex(r"[a-z][a-z0-9-]{0,12}", fullmatch=True)
_addresses = st.from_regex(r"[a-z0-9._%+-]{1,10}@[a-z0-9]{1,8}\.example", fullmatch=True)
_tags = st.from_regex(r"[a-z0-9][a-z0-9:_-]{0,10}", fullmatch=True)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_ids, st.lists(_addresses, max_size=3), st.lists(_tags, max_size=3),
                          st.none() | st.integers(0, 36_500)),
                min_size=1, max_size=8, unique_by=lambda row: row[0]))
def test_any_directory_written_as_csv_reads_back(tmp_path_factory: pytest.TempPathFactory,
                                                 rows: list[tuple[str, list[str], list[str], int | None]]
                                                 ) -> None:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(["customer", "email", "tags", "notice_days"])
    for ident, emails, tags, days in rows:
        writer.writerow([ident, "; ".join(emails), ",".join(tags), "" if days is None else days])
    path = tmp_path_factory.mktemp("dir") / "customers.csv"
    path.write_text(text.getvalue())
    directory = load_directory(path)
    assert [(c.customer, list(c.emails), list(c.tags), c.notice_days) for c in directory] == \
        [(i, e, t, d) for i, e, t, d in rows]
