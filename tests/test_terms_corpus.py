"""The real terms pairs of ../shared/corpus/terms: what a careful reader says changed in each.

The expectations come from reading each pair (and what was reported about it at the time):
the changes a reader calls taking something from the customer must be `breaking`, and the
false alarms the keyword table once raised must stay away. Each expectation is
(rule, a part of the section title, level); `None` as level means "any level".
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from nosurprises.model import Level, Report, Subject
from nosurprises.rules import CATALOG
from nosurprises.terms import compare_terms, parse_sections

from .conftest import corpus_dir

B, W = Level.BREAKING, Level.WARNING

EXPECTED: dict[str, list[tuple[str, str, Level | None]]] = {
    # LinkedIn began training generative AI on member data (policy of 2024-09-18).
    "linkedin-privacy-policy-2024-09-19": [
        ("terms.ai-training.changed", "2. How We Use Your Data", B),
        ("terms.data-sharing.changed", "3.4 Related Services", B),  # may also share with affiliates
    ],
    # User Agreement 2024-11: price changes, a wider content licence, generative AI features.
    "linkedin-terms-of-service-2024-11-21": [
        ("terms.fees.changed", "2.3 Payment", B),  # "we may modify our prices prospectively"
        ("terms.content-licence.changed", "3.1. Your License to LinkedIn", B),  # sublicensed others
        ("terms.changes-clause.changed", "1.3 Changes", W),
        ("terms.ai-training.changed", "3.6 Recommendations and Automated Processing", W),
        ("terms.section.renamed", "", None),
    ],
    # Quora 2023: an arbitration agreement with a class-action waiver; no AI training on its content.
    "quora-terms-of-service-2023-07-25": [
        ("terms.arbitration.changed", "Legal Disputes and Arbitration Agreement for Users", B),
        ("terms.ai-training.changed", "Our License to You", B),
        ("terms.section.added", "Legal Disputes and Arbitration Agreement for Users", None),
        ("terms.age.changed", "Your Use of Quora", W),
    ],
    # Two typos fixed: `entity''s` and `Ppromotion`.
    "reddit-terms-of-service-2023-11-16": [],
    # Telegram 2024-09: IP address and phone number disclosed for any criminal case, not only terror.
    "telegram-privacy-policy-2024-10-02": [
        ("terms.data-sharing.changed", "8.3. Law Enforcement Authorities", W),
        ("terms.section.added", "September 29, 2024", None),
    ],
    # The paid API: subscriptions that renew, non-refundable fees, arbitration.
    "twitter-developer-terms-2023-04-18": [
        ("terms.fees.changed", "Subscription Fees", B),
        ("terms.arbitration.changed", "Binding Arbitration and Class Action Waiver", B),
    ],
    # X 2023-09: biometric data and training of AI models.
    "twitter-privacy-policy-2023-09-29": [
        ("terms.data-sharing.changed", "1.1 Information you provide us", B),
        ("terms.ai-training.changed", "2.1 Operate, improve, and personalize our services", B),
    ],
    # X Developer Agreement 2024: Texas courts, the 30-day opt-out of arbitration gone.
    "x-developer-terms-2024-10-12": [
        ("terms.arbitration.changed", "Dispute Resolution and Class Action Waiver", B),
        ("terms.governing-law.changed", "Dispute Resolution and Class Action Waiver", B),
    ],
    # X 2024-11: content used to train AI; disputes moved from California to Texas.
    "x-terms-of-service-2024-11-16": [
        ("terms.ai-training.changed", "Your Rights and Grant of Rights in the Content", B),
        ("terms.governing-law.changed", "6. General", B),
    ],
    # Only list-marker indentation and trailing spaces changed.
    "x-terms-of-service-2025-10-03": [],
    # Zoom 2023-08-11 walked back the licence of March: narrower, and no AI training on
    # audio, video or chat. Section 10 was rewritten under a new heading.
    "zoom-terms-of-service-2023-08-11": [
        ("terms.section.renamed", "DATA USAGE, LICENSES AND RESPONSIBILITIES", None),
        ("terms.content-licence.changed", "DATA USAGE, LICENSES AND RESPONSIBILITIES", W),
        ("terms.ai-training.changed", "Terms of Service Update Notes", W),
    ],
}

NOT_BREAKING: dict[str, list[str]] = {
    # Pairs where nothing was taken from the customer.
    "reddit-terms-of-service-2023-11-16": ["terms."],
    "x-terms-of-service-2025-10-03": ["terms."],
    "zoom-terms-of-service-2023-08-11": ["terms."],
    "telegram-privacy-policy-2024-10-02": ["terms."],
    # False alarms the table once raised: "applies worldwide", a payments provider, "Privacy Notice".
    "linkedin-privacy-policy-2024-09-19": ["terms.content-licence", "terms.fees", "terms.notice"],
    # "If you wish to terminate this Contract at any time" is the customer's power.
    "linkedin-terms-of-service-2024-11-21": ["terms.termination", "terms.data-sharing"],
}


def _pair(name: str) -> Path:
    return corpus_dir("terms", name)


@cache
def _report(name: str) -> Report:
    pair = _pair(name)
    return compare_terms(pair / "old.md", pair / "new.md")


def test_every_pair_has_expectations() -> None:
    names = {p.name for p in corpus_dir("terms").iterdir() if (p / "old.md").exists()}
    assert names == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_pair_reports_what_a_reader_sees(name: str) -> None:
    changes = _report(name).changes
    for rule, where, level in EXPECTED[name]:
        hits = [c for c in changes if c.rule == rule and where in c.item]
        assert hits, f"{name}: no {rule} in a section with {where!r}"
        if level is not None:
            assert any(c.level is level for c in hits), (
                f"{name}: {rule} in {where!r} is {[c.level.value for c in hits]}, expected {level.value}")
    if not EXPECTED[name]:
        assert [c.rule for c in changes if c.level is not Level.INFO] == []


@pytest.mark.parametrize("name", sorted(NOT_BREAKING))
def test_no_false_alarm(name: str) -> None:
    breaking = [c for c in _report(name).changes if c.level is Level.BREAKING]
    for prefix in NOT_BREAKING[name]:
        wrong = [(c.rule, c.item) for c in breaking if c.rule.startswith(prefix)]
        assert not wrong, f"{name}: {wrong}"


def test_whitespace_only_pair_has_no_change() -> None:
    assert _report("x-terms-of-service-2025-10-03").changes == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_change_points_at_a_real_section_and_explains_itself(name: str) -> None:
    pair = _pair(name)
    titles = {s.title for f in ("old.md", "new.md") for s in parse_sections((pair / f).read_text("utf-8"))}
    for change in _report(name).changes:
        assert change.subject is Subject.TERMS and change.operation is None
        assert change.rule in CATALOG, change.rule
        assert change.location == f"section:{change.item}" and change.item in titles, change.location
        if change.rule.endswith(".changed"):
            assert change.before != change.after
            assert "(triggered by: " in change.message
        if change.level is Level.BREAKING:  # a breaking verdict always says why
            reasons = ("a new clause on it appears", "the provider gains", "was removed",
                       "the place named moved", "the clause now also covers")
            assert any(why in change.message for why in reasons), change.message


def test_quora_without_heading_markup_is_split_at_its_numbered_titles() -> None:
    """OTA kept Quora's page as plain lines: `2\\. Privacy`, `8\\. Termination.` are its headings."""
    pair = _pair("quora-terms-of-service-2023-07-25")
    new = parse_sections((pair / "new.md").read_text("utf-8"))
    titles = [s.title for s in new]
    assert "2. Privacy" in titles and "8. Termination." in titles
    assert "11. Legal Disputes and Arbitration Agreement for Users" in titles
    assert len(new) >= 12 and max(len(s.text) for s in new) < 25_000


def test_moved_clause_is_not_new() -> None:
    """Quora moved its termination clause into a section of its own: the words that were there
    before (`we may terminate`, `for any other reason`) are not a gain."""
    changes = _report("quora-terms-of-service-2023-07-25").changes
    termination = [c for c in changes if c.rule == "terms.termination.changed"]
    assert termination and all(c.level is not Level.BREAKING for c in termination)


def test_governing_law_names_the_places() -> None:
    changes = _report("x-terms-of-service-2024-11-16").changes
    law = [c for c in changes if c.rule == "terms.governing-law.changed" and c.level is Level.BREAKING]
    assert any("from california" in c.message and "to texas" in c.message for c in law)


def test_quora_read_as_plain_text_gives_the_same_sections(tmp_path: Path) -> None:
    """The Quora pages are plain text in all but name: read as `.txt` they split the same way."""
    pair = _pair("quora-terms-of-service-2023-07-25")
    for side in ("old", "new"):
        text = (pair / f"{side}.md").read_text("utf-8")
        as_text = [(s.title, s.sentences) for s in parse_sections(text, "text")]
        assert as_text == [(s.title, s.sentences) for s in parse_sections(text, "markdown")]
        assert len(as_text) >= 12
    for side in ("old", "new"):
        (tmp_path / f"{side}.txt").write_text((pair / f"{side}.md").read_text("utf-8"), "utf-8")
    assert compare_terms(tmp_path / "old.txt", tmp_path / "new.txt").changes == _report(pair.name).changes


@pytest.mark.parametrize("name", ["linkedin-privacy-policy-2024-09-19", "x-terms-of-service-2024-11-16"])
def test_terms_changes_reach_the_notice(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    from nosurprises.cli import main

    pair = _pair(name)
    assert main(["notice", str(pair / "old.md"), str(pair / "new.md"), "--announce", "2026-12-01",
                 "--product", "Example", "--channel", "changelog"]) == 0
    log = capsys.readouterr().out
    breaking = [c for c in _report(name).changes if c.level is Level.BREAKING]
    assert breaking and log.count("\n- ") == len([c for c in _report(name).changes
                                                    if c.level is not Level.INFO])
    assert "- **Breaking:** " in log and log.count("  > ") == len(breaking)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_trigger_word_is_in_the_section(name: str) -> None:
    """Explainable means checkable: each word a message says triggered it is in the section's
    old or new text (the message's quotes are clipped, so the whole paired sections are read)."""
    from nosurprises.terms.compare import pair_sections

    pair = _pair(name)
    old, new = (parse_sections((pair / side).read_text("utf-8")) for side in ("old.md", "new.md"))
    text: dict[str, str] = {}
    for sec in old + new:
        text[sec.title] = f"{text.get(sec.title, '')} {' '.join(sec.sentences)}".lower()
    was = {new[j].title: old[i].title for i, j in pair_sections(old, new)[0]}
    checked = 0
    for change in _report(name).changes:
        if change.rule.endswith(".changed"):
            words = change.message.split("(triggered by: ", 1)[1].split(")", 1)[0].split(", ")
            both = text[change.item] + text.get(was.get(change.item, ""), "")
            for word in words:
                assert word in both, (name, change.item, word)
                checked += 1
    assert checked or name in ("reddit-terms-of-service-2023-11-16", "x-terms-of-service-2025-10-03")
