"""导入往期 and 导入审阅稿 in the app, driven through their real dialogs (stand-in reader)."""

from __future__ import annotations

import re
import threading

import pytest
from PySide6.QtCore import QMimeData, QPoint
from support.builders import make_issue, sample_data, write_json
from support.fakereader import install, write_document

from zwdesk.app import filedialogs
from zwdesk.app.qt import QApplication, QDialogButtonBox, Qt, QUrl
from zwdesk.store.issues import find_issue, load_issue
from zwdesk.store.models import STATUS_FINAL, Issue


@pytest.fixture
def reader(monkeypatch):  # noqa: ANN001, ANN201
    return install(monkeypatch)


def _rows(dialog) -> list[tuple[str, ...]]:  # noqa: ANN001
    table = dialog.table
    return [tuple(table.item(r, c).text() for c in range(3)) for r in range(table.rowCount())]


def _import_folder(main_window, qtbot, monkeypatch, folder):  # noqa: ANN001, ANN201
    monkeypatch.setattr(filedialogs, "get_existing_directory", lambda *a: str(folder))
    main_window.child("actionImport").trigger()
    dialog = main_window.import_dialog
    qtbot.mouseClick(dialog.child("chooseFolderButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.running, timeout=10000)
    return dialog


def test_a_folder_is_imported_file_by_file(main_window, qtbot, monkeypatch, tmp_path,  # noqa: ANN001
                                           reader) -> None:
    folder = tmp_path / "往期"
    folder.mkdir()
    write_document(folder / "2023-01.docx", make_issue(2023, 1, 421), kept=["无法归位的一段"])
    write_document(folder / "2023-02.doc", make_issue(2023, 2, 422))
    write_json(folder / "2023-09.json", sample_data())  # already there
    write_document(folder / "broken.docx", make_issue(2023, 3, 423), fail="不是周报")

    dialog = _import_folder(main_window, qtbot, monkeypatch, folder)

    assert _rows(dialog) == [("2023-01.docx", "已导入", "2023年第1期（总第421期）"),
                             ("2023-02.doc", "已导入", "2023年第2期（总第422期）"),
                             ("2023-09.json", "未导入", ""),
                             ("broken.docx", "未导入", "")]
    assert dialog.table.item(0, 3).text() == "（1 段按原文保留）"
    assert "2023年第9期已存在" in dialog.table.item(2, 3).text()
    assert dialog.child("statusLabel").text() == "完成：导入 2 期。2 个文件未导入，原因见表中。"
    assert dialog.child("progress").value() == 4
    assert reader.office_runs == [[folder / "2023-02.doc"]]
    assert find_issue(2023, 1) and find_issue(2023, 2) and not find_issue(2023, 3)
    assert main_window.issues.rowCount() == 3

    dialog.table.selectRow(0)
    assert "无法归位的一段" in dialog.child("details").toPlainText()
    rect = dialog.table.visualItemRect(dialog.table.item(1, 0))
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert main_window.editor.issue.id == find_issue(2023, 2).id


def test_replace_is_a_choice(main_window, qtbot, monkeypatch, tmp_path, reader) -> None:  # noqa: ANN001
    folder = tmp_path / "in"
    folder.mkdir()
    changed = sample_data()
    changed["distribution"]["copies"] = 50
    write_document(folder / "2023-09.docx", changed)
    monkeypatch.setattr(filedialogs, "get_existing_directory", lambda *a: str(folder))
    main_window.child("actionImport").trigger()
    dialog = main_window.import_dialog
    dialog.child("replaceCheck").setChecked(True)
    qtbot.mouseClick(dialog.child("chooseFolderButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.running, timeout=10000)
    assert _rows(dialog) == [("2023-09.docx", "已导入", "2023年第9期（总第429期）")]
    assert load_issue(find_issue(2023, 9))["distribution"]["copies"] == 50
    assert main_window.editor.issue.id == find_issue(2023, 9).id  # the list shows it anew


def test_stop_keeps_what_was_stored(main_window, qtbot, tmp_path, reader,  # noqa: ANN001
                                    monkeypatch) -> None:
    files = [write_document(tmp_path / f"2024-{n:02d}.docx", make_issue(2024, n, 500 + n))
             for n in range(1, 6)]
    reading, release = threading.Event(), threading.Event()
    original = reader.read_docx_bytes

    def slow(data, source):  # noqa: ANN001, ANN202
        reading.set()
        release.wait(5)
        return original(data, source)

    monkeypatch.setattr(reader, "read_docx_bytes", slow)
    main_window.import_issues(files)
    dialog = main_window.import_dialog
    assert dialog.running and dialog.child("cancelButton").isEnabled()
    assert reading.wait(5)  # the first file is being read
    qtbot.mouseClick(dialog.child("cancelButton"), Qt.MouseButton.LeftButton)
    release.set()
    qtbot.waitUntil(lambda: not dialog.running, timeout=10000)
    assert Issue.select().where(Issue.year == 2024).count() == len(_rows(dialog)) == 1
    assert dialog.child("statusLabel").text() == "已停止：导入 1 期，4 个文件未处理。"


def test_files_dropped_on_the_window_are_imported(main_window, qtbot, tmp_path,  # noqa: ANN001
                                                  reader) -> None:
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    doc = write_document(tmp_path / "2023-10.docx", make_issue(2023, 10, 430))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(doc))])
    for event_type in (QDragEnterEvent, QDropEvent):
        event = event_type(QPoint(50, 50), Qt.DropAction.CopyAction, mime,
                           Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(main_window.window, event)
        assert event.isAccepted()
    dialog = main_window.import_dialog
    qtbot.waitUntil(lambda: not dialog.running, timeout=10000)
    assert _rows(dialog) == [("2023-10.docx", "已导入", "2023年第10期（总第430期）")]


# --- review ---


def _reviewed_sample() -> dict:
    data = sample_data()
    data["sections"][0]["subsections"][0]["block"]["week"]["consult"] = 825
    del data["sections"][3]["block"]["checks"][2]
    return data


def _review(main_window, monkeypatch, path, act):  # noqa: ANN001, ANN201
    """Open 导入审阅稿 on ``path``; ``act(dialog)`` plays the user in the modal dialog."""
    from zwdesk.app import reviewdialog

    seen = []

    def exec_(self) -> bool:  # noqa: ANN001
        seen.append(self)
        act(self)
        return True

    monkeypatch.setattr(filedialogs, "get_open_file_name", lambda *a: (str(path), ""))
    monkeypatch.setattr(reviewdialog.ReviewDialog, "exec", exec_)
    main_window.child("actionImportReview").trigger()
    return seen


def _accept(qtbot):  # noqa: ANN001, ANN202
    def act(dialog) -> None:  # noqa: ANN001
        dialog.child("differences").item(1, 0).setCheckState(Qt.CheckState.Unchecked)
        ok = dialog.child("buttonBox").button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    return act


def test_review_shows_differences_and_stores_the_chosen(main_window, qtbot, monkeypatch,  # noqa: ANN001
                                                        tmp_path, reader) -> None:
    doc = write_document(tmp_path / "审阅稿.docx", _reviewed_sample(),
                         comments=[["据四川一体化政务服务平台数据统计", "此处数据请统计科复核"]])
    issue_id = main_window.editor.issue.id
    seen = _review(main_window, monkeypatch, doc, _accept(qtbot))
    qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    dialog = seen[0]
    table = dialog.child("differences")
    assert table.rowCount() == 2
    assert table.item(0, 1).text() == "一、综窗改革攻坚行动 / （一）省本级综窗办件情况 / 本周咨询"
    old, new = (re.sub("<[^>]+>", "", table.cellWidget(0, c).text()) for c in (2, 3))
    assert (old, new) == ("815", "825")
    assert "line-through" in table.cellWidget(0, 2).text()  # the changed digit is marked
    assert dialog.child("comments").item(0, 1).text() == "此处数据请统计科复核"

    data = load_issue(Issue.get_by_id(issue_id))  # same id, one change taken, one left
    assert data["sections"][0]["subsections"][0]["block"]["week"]["consult"] == 825
    assert len(data["sections"][3]["block"]["checks"]) == len(
        sample_data()["sections"][3]["block"]["checks"])
    assert main_window.editor.issue.id == issue_id
    main_window.undo_action.trigger()
    assert load_issue(Issue.get_by_id(issue_id))["sections"][0]["subsections"][0]["block"][
        "week"]["consult"] == 815


def test_review_of_a_final_issue_is_refused(main_window, qtbot, monkeypatch, tmp_path,  # noqa: ANN001
                                            reader, dialogs) -> None:
    main_window.child("actionFinalize").trigger()
    doc = write_document(tmp_path / "审阅稿.docx", _reviewed_sample())
    seen = _review(main_window, monkeypatch, doc, _accept(qtbot))
    assert seen == [] and reader.read == []
    assert dialogs.shown[-1][:2] == ("inform", "本期已定稿")
    assert Issue.get_by_id(main_window.editor.issue.id).status == STATUS_FINAL


def test_review_of_another_issue_is_refused(main_window, qtbot, monkeypatch, tmp_path,  # noqa: ANN001
                                            reader, dialogs) -> None:
    doc = write_document(tmp_path / "other.docx", make_issue(2023, 10, 430))
    seen = _review(main_window, monkeypatch, doc, _accept(qtbot))
    qtbot.waitUntil(lambda: bool(dialogs.shown), timeout=10000)
    assert seen == []
    assert dialogs.shown[-1] == ("error", "无法导入审阅稿",
                                 "审阅稿是 2023年第10期，不是 2023年第9期 (another issue)")


def test_each_run_lists_its_own_files_and_counts_issues_once(main_window, qtbot,  # noqa: ANN001
                                                             monkeypatch, tmp_path,
                                                             reader) -> None:
    main_window.child("actionImport").trigger()
    dialog = main_window.import_dialog
    assert not dialog.child("progress").isVisible()  # no "0 / 100" before a file is chosen

    def run(folder) -> None:  # noqa: ANN001 - 选择文件夹… in the same dialog
        monkeypatch.setattr(filedialogs, "get_existing_directory", lambda *a: str(folder))
        qtbot.mouseClick(dialog.child("chooseFolderButton"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dialog.running, timeout=10000)

    first = tmp_path / "first"
    first.mkdir()
    (first / "清单.json").write_text("[]", encoding="utf-8")  # refused: not an issue
    write_document(first / "2024-01.docx", make_issue(2024, 1, 501))
    run(first)
    assert dialog.child("progress").isVisible()
    assert [row[:2] for row in _rows(dialog)] == [("2024-01.docx", "已导入"),
                                                  ("清单.json", "未导入")]
    reason = dialog.table.item(1, 3).text()
    assert "应为对象" in reason and "expected" not in reason  # the Chinese part, no English
    dialog.table.selectRow(1)
    assert "expected" not in dialog.child("details").toPlainText()
    # The next run: its own rows only; five drafts of one issue are one issue.
    second = tmp_path / "second"
    second.mkdir()
    for draft in range(5):
        changed = make_issue(2024, 2, 502)
        changed["distribution"]["copies"] = 50 + draft
        write_document(second / f"2024-02-稿{draft + 1}.docx", changed)
    dialog.child("replaceCheck").setChecked(True)
    run(second)
    assert [row[1] for row in _rows(dialog)] == ["已导入"] * 5
    assert dialog.child("statusLabel").text() == (
        "完成：导入 1 期（5 个文件中有 4 个替换了本次先导入的同一期）。")
    assert load_issue(find_issue(2024, 2))["distribution"]["copies"] == 54
