"""docs/pricing.md cannot drift: its format reference and its worked example are generated."""

from __future__ import annotations

from nosurprises.docgen import generated_part
from nosurprises.pricing import compare_pricing
from nosurprises.pricing.reference import MODELS, pricebook_reference

from .conftest import ROOT, corpus_dir

DOC = ROOT / "docs" / "pricing.md"


def test_format_reference_is_current() -> None:
    written = DOC.read_text(encoding="utf-8")
    assert generated_part(written, "pricebook_reference") == pricebook_reference(), (
        "docs/pricing.md is stale: run `python -m nosurprises.pricing.reference docs/pricing.md`")


def test_reference_lists_every_model_and_field() -> None:
    text = pricebook_reference()
    for model in MODELS:
        assert f"### {model.__name__}" in text
        for name, info in model.model_fields.items():
            assert f"| `{info.alias or name}` |" in text, (model.__name__, name)


def example_lines(case_dir: str) -> str:
    """The worked example block: what `compare_pricing` reports on the Twitter 2023 case."""
    report = compare_pricing(f"{case_dir}/old.yaml", f"{case_dir}/new.yaml")
    return "\n".join(f"{c.level.value:<8}  {c.rule:<28}  {c.item:<18}  {c.message}" for c in report.changes)


def test_worked_example_is_the_real_output() -> None:
    case = corpus_dir("pricing", "twitter-api-2023")
    written = DOC.read_text(encoding="utf-8")
    block = written.split("<!-- BEGIN EXAMPLE: twitter-api-2023 -->", 1)[1]
    block = block.split("<!-- END EXAMPLE -->", 1)[0]
    assert block.strip() == f"```text\n{example_lines(str(case))}\n```"
