"""The topic table: which words make a passage about which customer-sensitive topic.

Classification is a keyword table on purpose: every verdict can be explained by the words
that triggered it, and a reviewer can read and extend the table. Topics follow the Open Terms
Archive / ToS;DR vocabulary loosely. Patterns are regular expressions matched on normalised,
lower-cased text at word boundaries.

Levels (see docs/terms.md):

- `breaking`: the passage gives the provider something or takes something from the customer:
  a topic's trigger words appear where they did not before (a new arbitration clause, a new
  AI-training licence), provider-power words are inserted (`at any time`, `sole discretion`,
  `irrevocable`, `sell`, `train` ...), or customer-protection words are deleted (`notice`,
  `refund`, `opt out`, `consent`, `will not` ...).
- `warning`: any other change to a passage about a topic.
- `info`: a change that matches no topic, or changes only case and punctuation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    """One sensitive topic: its rule id part, a human name and its trigger patterns."""

    id: str
    name: str
    patterns: tuple[str, ...]
    example: str


TOPICS: tuple[Topic, ...] = (
    Topic("arbitration", "arbitration and class-action waivers",
          (r"arbitrat\w*", r"class[- ]action", r"class[- ]wide", r"jury trial", r"representative action",
           r"opt[- ]out of arbitration"),
          "You and we agree to resolve disputes by binding individual arbitration."),
    Topic("governing-law", "governing law and venue",
          (r"governing law", r"govern(?:ed|s)? by the laws?", r"laws of the state", r"jurisdiction",
           r"venue", r"courts? (?:of|in|located)"),
          "These terms are governed by the laws of the State of Texas."),
    Topic("liability", "liability and indemnity",
          (r"liabilit\w*", r"liable", r"indemni\w*", r"hold harmless", r"warrant(?:y|ies)", r"disclaim\w*",
           r"damages"),
          "Our total liability is limited to the amount you paid us in the last 12 months."),
    Topic("termination", "termination and suspension",
          (r"terminat\w*", r"suspen\w*", r"close your account", r"disable your account",
           r"deactivat\w*"),
          "We may suspend or terminate your account at any time for any reason."),
    Topic("renewal", "automatic renewal and cancellation",
          (r"auto(?:matic(?:ally)?)?[- ]?renew\w*", r"renewal", r"cancel\w*", r"subscription term"),
          "Your subscription renews automatically unless you cancel 30 days before renewal."),
    Topic("fees", "fees and price changes",
          (r"fees?", r"prices?", r"pricing", r"charges?", r"billing", r"refunds?", r"payments?",
           r"taxes"),
          "We may change our prices at any time."),
    Topic("data-sharing", "data collection, sharing and sale",
          (r"personal (?:data|information)", r"share (?:your )?(?:personal )?(?:data|information)",
           r"third[- ]part(?:y|ies)", r"sell (?:your )?(?:personal )?(?:data|information)",
           r"sale of", r"advertis\w*", r"collect(?:s|ed|ing|ion)?", r"biometric", r"affiliates"),
          "We share your personal data with advertising partners."),
    Topic("ai-training", "use of customer content, including training of AI models",
          (r"artificial intelligence", r"\bai\b", r"machine learning", r"train\w*", r"generative",
           r"models?", r"algorithm\w*"),
          "We may use your content to train our machine learning models."),
    Topic("content-licence", "licence over user content",
          (r"licen[cs]e", r"royalty[- ]free", r"sublicens\w*", r"irrevocabl\w*", r"perpetual",
           r"worldwide", r"intellectual property", r"your content", r"user content"),
          "You grant us a worldwide, royalty-free licence to use your content."),
    Topic("retention", "data retention and deletion",
          (r"retain\w*", r"retention", r"delet\w*", r"eras\w*", r"stor(?:e|ed|age) (?:your|the) "),
          "We retain your data for 5 years after you close your account."),
    Topic("changes-clause", "changes to these terms",
          (r"(?:change|modify|update|revise|amend)s? (?:to )?(?:these|this|the) (?:terms|contract|agreement|"
           r"policy|privacy policy)", r"from time to time", r"continu\w+ to use"),
          "We may modify these terms from time to time; continued use means you accept."),
    Topic("notice", "notice periods",
          (r"\bnotice\b", r"notif\w*", r"\d+ days", r"prior written", r"in advance"),
          "We will give you 30 days' notice before a change takes effect."),
    Topic("age", "age limits",
          (r"minimum age", r"years? (?:of age|old)", r"minors?", r"children", r"parental consent",
           r"under (?:the age of )?1[3-8]"),
          "You must be at least 16 years old to use the services."),
)
"""Order matters only for ties: the earlier topic wins."""

NEW_CLAUSE_TAKES = frozenset({"arbitration", "ai-training", "content-licence", "data-sharing"})
"""Topics where a clause appearing at all (no trigger word before, some now) is breaking."""

PROVIDER_GAINS: tuple[str, ...] = (
    r"we may", r"at any time", r"without notice", r"sole discretion", r"for any reason", r"irrevocabl\w*",
    r"perpetual", r"royalty[- ]free", r"sublicens\w*", r"waive\w*", r"sell", r"train\w*", r"binding",
    r"share (?:your|it|them|such)", r"automatically", r"non[- ]refundable",
)
"""Inserted into a topical passage, these widen the provider's rights: breaking."""

CUSTOMER_RIGHTS: tuple[str, ...] = (
    r"\bnotice\b", r"refunds?", r"opt[- ]out", r"consent", r"will not", r"do not sell", r"right to",
    r"\d+ days", r"in advance", r"you may (?:cancel|terminate|delete|object|request)", r"small claims",
    r"not be used",
)
"""Deleted from a topical passage, these took a protection from the customer: breaking."""


def _compile(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(rf"(?<!\w)(?:{p})(?!\w)" for p in patterns))


_TOPIC_RX = {t.id: _compile(t.patterns) for t in TOPICS}
_GAINS_RX = _compile(PROVIDER_GAINS)
_RIGHTS_RX = _compile(CUSTOMER_RIGHTS)
BY_ID = {t.id: t for t in TOPICS}


def triggers(text: str) -> dict[str, list[str]]:
    """Topic id -> the distinct trigger words found in `text` (lower-cased), in order of first use."""
    low = text.lower()
    found: dict[str, list[str]] = {}
    for topic in TOPICS:
        words = list(dict.fromkeys(m.group(0) for m in _TOPIC_RX[topic.id].finditer(low)))
        if words:
            found[topic.id] = words
    return found


def gains(text: str) -> list[str]:
    """Provider-power phrases in `text`."""
    return list(dict.fromkeys(m.group(0) for m in _GAINS_RX.finditer(text.lower())))


def rights(text: str) -> list[str]:
    """Customer-protection phrases in `text`."""
    return list(dict.fromkeys(m.group(0) for m in _RIGHTS_RX.finditer(text.lower())))
