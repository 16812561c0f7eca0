"""One configuration file for every option: `nosurprises.yaml` (or `[tool.nosurprises]`).

Every option a command takes can live in the file, spelt as on the command line without the
dashes (`fail-on: breaking`; `fail_on` too), in `options:` (every command that has the
option) or in a section named for one command (`diff:`, `check:`, `plan:`, `notice:`):

    options:
      ignore: ["api.*.documentation-changed"]
      accept: accepted.yaml
    diff:
      fail-on: breaking
      format: markdown
    policy: {extends: [default]}

The command line wins over the command's section, which wins over `options:`; options that
repeat (`--ignore`, `--set-level`) add the command line's to the file's. A value goes
through the same checks as on the command line. An unknown key, an option no command has,
or one the named command does not have is an error naming the file and the key, never
ignored: a misspelt `fail_no:` must not leave a gate silently open.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .errors import InputError

COMMANDS = ("diff", "check", "plan", "notice")
"""The commands a file's sections may configure."""
SECTIONS = ("options", *COMMANDS)
_NOT_IN_FILES = frozenset({"help", "config", "old", "new", "version"})


def find(explicit: str | None) -> tuple[str, Any] | None:
    """(the file's name, what it holds) from `--config FILE`, else `nosurprises.yaml` or
    `pyproject.toml`'s `[tool.nosurprises]` in the current directory; None when there is
    none. `apply` checks what it holds."""
    if explicit:
        return explicit, _read(explicit)
    for candidate in ("nosurprises.yaml", "pyproject.toml"):
        if Path(candidate).is_file():
            data = _read(candidate)
            if data is not None:  # a pyproject.toml without [tool.nosurprises] is not ours
                return candidate, data
    return None


def _read(name: str) -> Any:
    """What the file holds; its readers are imported here, as most runs have no such file."""
    from .load import load_document
    from .load.toml import read_toml

    if name.endswith(".toml"):
        tool = read_toml(name, mentioning="nosurprises").get("tool")
        return tool.get("nosurprises") if isinstance(tool, dict) else None
    return load_document(name).data


def _sections(name: str, data: Any, options: set[str]) -> dict[str, Any]:
    """The file's option sections, its top-level keys checked."""
    from .load.validation import did_you_mean

    known = (*SECTIONS, "policy")
    if not isinstance(data, dict):
        raise InputError(name, f"is not a configuration file: expected a mapping of "
                               f"{', '.join(known)}")
    for key in data:
        if key not in known and str(key).replace("_", "-") in options:
            raise InputError(name, f"{key}: an option goes under `options:` (every command) or "
                                   f"a command's section (`diff:`, `check:`, `plan:`, `notice:`)")
        if key not in known:
            hint = did_you_mean(str(key), known) or f"; the file holds {', '.join(known)}"
            raise InputError(name, f"{key}: unknown key{hint}")
        if key != "policy" and not isinstance(data[key], dict):
            raise InputError(name, f"{key}: expected a mapping of options, not "
                                   f"{type(data[key]).__name__}")
    return {k: v for k, v in data.items() if k != "policy"} | {"policy": "policy" in data}


def apply(parser: argparse.ArgumentParser, command: str, argv: list[str], name: str,
          data: Any) -> argparse.Namespace | None:
    """The command's arguments with the file's options as their defaults (re-parsed, so the
    command line still wins), or None when the file sets none of the command's options."""
    from .load.validation import did_you_mean

    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    sub = subparsers.choices[command]
    mine = _options(sub)
    everyone = {key for cmd in COMMANDS if cmd in subparsers.choices
                for key in _options(subparsers.choices[cmd])}
    sections = _sections(name, data, everyone)
    # every section is checked, whichever command runs: a mistake in `check:` must not wait
    # for the day `check` runs to be found
    for section in SECTIONS:
        for key, value in (sections.get(section) or {}).items():
            flag = str(key).replace("_", "-")
            where = f"{section}.{key}"
            if flag not in everyone:
                raise InputError(name, f"{where}: unknown option{did_you_mean(flag, everyone)}")
            if section in subparsers.choices:
                theirs = _options(subparsers.choices[section])
                if flag not in theirs:
                    raise InputError(name, f"{where}: `nosurprises {section}` has no --{flag}"
                                           f"{did_you_mean(flag, theirs)}")
                _value(theirs[flag], value, name, where)
    defaults: dict[str, Any] = {}
    for section in ("options", command):
        for key, value in (sections.get(section) or {}).items():
            action = mine.get(str(key).replace("_", "-"))
            if action is not None:  # else another command's option, in `options:`
                defaults[action.dest] = _value(action, value, name, f"{section}.{key}")
    if sections.get("policy") and "policy" in {a.dest for a in sub._actions}:
        defaults.setdefault("policy", name)
    if not defaults:
        return None
    sub.set_defaults(**defaults)
    return parser.parse_args(argv)


def _options(sub: argparse.ArgumentParser) -> dict[str, argparse.Action]:
    """A command's options by their long flag without dashes (`fail-on`)."""
    found = {}
    for action in sub._actions:
        longs = [s for s in action.option_strings if s.startswith("--")]
        if longs and action.dest not in _NOT_IN_FILES:
            for flag in longs:
                found[flag[2:]] = action
    return found


def _value(action: argparse.Action, value: Any, name: str, where: str) -> Any:
    """A value from the file as the command line would have it, checked the same way."""
    if isinstance(action, argparse._StoreTrueAction):
        if not isinstance(value, bool):
            raise InputError(name, f"{where}: expected true or false, not {value!r}")
        return value
    if isinstance(action, argparse._AppendAction):
        if isinstance(value, dict):  # set-level: {glob: level}
            value = [f"{k}={v}" for k, v in value.items()]
        items = value if isinstance(value, list) else [value]
        return [_one(action, item, name, where) for item in items]
    if isinstance(value, list | dict):
        raise InputError(name, f"{where}: expected one value, not a {type(value).__name__}")
    return _one(action, value, name, where)


def _one(action: argparse.Action, value: Any, name: str, where: str) -> Any:
    if isinstance(value, list | dict) or value is None:
        raise InputError(name, f"{where}: expected a value, not {value!r}")
    text = str(value).lower() if isinstance(value, bool) else str(value)
    try:
        converted = action.type(text) if callable(action.type) else text
    except (argparse.ArgumentTypeError, ValueError, TypeError) as exc:
        raise InputError(name, f"{where}: {exc}") from None
    if action.choices is not None and converted not in action.choices:
        raise InputError(name, f"{where}: {value!r} is not one of "
                               f"{', '.join(map(str, action.choices))}")
    return converted
