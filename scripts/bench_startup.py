"""Benchmark: process start → main window shown, with ten years of issues (520) stored.

    python scripts/bench_startup.py [--runs 5] [--issues 520]

Builds a database of weekly issues from the sample (each a full issue: 4 sections, 9 blocks),
then starts the app in a fresh process several times. The child reports when the window is
shown (first pass of the event loop after show()) and its peak resident memory. Goals: ≤ 0.6 s
and ≤ 150 MB. Runs offscreen unless DISPLAY is set (use xvfb-run for a real X server).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import resource, sys, time
t0 = float(sys.argv[2])
from zwdesk.app.main import make_application, open_store
from zwdesk.app.qt import QTimer, QSettings
app = make_application()
QSettings.setDefaultFormat(QSettings.Format.IniFormat)
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[3])
open_store(sys.argv[1])
from zwdesk.app.mainwindow import MainWindow
window = MainWindow()
window.show()
def shown():
    elapsed = time.time() - t0
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{elapsed:.4f} {rss_mb:.1f} {window.child('issueTable').model().rowCount()}")
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""


def build_database(path: Path, count: int) -> None:
    from zwdesk.core.exchange import read_issue
    from zwdesk.core.nextissue import next_issue
    from zwdesk.operations import sample_path
    from zwdesk.store.database import open_database
    from zwdesk.store.issues import save_issue
    from zwdesk.store.models import database

    db = open_database(path)
    issue = read_issue(sample_path())
    issue.update(year=2014, number=1, serial=1)
    with database.atomic():
        for _ in range(count):
            save_issue(issue)
            issue = next_issue(issue)
            for block in _items_blocks(issue):
                block["items"] = ["本周开展窗口业务培训，提升服务效能。"] * 3
    db.close()


def _items_blocks(issue: dict) -> list[dict]:
    blocks = []
    for section in issue["sections"]:
        for sub in section.get("subsections", [section]):
            if sub.get("block", {}).get("kind") == "items":
                blocks.append(sub["block"])
    return blocks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--issues", type=int, default=520)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="zwdesk-bench-"))
    db = work / "bench.sqlite3"
    started = time.perf_counter()
    build_database(db, args.issues)
    print(f"built {args.issues} issues in {time.perf_counter() - started:.1f} s "
          f"({db.stat().st_size / 1e6:.1f} MB database)")
    env = dict(os.environ)
    if not env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)
    times, memory = [], []
    for _ in range(args.runs):
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(db), repr(time.time()), str(work / "ini")],
            capture_output=True, text=True, env=env, check=True).stdout.split()
        times.append(float(out[0]))
        memory.append(float(out[1]))
        assert int(out[2]) == args.issues, out
    print(f"start → window shown: best {min(times):.3f} s, median {statistics.median(times):.3f} s"
          f" over {args.runs} runs (goal ≤ 0.6 s)")
    print(f"peak memory: max {max(memory):.0f} MB (goal ≤ 150 MB)")


if __name__ == "__main__":
    main()
