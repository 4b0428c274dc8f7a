"""Files from outside through the app's ways in — dropped on the main window (导入往期), added
in the 来稿 window, chosen in 导入审阅稿 — with the real reader: a link to /dev/zero, a FIFO and
a folder named like documents are refused at once by name (the window never waits on them),
a guide that only quotes an issue is no bulletin, and the valid files beside them go in."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from support.builders import sample_data, write_json
from support.drops import drop
from support.hostile import guide_docx

from zwdesk.app import filedialogs
from zwdesk.store.issues import find_issue

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(),
                                reason="POSIX FIFOs and /dev/zero")


@pytest.fixture
def specials(tmp_path: Path, monkeypatch) -> list[Path]:  # noqa: ANN001
    """A FIFO named .docx, a link to /dev/zero named .doc, a folder named .docx; the
    temporary folder watched (nothing may be copied there)."""
    fifo, zero, folder = tmp_path / "管道.docx", tmp_path / "零.doc", tmp_path / "夹.docx"
    os.mkfifo(fifo)
    zero.symlink_to("/dev/zero")
    folder.mkdir()
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    return [fifo, zero, folder]


def test_dropped_devices_fifos_and_folders_are_refused_the_rest_imported(  # noqa: ANN001
        main_window, qtbot, tmp_path, specials) -> None:
    valid = sample_data()
    valid.update(number=10, serial=430)
    good = write_json(tmp_path / "2023-10.json", valid)
    drop(main_window.window, [*specials, good])
    dialog = main_window.import_dialog
    qtbot.waitUntil(lambda: not dialog.running, timeout=10000)
    table = dialog.table
    rows = [(table.item(r, 0).text(), table.item(r, 1).text(), table.item(r, 3).text())
            for r in range(table.rowCount())]
    assert [row[:2] for row in rows] == [("管道.docx", "未导入"), ("零.doc", "未导入"),
                                         ("夹.docx", "未导入"), ("2023-10.json", "已导入")]
    assert "不是普通文件" in rows[0][2] and "不是普通文件" in rows[1][2]
    assert "这是一个文件夹，不是文件" in rows[2][2]
    assert find_issue(2023, 10) is not None
    assert list((tmp_path / "tmp").iterdir()) == []


def test_the_inbox_window_refuses_them_by_name(main_window, tmp_path, specials) -> None:  # noqa: ANN001
    good = write_json(tmp_path / "公安.json", {
        "format": "zwdesk-submission", "version": 1, "unit": "省公安厅窗口",
        "date": "2023-03-16", "items": [{"text": "公安厅窗口延时服务20次。"}]})
    view = main_window.inbox.show_view()
    results = view.add_files([*specials, good])
    assert [len(result.items) for result in results] == [0, 0, 0, 1]
    shown = [view.child("results").item(i).text() for i in range(4)]
    assert shown[0].startswith("✖ 管道.docx: ") and "不是普通文件" in shown[0]
    assert shown[1].startswith("✖ 零.doc: ") and "不是普通文件" in shown[1]
    assert shown[2].startswith("✖ 夹.docx: ") and "文件夹" in shown[2]
    assert list((tmp_path / "tmp").iterdir()) == []


@pytest.mark.parametrize("which", ["管道.docx", "零.doc", "夹.docx", "指南.docx"])
def test_review_refuses_them_with_one_message(main_window, qtbot, monkeypatch, tmp_path,  # noqa: ANN001
                                              specials, dialogs, which) -> None:
    from zwdesk.app import reviewdialog

    (tmp_path / "指南.docx").write_bytes(guide_docx())
    shown = []
    monkeypatch.setattr(reviewdialog.ReviewDialog, "exec", lambda self: shown.append(self))
    monkeypatch.setattr(filedialogs, "get_open_file_name",
                        lambda *a: (str(tmp_path / which), ""))
    main_window.child("actionImportReview").trigger()
    qtbot.waitUntil(lambda: bool(dialogs.shown), timeout=10000)
    kind, title, message = dialogs.shown[-1]
    assert (kind, title, shown) == ("error", "无法读取审阅稿", [])
    assert which in message and ("不像一期简报" if which == "指南.docx" else
                                 "文件夹" if which == "夹.docx" else "不是普通文件") in message
