"""TOML files (`pyproject.toml`'s `[tool.nosurprises]`), read as every other input is: a path
or `git:REF:PATH`, within the size limit, each problem one line naming the file."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from ..errors import InputError
from . import git
from .limits import MAX_BYTES


def read_toml(source: Path | str) -> dict[str, Any]:
    """A TOML file (or `git:REF:PATH`) as data; every problem one line naming it."""
    name = str(source)
    try:
        if name.startswith(git.PREFIX):
            raw = git.read(git.parse(name), MAX_BYTES)
        else:
            path = Path(source)
            if path.stat().st_size > MAX_BYTES:
                raise InputError(name, f"is over the limit of {MAX_BYTES:,} bytes")
            raw = path.read_bytes()
        return tomllib.loads(raw.decode("utf-8"))
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(name, f"is not valid TOML ({exc})") from None
    except RecursionError:  # tomllib recurses once per nested array or inline table
        raise InputError(name, "is not valid TOML here: arrays or inline tables nest too deeply "
                               "to be read (a few hundred levels at most)") from None
    except OSError as exc:  # a directory, no permission: still the user's to fix
        raise InputError(name, f"cannot be read ({exc.strerror or exc})") from None
