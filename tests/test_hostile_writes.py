"""What the command writes: never through a symbolic link, files replaced whole, and a standard
output that cannot take the text (a full disk, a closed pipe) ends without a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from nosurprises.cli import main
from nosurprises.errors import InputError
from nosurprises.output import write_file, write_files

from .conftest import FIXTURES, ROOT

OLD = str(ROOT / "examples" / "petstore-old.yaml")
NEW = str(ROOT / "examples" / "petstore-new.yaml")
TERMS_OLD = str(FIXTURES / "terms" / "old.md")
TERMS_NEW = str(FIXTURES / "terms" / "new.md")
PLAN = ["notice", OLD, NEW, "--announce", "2026-12-01", "--product", "Pets API"]


def _victim(tmp_path: Path) -> Path:
    victim = tmp_path / "elsewhere" / "precious.txt"
    victim.parent.mkdir()
    victim.write_text("do not touch\n")
    return victim


def _one_line_refusal(err: str, name: Path) -> None:
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"{name}: is a symbolic link" in err


@pytest.mark.parametrize("args", [
    ["diff", OLD, NEW, "-f", "json"],
    ["diff", OLD, NEW, "-f", "sarif"],
    ["check", OLD, NEW, "--on", "2026-12-01", "-f", "junit"],
    ["plan", OLD, NEW, "--announce", "2026-12-01"],
    [*PLAN, "--channel", "changelog"],
])
def test_output_through_a_symlink_is_refused(tmp_path: Path, args: list[str],
                                             capsys: pytest.CaptureFixture[str]) -> None:
    victim = _victim(tmp_path)
    link = tmp_path / "report.out"
    link.symlink_to(victim)
    assert main([*args, "--output", str(link)]) == 2
    _one_line_refusal(capsys.readouterr().err, link)
    assert victim.read_text() == "do not touch\n"
    assert link.is_symlink()


def test_dangling_symlink_is_refused_and_nothing_is_created(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "created-by-following.txt"
    link = tmp_path / "report.txt"
    link.symlink_to(target)
    assert main(["diff", OLD, NEW, "-o", str(link)]) == 2
    _one_line_refusal(capsys.readouterr().err, link)
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.txt"]  # no temporary file left


def test_redline_through_a_symlink_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    victim = _victim(tmp_path)
    link = tmp_path / "redline.html"
    link.symlink_to(victim)
    assert main(["diff", TERMS_OLD, TERMS_NEW, "--redline", str(link)]) == 2
    _one_line_refusal(capsys.readouterr().err, link)
    assert victim.read_text() == "do not touch\n"


def test_notice_out_refuses_a_symlinked_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    victim = _victim(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "changelog.md").symlink_to(victim)
    assert main([*PLAN, "--channel", "email", "--channel", "changelog", "--out", str(out)]) == 2
    _one_line_refusal(capsys.readouterr().err, out / "changelog.md")
    assert victim.read_text() == "do not touch\n"


def test_notice_out_refuses_a_symlinked_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    victim = _victim(tmp_path)
    out = tmp_path / "out"
    out.symlink_to(victim.parent, target_is_directory=True)
    assert main([*PLAN, "--channel", "email", "--channel", "changelog", "--out", str(out)]) == 2
    _one_line_refusal(capsys.readouterr().err, out)
    assert sorted(p.name for p in victim.parent.iterdir()) == ["precious.txt"]


def test_files_are_replaced_whole_and_keep_their_mode(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    target.write_text("old and longer than the new text\n")
    target.chmod(0o640)
    write_file(target, "new\n")
    assert target.read_text() == "new\n"
    assert target.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.txt"]


def test_new_files_get_the_umask_mode_not_the_private_temporary_one(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_files(tmp_path / "new-folder", [("a.txt", "a"), ("b.eml", "b\r\n")])
    finally:
        os.umask(old)
    assert (tmp_path / "new-folder" / "a.txt").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "new-folder" / "b.eml").read_bytes() == b"b\r\n"  # CRLF kept as given


def test_a_folder_as_output_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a folder"):
        write_file(tmp_path, "text")


def test_a_device_is_written_as_it_is(tmp_path: Path) -> None:
    write_file("/dev/null", "nothing to replace\n")  # a character device, not renamed over


def _cli(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "nosurprises", *args], text=True, timeout=120,
                          check=False, **kwargs)  # type: ignore[call-overload]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [
    ["diff", OLD, NEW], ["diff", OLD, NEW, "-f", "json"], ["rules"], ["--help"],
    ["check", OLD, NEW, "--on", "2026-12-01"],
])
def test_full_stdout_is_one_clear_line_and_exit_2(args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        done = _cli(*args, stdout=full, stderr=subprocess.PIPE)
    assert done.returncode == 2, done.stderr
    assert done.stderr == "nosurprises: standard output: cannot be written (No space left on device)\n"


def test_output_to_dev_full_is_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("needs /dev/full")
    assert main(["diff", OLD, NEW, "-o", "/dev/full"]) == 2
    assert capsys.readouterr().err == "nosurprises: /dev/full: cannot be written (No space left on device)\n"


def test_closed_pipe_prints_no_traceback() -> None:
    """`| head -1` closes the pipe after one line; the rest of the output has nowhere to go."""
    proc = subprocess.Popen([sys.executable, "-m", "nosurprises", "rules", "--format", "markdown"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # the markdown reference is far larger than a pipe's buffer
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 0
    assert first.startswith(b"# Rule reference")
    assert err == b""
