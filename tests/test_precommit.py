"""The pre-commit hook (`.pre-commit-hooks.yaml`), run as pre-commit runs it: its `entry`, its
`args`, then the staged files, in a git repository, with the hook environment's Python
first on PATH. The definition is read from the file, so a drifted hook fails here."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT, git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
EX = ROOT / "examples"


def _hook() -> dict:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    [hook] = [h for h in hooks if h["id"] == "nosurprises-diff"]
    return hook


def _run(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The hook's entry and args, then `args` (the user's args, then the file names)."""
    hook = _hook()
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "NO_COLOR": "1"}
    return subprocess.run([*shlex.split(hook["entry"]), *hook.get("args", []), *args], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose last commit has the old petstore; the working tree has the new one."""
    shutil.copy(EX / "petstore-old.yaml", tmp_path / "openapi.yaml")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "openapi.yaml")
    git(tmp_path, "commit", "-q", "-m", "v1")
    shutil.copy(EX / "petstore-new.yaml", tmp_path / "openapi.yaml")
    return tmp_path


def test_the_hook_is_a_python_hook_on_openapi_files() -> None:
    hook = _hook()
    assert hook["language"] == "python" and hook.get("pass_filenames", True)
    files = re.compile(hook["files"])
    assert all(files.search(p) for p in ("openapi.yaml", "api/openapi.json", "specs/swagger-v2.yml",
                                         "apis/payments.openapi.yaml"))
    assert not any(files.search(p) for p in ("prices.yaml", "README.md", "openapi.md", "src/app.py"))
    assert "--fail-on" not in hook.get("args", [])  # a user's args replace these: the gate is the entry's


def test_a_breaking_change_fails_the_commit(repo: Path) -> None:
    done = _run(repo, "openapi.yaml")
    assert done.returncode == 1, done.stderr
    assert "[api.operation.removed-without-deprecation] `POST /pets` was removed" in done.stdout
    assert "=== openapi.yaml" in done.stdout


def test_an_unchanged_spec_passes(repo: Path) -> None:
    git(repo, "checkout", "-q", "openapi.yaml")
    done = _run(repo, "openapi.yaml")
    assert (done.returncode, done.stderr) == (0, "")
    assert "unchanged: openapi.yaml" in done.stdout


def test_a_new_spec_is_all_additions(repo: Path) -> None:
    shutil.copy(EX / "petstore-new.yaml", repo / "swagger-pets.yaml")
    done = _run(repo, "swagger-pets.yaml")
    assert (done.returncode, done.stderr) == (0, "")
    assert "=== swagger-pets.yaml (added)" in done.stdout and "BREAKING" not in done.stdout


def test_the_first_commit_of_a_repository(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    shutil.copy(EX / "petstore-new.yaml", tmp_path / "openapi.yaml")
    done = _run(tmp_path, "openapi.yaml")
    assert done.returncode == 0 and "(added)" in done.stdout, done.stderr


def test_against_another_revision(repo: Path) -> None:
    """`--against main` on a branch: everything the branch changed, not only this commit."""
    git(repo, "checkout", "-q", "-b", "feature")
    git(repo, "commit", "-q", "-am", "v2")
    assert _run(repo, "openapi.yaml").returncode == 0  # HEAD has it already
    done = _run(repo, "--against", "main", "openapi.yaml")
    assert done.returncode == 1 and "removed-without-deprecation" in done.stdout


def test_the_gate_can_be_stricter(repo: Path) -> None:
    old = (EX / "petstore-old.yaml").read_text(encoding="utf-8")
    assert "    post:\n" in old
    (repo / "openapi.yaml").write_text(old.replace("    post:\n", "    post:\n      deprecated: true\n", 1),
                                       encoding="utf-8")
    assert _run(repo, "openapi.yaml").returncode == 0  # a warning: breaking is the default gate
    done = _run(repo, "--fail-on", "warning", "openapi.yaml")
    assert done.returncode == 1 and "api.operation.deprecated" in done.stdout
    (repo / "nosurprises.yaml").write_text("diff:\n  fail-on: warning\n", encoding="utf-8")
    assert _run(repo, "openapi.yaml").returncode == 1  # the configuration file's gate


def test_diff_options_pass_through(repo: Path) -> None:
    done = _run(repo, "--ignore", "api.*", "--format", "json", "openapi.yaml")
    assert done.returncode == 0, done.stderr
    assert '"breaking": 0' in done.stdout


@pytest.mark.parametrize(("args", "message"), [
    (["--against", "nope", "openapi.yaml"], "nosurprises: nope: is not a revision of this repository"),
    (["--pairs", "p.yaml", "openapi.yaml"], "nosurprises: --pairs: the hook pairs each FILE with its "
                                            "version at --against REF: leave it out"),
    ([], "nosurprises: FILE: give the spec files to compare"),
    (["openapi.yaml", "--ignore", "api.*"], "nosurprises: openapi.yaml: give the options before the files"),
    (["missing.yaml"], "nosurprises: missing.yaml: no such file, here or at HEAD"),
    (["--bogus", "openapi.yaml"], "nosurprises: unrecognized arguments: --bogus"),
    (["openapi-broken.yaml"], "openapi-broken.yaml: is not valid YAML"),
])
def test_bad_input_is_one_line(repo: Path, args: list[str], message: str) -> None:
    (repo / "openapi-broken.yaml").write_text("openapi: 3.0.3\ninfo: [", encoding="utf-8")
    done = _run(repo, *args)
    assert done.returncode == 2 and done.stderr.startswith("nosurprises: "), done.stderr
    assert message in done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def test_a_file_of_no_known_kind_is_skipped(repo: Path) -> None:
    """`files:` is a user's regex: a JSON file it also matches is no reason to block a commit."""
    (repo / "openapi-notes.json").write_text('{"notes": []}', encoding="utf-8")
    done = _run(repo, "openapi-notes.json")
    assert done.returncode == 0 and "=== openapi-notes.json (skipped)" in done.stdout


def test_outside_a_repository(tmp_path: Path) -> None:
    shutil.copy(EX / "petstore-new.yaml", tmp_path / "openapi.yaml")
    done = _run(tmp_path, "openapi.yaml")
    assert done.returncode == 2 and "is not inside a git repository" in done.stderr
    assert done.stderr.count("\n") == 1


@pytest.mark.skipif(shutil.which("pre-commit") is None or not (ROOT / ".git").exists(),
                    reason="pre-commit is not installed, or this is no git checkout (pre-commit "
                           "is not a test dependency: it builds a virtual environment with "
                           "nosurprises in it, about 10 s with a warm pip cache)")
def test_pre_commit_itself_runs_the_hook(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """`pre-commit try-repo` installs this working tree as the hook's repository, as a user's
    `.pre-commit-config.yaml` would, and runs the hook on the staged spec."""
    git(repo, "add", "openapi.yaml")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home")), "NO_COLOR": "1"}
    command = ["pre-commit", "try-repo", str(ROOT), "nosurprises-diff", "--files", "openapi.yaml"]
    done = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "removed-without-deprecation" in done.stdout
