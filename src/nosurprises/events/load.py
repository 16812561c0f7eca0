"""Reading an events file and turning each event into a `Change`.

Events join the report as changes (subject `event`), so the gate, the policy and the
notices treat a sale exactly like a removed endpoint: one flow, one set of rules. Each event
is a `Finding` of the rule of its kind, judged by the one judge like every other change.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import InputError
from ..finding import Finding, judge
from ..load import load_document
from ..load.validation import describe
from ..model import Change
from ..words import Listing, Term
from .model import Event, EventsFile
from .rules import BY_KIND

_NAMES_OTHER_COMPANY = frozenset({"sale", "transfer", "processor-change"})


def load_events(source: str | Path | dict[str, Any], *, label: str | None = None) -> list[Event]:
    """The events of a file (path, YAML/JSON text, dict or `git:REF:PATH`).

    Any problem is an `InputError` of one line naming the file, the entry id and the field,
    e.g. `events.yaml: events[2].ends (entry 'db-upgrade'): ... is not after effective ...`.
    """
    try:
        document = load_document(source, label=label)
    except InputError as exc:
        if exc.problem != "is empty":
            raise
        raise InputError(exc.source, "is empty; an events file is a mapping `events: [...]`") from None
    data, name = document.data, document.label
    if not isinstance(data, dict):
        shape = "a list" if isinstance(data, list) else type(data).__name__
        raise InputError(name, f"the top level must be a mapping `events: [...]`, not {shape}")
    try:
        return EventsFile.model_validate(data).events
    except ValidationError as exc:
        error = exc.errors()[0]
        if error["type"] == "duplicate_id":
            ctx = error.get("ctx", {})
            raise InputError(name, f"events[{ctx['index']}].id (entry {ctx['id']!r}): duplicate id, "
                                   f"already used by events[{ctx['first']}]") from None
        raise InputError(name, describe(exc, data, model=EventsFile)) from None


def event_changes(events: list[Event], label: str = "events") -> list[Change]:
    """One change per event, judged by the rule of its kind (`events/rules.py`)."""
    return [judge(finding) for finding in event_findings(events, label)]


def event_findings(events: list[Event], label: str = "events") -> list[Finding]:
    """One finding per event, naming the rule of its kind; `label` names the file in locations."""
    findings = []
    for index, event in enumerate(events):
        after = event.effective.isoformat()
        findings.append(Finding(
            BY_KIND[event.kind], f"{label}#/events/{index}", item=event.id,
            facts={"item": _item(event), "after": after, "company": _company(event)}, after=after,
            audience=list(event.audience), retroactive=event.retroactive))
    return findings


def _item(event: Event) -> str | Listing:
    """What the sentence names: the other company when there is one, else what is affected.

    The catalog's sentences already say what happens ("is being sold to another company
    (...)"), so the parenthesis carries the fact a customer asks next: to whom, or which
    products/regions; the summary is the fallback.
    """
    if event.kind in _NAMES_OTHER_COMPANY and event.counterparty:
        return event.counterparty
    if event.affects:
        return Listing(tuple(event.affects), ",")
    return event.summary.strip().rstrip(".")


def _company(event: Event) -> str | Term:
    """Who customers move to, for their sentence: the buyer named, else "another company"
    (the reviewer's `{item}` then names what is affected, which is not a company)."""
    return event.counterparty if event.counterparty else Term("another-company")


def effective_date(event: Event) -> dt.date:
    """The calendar day it takes effect (in the event's own timezone), for counting notice days."""
    return event.effective.date() if isinstance(event.effective, dt.datetime) else event.effective
