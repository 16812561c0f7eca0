"""Declared events (sale, transfer, shutdown, migration, processor change, maintenance).

No diff can see them, so they are declared in a file (`events: [...]`) and join the
report as changes with subject `event`; see docs/events.md.
"""

from typing import TYPE_CHECKING

from ..lazy import exports

if TYPE_CHECKING:
    from .load import effective_date, event_changes, load_events
    from .model import KINDS, Event, EventsFile
    from .schema import events_reference, events_schema_markdown

__getattr__, __dir__ = exports(__name__, {
    "effective_date": ".load:effective_date",
    "event_changes": ".load:event_changes",
    "load_events": ".load:load_events",
    "KINDS": ".model:KINDS",
    "Event": ".model:Event",
    "EventsFile": ".model:EventsFile",
    "events_reference": ".schema:events_reference",
    "events_schema_markdown": ".schema:events_schema_markdown",
}, globals())

__all__ = ["KINDS", "Event", "EventsFile", "effective_date", "event_changes", "events_reference",
           "events_schema_markdown", "load_events"]
