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
"""

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
from .select import select
from .terms import compare_terms

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
    "load_events",
    "load_policy",
    "load_pricebook",
    "match_rules",
    "plan",
    "render_notice",
    "report_json_schema",
    "select",
]
