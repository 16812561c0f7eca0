"""The report contract of issue 10: what every existing field held before `groups` existed.

`fixtures/contract/openapi.json` was written by `python -m tests.report_contract` at commit
75f437f (the last one before `Change.origin`, `Report.groups` and `Summary.groups`), from
the same code path the test runs now. The JSON of each corpus pair, less the fields added
since (`ADDED`), is reduced to a SHA-256 of its key-sorted form, so the fixture stays a few
lines while a change to any value of any existing field, in any change, fails.

Re-recorded once since, for issue 12: `location` and `document` of 8 pairs were pointers that
named nothing in their document (Twilio's enums behind a `$ref` with siblings, keywords only
the old document has, `required` lists gone from the new one, Swagger 2.0 pointers into its
OpenAPI 3 reading); every other field of every change, and their number, stayed the same
(checked before re-recording), and `tests/test_locations_resolve.py` now holds the pointers.

Re-recorded a second time, for issue 12's coverage: the fields and their meaning are the
same, but the engine now finds more, so counts and values moved, each reviewed by rule and
pair before re-recording: 3.0's `x-webhooks` are compared (GitHub +3,018 changes, Apideck
+213, all on `webhook:` operations); GitHub's three oneOf alternatives that overlap what was
valid are `one-of-ambiguous`; Rudder's four paths and one server that only lost a trailing
slash are one move each, not a removal and an addition, and its `cve id`/`CVE id` format is
no change; `major-version-not-bumped` on Docker, Twilio and GitHub 18.x; patterns are shown
as code; Gitea's changes name `application/json`, listed first, not `text/html`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

TODAY = dt.date(2026, 1, 1)
"""Fixed, so that sunset dates compare the same way on every day the test runs."""

ADDED: dict[str, frozenset[str]] = {
    "report": frozenset({"groups"}),
    "summary": frozenset({"groups", "accepted"}),
    "change": frozenset({"origin", "accepted"}),
}
"""Fields added to the report since the fixture was written: the schema only grows."""

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "contract" / "openapi.json"


def pair_files(folder: Path) -> tuple[Path, Path]:
    """(old, new) of a corpus pair folder."""
    files = {f.stem: f for f in folder.iterdir() if f.stem in ("old", "new")}
    return files["old"], files["new"]


def without_added(data: dict[str, Any]) -> dict[str, Any]:
    """The report as it was before: the added fields taken out (absent ones are fine)."""
    report = {k: v for k, v in data.items() if k not in ADDED["report"]}
    report["summary"] = {k: v for k, v in data["summary"].items() if k not in ADDED["summary"]}
    report["changes"] = [{k: v for k, v in c.items() if k not in ADDED["change"]}
                         for c in data["changes"]]
    return report


def shape(data: dict[str, Any]) -> dict[str, list[str]]:
    """The field names of the report, its summary and its changes."""
    changes = {k for c in data["changes"] for k in c}
    return {"report": sorted(data), "summary": sorted(data["summary"]), "change": sorted(changes)}


def digest(data: dict[str, Any]) -> str:
    text = json.dumps(without_added(data), sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def record(corpus: Path) -> dict[str, Any]:
    """The fixture for every pair of `corpus` (the openapi folder) with this checkout's code."""
    import nosurprises

    pairs: dict[str, Any] = {}
    fields: dict[str, set[str]] = {"report": set(), "summary": set(), "change": set()}
    for folder in sorted(p for p in corpus.iterdir() if p.is_dir()):
        old, new = pair_files(folder)
        data = json.loads(nosurprises.compare_openapi(old, new, today=TODAY).model_dump_json())
        pairs[folder.name] = {"changes": len(data["changes"]), "sha256": digest(data)}
        for part, names in shape(without_added(data)).items():
            fields[part].update(names)
    return {"today": TODAY.isoformat(), "fields": {k: sorted(v) for k, v in fields.items()},
            "pairs": pairs}


if __name__ == "__main__":
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / \
        "shared" / "corpus" / "openapi"
    json.dump(record(root), sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")
