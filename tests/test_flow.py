"""One direction of flow: each stage imports only the stages to its left and the shared parts.

load -> diff (openapi, pricing, terms, events) -> the rule catalog -> select -> policy -> notices
-> delivery -> formats -> cli. The diff stages do not import one another; each declares its own rules
(`rule.py` says what a rule is, `finding.py` holds the one judge, `words.py` turns facts into
sentences: shared), and the catalog (`rules.py`) assembles them, so it sits right of them.
`events/load.py` once imported from `policy/` against the flow (issue 10); this test keeps
any stage from reaching back again.
"""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import ROOT

PACKAGE = ROOT / "src" / "nosurprises"
SHARED = {"model", "record", "fields", "levels", "lazy", "errors", "bounds", "rule", "finding", "words",
          "addresses", "network", "duck",
          "i18n", "untrusted",
          "regex", "docgen",
          "templating", "output", "deliveries", "__version__"}
RANK = {"load": 1, "openapi": 2, "pricing": 2, "terms": 2, "events": 2, "rules": 2.5, "kinds": 3,
        "accept": 3, "directory": 3.2, "pairs": 3.4, "batch": 3.5, "history": 3.6, "config": 6.5,
        "selection": 3, "language": 3, "targeting": 3.7, "policy": 4, "notices": 5, "delivery": 5.5,
        "formats": 6, "prcomment": 7}
"""Stages in flow order (`prcomment` posts what a format wrote, and imports no stage); `cli`,
`__init__`, `__main__` and what runs the command line (`precommit`, `references`) sit on top
and may import anything."""


def _imports(path: Path, package: Path = PACKAGE) -> set[str]:
    """The top-level modules of `package` that `path` imports relatively."""
    rel = path.relative_to(package)
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = list(rel.parts[:-1])[:len(rel.parts) - node.level]
            target = base + (node.module.split(".") if node.module else [])
            found.add(target[0] if target else node.names[0].name)
    return {t.removesuffix(".py") for t in found}


def test_every_stage_imports_only_to_its_left() -> None:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        stage = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        if stage not in RANK and stage not in SHARED:
            continue  # cli, __init__, __main__
        for target in _imports(path) - {stage}:
            if stage in SHARED:
                ok = target in SHARED
            else:
                ok = target in SHARED or RANK.get(target, 99) < RANK[stage]
            if not ok:
                wrong.append(f"{path.relative_to(PACKAGE)} imports {target}")
    assert wrong == []


def test_the_check_sees_a_backward_import(tmp_path: Path) -> None:
    """The walker reads relative imports right: `from ..policy.load import x` in events/."""
    (tmp_path / "events").mkdir()
    module = tmp_path / "events" / "load.py"
    module.write_text("from ..policy.load import describe\nfrom . import model\n", "utf-8")
    assert _imports(module, tmp_path) == {"policy", "events"}
