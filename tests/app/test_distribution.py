"""The distribution list: recipients, 共印N份 following them, the 版记 lines generated from
them, the 分发登记表 register, and the schema step that added the flag."""

from __future__ import annotations

import copy
import json
import shutil
import sqlite3
import zipfile

import pytest
from docx import Document
from PySide6.QtGui import QInputMethodEvent
from support.backends import sqlite_only
from support.paths import SAMPLE_JSON

from zwdesk.app import filedialogs
from zwdesk.app.qt import QApplication, QLineEdit, Qt
from zwdesk.core.register import register_docx_bytes, register_rows
from zwdesk.core.wording import lines_from_recipients
from zwdesk.store import migrations
from zwdesk.store.database import open_database
from zwdesk.store.issues import load_issue, print_copies, save_issue
from zwdesk.store.models import Distribution, Issue, Recipient, database

RECIPIENTS = [
    {"group": "报", "name": "中心领导", "copies": 4},
    {"group": "送", "name": "省发展改革委", "copies": 2},
    {"group": "发", "name": "公安厅窗口", "copies": 3},
    {"group": "送", "name": "教育厅", "copies": 2},
]


@pytest.fixture
def with_register(sample_issue: dict) -> dict:
    issue = copy.deepcopy(sample_issue)
    issue["distribution"]["recipients"] = copy.deepcopy(RECIPIENTS)
    return issue


def register_text(issue: dict) -> list[list[str]]:
    import io

    document = Document(io.BytesIO(register_docx_bytes(issue)))
    return [[cell.text for cell in row.cells] for row in document.tables[0].rows]


# --- core ---


def test_lines_are_the_names_of_each_group() -> None:
    assert lines_from_recipients(RECIPIENTS) == {
        "report": "中心领导", "send": "省发展改革委、教育厅", "issue": "公安厅窗口"}


def test_register_lists_every_recipient_grouped_with_the_total(with_register: dict) -> None:
    rows = register_text(with_register)
    assert rows[0] == ["序号", "类别", "接收单位", "份数", "签收"]
    assert rows[1:-1] == [["1", "报", "中心领导", "4", ""], ["2", "送", "省发展改革委", "2", ""],
                          ["3", "送", "教育厅", "2", ""], ["4", "发", "公安厅窗口", "3", ""]]
    assert rows[-1] == ["合计", "", "", "11", ""]


def test_register_without_a_list_uses_the_banji_lines(sample_issue: dict) -> None:
    rows = register_text(sample_issue)
    assert [r[1:3] for r in rows[1:-1]] == [
        ["报", "中心领导"], ["送", "各相关省级部门（单位），中心各处（室）、直属单位"],
        ["发", "各部门窗口"]]
    assert rows[-1][3] == "94"
    assert [row.copies for row in register_rows(sample_issue)] == [None, None, None]


def test_register_is_in_the_template_family_without_page_numbers(with_register: dict) -> None:
    import io

    data = register_docx_bytes(with_register)
    document = Document(io.BytesIO(data))
    styles = [p.style.name for p in document.paragraphs]
    assert styles[:2] == ["登记表标题", "登记表说明"]
    assert document.paragraphs[0].text == "政务服务工作2023年第9期分发登记表"
    assert "共印94份" in document.paragraphs[1].text
    assert document.tables[0].style.name == "登记表表格"
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "footerReference" not in xml


@pytest.mark.render
def test_register_renders_on_one_page(with_register: dict, tmp_path) -> None:  # noqa: ANN001
    pdfplumber = pytest.importorskip("pdfplumber")
    from zwdesk.core.office import convert_to_pdf, find_soffice
    from zwdesk.core.register import render_register

    if find_soffice() is None:
        pytest.skip("LibreOffice is not installed")
    many = copy.deepcopy(with_register)
    many["distribution"]["recipients"] = [
        {"group": "发", "name": f"第{n}窗口", "copies": 1} for n in range(1, 21)]
    render_register(many, tmp_path / "register.docx")
    convert_to_pdf(tmp_path / "register.docx", tmp_path / "register.pdf")
    with pdfplumber.open(tmp_path / "register.pdf") as pdf:
        assert len(pdf.pages) == 1
        text = pdf.pages[0].extract_text()
    assert "第20窗口" in text and "分发登记表" in text


# --- store ---


def test_copies_follow_the_register_when_they_equal_its_sum(db_path, with_register) -> None:  # noqa: ANN001
    open_database(db_path)
    with_register["distribution"]["copies"] = 11
    issue = save_issue(with_register)
    assert Distribution.get(Distribution.issue == issue).copies_auto is True
    assert print_copies(issue) == 11
    with_register["distribution"]["copies"] = 94  # spare copies: set by hand
    issue = save_issue(with_register, replace=True)
    assert Distribution.get(Distribution.issue == issue).copies_auto is False
    assert print_copies(issue) == 94
    assert load_issue(issue)["distribution"]["recipients"] == RECIPIENTS


@sqlite_only  # builds a schema-2 SQLite file
def test_schema_step_adds_the_flag_and_keeps_the_data(db_path) -> None:  # noqa: ANN001
    """A version-2 database (before copies_auto) is upgraded in place, after a backup."""
    from zwdesk.operations import import_issue_file

    open_database(db_path)
    import_issue_file(SAMPLE_JSON)
    database.close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("alter table distribution drop column copies_auto")
        conn.execute("update setting set value='2' where key='schema_version'")
    open_database(db_path)
    columns = {c.name for c in database.get_columns("distribution")}
    assert "copies_auto" in columns
    assert migrations.stored_version(database) == migrations.current_version()
    assert Distribution.get().copies == 94 and Distribution.get().copies_auto is False
    assert json.loads(json.dumps(load_issue(Issue.get()), default=str))["serial"] == 429
    backups = list(db_path.parent.glob("zwdesk.sqlite3.v2-*.bak"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as conn:
        assert conn.execute("select value from setting").fetchone() == ("2",)
    migrations.MIGRATIONS[2](database)  # idempotent: running the step again changes nothing
    assert Distribution.get().copies == 94


# --- the form ---


def type_cell(table, row: int, column: int, text: str) -> None:  # noqa: ANN001
    """Edit a table cell as a user does: open its editor, type, press Enter."""
    table.setFocus()
    table.setCurrentCell(row, column)
    table.editItem(table.item(row, column))
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.parent() is table.viewport()
    editor.selectAll()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(editor, event)
    from PySide6.QtTest import QTest

    QTest.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()  # the editor closes; a refused value is put back


def test_distribution_form_edits_the_list(main_window, qtbot) -> None:  # noqa: ANN001
    from support.qtdrive import open_node, preview_text

    form = open_node(main_window, "distribution")
    table = form.fields.widget("recipients")
    for name, copies in (("中心领导", "4"), ("各市（州）政务服务中心", "21")):
        qtbot.mouseClick(form.fields.widget("addRecipientButton"), Qt.MouseButton.LeftButton)
        row = table.rowCount() - 1
        type_cell(table, row, 1, name)
        type_cell(table, row, 2, copies)
    table.cellWidget(0, 0).setCurrentText("报")
    assert [(r.group, r.name, r.copies) for r in Recipient.select().order_by(Recipient.position)
            ] == [("报", "中心领导", 4), ("发", "各市（州）政务服务中心", 21)]

    type_cell(table, 1, 2, "两份")  # not a number: refused, explained, stored value kept
    assert "份数" in form.fields.widget("recipients_error").text()
    assert Recipient.get(Recipient.name == "各市（州）政务服务中心").copies == 21
    assert table.item(1, 2).text() == "21"

    assert print_copies(Issue.get()) == 94
    form.fields.widget("copies_auto").setChecked(True)
    assert print_copies(Issue.get()) == 25
    assert form.fields.widget("copies").text() == "25"
    assert form.fields.widget("copies").isReadOnly()
    type_cell(table, 0, 2, "6")
    assert print_copies(Issue.get()) == 27

    qtbot.mouseClick(form.fields.widget("generateLinesButton"), Qt.MouseButton.LeftButton)
    dist = Distribution.get()
    assert (dist.report, dist.send, dist.issue_line) == ("中心领导", "", "各市（州）政务服务中心")
    text = preview_text(main_window)
    assert "报：中心领导。" in text and "发：各市（州）政务服务中心。" in text
    assert "送：" not in text and "（共印27份）" in text

    main_window.undo_action.trigger()  # the generated lines
    assert Distribution.get().send == "各相关省级部门（单位），中心各处（室）、直属单位"
    dumped = load_issue(Issue.get())["distribution"]
    assert dumped["copies"] == 27 and len(dumped["recipients"]) == 2


def test_next_issue_carries_the_list_over(main_window, qtbot, tmp_path) -> None:  # noqa: ANN001
    data = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    data.update(number=8, serial=428)
    data["distribution"]["recipients"] = RECIPIENTS
    data["distribution"]["copies"] = 11
    path = tmp_path / "with-register.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    shutil.copy(path, tmp_path / "copy.json")
    from zwdesk.operations import import_issue_file

    Issue.get().delete_instance()
    import_issue_file(path)
    main_window.reload_issue_list()
    qtbot.mouseClick(main_window.child("newIssueButton"), Qt.MouseButton.LeftButton)
    issue = main_window.editor.issue
    assert issue.number == 9
    assert load_issue(issue)["distribution"]["recipients"] == RECIPIENTS
    assert Distribution.get(Distribution.issue == issue.id).copies_auto is True


def test_register_from_the_command_line(tmp_path) -> None:  # noqa: ANN001
    from zwdesk import cli

    db = tmp_path / "cli.sqlite3"
    assert cli.main(["--db", str(db), "sample"]) == 0
    out = tmp_path / "register.docx"
    assert cli.main(["--db", str(db), "register", "2023-9", "-o", str(out)]) == 0
    rows = [[c.text for c in row.cells] for row in Document(str(out)).tables[0].rows]
    assert rows[1][1:3] == ["报", "中心领导"] and rows[-1][3] == "94"
    assert cli.main(["--db", str(db), "register", "2023-9", "-o", str(tmp_path / "r.txt")]) == 1


def test_export_the_register_through_the_ui(main_window, qtbot, monkeypatch, tmp_path,  # noqa: ANN001
                                            dialogs) -> None:  # noqa: ANN001

    proposed = []
    target = tmp_path / "登记表.docx"

    def save_dialog(parent, title, path, filters):  # noqa: ANN001, ANN202
        proposed.append((title, path))
        return str(target), filters

    monkeypatch.setattr(filedialogs, "get_save_file_name", save_dialog)
    dialogs.answers = [False]  # don't open it afterwards
    main_window.child("actionExportRegister").trigger()
    qtbot.waitUntil(lambda: not main_window.outputs.running, timeout=20000)
    title, path = proposed[0]
    assert title == "导出分发登记表" and path.endswith("政务服务工作2023年第9期分发登记表.docx")
    assert Document(str(target)).paragraphs[0].text == "政务服务工作2023年第9期分发登记表"
