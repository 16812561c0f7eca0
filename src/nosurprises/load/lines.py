"""Line numbers of JSON pointers in a YAML or JSON file: annotations that land on their line.

The comparison works on parsed values and knows only JSON pointers. Code review tools
(GitHub annotations, SARIF regions) want a line, so the few pointers a report names are looked
up afterwards in the file's node tree (libyaml's composer keeps each node's position; JSON is
YAML). Composing costs about 0.15 s per MB, so files above `MAX_BYTES` get no lines rather
than a slow CI step; a file that cannot be read or composed gets none either: lines are a
convenience, never a reason to fail.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import yaml

from ..errors import InputError
from .limits import LINES_MAX_BYTES as MAX_BYTES
from .refs import unescape
from .source import Named
from .yamltext import check_yaml_shape

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def pointer_lines(text: str, pointers: Iterable[str]) -> dict[str, int]:
    """1-based line of each pointer that names something in `text` (a mapping entry: its key's
    line; a list item: its own line). Pointers that name nothing are left out."""
    wanted = sorted(set(pointers))
    raw = text.encode("utf-8", "replace")
    if not wanted or len(raw) > MAX_BYTES:
        return {}
    try:
        check_yaml_shape(raw, "<lines>")  # the same depth and alias bounds as loading
        root = yaml.compose(text, Loader=_Loader)
    except (InputError, yaml.YAMLError, RecursionError, MemoryError):
        return {}
    if root is None:
        return {}
    index: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] = {}
    found = {}
    for pointer in wanted:
        line = _line(root, pointer, index)
        if line is not None:
            found[pointer] = line
    return found


def _line(root: yaml.Node, pointer: str, index: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]]
          ) -> int | None:
    if pointer in ("", "/"):
        return root.start_mark.line + 1
    if not pointer.startswith("/"):
        return None
    node, line = root, root.start_mark.line
    for token in pointer.split("/")[1:]:
        key = unescape(token)
        if isinstance(node, yaml.MappingNode):
            entries = index.get(id(node))
            if entries is None:
                entries = {str(k.value): (k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)}
                index[id(node)] = entries
            hit = entries.get(key)
            if hit is None:
                return None
            line, node = hit[0].start_mark.line, hit[1]
        elif isinstance(node, yaml.SequenceNode) and key.isdigit() and int(key) < len(node.value):
            node = node.value[int(key)]
            line = node.start_mark.line
        else:
            return None
    return line + 1


def file_lines(source: str | None, pointers: Iterable[str]) -> dict[str, int]:
    """`pointer_lines` of a local file named by `source` (a `git:` source or a missing or
    unreadable file gives none: the annotation then names the file only). A `Named` source
    carries the bytes already read (or none): the file is not read again."""
    if not source or source.startswith("git:"):
        return {}
    if isinstance(source, Named):
        if source.raw is None or len(source.raw) > MAX_BYTES:
            return {}
        try:
            return pointer_lines(source.raw.decode("utf-8"), pointers)
        except UnicodeDecodeError:
            return {}
    path = Path(source)
    try:
        if not path.is_file() or path.stat().st_size > MAX_BYTES:
            return {}
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    return pointer_lines(text, pointers)
