"""Hostile 7: a pull request must not weaken the gate that judges it.

Each case is a real git repository: the base branch as committed, the pull request as the
working tree, and `check --base-ref` (what the GitHub Action passes by default) comparing
the ledger and the policy with the base revision's.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import ROOT, git
from .test_action import _run as run_action

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is needed")
EX = ROOT / "examples"
BASE_DAY = "2026-06-01"
"""The committer date of the base revision (UTC)."""
REMOVAL = {"id": "old-removal", "summary": "We remove the old operation.", "announced": "2025-01-01",
           "effective": "2026-06-01", "channels": ["email"],
           "covers": {"rules": ["api.operation.removed*"]}}


def _repo(tmp_path: Path, files: dict[str, object]) -> Path:
    """A repository whose `main` (and `origin/main`) holds `files`, committed on BASE_DAY."""
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copy(EX / "petstore-old.yaml", repo / "openapi.yaml")
    _write(repo, files)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    env = {**os.environ, "GIT_COMMITTER_DATE": f"{BASE_DAY}T12:00:00Z",
           "GIT_AUTHOR_DATE": f"{BASE_DAY}T12:00:00Z"}
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "base"],
                   cwd=repo, env=env, check=True, capture_output=True)
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    shutil.copy(EX / "petstore-new.yaml", repo / "openapi.yaml")  # the pull request's change
    return repo


def _write(repo: Path, files: dict[str, object]) -> None:
    for name, content in files.items():
        path = repo / name
        if content is None:
            path.unlink(missing_ok=True)
        else:
            path.write_text(content if isinstance(content, str) else yaml.safe_dump(content),
                            encoding="utf-8")


def _check(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "nosurprises", "check", "git:main:openapi.yaml",
                           "openapi.yaml", "--on", "2026-12-01", *args], cwd=repo,
                          capture_output=True, text=True, timeout=120, check=False)


def _star(announced: str) -> dict:
    return {"id": "everything", "summary": "All of it.", "announced": announced,
            "effective": "2026-07-01", "channels": ["email"], "covers": {"rules": ["*"]}}


# --- the ledger: a new entry dated in the past, covering `*` ---------------------------------

def test_a_backdated_new_entry_covering_everything_is_refused(tmp_path: Path) -> None:
    repo = _repo(tmp_path, {"notices.yaml": {"notices": [REMOVAL]}})
    _write(repo, {"notices.yaml": {"notices": [REMOVAL, _star("2024-01-01")]}})
    assert _check(repo).returncode == 0  # the bypass: every short change is "covered"
    for guard in (["--base-ref", "main"], ["--ledger-base", "git:main:notices.yaml"]):
        done = _check(repo, *guard)
        assert done.returncode == 1, done.stderr
        assert ("nosurprises: notices.yaml: Entry 'everything' is new but says it was announced "
                f"on 2024-01-01, before the base revision main ({BASE_DAY})") in done.stderr
        assert "old-removal" not in done.stderr  # the base's own entries are not new


def test_a_new_entry_announced_on_or_after_the_base_day_is_accepted(tmp_path: Path) -> None:
    repo = _repo(tmp_path, {"notices.yaml": {"notices": []}})
    _write(repo, {"notices.yaml": {"notices": [_star(BASE_DAY)]}})
    done = _check(repo, "--base-ref", "main")
    assert "is new but" not in done.stderr and "nosurprises:" not in done.stderr, done.stderr


def test_the_first_pull_request_adding_a_ledger_can_be_checked(tmp_path: Path) -> None:
    """The base has no ledger: it is an empty one, not an error, for both options."""
    repo = _repo(tmp_path, {})
    _write(repo, {"notices.yaml": {"notices": [_star("2026-06-05")]}})
    for guard in (["--base-ref", "main"], ["--ledger-base", "git:main:notices.yaml"]):
        done = _check(repo, *guard, "-f", "json")
        assert done.returncode in (0, 1) and done.stdout.startswith("{")  # judged, not refused
        assert done.stderr == ""
    _write(repo, {"notices.yaml": {"notices": [_star("2026-05-01")]}})
    done = _check(repo, "--base-ref", "main")
    assert done.returncode == 1 and "Entry 'everything' is new" in done.stderr


def test_deleting_the_ledger_is_refused(tmp_path: Path) -> None:
    repo = _repo(tmp_path, {"notices.yaml": {"notices": [REMOVAL]}})
    _write(repo, {"notices.yaml": None})
    done = _check(repo, "--base-ref", "main")
    assert done.returncode == 1
    assert "Entry 'old-removal' (announced 2025-01-01) was removed" in done.stderr


# --- the policy: edited down to nothing ---------------------------------------------------------

@pytest.mark.parametrize(("base_files", "label"), [
    ({"nosurprises.yaml": "policy:\n  extends: [default]\n"}, "nosurprises.yaml"),
    ({}, "nosurprises.yaml"),  # no policy at the base: the default pack applied
    ({"pyproject.toml": "[tool.nosurprises.policy]\nextends = ['default']\n"}, "nosurprises.yaml"),
])
def test_a_policy_edited_down_to_nothing_is_reported(tmp_path: Path, base_files: dict[str, object],
                                                     label: str) -> None:
    repo = _repo(tmp_path, base_files)
    _write(repo, {"pyproject.toml": None, "nosurprises.yaml": "policy:\n  extends: []\n"})
    assert _check(repo).returncode == 0  # the bypass: everything is not-required
    done = _check(repo, "--base-ref", "main")
    assert done.returncode == 1
    lines = [line for line in done.stderr.splitlines() if "less notice than at the base" in line]
    assert lines and all(line.startswith(f"nosurprises: {label}: The policy gives `") for line in lines)
    assert "api.operation.removed" in done.stderr and "no notice now" in done.stderr
    verdict = done.stdout.splitlines()[-1]  # the verdict line itself says why the gate failed
    assert verdict.startswith("Nothing may ship: the policy gives less notice than the base revision's")
    assert "POLICY WEAKENED" in done.stdout and "LEDGER REWRITTEN" not in done.stdout
    report = json.loads(_check(repo, "--base-ref", "main", "--format", "json").stdout)
    assert report["policy_problems"] and not report["ledger_problems"]


def test_an_explicit_policy_base_and_a_weakened_number(tmp_path: Path) -> None:
    rule = "policy:\n  extends: [default]\n  rules:\n    - id: ours\n      match: ['api.*']\n" \
           "      min_days: {}\n"
    repo = _repo(tmp_path, {"p.yaml": rule.format(500)})
    _write(repo, {"p.yaml": rule.format(400)})
    done = _check(repo, "--policy", "p.yaml", "--policy-base", "git:main:p.yaml")
    assert done.returncode == 1
    assert "at least 500 days before, at least 400 days now" in done.stderr
    assert _check(repo, "--policy", "p.yaml", "--base-ref", "main").stderr.count("500 days") >= 1


def test_a_stricter_policy_passes(tmp_path: Path) -> None:
    repo = _repo(tmp_path, {"nosurprises.yaml": "policy:\n  extends: [default]\n"})
    _write(repo, {"nosurprises.yaml": "policy:\n  extends: [default, strict]\n  days: business\n"})
    done = _check(repo, "--base-ref", "main")
    assert "less notice" not in done.stderr and "days` changed" not in done.stderr


def test_business_to_calendar_days_is_a_weaker_policy(tmp_path: Path) -> None:
    repo = _repo(tmp_path, {"nosurprises.yaml": "policy:\n  days: business\n"})
    _write(repo, {"nosurprises.yaml": "policy:\n  days: calendar\n"})
    done = _check(repo, "--base-ref", "main")
    assert done.returncode == 1 and "`days` changed from business to calendar" in done.stderr


@pytest.mark.parametrize("ref", ["no-such-branch", "--output=/tmp/x"])
def test_a_bad_base_ref_is_one_line(tmp_path: Path, ref: str) -> None:
    repo = _repo(tmp_path, {})
    done = _check(repo, f"--base-ref={ref}")
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert "is not a" in done.stderr and "internal error" not in done.stderr


# --- the Action passes the base revision by default --------------------------------------------

@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is needed")
def test_the_action_compares_with_the_base_branch_by_default(tmp_path: Path) -> None:
    repo = _repo(tmp_path, {"notices.yaml": {"notices": [REMOVAL]}})
    _write(repo, {"notices.yaml": {"notices": [_star("2024-01-01")]}})  # rewritten and backdated
    inputs = {"NS_PATH": "openapi.yaml", "NS_COMMAND": "check", "NS_BASE_REF": "main",
              "NS_ARGS": "--on 2026-12-01"}
    done, _ = _run_in(repo, inputs)
    assert done.returncode == 1
    assert "Entry 'old-removal' (announced 2025-01-01) was removed" in done.stderr
    assert "Entry 'everything' is new" in done.stderr
    done, _ = _run_in(repo, {**inputs, "NS_BASE_REVISION": "none"})  # the documented opt-out
    assert "was removed" not in done.stderr


def _run_in(repo: Path, inputs: dict[str, str]) -> tuple[subprocess.CompletedProcess[str], str]:
    """The Action's step, run in `repo` (test_action's runner works in its tmp_path)."""
    return run_action(repo, **inputs)


# --- the invariant behind the policy comparison -------------------------------------------------

def test_the_default_pack_is_not_weaker_than_itself() -> None:
    from nosurprises.policy.base import weakened
    from nosurprises.policy.load import load_pack
    from nosurprises.policy.model import Policy

    default = (Policy(), load_pack("default").rules)
    assert weakened(default, default) == []
    assert weakened(default, (Policy(extends=[]), []))  # and nothing is weaker than it


_GLOBS = ["*", "api.*", "api.operation.removed*", "terms.*", "pricing.*", "event.sale", "nomatch.*"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.fixed_dictionaries({
    "match": st.lists(st.sampled_from(_GLOBS), min_size=1, max_size=2),
    "level": st.none() | st.lists(st.sampled_from(["breaking", "warning", "info"]), min_size=1),
    "audience": st.none() | st.lists(st.sampled_from(["all", "api", "eu-business"]), min_size=1),
    "stability": st.none() | st.lists(st.sampled_from(["alpha", "beta", "stable"]), min_size=1),
    "min_days": st.integers(0, 400),
}), max_size=3), st.sampled_from(["default", "strict", "eu-p2b"]))
def test_adding_rules_never_weakens_a_policy(extra: list[dict], pack: str) -> None:
    """Longest minimum and shortest maximum win, so a rule added can only ask more notice;
    the comparison must agree, whatever the rule."""
    from nosurprises.policy.base import weakened
    from nosurprises.policy.load import load_pack
    from nosurprises.policy.model import NoticeRule, Policy

    base_rules = list(load_pack(pack).rules)
    added = [NoticeRule(id=f"extra{i}", **rule) for i, rule in enumerate(extra)]
    assert weakened((Policy(), base_rules), (Policy(), base_rules + added)) == []
