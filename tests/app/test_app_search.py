"""The app's 查找 panel, driven through its widgets: typing, the hits, opening one."""

from __future__ import annotations

import pytest
from support.backends import sqlite_only
from support.qtdrive import open_search, type_text

from zwdesk.app.nodes import DISTRIBUTION, SECTION
from zwdesk.app.qt import QApplication, QLineEdit, QListWidgetItem, QPlainTextEdit, Qt
from zwdesk.core.exchange import read_issue
from zwdesk.operations import sample_path
from zwdesk.store import search
from zwdesk.store.issues import find_issue, save_issue
from zwdesk.store.models import Distribution, InspectionCheck, Section, TextEntry

NEW_ITEM = "推行跨省通办专窗，营商环境再优化"


@pytest.fixture
def two_issues(main_window):  # noqa: ANN001, ANN201
    """The sample 2023年第9期 and a 第10期 whose first item says something new; 第10期 open."""
    data = read_issue(sample_path())
    data.update(number=10, serial=data["serial"] + 1)
    data["sections"][2]["subsections"][0]["block"]["items"][0] = NEW_ITEM
    save_issue(data)
    main_window.reload_issue_list()
    main_window.select_issue(2023, 10)
    return main_window


def _hits(panel) -> list:  # noqa: ANN001
    return [panel.results.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(panel.results.count())]


def _selected(widget) -> str:  # noqa: ANN001
    if isinstance(widget, QPlainTextEdit):
        return widget.textCursor().selectedText()
    return widget.selectedText()


def test_all_issues_searched_newest_first_and_a_hit_opened(qtbot, two_issues) -> None:  # noqa: ANN001
    win = two_issues
    panel = open_search(qtbot, win, "Ctrl+Shift+F", "营商")
    assert panel.scope.currentText() == "全部期刊"
    hits = _hits(panel)
    assert [(h.year, h.number, h.place) for h in hits] == [
        (h.year, h.number, h.place) for h in search.search("营商", limit=500)]
    assert {(h.year, h.number) for h in hits} == {(2023, 10), (2023, 9)}
    assert (hits[0].year, hits[0].number) == (2023, 10)  # newest first
    first = panel.results.item(0).text()
    assert 'font-weight:bold;">营商</span>' in first and "2023年第10期" in first
    assert "找到" in panel.summary.text()
    # The sample's own item (第9期, not open) about 营商环境: Enter on it.
    row = next(i for i, h in enumerate(hits)
               if (h.number, h.field) == (9, "items[0]") and h.anchor == "s2.2")
    panel.results.setCurrentRow(row)
    panel.results.setFocus()
    qtbot.keyClick(panel.results, Qt.Key.Key_Return)
    issue = win.editor.issue
    assert (issue.year, issue.number) == (2023, 9)
    assert win.child("outline").currentItem().data(0, Qt.ItemDataRole.UserRole + 1) == "s2.2"
    form = win.forms[SECTION]
    assert win.child("formStack").currentWidget() is form.widget
    field = QApplication.focusWidget()
    assert isinstance(field, QPlainTextEdit)
    section = Section.get((Section.issue == issue.id) & (Section.title == "厅（局）长进大厅"))
    stored = TextEntry.get((TextEntry.section == section.id) & (TextEntry.position == 0)).text
    assert field.toPlainText() == stored and "营商" in stored
    assert _selected(field) == "营商"
    assert field.textCursor().selectionStart() == stored.index("营商")


def test_ctrl_f_searches_the_open_issue(qtbot, two_issues) -> None:  # noqa: ANN001
    win = two_issues
    panel = open_search(qtbot, win, "Ctrl+F", "大厅")
    assert panel.scope.currentText() == "本期"
    hits = _hits(panel)
    assert hits and {(h.year, h.number) for h in hits} == {(2023, 10)}
    assert len(hits) == len(search.search("大厅", year=2023, number=10, limit=500))
    win.select_issue(2023, 9)  # another issue opened: 本期 follows it
    assert {(h.year, h.number) for h in _hits(panel)} == {(2023, 9)}
    type_text(panel.field, "跨省通办专窗")  # after 大厅: two words, both in 第10期 only
    qtbot.waitUntil(lambda: "没有找到" in panel.summary.text(), timeout=3000)
    assert panel.results.count() == 0
    assert panel.summary.text() == "没有找到“大厅跨省通办专窗”。"
    panel.field.setText("大厅 跨省通办专窗")
    panel.scope.setCurrentIndex(1)  # 全部期刊
    assert {(h.year, h.number) for h in _hits(panel)} == {(2023, 10)}


def test_hit_in_the_distribution_and_in_a_title(qtbot, two_issues) -> None:  # noqa: ANN001
    win = two_issues
    panel = open_search(qtbot, win, "Ctrl+Shift+F", "中心领导")
    hits = _hits(panel)
    assert [(h.number, h.field) for h in hits] == [(10, "report"), (9, "report")]
    qtbot.keyClick(panel.field, Qt.Key.Key_Return)  # Enter in the field opens the first hit
    assert win.child("formStack").currentWidget() is win.forms[DISTRIBUTION].widget
    field = QApplication.focusWidget()
    report = Distribution.get(Distribution.issue == find_issue(2023, 10).id).report
    assert isinstance(field, QLineEdit) and field.text() == report
    assert _selected(field) == "中心领导"
    panel.field.setText("巡查情况")
    panel.run()
    title_row = next(i for i, h in enumerate(_hits(panel)) if h.field == "title")
    panel.open_hit(panel.results.item(title_row))
    field = QApplication.focusWidget()
    assert field is win.forms[SECTION].fields.widget("title")
    assert field.text() == "大厅巡查情况" and _selected(field) == "巡查情况"


def test_hit_in_an_inspection_finding(qtbot, two_issues) -> None:  # noqa: ANN001
    win = two_issues
    finding = InspectionCheck.select().join(Section).where(
        Section.issue == find_issue(2023, 10).id).order_by(InspectionCheck.position.desc()).first()
    word = finding.finding[2:6]
    panel = open_search(qtbot, win, "Ctrl+Shift+F", word)
    row = next(i for i, h in enumerate(_hits(panel)) if h.number == 10 and "finding" in h.field)
    panel.open_hit(panel.results.item(row))
    field = QApplication.focusWidget()
    assert isinstance(field, QPlainTextEdit) and field.toPlainText() == finding.finding
    assert _selected(field) == word


def _open_old(panel, hit) -> None:  # noqa: ANN001
    """Activate a hit as listed before the issue changed."""
    item = QListWidgetItem("")
    item.setData(Qt.ItemDataRole.UserRole, hit)
    panel.open_hit(item)


def test_a_hit_after_its_section_moved_opens_where_its_text_is_now(qtbot, two_issues) -> None:  # noqa: ANN001
    win = two_issues
    panel = open_search(qtbot, win, "Ctrl+F", "巡查情况")
    old = next(h for h in _hits(panel) if h.field == "title")
    win.select_anchor(old.anchor)
    win.move_section(-1)  # 上移: the section's anchor is now another's
    moved = next(h for h in _hits(panel) if h.field == "title")  # the list follows
    assert (old.text, moved.text) == ("四、大厅巡查情况", "三、大厅巡查情况")
    assert moved.anchor != old.anchor
    win.select_anchor("s1")
    _open_old(panel, old)
    field = QApplication.focusWidget()
    assert field is win.forms[SECTION].fields.widget("title")
    assert field.text() == "大厅巡查情况" and _selected(field) == "巡查情况"
    current = win.child("outline").currentItem().data(0, Qt.ItemDataRole.UserRole + 1)
    assert current == moved.anchor


# "Another program" is this process, which the window does not hear: SQLite gives the replaced
# issue's sections their old ids again, a server new ones, which the open form then misses.
@sqlite_only
def test_a_hit_whose_words_are_gone_opens_nothing_and_says_so(qtbot, two_issues) -> None:  # noqa: ANN001
    win = two_issues
    panel = open_search(qtbot, win, "Ctrl+F", "巡查情况")
    old = next(h for h in _hits(panel) if h.field == "title")
    # Another program replaces the issue: the title now reads otherwise.
    data = read_issue(sample_path())
    data.update(number=10, serial=data["serial"] + 1)
    for section in data["sections"]:
        section["title"] = section["title"].replace("巡查情况", "巡查")
    save_issue(data, replace=True)
    win.select_anchor("s1")
    _open_old(panel, old)
    assert panel.summary.text() == ("2023年第10期的内容已改变，没有再找到“巡查情况”，"
                                    "请重新查找。")
    assert win.child("outline").currentItem().data(0, Qt.ItemDataRole.UserRole + 1) == "s1"


def _whole_rows(panel) -> int:  # noqa: ANN001
    """How many hits are shown whole in the list."""
    area = panel.results.viewport().rect()
    return sum(area.contains(panel.results.visualItemRect(panel.results.item(i)))
               for i in range(panel.results.count()))


def test_the_panel_shows_eight_hits_on_a_laptop_and_esc_leaves_it(qtbot, two_issues) -> None:  # noqa: ANN001
    win = two_issues
    win.window.showNormal()
    win.window.resize(1366, 738)  # a 1366×768 screen less the task bar
    QApplication.processEvents()
    checks = win.child("checksDock")
    checks_height = checks.height()
    win.select_anchor("s0.0")  # （一）省本级综窗办件情况
    win.focus_field("week.consult")
    in_form = QApplication.focusWidget()
    assert win.child("formScroll").isAncestorOf(in_form)
    panel = open_search(qtbot, win, "Ctrl+Shift+F", "大厅")
    QApplication.processEvents()
    assert panel.results.count() > 8 and _whole_rows(panel) >= 8
    assert panel.dock.height() <= 0.55 * win.window.height()
    # Esc: the panel closes, the cursor is back in the form, 检查 as high as before.
    qtbot.keyClick(panel.field, Qt.Key.Key_Escape)
    QApplication.processEvents()
    assert panel.dock.isHidden() and checks.isVisible()
    assert QApplication.focusWidget() is in_form
    assert abs(checks.height() - checks_height) <= 4
    # The user's own height is kept: Ctrl+F again opens the panel at it.
    open_search(qtbot, win, "Ctrl+F", "")
    win.window.resizeDocks([panel.dock], [300], Qt.Orientation.Vertical)
    QApplication.processEvents()
    chosen = panel.dock.height()
    qtbot.keyClick(panel.results, Qt.Key.Key_Escape)  # from the list too
    assert panel.dock.isHidden()
    open_search(qtbot, win, "Ctrl+F", "")
    QApplication.processEvents()
    assert abs(panel.dock.height() - chosen) <= 4


def test_a_hit_in_the_masthead_opens_the_masthead(qtbot, two_issues) -> None:  # noqa: ANN001
    from zwdesk.app.nodes import MASTHEAD

    win = two_issues
    win.select_anchor("s0.0")
    # Quoted: the quotes are not looked for.
    panel = open_search(qtbot, win, "Ctrl+F", "“总第430期”")
    [hit] = _hits(panel)
    assert (hit.place, hit.text) == ("报头", "2023年第10期（总第430期）")
    qtbot.keyClick(panel.field, Qt.Key.Key_Return)
    assert win.child("formStack").currentWidget() is win.forms[MASTHEAD].widget
    assert QApplication.focusWidget() is win.forms[MASTHEAD].fields.widget("number")
