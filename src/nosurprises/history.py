"""The changelog of a spec's whole history: every version pair in git, compared in one run.

`nosurprises history SPEC` walks the git history of one spec (or of a folder of specs), as
openapi-changes and Optic do. With release tags, a version is the spec as each tag has it
(tags merged into HEAD, oldest first), and HEAD is one more when it differs from the last
tag ("unreleased"); without tags, a version is each commit that changed the spec. Consecutive
versions that differ are the pairs, compared by the batch path (`batch.compare_all`), so a
history reads as `diff` of each pair would, and `--jobs` spreads it over processes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from .errors import InputError
from .load import git
from .pairs import Task


@dataclass(frozen=True)
class Version:
    """One version of the spec: the revision it is read at and how it is named."""

    ref: str
    label: str


def _lines(name: str, *args: str) -> list[str]:
    out = git.run(name, *args)
    return (out or b"").decode("utf-8", "replace").splitlines()


def versions(spec: str, since: str | None = None) -> list[Version]:
    """The versions of `spec`, oldest first: at each release tag, else at each commit that
    changed it; from `since` (included, as the base of the first pair) when given."""
    if git.run(spec, "rev-parse", "--git-dir", check=False) is None:
        raise InputError(spec, "is not in a git repository: history reads the repository's commits")
    if since is not None and git.run(since, "rev-parse", "--verify", "-q", f"{since}^{{commit}}",
                                     check=False) is None:
        raise InputError(f"--since {since}", "is no revision of this repository")
    tags = _lines(spec, "tag", "--merged", "HEAD", "--sort=creatordate")
    if since is not None:
        tags = [t for t in tags if git.run(t, "merge-base", "--is-ancestor", since, t, check=False)
                is not None]
    if tags:
        found = [Version(t, t) for t in tags]
        head = Version("HEAD", "unreleased")
        if _blob(spec, tags[-1]) != _blob(spec, "HEAD"):
            found.append(head)
        if since is not None and since not in tags:
            found.insert(0, Version(since, since))
        return found
    span = [f"{since}..HEAD"] if since else ["HEAD"]
    commits = _lines(spec, "log", "--format=%H %as", *span, "--", spec)
    found = [Version(sha, f"{sha[:10]} ({day})") for sha, day in (c.split(" ", 1) for c in commits)]
    found.reverse()
    if since is not None:
        found.insert(0, Version(since, since))
    return found


def _blob(spec: str, ref: str) -> str | None:
    """What `spec` is at `ref` (a blob or tree id), None when absent: equal ids, equal specs."""
    out = git.run(spec, "rev-parse", "--verify", "-q", f"{ref}:./{spec}", check=False)
    return out.decode().strip() if out else None


def _files(spec: str, ref: str, folder: bool, blob: Callable[[str, str], str | None] = _blob
           ) -> set[str]:
    """The spec's files at `ref`: itself, or a folder's YAML and JSON files, relative to here."""
    if not folder:
        return {spec} if blob(spec, ref) else set()
    names = _lines(spec, "ls-tree", "-r", "--name-only", ref, "--", spec)
    return {n for n in names if n.lower().endswith((".yaml", ".yml", ".json"))}


def tasks(spec: str, since: str | None = None, *, folder: bool = False) -> list[Task]:
    """The pairs of consecutive versions that differ, newest first (as a changelog reads);
    for a folder, one pair per file that changed, appeared or went between two versions."""
    found = versions(spec, since)
    if len(found) < 2:
        raise InputError(spec, "has one version in this history: nothing to compare "
                               "(commit a change, or give an earlier --since)")
    pairs = []
    blob = cache(_blob)  # each version is asked for as the new side, then as the old one
    for old, new in pairwise(found):
        before, after = _files(spec, old.ref, folder, blob), _files(spec, new.ref, folder, blob)
        for path in sorted(before | after):
            if path in before and path in after and blob(path, old.ref) == blob(path, new.ref):
                continue
            name = f"{new.label} (from {old.label})" + (f": {path}" if folder else "")
            pairs.append(Task(name, f"git:{old.ref}:{path}" if path in before else None,
                              f"git:{new.ref}:{path}" if path in after else None))
    pairs.reverse()
    return pairs
