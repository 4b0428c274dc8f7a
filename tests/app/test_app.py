"""The desktop app, driven through its real widgets (pytest-qt, offscreen platform)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from support.backends import sqlite_only
from support.builders import query_elsewhere
from support.paths import SAMPLE_JSON
from support.qtdrive import (
    block_of,
    current_issue,
    import_variant,
    open_node,
    preview_text,
    type_into,
    type_text,
)

from zwdesk.app import filedialogs
from zwdesk.app.nodes import SECTION
from zwdesk.app.qt import QApplication, QDate, QSettings, Qt
from zwdesk.store.issues import find_issue, load_issue
from zwdesk.store.models import Issue, Section, TextEntry, WindowStats

WEEK_FIELDS = ("week_consult", "week_accept", "week_issue", "week_transfer")


# --- start ---


@pytest.mark.parametrize("display", [None, ":999"])  # no DISPLAY; one nobody listens on
def test_without_a_display_the_app_points_to_the_command_line(tmp_path, display) -> None:  # noqa: ANN001
    from support.builders import cli_env

    env = cli_env(tmp_path)
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        env.pop(name, None)
    if display:
        env["DISPLAY"] = display
    result = subprocess.run([sys.executable, "-m", "zwdesk", "--db", str(tmp_path / "z.db")],
                            env=env, capture_output=True, text=True, encoding="utf-8",
                            timeout=60)
    assert result.returncode == 1, (result.returncode, result.stderr)  # not Qt's abort, 134
    assert result.stderr.startswith("zwdesk: 没有图形界面（")
    assert "zwdesk --help" in result.stderr and "platform plugin" not in result.stderr
    assert not (tmp_path / "z.db").exists()  # nothing was begun


def test_a_missing_x_library_is_named(monkeypatch) -> None:  # noqa: ANN001
    from zwdesk.app import main

    monkeypatch.setattr(main, "X_LIBRARIES", (("libxcb-cursor-gone.so.0", "libxcb-cursor0"),))
    problem = main.display_problem({"DISPLAY": ":0"})
    assert problem == ("缺少系统库 libxcb-cursor-gone.so.0，请安装 libxcb-cursor0"
                       "（apt install libxcb-cursor0）")


@pytest.mark.xserver
def test_a_real_display_is_usable() -> None:
    from support.xserver import x_display

    from zwdesk.app.main import display_problem

    with x_display() as display:
        assert display_problem({"DISPLAY": display}) == ""


def test_first_start_shows_the_sample_issue(main_window) -> None:  # noqa: ANN001
    model = main_window.child("issueTable").model()
    assert model.rowCount() == 1
    row = [model.index(0, c).data() for c in range(5)]
    assert row == ["2023", "第9期", "总第429期", "（3月6日—3月10日）", "草稿"]
    tree = main_window.child("outline")
    top = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert top == ["报头", "一、综窗改革攻坚行动", "二、省级政务服务事项受理办理情况",
                   "三、窗口工作动态", "四、大厅巡查情况", "版记"]
    assert tree.topLevelItem(1).child(2).text(0) == "（三）推进情况"
    text = preview_text(main_window)
    for expected in ("政务服务工作", "2023年第9期（总第429期）", "（3月6日—3月10日）",
                     "本周，共计咨询815人次", "（六）大厅防控情况。", "报：中心领导。",
                     "（共印94份）"):
        assert expected in text


def click_preview_line(win, qtbot, start: str) -> None:  # noqa: ANN001
    """Click the preview's line that starts with ``start``."""
    view = win.child("preview")
    win.refresh_views()
    block = view.document().begin()
    while block.isValid() and not block.text().startswith(start):
        block = block.next()
    assert block.isValid()
    cursor = view.textCursor()
    cursor.setPosition(block.position() + 3)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.cursorRect(cursor).center())


def test_clicking_a_preview_paragraph_selects_its_form(main_window, qtbot) -> None:  # noqa: ANN001
    click_preview_line(main_window, qtbot, "目前，未授权")
    selected = main_window.child("outline").currentItem().text(0)
    assert selected == "（二）省级部门（单位）事项纳入及授权情况"
    assert main_window.forms[SECTION].block is main_window.forms[SECTION].blocks["department_list"]


def test_clicking_an_item_in_the_preview_opens_that_item(main_window, qtbot) -> None:  # noqa: ANN001
    click_preview_line(main_window, qtbot, "2.召开综合窗口")
    items = main_window.forms[SECTION].blocks["items"]
    assert main_window.child("outline").currentItem().text(0) == "（三）推进情况"
    assert items.rows.view.currentRow() == 1
    assert items.fields.widget("entry_text").toPlainText().startswith("召开综合窗口")


# --- filling every form of a new issue ---


def test_fill_every_form_of_a_new_issue(main_window, qtbot) -> None:  # noqa: ANN001, PLR0915
    win = main_window
    qtbot.mouseClick(win.child("newIssueButton"), Qt.MouseButton.LeftButton)
    issue = win.editor.issue
    assert (issue.year, issue.number, issue.serial) == (2023, 10, 430)
    assert (issue.period_start, issue.period_end) == (dt.date(2023, 3, 13), dt.date(2023, 3, 17))

    # 报头
    masthead = open_node(win, "masthead")
    masthead.fields.widget("issue_date").setDate(QDate(2023, 3, 27))

    # 综窗办件: this week, then 按上期累计
    stats = block_of(win, "s0.0", "window_stats")
    for name, value in zip(WEEK_FIELDS, ("900", "200", "1000", "1500"), strict=True):
        type_into(qtbot, stats.fields.widget(name), value)
    assert "按上期累计" in stats.fields.widget("accumulateNote").text()
    qtbot.mouseClick(stats.fields.widget("accumulate"), Qt.MouseButton.LeftButton)
    assert stats.fields.widget("accumulateNote").text() == ""

    # departments: remove 科技厅, add one from the registry and one typed in
    deps = block_of(win, "s0.1", "department_list")
    deps.rows.select(0)
    qtbot.mouseClick(deps.fields.widget("deleteButton"), Qt.MouseButton.LeftButton)
    for name in ("省药监局", "省新设协调办"):
        deps.picker.setEditText(name)
        qtbot.mouseClick(deps.fields.widget("addButton"), Qt.MouseButton.LeftButton)

    # items under （三）推进情况
    items = block_of(win, "s0.2", "items")
    for text in ("召开专班周例会。", "开展窗口人员培训2次。"):
        qtbot.mouseClick(items.fields.widget("addButton"), Qt.MouseButton.LeftButton)
        type_text(items.fields.widget("entry_text"), text)

    # platform statistics
    platform = block_of(win, "s1", "platform_stats")
    for name, value in (("licensing_accepted", "90000"), ("licensing_completed", "90100"),
                        ("public_service_accepted", "900000"),
                        ("public_service_completed", "850000"),
                        ("other_accepted", "7600"), ("other_completed", "7700")):
        type_into(qtbot, platform.fields.widget(name), value)

    # the three item lists of section 三
    for anchor, text in (("s2.0", "营商环境事项。"), ("s2.1", "效能提升事项。"),
                         ("s2.2", "厅长进大厅事项。")):
        block = block_of(win, anchor, "items")
        qtbot.mouseClick(block.fields.widget("addButton"), Qt.MouseButton.LeftButton)
        type_text(block.fields.widget("entry_text"), text)

    # inspection: change the last finding, then reset it with one click
    inspection = block_of(win, "s3", "inspection")
    inspection.rows.select(5)
    finding = inspection.fields.widget("check_finding")
    finding.selectAll()
    type_text(finding, "发现1处问题，已整改。")
    inspection.rows.select(4)
    qtbot.mouseClick(inspection.fields.widget("goodButton"), Qt.MouseButton.LeftButton)

    # 版记
    dist = open_node(win, "distribution")
    type_into(qtbot, dist.fields.widget("copies"), "96")
    type_into(qtbot, dist.fields.widget("issue"), "各部门窗口、各市（州）政务服务中心")

    data = current_issue(win)
    assert data["issue_date"] == dt.date(2023, 3, 27)
    block = data["sections"][0]["subsections"][0]["block"]
    assert block["week"] == {"consult": 900, "accept": 200, "issue": 1000, "transfer": 1500}
    assert block["year_to_date"] == {"consult": 5181, "accept": 1745, "issue": 12620,
                                     "transfer": 30766}
    assert data["sections"][0]["subsections"][1]["block"]["departments"] == [
        "民政厅", "住房和城乡建设厅", "农业农村厅", "成都海关", "省消防救援总队", "省贸促会",
        "省药监局", "省新设协调办"]
    assert data["sections"][0]["subsections"][2]["block"]["items"] == [
        "召开专班周例会。", "开展窗口人员培训2次。"]
    platform_block = data["sections"][1]["block"]
    assert platform_block["licensing"] == {"accepted": 90000, "completed": 90100}
    assert platform_block["to"] == dt.date(2023, 3, 17)
    assert [s["block"]["items"] for s in data["sections"][2]["subsections"]] == [
        ["营商环境事项。"], ["效能提升事项。"], ["厅长进大厅事项。"]]
    checks = data["sections"][3]["block"]["checks"]
    assert checks[5]["finding"] == "发现1处问题，已整改。"
    assert checks[4]["finding"] == "总体情况良好。"
    assert data["distribution"]["copies"] == 96

    text = preview_text(win)
    for expected in (
        "2023年第10期（总第430期）", "2023年3月27日", "（3月13日—3月17日）",
        "本周，共计咨询900人次、受理200件、颁发1000件、流转1500件；今年以来，累计咨询5181人次",
        "有8个：民政厅、住房和城乡建设厅", "省药监局、省新设协调办。",
        "1.召开专班周例会。", "2.开展窗口人员培训2次。",
        "2023年1月1日至2023年3月17日，省本级行政许可事项受理90000件，办结90100件",
        "（六）大厅防控情况。发现1处问题，已整改。", "发：各部门窗口、各市（州）政务服务中心。",
        "（共印96份）",
    ):
        assert expected in text, expected
    # the typed-in department is remembered for next time
    from zwdesk.store.departments import registry_names
    assert "省新设协调办" in registry_names()


# --- validation as the user types ---


@pytest.mark.parametrize(("typed", "message"), [
    ("12a", "整数"), ("-5", "不能为负数"), ("12,00", "逗号"), ("1.5", "整数"), ("", "请填写"),
])
def test_bad_count_is_explained_and_not_stored(main_window, qtbot, typed, message) -> None:  # noqa: ANN001
    stats = block_of(main_window, "s0.0", "window_stats")
    type_into(qtbot, stats.fields.widget("week_consult"), typed)
    error = stats.fields.widget("week_consult_error").text()
    assert message in error and "本周咨询人次" in error
    assert WindowStats.get().week_consult == 815


def test_full_width_digits_are_accepted(main_window, qtbot) -> None:  # noqa: ANN001
    stats = block_of(main_window, "s0.0", "window_stats")
    type_into(qtbot, stats.fields.widget("week_accept"), "１７０")
    assert WindowStats.get().week_accept == 170


def test_taken_issue_number_and_bad_period_are_refused(main_window, qtbot, tmp_path) -> None:  # noqa: ANN001
    from zwdesk.operations import import_issue_file

    import_issue_file(import_variant(tmp_path, number=8, serial=428))
    main_window.select_issue(2023, 9)
    masthead = open_node(main_window, "masthead")
    type_into(qtbot, masthead.fields.widget("number"), "8")
    qtbot.keyClick(masthead.fields.widget("number"), Qt.Key.Key_Return)
    assert "2023年第8期已存在" in masthead.fields.widget("number_error").text()
    masthead.fields.widget("period_end").setDate(QDate(2023, 3, 1))
    qtbot.keyClick(masthead.fields.widget("period_end"), Qt.Key.Key_Return)
    assert "早于时段开始日期" in masthead.fields.widget("period_end_error").text()
    issue = find_issue(2023, 9)
    assert issue is not None and issue.period_end == dt.date(2023, 3, 10)


def test_control_characters_pasted_from_word_are_removed(main_window, qtbot) -> None:  # noqa: ANN001
    items = block_of(main_window, "s0.2", "items")
    items.rows.select(0)
    editor = items.fields.widget("entry_text")
    editor.selectAll()
    editor.insertPlainText("粘贴\x0b来的\x07文字")
    assert TextEntry.get_by_id(items.rows.current().id).text == "粘贴来的文字"
    assert "控制字符" in items.fields.widget("entry_text_error").text()


# --- nothing lost ---


def test_edits_reach_the_database_at_once(main_window, qtbot, db_path) -> None:  # noqa: ANN001
    """Another process sees the edit immediately: a killed app loses nothing."""
    section_form = open_node(main_window, "s1")
    type_into(qtbot, section_form.fields.widget("title"), "省级事项受理办理情况")
    rows = query_elsewhere(db_path, "select title from section where parent_id is null "
                                    "order by position")
    assert rows[1][0] == "省级事项受理办理情况"


def test_autosave_survives_a_restart(main_window, qtbot, dialogs, monkeypatch) -> None:  # noqa: ANN001
    from zwdesk.app.mainwindow import MainWindow
    from zwdesk.app.session import Session

    dist = open_node(main_window, "distribution")
    type_into(qtbot, dist.fields.widget("report"), "中心领导，省政府办公厅")
    main_window.window.close()

    again = MainWindow(Session())
    dialogs.install(again, monkeypatch)
    qtbot.addWidget(again.window)
    form = open_node(again, "distribution")
    assert form.fields.widget("report").text() == "中心领导，省政府办公厅"
    assert "报：中心领导，省政府办公厅。" in preview_text(again)


def test_undo_and_redo_across_forms(main_window, qtbot) -> None:  # noqa: ANN001
    win = main_window
    title = open_node(win, "s0").fields.widget("title")
    type_into(qtbot, title, "综窗改革")
    dist = open_node(win, "distribution")
    type_into(qtbot, dist.fields.widget("copies"), "120")
    items = block_of(win, "s0.2", "items")
    items.rows.select(2)
    qtbot.mouseClick(items.fields.widget("deleteButton"), Qt.MouseButton.LeftButton)
    assert TextEntry.select().where(TextEntry.section == items.node.section_id).count() == 2

    assert win.undo_action.shortcuts()[0].toString() == "Ctrl+Z"
    assert {s.toString() for s in win.redo_action.shortcuts()} == {"Ctrl+Shift+Z", "Ctrl+Y"}
    win.undo_action.trigger()  # the deleted item is back
    assert TextEntry.select().where(TextEntry.section == items.node.section_id).count() == 3
    win.undo_action.trigger()  # copies
    assert current_issue(win)["distribution"]["copies"] == 94
    win.undo_action.trigger()  # title: typing in one field is one step
    assert current_issue(win)["sections"][0]["title"] == "综窗改革攻坚行动"
    assert "一、综窗改革攻坚行动" in preview_text(win)
    win.redo_action.trigger()
    win.redo_action.trigger()
    data = current_issue(win)
    assert data["sections"][0]["title"] == "综窗改革"
    assert data["distribution"]["copies"] == 120
    assert "（共印120份）" in preview_text(win)


def test_window_state_is_remembered(main_window, qt_settings, tmp_path) -> None:  # noqa: ANN001
    from zwdesk.operations import import_issue_file

    issue = import_issue_file(import_variant(tmp_path, number=8, serial=428))
    main_window.reload_issue_list(select_id=issue.id)
    main_window.window.resize(1111, 777)
    main_window.window.close()
    settings = QSettings()
    assert int(settings.value("issue/last")) == issue.id
    assert settings.value("window/geometry") is not None
    assert settings.value("window/mainSplitter") is not None


# --- 定稿 ---


def test_final_issue_is_read_only_until_reopened(main_window, qtbot, dialogs) -> None:  # noqa: ANN001
    win = main_window
    win.child("actionFinalize").trigger()
    assert Issue.get().status == "final"
    title = open_node(win, "s0").fields.widget("title")
    assert title.isReadOnly()
    assert not win.child("addSectionButton").isEnabled()
    assert win.child("readOnlyBanner").isVisible()
    dialogs.answer = False
    win.child("actionReopen").trigger()
    assert Issue.get().status == "final"
    dialogs.answer = True
    win.child("actionReopen").trigger()
    assert Issue.get().status == "draft"
    assert not open_node(win, "s0").fields.widget("title").isReadOnly()
    assert dialogs.shown[-1][0] == "confirm" and "重新打开" in dialogs.shown[-1][1]
    type_into(qtbot, title, "重新打开后改的标题")  # this window's own 重新打开 is no clash
    assert Section.select().where(Section.title == "重新打开后改的标题").exists()
    assert not win.child("conflictBanner").isVisible()


def test_finalizing_with_an_entry_not_saved_asks_first(main_window, qtbot, dialogs) -> None:  # noqa: ANN001
    """总第M期 typed as 43O (a letter O) is refused and not saved; 定稿 then asked nothing and
    made the issue read-only with the wrong text in its field. It asks as 导出 and 打印 do,
    naming the entry, and a No leaves the issue a draft."""
    win = main_window
    serial = open_node(win, "masthead").fields.widget("serial")
    type_into(qtbot, serial, "43O")
    dialogs.answer = False
    win.child("actionFinalize").trigger()
    assert Issue.get().status == "draft" and Issue.get().serial == 429
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("confirm", "定稿前检查")
    assert "总期号" in text and "仍然定稿吗？" in text
    dialogs.answer = True
    win.child("actionFinalize").trigger()
    assert Issue.get().status == "final"


# --- outline ---


def test_outline_add_rename_move_delete(main_window, qtbot, monkeypatch, dialogs) -> None:  # noqa: ANN001
    from zwdesk.app import dialogs as dialog_module

    win = main_window
    answers = iter([("专项工作", "text")])
    monkeypatch.setattr(dialog_module.NewSectionDialog, "exec", lambda self: True)
    monkeypatch.setattr(dialog_module.NewSectionDialog, "values", lambda self: next(answers))
    open_node(win, "s1")
    qtbot.mouseClick(win.child("addSectionButton"), Qt.MouseButton.LeftButton)
    titles = [s.title for s in Section.select().where(Section.parent.is_null())
              .order_by(Section.position)]
    assert titles == ["综窗改革攻坚行动", "省级政务服务事项受理办理情况", "专项工作",
                      "窗口工作动态", "大厅巡查情况"]
    entries = win.forms[SECTION].blocks["text"]
    qtbot.mouseClick(entries.fields.widget("addButton"), Qt.MouseButton.LeftButton)
    type_text(entries.fields.widget("entry_text"), "本周开展专项检查。")
    qtbot.mouseClick(win.child("moveUpButton"), Qt.MouseButton.LeftButton)
    assert "二、专项工作\n" in preview_text(win) + "\n"
    assert "本周开展专项检查。" in preview_text(win)
    dialogs.answer = True
    qtbot.mouseClick(win.child("deleteSectionButton"), Qt.MouseButton.LeftButton)
    assert dialogs.shown[-1][0] == "confirm" and "专项工作" in dialogs.shown[-1][2]
    assert Section.select().where(Section.parent.is_null()).count() == 4
    win.undo_action.trigger()
    assert Section.select().where(Section.title == "专项工作").count() == 1


# --- next issue ---


def test_the_new_issue_button_promises_no_dialog(main_window, qtbot, dialogs) -> None:  # noqa: ANN001
    """新建下一期… under 各期简报 opened nothing more than 新建下一期 on the toolbar does: its
    “…” promised a dialog that never came. Both say the same and make the issue at once."""
    win = main_window
    button, action = win.child("newIssueButton"), win.child("actionNewIssue")
    assert button.text() == action.text() == "新建下一期"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert dialogs.shown == [] and win.editor.issue.number == 10


def test_next_issue_numbering_across_a_year_end(main_window, qtbot, tmp_path) -> None:  # noqa: ANN001
    from zwdesk.operations import import_issue_file

    import_issue_file(import_variant(tmp_path, number=52, serial=472, issue_date="2023-12-26",
                                     period={"start": "2023-12-18", "end": "2023-12-22"}))
    win = main_window
    win.reload_issue_list()
    new_issue = win.child("newIssueButton")
    qtbot.mouseClick(new_issue, Qt.MouseButton.LeftButton)
    issue = win.editor.issue
    assert (issue.year, issue.number, issue.serial) == (2023, 53, 473)
    ytd = current_issue(win)["sections"][0]["subsections"][0]["block"]["year_to_date"]
    assert ytd == {"consult": 4281, "accept": 1545, "issue": 11620, "transfer": 29266}
    qtbot.mouseClick(new_issue, Qt.MouseButton.LeftButton)
    issue = win.editor.issue
    assert (issue.year, issue.number, issue.serial) == (2024, 1, 474)
    assert (issue.period_start, issue.period_end) == (dt.date(2024, 1, 1), dt.date(2024, 1, 5))
    model = win.child("issueTable").model()
    assert [model.index(r, 1).data() for r in range(3)] == ["第1期", "第53期", "第52期"]
    data = current_issue(win)
    assert data["sections"][0]["subsections"][2]["block"]["items"] == []
    assert data["sections"][0]["subsections"][1]["block"]["departments"][0] == "科技厅"
    # the first issue of a year: 今年以来 = this week
    stats = block_of(win, "s0.0", "window_stats")
    for name, value in zip(WEEK_FIELDS, ("10", "20", "30", "40"), strict=True):
        type_into(qtbot, stats.fields.widget(name), value)
    qtbot.mouseClick(stats.fields.widget("accumulate"), Qt.MouseButton.LeftButton)
    ytd = current_issue(win)["sections"][0]["subsections"][0]["block"]["year_to_date"]
    assert ytd == {"consult": 10, "accept": 20, "issue": 30, "transfer": 40}


# --- checks ---


def test_checks_list_for_a_bad_issue_and_click_to_field(main_window, tmp_path) -> None:  # noqa: ANN001
    from zwdesk.operations import import_issue_file

    data = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    data.update(number=10, serial=430, issue_date="2023-03-15",
                period={"start": "2023-03-13", "end": "2023-03-17"})
    stats = data["sections"][0]["subsections"][0]["block"]
    stats["year_to_date"]["accept"] = 100  # below the week's 168
    data["sections"][0]["subsections"][2]["block"]["items"][0] = "完善方案,并报审定。"
    data["sections"][2]["subsections"][0]["block"]["items"][1] = "开展“红黑榜评比。"
    data["sections"][0]["title"] = ""
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    issue = import_issue_file(path)
    win = main_window
    win.reload_issue_list(select_id=issue.id)
    win.refresh_views()
    view = win.child("checksList")
    messages = [view.item(i).text() for i in range(view.count())]
    wanted = {"印发日期": None, "受理": None, ",": None, "“": None, "标题": None}
    for key in wanted:
        wanted[key] = next((m for m in messages if key in m), None)
    assert all(wanted.values()), messages
    assert "发现" in win.child("checksSummary").text()
    # clicking the ytd problem opens the 综窗 form on that field
    row = next(i for i, m in enumerate(messages) if "今年以来" in m and "受理" in m)
    win._problem_activated(view.item(row))
    form = win.forms[SECTION]
    assert win.child("outline").currentItem().text(0) == "（一）省本级综窗办件情况"
    assert form.blocks["window_stats"].fields.widget("year_to_date_accept").hasFocus() or \
        win.window.focusWidget() is form.blocks["window_stats"].fields.widget("year_to_date_accept")


# --- export and exchange ---


def test_export_word_through_the_ui(main_window, qtbot, monkeypatch, tmp_path, dialogs) -> None:  # noqa: ANN001
    from docx import Document

    target = tmp_path / "out" / "bulletin.docx"
    target.parent.mkdir()
    proposed = []

    def save_dialog(parent, title, path, filters):  # noqa: ANN001, ANN202
        proposed.append(path)
        return str(target), filters

    monkeypatch.setattr(filedialogs, "get_save_file_name", save_dialog)
    dialogs.answers = [True, False]  # export despite the one warning; don't open Word after
    main_window.child("actionExportWord").trigger()
    qtbot.waitUntil(lambda: not main_window.outputs.running, timeout=20000)
    assert Path(proposed[0]).name == "政务服务工作2023年第9期.docx"
    text = "\n".join(p.text for p in Document(str(target)).paragraphs)
    assert "2023年第9期（总第429期）" in text
    assert "1.完善《四川省政务服务综合窗口攻坚破难行动方案》" in text
    asked = [title for kind, title, _text in dialogs.shown if kind == "confirm"]
    assert asked == ["导出前检查", "导出完成"]
    assert "1 个问题" in dialogs.shown[0][2]
    assert QSettings().value("export/folder") == str(target.parent)


def test_export_failure_is_a_dialog(main_window, qtbot, monkeypatch, tmp_path, dialogs) -> None:  # noqa: ANN001
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setattr(filedialogs, "get_save_file_name",
                        lambda *a: (str(blocker / "x.docx"), ""))
    main_window.child("actionExportWord").trigger()
    qtbot.waitUntil(lambda: not main_window.outputs.running, timeout=20000)
    kind, title, text = dialogs.shown[-1]
    assert kind == "error" and title == "导出失败" and "无法写入文件" in text


def test_exchange_file_export(main_window, monkeypatch, tmp_path) -> None:  # noqa: ANN001
    out = tmp_path / "issue.json"
    monkeypatch.setattr(filedialogs, "get_save_file_name", lambda *a: (str(out), ""))
    main_window.child("actionExportJson").trigger()
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(
        SAMPLE_JSON.read_text(encoding="utf-8"))


@sqlite_only
def test_database_file_is_a_real_sqlite_file(main_window, db_path) -> None:  # noqa: ANN001
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("select count(*) from issue").fetchone()[0] == 1


def test_export_can_be_declined_after_seeing_the_problems(main_window, monkeypatch, dialogs) -> None:  # noqa: ANN001, E501
    asked_for_file = []
    monkeypatch.setattr(filedialogs, "get_save_file_name",
                        lambda *a: asked_for_file.append(a) or ("", ""))
    dialogs.answers = [False]
    main_window.child("actionExportWord").trigger()
    assert dialogs.shown[-1][1] == "导出前检查"
    assert asked_for_file == [] and not main_window.outputs.running


def test_moving_the_period_start_past_its_end_moves_the_week(main_window) -> None:  # noqa: ANN001
    masthead = open_node(main_window, "masthead")
    masthead.fields.widget("period_start").setDate(QDate(2023, 3, 13))
    masthead.fields.widget("period_start").editingFinished.emit()
    issue = find_issue(2023, 9)
    assert (issue.period_start, issue.period_end) == (dt.date(2023, 3, 13), dt.date(2023, 3, 17))
    assert masthead.fields.widget("period_end").date() == QDate(2023, 3, 17)
    assert "（3月13日—3月17日）" in preview_text(main_window)


def test_help_explains_the_weekly_routine(main_window, dialogs) -> None:  # noqa: ANN001
    action = main_window.child("actionHelp")
    assert action.shortcut().toString() == "F1"
    action.trigger()
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("inform", "使用说明")
    for step in ("新建下一期", "按上期累计", "检查", "导出 Word", "打印", "自动保存"):
        assert step in text


def test_the_department_registry_can_be_edited(main_window, qtbot, monkeypatch) -> None:  # noqa: ANN001
    from zwdesk.app import dialogs as dialog_module
    from zwdesk.store.departments import registry_names

    def use_the_dialog(dialog) -> None:  # noqa: ANN001 - what the secretary does in it
        type_into(qtbot, dialog.child("newName"), "省大数据中心")
        qtbot.mouseClick(dialog.child("addButton"), Qt.MouseButton.LeftButton)
        assert registry_names()[-1] == "省大数据中心"
        qtbot.mouseClick(dialog.child("addButton"), Qt.MouseButton.LeftButton)
        assert "请填写" in dialog.child("error").text()
        type_into(qtbot, dialog.child("newName"), "教育厅")
        qtbot.mouseClick(dialog.child("addButton"), Qt.MouseButton.LeftButton)
        assert "已在常用部门中" in dialog.child("error").text()
        items = dialog.names.findItems("教育厅", Qt.MatchFlag.MatchExactly)
        dialog.names.setCurrentItem(items[0])
        qtbot.mouseClick(dialog.child("deleteButton"), Qt.MouseButton.LeftButton)

    monkeypatch.setattr(dialog_module.DepartmentsDialog, "exec", use_the_dialog)
    deps = block_of(main_window, "s0.1", "department_list")
    qtbot.mouseClick(deps.fields.widget("registryButton"), Qt.MouseButton.LeftButton)
    assert "教育厅" not in registry_names()
    offered = [deps.picker.itemText(i) for i in range(deps.picker.count())]
    assert "教育厅" not in offered and "省大数据中心" in offered


def test_a_refused_entry_stays_in_its_field_while_the_views_refresh(main_window, qtbot) -> None:  # noqa: ANN001
    """The preview and checks refresh a moment after each edit; that must not put the stored
    value back over what the user is still typing, nor hide the message beside it."""
    stats = block_of(main_window, "s0.0", "window_stats")
    type_into(qtbot, stats.fields.widget("week_consult"), "900")
    type_into(qtbot, stats.fields.widget("week_accept"), "17a")
    qtbot.wait(400)  # past the refresh delay
    assert "本周，共计咨询900人次" in main_window.preview.plain_text()
    assert stats.fields.widget("week_accept").text() == "17a"
    assert "请输入整数" in stats.fields.widget("week_accept_error").text()
    assert WindowStats.get().week_accept == 168


def test_moving_a_section_renumbers_its_form(main_window, qtbot) -> None:  # noqa: ANN001
    form = open_node(main_window, "s1")
    assert form.fields.widget("numberLabel").text() == "二、"
    qtbot.mouseClick(main_window.child("moveUpButton"), Qt.MouseButton.LeftButton)
    assert form.fields.widget("numberLabel").text() == "一、"
    assert main_window.child("outline").currentItem().text(0) == "一、省级政务服务事项受理办理情况"


def test_each_issue_keeps_one_undo_history(main_window, qtbot, tmp_path) -> None:  # noqa: ANN001
    from zwdesk.operations import import_issue_file

    other = import_issue_file(import_variant(tmp_path, number=8, serial=428))
    sample = find_issue(2023, 9)
    type_into(qtbot, open_node(main_window, "s0").fields.widget("title"), "综窗改革")
    for _ in range(3):  # back and forth between the two issues
        main_window.reload_issue_list(select_id=other.id)
        main_window.reload_issue_list(select_id=sample.id)
    assert len(main_window.editor.undo_group.stacks()) == 2
    main_window.undo_action.trigger()
    assert current_issue(main_window)["sections"][0]["title"] == "综窗改革攻坚行动"


def test_an_empty_list_problem_leads_to_its_add_button(main_window, qtbot) -> None:  # noqa: ANN001
    qtbot.mouseClick(main_window.child("newIssueButton"), Qt.MouseButton.LeftButton)
    main_window.refresh_views()
    view = main_window.child("checksList")
    texts = [view.item(i).text() for i in range(view.count())]
    row = next(i for i, text in enumerate(texts) if text.endswith("（三）推进情况：没有内容"))
    main_window._problem_activated(view.item(row))
    items = main_window.forms[SECTION].blocks["items"]
    assert main_window.child("outline").currentItem().text(0) == "（三）推进情况"
    assert main_window.window.focusWidget() is items.fields.widget("addButton")


def test_an_empty_list_names_the_button_that_adds(main_window, qtbot) -> None:  # noqa: ANN001
    qtbot.mouseClick(main_window.child("newIssueButton"), Qt.MouseButton.LeftButton)
    items = open_node(main_window, "s0.2").blocks["items"]  # （三）推进情况, emptied
    add, text = items.fields.widget("addButton"), items.fields.widget("entry_text")
    hint = text.placeholderText()
    assert add.text() == "添加一条" and "“添加一条”" in hint and "上方" in hint
    assert add.mapTo(items.widget, add.rect().bottomLeft()).y() < text.y()  # above it


def test_check_year_lists_the_run_and_a_click_opens_the_issue(main_window, tmp_path,
                                                               monkeypatch) -> None:  # noqa: ANN001
    from zwdesk.app.qt import QInputDialog
    from zwdesk.operations import import_issue_file

    issue = import_issue_file(import_variant(tmp_path, number=11, serial=431,
                                             issue_date="2023-03-28",
                                             period={"start": "2023-03-20",
                                                     "end": "2023-03-24"}))
    win = main_window
    win.reload_issue_list(select_id=issue.id)
    asked = []
    monkeypatch.setattr(QInputDialog, "getInt",
                        lambda *args: asked.append(args[3]) or (2023, True))
    dialog = win.check_year()
    assert asked == [2023]  # the current issue's year offered
    lines = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert lines[0] == "⚠ 2023年第9期　本年第一期为第9期，缺第1—8期"
    assert "⚠ 2023年第11期　上期为2023年第9期，缺第10期" in lines
    dialog.list.itemClicked.emit(dialog.list.item(0))
    assert (win.editor.issue.year, win.editor.issue.number) == (2023, 9)


def test_a_year_check_line_opens_the_field_and_the_year_is_checked_again(main_window) -> None:  # noqa: ANN001
    from zwdesk.app.qt import QPushButton
    from zwdesk.core.nextissue import next_issue
    from zwdesk.store.issues import save_issue

    win = main_window
    tenth = next_issue(load_issue(find_issue(2023, 9)))
    right = tenth["sections"][0]["subsections"][0]["block"]["year_to_date"]["consult"]
    tenth["sections"][0]["subsections"][0]["block"]["year_to_date"]["consult"] = right + 100
    save_issue(tenth)
    win.reload_issue_list()
    dialog = win.check_year(2023)
    [line] = [dialog.list.item(i) for i in range(dialog.list.count())
              if "今年以来咨询" in dialog.list.item(i).text()]
    # The block's name is said once, in the place, not again in the message.
    assert line.text().count("省本级综窗办件情况") == 1
    assert line.text().startswith("⚠ 2023年第10期 / 一、综窗改革攻坚行动 / "
                                  f"（一）省本级综窗办件情况　今年以来咨询为{right + 100}")
    before = dialog.list.count()
    win.select_issue(2023, 9)
    dialog.list.itemClicked.emit(line)
    assert (win.editor.issue.year, win.editor.issue.number) == (2023, 10)
    assert win.child("outline").currentItem().text(0) == "（一）省本级综窗办件情况"
    field = QApplication.focusWidget()
    assert field.objectName() == "year_to_date_consult"
    assert field.text().replace(",", "") == str(right + 100)
    assert field.selectedText() == field.text()  # typing replaces the wrong figure
    # Put right elsewhere (another program), then 重新检查: the line is gone.
    tenth["sections"][0]["subsections"][0]["block"]["year_to_date"]["consult"] = right
    save_issue(tenth, replace=True)
    dialog.dialog.findChild(QPushButton, "recheckButton").click()
    assert not any("今年以来咨询" in dialog.list.item(i).text()
                   for i in range(dialog.list.count()))
    assert dialog.list.count() == before - 1
    assert dialog.summary.text() == f"发现 {before - 1} 个问题。点击问题可打开对应的位置。"


def test_year_check_and_stats_windows_keep_their_size(main_window) -> None:  # noqa: ANN001
    win = main_window
    for open_window in (lambda: win.check_year(2023).dialog, lambda: win.show_stats().dialog):
        dialog = open_window()
        dialog.setGeometry(40, 50, 640, 455)
        dialog.close()
        dialog = open_window()
        assert (dialog.width(), dialog.height()) == (640, 455)
        dialog.close()
