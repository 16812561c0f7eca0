"""Opt-in full validation with openapi-spec-validator (the default path does not pay for it)."""

from __future__ import annotations

from ..errors import InputError
from .document import Spec


def validate_spec(spec: Spec) -> None:
    """Raise `InputError` naming the file and the first problem the validator finds."""
    from openapi_spec_validator import validate
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

    doc = spec.root.doc
    raw = spec.written
    base_uri = doc.path.as_uri() if doc.path else ""
    try:
        validate(raw, base_uri=base_uri)
    except OpenAPIValidationError as exc:
        where = "/".join(str(p) for p in getattr(exc, "path", ()) or ())
        message = str(getattr(exc, "message", exc)).splitlines()[0]
        raise InputError(doc.label, f"is not valid OpenAPI {spec.version}"
                                    f"{f' at /{where}' if where else ''}: {message}") from None
    except Exception as exc:  # the validator can fail in many ways on odd input
        raise InputError(doc.label, f"could not be validated ({type(exc).__name__}: "
                                    f"{str(exc).splitlines()[0] if str(exc) else ''})") from None

