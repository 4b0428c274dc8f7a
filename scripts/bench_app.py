"""Benchmark the desktop app with many issues stored: none of these may grow with the archive.

    python scripts/bench_app.py [--sizes 520 5000 50000] [--runs 5] [--db URL]

For each size a database is built (scripts/bench_data.py), then: start-up to the window shown
(median of --runs fresh processes) and its peak memory, and in one more process the medians of
opening an issue, a keystroke stored (typing into a count field), the preview refresh of the
sample issue, a new issue (新建下一期), an undo, and the peak memory after all that. Offscreen
unless DISPLAY is set.

Goals at 5 000 issues (issue 8): start-up ≤ 0.6 s (≤ 1 s at 50 000), open ≤ 50 ms, keystroke
≤ 10 ms, preview ≤ 40 ms, new issue ≤ 100 ms, undo ≤ 50 ms, peak memory ≤ 150 MB.

``--db URL``: the same on a PostgreSQL server database (its data is replaced by the built
archive, zwdesk db copy). Goals on a local server at 5 000 issues (issue 17): start-up ≤ 1 s,
open an issue ≤ 80 ms, a keystroke stored ≤ 15 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

# Both children: the app on the database argv[1], its settings in the folder argv[2].
WINDOW = r"""
import json, resource, statistics, sys, time
from zwdesk.app.main import make_application
from zwdesk.app.session import Session
from zwdesk.app.qt import QApplication, QSettings, QTimer
app = make_application()
QSettings.setDefaultFormat(QSettings.Format.IniFormat)
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[2])
from zwdesk.store.location import parse_location
session = Session.open(parse_location(sys.argv[1]))
from zwdesk.app.mainwindow import MainWindow
window = win = MainWindow(session)
window.show()
"""

STARTUP = r"""
t0 = float(sys.argv[3])
def shown():
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{time.time() - t0:.4f} {rss:.1f}")
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""

INTERACTIVE = r"""
from PySide6.QtGui import QInputMethodEvent
from zwdesk.store.models import Issue
QApplication.processEvents()

def timed(action, runs):
    times = []
    for i in range(runs):
        start = time.perf_counter()
        action(i)
        QApplication.processEvents()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000

ids = [i.id for i in Issue.select(Issue.id).order_by(Issue.id).limit(12)]
results = {"open": timed(lambda i: win.open_issue(ids[i % len(ids)]), 12)}
win.open_issue(ids[0])
win.select_anchor("s0.0")
field = win.forms["section"].blocks["window_stats"].fields.widget("week_consult")

def keystroke(i):
    field.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(str(i % 10))
    QApplication.sendEvent(field, event)

results["keystroke"] = timed(keystroke, 30)
win._refresh_timer.stop()
results["preview"] = timed(lambda i: win.refresh_views(), 10)
win.select_anchor("s1")
title = win.forms["section"].fields.widget("title")

def edit_title(i):
    event = QInputMethodEvent()
    event.setCommitString("改")
    title.setFocus()
    QApplication.sendEvent(title, event)
    time.sleep(0)  # a new undo step each time: pause past the merge window below

import zwdesk.app.editor as editor_module
editor_module.MERGE_PAUSE_SECONDS = -1
for i in range(10):
    edit_title(i)
results["undo"] = timed(lambda i: win.undo_action.trigger(), 10)
results["new issue"] = timed(lambda i: win.new_issue(), 5)
results["peak MB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(results))
"""

GOALS = {"start-up s": 0.6, "start-up MB": 150, "open": 50, "keystroke": 10, "preview": 40,
         "new issue": 100, "undo": 50, "peak MB": 150}
TIMEOUT = 600  # seconds: a child stuck (e.g. on a dialog nobody answers) fails the run


def _env() -> dict[str, str]:
    env = dict(os.environ)
    if not env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = str(ROOT)
    return env


def measure(size: int, runs: int, work: Path, server: str | None = None) -> dict[str, float]:
    from bench_data import build_database

    path = work / f"bench-{size}.sqlite3"
    started = time.perf_counter()
    build_database(path, size)
    print(f"  built {size} issues in {time.perf_counter() - started:.1f} s "
          f"({path.stat().st_size / 1e6:.0f} MB)", file=sys.stderr)
    db: object = path
    if server is not None:
        from zwdesk.store.copying import copy_archive

        copy_archive(path, server, replace=True)
        db = server
    starts, memory = [], []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", WINDOW + STARTUP, str(db),
                              str(work / f"ini-{size}"), repr(time.time())], capture_output=True,
                             text=True, env=_env(), check=True, timeout=TIMEOUT).stdout.split()
        starts.append(float(out[0]))
        memory.append(float(out[1]))
    out = subprocess.run([sys.executable, "-c", WINDOW + INTERACTIVE, str(db), str(work / "ini-i")],
                         capture_output=True, text=True, env=_env(), check=True,
                         timeout=TIMEOUT).stdout
    return {"start-up s": statistics.median(starts), "start-up MB": max(memory),
            **json.loads(out.splitlines()[-1])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[520, 5000, 50000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", help="a postgresql:// URL: measure there (its data is replaced)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="zwdesk-bench-"))
    rows = {size: measure(size, args.runs, work, args.db) for size in args.sizes}
    names = list(GOALS)
    print("| stored issues | " + " | ".join(names) + " |")
    print("|" + " --- |" * (len(names) + 1))
    for size, row in rows.items():
        cells = [f"{row[name]:.2f}" if name == "start-up s" else f"{row[name]:.0f}"
                 for name in names]
        print(f"| {size} | " + " | ".join(cells) + " |")
    print("| goal (at 5 000) | " + " | ".join(f"≤ {GOALS[n]}" for n in names) + " |")
    print("(times in ms unless marked; medians)")


if __name__ == "__main__":
    main()
