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

from zwdesk.app.main import make_application  # noqa: E402
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
    from zwdesk.app.mainwindow import MainWindow
    from zwdesk.app.session import Session

    win = MainWindow(Session.open(work / "shots.sqlite3"))
    win.show()  # maximised on a 1366×768 screen, as on an office laptop
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
    inbox_shots(win, out, work)
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


SUBMISSIONS = [
    ("省市场监管局窗口", "2023-03-15", [
        ("3月14日，省市场监管局副局长到省政务服务大厅该局窗口调研，要求持续深化“证照分离”改革，"
         "进一步压缩企业开办时间。", "厅（局）长进大厅"),
        ("省市场监管局窗口推行“一窗通办”，本周办理企业登记320件，群众满意率100%。", "")]),
    ("省公安厅窗口", "2023-03-16", [
        ("省公安厅窗口开展“周末不打烊”服务，为群众办理出入境证件86件。",
         "窗口服务效能提升工作情况")]),
]


def _shot(widget, path: Path) -> None:  # noqa: ANN001
    QApplication.processEvents()
    widget.grab().save(str(path))
    print(path)


def inbox_shots(win, out: Path, work: Path) -> None:  # noqa: ANN001
    """The 来稿 view beside the main window, its dialogs, an adopted item's form, 报送情况."""
    import json

    from zwdesk.app.inboxdialogs import AdoptDialog, ReasonDialog
    from zwdesk.app.pastedialog import PasteDialog
    from zwdesk.store import inbox

    win.select_issue(2023, 9)
    files = []
    for number, (unit, date, items) in enumerate(SUBMISSIONS):
        path = work / f"来稿{number + 1}.json"
        path.write_text(json.dumps({"format": "zwdesk-submission", "version": 1, "unit": unit,
                                    "author": "王敏", "phone": "028-86000000", "date": date,
                                    "items": [{"text": t, "topic": c} for t, c in items]},
                                   ensure_ascii=False), encoding="utf-8")
        files.append(path)
    view = win.inbox.show_view()
    view.add_files([*files, files[0]])
    view.table.selectRow(1)
    _shot(view.window, out / "10-inbox.png")
    item = view.selected()
    dialog = AdoptDialog(view.window, "2023年第9期", item, inbox.places(win.editor.issue.id))
    dialog.dialog.show()
    _shot(dialog.dialog, out / "11-adopt-dialog.png")
    dialog.dialog.close()
    reason = ReasonDialog(view.window, "退回修改", item, required=True)
    reason.dialog.show()
    _shot(reason.dialog, out / "12-reason-dialog.png")
    reason.dialog.close()
    paste = PasteDialog(view.window)
    paste.child("unit").setEditText("省医保局窗口")
    paste.child("message").setPlainText("1. 省医保局窗口本周办件210件。\n\n2、开展“医保服务进大厅”"
                                        "活动，现场解答群众咨询56人次。")
    paste.dialog.show()
    _shot(paste.dialog, out / "13-paste-dialog.png")
    paste.dialog.close()
    win.inbox.adopt(item.id, dialog.section_id())
    view.reload()
    _shot(win.window, out / "14-adopted-item-form.png")
    _shot_screen(out / "15-inbox-beside-window.png")
    tally = win.inbox.show_tally()
    tally.child("year").setValue(2023)
    tally.child("part").setCurrentIndex(2)
    _shot(tally.dialog, out / "16-tally.png")
    tally.dialog.close()
    view.window.close()


def _shot_screen(path: Path) -> None:
    """The whole screen (the main window and the 来稿 window over it), where there is one."""
    QApplication.processEvents()
    QApplication.primaryScreen().grabWindow(0).save(str(path))
    print(path)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots"))
