"""The journal's writer: each line on disk before the next step, one `send` at a time.

A line is written and `fsync`ed before the message leaves (`sending`) and again after
(`sent`/`failed`), so whatever a crash interrupts, the journal says at least as much as
happened: never "not sent" for a message that went out. Opening takes an exclusive lock
(`flock`), so two `send` runs on one journal cannot both send the same message; the second
gets one line saying the journal is in use.

Opening also mends a torn last line (a crash while a line was written): bytes after the last
newline that are not a valid line are cut off, since nothing in them was confirmed; a complete
line that only lacks its newline gets one. Appending after a torn line would otherwise glue
the next line to it and make the journal unreadable.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from pathlib import Path
from types import TracebackType

from ..deliveries import Delivery, parse_journal
from ..errors import InputError
from ..output import refuse_symlink


def now() -> dt.datetime:
    """The time a line records: UTC, to the second (the journal is read by people too)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


class Journal:
    """The open, locked journal; `deliveries` is what it held when opened (what is appended
    goes to disk only: a run of a million messages keeps none of its lines)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        refuse_symlink(self.path)
        flags = os.O_RDWR | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0)
        try:
            self._fd = os.open(self.path, flags, 0o644)
        except OSError as exc:
            raise InputError(str(self.path), f"cannot be opened for writing: {exc.strerror or exc}") from None
        try:
            self._lock()
            self.deliveries = self._mend_and_read()
            self._sync_folder()
        except BaseException:
            os.close(self._fd)
            raise

    def _sync_folder(self) -> None:
        """The folder's entry of a new journal on disk too, or a crash could lose the file."""
        with contextlib.suppress(OSError):  # some file systems cannot sync a folder
            folder = os.open(self.path.parent, os.O_RDONLY)
            try:
                os.fsync(folder)
            finally:
                os.close(folder)

    def _lock(self) -> None:
        import fcntl

        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise InputError(str(self.path), "is in use by another `nosurprises send` (locked); "
                                             "let it finish, then run again") from None
        except OSError as exc:
            raise InputError(str(self.path), f"cannot be locked: {exc.strerror or exc}") from None

    def _mend_and_read(self) -> list[Delivery]:
        size = os.fstat(self._fd).st_size
        data = os.pread(self._fd, size, 0) if size else b""
        found = parse_journal(data, str(self.path))  # a bad line before the last is an error
        if data and not data.endswith(b"\n"):
            try:
                found = parse_journal(data + b"\n", str(self.path))
            except InputError:  # torn: cut it off, nothing in it was confirmed
                os.ftruncate(self._fd, size - len(data.rsplit(b"\n", 1)[-1]))
                os.fsync(self._fd)
            else:  # a whole line that lost only its newline: keep it
                self._write(b"\n")
        return found

    def _write(self, data: bytes) -> None:
        try:
            written = os.write(self._fd, data)
            if written != len(data):
                raise OSError(f"wrote {written} of {len(data)} bytes")
            os.fsync(self._fd)
        except OSError as exc:
            raise InputError(str(self.path), f"cannot be written: {getattr(exc, 'strerror', None) or exc}"
                             ) from None

    def append(self, delivery: Delivery) -> None:
        """One line, on disk (flushed and `fsync`ed) when this returns."""
        self._write(delivery.line())

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self._fd)  # closing the descriptor releases the lock

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
