"""Where the command's output goes: files replaced whole and never through a symbolic link,
and a standard output that cannot take the text ends in one clear line, not a traceback.

A report is often written inside a checkout of a pull request, where anyone may have put a
symbolic link at the output's name (`report.sarif -> ~/.bashrc`). Following it would
overwrite a file nobody asked to write, so a link in the way is refused. The text goes to a
new temporary file in the same folder that is then renamed into place: a reader never sees
half a file, and a failed write leaves the old one as it was.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from pathlib import Path

from .errors import InputError

STDOUT = "standard output"


def _reason(exc: OSError) -> str:
    return f"cannot be written ({exc.strerror or exc})"


def _mode(path: Path) -> int:
    """The permissions the file has, or those a new file gets under the current umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def refuse_symlink(path: Path) -> None:
    """One clear error when `path` is a symbolic link (to a file, a folder, or nothing)."""
    if path.is_symlink():
        raise InputError(str(path), "is a symbolic link; refusing to write through it (remove it "
                                    "or choose another name)")


def _is_stream(path: Path) -> bool:
    """A terminal, pipe or device (`--output /dev/stdout`): written as it is, nothing to replace."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def write_file(path: str | Path, text: str) -> None:
    """Write `text` (UTF-8, newlines as given) to `path` through a temporary file and a rename.

    A symbolic link at `path` is refused, unless it leads to a terminal, pipe or device such
    as `/dev/stdout`, which cannot be replaced and holds no file to overwrite.
    """
    path = Path(path)
    data = text.encode("utf-8", "replace")
    if _is_stream(path):
        try:
            with open(path, "wb") as handle:
                handle.write(data)
        except OSError as exc:
            raise InputError(str(path), _reason(exc)) from None
        return
    refuse_symlink(path)
    if path.is_dir():
        raise InputError(str(path), "is a folder; give a file name")
    folder = path.parent
    try:
        import tempfile  # here: a run that prints its report writes no file

        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise InputError(str(path), _reason(exc)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            os.fchmod(handle.fileno(), _mode(path))
        os.replace(tmp, path)  # replaces a link put there meanwhile, never what it points to
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise InputError(str(path), _reason(exc)) from None


def write_files(folder: str | Path, files: list[tuple[str, str]]) -> list[Path]:
    """Write each (name, text) into `folder` (made if missing, refused if a link); the paths."""
    folder = Path(folder)
    refuse_symlink(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(str(folder), _reason(exc)) from None
    paths = []
    for name, text in files:
        write_file(folder / name, text)
        paths.append(folder / name)
    return paths


def _discard_stdout() -> None:
    """Point the process's standard output at the null device: what is still buffered cannot
    fail again when the interpreter flushes it on exit (that would print a traceback)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (AttributeError, OSError, ValueError):  # not a real file (captured in tests)
        pass


def write_stdout(text: str) -> None:
    """Print `text`. A closed pipe (`| head -1`) ends the output quietly, as for any Unix tool;
    any other failure (a full disk, `> /dev/full`) is one `InputError`."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        _discard_stdout()
    except OSError as exc:
        _discard_stdout()
        raise InputError(STDOUT, _reason(exc)) from None
