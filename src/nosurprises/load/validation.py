"""One line from a pydantic validation error: where, which entry, what is wrong.

Every file a user writes (policy, ledger, events, price book) is validated by a pydantic model
and must fail with one line naming the file, the field and the problem. This is the load
stage's, so that any later stage reading such a file uses it without reaching across.
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError


def did_you_mean(key: str, known: typing.Iterable[str]) -> str:
    """`; did you mean 'x'?` for the closest known name, or nothing when none is close."""
    close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def describe(exc: ValidationError, data: Any, prefix: str = "",
             model: type[BaseModel] | None = None) -> str:
    """The first problem of a validation error as `where (entry id): message`.

    With the `model` that was validated, an unknown key is named as such, with the closest
    known field (`min_day: unknown key; did you mean 'min_days'?`). Unknown keys come first:
    a misspelt key is why the field it meant is "missing".
    """
    errors = exc.errors()
    error = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
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
    if error["type"] == "extra_forbidden" and error["loc"]:
        known = _fields_at(model, error["loc"][:-1]) if model else None
        message = "unknown key" + (did_you_mean(str(error["loc"][-1]), known) if known else "")
    return f"{where}{extra}: {message}{more}" if where or extra else f"{message}{more}"


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str] | None:
    """The field names of the model found by following `loc` from `model` (None if lost)."""
    current: Any = model
    for step in loc:
        if isinstance(step, int):
            args = [a for a in typing.get_args(current) if a is not type(None)]
            if typing.get_origin(current) not in (list, tuple) or not args:
                return None
            current = args[0]
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(step)
        if field is None:
            return None
        current = _unwrap(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return None


def _unwrap(annotation: Any) -> Any:
    """`X | None` as `X`, so the walk can step into optional sub-models."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return args[0] if len(args) == 1 else annotation
    return annotation
