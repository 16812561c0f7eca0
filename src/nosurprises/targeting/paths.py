"""Which path template of a spec a logged request path was a call to.

A log shows `/v1/pets/42`; the spec names `/pets/{petId}` under a server `/v1`. Matching is
done one segment at a time over a trie of the templates, as OpenAPI asks: a literal segment
wins over a templated one (`/pets/mine` is not `/pets/{petId}`), and where a literal branch
leads nowhere the templated one is tried (`/a/b/d` and `/a/{x}/c` both match what they
should). Segments are percent-decoded after the path is split, so `%2F` stays inside its
segment, and a trailing slash is ignored (`/pets/` is `/pets`). A segment that mixes text and
parameters (`{name}.{ext}`, `report.{format}`) matches by a pattern and ranks between the two.

The server base path (the path part of `servers[].url`, or Swagger 2.0's `basePath`) is
stripped first; a request outside every base path matches nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

_PARAM = re.compile(r"\{[^{}/]*\}")


@dataclass
class _Node:
    literal: dict[str, _Node] = field(default_factory=dict)
    mixed: list[tuple[re.Pattern[str], _Node]] = field(default_factory=list)
    param: _Node | None = None
    template: str | None = None


def _segments(path: str) -> list[str]:
    """The segments of a path, without the leading slash and a trailing one."""
    path = path.strip("/") if path != "/" else ""
    return path.split("/") if path else []


def _mixed_pattern(segment: str) -> re.Pattern[str]:
    """A segment such as `{name}.{ext}` as a pattern: each parameter one or more characters."""
    pieces = _PARAM.split(segment)
    return re.compile("(?s:.+?)".join(re.escape(p) for p in pieces) + r"\Z")


class Templates:
    """The path templates of a spec, ready to match concrete paths against."""

    def __init__(self, templates: Iterable[str], prefixes: Iterable[str] = ("",)) -> None:
        self._root = _Node()
        self.templates = sorted(set(templates))
        for template in self.templates:
            node = self._root
            for segment in _segments(template):
                if _PARAM.fullmatch(segment):
                    node.param = node.param or _Node()
                    node = node.param
                elif _PARAM.search(segment):
                    pattern = _mixed_pattern(segment)
                    found = next((n for p, n in node.mixed if p.pattern == pattern.pattern), None)
                    if found is None:
                        found = _Node()
                        node.mixed.append((pattern, found))
                    node = found
                else:
                    node = node.literal.setdefault(segment, _Node())
            node.template = node.template or template
        self.prefixes = sorted({(_segments(p) and "/" + "/".join(_segments(p))) or "" for p in prefixes},
                               key=lambda p: (-len(p), p))
        self._strips = [[unquote(s) for s in _segments(p)] for p in self.prefixes]
        """Each prefix's decoded segments, split once: `match` runs once per distinct path."""

    def match(self, path: str) -> str | None:
        """The template `path` (a logged request path, query and fragment allowed, percent-
        encoded or not) is a call to, or None."""
        path = urlsplit(path).path if "?" in path or "#" in path or "://" in path else path
        segments = [unquote(s) for s in _segments(path)]
        for strip in self._strips:
            if segments[:len(strip)] == strip:
                found = _walk(self._root, segments[len(strip):])
                if found is not None:
                    return found
        return None


def _walk(node: _Node, segments: list[str]) -> str | None:
    if not segments:
        return node.template
    head, rest = segments[0], segments[1:]
    literal = node.literal.get(head)
    if literal is not None and (found := _walk(literal, rest)) is not None:
        return found
    if head:  # a parameter is never empty (`/pets//x` is no call to `/pets/{id}/x`)
        for pattern, child in node.mixed:
            if pattern.match(head) and (found := _walk(child, rest)) is not None:
                return found
        if node.param is not None:
            return _walk(node.param, rest)
    return None


def base_paths(document: Mapping[str, Any]) -> list[str]:
    """The base paths a spec's servers put before its paths: the path part of each
    `servers[].url` (Swagger 2.0: `basePath`); `""` when there is none. A server URL with a
    `{variable}` in its path is left out: its path is not known."""
    found: set[str] = set()
    if isinstance(document.get("basePath"), str):
        found.add(document["basePath"])
    servers = document.get("servers")
    for server in servers if isinstance(servers, list) else []:
        url = server.get("url") if isinstance(server, dict) else None
        if not isinstance(url, str):
            continue
        try:
            path = urlsplit(url).path if "://" in url or url.startswith("//") else url.split("?")[0]
        except ValueError:
            continue
        if "{" not in path:
            found.add(path)
    return sorted({"/" + "/".join(_segments(p)) if _segments(p) else "" for p in found}) or [""]


def spec_templates(*documents: Mapping[str, Any], prefix: str | None = None) -> Templates:
    """The templates of the `paths` of each document (old and new: the logs are of calls to
    the old one, the changes named as in either), under the servers' base paths, or under
    `prefix` alone when it is given."""
    paths = {str(p) for d in documents if isinstance(d.get("paths"), dict) for p in d["paths"]}
    prefixes = [prefix] if prefix is not None else sorted(
        {p for d in documents for p in base_paths(d)})
    return Templates(paths, prefixes)


__all__ = ["Templates", "base_paths", "spec_templates"]
