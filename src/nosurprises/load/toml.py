"""TOML files (`pyproject.toml`'s `[tool.nosurprises]`), read as every other input is: a path
or `git:REF:PATH`, within the size limit, each problem one line naming the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import InputError
from . import git
from .limits import MAX_BYTES


def read_toml(source: Path | str, mentioning: str | None = None) -> dict[str, Any]:
    """A TOML file (or `git:REF:PATH`) as data; every problem one line naming it.

    With `mentioning`, a file whose text never spells it is `{}`, unparsed: a project's
    `pyproject.toml` is read on every run and most have no `[tool.nosurprises]` (a key is
    spelt with its name; TOML's escapes exist in quoted keys, where nobody writes one), and
    importing and running the parser would cost a run of a small spec a few per cent."""
    name = str(source)
    raw = _read(name)
    if mentioning is not None and mentioning.encode() not in raw:
        return {}
    import tomllib

    try:
        return tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(name, f"is not valid TOML ({exc})") from None
    except RecursionError:  # tomllib recurses once per nested array or inline table
        raise InputError(name, "is not valid TOML here: arrays or inline tables nest too deeply "
                               "to be read (a few hundred levels at most)") from None


def _read(name: str) -> bytes:
    try:
        if name.startswith(git.PREFIX):
            return git.read(git.parse(name), MAX_BYTES)
        path = Path(name)
        if path.stat().st_size > MAX_BYTES:
            raise InputError(name, f"is over the limit of {MAX_BYTES:,} bytes")
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except OSError as exc:  # a directory, no permission: still the user's to fix
        raise InputError(name, f"cannot be read ({exc.strerror or exc})") from None
