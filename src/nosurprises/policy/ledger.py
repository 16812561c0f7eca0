"""The announcement ledger: what customers were told, when, how, and which changes it covers.

`notices.yaml` lives next to the spec and is reviewed in pull requests. It is a record of
facts, so it is append-only: `append_only_problems` compares it with the base revision and
refuses edits that would make the gate believe customers were told more, earlier, or more
widely than they were. Edits that can only make the gate stricter are allowed.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import functools
import re
from collections import Counter
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .. import docgen
from ..bounds import FIRST_DAY, LAST_DAY
from ..errors import InputError
from ..fields import Day
from ..load import load_document
from ..load.validation import describe
from ..model import Change

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
_MAGIC = "*?["


class Covers(BaseModel):
    """Which changes an announcement is about; every given list must match."""

    model_config = ConfigDict(extra="forbid")

    rules: list[Text] = Field(
        default=["*"], min_length=1,
        description="Rule-id globs, e.g. `api.operation.removed*` or `pricing.*`.")
    operations: list[Text] = Field(
        default=[],
        description='Globs matched against "METHOD /path" (e.g. `* /v1/charges*`, '
        "`DELETE /pets/*`; `*` also matches `/`). Empty: any change, with or without an "
        "operation; otherwise changes without an operation are not covered.")
    items: list[Text] = Field(
        default=[],
        description="Globs matched against declared event ids, plans and document sections. "
        "Empty: any change; otherwise changes without an item are not covered.")

    @field_validator("operations")
    @classmethod
    def _method_upper(cls, patterns: list[str]) -> list[str]:
        return [_operation_pattern(p) for p in patterns]


class Entry(BaseModel):
    """One announcement as it went out.

    Fields are declared in validation order: `justification` and `effective` are checked
    against `emergency` and `announced`, so their errors name the field itself.
    """

    model_config = ConfigDict(extra="forbid")

    id: Text = Field(description="Stable id of the announcement, e.g. `2026-06-pets-v2`; "
                     "the append-only check pairs entries by id.")
    summary: Text = Field(description="What customers were told, in one paragraph.")
    summaries: dict[str, Text] = Field(
        default_factory=dict, description="The summary in other languages, by locale (`de`, "
        "`pt_BR`): a notice in one of them says it instead of `summary`.")
    announced: Day = Field(description="The day the announcement reached customers "
                           f"({FIRST_DAY} to {LAST_DAY}, as every date of the ledger).")
    emergency: bool = Field(
        default=False, description="A security fix or legal obligation that may take effect "
        "at once; it still produces notices and needs a `justification`.")
    justification: str | None = Field(
        default=None, validate_default=True,
        description="Why notice could not be given; required when `emergency` is true.")
    effective: Day = Field(
        description="The day the change takes effect, as announced; not before `announced` "
        "unless `emergency`.")
    channels: list[Text] = Field(
        min_length=1, description="Where it was announced: `email`, `changelog`, `banner`, "
        "`feed`, `status-page`, ...")
    audience: list[Text] = Field(
        default=["all"], min_length=1,
        description="Who was told: `all`, `paying`, `api`, `eu-business`, ...")
    covers: Covers = Field(description="The changes the announcement is about.")
    states_impact: bool = Field(
        default=True, description="False when the announcement did not state the new price, "
        "quota or date: it then does not start the notice clock.")
    url: str | None = Field(default=None, description="Where the announcement can be read.")
    replacement: Text | None = Field(
        default=None, description="What customers use instead of what goes, e.g. `POST /v2/pets` "
        "or `the dashboard`: the notice's \"what to do\" for every removal and deprecation it "
        "covers names it.")
    contact: Text | None = Field(
        default=None, description="Who customers can write to, e.g. `api-support@example.com`; "
        "`notice --contact` overrides it.")

    @field_validator("justification")
    @classmethod
    def _justified(cls, value: str | None, info: ValidationInfo) -> str | None:
        if info.data.get("emergency") and not (value and value.strip()):
            raise PydanticCustomError(
                "justification_missing", "is required when `emergency` is true: say why notice "
                "could not be given (security fix, legal obligation)")
        return value

    @field_validator("effective")
    @classmethod
    def _not_before_announced(cls, value: dt.date, info: ValidationInfo) -> dt.date:
        announced = info.data.get("announced")
        if announced is not None and value < announced and not info.data.get("emergency"):
            raise PydanticCustomError(
                "effective_before_announced", "{effective} is before `announced` ({announced}); "
                "only an `emergency` entry may take effect before it is announced",
                {"effective": value.isoformat(), "announced": announced.isoformat()})
        return value

    def covers_change(self, change: Change) -> bool:
        """Whether this announcement is about `change` (rule, operation and item all match)."""
        covers = self.covers
        if not _any_match(change.rule, covers.rules):
            return False
        if covers.operations and (change.operation is None
                                  or not _any_match(change.operation, covers.operations)):
            return False
        return not covers.items or (change.item is not None and _any_match(change.item, covers.items))


class Ledger(BaseModel):
    """The announcement ledger (`notices.yaml`): every announcement made, oldest first."""

    model_config = ConfigDict(extra="forbid")

    notices: list[Entry] = Field(description="The announcements; ids are unique.")

    @model_validator(mode="after")
    def _unique_ids(self) -> Ledger:
        twice = [i for i, n in Counter(e.id for e in self.notices).items() if n > 1]
        if twice:
            raise ValueError(f"duplicate entry id(s): {', '.join(sorted(twice))}")
        return self

    def entry(self, entry_id: str) -> Entry | None:
        return next((e for e in self.notices if e.id == entry_id), None)


def load_ledger(source: Any, *, label: str | None = None) -> Ledger:
    """Load and validate a ledger from a path, text, dict or `git:REF:PATH`.

    Every problem is an `InputError` of one line naming the file, the entry and the field.
    `notices: []` is a valid (empty) ledger; an empty file or one without `notices` is not.
    """
    document = load_document(source, label=label)
    name, data = document.label, document.data
    if not isinstance(data, dict):
        raise InputError(name, f"is not a ledger: expected a mapping with a `notices` list, "
                               f"got {_kind(data)}")
    if "notices" not in data:
        raise InputError(name, "has no `notices` list (write `notices: []` for an empty ledger)")
    _check_duplicates(data["notices"], name)
    try:
        return Ledger.model_validate(data)
    except ValidationError as exc:
        raise InputError(name, describe(exc, data, model=Ledger)) from None


def _check_duplicates(notices: Any, name: str) -> None:
    """Name the second entry that reuses an id (the model's own check cannot say which)."""
    if not isinstance(notices, list):
        return
    first: dict[str, int] = {}
    for i, entry in enumerate(notices):
        entry_id = entry.get("id") if isinstance(entry, dict) else None
        if not isinstance(entry_id, str):
            continue
        key = entry_id.strip()
        if key in first:
            raise InputError(name, f"notices[{i}].id (entry {key!r}): duplicate id, already used "
                                   f"by notices[{first[key]}]; ids pair entries with the base ledger")
        first[key] = i


def _kind(data: Any) -> str:
    return {list: "a list", str: "text", type(None): "nothing"}.get(type(data), type(data).__name__)


def append_only_problems(base: Ledger, new: Ledger, since: dt.date | None = None,
                         revision: str = "the base revision") -> list[str]:
    """One sentence per edit of `new` that rewrites what `base` recorded.

    Entries are paired by id (a renamed entry is a removal). Refused: removing an entry;
    changing `announced`; pulling `effective` earlier; switching `emergency` or
    `states_impact` on; widening `covers`, `channels` or `audience`. Allowed: new entries,
    `effective` later, narrowing, switching `emergency`/`states_impact` off, and edits of
    `summary`, `justification` and `url`.

    With `since`, the day of the base revision, a new entry announced before that day is
    refused too: an announcement that went out then would be in the base ledger, and one
    added now, dated in the past and covering `*`, would cover every change at once.
    """
    problems: list[str] = []
    if since is not None:
        for entry in new.notices:
            if base.entry(entry.id) is None and entry.announced < since:
                problems.append(
                    f"Entry {entry.id!r} is new but says it was announced on {entry.announced}, "
                    f"before {revision} ({since}): an announcement is recorded when it goes out; "
                    "one added later cannot count as notice given in the past.")
    for old in base.notices:
        now = new.entry(old.id)
        if now is None:
            problems.append(f"Entry {old.id!r} (announced {old.announced}) was removed: past "
                            "announcements stay in the ledger; add a new entry to change one.")
            continue
        problems += _entry_problems(old, now)
    return problems


def _entry_problems(old: Entry, new: Entry) -> list[str]:
    name = f"Entry {old.id!r}"
    problems = []
    if new.announced < old.announced:
        problems.append(f"{name} was backdated: `announced` moved from {old.announced} to "
                        f"{new.announced}.")
    elif new.announced != old.announced:
        problems.append(f"{name} had `announced` changed from {old.announced} to {new.announced}: "
                        "the day an announcement went out stays as recorded; add a new entry.")
    if new.effective < old.effective:
        problems.append(f"{name} had `effective` pulled in from {old.effective} to {new.effective}: "
                        "customers were told the later date; announce the new date in a new entry.")
    if new.emergency and not old.emergency:
        problems.append(f"{name} was made an `emergency` after the fact.")
    if new.states_impact and not old.states_impact:
        problems.append(f"{name} now claims it stated the impact (`states_impact` switched on): "
                        "add a new entry for the announcement that stated it.")
    for field in ("rules", "operations", "items"):
        wider = _widened(getattr(old.covers, field), getattr(new.covers, field),
                         empty_is_any=field != "rules")
        if wider:
            problems.append(f"{name} covers more than it did: `covers.{field}` gained {wider}; "
                            "add a new entry for what was announced later.")
    added = sorted(set(new.channels) - set(old.channels))
    if added:
        problems.append(f"{name} lists channels it did not before: {', '.join(added)}.")
    if "all" not in old.audience:
        added = sorted(set(new.audience) - set(old.audience))
        if added:
            problems.append(f"{name} claims a wider audience than before: {', '.join(added)}.")
    return problems


def _widened(old: list[str], new: list[str], empty_is_any: bool) -> str:
    """What `new` matches beyond `old`, as text ('' when provably not wider)."""
    if empty_is_any and not old:
        return ""
    if empty_is_any and not new:
        return "any value (the list was emptied)"
    extra = [p for p in new if not any(_within(p, o) for o in old)]
    return ", ".join(f"`{p}`" for p in extra)


def _within(pattern: str, outer: str) -> bool:
    """Whether every string `pattern` matches is matched by `outer` (False when unsure)."""
    if pattern == outer or outer == "*":
        return True
    if not any(c in pattern for c in _MAGIC):
        return fnmatch.fnmatchcase(pattern, outer)
    if outer.endswith("*"):  # `P*` matches every string with a prefix matching `P`
        stop = min((pattern.find(c) for c in _MAGIC if c in pattern), default=len(pattern))
        return _prefix_matcher(outer[:-1])(pattern[:stop]) is not None
    return False


@functools.lru_cache(maxsize=256)
def _prefix_matcher(glob: str) -> Callable[[str], re.Match[str] | None]:
    """A matcher that succeeds when some prefix of a string matches `glob`.

    One regex search instead of one match per prefix: a regex tries every way to match at
    the start, so it finds a matching prefix if there is one, in time linear in the string
    for the globs fnmatch translates (their stars are atomic groups), not quadratic.
    """
    translated = fnmatch.translate(glob)
    for end in ("\\Z", "\\z"):  # the end anchor fnmatch adds (its spelling varies by version)
        translated = translated.removesuffix(end)
    return re.compile(translated).match


def _any_match(value: str, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatchcase(value, p) for p in patterns)


def _operation_pattern(pattern: str) -> str:
    """Methods are upper case in `Change.operation`; accept `get /pets` as written by hand."""
    method, space, path = pattern.partition(" ")
    return f"{method.upper()}{space}{path}"


def ledger_json_schema() -> dict[str, Any]:
    """The JSON Schema of `notices.yaml`, for editors (the docs render theirs with `docgen`)."""
    return Ledger.model_json_schema()


def ledger_reference() -> str:
    """The format reference of docs/ledger.md, generated from the models so it cannot drift.

    Regenerate the page with `python -m nosurprises.policy.reference docs/ledger.md`.
    """
    schema = docgen.model_schema(Ledger)
    defs = schema["$defs"]
    return "\n\n".join(docgen.fields_table(name, schema if name == "Ledger" else defs[name], defs)
                       for name in ("Ledger", "Entry", "Covers")) + "\n"
