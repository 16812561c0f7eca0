"""Safe reading of YAML and JSON documents from paths, strings, bytes or dicts.

Hostile input must end in an `InputError`, never a crash or a hang: the size is capped
before reading, UTF-8 is checked, JSON nesting and integers are bounded here, and YAML is
read by `yamltext.py` (imported only for YAML), which bounds nesting depth and alias
expansion before the recursive composer runs.
"""

from __future__ import annotations

import json
import math
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from ..errors import InputError
from . import git
from .git import GitPlace
from .limits import MAX_BYTES as MAX_BYTES  # re-exported: the readers' default
from .limits import MAX_DEPTH as MAX_DEPTH  # re-exported: YAML's nesting bound

JSON_MAX_DEPTH = 1024
"""Deepest nesting of JSON accepted: orjson's own limit (checking less would cost a walk)."""
MAX_INT_DIGITS = 4_300
"""Longest integer literal accepted: Python's own bound for turning digits into an int."""


class IntTooLong(Exception):
    """An integer literal past `MAX_INT_DIGITS` (or one that Python refuses to convert)."""


TOO_LONG = f"has an integer of more than {MAX_INT_DIGITS:,} digits"


class Stdin(str):
    """Standard input given as `-` on the command line: its name is `-`, its bytes are read
    once (bounded) and shared by every reader, since a pipe cannot be read twice."""

    raw: bytes

    def __new__(cls, raw: bytes) -> Stdin:
        self = super().__new__(cls, "-")
        self.raw = raw
        return self


def read_stdin(max_bytes: int = MAX_BYTES) -> Stdin:
    """Standard input, at most `max_bytes` (one byte more is read to tell it is over)."""
    import sys

    raw = sys.stdin.buffer.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise InputError("-", f"(standard input) is over the limit of {max_bytes:,} bytes")
    return Stdin(raw)


@dataclass(frozen=True)
class Document:
    """A parsed document and where it came from (for error messages and relative $refs)."""

    data: Any
    label: str
    path: Path | None = None
    git: GitPlace | None = None
    raw: bytes | None = field(default=None, repr=False, compare=False)
    """The bytes read (a file, standard input, a git blob), kept so a later stage (line lookup,
    terms read as text) need not read them again; None for text, bytes and dicts."""


class Named(str):
    """A document's name as the user gave it, carrying the bytes read from it (None: none
    kept), so that line lookup for annotations uses what was read instead of reading again."""

    raw: bytes | None

    def __new__(cls, name: str, raw: bytes | None = None) -> Named:
        self = super().__new__(cls, name)
        self.raw = raw
        return self


def load_document(source: Any, *, max_bytes: int = MAX_BYTES, label: str | None = None) -> Document:
    """Load `source`: a path, a YAML/JSON string, bytes, or an already loaded mapping."""
    if isinstance(source, Document):
        return source
    if isinstance(source, Mapping):
        return Document(data=source, label=label or "<dict>")
    if isinstance(source, Stdin):
        return Document(data=parse_bytes(source.raw, label or "-", max_bytes), label=label or "-",
                        raw=source.raw)
    if isinstance(source, str) and source.startswith(git.PREFIX):
        return read_git(git.parse(source), max_bytes=max_bytes, label=label or source)
    if isinstance(source, bytes):
        return Document(data=parse_bytes(source, label or "<bytes>", max_bytes), label=label or "<bytes>")
    if isinstance(source, os.PathLike) or (isinstance(source, str) and looks_like_path(source)):
        return read_file(Path(source), max_bytes=max_bytes, label=label)
    if isinstance(source, str):
        name = label or "<string>"
        return Document(data=parse_bytes(source.encode("utf-8"), name, max_bytes), label=name)
    raise InputError(label or "<input>", f"cannot load a {type(source).__name__}; give a path, text or dict")


def read_file(path: Path, *, max_bytes: int = MAX_BYTES, label: str | None = None) -> Document:
    """Read and parse one file, with the size checked before a byte is read."""
    name = label or str(path)
    raw = read_bytes(path, name, max_bytes)
    return Document(data=parse_bytes(raw, name, max_bytes), label=name, path=_real(path), raw=raw)


def check_file(path: Path, name: str, max_bytes: int = MAX_BYTES) -> int:
    """The size of a file a query engine will read, checked as `read_bytes` checks it (a
    regular file within `max_bytes`), without reading it."""
    size = _checked(path, name, max_bytes, open_it=False)
    if not path.is_file():
        raise InputError(name, "is not a regular file")
    return size


def read_bytes(path: Path, name: str, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of one file, never more than `max_bytes` + 1 read (pipes and devices report
    no size: `/dev/zero` ends at the limit), every failure an `InputError` naming it."""
    raw = _checked(path, name, max_bytes, open_it=True)
    assert isinstance(raw, bytes)
    return raw


def _checked(path: Path, name: str, max_bytes: int, *, open_it: bool) -> Any:
    try:
        if "\x00" in str(path):
            raise InputError(name, "is not a usable file name (it holds a NUL byte)")
        size = path.stat().st_size
        if path.is_dir():
            raise InputError(name, "is a directory, not a document")
        if size > max_bytes:
            raise InputError(name, f"is {size:,} bytes, over the limit of {max_bytes:,} bytes")
        if not open_it:
            return size
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except OSError as exc:
        raise InputError(name, f"cannot be read ({exc.strerror or exc})") from None
    except ValueError as exc:  # e.g. a name too odd for the OS interface
        raise InputError(name, f"is not a usable file name ({exc})") from None
    if len(raw) > max_bytes:
        raise InputError(name, f"is over the limit of {max_bytes:,} bytes")
    return raw


def _real(path: Path) -> Path | None:
    """The resolved path of a regular file (relative $refs need it), None for pipes."""
    resolved = path.resolve()
    return resolved if resolved.is_file() else None


def read_git(place: GitPlace, *, max_bytes: int = MAX_BYTES, label: str | None = None) -> Document:
    """Read and parse one file at a git revision (see `load.git`)."""
    name = label or str(place)
    raw = git.read(place, max_bytes, name)
    return Document(data=parse_bytes(raw, name, max_bytes), label=name, git=place, raw=raw)


def parse_bytes(raw: bytes, name: str, max_bytes: int = MAX_BYTES) -> Any:
    """Parse JSON (with orjson) or YAML (with libyaml), whichever the text is."""
    if len(raw) > max_bytes:
        raise InputError(name, f"is over the limit of {max_bytes:,} bytes")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if not raw.strip():
        raise InputError(name, "is empty")
    json_error = ""
    if raw.lstrip()[:1] in (b"{", b"["):
        try:
            return _parse_json(raw)
        except IntTooLong:
            raise InputError(name, TOO_LONG) from None
        except orjson.JSONDecodeError as exc:
            _check_utf8(raw, name)
            too_deep = _too_deep(exc)
            if too_deep and not says_yaml(name):
                raise InputError(name, f"is nested more than {JSON_MAX_DEPTH:,} levels deep") from None
            # JSON-looking YAML (flow style) is still YAML; fall through to the YAML path
            # only if it is not valid JSON, and report the JSON error if YAML fails too
            # (unless the file is named as YAML: then its YAML error is the one that helps).
            if not too_deep and not says_yaml(name):
                json_error = f"is not valid JSON ({exc})"
    return _parse_yaml(raw, name, json_error)


def says_yaml(name: str) -> bool:
    """True when the file's name says it is YAML (its errors are then told as YAML's)."""
    return name.lower().endswith((".yaml", ".yml"))


def _too_deep(exc: Exception) -> bool:
    """orjson's nesting error: "recursion limit reached" before 3.13, "depth limit exceeded" since."""
    text = str(exc).lower()
    return "recursion" in text or "depth limit" in text


def _orjson_bounds_depth() -> bool:
    """Whether this orjson refuses deep nesting itself (old releases crash on 100k levels)."""
    try:
        orjson.loads(b"[" * (JSON_MAX_DEPTH + 8) + b"]" * (JSON_MAX_DEPTH + 8))
    except orjson.JSONDecodeError:
        return True
    return False


_ORJSON_BOUNDS_DEPTH = _orjson_bounds_depth()


_DIGITS_AS_ZERO = bytes(48 if 48 <= i <= 57 else 32 for i in range(256))
_LONG_RUN = b"0" * 19
"""orjson reads an integer outside 64 bits as a float: above 2**64 - 1 (20 digits) and below
-2**63 (19 digits after the sign). A document with a run of 19 digits or more is read by the
stdlib's parser, which keeps integers exact (one C pass over the bytes finds it)."""
_BEFORE_NUMBER = frozenset(b"[:,")
_SPACE = frozenset(b" \t\r\n")


def _long_number(raw: bytes) -> bool:
    """Whether a run of 19 digits or more may be a number: one follows `[`, `:` or `,` (and
    whitespace, a sign), as every JSON number does. A run inside a string (GitHub's spec quotes
    a 19-digit log index in an example) seldom follows them, so a 13 MB document is not read by
    the slower parser for the sake of a string; when one does, the stdlib reads it, exactly."""
    digits = raw.translate(_DIGITS_AS_ZERO)
    at = digits.find(_LONG_RUN)
    while at >= 0:
        before = at - 1
        if before >= 0 and raw[before] == 45:  # "-"
            before -= 1
        while before >= 0 and raw[before] in _SPACE:
            before -= 1
        if before < 0 or raw[before] in _BEFORE_NUMBER:
            return True
        end = digits.find(b" ", at)
        at = -1 if end < 0 else digits.find(_LONG_RUN, end)
    return False


def _parse_json(raw: bytes) -> Any:
    """orjson, unless it would round an integer or has no depth limit; then the stdlib's."""
    if _ORJSON_BOUNDS_DEPTH and not _long_number(raw):
        return orjson.loads(raw)  # validates UTF-8 itself, so JSON is not decoded twice
    return _stdlib_json(raw)


def _stdlib_json(raw: bytes) -> Any:
    """The stdlib's C parser, with orjson's errors: no NaN or Infinity, nesting bounded."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise orjson.JSONDecodeError(f"invalid UTF-8 at byte {exc.start}", "", 0) from None
    frames, frame = 0, sys._getframe()
    while frame is not None:
        frames, frame = frames + 1, frame.f_back
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, frames + JSON_MAX_DEPTH + 50))
    try:
        data = json.loads(text, parse_constant=_no_constant, parse_float=_finite_float,
                          parse_int=_bounded_int)
    except RecursionError:
        raise orjson.JSONDecodeError("depth limit exceeded", text, 0) from None
    except json.JSONDecodeError as exc:
        raise orjson.JSONDecodeError(exc.msg, exc.doc, exc.pos) from None
    finally:
        sys.setrecursionlimit(limit)
    if _deeper_than(data, JSON_MAX_DEPTH):  # the same limit as orjson's, exactly
        raise orjson.JSONDecodeError("depth limit exceeded", text, 0)
    return data


def _deeper_than(data: Any, limit: int) -> bool:
    """Whether containers nest more than `limit` levels (walked level by level, no recursion)."""
    level = [data] if type(data) is dict or type(data) is list else []
    depth = 0
    while level:
        depth += 1
        if depth > limit:
            return True
        below: list[Any] = []
        for value in level:
            children = value.values() if type(value) is dict else value
            below.extend([v for v in children if type(v) is dict or type(v) is list])
        level = below
    return False


def _bounded_int(text: str) -> int:
    if len(text) - text.startswith("-") > MAX_INT_DIGITS:
        raise IntTooLong
    try:
        return int(text)
    except ValueError:  # a lower digit limit set by the embedding program
        raise IntTooLong from None


def _no_constant(word: str) -> Any:
    raise json.JSONDecodeError(f"{word} is not a JSON value", word, 0)


def _finite_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise json.JSONDecodeError("number is infinity when parsed as double", text, 0)
    return value


def _check_utf8(raw: bytes, name: str) -> None:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(name, f"is not valid UTF-8 (byte {exc.start})") from None


def _parse_yaml(raw: bytes, name: str, json_error: str) -> Any:
    """YAML, read by `yamltext` (imported here: a run that reads only JSON never loads PyYAML)."""
    from .yamltext import parse_yaml

    _check_utf8(raw, name)
    return parse_yaml(raw, name, json_error)


DOCUMENT_SUFFIXES = (".yaml", ".yml", ".json", ".csv", ".md", ".markdown", ".txt", ".text",
                     ".html", ".htm", ".xhtml", ".toml")
"""File name endings of the documents this project reads."""


def looks_like_path(text: str) -> bool:
    """Whether a string source names a file rather than being the document itself.

    The one rule of every `compare_*` function and loader (docs/index.md, "Sources"): one
    line of at most 4,096 characters that does not read as inline JSON, YAML or markup (it
    starts with none of `{ [ < #` and holds no `key: value`) and that ends in a document
    suffix, contains a path separator, or is a single word. Such a string must then name a
    readable file: it is never read as text.
    """
    if "\n" in text or "\r" in text or len(text) > 4096:
        return False
    stripped = text.strip()
    if not stripped or stripped.startswith(("{", "[", "<", "#")) or ": " in stripped:
        return False
    return (stripped.lower().endswith(DOCUMENT_SUFFIXES) or "/" in stripped
            or os.sep in stripped or not any(c.isspace() for c in stripped))
