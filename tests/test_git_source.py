"""`git:REF:PATH` sources: the base branch's spec against the working tree, refs included."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import nosurprises
from nosurprises.cli import main
from nosurprises.errors import InputError

from .conftest import git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SPEC = """openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /pets:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: 'schemas/pet.yaml#/Pet'}
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    api = tmp_path / "api"
    (api / "schemas").mkdir(parents=True)
    (api / "openapi.yaml").write_text(SPEC)
    (api / "schemas" / "pet.yaml").write_text(
        "Pet: {type: object, properties: {id: {type: integer}, tag: {type: string}}}\n")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "v1")
    (api / "schemas" / "pet.yaml").write_text("Pet: {type: object, properties: {id: {type: integer}}}\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_base_revision_against_working_tree_follows_refs_in_the_revision(repo: Path) -> None:
    report = nosurprises.compare_openapi("git:HEAD:api/openapi.yaml", "api/openapi.yaml")
    removed = [c for c in report.changes if c.rule == "api.schema.response.property-removed"]
    assert removed and removed[0].location == "schemas/pet.yaml#/Pet/properties/tag"


def test_path_is_relative_to_the_current_directory(repo: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo / "api")
    report = nosurprises.compare_openapi("git:HEAD:openapi.yaml", "openapi.yaml")
    assert [c.rule for c in report.changes] == ["api.schema.response.property-removed"]


def test_same_revision_twice_has_no_changes(repo: Path) -> None:
    assert nosurprises.compare_openapi("git:HEAD:api/openapi.yaml", "git:HEAD:api/openapi.yaml").changes == []


@pytest.mark.parametrize(("source", "problem"), [
    ("git:no-such-branch:api/openapi.yaml", "cannot be read from git"),
    ("git:HEAD:api/missing.yaml", "cannot be read from git"),
    ("git:HEAD", "not of the form"),
    ("git:HEAD:../../etc/passwd", "leaves the repository"),
])
def test_bad_git_sources(repo: Path, source: str, problem: str) -> None:
    with pytest.raises(InputError, match=problem):
        nosurprises.compare_openapi(source, "api/openapi.yaml")


def test_ref_leaving_the_folder_is_refused(repo: Path) -> None:
    (repo / "secret.yaml").write_text("Pet: {type: string}\n")
    (repo / "api" / "openapi.yaml").write_text(SPEC.replace("schemas/pet.yaml", "../secret.yaml"))
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "v2")
    with pytest.raises(InputError, match="leaves the directory"):
        nosurprises.compare_openapi("git:HEAD:api/openapi.yaml", "git:HEAD~1:api/openapi.yaml")


def test_size_is_checked_before_reading(repo: Path) -> None:
    with pytest.raises(InputError, match="over the limit"):
        nosurprises.compare_openapi("git:HEAD:api/openapi.yaml", "api/openapi.yaml", max_bytes=100)


def test_cli_with_a_git_source(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "git:HEAD:api/openapi.yaml", "api/openapi.yaml", "--fail-on", "breaking"]) == 1
    assert "property-removed" in capsys.readouterr().out


def test_terms_from_the_base_revision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "terms.md").write_text("# Terms\n\n## Disputes\n\nTalk to us first.\n")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "v1")
    (tmp_path / "terms.md").write_text("# Terms\n\n## Disputes\n\nTalk to us first. Disputes go to binding "
                                       "individual arbitration.\n")
    monkeypatch.chdir(tmp_path)
    report = nosurprises.compare_terms("git:HEAD:terms.md", "terms.md")
    assert [(c.rule, c.level.value, c.item) for c in report.changes] == [
        ("terms.arbitration.changed", "breaking", "Terms > Disputes")]
    assert main(["diff", "git:HEAD:terms.md", "terms.md", "--fail-on", "breaking"]) == 1
    assert "terms.arbitration.changed" in capsys.readouterr().out
