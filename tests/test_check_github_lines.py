"""`check --format github` puts each annotation on the line of what changed, as `diff` does.

The lines are checked against the files themselves: the annotation of a removed property
points into the old document at that property, a parameter that became required at its
`required` key in the new one.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from nosurprises.cli import main

from .conftest import ROOT

EXAMPLES = ROOT / "examples"


@pytest.mark.parametrize("detail", ["groups", "operations"])
def test_check_annotations_carry_the_line(detail: str, capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old, new = EXAMPLES / "petstore-old.yaml", EXAMPLES / "petstore-new.yaml"
    monkeypatch.chdir(tmp_path)  # the default pack, no ledger
    assert main(["check", str(old), str(new), "--on", "2026-12-01", "-f", "github", "--detail", detail]) == 1
    found = {}
    for line in capsys.readouterr().out.splitlines():
        m = re.match(r"::error file=([^,]+),line=(\d+),title=([^:]+)::", line)
        if m:
            found[unquote(m.group(3)).split(": ", 1)[1]] = (Path(m.group(1)).name, int(m.group(2)))
    assert found, "no annotation with a line"
    files = {p.name: p.read_text("utf-8").splitlines() for p in (old, new)}

    def at(rule: str) -> str:
        name, number = found[rule]
        return f"{name}:{files[name][number - 1].strip()}"

    assert at("api.schema.response.property-removed") == "petstore-old.yaml:tag:"
    assert at("api.parameter.became-required").startswith("petstore-new.yaml:required")
    assert at("api.schema.response.property-became-optional").startswith("petstore-new.yaml:required")
