"""How the app's 来稿 view scales: opening it, refreshing it and the 待审 count, adopting an
item through the edit session (with the window's refresh) and undoing it, with many issues and
many 来稿 (the database of scripts/bench_inbox.py), offscreen. Medians in milliseconds.

    python scripts/bench_inboxview.py [--issues 5000] [--submissions 4000]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    from bench_inbox import _time, arguments, build_inbox_database

    args = arguments(__doc__)
    from zwdesk.app.main import make_application
    from zwdesk.app.qt import QApplication, QSettings
    from zwdesk.store import inbox

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        build_inbox_database(path, args.issues, args.submissions)
        make_application()
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, folder)
        from zwdesk.app.mainwindow import MainWindow
        from zwdesk.app.session import Session

        win = MainWindow(Session.open(path))
        win.show()
        QApplication.processEvents()
        start = time.perf_counter()
        view = win.inbox.show_view()
        QApplication.processEvents()
        print(f"{args.issues} issues, {inbox.count_items()} 来稿; first opening of the view "
              f"{(time.perf_counter() - start) * 1000:.1f} ms")
        pending = view.model.item_at(0).id
        place = inbox.places(win.editor.issue.id)[-1].section_id

        def adopt_and_undo() -> None:
            win.inbox.adopt(pending, place)
            win.undo_action.trigger()
            win.refresh_views()

        cases = {
            "view reload (count + first page)": view.reload,
            "待审 count (each refresh)": win.inbox.refresh,
            "window refresh_views": win.refresh_views,
            "places of the open issue": lambda: inbox.places(win.editor.issue.id),
            "adopt + undo, with refreshes": adopt_and_undo,
        }
        for name, call in cases.items():
            print(f"{name:36} {_time(call):8.1f} ms")
        win.inbox.refresh = lambda: None  # what a refresh costs without the inbox's part
        print(f"{'refresh_views, inbox left out':36} {_time(win.refresh_views):8.1f} ms")
        win.window.close()


if __name__ == "__main__":
    main()
