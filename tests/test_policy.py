"""Policy files: where they are found, how packs and own rules combine, and that every
mistake in one stops the run with one line naming the file, the entry and the field."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from nosurprises.docgen import generated_part
from nosurprises.errors import InputError
from nosurprises.model import Level
from nosurprises.policy.load import load_pack, load_policy
from nosurprises.policy.model import NoticeRule, Policy, window_for
from nosurprises.policy.reference import policy_reference

from .conftest import ROOT

OLD = str(ROOT / "examples" / "petstore-old.yaml")
NEW = str(ROOT / "examples" / "petstore-new.yaml")

OWN_YAML = """\
policy:
  extends: [default, eu-p2b]
  days: business
  rules:
    - id: from-yaml
      match: ["api.operation.removed*"]
      min_days: 400
"""

OWN_TOML = """\
[project]
name = "someone"

[tool.nosurprises.policy]
extends = ["strict"]

[[tool.nosurprises.policy.rules]]
id = "from-toml"
match = ["event.maintenance"]
min_days = 10
max_days = 20
"""


def ids(rules: list[NoticeRule]) -> list[str]:
    return [rule.id for rule in rules]


def pack_ids(*names: str) -> list[str]:
    return [rule.id for name in names for rule in load_pack(name).rules]


# --- discovery --------------------------------------------------------------------------------

def test_nosurprises_yaml_wins_over_pyproject(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "nosurprises.yaml").write_text(OWN_YAML, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(OWN_TOML, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    policy, rules = load_policy()
    assert ids(policy.rules) == ["from-yaml"]
    assert ids(rules) == [*pack_ids("default", "eu-p2b"), "from-yaml"]


def test_pyproject_policy_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text(OWN_TOML, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    policy, rules = load_policy()
    assert policy.extends == ["strict"]
    assert ids(rules) == [*pack_ids("strict"), "from-toml"]


@pytest.mark.parametrize("pyproject", [
    '[project]\nname = "someone"\n',
    '[tool.nosurprises]\nother = 1\n',
    '[tool]\nnosurprises = 1\n',
    'tool = "not a table"\n',
])
def test_pyproject_without_a_policy_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               pyproject: str) -> None:
    (tmp_path / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    policy, rules = load_policy()
    assert policy == Policy()
    assert ids(rules) == pack_ids("default")


def test_nothing_found_gives_the_default_pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    policy, rules = load_policy()
    assert policy.extends == ["default"] and policy.rules == [] and policy.days == "calendar"
    assert rules == load_pack("default").rules


# --- explicit paths, extends, days ------------------------------------------------------------

def test_explicit_yaml_path_wins_over_discovery(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "nosurprises.yaml").write_text("policy:\n  extends: [strict]\n", encoding="utf-8")
    chosen = tmp_path / "sub" / "mine.yml"
    chosen.parent.mkdir()
    chosen.write_text(OWN_YAML, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    policy, rules = load_policy(chosen)
    assert policy.extends == ["default", "eu-p2b"]
    assert ids(rules)[-1] == "from-yaml"
    assert load_policy(str(chosen))[0] == policy


def test_explicit_toml_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    chosen = tmp_path / "policy.toml"
    chosen.write_text(OWN_TOML, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    policy, rules = load_policy("policy.toml")
    assert ids(rules) == [*pack_ids("strict"), "from-toml"]
    assert policy.rules[0].max_days == 20


def test_extends_in_order_then_own_rules_and_business_days(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(OWN_YAML, encoding="utf-8")
    policy, rules = load_policy(path)
    assert ids(rules) == pack_ids("default") + pack_ids("eu-p2b") + ["from-yaml"]
    assert policy.days == "business"
    reversed_order = OWN_YAML.replace("[default, eu-p2b]", "[eu-p2b, default]")
    path.write_text(reversed_order, encoding="utf-8")
    assert ids(load_policy(path)[1]) == [*pack_ids("eu-p2b", "default"), "from-yaml"]


def test_extends_nothing_leaves_own_rules_alone(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(OWN_YAML.replace("[default, eu-p2b]", "[]"), encoding="utf-8")
    assert ids(load_policy(path)[1]) == ["from-yaml"]


def test_globs_of_subjects_still_to_come_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("policy:\n  rules:\n    - {id: ours, match: ['pricing.whatever.*'], min_days: 5}\n",
                    encoding="utf-8")
    assert ids(load_policy(path)[1])[-1] == "ours"


def test_the_example_policy_loads() -> None:
    policy, rules = load_policy(ROOT / "examples" / "nosurprises.yaml")
    assert policy.extends == ["default"]
    assert [r.id for r in policy.rules] == ["contract.beta.removal"]
    assert ids(rules) == [*pack_ids("default"), "contract.beta.removal"]
    window = window_for(rules, "api.operation.removed", Level.BREAKING, ["api"], "beta")
    assert window.min_days == 270 and "contract.beta.removal" in window.rules


# --- windows: own rules tighten packs ---------------------------------------------------------

def test_own_rule_with_a_longer_minimum_wins(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(OWN_YAML, encoding="utf-8")
    _, rules = load_policy(path)
    window = window_for(rules, "api.operation.removed-without-deprecation", Level.BREAKING, ["api"],
                        "stable")
    assert window.min_days == 400 and window.max_days is None
    assert "api.stable.breaking" in window.rules and window.rules[-1] == "from-yaml"


def test_own_rule_cannot_loosen_and_any_maximum_caps(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("""\
policy:
  rules:
    - {id: looser, match: ["event.maintenance"], min_days: 1}
    - {id: longer, match: ["event.maintenance"], min_days: 7}
    - {id: cap, match: ["event.*"], min_days: 0, max_days: 14}
""", encoding="utf-8")
    _, rules = load_policy(path)
    pack = window_for(load_pack("default").rules, "event.maintenance", Level.WARNING, ["all"], None)
    assert (pack.min_days, pack.max_days) == (3, 28)
    window = window_for(rules, "event.maintenance", Level.WARNING, ["all"], None, "business")
    assert (window.min_days, window.max_days, window.days) == (7, 14, "business")
    assert {"event.maintenance", "looser", "longer", "cap"} <= set(window.rules)
    only_looser = [r for r in rules if r.id not in ("longer", "cap")]
    assert window_for(only_looser, "event.maintenance", Level.WARNING, ["all"], None).min_days == 3


# --- every mistake: one line naming the file, the entry and the field -------------------------

RULE = "policy:\n  rules:\n    - id: mine\n      match: ['api.*']\n"
BAD: dict[str, tuple[str, str, list[str]]] = {
    # case: (file name, content, what the message must contain besides the file name)
    "unknown key": ("p.yaml", RULE + "      min_days: 3\n      mindays: 3\n",
                    ["policy.rules[0].mindays", "(entry 'mine')", "unknown key; did you mean 'min_days'?"]),
    "unknown top key": ("p.yaml", "policy:\n  extend: [default]\n",
                        ["policy.extend", "unknown key; did you mean 'extends'?"]),
    "negative min": ("p.yaml", RULE + "      min_days: -1\n",
                     ["policy.rules[0].min_days", "(entry 'mine')", "greater than or equal to 0"]),
    "missing min": ("p.yaml", RULE, ["policy.rules[0].min_days", "(entry 'mine')", "required"]),
    "max below min": ("p.yaml", RULE + "      min_days: 10\n      max_days: 5\n",
                      ["policy.rules[0]", "(entry 'mine')", "max_days (5) is below min_days (10)"]),
    "unknown pack": ("p.yaml", "policy:\n  extends: [default, eu-p2x]\n",
                     ["policy.extends[1]", "no such policy pack 'eu-p2x'", "eu-p2b"]),
    "glob matching nothing": ("p.yaml", "policy:\n  rules:\n    - id: mine\n      match: ['api.*', "
                              "'api.operaton.*']\n      min_days: 3\n",
                              ["policy.rules[0]", "(entry 'mine').match", "'api.operaton.*'",
                               "matches no rule id"]),
    "extends not a list": ("p.yaml", "policy:\n  extends: default\n",
                           ["policy.extends", "valid list"]),
    "days misspelt": ("p.yaml", "policy:\n  days: weekdays\n", ["policy.days", "'calendar' or 'business'"]),
    "invalid yaml": ("p.yaml", "policy:\n  rules: [\n", ["is not valid YAML", "line"]),
    "no policy section": ("p.yaml", "rules: []\n", ["has no `policy` section"]),
    "policy not a mapping": ("p.yaml", "policy: [default]\n", ["policy: ", "dictionary"]),
    "invalid toml": ("p.toml", "[tool.nosurprises.policy\n", ["is not valid TOML", "line 1"]),
    # found as the configuration file too (it is in the current directory): its keys first
    "toml without policy": ("pyproject.toml", "[tool.nosurprises]\nother = 1\n",
                            ["other: unknown key"]),
    "toml without policy elsewhere": ("p.toml", "[tool.nosurprises]\nother = 1\n",
                                      ["has no [tool.nosurprises.policy] table"]),
    "toml unknown key": ("p.toml", "[[tool.nosurprises.policy.rules]]\nid = 'mine'\nmin_days = 1\n"
                         "mindays = 2\n",
                         ["tool.nosurprises.policy.rules[0].mindays", "(entry 'mine')",
                          "unknown key; did you mean 'min_days'?"]),
    "toml glob": ("p.toml", "[[tool.nosurprises.policy.rules]]\nid = 'mine'\nmin_days = 1\n"
                  "match = ['event.shutdwn']\n",
                  ["tool.nosurprises.policy.rules[0] (entry 'mine').match", "matches no rule id"]),
    "missing file": ("absent.yaml", "", ["no such file"]),
    "missing toml": ("absent.toml", "", ["no such file"]),
    "directory": ("folder.toml", "", ["cannot be read"]),
}


def write_bad(tmp_path: Path, case: str) -> str:
    name, content, _ = BAD[case]
    if name == "folder.toml":
        (tmp_path / name).mkdir()
    elif not name.startswith("absent"):
        (tmp_path / name).write_text(content, encoding="utf-8")
    return name


@pytest.mark.parametrize("case", BAD)
def test_bad_policy_names_file_entry_and_field(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               case: str) -> None:
    monkeypatch.chdir(tmp_path)
    name = write_bad(tmp_path, case)
    with pytest.raises(InputError) as caught:
        load_policy(name)
    message = str(caught.value)
    assert caught.value.source == name and message.startswith(f"{name}: ")
    assert "\n" not in message and "Value error" not in message
    for part in BAD[case][2]:
        assert part in message, f"{case}: {part!r} not in {message!r}"


@pytest.mark.parametrize("case", ["unknown key", "negative min", "max below min"])
def test_bad_discovered_policy_is_refused_not_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      case: str) -> None:
    (tmp_path / "nosurprises.yaml").write_text(BAD[case][1], encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError, match=r"^nosurprises\.yaml: .*'mine'"):
        load_policy()


@pytest.mark.parametrize("case", BAD)
def test_cli_bad_policy_is_one_line_and_exit_2(tmp_path: Path, case: str) -> None:
    name = write_bad(tmp_path, case)
    result = subprocess.run([sys.executable, "-m", "nosurprises", "check", OLD, NEW, "--policy", name],
                            capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert lines[0].startswith(f"nosurprises: {name}: ")
    for part in BAD[case][2]:
        assert part in lines[0]
    assert result.stdout == ""


# --- the reference in docs/policy.md ----------------------------------------------------------

def test_policy_reference_is_current() -> None:
    written = (ROOT / "docs" / "policy.md").read_text(encoding="utf-8")
    assert generated_part(written, "policy_reference") == policy_reference(), (
        "docs/policy.md is stale: run `python -m nosurprises.policy.reference docs/policy.md`")


def test_policy_reference_lists_every_field_with_its_default() -> None:
    text = policy_reference()
    for model in (Policy, NoticeRule):
        assert f"### {model.__name__}" in text
        for field in model.model_fields:
            assert f"| `{field}` |" in text
    assert '| `extends` | list of string | `["default"]` |' in text
    assert '| `match` | list of string | `["*"]` |' in text
    assert "| `min_days` | integer ≥ 0 ≤ 36500 | required |" in text


def test_docs_examples_load(tmp_path: Path) -> None:
    """The YAML and TOML examples in docs/policy.md are valid policies."""
    doc = (ROOT / "docs" / "policy.md").read_text(encoding="utf-8")
    yaml_block = doc.split("```yaml\n", 1)[1].split("```", 1)[0]
    toml_block = doc.split("```toml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "nosurprises.yaml").write_text(yaml_block, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(toml_block, encoding="utf-8")
    from_yaml, _ = load_policy(tmp_path / "nosurprises.yaml")
    from_toml, _ = load_policy(tmp_path / "pyproject.toml")
    assert from_yaml.rules[0].id == from_toml.rules[0].id == "contract.beta.removal"
    assert from_yaml == load_policy(ROOT / "examples" / "nosurprises.yaml")[0]
    assert from_toml.days == "business" and from_toml.extends == ["default", "eu-p2b"]
