"""Lazy `$ref` resolution with the safety rules of DESIGN.md.

Nothing is resolved up front: a spec of 13 MB has thousands of refs and most comparisons
only follow a few. Local pointers and relative files are followed; remote refs are
reported (never fetched) and file refs may not leave the root document's directory tree.
"""

from __future__ import annotations

import posixpath
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from ..errors import InputError
from .git import GitPlace
from .source import MAX_BYTES, Document, read_file, read_git

MAX_REF_HOPS = 1_000
"""Longest chain of `$ref`s to `$ref`s followed to one value (a repeat is a cycle at any
length); real documents need a handful, and each hop is one cached lookup."""


class Node:
    """A value in a document, the file it lives in and its JSON pointer there.

    A plain slotted class: millions are made on large specs, and a frozen dataclass
    costs several times more to construct. Treat instances as immutable.
    """

    __slots__ = ("doc", "ptr", "value")

    def __init__(self, value: Any, doc: Document, ptr: str) -> None:
        self.value = value
        self.doc = doc
        self.ptr = ptr

    def __repr__(self) -> str:
        return f"Node({self.ptr!r})"

    def child(self, key: str | int) -> Node:
        """The node under `key`, with its pointer extended (missing keys give None values)."""
        value = self.value
        if type(value) is dict:
            sub = value.get(key)
        elif isinstance(value, list) and isinstance(key, int) and 0 <= key < len(value):
            sub = value[key]
        else:
            sub = None
        token = key if type(key) is str else str(key)
        if "~" in token or "/" in token:
            token = escape(token)
        return Node(sub, self.doc, self.ptr + "/" + token)


def _regular_file(target: Path, label: str, ref: str) -> None:
    """A referenced file must be a regular file: a FIFO or a device would block or never end."""
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        raise InputError(label, f"$ref {ref!r}: no such file") from None
    except OSError as exc:
        raise InputError(label, f"$ref {ref!r} cannot be read ({exc.strerror or exc})") from None
    if not stat.S_ISREG(mode):
        raise InputError(label, f"$ref {ref!r} is not a regular file; refused")


def escape(token: str) -> str:
    """JSON pointer escaping of one reference token (RFC 6901)."""
    if "~" not in token and "/" not in token:
        return token
    return token.replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    if "%" in token:
        token = unquote(token)
    if "~" not in token:
        return token
    return token.replace("~1", "/").replace("~0", "~")


@dataclass
class Resolver:
    """Follows `$ref`s from one root document; caches the files it reads."""

    root: Document
    max_bytes: int = MAX_BYTES
    warnings: list[str] = field(default_factory=list)
    _files: dict[Path | GitPlace, Document] = field(default_factory=dict)
    _found: dict[tuple[int, str], Node | None] = field(default_factory=dict)
    memo: dict[Any, Any] = field(default_factory=dict)
    """Facts derived from the documents by later stages (e.g. which headers a shared response
    documents), kept as long as the documents are: keys name a document and a `$ref`."""

    def __post_init__(self) -> None:
        self._base = self.root.path.parent if self.root.path else None
        if self.root.path:
            self._files[self.root.path] = self.root
        if self.root.git:
            self._files[self.root.git] = self.root

    def deref(self, node: Node) -> Node:
        """Follow a chain of `$ref`s to a value; a broken or unsafe ref yields a None value."""
        value = node.value
        if not isinstance(value, dict) or "$ref" not in value:
            return node
        seen: set[tuple[int, str]] = set()
        while isinstance(node.value, dict) and isinstance(node.value.get("$ref"), str):
            key = (id(node.doc), node.value["$ref"])
            if key in seen:
                self._warn(node, f"$ref cycle through {node.value['$ref']!r}")
                return Node(None, node.doc, node.ptr)
            if len(seen) >= MAX_REF_HOPS:
                self._warn(node, f"$ref chain longer than {MAX_REF_HOPS:,} hops at "
                                 f"{node.value['$ref']!r}; not followed")
                return Node(None, node.doc, node.ptr)
            seen.add(key)
            target = self.lookup(node.doc, node.value["$ref"], node.ptr)
            if target is None:
                return Node(None, node.doc, node.ptr)
            node = target
        return node

    def lookup(self, doc: Document, ref: str, where: str | None) -> Node | None:
        """The node a `$ref` string names, or None when it cannot be had.

        A warning is recorded at `where`, unless `where` is None (a silent probe).
        """
        key = (id(doc), ref)
        if key in self._found:
            found = self._found[key]
            if found is None:
                self._lookup(doc, ref, where)  # to record the warning at this place too
            return found
        found = self._lookup(doc, ref, where)
        self._found[key] = found
        return found

    def _lookup(self, doc: Document, ref: str, where: str | None) -> Node | None:
        file_part, _, fragment = ref.partition("#")
        if "://" in file_part or file_part.startswith("//"):
            self._warn_at(doc, where, f"remote $ref {ref!r} was not fetched (no network access)")
            return None
        target_doc = self._file(doc, file_part, ref) if file_part else doc
        value: Any = target_doc.data
        ptr = self._prefix(target_doc)
        for token in (t for t in fragment.split("/")[1:]) if fragment else ():
            key = unescape(token)
            if isinstance(value, dict) and key in value:
                value = value[key]
            elif isinstance(value, list) and key.isdigit() and int(key) < len(value):
                value = value[int(key)]
            else:
                self._warn_at(doc, where, f"$ref {ref!r} points to nothing")
                return None
            ptr += "/" + escape(key)
        return Node(value, target_doc, ptr)

    def _prefix(self, doc: Document) -> str:
        """Pointers into other files read `file#/pointer`, relative to the root's folder."""
        if doc is self.root:
            return ""
        if doc.git and self.root.git:
            return f"{posixpath.relpath(doc.git.path, self.root.git.folder or '.')}#"
        if doc.path is None or self._base is None:
            return ""
        return f"{doc.path.relative_to(self._base).as_posix()}#"

    def _file(self, doc: Document, file_part: str, ref: str) -> Document:
        if "\x00" in unquote(file_part):  # no path or git object name can hold one
            raise InputError(doc.label, f"$ref {ref!r} names a file with a NUL byte; refused")
        if doc.git and self.root.git:
            return self._git_file(doc.git, file_part, ref, doc.label)
        if self._base is None or doc.path is None:
            raise InputError(self.root.label, f"file $ref {ref!r} needs the document to be a file")
        return self.file_in_tree(doc.path.parent / unquote(file_part), doc.label, ref)

    def file_in_tree(self, path: Path, label: str, ref: str) -> Document:
        """The document at `path`, read once, if it is a regular file in the root's tree.

        The one door to other files: `$ref`s followed here and those the validator asks for.
        """
        if self._base is None:
            raise InputError(self.root.label, f"file $ref {ref!r} needs the document to be a file")
        target = path.resolve()
        if not target.is_relative_to(self._base):
            raise InputError(label, f"$ref {ref!r} leaves the directory of {self.root.label}; refused")
        cached = self._files.get(target)
        if cached is None:
            _regular_file(target, label, ref)
            cached = read_file(target, max_bytes=self.max_bytes)
            self._files[target] = cached
        return cached

    def _git_file(self, place: GitPlace, file_part: str, ref: str, label: str) -> Document:
        """A file `$ref` inside a git document is read from the same revision."""
        target = place.sibling(unquote(file_part))
        folder = self.root.git.folder if self.root.git else ""
        if (folder and not target.path.startswith(folder + "/")) or target.path.startswith("../"):
            raise InputError(label, f"$ref {ref!r} leaves the directory of {self.root.label}; refused")
        cached = self._files.get(target)
        if cached is None:
            cached = read_git(target, max_bytes=self.max_bytes)
            self._files[target] = cached
        return cached

    def _warn(self, node: Node, text: str) -> None:
        self._warn_at(node.doc, node.ptr, text)

    def _warn_at(self, doc: Document, where: str | None, text: str) -> None:
        if where is not None:
            self.warnings.append(f"{doc.label}#{where}: {text}")
