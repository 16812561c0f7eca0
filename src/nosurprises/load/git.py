"""Documents read from git: `git:REF:PATH`, e.g. `git:origin/main:api/openapi.yaml`.

A pull-request check compares the spec on the base branch with the working tree without a
second checkout. Only the local repository is read (`git cat-file`, `git show`), never a
remote. PATH is relative to the current directory, as in `git show REF:./PATH`; relative
`$ref`s inside are read from the same REF.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from ..errors import InputError

PREFIX = "git:"


@dataclass(frozen=True)
class GitPlace:
    """A file at a revision: the revision and the path from the repository's top."""

    ref: str
    path: str

    @property
    def folder(self) -> str:
        return posixpath.dirname(self.path)

    def sibling(self, relative: str) -> GitPlace:
        return GitPlace(self.ref, posixpath.normpath(posixpath.join(self.folder, relative)))

    def __str__(self) -> str:
        return f"{PREFIX}{self.ref}:{self.path}"


def parse(spec: str) -> GitPlace:
    """`git:REF:PATH` with PATH taken relative to the current directory."""
    _, _, rest = spec.partition(PREFIX)
    ref, sep, path = rest.partition(":")
    if not sep or not ref or not path:
        raise InputError(spec, "is not of the form git:REF:PATH (e.g. git:origin/main:openapi.yaml)")
    prefix = _git(spec, "rev-parse", "--show-prefix").decode().strip()
    full = posixpath.normpath(posixpath.join(prefix, path))
    if full.startswith("../") or full == "..":
        raise InputError(spec, "leaves the repository")
    return GitPlace(ref, full)


def read(place: GitPlace, max_bytes: int, label: str | None = None) -> bytes:
    """The bytes of the file at that revision, with the size checked before reading."""
    name = label or str(place)
    obj = f"{place.ref}:{place.path}"
    size = int(_git(name, "cat-file", "-s", obj).decode().strip() or 0)
    if size > max_bytes:
        raise InputError(name, f"is {size:,} bytes, over the limit of {max_bytes:,} bytes")
    return _git(name, "cat-file", "blob", obj)


def run(name: str, *args: str, check: bool = True) -> bytes | None:
    """git's output for `args` in the current directory; errors name `name`.

    A failure is an `InputError` with git's last line, or None when `check` is off (the
    caller asks whether something exists). No standard input, and a time bound.
    """
    import subprocess  # here: most runs read no file from git

    try:
        done = subprocess.run(["git", *args], capture_output=True, timeout=60, check=False,
                              stdin=subprocess.DEVNULL)
    except FileNotFoundError:
        raise InputError(name, "needs git, which is not installed") from None
    except subprocess.TimeoutExpired:
        raise InputError(name, "git did not answer within 60 seconds") from None
    if done.returncode != 0:
        if not check:
            return None
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(name, f"cannot be read from git ({reason[-1] if reason else 'failed'})")
    return done.stdout


def _git(name: str, *args: str) -> bytes:
    out = run(name, *args)
    assert out is not None  # checked: a failure raised
    return out
