"""Declared events (sale, transfer, shutdown, migration, processor change, maintenance).

No diff can see them, so they are declared in a file (`events: [...]`) and join the
report as changes with subject `event`; see docs/events.md.
"""

from .load import effective_date, event_changes, load_events
from .model import KINDS, Event, EventsFile
from .schema import events_reference, events_schema_markdown

__all__ = ["KINDS", "Event", "EventsFile", "effective_date", "event_changes", "events_reference",
           "events_schema_markdown", "load_events"]
