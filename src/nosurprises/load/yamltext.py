"""YAML read safely: nesting depth and alias expansion bounded with libyaml's iterative event
parser before the recursive composer runs (the C composer overflows the stack on very deep
input), dates kept as text, integers bounded. A module of its own, imported only when a
document is YAML: importing PyYAML costs about 10 ms of start-up that a JSON run need not pay.
"""

from __future__ import annotations

from typing import Any

import yaml

from ..errors import InputError
from .limits import MAX_DEPTH
from .source import MAX_INT_DIGITS, TOO_LONG, IntTooLong

MAX_NODES = 20_000_000
"""Most nodes a YAML document may expand to once aliases are followed."""

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _SpecLoader(_Loader):  # type: ignore[misc, valid-type]
    """Safe loader that keeps dates as strings: specs compare text, and JSON has no dates."""


_SpecLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Loader.yaml_implicit_resolvers.items()
}


_INT_BOUND = 10**MAX_INT_DIGITS


def _construct_int(loader: Any, node: Any) -> int:
    """YAML's integers, bounded: hex and octal escape Python's digit limit, so check the value."""
    try:
        value: int = _Loader.construct_yaml_int(loader, node)
    except ValueError:
        raise IntTooLong from None
    if -_INT_BOUND < value < _INT_BOUND:
        return value
    raise IntTooLong


_SpecLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def parse_yaml(raw: bytes, name: str, json_error: str = "") -> Any:
    """A YAML document's data (UTF-8 already checked); `json_error`, when the text looked like
    JSON and was not, is the message a YAML error is told with instead."""
    check_yaml_shape(raw, name, json_error)
    try:
        return yaml.load(raw, Loader=_SpecLoader)
    except IntTooLong:
        raise InputError(name, TOO_LONG) from None
    except yaml.YAMLError as exc:
        raise InputError(name, json_error or f"is not valid YAML ({_yaml_reason(exc)})") from None
    except (RecursionError, MemoryError):
        raise InputError(name, "is nested too deeply") from None


def check_yaml_shape(raw: bytes, name: str, json_error: str = "") -> None:
    """Bound depth and alias expansion with libyaml's iterative event parser."""
    depth = 0
    stack: list[int] = [0]
    anchored: dict[str, int] = {}
    anchors_at: list[str | None] = []
    try:
        for event in yaml.parse(raw, Loader=_Loader):
            kind = type(event)
            if kind in (yaml.MappingStartEvent, yaml.SequenceStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise InputError(name, f"is nested more than {MAX_DEPTH} levels deep")
                stack.append(1)
                anchors_at.append(event.anchor)
            elif kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
                depth -= 1
                size = stack.pop()
                anchor = anchors_at.pop()
                if anchor:
                    anchored[anchor] = size
                stack[-1] += size
            elif kind is yaml.ScalarEvent:
                if event.anchor:
                    anchored[event.anchor] = 1
                stack[-1] += 1
            elif kind is yaml.AliasEvent:
                stack[-1] += anchored.get(event.anchor, 1)
            if stack[-1] > MAX_NODES:
                raise InputError(
                    name, f"expands to more than {MAX_NODES:,} nodes through YAML aliases"
                )
    except yaml.YAMLError as exc:
        if "maximum nesting depth" in str(getattr(exc, "problem", "")):
            # libyaml 0.2.6 (PyYAML 6.0.4's wheels) stops at 1,000 levels before we count them
            raise InputError(name, f"is nested more than {MAX_DEPTH} levels deep") from None
        raise InputError(name, json_error or f"is not valid YAML ({_yaml_reason(exc)})") from None


def _yaml_reason(exc: yaml.YAMLError) -> str:
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    mark = getattr(exc, "problem_mark", None)
    return f"{problem} at line {mark.line + 1}, column {mark.column + 1}" if mark else problem
