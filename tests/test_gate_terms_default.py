"""Item 13: a material change to the terms must be announced under the `default` pack.

On the real Zoom pair of August 2023 (AI training, licence over customer content), where the
classifier rates each change a `warning`: without a ledger, `check` fails; editorial
changes, added, moved and renamed sections still ship without notice.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nosurprises.cli import main
from nosurprises.policy.load import load_pack
from nosurprises.policy.model import window_for

from .conftest import corpus_dir


def _zoom(capsys: pytest.CaptureFixture[str], tmp_path: Path, *extra: str) -> tuple[int, dict]:
    """`check` on the Zoom pair under the `default` pack alone (no nosurprises.yaml of the cwd)."""
    zoom = corpus_dir("terms", "zoom-terms-of-service-2023-08-11")
    policy = tmp_path / "p.yaml"
    policy.write_text("policy:\n  extends: [default]\n", encoding="utf-8")
    code = main(["check", str(zoom / "old.md"), str(zoom / "new.md"), "--on", "2023-08-11",
                 "-f", "json", "--policy", str(policy), *extra])
    return code, json.loads(capsys.readouterr().out)


def test_zoom_ai_training_and_licence_changes_need_notice(capsys: pytest.CaptureFixture[str],
                                                         tmp_path: Path) -> None:
    code, report = _zoom(capsys, tmp_path)
    assert code == 1
    by_rule = {}
    for verdict in report["verdicts"]:
        by_rule.setdefault(verdict["change"]["rule"], set()).add(verdict["status"])
    assert by_rule["terms.ai-training.changed"] == {"unannounced"}
    assert by_rule["terms.content-licence.changed"] == {"unannounced"}
    for verdict in report["verdicts"]:
        change = verdict["change"]
        if change["level"] == "info":  # editorial, section added/renamed: no notice owed
            assert verdict["status"] == "not-required", change
        else:
            assert verdict["required_min_days"] >= 30, change
            assert "terms.material" in verdict["policy_rules"] or \
                "terms.breaking" in verdict["policy_rules"], change
    assert any(v["change"]["rule"] == "terms.editorial" for v in report["verdicts"])


def test_a_month_ahead_covers_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ledger = tmp_path / "notices.yaml"
    ledger.write_text("notices:\n  - id: zoom-2023-terms\n    summary: New terms.\n"
                      "    announced: 2023-07-01\n    effective: 2023-08-11\n"
                      "    channels: [email]\n    covers:\n      rules: ['terms.*']\n",
                      encoding="utf-8")
    code, report = _zoom(capsys, tmp_path, "--ledger", str(ledger))
    assert code == 0, [v for v in report["verdicts"] if v["status"] not in ("covered", "not-required")]
    assert report["gate"]["covered"] >= 2


@pytest.mark.parametrize(("pack", "days"), [("default", 30), ("strict", 60)])
def test_every_material_terms_level_is_owed_notice(pack: str, days: int) -> None:
    rules = load_pack(pack).rules
    for level in ("warning", "breaking"):
        assert window_for(rules, "terms.ai-training.changed", level, ["all"], None).min_days == days
    for rule in ("terms.editorial", "terms.section.added", "terms.section.renamed"):
        assert window_for(rules, rule, "info", ["all"], None).min_days == 0
