"""Atomic writes: the result has ordinary permissions, or those of the file it replaces; the
temporary name fits beside any legal name; leftovers of interrupted writes are cleared."""

from __future__ import annotations

import os
import stat
import sys
import time
from pathlib import Path

import pytest

from zwdesk.core.atomic import STALE_AFTER, TEMP_PREFIX, TEMP_SUFFIX, write_bytes_atomic

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")


def test_new_file_is_readable_by_others(tmp_path) -> None:  # noqa: ANN001
    target = tmp_path / "out.docx"
    write_bytes_atomic(target, b"new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.docx"]


def test_replacing_keeps_the_permissions(tmp_path) -> None:  # noqa: ANN001
    target = tmp_path / "out.docx"
    target.write_bytes(b"old")
    os.chmod(target, 0o664)
    write_bytes_atomic(target, b"new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o664
    assert target.read_bytes() == b"new"


def test_a_long_chinese_name_is_written(tmp_path) -> None:  # noqa: ANN001
    """84 characters, 244 bytes: a legal name, but ".<name>.<random>.tmp" had 258."""
    target = tmp_path / ("政务服务工作周报" * 10 + ".pdf")
    assert len(target.name) == 84 and len(target.name.encode("utf-8")) == 244
    write_bytes_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def leftover(folder: Path, age: float) -> Path:
    path = folder / f"{TEMP_PREFIX}abc123{TEMP_SUFFIX}"
    path.write_bytes(b"half a file")
    then = time.time() - age
    os.utime(path, (then, then))
    return path


def test_a_stale_leftover_is_removed_at_the_next_write(tmp_path) -> None:  # noqa: ANN001
    stale = leftover(tmp_path, STALE_AFTER + 60)
    unrelated = tmp_path / ".notes.tmp"
    unrelated.write_bytes(b"someone else's")
    write_bytes_atomic(tmp_path / "out.docx", b"new")
    assert not stale.exists()
    assert unrelated.exists()


def test_a_fresh_temporary_file_of_another_write_is_kept(tmp_path) -> None:  # noqa: ANN001
    fresh = leftover(tmp_path, 60)
    write_bytes_atomic(tmp_path / "out.docx", b"new")
    assert fresh.read_bytes() == b"half a file"


@pytest.mark.skipif(sys.platform == "win32", reason="no cheap test whether a pid runs")
def test_a_fresh_leftover_of_a_killed_writer_is_removed_at_the_next_write(tmp_path) -> None:  # noqa: ANN001
    import subprocess

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    killed = tmp_path / f"{TEMP_PREFIX}{int(gone.stdout)}-0123456789ab{TEMP_SUFFIX}"
    running = tmp_path / f"{TEMP_PREFIX}{os.getppid()}-0123456789ab{TEMP_SUFFIX}"
    for path in (killed, running):
        path.write_bytes(b"half a file")
    write_bytes_atomic(tmp_path / "out.xlsx", b"new")
    assert not killed.exists()  # its writer is gone: no need to wait an hour
    assert running.read_bytes() == b"half a file"  # may be a write going on now
