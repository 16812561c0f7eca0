"""Shared test helpers: where the shared corpus is, and skipping cleanly without it."""

from __future__ import annotations

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
