"""OpenAPI comparison: pairing, schema comparison in the right direction, and findings."""

from typing import TYPE_CHECKING

from ..lazy import exports

if TYPE_CHECKING:
    from .compare import compare_openapi, compare_specs, judge, load_spec

__getattr__, __dir__ = exports(__name__, {
    "compare_openapi": ".compare:compare_openapi",
    "compare_specs": ".compare:compare_specs",
    "judge": ".compare:judge",
    "load_spec": ".compare:load_spec",
}, globals())

__all__ = ["compare_openapi", "compare_specs", "judge", "load_spec"]
