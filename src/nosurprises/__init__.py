"""nosurprises: find the changes that hurt customers before they ship.

The public API is what this module exports::

    import nosurprises
    report = nosurprises.compare_openapi("old.yaml", "new.yaml")
    report.summary.breaking, report.model_dump_json()
    terms = nosurprises.compare_terms("terms-old.md", "terms.md")     # Markdown, text or HTML
    any_kind = nosurprises.compare("old.csv", "new.csv")              # the kind found as the CLI does
    policy, rules = nosurprises.load_policy()                         # nosurprises.yaml or a pack
    planned = nosurprises.plan(report, policy, rules, datetime.date(2027, 1, 4))
    notice = nosurprises.from_plan(report, planned, product="Pets API")
    name, text = nosurprises.render_notice(notice, "email")           # notice.eml, the message
    calls = nosurprises.read_requests("access.log")                    # who called what (targeting)
    customers = nosurprises.load_directory("customers.csv")            # whom to write to
    journal = nosurprises.read_journal("out/deliveries.jsonl")         # what `send` delivered
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # what the names are, for type checkers; at run time each loads on first use
    from .deliveries import read_journal
    from .directory import load_directory
    from .errors import InputError, NoSurprisesError
    from .events import event_changes, load_events
    from .kinds import KINDS, Kind, compare
    from .model import Change, Group, Level, Report, Subject, Summary, report_json_schema
    from .notices import Notice, NoticeChange, from_entry, from_plan
    from .notices.channels import CHANNELS as NOTICE_CHANNELS
    from .notices.channels import render as render_notice
    from .openapi import compare_openapi
    from .policy import check, load_policy, plan
    from .pricing import compare_pricing, load_pricebook
    from .rules import CATALOG, Rule, get_rule, match_rules
    from .selection import select
    from .targeting import reach, read_requests
    from .terms import compare_terms

from .lazy import exports

_WHERE = {
    "read_journal": ".deliveries:read_journal",
    "load_directory": ".directory:load_directory",
    **{name: ".errors:" + name for name in ("InputError", "NoSurprisesError")},
    **{name: ".events:" + name for name in ("event_changes", "load_events")},
    **{name: ".kinds:" + name for name in ("KINDS", "Kind", "compare")},
    **{name: ".model:" + name for name in ("Change", "Group", "Level", "Report", "Subject", "Summary",
                                            "report_json_schema")},
    **{name: ".notices:" + name for name in ("Notice", "NoticeChange", "from_entry", "from_plan")},
    "NOTICE_CHANNELS": ".notices.channels:CHANNELS",
    "render_notice": ".notices.channels:render",
    "compare_openapi": ".openapi:compare_openapi",
    **{name: ".policy:" + name for name in ("check", "load_policy", "plan")},
    **{name: ".pricing:" + name for name in ("compare_pricing", "load_pricebook")},
    **{name: ".rules:" + name for name in ("CATALOG", "Rule", "get_rule", "match_rules")},
    "select": ".selection:select",
    "read_requests": ".targeting.engine:read_requests",
    "reach": ".targeting.reached:reach",
    "compare_terms": ".terms:compare_terms",
}
"""Where each public name lives. `import nosurprises` loads none of them: a command that diffs
an OpenAPI document should not pay for Babel, jinja2 and icalendar, which only notices use."""

__getattr__, __dir__ = exports(__name__, _WHERE, globals())

__version__ = "0.1.0"

__all__ = [
    "CATALOG",
    "KINDS",
    "NOTICE_CHANNELS",
    "Change",
    "Group",
    "InputError",
    "Kind",
    "Level",
    "NoSurprisesError",
    "Notice",
    "NoticeChange",
    "Report",
    "Rule",
    "Subject",
    "Summary",
    "__version__",
    "check",
    "compare",
    "compare_openapi",
    "compare_pricing",
    "compare_terms",
    "event_changes",
    "from_entry",
    "from_plan",
    "get_rule",
    "load_directory",
    "load_events",
    "load_policy",
    "load_pricebook",
    "match_rules",
    "plan",
    "reach",
    "read_journal",
    "read_requests",
    "render_notice",
    "report_json_schema",
    "select",
]
