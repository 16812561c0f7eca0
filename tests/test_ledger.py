"""The announcement ledger: its format, what an entry covers, and that it stays append-only."""

from __future__ import annotations

import datetime as dt
import fnmatch
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nosurprises
from nosurprises.docgen import generated_part
from nosurprises.errors import InputError
from nosurprises.model import Change
from nosurprises.policy.ledger import (
    Covers,
    Entry,
    Ledger,
    _within,
    append_only_problems,
    ledger_reference,
    load_ledger,
)

from .conftest import FIXTURES, ROOT, git

LEDGERS = FIXTURES / "ledger"


def _entry(**fields: Any) -> Entry:
    data: dict[str, Any] = {"id": "e1", "summary": "s", "announced": "2026-01-01",
                            "effective": "2026-07-01", "channels": ["email"], "covers": {}}
    return Entry.model_validate({**data, **fields})


@pytest.fixture(scope="module")
def petstore() -> list[Change]:
    return nosurprises.compare_openapi(ROOT / "examples" / "petstore-old.yaml",
                                       ROOT / "examples" / "petstore-new.yaml").changes


def _one(changes: list[Change], rule: str, operation: str | None) -> Change:
    return next(c for c in changes if c.rule == rule and c.operation == operation)


# --- format ----------------------------------------------------------------------------------

def test_valid_ledger_loads_with_defaults() -> None:
    ledger = load_ledger(LEDGERS / "valid.yaml")
    assert [e.id for e in ledger.notices] == ["2026-01-price", "2026-02-charges-v2",
                                               "2026-03-security", "2026-03-paid-api-teaser"]
    charges = ledger.notices[1]
    assert charges.announced == dt.date(2026, 2, 1) and charges.audience == ["all"]
    assert charges.covers.items == [] and charges.states_impact and not charges.emergency
    assert ledger.notices[2].covers == Covers(rules=["*"])
    assert ledger.notices[3].states_impact is False


def test_empty_ledger_is_valid() -> None:
    assert load_ledger("notices: []\n").notices == []


@pytest.mark.parametrize(("fixture", "where", "problem"), [
    ("missing-field.yaml", "notices[1].channels (entry '2026-02-no-channels')", "Field required"),
    ("unknown-key.yaml", "notices[0].covers.operation (entry '2026-01-typo')", "unknown key"),
    ("emergency-unjustified.yaml", "notices[0].justification (entry '2026-03-hotfix')",
     "required when `emergency` is true"),
    ("effective-before-announced.yaml", "notices[0].effective (entry '2026-05-late')",
     "2026-05-01 is before `announced` (2026-05-10)"),
    ("duplicate-ids.yaml", "notices[1].id (entry '2026-01-price')", "duplicate id"),
    ("bad-date.yaml", "notices[0].announced (entry '2026-01-bad-date')", "valid date"),
    ("empty.yaml", "", "is empty"),
    ("not-a-mapping.yaml", "", "expected a mapping with a `notices` list, got a list"),
    ("no-notices.yaml", "", "has no `notices` list"),
])
def test_bad_ledgers_name_file_entry_and_field(fixture: str, where: str, problem: str) -> None:
    path = LEDGERS / fixture
    with pytest.raises(InputError) as caught:
        load_ledger(path)
    message = str(caught.value)
    assert "\n" not in message
    assert caught.value.source == str(path)
    assert message.startswith(f"{path}: {where}")
    assert problem in message


def test_emergency_may_take_effect_before_it_is_announced() -> None:
    entry = _entry(announced="2026-03-10", effective="2026-03-09", emergency=True,
                   justification="legal order")
    assert entry.effective < entry.announced


def test_dict_source_is_named_by_label() -> None:
    with pytest.raises(InputError, match=r"^base ledger: notices\[0\]\.summary \(entry 'x'\)"):
        load_ledger({"notices": [{"id": "x", "announced": "2026-01-01", "effective": "2026-01-01",
                                  "channels": ["email"], "covers": {}}]}, label="base ledger")


def test_ledger_model_refuses_duplicate_ids_when_built_directly() -> None:
    with pytest.raises(ValueError, match="duplicate entry id"):
        Ledger(notices=[_entry(), _entry()])


def test_example_ledger_covers_every_breaking_change_of_the_petstore(petstore: list[Change]) -> None:
    ledger = load_ledger(ROOT / "examples" / "notices.yaml")
    for entry in ledger.notices:
        assert (entry.announced, entry.effective) == (dt.date(2026, 6, 1), dt.date(2027, 6, 1))
        assert entry.channels == ["email", "changelog"]
    breaking = [c for c in petstore if c.level == "breaking"]
    assert breaking
    for change in breaking:
        assert [e for e in ledger.notices if e.covers_change(change)], change


# --- covers_change -----------------------------------------------------------------------------

def test_rule_and_operation_globs(petstore: list[Change]) -> None:
    removed = _one(petstore, "api.operation.removed-without-deprecation", "POST /pets")
    required = _one(petstore, "api.parameter.added-required", "GET /pets/{petId}")
    entry = _entry(covers={"rules": ["api.operation.removed*"], "operations": ["* /pets"]})
    assert entry.covers_change(removed)
    assert not entry.covers_change(required)  # rule does not match
    assert not _entry(covers={"operations": ["DELETE /pets/*"]}).covers_change(required)
    assert _entry(covers={"operations": ["GET /pets/*"]}).covers_change(required)
    assert _entry(covers={"operations": ["get /pets/{petId}"]}).covers_change(required)
    assert not _entry(covers={"operations": ["GET /pets"]}).covers_change(required)


def test_change_without_operation_needs_an_entry_without_operations(petstore: list[Change]) -> None:
    version = _one(petstore, "api.document.version-changed", None)
    assert _entry().covers_change(version)
    assert _entry(covers={"rules": ["api.document.*"]}).covers_change(version)
    assert not _entry(covers={"operations": ["*"]}).covers_change(version)


def test_items_globs(petstore: list[Change]) -> None:
    api_change = _one(petstore, "api.operation.removed-without-deprecation", "POST /pets")
    sale = Change(rule="event.service.sold", level="breaking", subject="event", location="events/sale",
                  message="The service is sold.", item="2026-sale-to-acme")
    by_item = _entry(covers={"rules": ["event.*"], "items": ["2026-sale-*"]})
    assert by_item.covers_change(sale)
    assert not _entry(covers={"items": ["2027-*"]}).covers_change(sale)
    assert not _entry(covers={"items": ["*"]}).covers_change(api_change)  # no item
    assert _entry().covers_change(sale)


# --- append-only -------------------------------------------------------------------------------

def _ledger(*entries: Entry) -> Ledger:
    return Ledger(notices=list(entries))


def _edited(entry: Entry, **fields: Any) -> Entry:
    return Entry.model_validate({**entry.model_dump(), **fields})


BASE = _entry(id="pets-v2", announced="2026-06-01", effective="2027-06-01",
              channels=["email", "changelog"], audience=["api", "paying"],
              covers={"rules": ["api.*"], "operations": ["* /pets*"]})


@pytest.mark.parametrize(("fields", "expected"), [
    ({"announced": "2026-05-01"}, "was backdated: `announced` moved from 2026-06-01 to 2026-05-01"),
    ({"announced": "2026-06-02"}, "had `announced` changed from 2026-06-01 to 2026-06-02"),
    ({"effective": "2027-01-01"}, "had `effective` pulled in from 2027-06-01 to 2027-01-01"),
    ({"emergency": True, "justification": "oops"}, "was made an `emergency` after the fact"),
    ({"covers": {"rules": ["*"], "operations": ["* /pets*"]}}, "`covers.rules` gained `*`"),
    ({"covers": {"rules": ["api.*"]}}, "`covers.operations` gained any value"),
    ({"covers": {"rules": ["api.*"], "operations": ["* /pets*", "GET /users"]}}, "gained `GET /users`"),
    ({"channels": ["email", "changelog", "banner"]}, "lists channels it did not before: banner"),
    ({"audience": ["api", "paying", "all"]}, "claims a wider audience than before: all"),
])
def test_rewriting_a_past_entry_is_reported(fields: dict[str, Any], expected: str) -> None:
    problems = append_only_problems(_ledger(BASE), _ledger(_edited(BASE, **fields)))
    assert len(problems) == 1 and expected in problems[0]
    assert problems[0].startswith("Entry 'pets-v2' ")


def test_removal_is_reported() -> None:
    other = _entry(id="other")
    problems = append_only_problems(_ledger(BASE, other), _ledger(other))
    assert problems == ["Entry 'pets-v2' (announced 2026-06-01) was removed: past announcements stay "
                        "in the ledger; add a new entry to change one."]


def test_states_impact_cannot_be_claimed_later() -> None:
    vague = _edited(BASE, states_impact=False)
    assert "states_impact" in append_only_problems(_ledger(vague), _ledger(BASE))[0]
    assert append_only_problems(_ledger(BASE), _ledger(vague)) == []


@pytest.mark.parametrize("fields", [
    {"effective": "2027-12-01"},
    {"summary": "Fixed a typo.", "url": "https://example.com/moved"},
    {"covers": {"rules": ["api.operation.*"], "operations": ["DELETE /pets/{petId}"]}},
    {"covers": {"rules": ["api.*"], "operations": ["GET /pets/*"]}},
    {"channels": ["email"], "audience": ["api"]},
])
def test_allowed_edits_are_not_reported(fields: dict[str, Any]) -> None:
    new = _ledger(_entry(id="new", announced="2026-09-01", effective="2027-01-01"), _edited(BASE, **fields))
    assert append_only_problems(_ledger(BASE), new) == []


def test_narrowing_from_any_and_from_all_is_allowed() -> None:
    wide = _entry(audience=["all"])
    narrow = _edited(wide, audience=["eu-business"], covers={"operations": ["GET /x"], "items": ["pro"]})
    assert append_only_problems(_ledger(wide), _ledger(narrow)) == []
    assert append_only_problems(_ledger(narrow), _ledger(wide))  # and back is wider


def test_example_ledger_is_append_only_against_itself() -> None:
    ledger = load_ledger(ROOT / "examples" / "notices.yaml")
    assert append_only_problems(ledger, ledger) == []


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_base_ledger_read_from_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    valid = (LEDGERS / "valid.yaml").read_text(encoding="utf-8")
    (tmp_path / "notices.yaml").write_text(valid, encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "ledger")
    edited = valid.replace("announced: 2026-02-01", "announced: 2026-01-01")
    edited = edited.replace("  - id: 2026-01-price", "  - id: renamed-price")
    (tmp_path / "notices.yaml").write_text(edited, encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    base = load_ledger("git:HEAD:notices.yaml")
    problems = append_only_problems(base, load_ledger("notices.yaml"))
    assert [p.split(" ", 2)[1] for p in problems] == ["'2026-01-price'", "'2026-02-charges-v2'"]
    assert "was removed" in problems[0] and "was backdated" in problems[1]
    with pytest.raises(InputError, match=r"^git:HEAD:missing\.yaml: cannot be read from git"):
        load_ledger("git:HEAD:missing.yaml")


# --- property ----------------------------------------------------------------------------------

_patterns = st.lists(st.sampled_from(["*", "api.*", "pricing.price.*", "api.operation.removed"]),
                     min_size=1, max_size=3)


@st.composite
def _entries(draw: st.DrawFn, ids: list[str]) -> list[Entry]:
    entries = []
    for entry_id in ids:
        announced = draw(st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)))
        emergency = draw(st.booleans())
        lead = draw(st.integers(-30 if emergency else 0, 800))
        entries.append(Entry(
            id=entry_id, summary="s", announced=announced,
            effective=announced + dt.timedelta(days=lead), emergency=emergency,
            justification="security fix" if emergency else None,
            channels=draw(st.lists(st.sampled_from(["email", "changelog", "banner"]), min_size=1)),
            audience=draw(st.lists(st.sampled_from(["all", "api", "paying"]), min_size=1)),
            states_impact=draw(st.booleans()),
            covers=Covers(rules=draw(_patterns),
                          operations=draw(st.lists(st.sampled_from(["* /v1/*", "GET /pets"]))),
                          items=draw(st.lists(st.sampled_from(["pro", "sale-*"])))),
        ))
    return entries


@settings(max_examples=150, deadline=None)
@given(data=st.data(), ids=st.lists(st.text("abcdef-0123", min_size=1, max_size=8), unique=True,
                                    max_size=12))
def test_appending_valid_entries_never_produces_problems(data: st.DataObject, ids: list[str]) -> None:
    split = data.draw(st.integers(0, len(ids)))
    entries = data.draw(_entries(ids))
    base = Ledger(notices=entries[:split])
    appended = data.draw(st.permutations(entries))
    assert append_only_problems(base, Ledger(notices=appended)) == []


# --- docs --------------------------------------------------------------------------------------

def test_ledger_reference_is_current() -> None:
    written = (ROOT / "docs" / "ledger.md").read_text(encoding="utf-8")
    assert generated_part(written, "ledger_reference") == ledger_reference(), (
        "docs/ledger.md is stale: run `python -m nosurprises.policy.reference docs/ledger.md`")


def test_ledger_reference_lists_every_field_with_its_default() -> None:
    text = ledger_reference()
    for model in (Ledger, Entry, Covers):
        assert f"### {model.__name__}" in text
        for field in model.model_fields:
            assert f"| `{field}` |" in text, (model.__name__, field)
    assert "| `notices` | list of [Entry](#entry) | required |" in text
    assert "| `covers` | [Covers](#covers) | required |" in text
    assert '| `rules` | non-empty list of non-empty string | `["*"]` |' in text


def test_ledger_doc_example_is_the_example_file() -> None:
    written = (ROOT / "docs" / "ledger.md").read_text(encoding="utf-8")
    example = (ROOT / "examples" / "notices.yaml").read_text(encoding="utf-8")
    assert f"```yaml\n{example}```" in written


_glob = st.text("ab/*?", max_size=5)


@settings(max_examples=300, deadline=None)
@given(pattern=_glob, outer=_glob, samples=st.lists(st.text("ab/*?", max_size=7), max_size=30))
def test_containment_of_patterns_is_sound(pattern: str, outer: str, samples: list[str]) -> None:
    """A narrowing the append-only check accepts never lets the entry match more."""
    if _within(pattern, outer):
        for text in [*samples, pattern.replace("*", ""), pattern.replace("*", "ab").replace("?", "b")]:
            assert not fnmatch.fnmatchcase(text, pattern) or fnmatch.fnmatchcase(text, outer)
