"""Shared test helpers: where the shared corpus is, skipping cleanly without it, and git."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS = ROOT.parent / "shared" / "corpus"


def corpus_dir(*parts: str) -> Path:
    """A folder of ../shared/corpus, or skip: a user's clone does not have it beside it."""
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared corpus not found at {path} (only CI and developers have it)")
    return path


def git(repo: Path, *args: str) -> None:
    """Run git in `repo` with a throwaway identity (tests commit files to read them back)."""
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=repo,
                   check=True, capture_output=True)
