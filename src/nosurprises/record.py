"""Light records for the report: pydantic's API, with pydantic loaded only when it is asked.

The report (`model.py`) is made on every run, and most runs only print it: pydantic costs a
text diff of a small spec more than everything else it does (about 0.13 s of 0.28 s, most of
it importing pydantic and building the models). So the report's classes are frozen, slotted
dataclasses, and `Record` gives them the methods the contract promises, `model_dump`,
`model_dump_json`, `model_copy`, `model_validate`, `model_validate_json` and
`model_json_schema`:

- dumping and copying are done here, in Python, the way pydantic does them for these fields
  (a value of a type not listed in `_plain` is handed to pydantic-core, so nothing is
  guessed);
- validating and the JSON Schema go to a pydantic *twin* of the class, built from its fields
  the first time one is asked for (same names, types, defaults, descriptions and docstring,
  so the schema is the one pydantic made when these were pydantic models);
- a record is a field type pydantic models can hold (`__get_pydantic_core_schema__`): the
  notice, check and batch models keep `changes: list[Change]`.

The keyword arguments are those of pydantic that the project and its documentation use:
`mode`, `exclude` (top-level field names), `exclude_none`, `indent`, `update`, `deep`; any
other is refused by Python as an unexpected keyword, never silently ignored.

A field's `metadata` says what pydantic's `Field` said: `doc(...)` its description,
`INTERNAL` that it is neither dumped nor in the schema (what the diff stage keeps for the
presentation: `Change.facts`, `Change.grouping`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import math
import typing
from collections.abc import Mapping
from typing import Any, ClassVar

import orjson

_INT_RANGE = range(-(2**63), 2**64)
"""Integers every JSON writer here (orjson) and most JSON readers hold exactly."""

INTERNAL: Mapping[str, Any] = {"internal": True}
"""Field metadata: kept on the object, left out of dumps and of the JSON Schema."""


def doc(description: str) -> dict[str, Any]:
    """Field metadata holding the description the JSON Schema gives the field."""
    return {"description": description}


def json_safe(value: Any) -> Any:
    """`value` with integers outside 64 bits as their decimal text, so JSON can carry them.

    Documents may hold any integer (YAML and JSON both allow it); orjson refuses to write one
    past 64 bits, and many readers would round it, so the report gives its digits instead.
    """
    if type(value) is int:
        return value if value in _INT_RANGE else str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return [json_safe(v) for v in value]
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    return value


def _pydantic_json(value: Any) -> Any:
    """What pydantic writes in JSON for a value of no type `_plain` knows (a datetime, bytes,
    a Decimal): asked of pydantic-core itself, so the two never differ."""
    from pydantic_core import to_jsonable_python

    return to_jsonable_python(value)


def _key(key: Any) -> str:
    return key if type(key) is str else next(iter(_pydantic_json({key: None})))


def _plain(value: Any, json: bool, nones: bool = True) -> Any:
    """`value` as `model_dump` gives it: records as dicts; in JSON mode enums as their values,
    dates as ISO text, dict keys as strings, sets and tuples as lists and integers past 64 bits
    as their digits (`json_safe`; the declared integer fields never come near). Without
    `nones`, fields of records that are None are left out (pydantic's `exclude_none`)."""
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return value
    if kind is int:
        return value if not json or value in _INT_RANGE else str(value)
    if kind is float:
        return value if not json or math.isfinite(value) else _pydantic_json(value)
    if isinstance(value, Record):
        return value._dump(json, None, nones)
    if kind is list:
        return [_plain(v, json, nones) for v in value]
    if kind is dict:
        if json:
            return {_key(k): _plain(v, json, nones) for k, v in value.items()}
        return {k: _plain(v, json, nones) for k, v in value.items()}
    if kind is tuple or (json and kind in (set, frozenset)):
        items = [_plain(v, json, nones) for v in value]
        return items if json else tuple(items)
    if isinstance(value, enum.Enum):
        return value.value if json else value
    if kind is dt.date:
        return value.isoformat() if json else value
    if hasattr(value, "__pydantic_serializer__") and not isinstance(value, type):  # a pydantic model
        return value.model_dump(mode="json" if json else "python", exclude_none=not nones)
    return _pydantic_json(value) if json else value


class Record:
    """What the report's dataclasses share: pydantic's methods, pydantic loaded on demand."""

    __slots__ = ()

    model_fields: ClassVar[dict[str, dataclasses.Field[Any]]]
    """The fields by name, in order (pydantic's `model_fields` names the same)."""
    _dumped: ClassVar[tuple[str, ...]]
    _twin: ClassVar[Any] = None
    _adapter: ClassVar[Any] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._twin = None
        cls._adapter = None

    # --- dumping and copying, here -------------------------------------------------------

    def _dump(self, json: bool, exclude: Any, nones: bool = True) -> dict[str, Any]:
        dumped = {name: _plain(getattr(self, name), json, nones) for name in type(self)._dumped
                  if exclude is None or name not in exclude}
        return dumped if nones else {k: v for k, v in dumped.items() if v is not None}

    def model_dump(self, *, mode: str = "python", exclude: set[str] | None = None,
                   exclude_none: bool = False) -> dict[str, Any]:
        """The fields as a dict, as pydantic dumps them (`mode="json"`: JSON-ready values);
        `exclude` names top-level fields to leave out; `exclude_none` leaves out fields that
        are None, in nested records too."""
        if mode not in ("python", "json"):
            raise ValueError(f"mode must be 'python' or 'json', not {mode!r}")
        return self._dump(mode == "json", exclude, not exclude_none)

    def model_dump_json(self, *, indent: int | None = None, exclude: set[str] | None = None,
                        exclude_none: bool = False) -> str:
        """The record as JSON text, as pydantic writes it: compact, or indented by `indent`
        (orjson writes the compact and two-space forms, pydantic-core's writer any other)."""
        data = self._dump(True, exclude, not exclude_none)
        if indent in (None, 2):
            option = orjson.OPT_NON_STR_KEYS | (orjson.OPT_INDENT_2 if indent else 0)
            return orjson.dumps(data, option=option).decode()
        from pydantic_core import to_json

        return to_json(data, indent=indent).decode()

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Any:
        """A copy with `update`'s fields replaced, unvalidated, as pydantic's `model_copy`
        (`deep`: the values copied too, as `copy.deepcopy` copies them)."""
        if deep:
            import copy

            return copy.deepcopy(self).model_copy(update=update)
        cls = type(self)
        fields = cls.model_fields
        if update:
            unknown = update.keys() - fields.keys()
            if unknown:
                raise TypeError(f"{cls.__name__} has no field {', '.join(sorted(unknown))}")
        new = object.__new__(cls)
        for name in fields:
            value = update[name] if update and name in update else getattr(self, name)
            object.__setattr__(new, name, value)
        return new

    # --- validating and the schema, by the pydantic twin ---------------------------------

    @classmethod
    def model_twin(cls) -> Any:
        """The pydantic model with this record's fields, built the first time it is asked for:
        it validates input and gives the JSON Schema; nothing else uses it."""
        if cls._twin is None:
            cls._twin = _make_twin(cls)
        return cls._twin

    @classmethod
    def _type_adapter(cls) -> Any:
        if cls._adapter is None:
            from pydantic import TypeAdapter

            cls._adapter = TypeAdapter(cls)
        return cls._adapter

    @classmethod
    def model_validate(cls, obj: Any) -> Any:
        """A record from `obj` (a mapping, or a record), validated as pydantic validates it;
        bad input raises pydantic's `ValidationError`."""
        return cls._type_adapter().validate_python(obj)

    @classmethod
    def model_validate_json(cls, data: str | bytes) -> Any:
        """A record from JSON text, validated as pydantic validates it."""
        return cls._type_adapter().validate_json(data)

    @classmethod
    def model_json_schema(cls, **options: Any) -> dict[str, Any]:
        """The JSON Schema of the record (pydantic's `model_json_schema`, same options)."""
        return cls.model_twin().model_json_schema(**options)

    @classmethod
    def _from_twin(cls, twin: Any) -> Any:
        return cls(**{name: getattr(twin, name) for name in cls.model_fields})

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        """Pydantic's schema of the record: a record is taken as it is, anything else is
        validated by the twin and made a record; dumping is the record's own."""
        from pydantic_core import core_schema

        def validate(value: Any, twin: Any) -> Any:
            return value if isinstance(value, cls) else cls._from_twin(twin(value))

        return core_schema.no_info_wrap_validator_function(
            validate, handler.generate_schema(cls.model_twin()),
            serialization=core_schema.plain_serializer_function_ser_schema(
                _serialize, info_arg=True))


def _serialize(record: Record, info: Any) -> dict[str, Any]:
    """A record held by a pydantic model, dumped as the model is (its mode; the fields its
    `exclude` leaves out whole, as `--detail groups` leaves out each batch report's changes)."""
    exclude = info.exclude
    if isinstance(exclude, dict):  # {field: True} leaves the field out; deeper excludes are not used
        exclude = {name for name, inner in exclude.items() if inner is True or inner is ...}
    return record._dump(info.mode == "json", exclude or None, not info.exclude_none)


def record(*, frozen: bool) -> Any:
    """Make a `Record` subclass a slotted dataclass, keyword-only as a pydantic model is;
    `frozen` as its pydantic model was (a frozen record is hashable, the others are not)."""
    def make(cls: type) -> Any:
        made = dataclasses.dataclass(frozen=frozen, slots=True, kw_only=True, eq=True)(cls)
        made.model_fields = {f.name: f for f in dataclasses.fields(made)}
        made._dumped = tuple(name for name, f in made.model_fields.items()
                             if not f.metadata.get("internal"))
        return made
    return make


def _make_twin(cls: type[Record]) -> Any:
    """The pydantic model of `cls`'s fields: same name, docstring, types and descriptions."""
    from pydantic import ConfigDict, Field, create_model
    from pydantic.json_schema import SkipJsonSchema

    hints = typing.get_type_hints(cls, include_extras=True)
    fields: dict[str, Any] = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        options: dict[str, Any] = {}
        if f.default is not dataclasses.MISSING:
            options["default"] = f.default
        elif f.default_factory is not dataclasses.MISSING:
            options["default_factory"] = f.default_factory
        if "description" in f.metadata:
            options["description"] = f.metadata["description"]
        annotation = hints[f.name]
        if f.metadata.get("internal"):
            annotation = SkipJsonSchema[annotation]
            options.update(exclude=True, repr=False)
        fields[f.name] = (annotation, Field(**options))
    return create_model(cls.__name__, __config__=ConfigDict(arbitrary_types_allowed=True),
                        __doc__=cls.__doc__, __module__=cls.__module__, **fields)
