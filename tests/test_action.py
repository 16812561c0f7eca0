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
from .fake_github import TOKEN, FakeGitHub, environment, serving

pytestmark = pytest.mark.skipif(shutil.which("bash") is None or shutil.which("git") is None,
                                reason="bash and git are needed")
EX = ROOT / "examples"
PETS = {"NS_PATH": str(EX / "petstore-new.yaml"), "NS_BASE": str(EX / "petstore-old.yaml")}


def _step(name: str = "Compare") -> dict:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    return next(s for s in action["runs"]["steps"] if s.get("name") == name)


def _run(tmp_path: Path, step_name: str = "Compare", **inputs: str
         ) -> tuple[subprocess.CompletedProcess[str], str]:
    step = _step(step_name)
    env = {k: "" for k in step["env"]}  # what GitHub passes for inputs not given
    env.update(inputs)
    summary = tmp_path / "summary.md"
    env |= {"PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
            "GITHUB_STEP_SUMMARY": str(summary), "HOME": str(tmp_path),
            "GITHUB_OUTPUT": str(tmp_path / "output.txt"), "RUNNER_TEMP": str(tmp_path)}
    done = subprocess.run(["bash", "-c", step["run"]], env=env, cwd=tmp_path, capture_output=True,
                          text=True, timeout=120)
    return done, summary.read_text() if summary.exists() else ""


def _outputs(tmp_path: Path) -> dict[str, str]:
    """The step outputs the last run wrote (`name=value` lines of `$GITHUB_OUTPUT`)."""
    lines = (tmp_path / "output.txt").read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines)


@pytest.mark.parametrize("name", ["Compare", "Comment"])
def test_inputs_reach_the_script_only_through_the_environment(name: str) -> None:
    step = _step(name)
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


# --- the pull-request comment ------------------------------------------------------------------


def test_the_comment_step_runs_after_a_failed_gate_and_gets_the_token_alone() -> None:
    step = _step("Comment")
    assert step["if"] == "${{ !cancelled() }}"  # a failing gate is when the comment matters most
    assert step["env"]["NS_REPORT"] == "${{ steps.compare.outputs.report }}"
    assert _step("Compare")["id"] == "compare"
    assert [k for k, v in _step("Compare")["env"].items() if "github-token" in v] == ["NS_COMMENT"]
    assert "nosurprises diff" not in step["run"] and "nosurprises check" not in step["run"]


def _gate_and_comment(tmp_path: Path, fake: FakeGitHub, token: str = TOKEN
                      ) -> tuple[subprocess.CompletedProcess[str], subprocess.CompletedProcess[str]]:
    """The comparing step, then the comment step with what it wrote, as GitHub runs them."""
    gate, _ = _run(tmp_path, **PETS, NS_COMMAND="diff", NS_FAIL_ON="breaking",
                   NS_COMMENT="true" if token else "false")
    report = _outputs(tmp_path)["report"]
    env = environment(fake, tmp_path, token)
    comment, _ = _run(tmp_path, "Comment", NS_REPORT=report, NS_COMMAND="diff", NS_PATH=PETS["NS_PATH"],
                      **env)
    assert TOKEN not in gate.stdout + gate.stderr + comment.stdout + comment.stderr
    return gate, comment


def test_the_report_is_posted_once_and_the_gate_keeps_its_exit_code(tmp_path: Path) -> None:
    with serving() as fake:
        gate, comment = _gate_and_comment(tmp_path, fake)
        assert gate.returncode == 1 and comment.returncode == 0, comment.stderr
        assert comment.stdout.startswith("nosurprises: comment created on acme/pets#7")
        [posted] = fake.comments
        report = Path(_outputs(tmp_path)["report"]).read_text(encoding="utf-8")
        assert posted["body"].split("\n", 1)[1] == report  # the summary's report, not a new run
        assert (tmp_path / "summary.md").read_text(encoding="utf-8").startswith(report)
        gate, comment = _gate_and_comment(tmp_path, fake)
        assert "comment unchanged" in comment.stdout
        assert len(fake.comments) == 1 and [r.method for r in fake.writes()] == ["POST"]


def test_without_a_token_nothing_is_sent(tmp_path: Path) -> None:
    with serving() as fake:
        gate, comment = _gate_and_comment(tmp_path, fake, token="")
    assert gate.returncode == 1 and comment.returncode == 0
    assert "nothing was sent over the network" in comment.stdout
    assert fake.requests == []


def test_a_failed_post_is_a_warning_not_a_failure(tmp_path: Path) -> None:
    with serving() as fake:
        fake.failures.append(("POST", 403, "Resource not accessible by integration"))
        gate, comment = _gate_and_comment(tmp_path, fake)
    assert gate.returncode == 1 and comment.returncode == 0
    [line] = comment.stdout.splitlines()
    assert line.startswith("::warning title=nosurprises comment::nosurprises: GitHub API: POST ")
    assert "403 Forbidden" in line and "pull-requests: write" in line


def test_no_report_no_comment(tmp_path: Path) -> None:
    """The comparison stopped on bad input before it wrote a report: nothing to post."""
    with serving() as fake:
        done, _ = _run(tmp_path, "Comment", NS_REPORT="", NS_COMMAND="diff", **environment(fake, tmp_path))
    assert done.returncode == 0 and "wrote no report" in done.stdout and fake.requests == []


def _many_operations(path: Path, count: int) -> None:
    paths = {f"/items{i}": {"get": {"responses": {"200": {"description": "ok"}}}} for i in range(count)}
    path.write_text(yaml.safe_dump({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
                                    "paths": paths}), encoding="utf-8")


def test_with_a_comment_the_report_fits_one(tmp_path: Path) -> None:
    """2,000 removed operations: a 1 MiB summary without a token, a comment's 63 KiB with one."""
    _many_operations(tmp_path / "old.yaml", 2000)
    _many_operations(tmp_path / "new.yaml", 0)
    files = {"NS_PATH": str(tmp_path / "new.yaml"), "NS_BASE": str(tmp_path / "old.yaml")}
    sizes = {}
    for comment in ("false", "true"):
        done, _ = _run(tmp_path, **files, NS_COMMAND="diff", NS_FAIL_ON="", NS_COMMENT=comment)
        assert done.returncode == 0, done.stderr
        sizes[comment] = len(Path(_outputs(tmp_path)["report"]).read_bytes())
    assert sizes["false"] > 65_536 >= sizes["true"] + 1024


def test_every_input_is_in_the_docs() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    table = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8").split("| input | meaning | default |", 1)[1]
    rows = {line.split("|")[1].strip().strip("`") for line in table.split("\n\n", 1)[0].splitlines()[2:]}
    assert rows == set(action["inputs"])
