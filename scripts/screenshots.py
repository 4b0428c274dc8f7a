"""Save PNG screenshots of the main window on each form, for review.

    python scripts/screenshots.py [OUTPUT_FOLDER]

Runs on a throw-away database holding the sample issue (offscreen unless DISPLAY is set, e.g.
under xvfb-run), selects each outline node in turn and grabs the window.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from zwdesk.app.main import make_application, open_store  # noqa: E402
from zwdesk.app.qt import QApplication, QSettings  # noqa: E402

SHOTS = [
    ("01-masthead", "masthead"), ("02-window-stats", "s0.0"), ("03-departments", "s0.1"),
    ("04-items", "s0.2"), ("05-platform", "s1"), ("06-section-with-subsections", "s2"),
    ("07-inspection", "s3"), ("08-distribution", "distribution"),
]


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="zwdesk-shots-"))
    make_application()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(work))
    open_store(work / "shots.sqlite3")
    from zwdesk.app.mainwindow import MainWindow

    win = MainWindow()
    win.window.resize(1440, 900)
    win.show()
    for name, anchor in SHOTS:
        win.select_anchor(anchor)
        win.refresh_views()
        QApplication.processEvents()
        path = out / f"{name}.png"
        win.window.grab().save(str(path))
        print(path)
    win.new_issue()
    win.select_anchor("s0.0")
    QApplication.processEvents()
    win.window.grab().save(str(out / "09-next-issue.png"))
    print(out / "09-next-issue.png")
    _search_shots(win, out)
    win.window.close()
    win.window.deleteLater()
    QApplication.processEvents()


def _search_shots(win, out: Path) -> None:  # noqa: ANN001 - the MainWindow
    """查找全部期刊 with a query typed, then the second hit opened (the match selected)."""
    win.child("actionFindAll").trigger()
    win.search.field.setText("大厅 窗口")
    win.search.run()
    QApplication.processEvents()
    win.window.grab().save(str(out / "10-search.png"))
    print(out / "10-search.png")
    win.search.results.setCurrentRow(4)
    win.search.open_hit(win.search.results.currentItem())
    QApplication.processEvents()
    win.window.grab().save(str(out / "11-search-hit-opened.png"))
    print(out / "11-search-hit-opened.png")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots"))
