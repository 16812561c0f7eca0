"""The HTML report in a real browser, at a phone's width: nothing overflows the page, and
no rule id is broken across lines (issue 11). Optional: it needs headless Chromium (Debian's
`chromium` package) and skips, saying so, where it is not installed.

A probe script, added to a copy of the page (the report itself has no script), measures the
laid-out page and writes the result into the DOM that `--dump-dom` prints.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import nosurprises
from nosurprises.formats import render_report

from .conftest import corpus_dir

CHROMIUM = next(filter(None, (shutil.which(name) for name in ("chromium", "chromium-browser"))), None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed "
                                                         "(Debian's chromium package)")
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
</body>"""


def _measure(page: str, tmp_path: Path, width: int = 390) -> dict[str, object]:
    probed = tmp_path / "page.html"
    probed.write_text(page.replace("</body>", PROBE, 1), encoding="utf-8")
    assert CHROMIUM is not None
    done = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                           f"--window-size={width},844", "--dump-dom", probed.as_uri()],
                          capture_output=True, text=True, timeout=180, check=False)
    found = re.search(r'data-probe="([^"]*)"', done.stdout)
    assert found, f"no probe in Chromium's DOM (exit {done.returncode}): {done.stderr[-500:]}"
    return json.loads(html.unescape(found[1]))


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
