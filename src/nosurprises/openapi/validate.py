"""Opt-in full validation with openapi-spec-validator (the default path does not pay for it).

The validator follows `$ref`s itself, and by default it fetches URLs and reads any file. Here
every reference it asks for goes through the project's `Resolver`: a file inside the
document's tree is served from what the loader reads (same size cap, regular files only);
anything else (a URL, a file outside the tree, any other scheme) is refused without I/O, and
the error names the reference, never the content of what it points to.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ..errors import InputError
from .document import Spec


class _Refused(Exception):
    """A reference the validator may not follow; its message is the one-line problem."""


class _Guard(dict):  # type: ignore[type-arg]
    """Handlers by URI scheme that answer for every scheme (so no default handler runs)."""

    def __init__(self, spec: Spec) -> None:
        super().__init__()
        self.spec = spec
        self.refused: list[str] = []

    def __contains__(self, scheme: object) -> bool:
        return True

    def __getitem__(self, scheme: str) -> Any:
        return self.serve

    def get(self, scheme: str, default: Any = None) -> Any:
        return self.serve

    def serve(self, uri: str) -> Any:
        parts = urlsplit(uri)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            self._refuse(f"$ref {uri!r} is not a file of the document's tree; not fetched "
                         f"(no network access)")
        try:
            doc = self.spec.resolver.file_in_tree(Path(unquote(parts.path)), self.spec.root.doc.label,
                                                  uri)
        except InputError as exc:
            self._refuse(exc.problem)
        return doc.data

    def _refuse(self, problem: str) -> None:
        self.refused.append(problem)
        raise _Refused(problem)


def validate_spec(spec: Spec) -> None:
    """Raise `InputError` naming the file and the first problem the validator finds."""
    from openapi_spec_validator.shortcuts import get_validator_cls
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

    doc = spec.root.doc
    raw = spec.written
    base_uri = doc.path.as_uri() if doc.path else "nosurprises:/document"
    guard = _Guard(spec)
    try:
        cls = get_validator_cls(raw)
        guarded = type(f"Guarded{cls.__name__}", (cls,), {"resolver_handlers": guard})
        guarded(raw, base_uri=base_uri).validate()
    except _Refused as exc:
        raise InputError(doc.label, f"could not be validated: {exc}") from None
    except OpenAPIValidationError as exc:
        if guard.refused:
            raise InputError(doc.label, f"could not be validated: {guard.refused[0]}") from None
        where = "/".join(str(p) for p in getattr(exc, "path", ()) or ())
        message = str(getattr(exc, "message", exc)).splitlines()[0]
        raise InputError(doc.label, f"is not valid OpenAPI {spec.version}"
                                    f"{f' at /{where}' if where else ''}: {message}") from None
    except Exception as exc:  # the validator can fail in many ways on odd input
        if guard.refused:
            raise InputError(doc.label, f"could not be validated: {guard.refused[0]}") from None
        raise InputError(doc.label, f"could not be validated ({type(exc).__name__}: "
                                    f"{str(exc).splitlines()[0] if str(exc) else ''})") from None
