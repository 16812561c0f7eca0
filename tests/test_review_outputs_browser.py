"""The HTML report in a real browser, at a phone's width: nothing overflows the page, and
no rule id is broken across lines (issue 11). Optional: it needs headless Chromium (Debian's
`chromium` package) and skips, saying so, where it is not installed.

A probe script, added to a copy of the page (the report itself has no script), measures the
laid-out page and writes the result into the DOM that `--dump-dom` prints.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import nosurprises
from nosurprises.formats import render_report

from .browser import needs_chromium, probe
from .conftest import corpus_dir

pytestmark = needs_chromium
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
PROBE = """<script>
(() => {
  const rules = [...document.querySelectorAll('.rule')];
  const probe = {
    width: window.innerWidth,
    scrollWidth: document.documentElement.scrollWidth,
    rules: rules.length,
    broken: rules.filter(e => e.getClientRects().length > 1).map(e => e.textContent).slice(0, 5),
  };
  document.body.setAttribute('data-probe', JSON.stringify(probe));
})();
</script>
"""


def _measure(page: str, tmp_path: Path, width: int = 390) -> dict[str, object]:
    return probe(page, PROBE, tmp_path, width)


@pytest.mark.parametrize("detail", ["groups", "operations"])
def test_petstore_report_fits_a_phone(detail: str, tmp_path: Path) -> None:
    old, new = str(EXAMPLES / "petstore-old.yaml"), str(EXAMPLES / "petstore-new.yaml")
    report = nosurprises.compare_openapi(old, new)
    probe = _measure(render_report("html", report, new, old, detail), tmp_path)
    assert probe["scrollWidth"] <= probe["width"], probe
    assert probe["rules"] and probe["broken"] == [], probe


def test_stripe_report_fits_a_phone(tmp_path: Path) -> None:
    pair = corpus_dir("openapi", "stripe")
    old, new = str(pair / "old.json"), str(pair / "new.json")
    report = nosurprises.compare_openapi(old, new)
    probe = _measure(render_report("html", report, new, old), tmp_path)
    assert probe["scrollWidth"] <= probe["width"], probe
    assert probe["rules"] == len(report.groups) and probe["broken"] == [], probe
