"""Colour on a terminal: only on a TTY, never with NO_COLOR, forced by FORCE_COLOR or `--color`.

Run as real processes: the standard output is a pseudo-terminal (the `pty` module) or a pipe,
and the environment holds only the variables each case sets.
"""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

OLD = str(ROOT / "examples" / "petstore-old.yaml")
NEW = str(ROOT / "examples" / "petstore-new.yaml")
ESC = "\x1b["
COMMANDS = {
    "diff": ["diff", OLD, NEW],
    "check": ["check", OLD, NEW, "--on", "2026-12-01"],
    "rules": ["rules"],
}


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TERM")}
    return {**env, "TERM": "xterm-256color", **extra}


def _on_terminal(args: list[str], **env: str) -> str:
    """The output of `nosurprises ARGS` with a pseudo-terminal as its standard output."""
    main, child = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "nosurprises", *args], stdout=child,
                            stderr=subprocess.DEVNULL, env=_env(**env))
    os.close(child)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    proc.wait(timeout=120)
    return b"".join(chunks).decode()


def _piped(args: list[str], **env: str) -> str:
    return subprocess.run([sys.executable, "-m", "nosurprises", *args], capture_output=True,
                          text=True, timeout=120, env=_env(**env), check=False).stdout


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_terminal_gets_colour(command: str) -> None:
    out = _on_terminal(COMMANDS[command])
    assert ESC in out
    if command == "diff":
        assert "\x1b[1;31mBREAKING (6 distinct, 8 by operation)\x1b[0m" in out
        assert "\x1b[2mINFO (6 distinct, 7 by operation)\x1b[0m" in out


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_no_color_turns_it_off_on_a_terminal(command: str) -> None:
    out = _on_terminal(COMMANDS[command], NO_COLOR="1")
    assert ESC not in out and out.strip()
    assert ESC not in _on_terminal(COMMANDS[command], NO_COLOR="1", FORCE_COLOR="1")


def test_an_empty_no_color_is_not_set() -> None:
    assert ESC in _on_terminal(COMMANDS["diff"], NO_COLOR="")


def test_dumb_terminal_and_never_give_none() -> None:
    assert ESC not in _on_terminal(COMMANDS["diff"], TERM="dumb")
    assert ESC not in _on_terminal([*COMMANDS["diff"], "--color", "never"])


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_pipe_gets_none_unless_forced(command: str) -> None:
    assert ESC not in _piped(COMMANDS[command])
    assert ESC in _piped(COMMANDS[command], FORCE_COLOR="1")
    assert ESC not in _piped(COMMANDS[command], FORCE_COLOR="0")
    assert ESC in _piped([*COMMANDS[command], "--color", "always"])
    assert ESC in _piped([*COMMANDS[command], "--color", "always"], NO_COLOR="1")  # the option decides


def test_only_the_text_formats_are_coloured() -> None:
    for fmt in ("json", "markdown", "github", "sarif", "junit", "html"):
        assert ESC not in _on_terminal([*COMMANDS["diff"], "--format", fmt]), fmt


def test_a_file_gets_colour_only_when_asked(tmp_path: Path) -> None:
    out = tmp_path / "report.txt"
    _on_terminal([*COMMANDS["diff"], "--output", str(out)])
    assert ESC not in out.read_text()
    _on_terminal([*COMMANDS["diff"], "--output", str(out), "--color", "always"])
    assert ESC in out.read_text()
