"""Names imported on first use: what keeps `nosurprises --help` and a plain diff from paying
for the modules other commands need (Babel, jinja2, icalendar, the notice channels, every
report format).

Two shapes, one rule: a target is `"package.module"` (the module itself) or
`"package.module:attr"` (one of its attributes), imported when first asked for and kept.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

V = TypeVar("V")


def resolve(target: str) -> Any:
    """The module or attribute a target names, imported now."""
    module, _, attr = target.partition(":")
    loaded = importlib.import_module(module)
    return getattr(loaded, attr) if attr else loaded


class LazyMap(Mapping[str, V]):
    """A registry whose keys are known up front and whose values are imported when first
    looked up: the CLI lists `--format` choices without importing a single renderer."""

    def __init__(self, targets: Mapping[str, str]) -> None:
        self._targets = dict(targets)
        self._loaded: dict[str, V] = {}

    def __getitem__(self, key: str) -> V:
        try:
            return self._loaded[key]
        except KeyError:
            value = self._loaded[key] = resolve(self._targets[key])
            return value

    def __iter__(self) -> Iterator[str]:
        return iter(self._targets)

    def __len__(self) -> int:
        return len(self._targets)

    def __repr__(self) -> str:
        return f"LazyMap({list(self._targets)})"


def exports(package: str, names: Mapping[str, str], namespace: dict[str, Any]
            ) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A package's `__getattr__` and `__dir__` (PEP 562) for public `names` ->
    `".module:attr"` relative to `package`; each is imported on first use and kept in
    `namespace` (the package's globals), so the lookup runs once per name."""

    def __getattr__(name: str) -> Any:
        try:
            module, _, attr = names[name].partition(":")
        except KeyError:
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        value = getattr(importlib.import_module(module, package), attr)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *names})

    return __getattr__, __dir__
