"""Run `compare_terms` over the real version history of terms documents kept by Open Terms Archive.

The corpus holds eleven pairs; Open Terms Archive keeps thousands of versions. This script reads
a local clone of a versions repository (e.g. `OpenTermsArchive/contrib-versions`) with `git`,
compares each version of the named documents with the one before it, and prints how many
changes each rule reported at each level, then every verdict in the customer's favour (`info`
on a topic) and every wider clause, so a maintainer can read them and judge the classifier on
real text it was not tuned on. Nothing is copied into this repository.

    python benchmarks/scan_terms_history.py --repo PATH "Steam/Terms of Service.md" ...
        [--last N] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from nosurprises.errors import InputError
from nosurprises.terms import compare_terms


def versions(repo: Path, doc: str, last: int) -> list[tuple[str, str]]:
    """(commit, date) of the last `last` versions of `doc`, oldest first, leaving out the
    commits that only upgraded the archive's own extraction (`technical` in the message)."""
    log = subprocess.run(["git", "-C", str(repo), "log", "--format=%h %ad %s", "--date=short", "--", doc],
                         capture_output=True, text=True, check=True).stdout.splitlines()
    kept = [line.split(" ", 2)[:2] for line in log if "technical" not in line.lower()]
    return [(h, d) for h, d in reversed(kept)][-last:]


def scan(repo: Path, docs: list[str], last: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for doc in docs:
        previous: tuple[str, str] | None = None
        for commit, date in versions(repo, doc, last):
            text = subprocess.run(["git", "-C", str(repo), "show", f"{commit}:{doc}"],
                                  capture_output=True, text=True, check=True).stdout
            if previous is not None:
                try:
                    report = compare_terms(previous[1], text)
                except InputError as exc:
                    print(f"{doc} {date}: {exc}", file=sys.stderr)
                else:
                    out += [{"doc": doc, "from": previous[0], "to": date, **c.model_dump(mode="json")}
                            for c in report.changes]
            previous = (date, text)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, required=True, help="a local clone of a versions repository")
    parser.add_argument("docs", nargs="+", help="document paths in it, e.g. 'Steam/Terms of Service.md'")
    parser.add_argument("--last", type=int, default=12, help="versions per document (default 12)")
    parser.add_argument("--json", type=Path, help="write every change found to this file")
    args = parser.parse_args(argv)
    changes = scan(args.repo, args.docs, args.last)
    for (rule, level), n in sorted(Counter((c["rule"], c["level"]) for c in changes).items()):
        print(f"{rule:36} {level:8} {n}")
    print()
    for c in changes:
        topical = c["rule"].endswith(".changed")
        if (topical and c["level"] == "info") or "now also covers" in c["message"]:
            print(f"{c['doc']} {c['from']} -> {c['to']}: [{c['level']}] {c['message']}")
    if args.json:
        args.json.write_text(json.dumps(changes, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
