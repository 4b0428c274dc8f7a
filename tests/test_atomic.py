"""Atomic writes: the result has ordinary permissions, or those of the file it replaces."""

from __future__ import annotations

import os
import stat
import sys

import pytest

from zwdesk.core.atomic import write_bytes_atomic

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
