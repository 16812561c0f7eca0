"""The GitHub Action (`action.yml`): its comparing step, run here as GitHub would run it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT, git

pytestmark = pytest.mark.skipif(shutil.which("bash") is None or shutil.which("git") is None,
                                reason="bash and git are needed")
EX = ROOT / "examples"
PETS = {"NS_PATH": str(EX / "petstore-new.yaml"), "NS_BASE": str(EX / "petstore-old.yaml")}


def _step() -> dict:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    return next(s for s in action["runs"]["steps"] if s.get("name") == "Compare")


def _run(tmp_path: Path, **inputs: str) -> tuple[subprocess.CompletedProcess[str], str]:
    step = _step()
    env = {k: "" for k in step["env"]}  # what GitHub passes for inputs not given
    env.update(inputs)
    summary = tmp_path / "summary.md"
    env |= {"PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
            "GITHUB_STEP_SUMMARY": str(summary), "HOME": str(tmp_path)}
    done = subprocess.run(["bash", "-c", step["run"]], env=env, cwd=tmp_path, capture_output=True,
                          text=True, timeout=120)
    return done, summary.read_text() if summary.exists() else ""


def test_inputs_reach_the_script_only_through_the_environment() -> None:
    step = _step()
    assert "${{" not in step["run"]
    assert all(value.startswith("${{") for value in step["env"].values())


def test_diff_annotates_and_fails_on_breaking(tmp_path: Path) -> None:
    done, summary = _run(tmp_path, **PETS, NS_COMMAND="diff", NS_FAIL_ON="breaking")
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert lines and all(line.startswith("::") for line in lines)
    assert any(line.startswith("::error file=") for line in lines)
    assert summary.startswith("## API changes")
    done, _ = _run(tmp_path, **PETS, NS_COMMAND="diff", NS_FAIL_ON="",
                   NS_ARGS="--ignore api.* --level breaking")
    assert done.returncode == 0
    assert done.stdout.splitlines()[0] == "::notice title=nosurprises::No changes found."


def test_the_default_base_is_the_pull_requests_base_branch(tmp_path: Path) -> None:
    shutil.copy(EX / "petstore-old.yaml", tmp_path / "openapi.yaml")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "openapi.yaml")
    git(tmp_path, "commit", "-q", "-m", "base")
    git(tmp_path, "update-ref", "refs/remotes/origin/main", "HEAD")
    shutil.copy(EX / "petstore-new.yaml", tmp_path / "openapi.yaml")
    done, summary = _run(tmp_path, NS_PATH="openapi.yaml", NS_COMMAND="check", NS_BASE_REF="main",
                         NS_ARGS="--on 2026-12-01")
    assert done.returncode == 1, done.stderr
    assert "::error file=openapi.yaml,title=unannounced%3A api.operation.removed-without-deprecation" \
        in done.stdout
    assert summary.startswith("## Notice check")


@pytest.mark.parametrize(("inputs", "message"), [
    ({"NS_COMMAND": "diff; touch pwned"}, "command must be diff or check"),
    ({"NS_COMMAND": "diff"}, "no base given and this is not a pull request"),
])
def test_bad_inputs_stop_with_one_annotation(tmp_path: Path, inputs: dict[str, str], message: str) -> None:
    done, _ = _run(tmp_path, NS_PATH="openapi.yaml", **inputs)
    assert done.returncode == 2 and message in done.stdout
    assert not (tmp_path / "pwned").exists()


def test_many_paths_are_one_run_against_the_base_branch(tmp_path: Path) -> None:
    """Three specs in a pull request: one changed, one new, one deleted; one summary, the
    annotations of all three, one exit code."""
    (tmp_path / "apis").mkdir()
    for name in ("pets.yaml", "gone.yaml"):
        shutil.copy(EX / "petstore-old.yaml", tmp_path / "apis" / name)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "apis")
    git(tmp_path, "commit", "-q", "-m", "base")
    git(tmp_path, "update-ref", "refs/remotes/origin/main", "HEAD")
    shutil.copy(EX / "petstore-new.yaml", tmp_path / "apis" / "pets.yaml")
    shutil.copy(EX / "petstore-new.yaml", tmp_path / "apis" / "fresh.yaml")
    (tmp_path / "apis" / "gone.yaml").unlink()
    done, summary = _run(tmp_path, NS_PATH="apis/pets.yaml\napis/fresh.yaml apis/gone.yaml",
                         NS_COMMAND="diff", NS_BASE_REF="main", NS_FAIL_ON="breaking",
                         RUNNER_TEMP=str(tmp_path))
    assert done.returncode == 1, done.stderr
    assert summary.startswith("# nosurprises: 3 specs")
    assert "## `apis/gone.yaml` (removed)" in summary and "## `apis/fresh.yaml` (added)" in summary
    assert f"file={tmp_path / 'apis' / 'pets.yaml'}" in done.stdout
    assert "file=apis/gone.yaml," in done.stdout  # removed: annotated where the base branch had it


@pytest.mark.parametrize(("inputs", "message"), [
    ({"NS_COMMAND": "check", "NS_BASE_REF": "main"}, "several paths go with command diff"),
    ({"NS_COMMAND": "diff", "NS_BASE": "old.yaml", "NS_BASE_REF": "main"}, "leave base empty"),
])
def test_many_paths_refuse_what_takes_one(tmp_path: Path, inputs: dict[str, str], message: str) -> None:
    done, _ = _run(tmp_path, NS_PATH="a.yaml b.yaml", **inputs)
    assert done.returncode == 2 and message in done.stdout
