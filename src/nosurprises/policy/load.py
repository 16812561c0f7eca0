"""Reading policies: packs shipped in the wheel, `nosurprises.yaml`, `[tool.nosurprises]`.

Every problem names the file, the entry and the field, and nothing is silently ignored:
an unknown pack, a misspelt key, a rule glob that matches no rule id.
"""

from __future__ import annotations

import fnmatch
import os
import tomllib
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import InputError
from ..load import load_document
from ..rules import CATALOG
from .model import NoticeRule, Policy

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
    policy, label, prefix = _find(Path(path) if path else None)
    rules: list[NoticeRule] = []
    for i, name in enumerate(policy.extends):
        if name not in pack_names():  # named here, not by load_pack: the user must find the line
            raise InputError(label, f"{prefix}.extends[{i}]: no such policy pack {name!r}; "
                                    f"known: {', '.join(pack_names())}")
        rules += load_pack(name).rules
    _check_globs(policy.rules, label, prefix)
    return policy, rules + policy.rules


def _find(path: Path | None) -> tuple[Policy, str, str]:
    """The policy, its file and where in the file it sits (for error messages)."""
    candidates = [path] if path else [Path("nosurprises.yaml"), Path("pyproject.toml")]
    for candidate in candidates:
        if path is None and not candidate.exists():
            continue
        label = str(candidate)
        if candidate.suffix == ".toml":
            prefix = "tool.nosurprises.policy"
            tool = _toml(candidate).get("tool")
            data = tool.get("nosurprises") if isinstance(tool, dict) else None
            if path is None and not (isinstance(data, dict) and "policy" in data):
                continue
            if not isinstance(data, dict) or "policy" not in data:
                raise InputError(label, "has no [tool.nosurprises.policy] table")
        else:
            prefix = "policy"
            data = load_document(candidate).data
            if not isinstance(data, dict) or "policy" not in data:
                raise InputError(label, "has no `policy` section")
        return _validated(Policy, data["policy"], label, prefix=prefix), label, prefix
    return Policy(), "the default policy", "policy"


def _toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"is not valid TOML ({exc})") from None
    except OSError as exc:  # a directory, no permission: still the user's to fix
        raise InputError(str(path), f"cannot be read ({exc.strerror or exc})") from None


def _validated(model: type, data: Any, label: str, prefix: str = "") -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InputError(label, describe(exc, data, prefix)) from None


def describe(exc: ValidationError, data: Any, prefix: str = "") -> str:
    """The first problem of a validation error as `where (entry id): message`."""
    error = exc.errors()[0]
    steps = [prefix] if prefix else []
    entry = None
    node = data
    for step in error["loc"]:
        steps.append(f"[{step}]" if isinstance(step, int) else str(step))
        if isinstance(node, dict):
            node = node.get(step)
        elif isinstance(node, list) and isinstance(step, int) and step < len(node):
            node = node[step]
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                entry = node["id"]
        else:
            node = None
    where = ".".join(steps).replace(".[", "[")
    extra = f" (entry {entry!r})" if entry else ""
    more = f" and {len(exc.errors()) - 1} more problem(s)" if len(exc.errors()) > 1 else ""
    message = error["msg"].removeprefix("Value error, ")  # our own validators' messages
    return f"{where}{extra}: {message}{more}" if where or extra else f"{message}{more}"


def _check_globs(rules: list[NoticeRule], label: str, prefix: str) -> None:
    for i, rule in enumerate(rules):
        for pattern in rule.match:
            subject = pattern.split(".", 1)[0]
            if subject not in IMPLEMENTED or any(fnmatch.fnmatchcase(r, pattern) for r in CATALOG):
                continue
            raise InputError(label, f"{prefix}.rules[{i}] (entry {rule.id!r}).match: "
                                    f"{pattern!r} matches no rule id (see `nosurprises rules`)")
