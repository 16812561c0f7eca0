"""The rules of declared events, one per kind of event (`event.<kind>`).

Each rule is a constant (`SALE`); `BY_KIND` finds the rule of an event's kind, and has one
for every kind an events file may name (`tests/test_events.py` checks it against
`events/model.py`, which this does not import: the rule catalog, read on every run, would
bring pydantic with it).
"""

from __future__ import annotations

from ..model import Subject
from ..rule import B, Rule, W, by_id

SALE = Rule("event.sale", B, "Service sold",
    "The service is being sold to another company ({item}), effective {after}.",
    "Customers' data, contracts and support move to a company they did not choose "
    "(Google Domains went to Squarespace in 2023 and customers learned it from the press).",
    "Review the buyer's terms and privacy policy; export your data or move before the date.",
    "`kind: sale`, `effective: 2027-01-01`", Subject.EVENT,
    customer="We will sell the service to {company}; your account, your data and your "
    "contract will move to them.",
    todo="Read the new company's terms and privacy policy before then; if you do not want to move, "
    "export your data and cancel, or contact us to object.")

TRANSFER = Rule("event.transfer", B, "Accounts transferred",
    "Customer accounts are being transferred to another company ({item}), effective {after}.",
    "The contract partner changes; data moves to another controller.",
    "Review the new provider's terms; object or leave before the date.",
    "`kind: transfer`", Subject.EVENT,
    customer="We will transfer your account to {company}; it will become your contract "
    "partner and will hold your data.",
    todo="Read the new company's terms and privacy policy before then; if you do not agree, contact "
    "us to object, or export your data and close your account.")

SHUTDOWN = Rule("event.shutdown", B, "Product shut down",
    "A product or feature is being shut down ({item}), effective {after}.",
    "Everything customers built on it stops working.",
    "Export your data and move to an alternative before the date.",
    "`kind: shutdown`", Subject.EVENT,
    customer="We will shut down a product or feature ({item}); it will stop working, and so will "
    "anything that depends on it.",
    todo="Export your data and move to an alternative before then; contact us if you need help.")

REGION_SHUTDOWN = Rule("event.region-shutdown", B, "Region shut down",
    "A region is being shut down ({item}), effective {after}.",
    "Workloads and data in that region must move, with latency and residency consequences.",
    "Move workloads and data to another region before the date.",
    "`kind: region-shutdown`", Subject.EVENT,
    customer="We will shut down a region ({item}); everything still running or stored there will stop "
    "being available.",
    todo="Move your workloads and data to another region before then; contact us if you need help.")

MIGRATION = Rule("event.migration", B, "Data migration",
    "Customer data is being migrated ({item}), effective {after}.",
    "Data moves systems or places; access, formats or residency may change.",
    "Check integrations and data-residency needs before the date.",
    "`kind: migration`", Subject.EVENT,
    customer="We will migrate your data ({item}); where it is kept, how you reach it or its format may "
    "change.",
    todo="Check your integrations and data-residency needs before then; export a copy of your data "
    "if you want one, or contact us with questions.")

PROCESSOR_CHANGE = Rule("event.processor-change", B, "Data processor changed",
    "A new data processor or sub-processor will handle customer data ({item}), "
    "effective {after}.",
    "Personal data goes to a company customers did not vet; some must object in time.",
    "Review the new processor; object before the date if you must.",
    "`kind: processor-change`", Subject.EVENT,
    customer="We will start using a new data processor or sub-processor to handle your data ({item}).",
    todo="Review the new processor before then; if you need to object, contact us in time.")

MAINTENANCE = Rule("event.maintenance", W, "Planned maintenance",
    "Planned maintenance or downtime ({item}) starts {after}.",
    "The service is unavailable or degraded for a while.",
    "Plan around the window.",
    "`kind: maintenance`, `effective: 2027-01-01T02:00Z`, `ends: ...`", Subject.EVENT,
    customer="We will carry out planned maintenance ({item}); the service may be unavailable or slower "
    "during the window.",
    todo="Plan around the maintenance window and avoid scheduling critical work during it.")

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
