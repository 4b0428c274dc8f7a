"""LibreOffice in the tests: skip where it is absent, and the soffice processes a test started
(to show that none is left behind)."""

from __future__ import annotations

import shutil
import subprocess
import time

import pytest

from zwdesk.core import office

needs_soffice = pytest.mark.skipif(office.find_soffice() is None, reason="LibreOffice absent")
needs_ps = pytest.mark.skipif(shutil.which("ps") is None, reason="ps absent")


def our_soffice_processes(marker: str) -> list[str]:
    """The processes whose command line holds ``marker``, a temporary folder only the calling
    test uses (LibreOffice's profile and output are in it): never another test's, or a
    LibreOffice converting elsewhere on the machine."""
    result = subprocess.run(["ps", "-A", "-ww", "-o", "pid=", "-o", "args="],
                            capture_output=True, text=True, check=False)
    return [line for line in result.stdout.splitlines() if marker in line]


def no_soffice_left(marker: str, wait: float = 3.0) -> bool:
    deadline = time.monotonic() + wait
    while our_soffice_processes(marker):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True
