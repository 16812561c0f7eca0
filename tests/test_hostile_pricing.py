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
from hypothesis import given, settings
from hypothesis import strategies as st

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


# --- hostile 5: tiers and numbers outside their range ---------------------------------------


def _book_with(**plan: object) -> dict[str, object]:
    return {"plans": [{"id": "api", "name": "API", **plan}]}


def _metered(uid: str, amount: str, lo: int, hi: int | None) -> dict[str, object]:
    return {"id": uid, "amount": amount, "currency": "USD", "per": 1000, "unit": "call",
            "tier": {"from": lo, "to": hi, "period": "month"}}


def _load_error(data: object) -> str:
    from nosurprises.errors import InputError
    from nosurprises.pricing import load_pricebook

    with pytest.raises(InputError) as caught:
        load_pricebook(data, label="prices.yaml")
    message = str(caught.value)
    assert message.startswith("prices.yaml") and "\n" not in message
    return message


def test_a_reversed_tier_is_refused_naming_plan_and_price() -> None:
    message = _load_error(_book_with(usage_prices=[_metered("calls", "1.00", 100000, 0)]))
    assert ("plans[0].usage_prices[0].tier (plan 'api', usage price 'calls'): the tier ends "
            "(to: 0) before it starts (from: 100000)") in message


@pytest.mark.parametrize(("tiers", "low", "high"), [
    ([("a", 0, 1000), ("b", 500, 2000)], "'a' (0 to 1,000)", "'b' (500 to 2,000)"),
    ([("b", 1001, None), ("a", 0, None)], "'a' (0 and up)", "'b' (1,001 and up)"),
    ([("a", 0, 5000), ("b", 1000, 2000)], "'a' (0 to 5,000)", "'b' (1,000 to 2,000)"),
])
def test_overlapping_tiers_are_refused(tiers: list[tuple[str, int, int | None]], low: str,
                                       high: str) -> None:
    message = _load_error(_book_with(usage_prices=[_metered(i, "1.00", lo, hi) for i, lo, hi in tiers]))
    assert f"plans[0] (plan 'api'): the tiers of usage prices {low} and {high} overlap" in message


def test_adjacent_touching_and_one_unit_tiers_are_fine() -> None:
    from nosurprises.pricing import load_pricebook

    for tiers in ([("a", 0, 1000), ("b", 1001, None)], [("a", 0, 1000), ("b", 1000, None)],
                  [("a", 1, 1), ("b", 2, 9)]):
        load_pricebook(_book_with(usage_prices=[_metered(i, "1.00", lo, hi) for i, lo, hi in tiers]))
    # other units or periods are other bands
    other = _metered("d", "1.00", 0, None)
    other["unit"] = "GB"
    load_pricebook(_book_with(usage_prices=[_metered("a", "1.00", 0, None), other]))


def test_a_reversed_tier_from_the_cli_exits_2_and_no_doubled_price_is_a_saving(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The issue's case: a reversed tier made a doubled price read as `$100.00 less`."""
    import yaml

    old = _book_with(usage_prices=[_metered("calls", "1.00", 0, None)])
    new = _book_with(usage_prices=[_metered("calls", "2.00", 100000, 0)])
    (tmp_path / "old.yaml").write_text(yaml.safe_dump(old))
    (tmp_path / "new.yaml").write_text(yaml.safe_dump(new))
    (tmp_path / "usage.csv").write_text("customer,plan,usage:call\nacme,api,100000\n")
    assert main(["diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"),
                 "--usage", str(tmp_path / "usage.csv")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "new.yaml" in err and "usage price 'calls'" in err
    assert "less" not in err


@pytest.mark.parametrize(("plan", "where", "problem"), [
    ({"limits": [{"id": "req", "value": -5, "unit": "request"}]},
     "plans[0].limits[0].value (plan 'api', limit 'req')", "greater than or equal to 0"),
    ({"limits": [{"id": "req", "value": 10**18, "unit": "request"}]},
     "plans[0].limits[0].value (plan 'api', limit 'req')", "less than or equal to 999999999999999999"),
    ({"usage_prices": [{**_metered("c", "1", 0, None), "per": 0}]},
     "plans[0].usage_prices[0].per (plan 'api', usage price 'c')", "greater than 0"),
    ({"usage_prices": [{**_metered("c", "1", 0, None), "per": 10**19}]},
     "plans[0].usage_prices[0].per (plan 'api', usage price 'c')", "less than or equal to"),
    ({"usage_prices": [_metered("c", "1", -1, None)]},
     "plans[0].usage_prices[0].tier.from (plan 'api', usage price 'c')", "greater than or equal to 0"),
    ({"usage_prices": [_metered("c", "1", 0, 10**20)]},
     "plans[0].usage_prices[0].tier.to (plan 'api', usage price 'c')", "less than or equal to"),
    ({"usage_prices": [_metered("c", "-1", 0, None)]},
     "plans[0].usage_prices[0].amount (plan 'api', usage price 'c')", "a price cannot be negative"),
    ({"price": {"amount": "5", "currency": "USD", "interval": "month", "minimum_commitment": "-1"}},
     "plans[0].price.minimum_commitment (plan 'api')", "a price cannot be negative"),
    ({"price": {"amount": 10**19, "currency": "USD", "interval": "month"}},
     "plans[0].price.amount (plan 'api')", "an integer amount is at most 999,999,999,999,999,999"),
    ({"included_credit": {"amount": "-200", "currency": "USD", "period": "month"}},
     "plans[0].included_credit.amount (plan 'api')", "a credit cannot be negative (-200)"),
    ({"trial": {"days": -1}}, "plans[0].trial.days (plan 'api')", "greater than or equal to 0"),
    ({"trial": {"days": 10**19}}, "plans[0].trial.days (plan 'api')", "less than or equal to 36500"),
    ({"features": [{"id": "seats", "value": 10**30}]}, "plans[0].features[0]", "less than or equal to"),
])
def test_every_number_of_a_book_has_its_range(plan: dict[str, object], where: str, problem: str) -> None:
    message = _load_error(_book_with(**plan))
    assert where in message and problem in message, message


@pytest.mark.parametrize(("row", "problem"), [
    ({"customer": "a", "plan": "api", "quantity": 0}, "quantity: Input should be greater than or equal to 1"),
    ({"customer": "a", "plan": "api", "quantity": 10**18}, "quantity: Input should be less than or equal to"),
    ({"customer": "a", "plan": "api", "usage": {"call": -1}}, "usage.call: cannot be negative"),
    ({"customer": "a", "plan": "api", "usage": {"call": 10**19}}, "an integer count is at most"),
    ({"customer": "a", "plan": "api", "usage": {"call": "1" * 21}}, "at most 20 digits"),
])
def test_every_number_of_a_usage_file_has_its_range(row: dict[str, object], problem: str) -> None:
    from nosurprises.errors import InputError
    from nosurprises.pricing.usage import load_usage

    with pytest.raises(InputError) as caught:
        load_usage({"subscriptions": [row]}, label="usage.yaml")
    assert str(caught.value).startswith("usage.yaml: subscriptions[0] (customer 'a')")
    assert problem in str(caught.value), str(caught.value)


def test_the_schemas_state_the_ranges(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "pricebook"]) == 0
    defs = orjson.loads(capsys.readouterr().out)["$defs"]
    assert defs["Limit"]["properties"]["value"]["anyOf"][0] == {
        "type": "integer", "minimum": 0, "maximum": 10**18 - 1}
    assert defs["Tier"]["properties"]["from"]["minimum"] == 0
    assert defs["Trial"]["properties"]["days"]["maximum"] == 36_500
    money = defs["Price"]["properties"]["amount"]["anyOf"]
    assert {"type": "integer", "minimum": 0, "maximum": 10**18 - 1} in money
    assert all("-" not in m.get("pattern", "") for m in money)
    assert main(["schema", "usage"]) == 0
    sub = orjson.loads(capsys.readouterr().out)["$defs"]["Subscription"]["properties"]
    assert (sub["quantity"]["minimum"], sub["quantity"]["maximum"]) == (1, 10**18 - 1)
    assert {"type": "integer", "minimum": 0, "maximum": 10**18 - 1} in sub["usage"][
        "additionalProperties"]["anyOf"]


# --- properties -----------------------------------------------------------------------------

_amounts = st.decimals(min_value=0, max_value=10_000, places=2)
_names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12).map(
    str.strip)


@st.composite
def _simple_books(draw: st.DrawFn) -> dict[str, object]:
    """What a CSV price list can say: plan, name, amount (or not public), currency, interval, per."""
    ids = draw(st.lists(st.sampled_from(["free", "pro", "team", "biz"]), min_size=1, max_size=4,
                        unique=True))
    plans = []
    for pid in ids:
        price: dict[str, object] = {
            "amount": draw(st.one_of(st.none(), _amounts.map(str))),
            "currency": draw(st.sampled_from(["USD", "EUR", "JPY"])),
            "interval": draw(st.sampled_from(["month", "year", "custom"]))}
        if draw(st.booleans()):
            price["per"] = draw(st.sampled_from(["user", "seat, named"]))
        plans.append({"id": pid, "name": draw(_names), "price": price})
    return {"kind": "pricing", "plans": plans}


def _write_csv(path: Path, book: dict[str, object], ending: str) -> None:
    import csv
    import io

    out = io.StringIO(newline="")
    # QUOTE_ALL: the writer leaves a lone CR unquoted when rows end in LF, and a reader must
    # take an unquoted CR as the end of a row
    writer = csv.writer(out, lineterminator=ending, quoting=csv.QUOTE_ALL)
    writer.writerow(["plan", "name", "amount", "currency", "interval", "per"])
    for p in book["plans"]:  # type: ignore[attr-defined]
        price = p["price"]
        writer.writerow([p["id"], p["name"], price["amount"] or "", price["currency"],
                         price["interval"], price.get("per", "")])
    path.write_text(out.getvalue(), encoding="utf-8", newline="")


@settings(max_examples=60, deadline=None)
@given(_simple_books(), _simple_books(), st.sampled_from(["\n", "\r\n", "\r"]))
def test_a_book_reads_the_same_from_yaml_json_and_csv(old: dict[str, object], new: dict[str, object],
                                                      ending: str) -> None:
    import json
    import tempfile

    import yaml

    from nosurprises.pricing import load_pricebook

    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        reports = []
        for suffix in ("yaml", "json", "csv"):
            for which, book in (("old", old), ("new", new)):
                path = base / f"{which}.{suffix}"
                if suffix == "csv":
                    _write_csv(path, book, ending)
                else:
                    # escaped: PyYAML writes NEL and U+2028 raw with allow_unicode, and YAML folds them
                    path.write_text(yaml.safe_dump(book) if suffix == "yaml"
                                    else json.dumps(book), encoding="utf-8")
            assert load_pricebook(base / f"old.{suffix}") == load_pricebook(old)
            reports.append(compare_pricing(base / f"old.{suffix}", base / f"new.{suffix}"))
    assert reports[0].changes == reports[1].changes == reports[2].changes


@st.composite
def _tiered_plans(draw: st.DrawFn) -> dict[str, object]:
    """A plan with a fee, a commitment maybe, and valid graduated tiers listed in any order."""
    bounds = sorted(draw(st.lists(st.integers(1, 50_000), min_size=0, max_size=3, unique=True)))
    touching = draw(st.booleans())
    tiers, start = [], 0
    for i, end in enumerate([*bounds, None]):
        tiers.append({"id": f"t{i}", "amount": str(draw(_amounts)), "currency": "USD",
                      "per": draw(st.sampled_from([1, 1000])), "unit": "request",
                      "tier": {"from": start, "to": end, "period": "month"}})
        if end is not None:
            start = end if touching else end + 1
    price: dict[str, object] = {"amount": str(draw(_amounts)), "currency": "USD", "interval": "month"}
    if draw(st.booleans()):
        price["minimum_commitment"] = str(draw(_amounts))
    return {"id": "p", "name": "P", "price": price,
            "usage_prices": draw(st.permutations(tiers))}


def _raised(plan: dict[str, object], raise_by: list[Decimal]) -> dict[str, object]:
    """The same plan with every amount raised by a non-negative step (or kept)."""
    steps = iter(raise_by * 10)
    price = dict(plan["price"])  # type: ignore[call-overload]
    price["amount"] = str(Decimal(price["amount"]) + next(steps))
    if "minimum_commitment" in price:
        price["minimum_commitment"] = str(Decimal(price["minimum_commitment"]) + next(steps))
    usage = [{**u, "amount": str(Decimal(u["amount"]) + next(steps))}
             for u in plan["usage_prices"]]  # type: ignore[attr-defined]
    return {**plan, "price": price, "usage_prices": usage}


@settings(max_examples=80, deadline=None)
@given(_tiered_plans(), st.lists(_amounts, min_size=1, max_size=8),
       st.lists(st.integers(0, 120_000), min_size=1, max_size=4))
def test_a_price_increase_is_never_told_as_a_decrease(plan: dict[str, object], steps: list[Decimal],
                                                      uses: list[int]) -> None:
    from nosurprises.pricing import compare_pricing_with_usage, impact_text

    old, new = {"plans": [plan]}, {"plans": [_raised(plan, steps)]}
    usage = {"subscriptions": [{"customer": f"c{i}", "plan": "p", "usage": {"request": n}}
                               for i, n in enumerate(uses)]}
    report = compare_pricing_with_usage(old, new, usage)
    lower = {"pricing.price.decreased", "pricing.usage-price.decreased", "pricing.commitment.lowered"}
    assert not [c.rule for c in report.changes if c.rule in lower]
    assert all(i.delta is None or i.delta >= 0 for i in report.impact)
    assert " less" not in impact_text(report)
    doubled = {"plans": [_raised(plan, [Decimal(0)])]}
    for u in doubled["plans"][0]["usage_prices"]:  # type: ignore[index]
        u["amount"] = str(Decimal(u["amount"]) * 2)
    assert all(i.delta is None or i.delta >= 0
               for i in compare_pricing_with_usage(old, doubled, usage).impact)


_csv_text = st.lists(st.one_of(
    st.sampled_from([",", '"', "\r", "\n", "\r\n", "\x00", "\ufeff", " ", "plan", "name", "amount",
                     "currency", "interval", "per", "customer", "quantity", "usage:request",
                     "pro", "USD", "month", "-1", "10.00", "1e999", "x" * 140_000]),
    st.text(max_size=5)), max_size=40).map("".join)


@settings(max_examples=150, deadline=None)
@given(_csv_text, st.booleans())
def test_any_csv_text_loads_or_is_one_clear_error(text: str, as_usage: bool) -> None:
    """Fuzz: whatever a CSV file holds, the loaders return or raise InputError, nothing else."""
    import tempfile

    from nosurprises.errors import InputError
    from nosurprises.pricing import load_pricebook
    from nosurprises.pricing.usage import load_usage

    header = "customer,plan,quantity,usage:request\n" if as_usage else f"{_PRICE_HEADER},per\n"
    with tempfile.TemporaryDirectory() as tmp:
        for body in (text, header + text):
            path = Path(tmp) / "f.csv"
            path.write_text(body, encoding="utf-8", errors="surrogatepass", newline="")
            try:
                (load_usage if as_usage else load_pricebook)(path)
            except InputError as exc:
                assert str(exc).startswith(f"{path}: ")


def test_check_annotations_put_removed_plans_on_the_old_book(capsys: pytest.CaptureFixture[str]) -> None:
    old, new = _twitter()
    assert main(["check", old, new, "--on", "2027-01-01", "-f", "github"]) == 1
    rows = capsys.readouterr().out.splitlines()
    assert f"file={old}," in next(r for r in rows if "`essential`" in r)
    assert not any(f"file={new}," in r for r in rows)  # every failing change is a removal
