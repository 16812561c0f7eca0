"""Compare two versions of a terms document: sections paired, sentences diffed, passages classified.

Pairing runs in four passes so that moved and renamed sections pair instead of showing as a
removal plus an addition: (1) the same normalised heading path; (2) the same normalised heading
under another parent (a move); (3) the most similar body among the rest (difflib ratio >= 0.6;
a rename when the heading differs); (4) the only old and new sections left between the same
paired neighbours, when their bodies are still somewhat alike (ratio >= 0.25: rewritten in
place). Paired sections whose order changed are reported as moved.
Inside a pair, difflib on the sentence lists gives the changed passages; sentences found as
often in the whole old document as in the whole new one moved and are left out. Each passage is
classified by `topics.py` and reported with the words that triggered it.

What is found is a `Finding` naming its rule (`rules.py`) with its facts as data: the section
title, the trigger words, the clause that decided the level; `judge` makes the sentence.
"""

from __future__ import annotations

import bisect
import difflib
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..finding import Finding, judge
from ..load import git
from ..load.source import Stdin, looks_like_path, read_bytes
from ..model import Level, Report
from ..rule import Rule
from ..words import Listing, Phrase, Term
from . import diffing, topics
from .document import Section, parse_sections
from .rules import (
    EDITORIAL,
    IN_SECTION,
    NO_CLAUSE,
    SECTION_ADDED,
    SECTION_MOVED,
    SECTION_REMOVED,
    SECTION_RENAMED,
    TOPIC_RULES,
    Clause,
)

MAX_BYTES = 16 * 1024 * 1024
"""Largest terms document read by default (real ones are below 1 MB)."""
SIMILAR = 0.6
"""Body similarity from which two unpaired sections are the same section moved or renamed."""
SLOT_SIMILAR = 0.25
"""Body similarity from which the only two unpaired sections between the same neighbours pair."""
SHORTEN = 300

_WORD = re.compile(r"[\w']+")


def read_text(source: Any, *, max_bytes: int = MAX_BYTES) -> tuple[str, str | None]:
    """The text of `source` and its kind from the file name (None: detect from the text).

    `source` is a path, `git:REF:PATH`, or the document text itself.
    """
    if isinstance(source, bytes):
        return _decode(source, "<bytes>"), None
    if isinstance(source, Stdin):
        return _decode(source.raw, "-"), None
    if isinstance(source, str) and source.startswith(git.PREFIX):
        place = git.parse(source)
        return _decode(git.read(place, max_bytes, source), source), _kind_of(place.path)
    if isinstance(source, os.PathLike) or (isinstance(source, str) and looks_like_path(source)):
        path = Path(source)
        return _decode(read_bytes(path, str(path), max_bytes), str(path)), _kind_of(path.name)
    if isinstance(source, str):
        if len(source.encode("utf-8", "replace")) > max_bytes:
            raise InputError("<string>", f"is over the limit of {max_bytes:,} bytes")
        return source, None
    raise InputError("<input>", f"cannot read a {type(source).__name__} as a terms document")


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(name, f"is not UTF-8 text (byte {exc.start})") from None


def _kind_of(name: str) -> str | None:
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    return {"md": "markdown", "markdown": "markdown", "txt": "text", "text": "text", "html": "html",
            "htm": "html", "xhtml": "html"}.get(suffix)


def load_sections(source: Any, *, max_bytes: int = MAX_BYTES) -> list[Section]:
    """Sections of a path, `git:REF:PATH`, text, or an already parsed list of sections."""
    if isinstance(source, list):
        if not all(isinstance(section, Section) for section in source):
            raise InputError("<list>", "is not a list of terms sections")
        return source
    text, kind = read_text(source, max_bytes=max_bytes)
    return parse_sections(text, kind)


def compare_terms(old: Any, new: Any, *, max_bytes: int = MAX_BYTES) -> Report:
    """Report how a terms document changed: sections added, removed, moved, renamed, and passages."""
    a, b = load_sections(old, max_bytes=max_bytes), load_sections(new, max_bytes=max_bytes)
    return Report.from_changes([judge(finding) for finding in terms_findings(a, b)])


def terms_findings(a: list[Section], b: list[Section]) -> list[Finding]:
    """What changed between the sections of two versions, as findings to judge."""
    pairs, gone, added = pair_sections(a, b)
    ctx = _Context(a, b)
    found: list[Finding] = []
    for i in gone:
        sec = a[i]
        passages = _passages(sec, list(sec.sentences), [], ctx)
        found.append(_removed_section(sec, passages))
        found += passages
    for j in added:
        sec = b[j]
        found.append(_section(SECTION_ADDED, sec, after=_short(sec.text)))
        found += _passages(sec, [], list(sec.sentences), ctx)
    moved = _moved(pairs)
    for i, j in pairs:
        s, t = a[i], b[j]
        renamed = s.heading != t.heading and s.key.rsplit(" > ", 1)[-1] != t.key.rsplit(" > ", 1)[-1]
        if renamed:
            found.append(_section(SECTION_RENAMED, t, s.title, t.title))
        elif (i, j) in moved or s.key != t.key:
            found.append(_section(SECTION_MOVED, t, s.title, t.title))
        if s.sentences != t.sentences:
            found += _passages(t, list(s.sentences), list(t.sentences), ctx)
    return found


def _removed_section(sec: Section, passages: list[Finding]) -> Finding:
    """`terms.section.removed`, which is `info` when all the section held was a clause that took
    from customers (a dispute clause, a licence over their content): its removal gives back."""
    if passages and all(p.level is Level.INFO and p.rule is not EDITORIAL for p in passages):
        # A topic passage is only `info` when its clause left the document (see `classify`).
        names = Listing(tuple(dict.fromkeys(p.rule.scope for p in passages)), ",")
        return _section(SECTION_REMOVED, sec, before=_short(sec.text), level=Level.INFO,
                        reason=Clause("section-gave-back", {"topics": names}))
    return _section(SECTION_REMOVED, sec, before=_short(sec.text))


class _Context:
    """What the whole of both documents says, for judging one passage.

    A phrase that gives the provider power, or protects the customer, or a strong topic word,
    is only news if the document as a whole has more (or fewer) of it than before: otherwise
    the clause was moved and edited, not added or dropped.
    """

    def __init__(self, a: list[Section], b: list[Section]) -> None:
        self.moved = moved_sentences(a, b)
        self._low = tuple(topics.Text(". ".join(sec.text for sec in side).lower()) for side in (a, b))
        self._counts: dict[tuple[str, bool, str | None, bool], tuple[int, int]] = {}
        self._stem_counts: dict[tuple[str, str], tuple[int, int]] = {}

    def _count(self, phrase: str, gain: bool = False, topic: str | None = None,
               undenied: bool = False) -> tuple[int, int]:
        key = (phrase, gain, topic, undenied)
        if key not in self._counts:
            self._counts[key] = tuple(topics.count(low, phrase, gain=gain, topic=topic, undenied=undenied)
                                      for low in self._low)  # type: ignore[assignment]
        return self._counts[key]

    def new_gains(self, phrases: list[str]) -> list[str]:
        return [x for x in phrases if self._count(x, gain=True)[1] > self._count(x, gain=True)[0]]

    def lost_rights(self, phrases: list[str]) -> list[str]:
        return [x for x in phrases if self._count(x)[0] > self._count(x)[1]]

    def _stem_count(self, topic_id: str, word: str) -> tuple[int, int]:
        """How often the stem of strong word `word` occurs in each whole document (by stem: a
        clause that went from `scrape` in one section to `scraping` in another is the same)."""
        key = (topic_id, topics.stem(word))
        if key not in self._stem_counts:
            self._stem_counts[key] = tuple(topics.count_stem(low, topic_id, key[1])
                                           for low in self._low)  # type: ignore[assignment]
        return self._stem_counts[key]

    def new_strong(self, topic_id: str, words: list[str]) -> list[str]:
        """Strong words the whole new document has more of, by stem."""
        return [w for w in words if self._stem_count(topic_id, w)[1] > self._stem_count(topic_id, w)[0]]

    def gone_strong(self, topic_id: str, words: list[str]) -> list[str]:
        """Strong words the whole new document no longer has, by stem: a clause dropped from one
        passage but still in force elsewhere (an arbitration banner removed, the arbitration
        section kept) gives nothing back."""
        return [w for w in words if not self._stem_count(topic_id, w)[1]]

    def new_scope(self, words: list[str]) -> list[str]:
        return [w for w in words if self._count(w, undenied=True)[1] > self._count(w, undenied=True)[0]]


def moved_sentences(a: list[Section], b: list[Section]) -> frozenset[str]:
    """Sentences found as often in the old document as in the new one: wherever they went, their
    text did not change, so they are not reported (a clause moved to another section, or an
    OTA capture that put a heading in another place). A sentence found more often on one side
    (a clause copied into a second regional variant) is not among them."""
    old = Counter(x for sec in a for x in sec.sentences)
    new = Counter(x for sec in b for x in sec.sentences)
    return frozenset(x for x, n in old.items() if new.get(x) == n)


def pair_sections(a: list[Section], b: list[Section]
                  ) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """(old index, new index) pairs, then the unpaired old and new indexes."""
    pairs: list[tuple[int, int]] = []
    left, right = set(range(len(a))), set(range(len(b)))

    def by(keyf: Any) -> None:
        ka = Counter(keyf(a[i]) for i in left)
        kb = Counter(keyf(b[j]) for j in right)
        first = {keyf(b[j]): j for j in sorted(right, reverse=True)}
        for i in sorted(left):
            k = keyf(a[i])
            if ka[k] == 1 and kb[k] == 1:
                pairs.append((i, first[k]))
        for i, j in pairs:
            left.discard(i)
            right.discard(j)

    by(lambda s: s.key)
    _pair_duplicates(a, b, left, right, pairs)
    by(lambda s: s.key.rsplit(" > ", 1)[-1] if s.path else "")
    candidates = []
    words_b = {j: _words(b[j].text) for j in right}
    for i, near in _similarity_candidates(sorted(left), sorted(right)):
        words_a = _words(a[i].text)
        for j in near:
            if not words_a or not words_b[j]:
                continue
            m = difflib.SequenceMatcher(None, words_a, words_b[j], autojunk=False)
            if m.real_quick_ratio() >= SIMILAR and m.quick_ratio() >= SIMILAR:
                ratio = diffing.ratio(words_a, words_b[j])
                if ratio >= SIMILAR:
                    candidates.append((-ratio, i, j))
    for _, i, j in sorted(candidates):
        if i in left and j in right:
            pairs.append((i, j))
            left.discard(i)
            right.discard(j)
    _pair_in_place(a, b, left, right, pairs)
    return sorted(pairs), sorted(left), sorted(right)


PAIR_BUDGET = 250_000
"""Old x new unpaired sections compared by body at most; past it each old section is compared
with the `NEAREST` unpaired new sections around its own place only (thousands of renamed
sections made the comparison quadratic)."""
NEAREST = 64


def _similarity_candidates(left: list[int], right: list[int]) -> list[tuple[int, list[int]]]:
    """(old index, the new indexes to compare it with), both sorted."""
    if len(left) * len(right) <= PAIR_BUDGET:
        return [(i, right) for i in left]
    out = []
    for rank, i in enumerate(left):
        mid = rank * len(right) // len(left)
        lo = max(0, min(mid - NEAREST // 2, len(right) - NEAREST))
        out.append((i, right[lo:lo + NEAREST]))
    return out


def _pair_in_place(a: list[Section], b: list[Section], left: set[int], right: set[int],
                   pairs: list[tuple[int, int]]) -> None:
    """A section rewritten under a new heading still sits where it was: when exactly one old and
    one new section are left between the same two paired neighbours, and their text still shares
    a fair part (ratio >= SLOT_SIMILAR), they are one section renamed and rewritten."""
    anchors = sorted(pairs)
    anchor_olds = [p[0] for p in anchors]
    olds_left, news_left = sorted(left), sorted(right)
    for i in list(olds_left):
        k = bisect.bisect_left(anchor_olds, i)
        lo_a, lo_b = anchors[k - 1] if k else (-1, -1)
        k = bisect.bisect_right(anchor_olds, i)
        hi_a, hi_b = anchors[k] if k < len(anchors) else (len(a), len(b))
        olds = _between(olds_left, lo_a, hi_a)
        news = _between(news_left, lo_b, hi_b)
        if len(olds) == 1 and len(news) == 1 and _ratio(a[i].text, b[news[0]].text) >= SLOT_SIMILAR:
            pairs.append((i, news[0]))
            left.discard(i)
            right.discard(news[0])
            olds_left.remove(i)
            news_left.remove(news[0])


def _between(items: list[int], lo: int, hi: int) -> list[int]:
    """The items of sorted `items` strictly between `lo` and `hi`; at most two (one is all we need
    to know), found by bisection rather than a scan (many unpaired sections were quadratic)."""
    start = bisect.bisect_right(items, lo)
    return [x for x in items[start:start + 2] if x < hi]


def _ratio(x: str, y: str) -> float:
    return diffing.ratio(_words(x), _words(y))


def _pair_duplicates(a: list[Section], b: list[Section], left: set[int], right: set[int],
                     pairs: list[tuple[int, int]]) -> None:
    """Repeated headings (two `Definitions`) pair in order of appearance."""
    groups: dict[str, tuple[list[int], list[int]]] = {}
    for i in sorted(left):
        groups.setdefault(a[i].key, ([], []))[0].append(i)
    for j in sorted(right):
        if b[j].key in groups:
            groups[b[j].key][1].append(j)
    for olds, news in groups.values():
        for i, j in zip(olds, news, strict=False):
            pairs.append((i, j))
            left.discard(i)
            right.discard(j)


def moved_pairs(pairs: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The pairs of `pair_sections` that `compare_terms` reports as moved because their order changed."""
    return _moved(pairs)


def _moved(pairs: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """Pairs outside a longest run of pairs in the same order on both sides (a longest increasing
    subsequence of the new indexes taken in old order, by patience sorting: O(n log n), where
    difflib's matching took seconds on a few thousand interleaved sections)."""
    ordered = sorted(pairs)
    tails: list[int] = []  # tails[k]: new index ending the best run of length k + 1
    ends: list[int] = []  # ends[k]: position in `ordered` of that pair
    back = [-1] * len(ordered)
    for pos, (_, j) in enumerate(ordered):
        k = bisect.bisect_left(tails, j)
        back[pos] = ends[k - 1] if k else -1
        if k == len(tails):
            tails.append(j)
            ends.append(pos)
        else:
            tails[k], ends[k] = j, pos
    kept: set[int] = set()
    pos = ends[-1] if ends else -1
    while pos >= 0:
        kept.add(pos)
        pos = back[pos]
    return {p for n, p in enumerate(ordered) if n not in kept}


def _section(rule: Rule, sec: Section, before: Any = None, after: Any = None, *,
             reason: Clause = NO_CLAUSE, level: Level | None = None) -> Finding:
    """A section added, removed, moved or renamed (`before` and `after` are its old and new
    titles when it moved or was renamed, its text when it was removed or added)."""
    facts: dict[str, Any] = {"item": sec.title, "reason": reason}
    if rule is SECTION_MOVED or rule is SECTION_RENAMED:
        facts |= {"before": before, "after": after}
    return Finding(rule, f"section:{sec.title}", facts=facts, before=before, after=after,
                   item=sec.title, level=level)


def _passages(sec: Section, old: list[str], new: list[str], ctx: _Context | None = None) -> list[Finding]:
    """One change per run of changed sentences in a section, leaving out sentences that moved."""
    out = []
    for op, i1, i2, j1, j2 in diffing.opcodes(old, new):
        if op == "equal":
            continue
        moved = ctx.moved if ctx else frozenset()
        before = [x for x in old[i1:i2] if x not in moved]
        after = [x for x in new[j1:j2] if x not in moved]
        if before or after:
            out.append(classify(sec, " ".join(before), " ".join(after), ctx))
    return out


def _words(text: str) -> list[str]:
    """Lower-case words; apostrophes do not count (`entity''s` fixed to `entity's` is no new word)."""
    return [w.replace("'", "") for w in _WORD.findall(text.lower())]


def classify(sec: Section, before: str, after: str, ctx: _Context | None = None) -> Finding:
    """The topic and level of one changed passage, with the words that decided them.

    With `ctx` (the whole documents), a gain, a lost protection or a new clause counts only
    if the document as a whole changed that way too.
    """
    if _words(before) == _words(after):  # no word inserted or deleted
        return _editorial(sec, before, after, "only-case")
    old_t, new_t = topics.triggers(before), topics.triggers(after)
    found = {k: list(dict.fromkeys(old_t.get(k, []) + new_t.get(k, []))) for k in [*old_t, *new_t]}
    if not found:
        return _editorial(sec, before, after, "no-topic")
    old_s, new_s = topics.strong(before), topics.strong(after)
    gained = _more(topics.gains(after), topics.gains(before))
    lost = _more(topics.rights(before), topics.rights(after))
    if ctx:
        gained, lost = ctx.new_gains(gained), ctx.lost_rights(lost)
    old_places, new_places = topics.places(before), topics.places(after)
    moved_to = _minus(new_places, old_places) if old_places else []
    reasons: dict[str, Clause] = {}
    for topic_id in found:
        arrived = new_s.get(topic_id, []) if topic_id not in old_s else []
        if ctx and arrived:
            arrived = ctx.new_strong(topic_id, arrived)
        if topic_id in topics.ARRIVAL_TAKES and arrived:
            reasons[topic_id] = Clause("arrived", {"words": _listing(arrived)})
        elif topic_id == "governing-law" and moved_to:
            reasons[topic_id] = Clause("place-moved", {"old": _listing(old_places),
                                                       "new": _listing(new_places)})
        elif (topic_id in topics.WORSE_WHEN and (moved := _sum_moved(before, after))
              and moved[0] == topics.WORSE_WHEN[topic_id]):
            reasons[topic_id] = Clause("sum-moved", {"direction": moved[0], "old": moved[1],
                                                     "new": moved[2]})
        elif topic_id in old_s and topic_id in new_s and (wider := _widened(topic_id, before, after, ctx)):
            reasons[topic_id] = Clause("widened", {"words": _listing(wider)})
    order = {t.id: n for n, t in enumerate(topics.TOPICS)}
    strong_words = {k: set(old_s.get(k, [])) | set(new_s.get(k, [])) for k in found}
    lead = min(found, key=lambda k: (k not in reasons, not strong_words[k], -len(strong_words[k]), order[k]))
    strong = bool(strong_words[lead])
    why = reasons.get(lead)
    gone = _gone(lead, old_s, new_s, ctx) if why is None and not gained else []
    if gone:
        rest = _sentences_of(lead, before, holding=False)
        if any(k != lead for k in topics.strong(rest)):
            gone = []  # the passage also held clauses on other topics, and they went too
        else:  # the protections written into the clause (an opt-out of arbitration) went with it
            lost = _more(topics.rights(rest), topics.rights(after))
            if ctx:
                lost = ctx.lost_rights(lost)
    if why is None and strong and (gained or lost):
        why = Clause("gained-and-lost" if gained and lost else "gained" if gained else "lost",
                     {"gained": _listing(gained), "lost": _listing(lost)})
    others = [topics.BY_ID[k].name for k in found if k != lead]
    level = Level.BREAKING if why is not None else Level.INFO if gone else Level.WARNING
    if level is Level.INFO:
        why = Clause("gone", {"words": _listing(gone)})
    return Finding(TOPIC_RULES[lead], f"section:{sec.title}", item=sec.title, level=level, facts={
        "item": sec.title, "place": _place(sec), "words": _listing(found[lead]),
        "reason": why or NO_CLAUSE,
        "others": Clause("others", {"topics": _listing(others)}) if others else NO_CLAUSE},
        before=_clip(before, after), after=_clip(after, before))


def _place(sec: Section) -> Phrase | Term:
    """Where a passage is, as customers read it: `section Refunds`, or the opening part for
    text before the first heading (the reviewer's `(top)`)."""
    return Phrase(IN_SECTION, {"item": sec.title}) if sec.path else Term("start-of-terms")


def _listing(words: list[str]) -> Listing:
    """Words or phrases as the sentence lists them: `a, b, c`."""
    return Listing(tuple(words), ",")


def _widened(topic_id: str, before: str, after: str, ctx: _Context | None) -> list[str]:
    """The scope words a clause kept in both versions newly names (`train our models` ->
    `train our models and our affiliates' generative AI products`), in the sentences that hold
    the clause, if it names none fewer times and the whole document names them more often too."""
    if not topics.BY_ID[topic_id].scope:
        return []
    old = topics.scope(_sentences_of(topic_id, before), topic_id)
    new = topics.scope(_sentences_of(topic_id, after), topic_id)
    if _more(old, new):
        return []  # a scope word dropped too (`modify` became `prepare derivative works`): a rewrite
    wider = _more(new, old)
    return ctx.new_scope(wider) if ctx and wider else wider


def _gone(topic_id: str, old_s: dict[str, list[str]], new_s: dict[str, list[str]],
          ctx: _Context | None) -> list[str]:
    """The strong words of a clause that takes from customers (`ARRIVAL_TAKES`) when the passage
    had them and has none now, and the whole new document has none of them either: the clause
    was dropped, not moved or kept elsewhere."""
    if topic_id not in topics.ARRIVAL_TAKES or topic_id in new_s or topic_id not in old_s:
        return []
    words = old_s[topic_id]
    if ctx and ctx.gone_strong(topic_id, words) != words:
        return []  # some of it is still in force elsewhere: nothing certain was given back
    return words


_SENTENCE = re.compile(r"(?<=[.;!?])\s+")


def _sentences_of(topic_id: str, text: str, *, holding: bool = True) -> str:
    """The sentences of `text` that hold a strong word of `topic_id` (the clause), or with
    `holding=False` the others."""
    return " ".join(x for x in _SENTENCE.split(text) if topics.holds_strong(x, topic_id) is holding)


def _sum_moved(before: str, after: str) -> tuple[str, str, str] | None:
    """(`rose`/`fell`, old, new) when the largest sum of money named in a passage changed."""
    old, new = topics.amounts(before), topics.amounts(after)
    if not old or not new or max(old) == max(new):
        return None
    return ("rose" if max(new) > max(old) else "fell", f"{max(old):,}", f"{max(new):,}")


def _editorial(sec: Section, before: str, after: str, why: str) -> Finding:
    """A wording change on no sensitive topic; `why` is the key of its clause in `CLAUSES`."""
    return Finding(EDITORIAL, f"section:{sec.title}", item=sec.title,
                   facts={"item": sec.title, "place": _place(sec), "reason": Clause(why)},
                   before=_clip(before, after), after=_clip(after, before))


def _more(a: list[str], b: list[str]) -> list[str]:
    """The phrases found more often in `a` than in `b`."""
    ca, cb = Counter(a), Counter(b)
    return [x for x in ca if ca[x] > cb.get(x, 0)]


def _minus(a: list[str], b: list[str]) -> list[str]:
    return [x for x in a if x not in b]


def _clip(text: str, other: str) -> str | None:
    """`text` shortened to about SHORTEN characters, starting shortly before it differs from `other`."""
    if not text:
        return None
    same = next((k for k, (x, y) in enumerate(zip(text, other, strict=False)) if x != y),
                min(len(text), len(other)))
    start = max(0, min(same - 80, len(text) - SHORTEN)) if len(text) > SHORTEN else 0
    return ("…" if start else "") + _short(text[start:])


def _short(text: str) -> str:
    return text if len(text) <= SHORTEN else text[:SHORTEN - 1].rstrip() + "…"
