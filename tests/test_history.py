"""`nosurprises history`: the changelog of every version of a spec in git (issue 13)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from nosurprises.cli import main

from .conftest import ROOT, git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is needed")
OLD, NEW = ROOT / "examples" / "petstore-old.yaml", ROOT / "examples" / "petstore-new.yaml"


def _commit(repo: Path, message: str, tag: str | None = None) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    if tag:
        git(repo, "tag", tag)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    git(tmp_path, "init", "-q")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _history(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:
    code = main(["history", *argv, "--format", "json"])
    out = capsys.readouterr()
    return code, json.loads(out.out) if out.out else {"err": out.err}


def test_versions_are_the_release_tags_and_what_is_unreleased(repo: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(OLD, repo / "api.yaml")
    _commit(repo, "first", "v1.0.0")
    (repo / "README.md").write_text("docs only\n")
    _commit(repo, "docs", "v1.0.1")  # a release that leaves the spec as it was: no pair
    shutil.copy(NEW, repo / "api.yaml")
    _commit(repo, "second", "v2.0.0")
    (repo / "api.yaml").write_text(NEW.read_text().replace("summary: List pets (paged)", "summary: Pets"))
    _commit(repo, "after the release")
    code, data = _history(capsys, "api.yaml")
    assert code == 0
    assert [s["name"] for s in data["specs"]] == ["unreleased (from v2.0.0)", "v2.0.0 (from v1.0.1)"]
    newest, release = data["specs"]
    assert release["old"] == "git:v1.0.1:api.yaml" and release["report"]["summary"]["breaking"] > 0
    assert [c["rule"] for c in newest["report"]["changes"]] == ["api.operation.documentation-changed"]


def test_without_tags_each_commit_is_a_version(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(OLD, repo / "api.yaml")
    _commit(repo, "first")
    shutil.copy(NEW, repo / "api.yaml")
    _commit(repo, "second")
    (repo / "other.txt").write_text("x")
    _commit(repo, "not the spec")
    _, data = _history(capsys, "api.yaml")
    assert len(data["specs"]) == 1 and data["specs"][0]["status"] == "compared"
    assert data["specs"][0]["report"] == json.loads(_diff_json(capsys, OLD, NEW))


def _diff_json(capsys: pytest.CaptureFixture[str], old: Path, new: Path) -> str:
    main(["diff", str(old), str(new), "--format", "json"])
    return capsys.readouterr().out


def test_since_starts_from_a_revision(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(OLD, repo / "api.yaml")
    _commit(repo, "first", "v1")
    shutil.copy(NEW, repo / "api.yaml")
    _commit(repo, "second", "v2")
    shutil.copy(OLD, repo / "api.yaml")
    _commit(repo, "back", "v3")
    _, data = _history(capsys, "api.yaml", "--since", "v2")
    assert [s["name"] for s in data["specs"]] == ["v3 (from v2)"]


def test_a_folder_of_specs(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "apis").mkdir()
    shutil.copy(OLD, repo / "apis" / "pets.yaml")
    shutil.copy(OLD, repo / "apis" / "gone.yaml")
    _commit(repo, "first", "v1")
    shutil.copy(NEW, repo / "apis" / "pets.yaml")
    shutil.copy(NEW, repo / "apis" / "fresh.yaml")
    (repo / "apis" / "gone.yaml").unlink()
    _commit(repo, "second", "v2")
    _, data = _history(capsys, "apis")
    assert [(s["name"], s["status"]) for s in data["specs"]] == [
        ("v2 (from v1): apis/pets.yaml", "compared"), ("v2 (from v1): apis/gone.yaml", "removed"),
        ("v2 (from v1): apis/fresh.yaml", "added")]


@pytest.mark.parametrize(("setup", "argv", "problem"), [
    ("one", ["api.yaml"], "has one version in this history"),
    ("one", ["api.yaml", "--since", "nope"], "--since nope: is no revision of this repository"),
    ("one", ["missing.yaml"], "missing.yaml: no such file or folder"),
    ("bare", ["api.yaml"], "is not in a git repository"),
])
def test_history_misuse_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str], setup: str, argv: list[str],
                                    problem: str) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(OLD, tmp_path / "api.yaml")
    if setup == "one":
        git(tmp_path, "init", "-q")
        _commit(tmp_path, "first")
    else:
        monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    assert main(["history", *argv]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and problem in err
