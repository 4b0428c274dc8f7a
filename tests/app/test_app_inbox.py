"""The app's 来稿 and 报送情况 views, driven through their real widgets (pytest-qt)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from support.builders import cli_env, db_snapshot
from support.drops import drop
from support.paths import DATA
from support.qtdrive import block_of, open_node, preview_text, type_into, type_text

from zwdesk.app.qt import QApplication, QDialog, QDialogButtonBox, QMimeData, Qt
from zwdesk.store.issues import find_issue, load_issue
from zwdesk.store.models import Section, SubmittedItem, TextEntry

MARKET, POLICE = "省市场监管局窗口", "省公安厅窗口"
VISIT = "3月14日，省市场监管局副局长到省政务服务大厅该局窗口调研，要求持续深化“证照分离”改革。"
SERVICE = "省市场监管局窗口推行“一窗通办”，本周办件320件。"
WEEKEND = "省公安厅窗口开展“周末不打烊”服务，为群众办理出入境证件86件。"


def submission_file(folder: Path, name: str, unit: str, date: str,
                    items: list[tuple[str, str]]) -> Path:
    path = folder / name
    path.write_text(json.dumps({
        "format": "zwdesk-submission", "version": 1, "unit": unit, "author": "王敏",
        "phone": "028-86000000", "date": date,
        "items": [{"text": text, "topic": topic} for text, topic in items]},
        ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    return {
        "market": submission_file(tmp_path, "市场监管.json", MARKET, "2023-03-15",
                                  [(VISIT, "厅（局）长进大厅"), (SERVICE, "")]),
        "police": submission_file(tmp_path, "公安.json", POLICE, "2023-03-16",
                                  [(WEEKEND, "窗口服务效能提升工作情况")]),
        "bad": submission_file(tmp_path, "坏的.json", "", "2023-03-16", [("x", "")]),
    }


@pytest.fixture
def view(main_window, files):  # noqa: ANN001, ANN201
    """The 来稿 view with the market and police submissions added through it."""
    inbox_view = main_window.inbox.show_view()
    inbox_view.add_files([files["market"], files["police"]])
    return inbox_view


def item_id(text: str) -> int:
    return SubmittedItem.get(SubmittedItem.text == text).id


def select(view, text: str) -> None:  # noqa: ANN001
    assert view.select_item(item_id(text)), f"{text} not listed"


def stored_state(text: str) -> tuple[str, str]:
    from zwdesk.store.inbox import get_item

    item = get_item(item_id(text))
    return item.state, item.reason


def answer(dialog_class, monkeypatch, act) -> list:  # noqa: ANN001
    """Replace a dialog's exec by what the user does in it (``act(dialog)``); the dialog's
    own OK button decides whether it is accepted. The dialogs shown are collected."""
    shown = []

    def run(dialog) -> bool:  # noqa: ANN001
        shown.append(dialog)
        act(dialog)
        return dialog.dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(dialog_class, "exec", run)
    return shown


def press_ok(dialog) -> None:  # noqa: ANN001
    dialog.child("buttons").button(QDialogButtonBox.StandardButton.Ok).click()


def place_dialog(monkeypatch, row: int | None = None) -> list:  # noqa: ANN001
    from zwdesk.app.inboxdialogs import AdoptDialog

    def act(dialog) -> None:  # noqa: ANN001
        if row is not None:
            dialog.places.setCurrentRow(row)
        press_ok(dialog)

    return answer(AdoptDialog, monkeypatch, act)


def section(main_window, place: str) -> Section:  # noqa: ANN001
    from zwdesk.store.inbox import find_place

    return find_place(main_window.editor.issue, place)


# --- receiving ---


def test_files_added_through_the_view_are_listed_and_bad_ones_named(main_window, files) -> None:  # noqa: ANN001
    view = main_window.inbox.show_view()
    results = view.add_files([files["market"], files["bad"], files["police"], files["market"]])
    assert [len(r.items) for r in results] == [2, 0, 1, 0]
    assert SubmittedItem.select().count() == 3
    shown = [view.child("results").item(i).text() for i in range(view.child("results").count())]
    assert shown[0].startswith("✔") and "已加入 2 条" in shown[0] and MARKET in shown[0]
    assert "坏的.json" in shown[1] and "报送单位不能为空" in shown[1]
    assert shown[3].startswith("✖") and "已收过" in shown[3] and "市场监管.json" in shown[3]
    # refused files by name as added ones are, the path in the tooltip; no English
    folder = str(files["bad"].parent)
    assert shown[1].startswith("✖ 坏的.json: ") and shown[3].startswith("✖ 市场监管.json: ")
    assert not any(folder in text or "(" in text for text in shown)
    tips = [view.child("results").item(i).toolTip() for i in range(4)]
    assert tips[0] == str(files["market"]) and "(received before)" in tips[3]
    assert tips[1].startswith(str(files["bad"]))
    assert "2 个文件未加入" in view.child("statusLabel").text()
    assert view.model.rowCount() == 3  # 待审, newest submission first
    assert view.model.index(0, 2).data() == POLICE
    assert main_window.inbox.count_action.text() == "来稿 待审 3"


def test_a_file_from_a_new_unit_says_so(main_window, files, tmp_path) -> None:  # noqa: ANN001
    """As ``inbox add`` and the paste dialog do: the unit was added to the registry."""
    view = main_window.inbox.show_view()
    new = submission_file(tmp_path, "数据局.json", "省大数据中心新设窗口", "2023-03-16",
                          [(WEEKEND, "")])
    again = submission_file(tmp_path, "又一份.json", MARKET, "2023-03-17", [(SERVICE, "")])
    view.add_files([files["market"], new, again])
    shown = [view.child("results").item(i).text() for i in range(view.child("results").count())]
    assert "新单位" in shown[0] and MARKET in shown[0]  # its first 来稿 registers it
    assert "新单位" in shown[1] and "省大数据中心新设窗口" in shown[1]
    assert shown[2].startswith("✔") and "新单位" not in shown[2]


def test_files_dropped_on_the_view_are_added(view, tmp_path) -> None:  # noqa: ANN001
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    from zwdesk.app.qt import QUrl

    extra = submission_file(tmp_path, "再来一份.json", POLICE, "2023-03-20", [("新的一条", "")])
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(extra))])
    for event_type in (QDragEnterEvent, QDropEvent):
        event = event_type(QPoint(20, 20), Qt.DropAction.CopyAction, mime,
                           Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(view.window, event)
        assert event.isAccepted()
    assert SubmittedItem.get(SubmittedItem.text == "新的一条").submission.source == "再来一份.json"


def test_submissions_dropped_on_the_main_window_go_to_the_inbox(main_window, files, qtbot,  # noqa: ANN001
                                                                tmp_path) -> None:
    import shutil

    from support import wordform

    from zwdesk.core.submission_form import write_blank_form

    write_blank_form(tmp_path / "空白.docx")
    document = wordform.open_form(tmp_path / "空白.docx")
    wordform.fill_fields(document, unit="省医保局窗口")
    first_row = wordform.item_rows(document)[0]
    wordform.type_into(first_row.cells[2], "省医保局窗口办理生育津贴申领120件。")
    form = tmp_path / "医保-报送单.docx"
    document.save(str(form))
    issue = shutil.copy(DATA / "2023-09.json", tmp_path / "往期.json")
    drop(main_window.window, [files["police"], form, Path(issue)])
    view = main_window.inbox.view
    assert view is not None and view.window.isVisible()
    assert {i.submission.source for i in SubmittedItem.select()} == {"公安.json", form.name}
    assert view.child("results").count() == 2
    dialog = main_window.import_dialog  # the issue, and only it, to 导入往期
    qtbot.waitUntil(lambda: not dialog.running, timeout=10000)
    assert [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())] == \
        ["往期.json"]


def test_a_folder_dropped_on_the_view_is_added(view, tmp_path) -> None:  # noqa: ANN001
    folder = tmp_path / "本周来稿"
    folder.mkdir()
    submission_file(folder, "甲.json", POLICE, "2023-03-21", [("文件夹里的一条", "")])
    drop(view.window, [folder])
    assert SubmittedItem.get(SubmittedItem.text == "文件夹里的一条").submission.source == "甲.json"


def test_filters_by_state_unit_and_date(view, qtbot) -> None:  # noqa: ANN001
    assert view.model.rowCount() == 3
    type_into(qtbot, view.child("unitFilter").lineEdit(), POLICE)
    assert [view.model.index(r, 3).data()[:6] for r in range(view.model.rowCount())] == [
        WEEKEND[:6]]
    type_into(qtbot, view.child("unitFilter").lineEdit(), "")
    view.child("stateFilter").setCurrentText("未采用")
    assert view.model.rowCount() == 0
    view.child("stateFilter").setCurrentText("全部")
    view.child("dateCheck").setChecked(True)
    view.child("startDate").setDate(view.child("startDate").date().fromString(
        "2023-03-16", "yyyy-MM-dd"))
    view.child("endDate").setDate(view.child("endDate").date().fromString(
        "2023-03-31", "yyyy-MM-dd"))
    assert view.model.rowCount() == 1 and view.model.index(0, 2).data() == POLICE
    assert "列出 1 条" in view.child("countLabel").text()


def test_part_of_a_unit_name_filters_and_all_states_are_one_choice(view, qtbot,  # noqa: ANN001
                                                                     monkeypatch) -> None:
    from zwdesk.app.inboxdialogs import ReasonDialog

    type_into(qtbot, view.child("unitFilter").lineEdit(), "公安")
    assert [view.model.index(r, 2).data() for r in range(view.model.rowCount())] == [POLICE]
    type_into(qtbot, view.child("unitFilter").lineEdit(), "窗口")
    assert view.model.rowCount() == 3
    type_into(qtbot, view.child("unitFilter").lineEdit(), "")
    answer(ReasonDialog, monkeypatch, press_ok)
    select(view, SERVICE)
    assert view.decline()
    states = view.child("stateFilter")
    assert states.itemText(0) == "全部"
    states.setCurrentIndex(0)
    assert sorted(view.model.index(r, 0).data() for r in range(view.model.rowCount())) == \
        ["待审", "待审", "未采用"]


def test_the_selected_item_is_shown_beside(view) -> None:  # noqa: ANN001
    select(view, VISIT)
    details = view.child("details").text()
    for shown in (MARKET, "王敏", "028-86000000", "2023-03-15", "市场监管.json",
                  "厅（局）长进大厅"):
        assert shown in details
    assert view.child("itemText").toPlainText() == VISIT


# --- adopting ---


def test_adopt_into_the_open_issue_then_undo(main_window, view, monkeypatch) -> None:  # noqa: ANN001
    shown = place_dialog(monkeypatch)  # OK on the place offered
    select(view, VISIT)
    assert view.adopt()
    # the place its topic names was offered: 三、/（三）厅（局）长进大厅
    assert shown[0].places.currentItem().text() == "三、窗口工作动态 / （三）厅（局）长进大厅"
    target = section(main_window, "3.3")
    entry = TextEntry.get(TextEntry.submitted_item == item_id(VISIT))
    assert entry.section_id == target.id and entry.text == VISIT
    assert [e.text for e in TextEntry.select().where(TextEntry.section == target.id)
            .order_by(TextEntry.position)][-1] == VISIT
    # the form shows the item, selected, with its unit; the preview prints it
    entries = main_window.forms["section"].block
    assert entries.fields.widget("entry_text").toPlainText() == VISIT
    origin = f"来稿：{MARKET} 3月15日（编号 {item_id(VISIT)}）"
    assert entries.fields.widget("origin").text() == origin
    assert entries.rows.view.currentItem().text().endswith("〔来稿〕")
    assert "3.3月14日，省市场监管局副局长" in preview_text(main_window)
    assert stored_state(VISIT)[0] == "采用"
    assert main_window.inbox.count_action.text() == "来稿 待审 2"
    view.child("stateFilter").setCurrentText("采用")
    assert view.model.index(0, 4).data() == "2023-9"
    where = "2023年第9期 三、窗口工作动态 / （三）厅（局）长进大厅 第3条"
    assert where in view.child("details").text()

    main_window.undo_action.trigger()
    assert not TextEntry.select().where(TextEntry.text == VISIT).exists()
    assert stored_state(VISIT)[0] == "待审"
    main_window.refresh_views()
    assert main_window.inbox.count_action.text() == "来稿 待审 3"
    assert view.model.rowCount() == 0  # 采用 listed: none now
    assert VISIT[:10] not in preview_text(main_window)
    main_window.redo_action.trigger()
    assert TextEntry.get(TextEntry.submitted_item == item_id(VISIT)).text == VISIT


def test_undo_of_an_adoption_says_so_in_the_status_bar(main_window, view, monkeypatch) -> None:  # noqa: ANN001
    """After 撤销 the status bar still said 已采用到 （三）厅（局）长进大厅（可用“撤销”取消）。"""
    place_dialog(monkeypatch)
    select(view, VISIT)
    assert view.adopt()
    bar = main_window.window.statusBar()
    assert bar.currentMessage().startswith("已采用到")
    main_window.undo_action.trigger()
    assert stored_state(VISIT)[0] == "待审"
    assert bar.currentMessage().startswith("已撤销：") and "采用" in bar.currentMessage()
    main_window.redo_action.trigger()
    assert stored_state(VISIT)[0] == "采用"
    assert bar.currentMessage().startswith("已重做：") and "采用" in bar.currentMessage()


def test_undo_and_redo_keys_in_the_inbox_window(main_window, view, monkeypatch, qtbot) -> None:  # noqa: ANN001
    place_dialog(monkeypatch)
    select(view, VISIT)
    assert view.adopt()
    view.window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view.window)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored_state(VISIT)[0] == "待审"
    assert not TextEntry.select().where(TextEntry.text == VISIT).exists()
    qtbot.keyClick(view.table, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert stored_state(VISIT)[0] == "采用"


def test_adopt_into_a_place_chosen_in_the_dialog(main_window, view, monkeypatch) -> None:  # noqa: ANN001
    shown = place_dialog(monkeypatch, row=0)  # 一、/（三）推进情况, not the one offered
    select(view, WEEKEND)
    assert view.adopt()
    assert shown[0].places.count() == 4  # the items and text blocks only
    assert TextEntry.get(TextEntry.submitted_item == item_id(WEEKEND)).section_id == \
        section(main_window, "1.3").id


def test_nothing_is_chosen_when_the_topic_names_no_place(main_window, view, monkeypatch,  # noqa: ANN001
                                                          tmp_path) -> None:
    from zwdesk.app.inboxdialogs import AdoptDialog

    seen = []

    def act(dialog) -> None:  # noqa: ANN001
        ok = dialog.child("buttons").button(QDialogButtonBox.StandardButton.Ok)
        seen.append((len(dialog.places.selectedItems()), ok.isEnabled()))
        if not dialog.places.selectedItems():
            dialog.places.setCurrentRow(1)
            seen.append((len(dialog.places.selectedItems()), ok.isEnabled()))
        press_ok(dialog)

    answer(AdoptDialog, monkeypatch, act)
    select(view, SERVICE)  # no topic, and nothing of its unit's in this issue yet
    assert view.adopt()
    assert seen == [(0, False), (1, True)]
    assert TextEntry.get(TextEntry.submitted_item == item_id(SERVICE)).section_id == \
        section(main_window, "3.1").id
    # the unit's next 来稿 without a topic: where its last one went in this issue
    view.add_files([submission_file(tmp_path, "又一份.json", MARKET, "2023-03-17",
                                    [("市场监管局窗口又办件100件。", ""),
                                     ("市场监管局窗口开展业务培训。", "培训")])])
    select(view, "市场监管局窗口又办件100件。")
    assert view.adopt()
    assert seen[-1] == (1, True)
    assert TextEntry.get(TextEntry.submitted_item == item_id("市场监管局窗口又办件100件。")
                         ).section_id == section(main_window, "3.1").id
    # a topic that names no place: not guessed from the unit (the tester's 培训 item)
    select(view, "市场监管局窗口开展业务培训。")
    assert view.adopt()
    assert seen[-2:] == [(0, False), (1, True)]


def test_an_item_dragged_onto_the_outline_is_adopted_there(main_window, view) -> None:  # noqa: ANN001
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent

    from zwdesk.app.outline import select_anchor

    tree = main_window.child("outline")
    select(view, SERVICE)
    mime = view.model.mimeData([view.table.selectionModel().selectedRows()[0]])

    def point_of(anchor: str) -> QPoint:
        select_anchor(tree, anchor)
        return tree.visualItemRect(tree.currentItem()).center()

    def send(event_type, anchor: str) -> bool:  # noqa: ANN001
        event = event_type(point_of(anchor), Qt.DropAction.MoveAction, mime,
                           Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(tree.viewport(), event)
        return event.isAccepted()

    assert send(QDragEnterEvent, "masthead")
    assert not send(QDragMoveEvent, "masthead")  # the 报头 takes no 来稿
    assert not send(QDragMoveEvent, "s0.0")  # nor the window statistics
    assert send(QDragMoveEvent, "s2.1")
    assert send(QDropEvent, "s2.1")
    entry = TextEntry.get(TextEntry.submitted_item == item_id(SERVICE))
    assert entry.section_id == section(main_window, "3.2").id
    assert main_window.forms["section"].block.fields.widget("entry_text").toPlainText() == SERVICE
    main_window.undo_action.trigger()
    assert stored_state(SERVICE)[0] == "待审"


def test_refusals_change_nothing(main_window, view, monkeypatch, dialogs, db_path) -> None:  # noqa: ANN001
    place_dialog(monkeypatch)
    select(view, VISIT)
    view.adopt()
    before = db_snapshot(db_path)
    # adopted already
    assert not main_window.inbox.adopt(item_id(VISIT), section(main_window, "3.2").id)
    assert "已采用于 2023年第9期" in dialogs.shown[-1][2]
    # a section of another kind (the window statistics), and one with subsections
    for place, words in (("1.1", "是综窗办件统计，不能放入来稿"), ("3", "下有二级标题")):
        assert not main_window.inbox.adopt(item_id(SERVICE), section(main_window, place).id)
        assert words in dialogs.shown[-1][2]
    # decided on an adopted item
    view.child("stateFilter").setCurrentText("全部")
    select(view, VISIT)
    assert not view.child("declineButton").isEnabled()
    assert not view.decline()
    assert "已采用于" in dialogs.shown[-1][2]
    # a final issue
    main_window.finalize()
    final = db_snapshot(db_path)
    count = len(dialogs.shown)
    assert not main_window.inbox.adopt(item_id(SERVICE), section(main_window, "3.2").id)
    assert "已定稿" in dialogs.shown[count][2]
    after_final = db_snapshot(db_path)
    assert after_final == final
    # 定稿 changed the issue's status, wrote its line in the history and counted as a write of
    # the issue (zwdesk.store.versions); nothing else changed
    finalized = ("issue", "historyline", "partversion")
    assert {k: v for k, v in after_final.items() if k not in finalized} == \
        {k: v for k, v in before.items() if k not in finalized}
    assert [row[4] for row in after_final["historyline"][len(before["historyline"]):]] == ["定稿"]
    # a read-only second window
    main_window.session.set_session_read_only()
    assert not main_window.inbox.adopt(item_id(SERVICE))
    select(view, SERVICE)
    assert view.selected().state == "待审"
    for name in ("addFilesButton", "pasteButton", "adoptButton", "declineButton",
                 "returnButton", "resetButton"):
        assert not view.child(name).isEnabled(), name
    assert not view.reset() and not view.decline()
    assert view.add_files([Path("x.json")]) == []
    assert "只读" in dialogs.shown[-1][1]
    assert db_snapshot(db_path) == after_final


# --- deciding ---


def test_decline_and_return_with_reasons(view, monkeypatch) -> None:  # noqa: ANN001
    from zwdesk.app.inboxdialogs import ReasonDialog

    reasons = iter(["与上周重复", "", "请补充办件数量"])
    errors = []

    def act(dialog) -> None:  # noqa: ANN001
        reason = next(reasons)
        if reason:
            type_text(dialog.child("reason"), reason)
        press_ok(dialog)
        errors.append(dialog.child("error").text())
        if dialog.dialog.result() != QDialog.DialogCode.Accepted:
            dialog.dialog.reject()

    answer(ReasonDialog, monkeypatch, act)
    select(view, SERVICE)
    assert view.decline()
    assert stored_state(SERVICE) == ("未采用", "与上周重复")
    said = view.child("statusLabel").text()
    assert said.startswith(f"未采用：来稿 {item_id(SERVICE)}（{MARKET}）") and SERVICE[:10] in said
    select(view, WEEKEND)
    assert not view.return_item()  # 退回 needs a reason: the dialog says so, nothing stored
    assert errors[-1] == "请填写退回原因" and stored_state(WEEKEND) == ("待审", "")
    assert view.return_item()
    assert stored_state(WEEKEND) == ("退回", "请补充办件数量")
    assert view.child("statusLabel").text().startswith(f"已退回：来稿 {item_id(WEEKEND)}")
    view.child("stateFilter").setCurrentText("退回")
    assert view.model.rowCount() == 1
    select(view, WEEKEND)
    assert "请补充办件数量" in view.child("details").text()
    assert view.child("resetButton").isEnabled()
    assert view.reset()
    assert stored_state(WEEKEND) == ("待审", "")
    assert view.child("statusLabel").text().startswith(f"已恢复待审：来稿 {item_id(WEEKEND)}")
    assert view.model.rowCount() == 0


# --- pasting ---


def test_the_paste_dialog_previews_and_stores_the_items(view, qtbot, monkeypatch) -> None:  # noqa: ANN001
    from zwdesk.app.pastedialog import PasteDialog

    message = ("1. 省医保局窗口本周办件210件。\n\n2、开展“医保服务进大厅”活动。\n"
               "（三）接待群众咨询56人次。\n")
    previews, errors = [], []

    def act(dialog) -> None:  # noqa: ANN001
        unit = dialog.child("unit")
        assert unit.findText(MARKET) >= 0  # the registry is offered
        type_text(dialog.child("message"), message)
        previews.append([dialog.child("preview").item(i).text()
                         for i in range(dialog.child("preview").count())])
        press_ok(dialog)  # no unit yet: refused, nothing stored
        errors.append(dialog.child("error").text())
        type_into(qtbot, unit.lineEdit(), "省医保局窗口")
        type_into(qtbot, dialog.child("author"), "张华")
        press_ok(dialog)

    answer(PasteDialog, monkeypatch, act)
    added = view.paste()
    assert previews[0] == ["1. 省医保局窗口本周办件210件。", "2. 开展“医保服务进大厅”活动。",
                           "3. 接待群众咨询56人次。"]
    assert errors == ["请选择或填写报送单位"]
    stored = list(SubmittedItem.select().where(SubmittedItem.id.in_(added))
                  .order_by(SubmittedItem.position))
    assert [i.text for i in stored] == [p[3:] for p in previews[0]]
    assert {(i.submission.unit.name, i.submission.author, i.submission.source)
            for i in stored} == {("省医保局窗口", "张华", "粘贴")}
    assert view.selected().id == added[0]
    assert view.owner.count_action.text() == "来稿 待审 6"


def test_the_paste_dialog_leaves_out_greeting_and_signature(view, monkeypatch) -> None:  # noqa: ANN001
    from zwdesk.app.pastedialog import LEFT_OUT_COLOUR, PasteDialog

    message = ("各位好，本周信息如下：\n\n1. 省公安厅窗口办理出入境证件86件。\n"
               "2、开展“周末不打烊”延时服务。\n\n——省公安厅 李明\n谢谢！")
    shown = []

    def act(dialog) -> None:  # noqa: ANN001
        type_text(dialog.child("message"), message)
        preview = dialog.child("preview")
        shown.extend((preview.item(i).text(), preview.item(i).foreground().color().name())
                     for i in range(preview.count()))
        press_ok(dialog)

    answer(PasteDialog, monkeypatch, act)
    added = view.paste()
    grey = LEFT_OUT_COLOUR
    assert [text for text, _colour in shown] == [
        "1. 省公安厅窗口办理出入境证件86件。", "2. 开展“周末不打烊”延时服务。",
        "未作为信息：各位好，本周信息如下：", "未作为信息：——省公安厅 李明", "未作为信息：谢谢！"]
    assert [colour == grey for _text, colour in shown] == [False, False, True, True, True]
    stored = SubmittedItem.select().where(SubmittedItem.id.in_(added))
    assert sorted(i.text for i in stored) == ["开展“周末不打烊”延时服务。",
                                              "省公安厅窗口办理出入境证件86件。"]
    assert {i.submission.unit.name for i in stored} == {POLICE}  # the signature named it


def test_the_paste_dialog_takes_the_date_the_signature_gives(view, monkeypatch) -> None:  # noqa: ANN001
    """A message signed 2023年3月15日 is counted in March 2023 in 报送情况, not today."""
    from zwdesk.app.pastedialog import PasteDialog

    def act(dialog) -> None:  # noqa: ANN001
        type_text(dialog.child("message"), "省公安厅窗口办理出入境证件86件。\n省公安厅窗口\n"
                                           "2023年3月15日\n联系电话：028-86001234")
        press_ok(dialog)

    answer(PasteDialog, monkeypatch, act)
    [added] = view.paste()
    item = SubmittedItem.get_by_id(added)
    assert item.submission.date == dt.date(2023, 3, 15)
    assert item.text == "省公安厅窗口办理出入境证件86件。"


def test_a_typed_unit_not_registered_is_said_to_be_new(view, qtbot, monkeypatch) -> None:  # noqa: ANN001
    import re

    from zwdesk.app.pastedialog import PasteDialog

    notes, errors = [], []

    def act(dialog) -> None:  # noqa: ANN001
        unit, note = dialog.child("unit"), dialog.child("unitNote")
        type_text(dialog.child("message"), "省公安厅窗口办理出入境证件90件。")
        press_ok(dialog)  # no unit: said, then gone once one is typed
        errors.append(dialog.child("error").text())
        type_into(qtbot, unit.lineEdit(), "省公安厅")
        errors.append(dialog.child("error").text())
        notes.append(note.text())
        note.linkActivated.emit(re.search(r'href="([^"]+)"', note.text()).group(1))  # a click
        notes.append((unit.currentText(), note.text()))
        type_into(qtbot, unit.lineEdit(), "省交通运输厅窗口")
        notes.append(note.text())
        press_ok(dialog)

    answer(PasteDialog, monkeypatch, act)
    view.paste()
    assert errors == ["请选择或填写报送单位", ""]
    assert "新单位，将加入单位名录" in notes[0] and "是否指" in notes[0] and POLICE in notes[0]
    assert notes[1] == (POLICE, "")  # taken: registered, no note
    assert "新单位" in notes[2] and "是否指" not in notes[2]
    assert SubmittedItem.get(SubmittedItem.text == "省公安厅窗口办理出入境证件90件。"
                             ).submission.unit.name == "省交通运输厅窗口"


# --- the week starts from the inbox ---


def test_the_pending_count_follows_another_program(main_window, files, db_path, tmp_path) -> None:  # noqa: ANN001
    assert main_window.inbox.count_action.text() == "来稿 待审 0"
    result = subprocess.run([sys.executable, "-m", "zwdesk", "--db", str(db_path), "inbox",
                             "add", str(files["market"])], env=cli_env(tmp_path),
                            capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stderr
    main_window.session.check_external_changes()
    assert main_window.inbox.count_action.text() == "来稿 待审 2"
    main_window.inbox.count_action.trigger()  # the button opens the view
    assert main_window.inbox.view.window.isVisible()
    assert main_window.inbox.view.model.rowCount() == 2


def test_next_issue_starts_empty_and_keeps_no_links(main_window, view, monkeypatch,  # noqa: ANN001
                                                     dialogs) -> None:
    place_dialog(monkeypatch)
    select(view, VISIT)
    view.adopt()
    main_window.new_issue()
    data = load_issue(find_issue(2023, 10))
    items = [sub["block"] for top in data["sections"] for sub in top.get("subsections", [])
             if sub["block"]["kind"] == "items"]
    assert items and all(block["items"] == [] for block in items)
    assert TextEntry.select().where(TextEntry.submitted_item.is_null(False)).count() == 1
    assert main_window.inbox.count_action.text() == "来稿 待审 2"
    entries = block_of(main_window, "s2.2", "items")
    assert entries.fields.widget("origin").text() == ""
    # only into the issue that is open (its undo covers it): not into last week's
    from zwdesk.store.inbox import find_place

    last_week = find_place(find_issue(2023, 9), "3.2").id
    assert not main_window.inbox.adopt(item_id(SERVICE), last_week)
    assert "只能采用到当前打开的一期" in dialogs.shown[-1][2]
    assert stored_state(SERVICE)[0] == "待审"


# --- the tally ---


def test_the_tally_view_shows_the_counts_and_exports_them(main_window, view, monkeypatch,
                                                          tmp_path, dialogs) -> None:  # noqa: ANN001
    place_dialog(monkeypatch)
    select(view, VISIT)
    view.adopt()
    tally = main_window.inbox.show_tally()
    tally.child("year").setValue(2023)
    tally.child("part").setCurrentIndex(2)  # 3月
    march = [[MARKET, "2", "1", "50.0%"], [POLICE, "1", "0", "0.0%"], ["合计", "3", "1", "33.3%"]]
    assert tally.cells() == march
    assert "关于2023年3月政务服务信息报送采用情况的通报" in tally.child("title").text()
    part = tally.child("part")  # a large font (as on the tester's screen) sized for 12月
    font = part.font()
    font.setPointSize(20)
    part.setFont(font)
    QApplication.processEvents()
    tally.child("periodKind").setCurrentText("季度")
    assert tally.child("part").currentText() == "第一季度" and tally.cells() == march
    QApplication.processEvents()  # the box grows to hold 第四季度 whole
    assert part.width() > part.fontMetrics().horizontalAdvance("第四季度") + 16
    tally.child("periodKind").setCurrentText("年")
    assert not tally.child("part").isVisible() and tally.cells() == march
    tally.child("periodKind").setCurrentText("月")
    tally.child("part").setCurrentIndex(3)  # 4月: nothing
    assert tally.cells() == [["合计", "0", "0", "—"]]
    tally.child("part").setCurrentIndex(2)

    assert tally.export(tmp_path / "三月.csv")
    with (tmp_path / "三月.csv").open(encoding="utf-8-sig", newline="") as stream:
        assert list(csv.reader(stream)) == [["单位", "报送", "采用", "采用率"], *march]
    assert tally.export(tmp_path / "三月.xlsx")
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "三月.xlsx").active
    assert [c.value for c in sheet[3]] == [MARKET, 2, 1, 0.5]
    assert not tally.export(tmp_path / "没有的文件夹" / "x.csv")
    assert dialogs.shown[-1][1] == "未能导出" and "x.csv" in dialogs.shown[-1][2]
    assert not tally.export(tmp_path / "x.txt")
    assert "只能写成" in dialogs.shown[-1][2]


def test_the_tally_opens_on_the_latest_issues_month(main_window, view) -> None:  # noqa: ANN001
    """The sample is 2023年第9期 (印发 2023年3月21日): 报送情况 opens on 2023年3月, where its
    来稿 are, not on the calendar's month."""
    tally = main_window.inbox.show_tally()
    assert (tally.child("year").value(), tally.child("part").currentText()) == (2023, "3月")
    assert tally.cells()[-1][:2] == ["合计", "3"]
    assert "2023年3月" in tally.child("title").text()


def test_the_tally_exports_the_notice(main_window, view, tmp_path) -> None:  # noqa: ANN001
    pytest.importorskip("zwdesk.core.notice")
    import docx

    tally = main_window.inbox.show_tally()
    tally.child("year").setValue(2023)
    tally.child("part").setCurrentIndex(2)
    assert tally.export(tmp_path / "通报.docx")
    document = docx.Document(str(tmp_path / "通报.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "关于2023年3月政务服务信息报送采用情况的通报" in text
    cells = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert [MARKET, "2", "0", "0.0%"] in cells


def test_the_form_shows_the_unit_after_reopening(main_window, view, monkeypatch) -> None:  # noqa: ANN001
    place_dialog(monkeypatch)
    select(view, VISIT)
    view.adopt()
    entries = block_of(main_window, "s2.0", "items")  # another section, then back
    entries = block_of(main_window, "s2.2", "items")
    entries.rows.select(2)
    assert entries.fields.widget("origin").text().startswith(f"来稿：{MARKET}")
    entries.rows.select(0)
    assert entries.fields.widget("origin").text() == ""
    assert open_node(main_window, "s2.2") is main_window.forms["section"]
