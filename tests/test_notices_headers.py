"""The in-band notice: Deprecation / Sunset / Link headers per operation, from real diffs."""

from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_to_datetime
from pathlib import Path

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nosurprises.errors import InputError
from nosurprises.model import Change, Level, Subject
from nosurprises.notices import Notice, NoticeChange, from_plan
from nosurprises.notices.headers import FILE, headers, link_target, render
from nosurprises.openapi import compare_openapi
from nosurprises.policy import load_policy, plan

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
ANNOUNCED = dt.date(2026, 12, 1)
URL = "https://example.com/changelog"

OLD = """\
openapi: 3.0.3
info: {title: Shop, version: "1"}
paths:
  /orders:
    get:
      responses: {"200": {description: ok}}
  /carts:
    get:
      responses: {"200": {description: ok}}
  /legacy:
    get:
      deprecated: true
      responses: {"200": {description: ok}}
  /baskets:
    get:
      deprecated: true
      x-sunset: "2027-03-01"
      responses: {"200": {description: ok}}
  /wishlists:
    get:
      deprecated: true
      responses: {"200": {description: ok}}
"""

NEW = """\
openapi: 3.0.3
info: {title: Shop, version: "2"}
paths:
  /orders:
    get:
      deprecated: true
      responses: {"200": {description: ok}}
  /carts:
    get:
      deprecated: true
      x-sunset: "2027-09-01"
      responses: {"200": {description: ok}}
  /baskets:
    get:
      deprecated: true
      x-sunset: "2028-01-01"
      responses: {"200": {description: ok}}
  /wishlists:
    get:
      responses: {"200": {description: ok}}
"""


def epoch_day(value: str) -> dt.date:
    """Parse an RFC 9745 `@<seconds>` back to its UTC day."""
    assert re.fullmatch(r"@-?\d+", value), value
    return dt.datetime.fromtimestamp(int(value[1:]), tz=dt.UTC).date()


def http_day(value: str) -> dt.date:
    parsed = parsedate_to_datetime(value)
    assert parsed.utcoffset() == dt.timedelta(0)
    assert value.endswith(" GMT")
    return parsed.date()


def _notice(old: Path | str, new: Path | str, *, url: str | None = URL, level: Level = Level.WARNING
            ) -> Notice:
    report = compare_openapi(old, new, today=ANNOUNCED)
    policy, rules = load_policy(EXAMPLES / "nosurprises.yaml")
    result = plan(report, policy, rules, ANNOUNCED)
    return from_plan(report, result, product="Pets API", url=url, level=level)


@pytest.fixture
def petstore() -> Notice:
    return _notice(EXAMPLES / "petstore-old.yaml", EXAMPLES / "petstore-new.yaml")


@pytest.fixture
def shop(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(OLD)
    new.write_text(NEW)
    return old, new


def test_petstore_removal_gets_deprecation_and_sunset(petstore: Notice) -> None:
    found = headers(petstore)
    assert list(found) == ["POST /pets"]  # GET operations only changed parameters/schemas
    removal = next(c for c in petstore.changes if c.change.operation == "POST /pets")
    assert removal.change.rule == "api.operation.removed-without-deprecation"
    post = found["POST /pets"]
    assert post["Deprecation"] == f"@{int(dt.datetime(2026, 12, 1, tzinfo=dt.UTC).timestamp())}"
    assert epoch_day(post["Deprecation"]) == ANNOUNCED
    assert http_day(post["Sunset"]) == removal.effective == dt.date(2027, 12, 1)
    assert post["Sunset"] == "Wed, 01 Dec 2027 00:00:00 GMT"
    assert post["Link"] == (f'<{URL}>; rel="deprecation"; type="text/html", '
                            f'<{URL}>; rel="sunset"; type="text/html"')


def test_no_url_no_link(tmp_path: Path) -> None:
    notice = _notice(EXAMPLES / "petstore-old.yaml", EXAMPLES / "petstore-new.yaml", url=None)
    assert set(headers(notice)["POST /pets"]) == {"Deprecation", "Sunset"}


def test_deprecations_sunsets_and_removals(shop: tuple[Path, Path]) -> None:
    notice = _notice(*shop)
    rules = {(c.change.operation, c.change.rule) for c in notice.changes}
    assert ("GET /orders", "api.operation.deprecated") in rules
    assert ("GET /carts", "api.operation.sunset-added") in rules
    assert ("GET /legacy", "api.operation.removed") in rules
    found = headers(notice)
    # sunset-later and reactivated are info: not in a warning-level notice at all.
    assert list(found) == ["GET /carts", "GET /legacy", "GET /orders"]

    orders = found["GET /orders"]  # deprecated, no sunset date declared
    assert set(orders) == {"Deprecation", "Link"}
    assert epoch_day(orders["Deprecation"]) == ANNOUNCED
    assert orders["Link"] == f'<{URL}>; rel="deprecation"; type="text/html"'

    carts = found["GET /carts"]  # deprecated now, with the x-sunset date the spec declares
    assert epoch_day(carts["Deprecation"]) == ANNOUNCED
    assert http_day(carts["Sunset"]) == dt.date(2027, 9, 1)
    assert carts["Sunset"] == "Wed, 01 Sep 2027 00:00:00 GMT"
    assert 'rel="deprecation"' in carts["Link"] and 'rel="sunset"' in carts["Link"]

    legacy = found["GET /legacy"]  # deprecated before, now removed: gone on the effective day
    removal = next(c for c in notice.changes if c.change.operation == "GET /legacy")
    assert http_day(legacy["Sunset"]) == removal.effective == notice.effective
    assert epoch_day(legacy["Deprecation"]) == ANNOUNCED


def test_info_level_later_sunset_and_reactivation(shop: tuple[Path, Path]) -> None:
    notice = _notice(*shop, level=Level.INFO)
    rules = {(c.change.operation, c.change.rule) for c in notice.changes}
    assert ("GET /baskets", "api.operation.sunset-later") in rules
    assert ("GET /wishlists", "api.operation.reactivated") in rules
    found = headers(notice)
    assert "GET /wishlists" not in found  # removal called off: nothing to announce
    baskets = found["GET /baskets"]  # the new, later date, never the old, earlier one
    assert http_day(baskets["Sunset"]) == dt.date(2028, 1, 1)
    assert "Deprecation" not in baskets  # deprecated long ago, on a day we do not know
    assert baskets["Link"] == f'<{URL}>; rel="sunset"; type="text/html"'


def _change(rule: str, operation: str, before: object = None, after: object = None) -> Change:
    return Change(rule=rule, level=Level.WARNING, subject=Subject.API, operation=operation,
                  location="#/paths", message=f"{operation}: {rule}", before=before, after=after)


def _manual(announced: dt.date, effective: dt.date, items: list[tuple[Change, dt.date]],
            url: str | None = URL) -> Notice:
    return Notice(id="n", product="P", announced=announced, effective=effective, url=url,
                  changes=[NoticeChange(change=c, title=c.rule, effective=d) for c, d in items])


def test_reactivated_and_parameter_deprecations_give_nothing() -> None:
    day = dt.date(2027, 1, 1)
    notice = _manual(ANNOUNCED, day, [
        (_change("api.operation.reactivated", "GET /a"), day),
        (_change("api.operation.sunset-later", "GET /a", "2027-02-01", None), day),
        (_change("api.operation.reactivated", "GET /c"), day),
        (_change("api.operation.sunset-later", "GET /c", "2027-02-01", "2027-08-01"), day),
        (_change("api.parameter.deprecated", "GET /b"), day),
    ])
    assert headers(notice) == {}


def test_deprecation_never_after_sunset() -> None:
    """A declared sunset earlier than the announcement: Deprecation is moved back to it."""
    notice = _manual(ANNOUNCED, dt.date(2027, 6, 1), [
        (_change("api.operation.deprecated", "GET /a"), dt.date(2027, 6, 1)),
        (_change("api.operation.sunset-added", "GET /a", None, "2026-11-01"), dt.date(2027, 6, 1)),
    ])
    found = headers(notice)["GET /a"]
    assert epoch_day(found["Deprecation"]) == http_day(found["Sunset"]) == dt.date(2026, 11, 1)


def test_render_is_deterministic_json(petstore: Notice, shop: tuple[Path, Path]) -> None:
    assert FILE == "headers.json"
    text = render(petstore)
    assert text.endswith("}\n") and text == render(petstore)
    assert orjson.loads(text) == headers(petstore)
    assert text.startswith('{\n  "POST /pets": {\n    "Deprecation"')
    again = _notice(*shop)
    assert render(again) == render(_notice(*shop))
    assert list(orjson.loads(render(again))) == sorted(orjson.loads(render(again)))


HOSTILE = [
    "https://example.com/x\r\nSet-Cookie: session=evil",
    "https://example.com/x\nX-Injected: 1",
    "https://example.com/x>; rel=\"next\", <https://evil.example",
    "https://example.com/\x00\x07\x1b[31m\x7f",
    "https://example.com/a b\t\"c\"<d>\\é",
]


@pytest.mark.parametrize("url", HOSTILE)
def test_header_injection_is_refused_or_percent_encoded(petstore: Notice, url: str) -> None:
    with pytest.raises(InputError):  # the front door refuses it ...
        _notice(EXAMPLES / "petstore-old.yaml", EXAMPLES / "petstore-new.yaml", url=url)
    notice = petstore.model_copy(update={"url": url})  # ... and a notice built by hand is encoded
    found = headers(notice)
    values = [v for h in found.values() for v in h.values()]
    assert values
    for value in values:
        assert not re.search(r"[^\x20-\x7e]", value), value
        assert url not in value
    link = found["POST /pets"]["Link"]
    assert re.findall(r"<([^>]*)>", link) == [link_target(url)] * 2
    assert link.count("<") == link.count(">") == 2 and link.count('"') == 8
    text = render(notice)  # JSON would spell a CR or LF in a value as an escape
    assert "\r" not in text and "\\r" not in text and "\\n" not in text and "\\u00" not in text


def test_crlf_becomes_percent_escapes() -> None:
    assert link_target(HOSTILE[0]) == "https://example.com/x%0D%0ASet-Cookie:%20session=evil"
    assert link_target("  ") is None and link_target(None) is None


@given(url=st.text(max_size=40))
def test_any_url_gives_a_safe_link_target(url: str) -> None:
    target = link_target(url)
    if target is not None:
        assert re.fullmatch(r"[!#-;=?-~]+", target), target  # no space, `"`, `<`, `>`, controls


_dates = st.dates(min_value=dt.date(1971, 1, 1), max_value=dt.date(2200, 12, 31))


@given(announced=_dates, gap=st.integers(0, 3650), sunset=st.none() | _dates,
       rule=st.sampled_from(["api.operation.deprecated", "api.operation.removed",
                             "api.operation.removed-without-deprecation",
                             "api.operation.removed-before-sunset"]))
def test_deprecation_precedes_sunset(announced: dt.date, gap: int, sunset: dt.date | None, rule: str) -> None:
    effective = min(announced + dt.timedelta(days=gap), dt.date(2200, 12, 31))
    items = [(_change(rule, "GET /a"), effective)]
    if sunset is not None and rule == "api.operation.deprecated":
        items.append((_change("api.operation.sunset-added", "GET /a", None, sunset.isoformat()), effective))
    items.append((_change("api.operation.removed", "DELETE /b"), effective))
    for values in headers(_manual(announced, effective, items)).values():
        deprecation = epoch_day(values["Deprecation"])
        assert deprecation <= announced
        if "Sunset" in values:
            assert deprecation <= http_day(values["Sunset"])
