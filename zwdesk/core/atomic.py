"""Atomic file writes: write a temporary file beside the target, then rename it over."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
import time
from collections.abc import Callable
from pathlib import Path

from zwdesk.core.errors import FileWriteError, quote_path

# Temporary names are short, whatever the target's: ".<name>.<random>.tmp" pushed a legal name
# of 80+ Chinese characters (240+ bytes of UTF-8) over the 255-byte limit of the file system.
# They carry the writer's pid, as the office's work folders do: the temporary of a process that
# was killed (kill -9, a power cut) is removed by the next write into that folder.
TEMP_PREFIX = ".zwdesk-"
TEMP_SUFFIX = ".tmp"
STALE_AFTER = 3600.0  # seconds: an older temporary file is left over from an interrupted write
_TEMP_NAME = re.compile(rf"{re.escape(TEMP_PREFIX)}(\d+)-[0-9a-f]+{re.escape(TEMP_SUFFIX)}")


def write_atomic(target: Path, write: Callable[[Path], object]) -> None:
    """Call ``write(tmp_path)`` (what it returns is not used) and move the result onto
    ``target`` in one rename.

    The temporary file is made in the target's folder so the rename never crosses file systems,
    and is on the disk (fsync) before the rename. On any failure the temporary file is removed
    and an existing target is left untouched.
    """
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    remove_stale_temporaries(folder)
    try:
        tmp = _new_temporary(folder)
    except OSError as exc:
        raise FileWriteError(_describe(target, exc)) from exc
    try:
        write(tmp)
        os.chmod(tmp, _mode_for(target))
        _fsync(tmp)
        os.replace(tmp, target)
        _fsync_folder(folder)
    except OSError as exc:
        raise FileWriteError(_describe(target, exc)) from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def _new_temporary(folder: Path) -> Path:
    """A new, empty file of our own in ``folder`` (what tempfile.mkstemp does, without the
    import of tempfile and random that every command would pay for at start)."""
    for _ in range(100):
        path = folder / f"{TEMP_PREFIX}{os.getpid()}-{os.urandom(6).hex()}{TEMP_SUFFIX}"
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            continue
        return path
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(folder))


def remove_stale_temporaries(folder: Path, older_than: float = STALE_AFTER) -> None:
    """Remove our temporary files left in ``folder`` by writes that were interrupted (power
    cut, killed process): those of a process no longer running, and any older than
    ``older_than``; the others may belong to a write going on now."""
    deadline = time.time() - older_than
    with contextlib.suppress(OSError):
        for path in folder.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):
            named = _TEMP_NAME.fullmatch(path.name)
            with contextlib.suppress(OSError):
                if path.is_file() and (path.stat().st_mtime < deadline or (
                        named and not process_running(int(named[1])))):
                    path.unlink()


def process_running(pid: int) -> bool:
    """Whether the process ``pid`` runs (POSIX; on Windows, where there is no cheap and safe
    test, always True: its leftovers go by age)."""
    if sys.platform == "win32":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. another user's process
        return True
    return True


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))  # Windows syncs writable ones
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    """The rename itself on the disk (POSIX; Windows cannot open a folder to sync it)."""
    if sys.platform == "win32":
        return
    with contextlib.suppress(OSError):  # some file systems refuse; the data is synced anyway
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


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
    elif exc.errno == errno.ENAMETOOLONG:
        why = "文件名太长，请缩短后重试（最多约 80 个汉字）(file name too long)"
    else:
        why = f"系统拒绝写入 ({exc.strerror or exc})"
    return f"无法写入文件 {quote_path(target)}：{why}"


# For writers that make their file another way (SQLite's backup API) and rename it themselves.
fsync_file = _fsync
fsync_folder = _fsync_folder
