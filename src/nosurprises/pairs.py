"""Which pairs a run of many compares: two directories, two glob patterns, or a list file.

Kept apart from the comparing (`batch.py`) so that asking whether OLD and NEW name many
documents costs a `stat`, not the import of the batch's models.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import InputError
from .load.source import load_document, read_bytes

PATTERNS = ("*.yaml", "*.yml", "*.json")
"""Which files of a directory are paired by default: where OpenAPI documents and price books
are written (`--include` names others, e.g. `*.md` for terms)."""
_MAGIC = frozenset("*?[")


@dataclass(frozen=True)
class Task:
    """One pair to compare: picklable, so a worker process can take it."""

    name: str
    old: str | None
    new: str | None
    kind: str = "auto"


# --- finding the pairs -------------------------------------------------------------------------


def is_batch(old: str | None, new: str | None) -> bool:
    """Whether OLD and NEW name many documents: two directories or two glob patterns."""
    if old is None or new is None:
        return False
    return (os.path.isdir(old) and os.path.isdir(new)) or (_is_glob(old) and _is_glob(new))


def _is_glob(text: str) -> bool:
    return any(c in _MAGIC for c in text) and not os.path.exists(text)


def tasks_for(old: str, new: str, include: Sequence[str] = (), kind: str = "auto") -> list[Task]:
    """The pairs of two directories or two glob patterns, by relative path, sorted by it."""
    if os.path.isdir(old) != os.path.isdir(new):
        raise InputError(old if not os.path.isdir(old) else new,
                         "is not a directory: give two directories or two documents")
    if os.path.isdir(old):
        olds, news = _tree(Path(old), include), _tree(Path(new), include)
    else:
        olds, news = _globbed(old), _globbed(new)
    if not olds and not news:
        raise InputError(f"{old} and {new}", "hold no document to compare (files named "
                         + ", ".join(include or PATTERNS) + ")")
    return [Task(name, olds.get(name), news.get(name), kind) for name in sorted({*olds, *news})]


def _tree(root: Path, include: Sequence[str]) -> dict[str, str]:
    """Files of `root` whose names match `include`, by their path below it (`/`-separated);
    hidden directories (`.git`) and files are left out."""
    found = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if name.startswith(".") or not any(Path(name).match(p) for p in include or PATTERNS):
                continue
            path = Path(folder) / name
            found[path.relative_to(root).as_posix()] = str(path)
    return found


def _globbed(pattern: str) -> dict[str, str]:
    """Files matching `pattern` (`**` recursive), by their path below its fixed part."""
    parts = Path(pattern).parts
    fixed = next((i for i, part in enumerate(parts) if any(c in _MAGIC for c in part)), len(parts))
    base = Path(*parts[:fixed]) if fixed else Path()
    return {Path(p).relative_to(base).as_posix(): p
            for p in sorted(glob.glob(pattern, recursive=True)) if os.path.isfile(p)}


def tasks_from_list(source: str, kind: str = "auto") -> list[Task]:
    """The pairs a list file names: YAML or JSON (`- {old: A, new: B, name: N}`), or text with
    `OLD NEW` per line (`#` starts a comment). Relative paths are relative to the list file."""
    base = Path(source).parent
    if source.lower().endswith((".yaml", ".yml", ".json")):
        data = load_document(source).data
        if not isinstance(data, list):
            raise InputError(source, "is not a list of pairs (`- {old: A, new: B}`)")
        rows = [_row(source, i + 1, item) for i, item in enumerate(data)]
    else:
        rows = _text_rows(source)
    tasks = [Task(name or new or old or "", _beside(base, old), _beside(base, new), kind)
             for name, old, new in rows]
    seen: set[str] = set()
    for task in tasks:
        if task.name in seen:
            raise InputError(source, f"names the pair {task.name!r} twice: give each a `name`")
        seen.add(task.name)
    if not tasks:
        raise InputError(source, "lists no pair")
    return tasks


def _row(source: str, number: int, item: Any) -> tuple[str | None, str | None, str | None]:
    if not isinstance(item, dict) or not set(item) <= {"old", "new", "name"} or not (
            item.get("old") or item.get("new")):
        raise InputError(source, f"pair {number}: expected a mapping of `old`, `new` and an "
                                 "optional `name` (one of old and new at least)")
    for key in ("old", "new", "name"):
        if item.get(key) is not None and not isinstance(item[key], str):
            raise InputError(source, f"pair {number}: `{key}` is not text")
    return item.get("name"), item.get("old"), item.get("new")


def _text_rows(source: str) -> list[tuple[str | None, str | None, str | None]]:
    try:
        text = read_bytes(Path(source), source).decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(source, "is not UTF-8 text") from None
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        if len(words) != 2:
            raise InputError(source, f"line {number}: expected `OLD NEW` (two paths), found "
                                     f"{len(words)} words")
        rows.append((None, words[0], words[1]))
    return rows


def _beside(base: Path, path: str | None) -> str | None:
    if path is None or path.startswith("git:") or os.path.isabs(path):
        return path
    return str(base / path)
