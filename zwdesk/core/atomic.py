"""Atomic file writes: write a temporary file beside the target, then rename it over."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from zwdesk.core.errors import FileWriteError, quote_path


def write_atomic(target: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(tmp_path)`` and move the result onto ``target`` in one rename.

    The temporary file is made in the target's folder so the rename never crosses file systems.
    On any failure the temporary file is removed and an existing target is left untouched.
    """
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise FileWriteError(_describe(target, exc)) from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.chmod(tmp, _mode_for(target))
        os.replace(tmp, target)
    except OSError as exc:
        raise FileWriteError(_describe(target, exc)) from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def _mode_for(target: Path) -> int:
    """The permissions the file should end with: those of the file it replaces, else the usual
    rw-r--r-- (mkstemp makes its files private to the user, which a shared folder must not get).
    """
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return 0o644


def write_bytes_atomic(target: Path, data: bytes) -> None:
    write_atomic(target, lambda tmp: tmp.write_bytes(data))


def _describe(target: Path, exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        why = "磁盘已满 (disk full)"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = "没有写入权限，或文件正被 Word/WPS 打开 (permission denied or file in use)"
    elif exc.errno == errno.ENOENT:
        why = "文件夹不存在 (folder does not exist)"
    else:
        why = exc.strerror or str(exc)
    return f"无法写入文件 {quote_path(target)}：{why}"
