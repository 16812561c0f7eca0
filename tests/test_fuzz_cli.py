"""A bounded fuzz run of the CLI over mutated real documents of every kind (issue 9).

The in-process fuzz tests (`test_fuzz*.py`) replace parsed values; this one mutates the
*bytes* of real files (the shared corpus, `examples/`, `tests/fixtures`) and runs the
command as a user would, in a child bounded in time and memory (`tests/bounded.py`). Each
case has its own fixed seed, so a failure names the input file and the seed to replay it.

Promise checked: exit 0, 1 or 2; no traceback and no "internal error" on stderr; an exit 2
says one line. `NOSURPRISES_FUZZ_CASES` raises the number of cases (default 24, about
30 s on two cores); `NOSURPRISES_FUZZ_SEED` shifts the seeds to explore new cases.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from .bounded import run_cli
from .conftest import CORPUS, FIXTURES, ROOT

CASES = int(os.environ.get("NOSURPRISES_FUZZ_CASES", "24"))
BASE_SEED = int(os.environ.get("NOSURPRISES_FUZZ_SEED", "0"))
MAX_SEED_BYTES = 400_000
"""Larger corpus files are left out: each case should take a second, not ten."""

EX = ROOT / "examples"


def _pairs() -> list[tuple[str, Path, Path]]:
    """(kind, old, new) for every pair small enough to fuzz quickly."""
    found = [("openapi", EX / "petstore-old.yaml", EX / "petstore-new.yaml"),
             ("terms", FIXTURES / "terms" / "old.md", FIXTURES / "terms" / "new.md")]
    for kind in ("openapi", "pricing", "terms"):
        root = CORPUS / kind
        for folder in sorted(root.iterdir()) if root.exists() else ():
            files = {f.stem: f for f in folder.iterdir()} if folder.is_dir() else {}
            if {"old", "new"} <= files.keys() and files["new"].stat().st_size <= MAX_SEED_BYTES:
                found.append((kind, files["old"], files["new"]))
    return found


PAIRS = _pairs()
SIDE_FILES = {"events": EX / "events.yaml", "ledger": EX / "notices.yaml",
              "policy": EX / "nosurprises.yaml", "usage": EX / "usage.csv"}

_TOKENS = [b"\x00", b"{", b"}", b"[", b"- ", b": ", b"&a ", b"*a", b"!!python/object ", b"\r",
           b"\xef\xbb\xbf", b"\xff\xfe", b"99999999999999999999999", b"1" * 5000, b"-1",
           b"$ref: '#/x'", b'"$ref": "../../../etc/passwd"', b"\n#", b"|", b"\t", b"\x1b[2J",
           b"::error::x", b"0001-01-01", b"9999-12-31", b" " * 2000, b"\xe2\x80\xae"]


def mutate(data: bytes, rng: random.Random) -> bytes:
    """A few byte-level edits: flips, cut or repeated ranges, hostile tokens, truncation."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        where = rng.randrange(len(out) + 1)
        how = rng.randrange(6)
        if how == 0 and out:
            out[min(where, len(out) - 1)] = rng.randrange(256)
        elif how == 1:
            del out[where:where + rng.randint(1, 200)]
        elif how == 2:
            chunk = out[where:where + rng.randint(1, 400)]
            out[where:where] = bytes(chunk) * rng.randint(1, 20)
        elif how == 3:
            out[where:where] = rng.choice(_TOKENS)
        elif how == 4:
            del out[where:]
        else:
            line = out.rfind(b"\n", 0, where) + 1
            out[line:line] = b"  " * rng.randint(1, 40)
    return bytes(out)


def _case(case: int, tmp: Path) -> tuple[list[str], Path]:
    """The command of case `case` and the mutated file it reads."""
    rng = random.Random(BASE_SEED * 1_000_003 + case)
    kind, old, new = PAIRS[case % len(PAIRS)]
    target = rng.choice(["new", "old", "new", "side"])
    side = rng.choice(sorted(SIDE_FILES))
    source = SIDE_FILES[side] if target == "side" else new if target == "new" else old
    mutated = tmp / f"mutated-{case}{source.suffix}"
    mutated.write_bytes(mutate(source.read_bytes(), rng))
    left = mutated if target == "old" else old
    right = mutated if target == "new" else new
    if target == "side" and side == "usage":
        pricing = [p for p in PAIRS if p[0] == "pricing"] or [(kind, old, new)]
        _, left, right = pricing[case % len(pricing)]
        args = ["diff", str(left), str(right), "--usage", str(mutated)]
    elif target == "side" and side != "usage":
        option = {"events": "--events", "ledger": "--ledger", "policy": "--policy"}[side]
        args = ["check", str(left), str(right), option, str(mutated), "--on", "2026-12-01"]
    else:
        fmt = rng.choice(["text", "json", "markdown", "github", "sarif", "junit", "html"])
        args = [rng.choice(["diff", "check"]), str(left), str(right), "--format", fmt,
                "--on", "2026-12-01"]
        if args[0] == "diff":
            args = args[:-2]
    return args, mutated


@pytest.mark.skipif(not PAIRS, reason="no seed documents")
@pytest.mark.parametrize("case", range(CASES))
def test_mutated_documents_never_crash_hang_or_blow_up(case: int, tmp_path: Path) -> None:
    args, mutated = _case(case, tmp_path)
    replay = (f"case {case} (NOSURPRISES_FUZZ_SEED={BASE_SEED}); input kept at {mutated}; "
              f"command: nosurprises {' '.join(args)}")
    try:
        run = run_cli(args, cwd=tmp_path, timeout=60)
    except Exception as exc:  # a hang (TimeoutExpired) is a failure too
        pytest.fail(f"{type(exc).__name__}: {replay}")
    where = f"{replay}\nexit {run.code}; stderr:\n{run.err[-2000:]}"
    assert run.code in (0, 1, 2), where
    assert "Traceback" not in run.err and "internal error" not in run.err, where
    if run.code == 2:
        assert len(run.err.strip().splitlines()) == 1, where


def test_mutation_is_reproducible_from_its_seed() -> None:
    data = (EX / "petstore-new.yaml").read_bytes()
    assert mutate(data, random.Random(7)) == mutate(data, random.Random(7))
    assert any(mutate(data, random.Random(s)) != data for s in range(5))
