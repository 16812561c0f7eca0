"""Headless Chromium for tests that lay out a page (Debian's `chromium` package; tests skip,
saying so, where it is not installed).

A probe script added to a copy of the page (the page itself has no script) measures the laid
out page and writes its result as JSON into `body[data-probe]`, which `--dump-dom` prints.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = next(filter(None, (shutil.which(name) for name in ("chromium", "chromium-browser"))), None)
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed "
                                                             "(Debian's chromium package)")


def probe(page: str, script: str, tmp_path: Path, width: int, name: str = "page.html") -> dict[str, object]:
    """Lay `page` out at `width` pixels and return what `script` (a `<script>…</script>`
    that sets `document.body.dataset.probe`) measured."""
    probed = tmp_path / name
    probed.write_text(page.replace("</body>", script + "</body>", 1), encoding="utf-8")
    assert CHROMIUM is not None
    done = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                           f"--window-size={width},844", "--dump-dom", probed.as_uri()],
                          capture_output=True, text=True, timeout=180, check=False)
    found = re.search(r'data-probe="([^"]*)"', done.stdout)
    assert found, f"no probe in Chromium's DOM (exit {done.returncode}): {done.stderr[-500:]}"
    return json.loads(html.unescape(found[1]))
