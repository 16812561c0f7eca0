"""Each document is read and parsed once per command, whatever the command does with it.

Before the kind registry, `diff --usage` read and parsed each price book twice and validated
it twice more (four `PriceBook` validations), `notice --usage` read and parsed the new book
three times, and `--format github`/`sarif` read both documents once more for line numbers.
Every stage now takes the loaded pair (`kinds.load_pair`). The counts are of real calls:
`io.open` of the test's own files, `parse_bytes` (YAML/JSON), CSV readers and
`PriceBook.model_validate`.
"""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from nosurprises.cli import main
from nosurprises.load import source
from nosurprises.pricing import load as pricing_load
from nosurprises.pricing import usage as pricing_usage
from nosurprises.pricing.model import PriceBook

from .conftest import FIXTURES, ROOT

BOOK = """product: Acme API
plans:
  - id: pro
    name: Pro
    price: {{amount: "{price}", currency: USD, interval: month}}
    limits: [{{id: req, value: {req}, unit: request, period: month}}]
"""


class Counts:
    """Opens per file of `folder`, parses per file name, and price book validations."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
        self.opens: Counter[str] = Counter()
        self.parses: Counter[str] = Counter()
        self.validations = 0
        real_open, real_parse = io.open, source.parse_bytes
        real_csv = pricing_load.open_csv
        real_validate = PriceBook.model_validate.__func__  # type: ignore[attr-defined]

        def opening(file: Any, *args: Any, **kwargs: Any) -> Any:
            path = Path(str(file))
            if path.parent == folder:
                self.opens[path.name] += 1
            return real_open(file, *args, **kwargs)

        def parsing(raw: bytes, name: str, *args: Any, **kwargs: Any) -> Any:
            self.parses[Path(name).name] += 1
            return real_parse(raw, name, *args, **kwargs)

        def csv(path: Path, name: str, *args: Any, **kwargs: Any) -> Any:
            self.parses[Path(name).name] += 1
            return real_csv(path, name, *args, **kwargs)

        def validating(cls: type[PriceBook], data: Any, *args: Any, **kwargs: Any) -> PriceBook:
            self.validations += 1
            return real_validate(cls, data, *args, **kwargs)  # type: ignore[no-any-return]

        monkeypatch.setattr(io, "open", opening)
        monkeypatch.setattr(source, "parse_bytes", parsing)
        monkeypatch.setattr(pricing_load, "open_csv", csv)
        monkeypatch.setattr(pricing_usage, "open_csv", csv)
        monkeypatch.setattr(PriceBook, "model_validate", classmethod(validating))


@pytest.fixture
def books(tmp_path: Path) -> Path:
    (tmp_path / "old.yaml").write_text(BOOK.format(price="10.00", req=1000))
    (tmp_path / "new.yaml").write_text(BOOK.format(price="15.00", req=500))
    (tmp_path / "usage.csv").write_text("customer,plan,usage:request\nacme,pro,800\nbeta,pro,100\n")
    return tmp_path


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> int:
    code = main(argv)
    capsys.readouterr()
    return code


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif"])
def test_diff_with_usage_reads_and_parses_each_file_once(
        books: Path, fmt: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    counts = Counts(monkeypatch, books)
    assert _run(["diff", str(books / "old.yaml"), str(books / "new.yaml"), "--usage",
                 str(books / "usage.csv"), "-f", fmt], capsys) == 0
    assert counts.opens == {"old.yaml": 1, "new.yaml": 1, "usage.csv": 1}
    assert counts.parses == {"old.yaml": 1, "new.yaml": 1, "usage.csv": 1}
    assert counts.validations == 2


def test_notice_with_usage_reads_and_parses_each_file_once(
        books: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    counts = Counts(monkeypatch, books)
    assert _run(["notice", str(books / "old.yaml"), str(books / "new.yaml"), "--announce",
                 "2026-12-01", "--usage", str(books / "usage.csv"), "--out",
                 str(books / "out")], capsys) == 0
    assert (books / "out" / "notice.eml").exists()  # the product name came from the loaded book
    assert counts.opens == {"old.yaml": 1, "new.yaml": 1, "usage.csv": 1}
    assert counts.parses["old.yaml"] == counts.parses["new.yaml"] == counts.parses["usage.csv"] == 1
    assert counts.validations == 2


@pytest.mark.parametrize("argv", [["check", "--on", "2027-01-01", "-f", "sarif"],
                                  ["check", "--on", "2027-01-01", "-f", "github"],
                                  ["plan", "--announce", "2027-01-01"]])
def test_check_and_plan_read_each_file_once(books: Path, argv: list[str], monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    counts = Counts(monkeypatch, books)
    assert _run([argv[0], str(books / "old.yaml"), str(books / "new.yaml"), *argv[1:]], capsys) in (0, 1)
    assert counts.opens == {"old.yaml": 1, "new.yaml": 1}
    assert counts.parses["old.yaml"] == counts.parses["new.yaml"] == 1


def test_github_annotations_keep_their_lines_from_the_bytes_read(
        books: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Line lookup uses the bytes kept at loading: same lines as before, no second read."""
    old, new = ROOT / "examples" / "petstore-old.yaml", ROOT / "examples" / "petstore-new.yaml"
    for name, path in (("old.yaml", old), ("new.yaml", new)):
        (books / name).write_bytes(path.read_bytes())
    counts = Counts(monkeypatch, books)
    assert main(["diff", str(books / "old.yaml"), str(books / "new.yaml"), "-f", "github"]) == 0
    out = capsys.readouterr().out
    assert counts.opens == {"old.yaml": 1, "new.yaml": 1}
    assert f"file={books / 'new.yaml'},line=" in out and f"file={books / 'old.yaml'},line=" in out


@pytest.mark.parametrize("command", ["diff", "notice"])
def test_terms_and_their_redline_read_each_file_once(
        tmp_path: Path, command: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("old.md", "new.md"):
        (tmp_path / name).write_bytes((FIXTURES / "terms" / name).read_bytes())
    counts = Counts(monkeypatch, tmp_path)
    old, new = str(tmp_path / "old.md"), str(tmp_path / "new.md")
    extra = (["--redline", str(tmp_path / "redline.html")] if command == "diff" else
             ["--announce", "2027-01-01", "--product", "Acme", "--out", str(tmp_path / "out")])
    assert _run([command, old, new, *extra], capsys) == 0
    assert counts.opens == {"old.md": 1, "new.md": 1}


def test_terms_named_as_yaml_are_read_once_with_kind_terms(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A terms file whose name says nothing is parsed as YAML to find its kind, then read as
    text from the same bytes."""
    (tmp_path / "old.yaml").write_text("Terms\n\nWe may change prices.\n")
    (tmp_path / "new.yaml").write_text("Terms\n\nWe may change prices at any time without notice.\n")
    counts = Counts(monkeypatch, tmp_path)
    assert main(["diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), "--kind", "terms",
                 "-f", "json"]) == 0
    assert '"subject": "terms"' in capsys.readouterr().out
    assert counts.opens == {"old.yaml": 1, "new.yaml": 1}
