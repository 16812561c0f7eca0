"""Price books and usage files that mislead or break: wrong places, wrong pairings, bad numbers.

Each test here failed before its fix (issue 9): a removed plan annotated on another plan of
the new book, a successor that unpaired its own plan, CSV that crashed the reader, tiers and
limits outside their range accepted and misreported.
"""

from __future__ import annotations

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
