"""How changes are told on real shapes of documents (issue 12's report-quality findings)."""

from __future__ import annotations

import nosurprises

from .conftest import FIXTURES, corpus_dir
from .test_rule_fixtures import run_fixture


def test_a_change_under_several_media_types_is_told_for_the_first_listed() -> None:
    fixture = FIXTURES / "rules" / "api.schema.response.property-removed--first-media-type.yaml"
    report, _ = run_fixture(fixture)
    (change,) = report.changes
    assert "(application/json)" in change.message and "text/html" not in change.message


def test_gitea_names_its_json_responses() -> None:
    """Gitea lists `application/json` first and `text/html` second with one schema: every
    change used to be told as `(text/html)`, the shorter name."""
    folder = corpus_dir("openapi", "gitea")
    report = nosurprises.compare_openapi(folder / "old.json", folder / "new.json")
    told = [c.message for c in report.changes if "(application/json)" in c.message
            or "(text/html)" in c.message]
    assert told and not any("(text/html)" in m for m in told)
