"""The command line's standard output: a write that fails (``zwdesk list >/dev/full``) is
noted and said once at the end, the command going on; and texts are printed whole into a pipe
or a file (for grep and scripts), cut short only on a terminal, where a line should fit.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Iterator
from typing import Any

from zwdesk.core.errors import quote


class GuardedOutput:
    """Stands for ``sys.stdout`` while a command runs. A write or flush that fails, other than
    a closed pipe (BrokenPipeError, raised on: the command's reader went away), is kept in
    ``failure``; the rest of the output is dropped, and the command goes on (what it stores is
    stored)."""

    def __init__(self, stream: Any) -> None:  # noqa: ANN401 - a text stream, or None (pythonw)
        self.stream = stream
        self.failure: OSError | None = None

    def write(self, text: str) -> int:
        self._call("write", text)
        return len(text)

    def flush(self) -> None:
        self._call("flush")

    def __getattr__(self, name: str) -> Any:  # noqa: ANN401 - the stream's own attributes
        return getattr(self.stream, name)

    def _call(self, method: str, *args: str) -> None:
        if self.failure is not None or self.stream is None:
            return
        try:
            getattr(self.stream, method)(*args)
        except BrokenPipeError:
            raise
        except OSError as exc:
            self.failure = exc
            self._discard()

    def _discard(self) -> None:
        """What the stream still buffers can never be written: it goes to the null device, so
        the interpreter's last flush at exit does not fail (and print a traceback) again."""
        with contextlib.suppress(AttributeError, OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), self.stream.fileno())


@contextlib.contextmanager
def guarded_stdout() -> Iterator[GuardedOutput]:
    """``sys.stdout`` guarded (see GuardedOutput) for the duration of the block."""
    real = sys.stdout
    guard = GuardedOutput(real)
    sys.stdout = guard
    try:
        yield guard
    finally:
        sys.stdout = real


def failure_line(exc: OSError) -> str:
    """写出失败：磁盘已满 (…): what a failed write of the output is said as."""
    why = "磁盘已满" if exc.errno == errno.ENOSPC else (exc.strerror or "系统拒绝写入")
    return f"写出失败：{why} (cannot write the output: {exc.strerror or exc})"


def on_terminal() -> bool:
    """Whether standard output is a terminal (not a pipe or a file)."""
    try:
        return sys.stdout is not None and sys.stdout.isatty()
    except (AttributeError, OSError, ValueError):
        return False


def shown(text: object, limit: int) -> str:
    """``text`` for a listing line: control characters escaped always (no text can pose as a
    line of its own, see quote), cut to ``limit`` characters with … only on a terminal."""
    text = str(text)
    return quote(text, limit if on_terminal() else max(limit, len(text)))
