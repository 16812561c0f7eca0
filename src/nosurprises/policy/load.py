"""Reading policies: packs shipped in the wheel, `nosurprises.yaml`, `[tool.nosurprises]`.

Every problem names the file, the entry and the field, and nothing is silently ignored:
an unknown pack, a misspelt key, a rule glob that matches no rule id.
"""

from __future__ import annotations

import fnmatch
import os
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import InputError
from ..load import git, load_document
from ..load.toml import read_toml as read_toml  # re-exported: where it was first
from ..load.validation import describe, did_you_mean
from ..rules import CATALOG
from .model import NoticeRule, Policy, PolicyFile

IMPLEMENTED = ("api", "event")
"""Subjects whose rule ids exist: a glob under them that matches nothing is a mistake.
Globs under subjects still to come (`pricing.*`, `terms.*`) are accepted as written."""


class Pack(BaseModel):
    """A named set of notice rules with the sources of its numbers."""

    name: str
    description: str
    rules: list[NoticeRule]


def pack_names() -> list[str]:
    folder = resources.files("nosurprises.policy") / "packs"
    return sorted(p.name.removesuffix(".yaml") for p in folder.iterdir()
                  if p.name.endswith(".yaml"))


@cache
def load_pack(name: str) -> Pack:
    """A pack shipped with the library, by name (`default`, `strict`, ...)."""
    if name not in pack_names():
        raise InputError(f"pack {name!r}", f"no such policy pack; known: {', '.join(pack_names())}")
    text = (resources.files("nosurprises.policy") / "packs" / f"{name}.yaml").read_text("utf-8")
    label = f"pack {name}"
    return _validated(Pack, load_document(text, label=label).data, label)


def load_policy(path: str | Path | None = None) -> tuple[Policy, list[NoticeRule]]:
    """The policy and its effective rules (packs first, in order, then its own).

    With no path, `nosurprises.yaml` then `pyproject.toml` (`[tool.nosurprises.policy]`)
    in the current directory are used; with neither, the `default` pack alone.
    """
    if path is not None and not isinstance(path, str | os.PathLike):
        raise InputError("<policy>", f"cannot load a policy from a {type(path).__name__}; "
                                     "give the path of a file")
    where = path if isinstance(path, str) and path.startswith(git.PREFIX) else \
        (Path(path) if path else None)
    policy, label, prefix = _find(where)
    rules: list[NoticeRule] = []
    for i, name in enumerate(policy.extends):
        if name not in pack_names():  # named here, not by load_pack: the user must find the line
            raise InputError(label, f"{prefix}.extends[{i}]: no such policy pack {name!r}; "
                                    f"known: {', '.join(pack_names())}")
        rules += load_pack(name).rules
    _check_globs(policy.rules, label, prefix)
    return policy, rules + policy.rules


def policy_label(path: str | Path | None = None) -> str:
    """The file `load_policy(path)` reads (or "the default policy"), for messages."""
    return _find(Path(path) if path else None)[1]


def _find(path: Path | str | None) -> tuple[Policy, str, str]:
    """The policy, its file and where in the file it sits (for error messages).

    `path` may be `git:REF:PATH` (the policy as it was at a revision, for `check`).
    """
    candidates = [path] if path else [Path("nosurprises.yaml"), Path("pyproject.toml")]
    for candidate in candidates:
        if path is None and not Path(candidate).exists():
            continue
        label = str(candidate)
        if str(candidate).endswith(".toml"):
            prefix = "tool.nosurprises"
            tool = read_toml(candidate).get("tool")
            data = tool.get("nosurprises") if isinstance(tool, dict) else None
            if path is None and not (isinstance(data, dict) and "policy" in data):
                continue
            if not isinstance(data, dict) or "policy" not in data:
                raise InputError(label, "has no [tool.nosurprises.policy] table"
                                        + _unknown_keys(data, prefix))
        else:
            prefix = ""
            data = load_document(candidate).data
            if path is None and isinstance(data, dict) and "policy" not in data and any(
                    k in data for k in PolicyFile.model_fields):
                continue  # a file of options only: the default policy
            if not isinstance(data, dict) or "policy" not in data:
                raise InputError(label, "has no `policy` section" + _unknown_keys(data, prefix))
        unknown = _unknown_keys(data, prefix)
        if unknown:
            raise InputError(label, unknown.strip(" ()"))
        return _validated(PolicyFile, data, label, prefix=prefix).policy, label, \
            f"{prefix}.policy".lstrip(".")
    return Policy(), "the default policy", "policy"


def _unknown_keys(data: Any, prefix: str) -> str:
    """` (where: unknown key; did you mean 'policy'?)` for the file's first unknown key, or ''.

    The file's own keys are checked before its policy: a misspelt `polciy:` must be named,
    not leave the default pack silently in force.
    """
    if not isinstance(data, dict):
        return ""
    for key in data:
        if key not in PolicyFile.model_fields:
            where = f"{prefix}.{key}" if prefix else str(key)
            hint = did_you_mean(str(key), PolicyFile.model_fields)
            return f" ({where}: unknown key{hint or '; the file holds one `policy` mapping'})"
    return ""


def _validated(model: type[BaseModel], data: Any, label: str, prefix: str = "") -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InputError(label, describe(exc, data, prefix, model=model)) from None


def _check_globs(rules: list[NoticeRule], label: str, prefix: str) -> None:
    for i, rule in enumerate(rules):
        for pattern in rule.match:
            subject = pattern.split(".", 1)[0]
            if subject not in IMPLEMENTED or any(fnmatch.fnmatchcase(r, pattern) for r in CATALOG):
                continue
            raise InputError(label, f"{prefix}.rules[{i}] (entry {rule.id!r}).match: "
                                    f"{pattern!r} matches no rule id (see `nosurprises rules`)")
