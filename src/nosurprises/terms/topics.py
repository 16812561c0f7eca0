"""The topic table: which words make a passage about which customer-sensitive topic.

Classification is a keyword table on purpose: every verdict can be explained by the words
that triggered it, and a reviewer can read and extend the table. Topics follow the Open Terms
Archive / ToS;DR vocabulary loosely. Patterns are regular expressions matched on normalised,
lower-cased text at word boundaries.

Each topic has two kinds of trigger words. **Strong** words are the clause itself (`arbitration`,
`royalty-free`, `train`); **context** words only say what a passage is about (`third party`,
`your content`, `models`). Both put a passage in a topic, but only strong words can make a
change `breaking` by their own appearance, and a topic with strong words leads a topic with
context words only. The tuning was done against the real pairs of the corpus, with the
expectations written down in `tests/test_terms_corpus.py`.

Levels (see docs/terms.md):

- `breaking`: the passage gives the provider something or takes something from the customer:
  a strong word of an `ARRIVAL_TAKES` topic appears where the passage had none (a new
  arbitration clause, a new AI-training licence), provider-power phrases are inserted
  (`sole discretion`, `irrevocable`, `train`, `we may modify` ...), customer-protection phrases
  are deleted (`prior notice`, `refund`, `opt out`, `we will not` ...), or the governing law or
  venue names another place.
- `warning`: any other change to a passage about a topic.
- `info`: a change that matches no topic, or changes only case and punctuation.

A strong word or a provider-power phrase in a clause that denies it (`Zoom does not use your
content to train ...`) is a promise to the customer, not a gain, and is not counted.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache


@dataclass(frozen=True)
class Topic:
    """One sensitive topic: its rule id part, a human name, its trigger patterns and an example."""

    id: str
    name: str
    strong: tuple[str, ...]
    """Words that are the clause itself."""
    context: tuple[str, ...]
    """Words that say what a passage is about, and no more."""
    example: str
    not_in: str = ""
    """A sentence matching this pattern does not count for the strong words (e.g. a licence
    granted *to* the customer is not a licence over the customer's content)."""
    scope: tuple[str, ...] = ()
    """Words that name what a clause covers (whose models, which products, which rights): one
    newly named in a passage that keeps the clause widens it."""


TOPICS: tuple[Topic, ...] = (
    Topic("arbitration", "arbitration and class-action waivers",
          (r"arbitrat\w*", r"class[- ]action", r"class[- ]wide", r"jury trial", r"representative action",
           r"collective action",
           r"class (?:or|and|and/or) (?:representative|collective|consolidated) "
           r"(?:actions?|proceedings?|claims?)",
           r"(?:representative|collective|consolidated|class) proceedings?", r"class members?",
           r"(?:on|in) a (?:class|representative|collective)(?:[- ]wide)? basis"),
          (r"dispute resolution", r"small claims"),
          "You and we agree to resolve disputes by binding individual arbitration."),
    Topic("governing-law", "governing law and venue",
          (r"governing law", r"govern(?:ed|s)? by the laws?", r"laws of the state", r"choice of law",
           r"forum selection", r"exclusive(?:ly)? (?:jurisdiction|venue)"),
          (r"jurisdiction", r"venue", r"courts? (?:of|in|located)"),
          "These terms are governed by the laws of the State of Texas."),
    Topic("liability", "liability and indemnity",
          (r"liabilit\w*", r"liable", r"indemni\w*", r"hold harmless", r"disclaim\w*"),
          (r"warrant(?:y|ies)", r"damages"),
          "Our total liability is limited to the amount you paid us in the last 12 months."),
    Topic("termination", "termination and suspension",
          (r"terminat\w*", r"suspen\w*", r"(?:close|disable|cancel) your (?:account|subscription)",
           r"deactivat\w*"),
          (r"ban\w*", r"remove your account"),
          "We may suspend or terminate your account at any time for any reason."),
    Topic("renewal", "automatic renewal and cancellation",
          (r"auto(?:matic(?:ally)?)?[- ]?renew\w*", r"renew\w* automatically", r"renewal"),
          (r"cancel\w*", r"subscription term"),
          "Your subscription renews automatically unless you cancel 30 days before renewal."),
    Topic("fees", "fees and price changes",
          (r"fees?", r"prices?", r"pricing", r"charges?", r"billing", r"refunds?", r"non[- ]refundable"),
          (r"payments?", r"taxes", r"purchases?"),
          "We may change our prices at any time."),
    Topic("data-sharing", "data collection, sharing and sale",
          (r"share (?:your |such |this )?(?:personal )?(?:data|information) with", r"biometric\w*",
           r"sell (?:your )?(?:personal )?(?:data|information)",
           r"sale of (?:your )?(?:personal )?(?:data|information)",
           r"(?:advertising|marketing) partners", r"data brokers?", r"precise (?:geo)?location",
           r"disclose (?:your )?(?:\w+ ){0,2}(?:data|information|ip address\w*|phone numbers?|identity)",
           r"transfer\w* (?:your )?(?:personal )?(?:data|information) (?:to|outside)",
           r"outside (?:the )?(?:eu|eea|european (?:union|economic area))"),
          (r"personal (?:data|information)", r"third[- ]part(?:y|ies)", r"advertis\w*",
           r"collect(?:s|ed|ing|ion)?", r"affiliates", r"ip address\w*", r"phone numbers?",
           r"law enforcement", r"authorities", r"united states", r"data (?:center|centre)s?",
           r"(?:store|process)\w*(?: and (?:store|process)\w*)? (?:your )?(?:personal )?data"),
          "We share your personal data with advertising partners."),
    Topic("ai-training", "use of customer content, including training of AI models",
          (r"train\w*", r"machine learning", r"(?:ai|artificial intelligence|learning) models?"),
          (r"artificial intelligence", r"ai", r"generative", r"models?", r"algorithm\w*"),
          "We may use your content to train our machine learning models.",
          scope=(r"generative", r"(?:ai|artificial intelligence)", r"(?:foundation|language) models?",
                 r"products?", r"features?", r"affiliates?", r"third[- ]part(?:y|ies)", r"partners?",
                 r"any (?:other )?purposes?", r"other purposes?")),
    Topic("content-licence", "licence over user content",
          (r"royalty[- ]free", r"(?<!non-)(?<!non )sublicens\w*", r"(?<!non-)irrevocabl\w*", r"perpetual",
           r"licen[cs]e to (?:use|host|store|reproduce|publish|display|distribute|modify)"),
          (r"licen[cs]e", r"worldwide", r"intellectual property", r"your content", r"user content"),
          "You grant us a worldwide, royalty-free licence to use your content.",
          not_in=r"grants? you\b|licen[cs]e to you\b|licen[cs]e from\b",
          scope=(r"derivative works?", r"commerciali[sz]\w*", r"modify", r"adapt", r"translate",
                 r"distribute", r"publish", r"affiliates?", r"third[- ]part(?:y|ies)", r"partners?",
                 r"any (?:other )?purposes?", r"(?:now known or|hereafter) (?:known|developed|devised)",
                 r"(?:ai|artificial intelligence|machine learning)")),
    Topic("retention", "data retention, deletion and export",
          (r"retain\w*", r"retention", r"eras\w*",
           r"delete (?:your|the|such|any) (?:data|information|content)",
           r"(?:export|download) (?:a copy of )?your (?:data|content|information)", r"data portability"),
          (r"delet\w*", r"stor(?:e|ed|age) (?:your|the) "),
          "We retain your data for 5 years after your last login."),
    Topic("changes-clause", "changes to these terms",
          (r"(?:change|modify|update|revise|amend)s? (?:to )?(?:these|this|the) (?:terms|contract|agreement|"
           r"policy|privacy policy)", r"continu\w+ to use"),
          (r"from time to time",),
          "We may modify these terms from time to time; continued use means you accept."),
    Topic("notice", "notice periods",
          (r"(?:prior|advance|reasonable|written|days'?|\(\d+\) days'?) notice", r"notice period",
           r"notif(?:y|ies|ied) you", r"without notice", r"in advance"),
          (r"\bnotice\b", r"notif\w*", r"\d+ days"),
          "We will give you 30 days' notice before a change takes effect."),
    Topic("age", "age limits",
          (r"minimum age", r"years? (?:of age|old)", r"under (?:the age of )?1[3-8]", r"parental consent",
           r"(?:1[3-9]|2[01]) (?:years )?(?:or|and) older", r"at least 1[3-9]", r"age of (?:1[3-9]|2[01])"),
          (r"minors?", r"children"),
          "You must be at least 16 years old to use the services."),
    Topic("acceptable-use", "acceptable use, scraping and automated access",
          (r"scrap(?:e|es|ed|ing|ers?)", r"crawl(?:s|ed|ing|ers?)?", r"spiders?", r"data mining",
           r"harvest(?:s|ed|ing)?", r"automated (?:means|systems?|tools?|access|queries|scripts?|software)",
           r"reverse[- ]engineer\w*", r"prohibited (?:uses?|conduct|activit\w*)"),
          (r"acceptable use", r"rate limits?", r"robots\.txt", r"(?:ro)?bots?", r"misuse", r"abus\w*"),
          "You may not scrape, crawl or use automated means to access the services."),
    Topic("ai-content", "rules on AI-generated content",
          (r"ai[- ](?:generated|created|produced)", r"synthetic (?:media|content|images?|videos?|audio)",
           r"deep ?fakes?", r"manipulated media",
           r"(?:generated|created|produced|made) (?:by|with|using) "
           r"(?:an? )?(?:ai|artificial intelligence|generative)",
           r"(?:ai|generative ai) outputs?", r"outputs? (?:generated|produced|created)"),
          (r"outputs?", r"prompts?", r"label\w*", r"watermark\w*"),
          "You must label AI-generated content you post."),
)
"""Order matters only for ties: the earlier topic wins."""

ARRIVAL_TAKES = frozenset({"arbitration", "ai-training", "content-licence", "data-sharing", "acceptable-use"})
"""Topics whose clause itself takes from the customer: a strong word appearing in a passage that
had none is breaking, and the clause leaving the document (its strong words gone from the passage
and from the whole) gives back, so that change is `info`."""

PROVIDER_GAINS: tuple[str, ...] = (
    r"we may (?:\w+ )?(?:change|modify|update|revise|amend|increase|suspend|terminate|remove|discontinue|"
    r"share|sell|disclose|transfer|assign|use your|use the content)",
    r"(?:suspend|terminat|chang|modif|remov|discontinu|delet|revok|cancel)\w*(?: \S+){0,5} at any time",
    r"without (?:prior )?notice", r"sole discretion", r"for any (?:other )?reason", r"irrevocabl\w*",
    r"perpetual", r"royalty[- ]free", r"(?<!non-)sublicens\w*", r"you (?:\w+ )?waive\w*",
    r"waive\w* (?:your|the|any) right", r"sell", r"train\w*",
    r"share (?:your|it|them|such)", r"renew\w* automatically", r"auto(?:matic(?:ally)?)?[- ]?renew\w*",
    r"non[- ]refundable", r"no refunds?", r"without (?:restriction|your consent|your permission)",
    r"not (?:sell|share|use|disclose)\w*[^.;]{0,80}?\bexcept\b",
)
"""Inserted into a topical passage, these widen the provider's rights: breaking."""

CUSTOMER_RIGHTS: tuple[str, ...] = (
    r"(?:prior|advance|reasonable|written|days'?|\(\d+\) days'?) notice", r"notify you", r"refunds?",
    r"opt[- ]out", r"your (?:prior |express )?consent", r"(?:based on|with) (?:your )?consent",
    r"we (?:will|shall|do) not", r"(?:does|do|will) not (?:use|sell|share|disclose|rent|train)",
    r"do not sell", r"right to (?:object|opt|delete|access|cancel|terminate|request|a refund|erasure|"
    r"withdraw|port|correct)", r"\d+ days", r"in advance",
    r"you may (?:cancel|terminate|delete|object|request|opt)", r"small claims", r"not be used",
    r"(?:export|download) (?:a copy of )?your (?:data|content|information)",
)
"""Deleted from a topical passage, these took a protection from the customer: breaking."""


def _compile(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(rf"(?<!\w)(?:{p})(?!\w)" for p in patterns))


@dataclass(frozen=True)
class _Patterns:
    """The topic table compiled: 60 ms of regular expressions, paid by the first terms
    comparison rather than by every command that lists the rules."""

    strong: dict[str, re.Pattern[str]]
    context: dict[str, re.Pattern[str]]
    not_in: dict[str, re.Pattern[str]]
    scope: dict[str, re.Pattern[str]]
    gains: tuple[re.Pattern[str], ...]  # one each: `we may change ... at any time`
    rights: tuple[re.Pattern[str], ...]  # one each: it holds two phrases that overlap


@cache
def _rx() -> _Patterns:
    return _Patterns(strong={t.id: _compile(t.strong) for t in TOPICS},
                     context={t.id: _compile(t.context) for t in TOPICS},
                     not_in={t.id: re.compile(t.not_in) for t in TOPICS if t.not_in},
                     scope={t.id: _compile(t.scope) for t in TOPICS if t.scope},
                     gains=tuple(_compile((p,)) for p in PROVIDER_GAINS),
                     rights=tuple(_compile((p,)) for p in CUSTOMER_RIGHTS))
_DENIAL = re.compile(
    r"(?=n)(?:\bnot|\bnever|n't)\s+(?:\S+\s+){0,2}?(?:use|sell|share|train|disclose|rent|licen[cs]e)")
"""A clause that denies a use: `does not use`, `will never sell`, `won't share`."""
_CLAUSE_START = re.compile(r"(?=[.;:!?bhue])(?:[.;:!?]\s|\b(?:but|however|except|unless)\b)")
"""Where a clause ends. The lookaheads on the first character (here and in `_DENIAL`) let the
engine skip most positions at once: a whole document is scanned once, in a few milliseconds."""
BY_ID = {t.id: t for t in TOPICS}


_CUSTOMER_MAY = re.compile(r"\byou (?:may|can|wish to|want to|are free to|have the right to)\b")
"""`You may cancel at any time`: the power is the customer's, not the provider's."""


CLAUSE_REACH = 400
"""How far back from a word its clause is looked for: a clause boundary further back, or none,
counts as this many characters back, so each word costs the same however long its paragraph."""


class Text:
    """A lower-case text and where its clauses, denials and sentences are, each found once on
    first need. Every word looked up asks these: searching the window before each word, or an
    `lru_cache` keyed by the text (which compares the whole text on every hit), made each word
    cost the length of its passage."""

    __slots__ = ("_boundaries", "_denials", "_sentences", "low")

    def __init__(self, low: str) -> None:
        self.low = low
        self._boundaries: list[int] | None = None
        self._denials: tuple[list[int], list[int]] | None = None
        self._sentences: _Sentences | None = None

    def boundaries(self) -> list[int]:
        """Where each clause starts (the end of every clause boundary)."""
        if self._boundaries is None:
            self._boundaries = [m.end() for m in _CLAUSE_START.finditer(self.low)]
        return self._boundaries

    def denials(self) -> tuple[list[int], list[int]]:
        """The starts and the ends of every denial."""
        if self._denials is None:
            found = [(m.start(), m.end()) for m in _DENIAL.finditer(self.low)]
            self._denials = ([a for a, _ in found], [b for _, b in found])
        return self._denials

    def sentences(self) -> _Sentences:
        if self._sentences is None:
            periods, ends = [], []
            for m in _SENTENCE_END.finditer(self.low):
                ends.append(m.start())
                if m.group(0) == ". ":
                    periods.append(m.start())
            self._sentences = _Sentences(periods, ends, {})
        return self._sentences


def _clause_start(t: Text, start: int) -> int:
    """The start of the clause holding position `start`: the last boundary before it, but no
    further back than CLAUSE_REACH."""
    ends = t.boundaries()
    k = bisect.bisect_right(ends, start) - 1
    floor = max(0, start - CLAUSE_REACH)
    return max(floor, ends[k]) if k >= 0 else floor


def _denied(t: Text, start: int) -> bool:
    """Whether the clause holding position `start` denies a use before that position: the first
    denial starting in the clause must end before `start` (denials do not overlap, so a later
    one ends later)."""
    starts, ends = t.denials()
    k = bisect.bisect_left(starts, _clause_start(t, start))
    return k < len(starts) and ends[k] <= start


_SENTENCE_END = re.compile(r"[.;] ")


@dataclass
class _Sentences:
    """Where the sentences of one text end, and which of them a `not_in` matches."""

    periods: list[int]
    """Positions of every `. `."""
    ends: list[int]
    """Positions of every `. ` or `; `."""
    skipped: dict[tuple[str, int], bool]
    """(topic id, sentence start) -> whether the sentence matches the topic's `not_in`."""


def _in_skipped_sentence(topic_id: str, t: Text, start: int) -> bool:
    """Whether the sentence holding position `start` (from `; ` to `. `) matches the topic's `not_in`."""
    index = t.sentences()
    k = bisect.bisect_left(index.ends, start)  # the last `. ` or `; ` starting before `start`
    left = index.ends[k - 1] + 1 if k else 0
    if (topic_id, left) not in index.skipped:
        k = bisect.bisect_left(index.periods, start)  # the first `. ` at or after `start`
        right = index.periods[k] if k < len(index.periods) else len(t.low)
        index.skipped[topic_id, left] = bool(_rx().not_in[topic_id].search(t.low, left, right))
    return index.skipped[topic_id, left]


def triggers(text: str) -> dict[str, list[str]]:
    """Topic id -> the distinct trigger words (strong and context) in `text`, in order of first use."""
    low = text.lower()
    found: dict[str, list[str]] = {}
    for topic in TOPICS:
        # Strong and context words are searched apart: `30 days` must not hide `days' notice`.
        hits = sorted((m.start(), m.group(0)) for rx in (_rx().strong[topic.id], _rx().context[topic.id])
                      for m in rx.finditer(low))
        if hits:
            found[topic.id] = list(dict.fromkeys(word for _, word in hits))
    return found


def strong(text: str) -> dict[str, list[str]]:
    """Topic id -> the strong words in `text` that count: not in a denial, not in a `not_in` sentence."""
    t = Text(text.lower())
    found: dict[str, list[str]] = {}
    for topic in TOPICS:
        words = [m.group(0) for m in _rx().strong[topic.id].finditer(t.low)
                 if _counts_as_strong(topic.id, t, m.start())]
        if words:
            found[topic.id] = list(dict.fromkeys(words))
    return found


def scope(text: str, topic_id: str) -> list[str]:
    """The scope words of `topic_id` in `text` (repeats kept, so that counts compare), leaving out
    those in a clause that denies a use (`not ... to train third-party models`)."""
    if topic_id not in _rx().scope:
        return []
    t = Text(text.lower())
    return [m.group(0) for m in _rx().scope[topic_id].finditer(t.low) if not _denied(t, m.start())]


_ENDING = re.compile(r"(?:ing|ions?|ors?|ers?|ed|es|e|s)$")


def stem(word: str) -> str:
    """A strong word without its ending, so that `scrape`, `scraping` and `scrapers` (or
    `arbitrate` and `arbitration`) count as one when a clause is rewritten in other words. Only
    the last word of a phrase loses its ending, so a stem is always the start of its word."""
    head, space, last = word.rpartition(" ")
    return head + space + (_ENDING.sub("", last) or last)


def holds_strong(text: str, topic_id: str) -> bool:
    """Whether `text` has a strong word of `topic_id` that counts (stops at the first)."""
    t = Text(text.lower())
    return any(_counts_as_strong(topic_id, t, m.start()) for m in _rx().strong[topic_id].finditer(t.low))


def count_stem(t: Text, topic_id: str, word_stem: str) -> int:
    """How often a strong word of `topic_id` with stem `word_stem` occurs in `t` where it counts.
    The stem is found by a literal search and the topic's pattern is only tried there: running
    the pattern over a whole document costs several times the comparison."""
    low = t.low
    rx, n, pos = _rx().strong[topic_id], 0, low.find(word_stem)
    while pos >= 0:
        m = rx.match(low, pos) if pos == 0 or not _is_word(low[pos - 1]) else None
        if m and stem(m.group(0)) == word_stem and _counts_as_strong(topic_id, t, pos):
            n += 1
        pos = low.find(word_stem, m.end() if m else pos + 1)
    return n


def _counts_as_strong(topic_id: str, t: Text, start: int) -> bool:
    skip = topic_id in _rx().not_in and _in_skipped_sentence(topic_id, t, start)
    return not skip and not _denied(t, start)


def _counts_as_gain(t: Text, start: int) -> bool:
    return not _denied(t, start) and not _CUSTOMER_MAY.search(t.low, _clause_start(t, start), start)


def count(t: Text, phrase: str, *, gain: bool = False, topic: str | None = None,
          undenied: bool = False) -> int:
    """How often the lower-case `phrase` (a word or phrase found by the functions here) occurs in
    `t` as a gain (`gain=True`), a strong word of `topic`, outside a denial
    (`undenied=True`, for scope words), or at all.

    Counting one known phrase is a literal search, far faster on a whole document than running
    every pattern of the table over it.
    """
    low = t.low
    n, start, size = 0, low.find(phrase), len(phrase)
    while start >= 0:
        end = start + size
        whole = (start == 0 or not _is_word(low[start - 1])) and (end == len(low) or not _is_word(low[end]))
        if whole and (not gain or _counts_as_gain(t, start)) and (
                topic is None or _counts_as_strong(topic, t, start)) and (
                not undenied or not _denied(t, start)):
            n += 1
        start = low.find(phrase, end if whole else start + 1)  # as a regex would: no overlaps
    return n


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def gains(text: str) -> list[str]:
    """Every provider-power phrase in `text` (repeats kept, so that counts compare), leaving out
    those in a clause that denies them or gives them to the customer (`you may ...`)."""
    t = Text(text.lower())
    return [m.group(0) for rx in _rx().gains for m in rx.finditer(t.low) if _counts_as_gain(t, m.start())]


def rights(text: str) -> list[str]:
    """Every customer-protection phrase in `text` (repeats kept)."""
    low = text.lower()
    return [m.group(0) for rx in _rx().rights for m in rx.finditer(low)]


_MONEY = re.compile(r"(?:[$€£]\s?|\b(?:usd|eur|gbp)\s)(\d[\d,]*(?:\.\d+)?)"
                    r"|(?<![\d,])(\d[\d,]*(?:\.\d+)?)\s?(?:usd|eur|gbp|dollars|euros)\b")
"""A sum before or after its currency. The second form starts only where a number starts (not
right after a digit or a comma): from every digit of a long number it rescanned the rest of the
number (quadratic)."""


def amounts(text: str) -> list[Decimal]:
    """The sums of money named in `text` (`$100`, `USD 1,000`, `50 euros`), for caps and fees."""
    out = []
    for m in _MONEY.finditer(text.lower()):
        digits = (m.group(1) or m.group(2)).replace(",", "")
        try:
            out.append(Decimal(digits))
        except InvalidOperation:  # pragma: no cover - the pattern only lets numbers through
            continue
    return out


WORSE_WHEN = {"liability": "fell", "fees": "rose"}
"""For these topics, the largest sum named moving this way takes something from the customer:
a lower liability cap, a higher fee."""


_PLACE = re.compile(
    r"(?:laws? of|courts? (?:located )?in|courts? of|venue (?:in|of)|jurisdiction of)\s+"
    r"(?:the\s+)?(?:state of\s+|commonwealth of\s+|republic of\s+)?"
    r"(?P<place>[a-z]+(?: [a-z]+)?)")
_NOT_PLACES = frozenset({"the", "your", "any", "a", "an", "that", "which", "such", "this", "these", "its",
                         "law", "competent", "applicable", "other", "each", "all", "country", "state",
                         "united states", "united kingdom", "england and"})
_PLACE_WORDS = frozenset({"county", "district", "courts", "and", "excluding", "without", "with", "or",
                          "in", "to", "for", "as", "shall", "will", "apply", "applies", "govern",
                          "governs", "including", "regardless", "notwithstanding"})


def places(text: str) -> list[str]:
    """The places named as governing law or venue (`laws of the State of Texas` -> `texas`)."""
    out = []
    for m in _PLACE.finditer(text.lower()):
        words = m.group("place").split()
        if len(words) == 2 and words[1] in _PLACE_WORDS:
            words = words[:1]
        place = " ".join(words)
        if place not in _NOT_PLACES and words[0] not in _NOT_PLACES:
            out.append(place)
    return list(dict.fromkeys(out))
