"""Accepted changes: findings a team reviewed and decided to ship, with the reason.

Every peer's most requested feature (oasdiff#612, OpenAPITools/openapi-diff#129): a gate
that fails on a breaking change the team has weighed and accepted is a gate people learn to
bypass. An acceptance names one rule and where (the operation, the origin or location, or
both), says why, and may expire; `diff --fail-on` and `check` then let the change pass, and
every report still lists it, marked accepted, so nothing is hidden. Once an acceptance
expires the change counts again. An acceptance that matches nothing is reported, so the
file does not silently outlive what it was for.

The file (YAML or JSON), given with `--accept FILE`:

    accepted:
      - rule: api.schema.request.max-length-decreased
        operation: POST /pets            # and/or origin: a JSON pointer
        reason: only our own app sends names this long; its release 4.2 trims them
        expires: 2027-03-31               # optional
        by: platform-team                 # optional
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .errors import InputError
from .load import load_document
from .load.validation import describe, did_you_mean
from .model import Accepted, Change, Report
from .rules import CATALOG


class Acceptance(BaseModel):
    """One reviewed change: a rule, where, why, and until when."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: str = Field(description="The rule id, exactly (no globs: accept what was reviewed).")
    operation: str | None = Field(default=None, description='"METHOD /path" as in the report.')
    origin: str | None = Field(default=None, description="The change's `origin` or `location`.")
    reason: str = Field(min_length=1, description="Why the change may ship: said in every report.")
    expires: dt.date | None = Field(default=None, description="The last day it holds.")
    by: str | None = Field(default=None, description="Who accepted it.")

    @model_validator(mode="after")
    def _somewhere(self) -> Acceptance:
        if self.operation is None and self.origin is None:
            raise ValueError("names no operation or origin: an acceptance is for one place "
                             "(use --ignore to leave a rule out everywhere)")
        if not self.reason.strip():
            raise ValueError("reason is empty: say why the change may ship")
        return self

    def matches(self, change: Change) -> bool:
        return (change.rule == self.rule
                and (self.operation is None or change.operation == self.operation)
                and (self.origin is None or self.origin in (change.origin, change.location)))


class AcceptFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    accepted: list[Acceptance]


def load_acceptances(source: Any) -> tuple[str, list[Acceptance]]:
    """(the file's name, its acceptances); every problem is one line naming the file."""
    document = load_document(source)
    name, data = document.label, document.data
    if not isinstance(data, dict) or "accepted" not in data:
        raise InputError(name, "is not an acceptances file: expected a mapping with an "
                               "`accepted` list (write `accepted: []` for none)")
    try:
        parsed = AcceptFile.model_validate(data)
    except ValidationError as exc:
        raise InputError(name, describe(exc, data, model=AcceptFile)) from None
    for i, entry in enumerate(parsed.accepted):
        if entry.rule not in CATALOG:
            raise InputError(name, f"accepted[{i}].rule: no such rule {entry.rule!r}"
                                   f"{did_you_mean(entry.rule, CATALOG)}")
    return name, parsed.accepted


def accept(report: Report, acceptances: list[Acceptance], today: dt.date, name: str) -> Report:
    """The report with accepted changes marked, and a warning for each expired or unused
    acceptance. The first acceptance that matches a change is the one it carries."""
    used: set[int] = set()
    changes = []
    for change in report.changes:
        hit = next(((i, a) for i, a in enumerate(acceptances) if a.matches(change)), None)
        if hit is None:
            changes.append(change)
            continue
        i, a = hit
        used.add(i)
        expired = a.expires is not None and a.expires < today
        changes.append(change.model_copy(update={"accepted": Accepted(
            reason=a.reason, expires=a.expires, by=a.by, expired=expired, entry=i)}))
    warnings = list(report.warnings)
    for i, a in enumerate(acceptances):
        where = " at ".join(x for x in (a.rule, a.operation or a.origin) if x)
        if i not in used:
            warnings.append(f"{name}: accepted[{i}] ({where}) matches no change; remove it")
        elif a.expires is not None and a.expires < today:
            warnings.append(f"{name}: accepted[{i}] ({where}) expired on {a.expires.isoformat()}; "
                            "the change counts again")
    return Report.from_changes(changes, warnings)
