"""The direction of a terms change: a clause arriving or widening takes, one leaving gives back.

The per-rule fixture pairs (`fixtures/rules/terms.*`) hold the cases one by one; here are the
invariants behind them and what the gate makes of a clause in the customer's favour.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from nosurprises.cli import main
from nosurprises.model import Level
from nosurprises.terms import compare_terms, topics

from .conftest import FIXTURES
from .test_terms_corpus import _report

WORDS = ["scrape", "scraping", "scrapers", "crawl", "crawling", "arbitration", "arbitrate",
         "arbitrator", "class action", "class actions", "class member", "class or representative "
         "proceeding", "train", "training", "trained", "machine learning", "royalty-free", "perpetual",
         "we do not", "never", "use", "your content", "the", "and", ".", ";", "but", "licence to you"]


@given(st.sampled_from([w for w in WORDS if w.isalpha() or " " in w]))
def test_a_stem_is_the_start_of_its_word(word: str) -> None:
    assert word.startswith(topics.stem(word))


def _scan(low: str, topic_id: str, word_stem: str) -> int:
    """The plain way to count: every match of the topic's strong words, by stem, where it counts."""
    rx, t = topics._rx().strong[topic_id], topics.Text(low)
    return sum(1 for m in rx.finditer(low)
               if topics.stem(m.group(0)) == word_stem and topics._counts_as_strong(topic_id, t, m.start()))


@given(st.lists(st.sampled_from(WORDS), max_size=40), st.sampled_from(["arbitration", "acceptable-use",
                                                                       "ai-training", "content-licence"]))
def test_counting_a_stem_by_literal_search_agrees_with_scanning(words: list[str], topic_id: str) -> None:
    """`count_stem` finds the stem with `str.find` and tries the pattern only there (a whole-
    document regex scan tripled the time of a comparison): it must count what a scan counts."""
    low = " ".join(words)
    stems = {topics.stem(m.group(0)) for m in topics._rx().strong[topic_id].finditer(low)}
    for word_stem in stems:
        assert topics.count_stem(topics.Text(low), topic_id, word_stem) == _scan(low, topic_id, word_stem)


def test_reversing_a_favourable_removal_is_breaking() -> None:
    """What gives back one way takes the other way: adding the dropped clause back is breaking."""
    spec = yaml.safe_load((FIXTURES / "rules" / "terms.section.removed--only-a-dispute-clause.yaml")
                          .read_text(encoding="utf-8"))
    forward = compare_terms(spec["old"], spec["new"])
    backward = compare_terms(spec["new"], spec["old"])
    assert forward.summary.breaking == forward.summary.warning == 0 and forward.summary.info >= 2
    assert any(c.rule == "terms.arbitration.changed" and c.level is Level.BREAKING for c in backward.changes)


@pytest.mark.parametrize("rule", sorted(f"terms.{t}.changed" for t in topics.ARRIVAL_TAKES))
def test_a_clause_taken_out_and_put_back_is_symmetric(rule: str) -> None:
    """Each clause topic whose arrival is breaking has a fixture where it leaves (info): reversed,
    that fixture's change must be breaking again."""
    leaving = [p for p in (FIXTURES / "rules").glob(f"{rule}*.yaml")
               if any(e["level"] == "info" for e in yaml.safe_load(p.read_text("utf-8"))["expect"])]
    assert leaving, f"no fixture where a {rule} clause leaves"
    for path in leaving:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        back = compare_terms(spec["new"], spec["old"])
        assert any(c.rule == rule and c.level is Level.BREAKING for c in back.changes), path.name


def test_dropping_arbitration_needs_no_notice_under_the_default_pack(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A change in the customer's favour ships without an announcement; the same pair reversed
    (arbitration added) fails the gate."""
    spec = yaml.safe_load((FIXTURES / "rules" / "terms.section.removed--only-a-dispute-clause.yaml")
                          .read_text(encoding="utf-8"))
    old, new = tmp_path / "old.md", tmp_path / "new.md"
    old.write_text(spec["old"], encoding="utf-8")
    new.write_text(spec["new"], encoding="utf-8")
    policy = tmp_path / "p.yaml"
    policy.write_text("policy:\n  extends: [default]\n", encoding="utf-8")
    args = ["--on", "2026-12-01", "-f", "json", "--policy", str(policy)]
    assert main(["check", str(old), str(new), *args]) == 0
    verdicts = json.loads(capsys.readouterr().out)["verdicts"]
    assert verdicts and {v["status"] for v in verdicts} == {"not-required"}
    assert main(["check", str(new), str(old), *args]) == 1
    capsys.readouterr()


def test_x_2024_licence_for_any_purpose_is_a_wider_clause() -> None:
    """X's terms of November 2024 kept their content licence and added "for any purpose"."""
    changes = _report("x-terms-of-service-2024-11-16").changes
    licence = [c for c in changes if c.rule == "terms.content-licence.changed" and c.level is Level.BREAKING]
    assert any("now also covers any purpose" in c.message for c in licence)
