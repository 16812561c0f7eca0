"""The rules of terms changes: sections, editorial changes, and one rule per topic.

The section rules are constants; the passage rules are built from the topic table below,
one `terms.<topic>.changed` per topic (`TOPIC_RULES`), each sentence naming its topic.

Why a passage has its level (a clause arrived, a place moved, phrases gained or lost) is a
`Clause` of the sentence, its `{reason}`: the comparison states the facts and picks the clause
by key; its words are written here, in `CLAUSES`, beside the sentences they complete.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..i18n import N_, gettext
from ..model import Subject
from ..rule import I, Rule, W, by_id
from ..words import Pieces, pieces
from .topics import BY_ID, TOPICS

# (topic id, title, why, the reviewer's hint, the customer's todo: how to read the new text,
# object or leave where the topic calls for it)
_TERMS_TOPICS: list[tuple[str, str, str, str, str]] = [
    ("arbitration", "Arbitration or class-action waiver changed",
    "Disputes may have to go to private arbitration, one customer at a time, instead of court.",
    "Read the new dispute clause and its opt-out deadline; opt out in time if you want to.",
    "Read the new text of that section; if it lets you opt out of arbitration, opt out before its deadline to keep your right to go to court."),
    ("governing-law", "Governing law or venue changed",
    "Another country's or state's law, or a far-away court, may decide disputes.",
    "Check where and under which law you would have to bring a claim.",
    "Read the new text of that section to see which law applies and where disputes will be heard; if you do not accept it, contact us to object or close your account before then."),
    ("liability", "Liability or indemnity changed",
    "The provider may owe less when things go wrong, or the customer may owe more.",
    "Compare the caps and exclusions; review your own insurance and contracts.",
    "Read the new text of that section and compare what we and you will be liable for; review your own insurance and contracts if needed."),
    ("termination", "Termination or suspension changed",
    "Accounts may be closed or suspended in more cases or with less warning.",
    "Check when the provider may cut you off and keep backups of your data.",
    "Read the new text of that section to see when we may suspend or close an account; keep backups, and export your data if you decide to leave."),
    ("renewal", "Automatic renewal or cancellation changed",
    "Subscriptions may renew on their own or become harder to cancel.",
    "Note the renewal date and the cancellation steps and deadlines.",
    "Read the new text of that section and note your renewal date and how to cancel; you can cancel before then if you do not want to continue."),
    ("fees", "Fees or price changes clause changed",
    "The customer may pay more or lose refunds.",
    "Check the fees, refund rules and how price changes are announced.",
    "Read the new text of that section on fees and refunds; if you do not accept it, you can cancel before then or contact us."),
    ("data-sharing", "Data collection, sharing or sale changed",
    "More personal data may be collected, shared with or sold to others.",
    "Review the privacy settings and opt out of sharing where you can.",
    "Read the new text of that section and review your privacy settings; opt out of sharing where it lets you, contact us to object, or close your account."),
    ("ai-training", "Use of content or AI training changed",
    "Customer content may be used for other purposes, such as training AI models.",
    "Check whether your content is used to train models and how to opt out.",
    "Read the new text of that section to see whether your content may be used to train AI models; if you do not want that, opt out where it lets you or contact us."),
    ("content-licence", "Licence over user content changed",
    "The provider may get broader rights over what customers upload.",
    "Read the licence you grant; remove content you do not want covered.",
    "Read the new text of that section to see what rights you give us over your content; remove or export content you do not want covered before then."),
    ("retention", "Data retention, deletion or export changed",
    "Data may be kept longer, deleted sooner, or be harder to take away than customers expect.",
    "Check how long your data is kept and export what you need.",
    "Read the new text of that section to see how long we keep your data; export anything you want to keep before then."),
    ("changes-clause", "Changes-to-terms clause changed",
    "It decides how future changes reach customers and whether silence means consent.",
    "Check how you will be told of future changes and how to object.",
    "Read the new text of that section to see how we will tell you about future changes and how you can object or leave."),
    ("notice", "Notice period changed",
    "Customers may get less warning before changes, suspensions or price rises.",
    "Note the new notice periods and where notices are sent.",
    "Read the new text of that section to see how much warning you will get and where we will send it; keep your contact details up to date."),
    ("age", "Age limits changed",
    "Some people may no longer be allowed to use the service, or need parental consent.",
    "Check that every user still meets the minimum age.",
    "Read the new text of that section and check that everyone using your account meets its age rules."),
    ("acceptable-use", "Acceptable use or scraping rules changed",
    "Uses that worked, such as scripts, crawlers or bulk downloads, may now break the terms.",
    "Check that your tools and integrations still follow the acceptable-use rules.",
    "Read the new text of that section and check that your scripts, tools and integrations still follow it before then; contact us if you are unsure."),
    ("ai-content", "Rules on AI-generated content changed",
    "Content made with AI may need labels, or may be refused or removed.",
    "Check whether what you publish must be labelled and what may be taken down.",
    "Read the new text of that section to see whether content made with AI must be labelled and what we may remove."),
]

IN_SECTION = N_("section {item}")
"""Where a passage is, in a customer's sentence (`{place}`); text before the first heading
is `the opening part` instead (`words.WORDS`: `start-of-terms`)."""

SECTION_ADDED = Rule("terms.section.added", I, "Section added", "Section {item} was added.",
    "New text: its passages are classified separately.", "Read the new section.",
    "new: `## Artificial intelligence`", Subject.TERMS,
    customer="We will add a new section to our terms: {item}.",
    todo="Read the new section; contact us if you have questions about it.")

SECTION_REMOVED = Rule("terms.section.removed", W, "Section removed", "Section {item} was removed{reason}.",
    "Text customers relied on is gone: its passages are classified separately.",
    "Check what the removed section promised you.", "old: `## Refunds` / new: gone", Subject.TERMS, document="old",
    customer="We will remove section {item} from our terms.",
    todo="If you rely on what it says, contact us before then; you can also export your data and leave.")

SECTION_MOVED = Rule("terms.section.moved", I, "Section moved", "Section {before} was moved to {after}.",
    "The same text in another place; its own changes are reported separately.", "Nothing to do.",
    "`## Sharing` moved from under `Privacy` to under `Data`", Subject.TERMS,
    customer="In our terms, we will move section {before} to {after}.",
    todo="Nothing to do; you will find it in its new place.")

SECTION_RENAMED = Rule("terms.section.renamed", I, "Section renamed", "Section {before} was renamed to {after}.",
    "Same section, new heading; its own changes are reported separately.", "Nothing to do.",
    "old: `## Change` / new: `## Changes to these terms`", Subject.TERMS,
    customer="In our terms, we will rename section {before} to {after}.",
    todo="Nothing to do; you will find it under its new heading.")

EDITORIAL = Rule("terms.editorial", I, "Editorial change", "Wording changed in section {item}{reason}.",
    "The wording changed but no sensitive topic is touched.", "Nothing to do.",
    "old: `Refunds are subject to our policy.` / new: `Refunds follow our policy.`",
    Subject.TERMS,
    customer="We will change the wording of our terms in {place}.",
    todo="Nothing to do; you can read the new wording in our terms.")

CLAUSES: dict[str, str] = {
    "arrived": N_("; a new clause on it appears ({words})"),
    "place-moved": N_("; the place named moved from {old} to {new}"),
    "sum-moved": N_("; the largest sum named {direction} from {old} to {new}"),
    "widened": N_("; the clause now also covers {words}"),
    "gained": N_('; the provider gains "{gained}"'),
    "lost": N_('; "{lost}" was removed'),
    "gained-and-lost": N_('; the provider gains "{gained}"; "{lost}" was removed'),
    "gone": N_("; the clause is gone ({words}), which takes nothing from customers"),
    "section-gave-back": N_("; the clause it held ({topics}) no longer binds customers"),
    "only-case": N_("; only punctuation or letter case changed"),
    "no-topic": N_("; no sensitive topic is mentioned"),
    "others": N_("; also mentions {topics}"),
}
"""The optional clauses of the terms sentences (`{reason}`, `{others}`), by key."""


class Clause(tuple[tuple[bool, str], ...]):
    """One clause of `CLAUSES` filled with its facts: sentence pieces for `words.show` (a
    phrase built of other facts), keeping the key and facts it was built from so another voice
    or locale can say it again. `NO_CLAUSE` says nothing."""

    key: str
    facts: Mapping[str, Any]

    def __new__(cls, key: str, facts: Mapping[str, Any] | None = None) -> Clause:
        facts = dict(facts or {})
        self = super().__new__(cls, pieces(CLAUSES[key], facts) if key else ())
        self.key, self.facts = key, facts
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (Clause, (self.key, self.facts))

    def said_in(self, locale: str) -> Pieces:
        """The clause said again in `locale`."""
        return pieces(gettext(CLAUSES[self.key], locale), self.facts, locale) if self.key else ()


NO_CLAUSE = Clause("")
"""No clause: the sentence goes on without one."""


def _topic_rule(tid: str, title: str, why: str, hint: str, todo: str) -> Rule:
    """`terms.<topic>.changed`, whose sentence names its topic: the sentence `rules --explain`
    prints is the one the tool prints, with the topic's own name in it. The customer's
    sentence names the topic and the section too, not the trigger words (those are for the
    reviewer), and `todo` says how to read the new text, object or leave."""
    topic = BY_ID[tid]
    if set(topic.name) & set("{}`"):
        raise ValueError(f"topic {tid}: a name with braces or backticks cannot be in a sentence")
    return Rule(f"terms.{tid}.changed", W, title,
                f"A passage about {topic.name} changed in section {{item}} (triggered by: {{words}})"
                "{reason}{others}.",
                why, hint, f"new: `{topic.example}`", Subject.TERMS,
                customer=f"In {{place}}, we will change what our terms say about {topic.name}.",
                todo=todo)


TOPIC_RULES: dict[str, Rule] = {tid: _topic_rule(tid, *rest) for tid, *rest in _TERMS_TOPICS}
if list(TOPIC_RULES) != [t.id for t in TOPICS]:
    raise ValueError("the rules of terms topics and the topic table of topics.py differ")

RULES: dict[str, Rule] = by_id([SECTION_ADDED, SECTION_REMOVED, SECTION_MOVED, SECTION_RENAMED, EDITORIAL, *TOPIC_RULES.values()])
