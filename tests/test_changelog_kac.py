"""The changelog channel in Keep a Changelog's shape, and added to an existing CHANGELOG.md
without touching earlier entries (issue 11, "Changelog people know")."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import nosurprises
from nosurprises.cli import main
from nosurprises.notices import Notice, changelog, from_plan

from .conftest import ROOT

EX = ROOT / "examples"
EXISTING = ("# Changelog\n\nAll notable changes.\n\n## [Unreleased]\n\n### Added\n- Something new.\n\n"
            "## [1.0.0] - 2026-01-01\n\n### Added\n- First release.\n")


@pytest.fixture(scope="module")
def notice() -> Notice:
    report = nosurprises.compare_openapi(EX / "petstore-old.yaml", EX / "petstore-new.yaml")
    policy, rules = nosurprises.load_policy(EX / "nosurprises.yaml")
    made = from_plan(report, nosurprises.plan(report, policy, rules, dt.date(2026, 12, 1)),
                     product="Pets API", level=nosurprises.Level.INFO)
    return made.model_copy(update={"release": "2.0.0"})


def _sections(text: str) -> list[str]:
    return [line[4:] for line in text.splitlines() if line.startswith("### ")]


def test_lines_go_under_keep_a_changelog_categories(notice: Notice) -> None:
    text = changelog.render(notice)
    assert text.startswith("## [2.0.0] - 2026-12-01\n")
    found = _sections(text)
    assert found == [c for c in changelog.CATEGORIES if c in found]  # in that order
    removed = text.split("### Removed")[1].split("###")[0]
    assert "**Breaking:** We will remove `POST /pets`." in removed
    changed = text.split("### Changed")[1].split("###")[0]
    assert "will require the query parameter `limit`" in changed  # an addition that breaks calls is a change
    assert "\\:" not in text  # a colon after a code span is not the start of a line


def test_merge_puts_the_release_below_unreleased_and_keeps_every_byte(notice: Notice) -> None:
    merged = changelog.merge(EXISTING, notice)
    head, tail = EXISTING.split("## [1.0.0]")
    assert merged.startswith(head.rstrip("\n")) and merged.endswith("## [1.0.0]" + tail)
    assert merged.index("## [Unreleased]") < merged.index("## [2.0.0]") < merged.index("## [1.0.0]")
    assert changelog.merge(merged, notice) == merged  # announcing again replaces its own section


def test_merge_under_the_releases_own_heading(notice: Notice) -> None:
    existing = EXISTING.replace("## [1.0.0] - 2026-01-01",
                                "## [2.0.0] - 2026-12-01\n\n### Fixed\n- A fix.\n\n## [1.0.0] - 2026-01-01")
    merged = changelog.merge(existing, notice)
    assert merged.count("## [2.0.0]") == 1
    own = merged.split("## [2.0.0]")[1].split("## [1.0.0]")[0]
    assert "- A fix." in own and "### Removed" in own
    assert merged.endswith("## [1.0.0] - 2026-01-01\n\n### Added\n- First release.\n")


def test_the_cli_updates_a_file_in_place_or_makes_it(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    args = ["notice", str(EX / "petstore-old.yaml"), str(EX / "petstore-new.yaml"), "--announce",
            "2026-12-01", "--policy", str(EX / "nosurprises.yaml"), "--release", "2.0.0",
            "--channel", "changelog"]
    path = tmp_path / "CHANGELOG.md"
    path.write_text(EXISTING, encoding="utf-8")
    assert main([*args, "--changelog", str(path)]) == 0
    assert capsys.readouterr().out == f"{path}\n"
    assert "## [2.0.0] - 2026-12-01" in path.read_text("utf-8")
    fresh = tmp_path / "new" / "CHANGELOG.md"
    fresh.parent.mkdir()
    assert main([*args, "--changelog", str(fresh)]) == 0
    assert fresh.read_text("utf-8").startswith("# Changelog\n")


@pytest.mark.parametrize(("extra", "problem"), [
    (["--release", "2.0 beta"], "--release: '2.0 beta' is not a version"),
    (["--release", "[x]"], "is not a version"),
])
def test_a_bad_release_is_one_line(extra: list[str], problem: str, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["notice", str(EX / "petstore-old.yaml"), str(EX / "petstore-new.yaml"), "--announce",
                 "2026-12-01", "--policy", str(EX / "nosurprises.yaml"), "--channel", "changelog", *extra])
    err = capsys.readouterr().err
    assert code == 2 and problem in err and err.count("\n") == 1


def test_a_changelog_that_is_not_text_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "CHANGELOG.md"
    path.write_bytes(b"# Changelog\n\xff\xfe\n")
    code = main(["notice", str(EX / "petstore-old.yaml"), str(EX / "petstore-new.yaml"), "--announce",
                 "2026-12-01", "--policy", str(EX / "nosurprises.yaml"), "--channel", "changelog",
                 "--changelog", str(path)])
    err = capsys.readouterr().err
    assert code == 2 and f"{path}: is not UTF-8 text" in err and err.count("\n") == 1
    assert path.read_bytes() == b"# Changelog\n\xff\xfe\n"  # nothing lost
