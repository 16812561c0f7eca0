"""Many pairs in one run (issue 13): two directories, two glob patterns or a list file; one
report with a section per spec, one summary, one exit code; `--jobs` on several processes."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from nosurprises.cli import main

from .conftest import ROOT, corpus_dir

EXAMPLES = ROOT / "examples"
OLD, NEW = EXAMPLES / "petstore-old.yaml", EXAMPLES / "petstore-new.yaml"


@pytest.fixture
def trees(tmp_path: Path) -> tuple[Path, Path]:
    """Two trees: a changed spec, an unchanged one in a subfolder, a removed one, an added
    one, a config file that is no spec, and a spec whose new side cannot be read."""
    old, new = tmp_path / "old", tmp_path / "new"
    for folder in (old / "sub", new / "sub", old / ".git", new / ".git"):
        folder.mkdir(parents=True)
    for src, dst in ((OLD, old / "pets.yaml"), (NEW, new / "pets.yaml"), (OLD, old / "sub" / "same.yaml"),
                     (OLD, new / "sub" / "same.yaml"), (OLD, old / "gone.yaml"), (NEW, new / "fresh.yaml"),
                     (OLD, old / ".git" / "hidden.yaml")):
        shutil.copy(src, dst)
    for side in (old, new):
        (side / "config.yaml").write_text("foo: 1\n")
        (side / "README.md").write_text("# not paired by default\n")
    (old / "broken.json").write_text('{"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, '
                                     '"paths": {}}')
    (new / "broken.json").write_text("{bad")
    return old, new


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict, str]:
    code = main(["diff", *argv, "--format", "json"])
    out = capsys.readouterr()
    return code, json.loads(out.out), out.err


def test_two_directories_pair_by_relative_path(trees: tuple[Path, Path],
                                                capsys: pytest.CaptureFixture[str]) -> None:
    code, data, err = _json(capsys, str(trees[0]), str(trees[1]))
    status = {s["name"]: s["status"] for s in data["specs"]}
    assert status == {"broken.json": "error", "config.yaml": "skipped", "fresh.yaml": "added",
                      "gone.yaml": "removed", "pets.yaml": "compared", "sub/same.yaml": "compared"}
    assert code == 2 and err.count("\n") == 1 and "broken.json" in err and "not valid JSON" in err
    assert data["counts"] == {"specs": 6, "changed": 3, "unchanged": 1, "added": 1, "removed": 1,
                              "skipped": 1, "errors": 1}
    by_name = {s["name"]: s for s in data["specs"]}
    removed = {c["rule"] for c in by_name["gone.yaml"]["report"]["changes"]}
    assert "api.operation.removed-without-deprecation" in removed
    assert {c["rule"] for c in by_name["fresh.yaml"]["report"]["changes"]} >= {"api.operation.added"}
    reports = [s["report"] for s in data["specs"] if s["report"]]
    assert data["summary"]["breaking"] == sum(r["summary"]["breaking"] for r in reports) > 0


def test_each_spec_reads_as_its_own_diff(trees: tuple[Path, Path],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    _, data, _ = _json(capsys, str(trees[0]), str(trees[1]))
    alone = _json(capsys, str(trees[0] / "pets.yaml"), str(trees[1] / "pets.yaml"))[1]
    assert next(s["report"] for s in data["specs"] if s["name"] == "pets.yaml") == alone


def test_jobs_give_the_same_report(trees: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    one = _json(capsys, str(trees[0]), str(trees[1]))
    two = _json(capsys, str(trees[0]), str(trees[1]), "--jobs", "2")
    every = _json(capsys, str(trees[0]), str(trees[1]), "-j", "0")
    assert one == two == every


def test_include_chooses_the_files(trees: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    _, data, _ = _json(capsys, str(trees[0]), str(trees[1]), "--include", "pets.*", "--include", "*.md")
    assert [(s["name"], s["status"]) for s in data["specs"]] == [("README.md", "compared"),
                                                                 ("pets.yaml", "compared")]


def test_glob_patterns_pair_below_their_fixed_part(trees: tuple[Path, Path],
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    code, data, _ = _json(capsys, f"{trees[0]}/**/*.yaml", f"{trees[1]}/**/*.yaml", "--fail-on", "breaking")
    assert [s["name"] for s in data["specs"]] == ["config.yaml", "fresh.yaml", "gone.yaml", "pets.yaml",
                                                  "sub/same.yaml"]
    assert code == 1  # breaking changes, no unreadable file among the YAML ones


def test_a_text_list_of_pairs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.yaml").write_text(OLD.read_text())
    listing = tmp_path / "pairs.txt"
    listing.write_text(f"# the pets API\na.yaml {NEW}\n\n{OLD} {OLD}  # unchanged\n")
    code, data, _ = _json(capsys, "--pairs", str(listing))
    assert code == 0 and [s["name"] for s in data["specs"]] == [str(NEW), str(OLD)]
    assert data["specs"][0]["old"] == str(tmp_path / "a.yaml")
    assert data["counts"]["changed"] == 1 and data["counts"]["unchanged"] == 1


def test_a_yaml_list_of_pairs_with_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    listing = tmp_path / "pairs.yaml"
    listing.write_text(f"- {{name: pets, old: {OLD}, new: {NEW}}}\n- {{name: gone, old: {OLD}}}\n")
    _, data, _ = _json(capsys, "--pairs", str(listing))
    assert [(s["name"], s["status"]) for s in data["specs"]] == [("pets", "compared"), ("gone", "removed")]


@pytest.mark.parametrize(("text", "suffix", "problem"), [
    ("a.yaml\n", ".txt", "line 1: expected `OLD NEW` (two paths), found 1 words"),
    ("", ".txt", "lists no pair"),
    ("old: a\n", ".yaml", "is not a list of pairs"),
    ("- {old: a, new: b, extra: 1}\n", ".yaml", "pair 1: expected a mapping of `old`, `new`"),
    ("- {new: 3}\n", ".yaml", "pair 1: `new` is not text"),
    ("- {name: x, old: a}\n- {name: x, new: b}\n", ".yaml", "names the pair 'x' twice"),
])
def test_a_bad_list_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str,
                                     suffix: str, problem: str) -> None:
    listing = tmp_path / f"pairs{suffix}"
    listing.write_text(text)
    assert main(["diff", "--pairs", str(listing)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(listing) in err and problem in err


@pytest.mark.parametrize(("argv", "problem"), [
    (["--pairs", "x.txt", str(OLD), str(NEW)], "--pairs: lists the pairs itself"),
    (["{old}", "{new}", "--usage", "u.csv"], "--usage: applies to one pair of documents"),
    (["{old}", "{new}", "--redline", "r.md"], "--redline: applies to one pair"),
    (["{old}", str(NEW)], "is a directory, not a document"),
    ([str(OLD), str(NEW), "--include", "*.yaml"], "--include: applies to two directories"),
    (["--pairs", "missing.txt"], "missing.txt: no such file"),
    ([], "OLD NEW: are required: give two documents (or two directories)"),
    (["{empty}", "{empty}"], "hold no document to compare"),
])
def test_batch_misuse_is_one_line(trees: tuple[Path, Path], tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str], argv: list[str], problem: str) -> None:
    (tmp_path / "empty").mkdir()
    names = {"old": str(trees[0]), "new": str(trees[1]), "empty": str(tmp_path / "empty")}
    assert main(["diff", *[a.format(**names) for a in argv]]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and problem in err


def test_jobs_must_be_a_count(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["diff", str(OLD), str(NEW), "--jobs", "-1"])
    assert exit_.value.code == 2 and "0 (every core) or more" in capsys.readouterr().err


def test_every_format_joins_the_specs(trees: tuple[Path, Path], tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    for side in trees:  # every spec readable: exit 0
        (side / "broken.json").unlink()
    args = [str(trees[0]), str(trees[1])]

    def run(fmt: str) -> str:
        assert main(["diff", *args, "--format", fmt]) == 0
        return capsys.readouterr().out

    text = run("text")
    assert "=== pets.yaml\n" in text and "=== gone.yaml (removed)" in text
    assert "=== unchanged: sub/same.yaml" in text
    assert text.rstrip().splitlines()[-1].startswith("5 specs, 3 changed, 1 unchanged, 1 added, 1 removed, "
                                                      "1 skipped: ")
    markdown = run("markdown")
    assert "## `pets.yaml`" in markdown and "## `gone.yaml` (removed)" in markdown
    sarif = json.loads(run("sarif"))
    assert len(sarif["runs"]) == 4 and sarif["version"] == "2.1.0"  # every compared spec, unchanged too
    suites = ET.fromstring(run("junit").encode())
    names = [s.get("name") for s in suites.iter("testsuite")]
    assert {"pets.yaml", "gone.yaml", "fresh.yaml"} <= set(names)
    assert int(suites.get("tests")) == sum(int(s.get("tests")) for s in suites.iter("testsuite"))
    page = run("html")
    assert page.count("<html") == 1 and page.count("</body>") == 1 and "<h2>gone.yaml (removed)</h2>" in page
    github = run("github")
    assert f"file={trees[1] / 'pets.yaml'}" in github and f"file={trees[0] / 'gone.yaml'}" in github


def test_the_batch_json_matches_its_schema(trees: tuple[Path, Path],
                                           capsys: pytest.CaptureFixture[str]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    _, data, _ = _json(capsys, str(trees[0]), str(trees[1]))
    main(["schema", "batch"])
    jsonschema.validate(data, json.loads(capsys.readouterr().out))


def test_real_specs_in_one_run_read_as_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The corpus's smaller real pairs listed in one file: each report is its own diff's."""
    pairs = [corpus_dir("openapi", name)
             for name in ("petstore-2.0", "gitea", "rudder", "docker-engine-v1.43-v1.44")]
    listing = tmp_path / "pairs.yaml"
    rows = []
    for folder in pairs:
        old, new = sorted(folder.glob("old.*"))[0], sorted(folder.glob("new.*"))[0]
        rows.append({"name": folder.name, "old": str(old), "new": str(new)})
    listing.write_text(json.dumps(rows))
    _, data, _ = _json(capsys, "--pairs", str(listing), "--jobs", "2")
    for row, spec in zip(rows, data["specs"], strict=True):
        assert spec["report"] == _json(capsys, row["old"], row["new"])[1], row["name"]


def test_a_list_file_that_is_not_text_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    listing = tmp_path / "pairs.txt"
    listing.write_bytes(b"\xff\xfe a b\n")
    assert main(["diff", "--pairs", str(listing)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{listing}: is not UTF-8 text" in err


def test_check_gives_each_spec_its_verdicts(trees: tuple[Path, Path], capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One policy and ledger over many specs: unannounced breaking changes fail the run."""
    monkeypatch.chdir(tmp_path)  # no notices.yaml or nosurprises.yaml of the repository
    for side in trees:
        (side / "broken.json").unlink()
    args = ["check", str(trees[0]), str(trees[1]), "--on", "2026-12-01"]
    assert main([*args, "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    by_name = {s["name"]: s for s in data["specs"]}
    assert by_name["config.yaml"]["status"] == "skipped" and by_name["config.yaml"]["check"] is None
    assert by_name["sub/same.yaml"]["check"]["verdicts"] == []
    assert {v["status"] for v in by_name["gone.yaml"]["check"]["verdicts"]} == {"unannounced"}
    assert data["failed"] == 2  # pets (breaking) and gone (removed); fresh only adds, which may ship
    for fmt in ("text", "markdown", "github", "sarif", "junit", "html"):
        assert main([*args, "--format", fmt]) == 1
        out = capsys.readouterr().out
        if fmt == "junit":
            assert {s.get("name") for s in ET.fromstring(out.encode()).iter("testsuite")} >= {"gone.yaml"}
        elif fmt == "text":
            assert "=== gone.yaml (removed)" in out and "5 specs, 3 changed" in out
    assert main([*args, "--ignore", "api.*", "--format", "text"]) == 0


def test_detail_groups_leaves_out_each_report_changes_only(trees: tuple[Path, Path],
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    _, full, _ = _json(capsys, str(trees[0]), str(trees[1]))
    _, grouped, _ = _json(capsys, str(trees[0]), str(trees[1]), "--detail", "groups")
    reports = [(f["report"], g["report"]) for f, g in zip(full["specs"], grouped["specs"], strict=True)
               if f["report"] is not None]
    assert reports and any(f["changes"] for f, _ in reports)
    for whole, groups in reports:
        assert "changes" not in groups
        assert groups == {key: value for key, value in whole.items() if key != "changes"}
