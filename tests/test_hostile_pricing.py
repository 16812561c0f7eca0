"""Price books and usage files that mislead or break: wrong places, wrong pairings, bad numbers.

Each test here failed before its fix (issue 9): a removed plan annotated on another plan of
the new book, a successor that unpaired its own plan, CSV that crashed the reader, tiers and
limits outside their range accepted and misreported.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import orjson
import pytest

from nosurprises.cli import main
from nosurprises.formats.github import render_github
from nosurprises.formats.sarif import render_sarif
from nosurprises.pricing import compare_pricing

from .conftest import corpus_dir

# --- item 5: a removed thing is located in the old document ---------------------------------


def _twitter() -> tuple[str, str]:
    case = corpus_dir("pricing", "twitter-api-2023")
    return str(case / "old.yaml"), str(case / "new.yaml")


def _line_of(path: str, text: str) -> int:
    return next(i for i, row in enumerate(Path(path).read_text().splitlines(), 1) if text in row)


def test_removed_free_plan_is_annotated_on_the_old_book(capsys: pytest.CaptureFixture[str]) -> None:
    old, new = _twitter()
    assert main(["diff", old, new, "-f", "github"]) == 0
    rows = capsys.readouterr().out.splitlines()
    essential = next(r for r in rows if "`essential`" in r)
    assert f"file={old},line={_line_of(old, '- id: essential')}," in essential
    added = next(r for r in rows if "Plan `free`" in r)  # the new plan at the same pointer
    assert f"file={new},line={_line_of(new, '- id: free')}," in added


def test_removed_things_in_sarif_name_the_old_file_and_its_line() -> None:
    old, new = _twitter()
    report = compare_pricing(old, new)
    results = orjson.loads(render_sarif(report, new, old))["runs"][0]["results"]
    by_item = {(r["ruleId"], r["properties"].get("before")): r["locations"][0]["physicalLocation"]
               for r in results}
    where = by_item[("pricing.free-tier.removed", "Essential")]
    assert where["artifactLocation"]["uri"] == old
    assert where["region"] == {"startLine": _line_of(old, "- id: essential")}
    feature = by_item[("pricing.feature.removed", "included")]  # enterprise lost a feature
    assert feature["artifactLocation"]["uri"] == old
    assert "Commercial access" in Path(old).read_text().splitlines()[feature["region"]["startLine"] - 1]


def test_the_report_says_which_book_a_location_is_in() -> None:
    old, new = _twitter()
    docs = {(c.rule, c.item): c.document for c in compare_pricing(old, new).changes}
    assert docs[("pricing.free-tier.removed", "essential")] == "old"
    assert docs[("pricing.feature.removed", "enterprise")] == "old"
    assert docs[("pricing.plan.added", "free")] == "new"
    assert docs[("pricing.price.published", "enterprise")] == "new"


def test_without_the_old_name_a_removed_thing_gets_no_line_rather_than_a_wrong_one() -> None:
    old, new = _twitter()
    rows = render_github(compare_pricing(old, new), new).splitlines()
    essential = next(r for r in rows if "`essential`" in r)
    assert f"file={new}," in essential and "line=" not in essential


def test_openapi_removed_parameter_is_not_placed_on_the_parameter_added_in_its_slot(
        tmp_path: Path) -> None:
    """The same mistake in OpenAPI: `parameters/0` is the removed one in the old document."""
    head = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n"
    tail = "      responses:\n        '200': {description: ok}\n"
    (tmp_path / "old.yaml").write_text(
        head + "      parameters:\n        - {name: x, in: query}\n" + tail)
    (tmp_path / "new.yaml").write_text(
        head + "      parameters:\n\n\n        - {name: y, in: query}\n" + tail)
    old, new = str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml")
    from nosurprises import compare_openapi

    rows = render_github(compare_openapi(old, new), new, old).splitlines()
    removed = next(r for r in rows if "api.parameter.removed" in r)
    added = next(r for r in rows if "api.parameter.added" in r)
    assert f"file={old},line=7," in removed
    assert f"file={new},line=9," in added


# --- item 6: a successor that exists in both books keeps its own customers -------------------

_OLD = """plans:
  - {id: starter, name: Starter, price: {amount: '10.00', currency: USD, interval: month}}
  - {id: pro, name: Pro, price: {amount: '20.00', currency: USD, interval: month}}
"""
_NEW = """plans:
  - {id: pro, name: Pro, price: {amount: '25.00', currency: USD, interval: month}}
"""


def test_successor_present_in_both_books_pairs_with_itself_too() -> None:
    from nosurprises.pricing import compare_pricing_with_usage

    report = compare_pricing(_OLD, _NEW, successors={"starter": "pro"})
    rules = sorted((c.rule, c.before, c.after) for c in report.changes)
    assert ("pricing.plan.removed", "Pro", None) not in rules
    assert not any(c.rule == "pricing.plan.removed" for c in report.changes)
    rises = {c.message for c in report.changes if c.rule == "pricing.price.increased"}
    assert rises == {
        "The price of plan `pro` rose by $5.00 (+25.0%) per month, from $20.00 to $25.00.",
        "The price of plan `starter` \u2192 `pro` rose by $15.00 (+150.0%) per month, "
        "from $10.00 to $25.00."}
    usage = {"subscriptions": [{"customer": "old-pro", "plan": "pro"},
                               {"customer": "old-starter", "plan": "starter"}]}
    impacts = {i.customer: i for i in compare_pricing_with_usage(_OLD, _NEW, usage,
                                                                 successors={"starter": "pro"}).impact}
    assert (impacts["old-pro"].new_plan, impacts["old-pro"].delta) == ("pro", Decimal("5.00"))
    assert (impacts["old-starter"].new_plan, impacts["old-starter"].delta) == ("pro", Decimal("15.00"))
    assert not any("no successor" in n for i in impacts.values() for n in i.notes)


def test_twitter_academic_research_moves_to_enterprise(capsys: pytest.CaptureFixture[str]) -> None:
    old, new = _twitter()
    report = compare_pricing(old, new, successors={"academic-research": "enterprise"})
    assert not any(c.rule == "pricing.plan.removed" for c in report.changes)
    # Enterprise's own customers: a price now public, the limit raised, one feature gone.
    own = {c.rule for c in report.changes if c.item == "enterprise" and "\u2192" not in c.message}
    assert {"pricing.price.published", "pricing.limit.increased", "pricing.feature.removed"} <= own
    # Academic researchers moved across: from free to $42,000 a month.
    moved = [c for c in report.changes if "`academic-research` \u2192 `enterprise`" in c.message]
    assert {c.rule for c in moved} >= {"pricing.free-tier.removed", "pricing.price.increased"}
    assert main(["diff", old, new, "--successor", "academic-research=enterprise"]) == 0
    out = capsys.readouterr().out
    assert "Plan `enterprise` (Enterprise) was removed" not in out


def test_cli_successor_keeps_existing_customers_on_their_plan(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "old.yaml").write_text(_OLD)
    (tmp_path / "new.yaml").write_text(_NEW)
    (tmp_path / "usage.csv").write_text("customer,plan\nacme,pro\nbeta,starter\n")
    args = ["diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"),
            "--successor", "starter=pro", "--usage", str(tmp_path / "usage.csv"), "-f", "json"]
    assert main(args) == 0
    data = orjson.loads(capsys.readouterr().out)
    assert {(i["customer"], i["new_plan"], i["delta"]) for i in data["impact"]} == {
        ("acme", "pro", "5.00"), ("beta", "pro", "15.00")}
    assert "pricing.plan.removed" not in {c["rule"] for c in data["changes"]}


# --- hostile 4: CSV the csv module cannot read as given -------------------------------------

_PRICE_HEADER = "plan,name,amount,currency,interval"


def _csv_error(tmp_path: Path, text: str, name: str = "prices.csv", usage: bool = False) -> str:
    from nosurprises.errors import InputError
    from nosurprises.pricing import load_pricebook
    from nosurprises.pricing.usage import load_usage

    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    with pytest.raises(InputError) as caught:
        (load_usage if usage else load_pricebook)(path)
    message = str(caught.value)
    assert message.startswith(str(path)) and "\n" not in message
    return message


@pytest.mark.parametrize("ending", ["\r", "\r\n", "\n"])
def test_csv_rows_end_with_cr_crlf_or_lf(tmp_path: Path, ending: str) -> None:
    from nosurprises.pricing import load_pricebook
    from nosurprises.pricing.usage import load_usage

    (tmp_path / "p.csv").write_text(ending.join([_PRICE_HEADER, "pro,Pro,10.00,USD,month",
                                                 '"biz","Biz ""plus""",20.00,USD,month', ""]),
                                    encoding="utf-8", newline="")
    plans = load_pricebook(tmp_path / "p.csv").plans
    assert plans is not None
    assert [(p.id, p.name, str(p.price.amount if p.price else None)) for p in plans] == [
        ("pro", "Pro", "10.00"), ("biz", 'Biz "plus"', "20.00")]
    (tmp_path / "u.csv").write_text(ending.join(["customer,plan,usage:request", "a,pro,5", "b,biz,",
                                                 ""]), encoding="utf-8", newline="")
    subs = load_usage(tmp_path / "u.csv")
    assert [(s.customer, s.plan, dict(s.usage)) for s in subs] == [
        ("a", "pro", {"request": Decimal(5)}), ("b", "biz", {})]


def test_cr_only_csv_from_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "old.csv").write_text(f"{_PRICE_HEADER}\rpro,Pro,10.00,USD,month\r", newline="")
    (tmp_path / "new.csv").write_text(f"{_PRICE_HEADER}\rpro,Pro,20.00,USD,month\r", newline="")
    (tmp_path / "usage.csv").write_text("customer,plan\racme,pro\r", newline="")
    assert main(["diff", str(tmp_path / "old.csv"), str(tmp_path / "new.csv"),
                 "--usage", str(tmp_path / "usage.csv")]) == 0
    out = capsys.readouterr().out
    assert "pricing.price.increased" in out and "acme" in out and "$10.00 more" in out


@pytest.mark.parametrize("usage", [False, True])
def test_an_overlong_cell_is_a_clear_error_naming_the_line(tmp_path: Path, usage: bool) -> None:
    long = "x" * 200_000
    text = (f"customer,plan\nok,pro\n{long},pro\n" if usage
            else f"{_PRICE_HEADER}\npro,Pro,10.00,USD,month\nbiz,{long},20.00,USD,month\n")
    message = _csv_error(tmp_path, text, usage=usage)
    assert "line 3: a cell is longer than 131,072 characters" in message


def test_an_overlong_cell_from_the_cli_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "old.csv").write_text(f"{_PRICE_HEADER}\npro,{'y' * 140_000},10.00,USD,month\n")
    assert main(["diff", str(tmp_path / "old.csv"), str(tmp_path / "old.csv")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "old.csv: line 2: a cell is longer" in err


def test_unterminated_quote_names_its_line(tmp_path: Path) -> None:
    message = _csv_error(tmp_path, f'{_PRICE_HEADER}\npro,Pro,10.00,USD,month\n"biz,Biz,20.00,USD,month\n')
    assert "line" in message and "Traceback" not in message


# --- hostile 5: a price CSV whose cells do not line up with its header ----------------------


@pytest.mark.parametrize(("text", "problem"), [
    (f"{_PRICE_HEADER}\npro,Pro,10.00,USD,month,99\n",
     "line 2: 6 cells, but the header has 5 columns"),
    (f"{_PRICE_HEADER}\npro,Pro,10.00,USD\n",
     "line 2: 4 cells, but the header has 5 columns (missing: interval)"),
    (f"{_PRICE_HEADER},amount\npro,Pro,10.00,USD,month,99.00\n",
     "line 1: the header names the column 'amount' more than once"),
    (f"{_PRICE_HEADER},discount\npro,Pro,10.00,USD,month,5\n",
     "line 1: unknown column(s) 'discount'"),
    (f"{_PRICE_HEADER}\npro,Pro,10.00,USD,month\nbiz,Biz,-1,USD,month\n",
     "line 3: plans[1].price.amount (plan 'biz'): a price cannot be negative"),
    (f"{_PRICE_HEADER}\npro,Pro,10.00,USD,month\n\npro,Pro 2,10.00,USD,month\n",
     "line 4: plans[1].id (plan 'pro'): duplicate plan id 'pro'"),
])
def test_price_csv_cells_must_match_the_header(tmp_path: Path, text: str, problem: str) -> None:
    assert problem in _csv_error(tmp_path, text)


def test_usage_csv_with_a_column_twice_is_refused(tmp_path: Path) -> None:
    message = _csv_error(tmp_path, "customer,plan,usage:request,usage:request\na,pro,5,7\n",
                         "usage.csv", usage=True)
    assert "line 1: the header names the column 'usage:request' more than once" in message


def test_a_directory_named_csv_is_refused(tmp_path: Path) -> None:
    from nosurprises.errors import InputError
    from nosurprises.pricing import load_pricebook

    (tmp_path / "dir.csv").mkdir()
    with pytest.raises(InputError, match="is not a regular file"):
        load_pricebook(tmp_path / "dir.csv")
