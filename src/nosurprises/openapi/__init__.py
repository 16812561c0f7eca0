"""OpenAPI comparison: pairing, schema comparison in the right direction, and findings."""

from .compare import compare_openapi, compare_specs, judge, load_spec

__all__ = ["compare_openapi", "compare_specs", "judge", "load_spec"]
