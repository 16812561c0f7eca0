"""Presentation tells a change from its facts (issue 10, item 2): each format marks names and
values up its own way, and a backtick inside a document's own name is part of the name.

Before, every format split the plain message on its backticks, so a property named
``a`b`` cut its sentence apart and the customer's HTML e-mail showed literal backticks.
"""

from __future__ import annotations

import email
import email.policy
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import nosurprises
from nosurprises.cli import main
from nosurprises.formats.html import render_html
from nosurprises.formats.markdown import render_markdown
from nosurprises.model import Report
from nosurprises.rules import said, said_at_origin
from nosurprises.templating import code_spans
from nosurprises.words import Code, Place

from .conftest import ROOT

EX = ROOT / "examples"


def _spec(props: dict[str, object]) -> dict[str, object]:
    pet = {"type": "object", "properties": props}
    body = {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}
    ok = {"200": {"description": "ok", "content": body}}
    return {"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"responses": ok}}, "/b": {"get": {"responses": ok}}},
            "components": {"schemas": {"Pet": pet}}}


ODD = "a`b"
"""A property name holding a backtick: valid JSON, and real specs have odder ones."""


@pytest.fixture(scope="module")
def report() -> Report:
    return nosurprises.compare_openapi(_spec({ODD: {"type": "string"}, "c": {"type": "string"}}),
                                       _spec({"c": {"type": "string"}}))


class _Codes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.codes: list[str] = []
        self._in = False

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self._in = self._in or tag == "code"
        if tag == "code":
            self.codes.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "code":
            self._in = False

    def handle_data(self, data: str) -> None:
        if self._in:
            self.codes[-1] += data


def test_the_change_carries_its_facts_and_the_json_message_reads_as_before(report: Report) -> None:
    (change,) = [c for c in report.changes if c.operation == "GET /a"]
    assert change.message == ("`GET /a` response 200 (application/json), property `a`b`: "
                              "the property was removed.")
    target = change.facts["target"]
    assert isinstance(target, Place) and target.path == ODD and target.operation == "GET /a"
    assert "facts" not in change.model_dump(mode="json")  # not part of the contract yet
    # the sentence at the origin names the shared schema, from facts too
    group, members = report.grouped()[0]
    assert said_at_origin(group, members[0]) == (
        (False, "Schema "), (True, "Pet"), (False, ", property "), (True, ODD),
        (False, ": the property was removed."))


def test_html_and_markdown_keep_the_name_whole(report: Report) -> None:
    for detail in ("groups", "operations"):
        parser = _Codes()
        parser.feed(render_html(report, "new.yaml", detail=detail))
        assert ODD in parser.codes, detail
        assert "a" not in parser.codes and "b" not in parser.codes, detail  # not cut apart
    markdown = render_markdown(report, detail="operations")
    assert "<code>a`b</code>" in markdown


def test_a_change_without_facts_is_told_by_its_message(report: Report) -> None:
    """Read back from JSON, a report has no facts: its message is split on its backticks."""
    again = Report.model_validate_json(report.model_dump_json())
    change = again.changes[0]
    assert change.facts is None
    assert said(change)[0] == (True, "GET /a")
    # a message a later stage extended (a verdict) no longer matches its facts: the message wins
    extended = report.changes[0].model_copy(update={"message": report.changes[0].message + " Late."})
    assert extended.facts is not None
    assert said(extended) == tuple(code_spans(extended.message))
    assert said(extended)[-1][1].endswith("removed. Late.")


def test_the_customer_email_marks_names_as_code_not_backticks(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["notice", str(EX / "petstore-old.yaml"), str(EX / "petstore-new.yaml"),
                 "--announce", "2026-12-01", "--policy", str(EX / "nosurprises.yaml"),
                 "--channel", "email", "--channel", "calendar", "--out", str(tmp_path)])
    capsys.readouterr()
    assert code == 0
    msg = email.message_from_bytes((tmp_path / "notice.eml").read_bytes(), policy=email.policy.default)
    html = re.sub(r'<code style="[^"]*">', "<code>", msg.get_body(("html",)).get_content())  # styled inline
    text = msg.get_body(("plain",)).get_content()
    assert "`" not in html and "We will remove <code>POST /pets</code>." in html
    assert "`" not in text and "We will remove \u201cPOST /pets\u201d." in text
    ics = (tmp_path / "notice.ics").read_text(encoding="utf-8")
    assert "`" not in ics


def test_a_code_fact_is_code_whatever_it_holds() -> None:
    assert Code("x") == "x" and isinstance(Code("x"), str)
