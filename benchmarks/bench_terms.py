"""Time `compare_terms` on a ~100-page terms document and a lightly edited copy.

The machines are noisy, so the result is a ratio measured in one run: the median time of a
full comparison (which reads and parses both files itself) divided by the median time of
just reading both files and splitting them into sections with `document.py`'s parser. The
goal of issue 5 is absolute, though: the comparison itself well under a second.

The document is built deterministically (seeded) from the sections of the real documents in
`../shared/corpus/terms/*/old.md`, concatenated under unique part headings until it has
`--pages` pages of 500 words (a synthetic generator stands in when the corpus is absent).
The copy has a dozen sentence edits, one section moved to another part, one renamed, and
every paragraph re-wrapped at another width.

    python benchmarks/bench_terms.py [--pages N] [--repeat N] [--json]
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import re
import statistics
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from nosurprises.terms.compare import compare_terms, read_text
from nosurprises.terms.document import parse_sections

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "terms"
WORDS_PER_PAGE = 500
SEED = 5
EDITS = 12


@dataclass
class Part:
    """One `##` part of the document: a corpus document (or synthetic text) under a unique title."""

    title: str
    sections: list[tuple[str, list[str]]] = field(default_factory=list)
    """`###` headings and their paragraphs."""


# --- building the document ------------------------------------------------------------------


def _corpus_parts() -> list[tuple[str, list[tuple[str, list[str]]]]]:
    """(name, sections) of every corpus `old.md`, sections with at least one paragraph."""
    out = []
    for path in sorted(CORPUS.glob("*/old.md")):
        sections = [(s.heading, list(s.blocks)) for s in parse_sections(path.read_text("utf-8"))
                    if s.blocks]
        if sections:
            out.append((path.parent.name, sections))
    return out


_VOCAB = ("we", "you", "your", "data", "account", "service", "may", "share", "content", "use",
          "license", "terms", "agree", "information", "partners", "law", "notice", "rights",
          "payment", "fees", "terminate", "access", "personal", "third", "parties", "dispute")


def _synthetic_parts(rng: random.Random, count: int) -> list[tuple[str, list[tuple[str, list[str]]]]]:
    """Stand-in documents of plausible terms-like sentences, for a machine without the corpus."""
    parts = []
    for p in range(count):
        sections = []
        for s in range(20):
            paras = []
            for _ in range(rng.randint(2, 5)):
                sentences = [" ".join(rng.choices(_VOCAB, k=rng.randint(8, 25))).capitalize() + "."
                             for _ in range(rng.randint(2, 6))]
                paras.append(" ".join(sentences))
            sections.append((f"Topic {s + 1}", paras))
        parts.append((f"synthetic-{p + 1}", sections))
    return parts


def build(pages: int, rng: random.Random) -> tuple[list[Part], str]:
    """Parts of corpus sections, in a seeded order, until the document has `pages` pages; the source."""
    corpus = _corpus_parts()
    source = corpus or _synthetic_parts(rng, 8)
    want = pages * WORDS_PER_PAGE
    parts: list[Part] = []
    words = 0
    copy = 0
    while words < want:
        copy += 1
        order = source[:]
        rng.shuffle(order)
        for name, sections in order:
            part = Part(f"Part {len(parts) + 1}: {name}" + (f" (copy {copy})" if copy > 1 else ""))
            seen: dict[str, int] = {}
            for heading, paras in sections:
                n = seen[heading] = seen.get(heading, 0) + 1  # unique headings within the part
                part.sections.append((heading if n == 1 else f"{heading} ({n})", list(paras)))
                words += sum(len(p.split()) for p in paras)
                if words >= want:
                    break
            parts.append(part)
            if words >= want:
                break
    return parts, "corpus" if corpus else "synthetic"


_INSERTS = ("We may share your personal data with our advertising partners.",
            "You agree to pay any fees we charge for the Services.",
            "We may terminate your account at any time without notice.",
            "This sentence was added for clarity.")


def edit(parts: list[Part], rng: random.Random) -> tuple[list[Part], dict[str, int]]:
    """A lightly edited copy: sentence edits, one section moved to another part, one renamed."""
    new = [Part(p.title, [(h, paras[:]) for h, paras in p.sections]) for p in parts]
    places = [(p, s) for p in range(len(new)) for s in range(len(new[p].sections))]
    for p, s in rng.sample(places, EDITS):
        heading, paras = new[p].sections[s]
        k = rng.randrange(len(paras))
        sentences = paras[k].split(". ")
        i = rng.randrange(len(sentences))
        kind = rng.randrange(3)
        if kind == 0:  # change a word
            words = sentences[i].split()
            words[rng.randrange(len(words))] = rng.choice(("may", "shall", "will not", "always"))
            sentences[i] = " ".join(words)
        elif kind == 1 and len(sentences) > 1:  # delete a sentence
            del sentences[i]
        else:  # insert one
            sentences.insert(i, rng.choice(_INSERTS).rstrip("."))
        paras[k] = ". ".join(sentences)
    # move one section to the end of another part
    src, dst = rng.sample(range(len(new)), 2)
    moved = new[src].sections.pop(rng.randrange(len(new[src].sections)))
    new[dst].sections.append(moved)
    # rename one section
    p = rng.randrange(len(new))
    s = rng.randrange(len(new[p].sections))
    heading, paras = new[p].sections[s]
    new[p].sections[s] = (f"{heading} and other matters", paras)
    return new, {"sentence_edits": EDITS, "moved": 1, "renamed": 1}


def render(parts: list[Part], width: int) -> str:
    """Markdown with `##` parts, `###` sections and paragraphs wrapped at `width` columns."""
    out = ["# Combined terms of service", ""]
    for part in parts:
        out += [f"## {part.title}", ""]
        for heading, paras in part.sections:
            out += [f"### {heading}", ""]
            for para in paras:
                lines = textwrap.wrap(para, width, break_long_words=False, break_on_hyphens=False)
                out += [_escape(line) for line in lines] + [""]
    return "\n".join(out)


_MARKER = re.compile(r"^(?:[>#|]|[*+-](?=\s|$))")
_NUMBER = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


def _escape(line: str) -> str:
    """A wrapped line that would start a quote, heading, table or list item, escaped with a backslash as
    a Markdown writer would, so that wrapping at another width changes nothing a reader sees."""
    return _NUMBER.sub(r"\1\\\2", _MARKER.sub(lambda m: "\\" + m.group(), line))


# --- timing ---------------------------------------------------------------------------------


def _median(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(pages: int, repeat: int) -> dict:
    """Median times of reading and sectioning both files and of comparing them, and their ratio."""
    rng = random.Random(SEED)
    parts, source = build(pages, rng)
    edited, edits = edit(parts, rng)
    old_text, new_text = render(parts, 80), render(edited, 100)
    with tempfile.TemporaryDirectory() as tmp:
        old, new = Path(tmp) / "old.md", Path(tmp) / "new.md"
        old.write_text(old_text, "utf-8")
        new.write_text(new_text, "utf-8")

        def sections_only() -> None:
            for path in (old, new):
                parse_sections(*read_text(path))

        def compare() -> None:
            compare_terms(old, new)

        compare()  # warm the interpreter (imports, regex caches), not the library
        baseline = _median(sections_only, repeat)
        full = _median(compare, repeat)
        report = compare_terms(old, new)
        n_sections = len(parse_sections(old_text))
    words = len(old_text.split())
    return {
        "source": source,
        "pages": round(words / WORDS_PER_PAGE, 1),
        "words": words,
        "bytes": len(old_text.encode()) + len(new_text.encode()),
        "sections": n_sections,
        "edits": edits,
        "sections_only_s": round(baseline, 4),
        "compare_s": round(full, 4),
        "ratio": round(full / baseline, 2),
        "changes": len(report.changes),
        "by_rule": dict(sorted(_count(c.rule for c in report.changes).items())),
    }


def _count(items: object) -> dict[str, int]:
    out: dict[str, int] = {}
    for x in items:  # type: ignore[attr-defined]
        out[x] = out.get(x, 0) + 1
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100, help="pages of 500 words (default 100)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per median (default 5)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args()
    if args.pages < 1 or args.repeat < 1:
        print("--pages and --repeat must be at least 1", file=sys.stderr)
        return 2
    r = measure(args.pages, args.repeat)
    if args.json:
        print(json.dumps(r, indent=2))
        return 0
    print(f"document        {r['pages']} pages, {r['words']:,} words, {r['sections']} sections "
          f"({r['source']}; {r['bytes']:,} bytes old + new)")
    print(f"edits           {r['edits']}")
    print(f"sections only   {r['sections_only_s']:.3f} s (read + parse both)")
    print(f"compare_terms   {r['compare_s']:.3f} s")
    print(f"ratio           {r['ratio']:.2f}")
    print(f"changes         {r['changes']} {r['by_rule']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
