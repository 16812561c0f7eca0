"""The rules of terms changes: sections, editorial changes, and one rule per topic.

The section rules are constants; the passage rules are built from the topic table below,
one `terms.<topic>.changed` per topic (`TOPIC_RULES`).
"""

from __future__ import annotations

from ..model import Subject
from ..rule import I, Rule, W, by_id

_TERMS_TOPICS: list[tuple[str, str, str, str]] = [
    ("arbitration", "Arbitration or class-action waiver changed",
    "Disputes may have to go to private arbitration, one customer at a time, instead of court.",
    "Read the new dispute clause and its opt-out deadline; opt out in time if you want to."),
    ("governing-law", "Governing law or venue changed",
    "Another country's or state's law, or a far-away court, may decide disputes.",
    "Check where and under which law you would have to bring a claim."),
    ("liability", "Liability or indemnity changed",
    "The provider may owe less when things go wrong, or the customer may owe more.",
    "Compare the caps and exclusions; review your own insurance and contracts."),
    ("termination", "Termination or suspension changed",
    "Accounts may be closed or suspended in more cases or with less warning.",
    "Check when the provider may cut you off and keep backups of your data."),
    ("renewal", "Automatic renewal or cancellation changed",
    "Subscriptions may renew on their own or become harder to cancel.",
    "Note the renewal date and the cancellation steps and deadlines."),
    ("fees", "Fees or price changes clause changed",
    "The customer may pay more or lose refunds.",
    "Check the fees, refund rules and how price changes are announced."),
    ("data-sharing", "Data collection, sharing or sale changed",
    "More personal data may be collected, shared with or sold to others.",
    "Review the privacy settings and opt out of sharing where you can."),
    ("ai-training", "Use of content or AI training changed",
    "Customer content may be used for other purposes, such as training AI models.",
    "Check whether your content is used to train models and how to opt out."),
    ("content-licence", "Licence over user content changed",
    "The provider may get broader rights over what customers upload.",
    "Read the licence you grant; remove content you do not want covered."),
    ("retention", "Data retention, deletion or export changed",
    "Data may be kept longer, deleted sooner, or be harder to take away than customers expect.",
    "Check how long your data is kept and export what you need."),
    ("changes-clause", "Changes-to-terms clause changed",
    "It decides how future changes reach customers and whether silence means consent.",
    "Check how you will be told of future changes and how to object."),
    ("notice", "Notice period changed",
    "Customers may get less warning before changes, suspensions or price rises.",
    "Note the new notice periods and where notices are sent."),
    ("age", "Age limits changed",
    "Some people may no longer be allowed to use the service, or need parental consent.",
    "Check that every user still meets the minimum age."),
    ("acceptable-use", "Acceptable use or scraping rules changed",
    "Uses that worked, such as scripts, crawlers or bulk downloads, may now break the terms.",
    "Check that your tools and integrations still follow the acceptable-use rules."),
    ("ai-content", "Rules on AI-generated content changed",
    "Content made with AI may need labels, or may be refused or removed.",
    "Check whether what you publish must be labelled and what may be taken down."),
]

SECTION_ADDED = Rule("terms.section.added", I, "Section added", "Section {item} was added.",
    "New text: its passages are classified separately.", "Read the new section.",
    "new: `## Artificial intelligence`", Subject.TERMS)

SECTION_REMOVED = Rule("terms.section.removed", W, "Section removed", "Section {item} was removed{reason}.",
    "Text customers relied on is gone: its passages are classified separately.",
    "Check what the removed section promised you.", "old: `## Refunds` / new: gone", Subject.TERMS, document="old")

SECTION_MOVED = Rule("terms.section.moved", I, "Section moved", "Section {before} was moved to {after}.",
    "The same text in another place; its own changes are reported separately.", "Nothing to do.",
    "`## Sharing` moved from under `Privacy` to under `Data`", Subject.TERMS)

SECTION_RENAMED = Rule("terms.section.renamed", I, "Section renamed", "Section {before} was renamed to {after}.",
    "Same section, new heading; its own changes are reported separately.", "Nothing to do.",
    "old: `## Change` / new: `## Changes to these terms`", Subject.TERMS)

EDITORIAL = Rule("terms.editorial", I, "Editorial change", "Wording changed in section {item}{reason}.",
    "The wording changed but no sensitive topic is touched.", "Nothing to do.",
    "old: `Refunds are subject to our policy.` / new: `Refunds follow our policy.`",
    Subject.TERMS)

TOPIC_RULES: dict[str, Rule] = {rule.scope: rule for rule in [
    Rule(f"terms.{tid}.changed", W, title,
         "A passage about {topic} changed in section {item} (triggered by: {words}){reason}{others}.",
         why, hint,
         f"new: `{example}`", Subject.TERMS)
    for (tid, title, why, hint), example in zip(
        _TERMS_TOPICS, [
            "You and we agree to resolve disputes by binding individual arbitration.",
            "These terms are governed by the laws of the State of Texas.",
            "Our total liability is limited to the amount you paid us in the last 12 months.",
            "We may suspend or terminate your account at any time for any reason.",
            "Your subscription renews automatically unless you cancel 30 days before renewal.",
            "We may change our prices at any time.",
            "We share your personal data with advertising partners.",
            "We may use your content to train our machine learning models.",
            "You grant us a worldwide, royalty-free licence to use your content.",
            "We retain your data for 5 years after your last login.",
            "We may modify these terms from time to time; continued use means you accept.",
            "We will give you 30 days' notice before a change takes effect.",
            "You must be at least 16 years old to use the services.",
            "You may not scrape, crawl or use automated means to access the services.",
            "You must label AI-generated content you post.",
        ], strict=True)
]}

RULES: dict[str, Rule] = by_id([SECTION_ADDED, SECTION_REMOVED, SECTION_MOVED, SECTION_RENAMED, EDITORIAL, *TOPIC_RULES.values()])
