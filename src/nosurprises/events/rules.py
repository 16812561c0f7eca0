"""The rules of declared events, one per kind of event (`event.<kind>`).

Each rule is a constant (`SALE`); `BY_KIND` finds the rule of an event's kind, and has one
for every kind an events file may name (checked here, at import).
"""

from __future__ import annotations

from ..model import Subject
from ..rule import B, Rule, W, by_id
from .model import KINDS

SALE = Rule("event.sale", B, "Service sold",
    "The service is being sold to another company ({item}), effective {after}.",
    "Customers' data, contracts and support move to a company they did not choose "
    "(Google Domains went to Squarespace in 2023 and customers learned it from the press).",
    "Review the buyer's terms and privacy policy; export your data or move before the date.",
    "`kind: sale`, `effective: 2027-01-01`", Subject.EVENT)

TRANSFER = Rule("event.transfer", B, "Accounts transferred",
    "Customer accounts are being transferred to another company ({item}), effective {after}.",
    "The contract partner changes; data moves to another controller.",
    "Review the new provider's terms; object or leave before the date.",
    "`kind: transfer`", Subject.EVENT)

SHUTDOWN = Rule("event.shutdown", B, "Product shut down",
    "A product or feature is being shut down ({item}), effective {after}.",
    "Everything customers built on it stops working.",
    "Export your data and move to an alternative before the date.",
    "`kind: shutdown`", Subject.EVENT)

REGION_SHUTDOWN = Rule("event.region-shutdown", B, "Region shut down",
    "A region is being shut down ({item}), effective {after}.",
    "Workloads and data in that region must move, with latency and residency consequences.",
    "Move workloads and data to another region before the date.",
    "`kind: region-shutdown`", Subject.EVENT)

MIGRATION = Rule("event.migration", B, "Data migration",
    "Customer data is being migrated ({item}), effective {after}.",
    "Data moves systems or places; access, formats or residency may change.",
    "Check integrations and data-residency needs before the date.",
    "`kind: migration`", Subject.EVENT)

PROCESSOR_CHANGE = Rule("event.processor-change", B, "Data processor changed",
    "A new data processor or sub-processor will handle customer data ({item}), "
    "effective {after}.",
    "Personal data goes to a company customers did not vet; some must object in time.",
    "Review the new processor; object before the date if you must.",
    "`kind: processor-change`", Subject.EVENT)

MAINTENANCE = Rule("event.maintenance", W, "Planned maintenance",
    "Planned maintenance or downtime ({item}) starts {after}.",
    "The service is unavailable or degraded for a while.",
    "Plan around the window.",
    "`kind: maintenance`, `effective: 2027-01-01T02:00Z`, `ends: ...`", Subject.EVENT)

RULES: dict[str, Rule] = by_id([
    SALE,
    TRANSFER,
    SHUTDOWN,
    REGION_SHUTDOWN,
    MIGRATION,
    PROCESSOR_CHANGE,
    MAINTENANCE,
])
BY_KIND: dict[str, Rule] = {rule.id.removeprefix("event."): rule for rule in RULES.values()}
if sorted(BY_KIND) != sorted(KINDS):
    raise ValueError("the rules of events and the kinds of events/model.py differ")
