"""A real X server for the tests that must see what a user sees: Xvfb at 1366×768 with the
openbox window manager, and xdotool to move the mouse and turn the wheel. The offscreen platform
of the other tests paints nothing to a screen, so what goes wrong only between the widgets and a
window system (a scroll that blits the wrong pixels, resizes a window manager causes) shows here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

TOOLS = ("Xvfb", "openbox", "xdotool")


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


@contextmanager
def x_display(width: int = 1366, height: int = 768) -> Iterator[str]:
    """Start Xvfb (on a display number it picks itself) and openbox; yield ``:N``; stop both.
    Skips the test, saying what is missing, where Xvfb, openbox or xdotool is not installed."""
    missing = missing_tools()
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (apt-get install xvfb openbox xdotool)")
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", f"{width}x{height}x24",
         "-nolisten", "tcp"], pass_fds=(write,), stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    if not number:
        server.kill()
        pytest.skip("Xvfb did not start")
    display = f":{number}"
    manager = subprocess.Popen(["openbox"], env={**os.environ, "DISPLAY": display},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)  # openbox takes the screen before the first window is mapped
    try:
        yield display
    finally:
        for process in (manager, server):
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
