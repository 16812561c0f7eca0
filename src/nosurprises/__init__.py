"""nosurprises: find the changes that hurt customers before they ship.

The public API is what this module exports::

    import nosurprises
    report = nosurprises.compare_openapi("old.yaml", "new.yaml")
    report.summary.breaking, report.model_dump_json()
"""

from .errors import InputError, NoSurprisesError
from .events import event_changes, load_events
from .model import Change, Level, Report, Subject, Summary, report_json_schema
from .openapi import compare_openapi
from .pricing import compare_pricing, load_pricebook
from .rules import CATALOG, Rule, get_rule, match_rules
from .select import select

__version__ = "0.1.0"

__all__ = [
    "CATALOG",
    "Change",
    "InputError",
    "Level",
    "NoSurprisesError",
    "Report",
    "Rule",
    "Subject",
    "Summary",
    "__version__",
    "compare_openapi",
    "compare_pricing",
    "event_changes",
    "get_rule",
    "load_events",
    "load_pricebook",
    "match_rules",
    "report_json_schema",
    "select",
]
