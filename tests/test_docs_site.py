"""The docs site: its channel and format references are what the code renders now, every page is
in the nav, and `mkdocs build --strict` passes (when mkdocs is installed: the `docs` extra)."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from nosurprises import references
from nosurprises.docgen import generated_part, literal_angles
from nosurprises.formats import FORMATS
from nosurprises.notices import changelog, channels
from nosurprises.notices.told import BUDGETS

from .conftest import ROOT

DOCS = ROOT / "docs"
REGENERATE = "python -m nosurprises.references docs/notices.md docs/formats.md"


@pytest.mark.parametrize(("page", "block"), [("notices.md", "channels_reference"),
                                             ("formats.md", "formats_reference"),
                                             ("notices.md", "notice_examples")])
def test_generated_reference_is_current(page: str, block: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(references, "EXAMPLES", ROOT / "examples")  # an installed copy is not in a clone
    written = (DOCS / page).read_text(encoding="utf-8")
    assert generated_part(written, block) == references.BLOCKS[block](), (
        f"docs/{page} is stale: run `{REGENERATE}`")


def _rows(table: str) -> dict[str, list[str]]:
    """The rows of a generated Markdown table by their first cell's name."""
    rows = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip("|").split(" | ")]
        if match := re.fullmatch(r"`([\w-]+)`(?: \(default\))?", cells[0]):
            rows[match.group(1)] = cells
    return rows


def test_channel_reference_lists_every_channel_the_cli_offers() -> None:
    action = references.option(references.command_parser("notice"), "--channel")
    assert action is not None and action.choices is not None
    offered = action.choices
    rows = _rows(references.channels_reference())
    assert set(rows) == set(offered) - {"all"}
    for name, module in channels.CHANNELS.items():
        assert rows[name][1] == f"`{module.FILE}`"
        assert rows[name][2] == ("yes" if name in channels.DEFAULT else "")


def test_channel_budgets_are_the_ones_the_channels_spend() -> None:
    """The e-mail, feed and calendar fold their list within `told.BUDGETS`, the changelog
    within its own `BUDGET`; the headers and the JSON tell every change."""
    rows = _rows(references.channels_reference())
    assert rows["calendar"][3] == f"{BUDGETS['calendar']:,} characters" == "2,000 characters"
    assert rows["email"][3] == f"{BUDGETS['email']:,} characters"
    assert rows["feed"][3] == f"{BUDGETS['feed']:,} characters"
    assert rows["changelog"][3] == f"{changelog.BUDGET:,} characters"
    assert rows["headers"][3] == rows["json"][3] == "none"


@pytest.mark.parametrize("command", ["diff", "check", "plan"])
def test_format_reference_lists_every_format_choice(command: str) -> None:
    parser = references.command_parser(command)
    action = references.option(parser, "--format")
    assert action is not None
    section = formats_section(command)
    rows = _rows(section)
    assert set(rows) == set(action.choices)
    assert f"`{action.default}` (default)" in section
    for name, cells in rows.items():
        assert cells[1] == references.FORMAT_ABOUT[command][name]


def formats_section(command: str) -> str:
    text = references.formats_reference()
    return text.split(f"## `nosurprises {command}`", 1)[1].split("\n## ", 1)[0]


def test_diff_offers_every_report_format() -> None:
    assert set(references.FORMAT_ABOUT["diff"]) == set(FORMATS)


def test_budget_column_follows_the_command_line() -> None:
    """`diff` and `check` take `--budget` and say which format it holds; `plan` has none."""
    assert _rows(formats_section("diff"))["markdown"][2] == "yes"
    assert _rows(formats_section("check"))["markdown"][2] == "yes"
    assert _rows(formats_section("check"))["json"][2] == ""
    assert "--budget" not in formats_section("plan")


def test_a_channel_without_a_description_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    about = {k: v for k, v in channels.ABOUT.items() if k != "feed"}
    monkeypatch.setattr(channels, "ABOUT", about)
    with pytest.raises(ValueError, match="no description of feed"):
        references.channels_reference()


def test_a_format_without_a_description_or_a_stale_one_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    about = {**{k: v for k, v in references.FORMAT_ABOUT["check"].items() if k != "sarif"},
             "yaml": "gone"}
    monkeypatch.setitem(references.FORMAT_ABOUT, "check", about)
    with pytest.raises(ValueError, match=r"no description of sarif; a description of yaml"):
        references.formats_reference()


def test_regeneration_rewrites_a_stale_block(tmp_path: Path) -> None:
    page = tmp_path / "formats.md"
    page.write_text("# Formats\n\n<!-- BEGIN GENERATED: formats_reference() -->\nold\n"
                    "<!-- END GENERATED -->\n\nAfter.\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "nosurprises.references", str(page)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    text = page.read_text(encoding="utf-8")
    assert generated_part(text, "formats_reference") == references.formats_reference()
    assert text.startswith("# Formats\n\n") and text.endswith("<!-- END GENERATED -->\n\nAfter.\n")


# --- the rule reference's placeholders --------------------------------------------------------

def test_rule_reference_shows_its_placeholders() -> None:
    """`<before>` outside a code span is an HTML tag to Markdown: the page would say "moved
    from OpenAPI  to ." on the site and on GitHub alike."""
    rules = (DOCS / "rules.md").read_text(encoding="utf-8")
    assert "The document moved from OpenAPI &lt;before> to &lt;after>." in rules
    outside_code = re.sub(r"`[^`]*`", "", rules)
    assert re.search(r"<[a-z]", outside_code) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("from <before> to <after>", "from &lt;before> to &lt;after>"),
    ("keep `<code>` and ``a ` <b>`` as written", "keep `<code>` and ``a ` <b>`` as written"),
    ("an unclosed ` then <x>", "an unclosed ` then &lt;x>"),
    ("`a` <b> `c`", "`a` &lt;b> `c`"),
])
def test_literal_angles(text: str, expected: str) -> None:
    assert literal_angles(text) == expected


@given(st.text(alphabet=st.sampled_from("ab <>&\n*_")))
def test_literal_angles_leaves_no_tag_and_loses_nothing(text: str) -> None:
    shown = literal_angles(text)
    assert "<" not in shown
    assert shown.replace("&lt;", "<") == text.replace("&lt;", "<")


# --- the site ---------------------------------------------------------------------------------

def _nav_pages(nav: list[object]) -> list[str]:
    pages: list[str] = []
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        pages += _nav_pages(value) if isinstance(value, list) else [str(value)]
    return pages


def test_every_page_is_in_the_nav_once() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["docs_dir"] == "docs" and config["theme"]["name"] == "material"
    pages = _nav_pages(config["nav"])
    assert sorted(pages) == sorted(p.name for p in DOCS.glob("*.md"))
    assert len(pages) == len(set(pages))


def test_no_page_links_outside_the_docs() -> None:
    """The site holds docs/ only: a `../` link works on GitHub and is broken on the site."""
    for page in DOCS.glob("*.md"):
        found = re.findall(r"\]\((\.\./[^)]*)\)", page.read_text(encoding="utf-8"))
        assert not found, f"docs/{page.name} links outside docs/: {found}"


def _missing_site_tools() -> str | None:
    for module, package in (("mkdocs", "mkdocs"), ("material", "mkdocs-material")):
        if importlib.util.find_spec(module) is None:
            return f"{package} is not installed (pip install -e '.[docs]')"
    return None


def _build(config: Path, site: Path) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` as CI runs it (never `--quiet`: it hides warnings from --strict)."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config),
         "--site-dir", str(site)],
        capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


needs_mkdocs = pytest.mark.skipif(_missing_site_tools() is not None, reason=str(_missing_site_tools()))


def test_ci_builds_the_site_strictly() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    build = next(line for line in script.splitlines() if "mkdocs build" in line and not line.startswith("#"))
    assert "--strict" in build and not re.search(r"\s(-q|--quiet)\b", build), build
    assert "'.[docs]'" in script


@needs_mkdocs
def test_site_builds_strictly(tmp_path: Path) -> None:
    site = tmp_path / "site"
    done = _build(ROOT / "mkdocs.yml", site)
    assert done.returncode == 0, done.stdout + done.stderr
    for page in DOCS.glob("*.md"):
        built = site / ("index.html" if page.stem == "index" else f"{page.stem}/index.html")
        assert built.is_file(), f"{page.name} was not built"
    rules = (site / "rules" / "index.html").read_text(encoding="utf-8")
    assert "moved from OpenAPI &lt;before&gt; to &lt;after&gt;." in rules
    formats = (site / "formats" / "index.html").read_text(encoding="utf-8")
    for name in FORMATS:
        assert f"<td><code>{name}</code>" in formats


@needs_mkdocs
@pytest.mark.parametrize(("page", "broken"), [
    ("ci.md", "[the gate](nowhere.md)"),  # a page that does not exist
    ("ci.md", "[the gate](cli.md#no-such-heading)"),  # a heading a page does not have
])
def test_a_broken_link_fails_the_build(tmp_path: Path, page: str, broken: str) -> None:
    """The strict build is a real check: a copy of the docs with one broken link fails it."""
    import shutil

    shutil.copytree(DOCS, tmp_path / "docs")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    with (tmp_path / "docs" / page).open("a", encoding="utf-8") as f:
        f.write(f"\nSee {broken}.\n")
    done = _build(tmp_path / "mkdocs.yml", tmp_path / "site")
    target = broken.split("](", 1)[1].rstrip(")")
    assert done.returncode != 0
    assert re.search(rf"WARNING .*'{page}' contains a link '{re.escape(target)}'", done.stderr), done.stderr
