"""The main window on a 1366×768 laptop screen (and at half its width), as a new user met it:
what each pane has room for, and what stays in view."""

from __future__ import annotations

from support.qtdrive import block_of, open_search, type_into

from zwdesk.app.qt import QApplication


def _laptop(win) -> None:  # noqa: ANN001
    win.window.showNormal()
    win.window.resize(1366, 738)  # a 1366×768 screen less the task bar
    QApplication.processEvents()


def _in_view(scroll, widget) -> bool:  # noqa: ANN001
    """Whether ``widget`` is wholly inside the scroll area's visible part."""
    top_left = widget.mapTo(scroll.viewport(), widget.rect().topLeft())
    bottom_right = widget.mapTo(scroll.viewport(), widget.rect().bottomRight())
    area = scroll.viewport().rect()
    return area.contains(top_left) and area.contains(bottom_right)


def test_another_part_opens_at_its_top(main_window) -> None:  # noqa: ANN001
    win = main_window
    _laptop(win)
    scroll = win.child("formScroll")
    win.select_anchor("distribution")
    scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())
    assert scroll.verticalScrollBar().value() > 0  # the form was scrolled down
    win.select_anchor("s0.0")
    QApplication.processEvents()
    assert scroll.verticalScrollBar().value() == 0
    assert _in_view(scroll, win.child("formHeading"))


def test_a_field_asked_for_is_scrolled_into_view(main_window) -> None:  # noqa: ANN001
    win = main_window
    win.window.showNormal()
    win.window.resize(1024, 560)  # a short window: the form is taller than its pane
    QApplication.processEvents()
    scroll = win.child("formScroll")
    win.select_anchor("distribution")
    table = win.forms["distribution"].table  # the distribution list, low in the form
    assert scroll.verticalScrollBar().value() == 0 and not _in_view(scroll, table)
    win.focus_field("recipients[0].name")  # as a 检查 line about a recipient does
    QApplication.processEvents()
    assert win.window.focusWidget() is table and _in_view(scroll, table)


def test_a_number_fields_message_moves_no_field(main_window, qtbot) -> None:  # noqa: ANN001
    win = main_window
    _laptop(win)
    stats = block_of(win, "s0.0", "window_stats")
    names = ("week_consult", "week_accept", "week_issue", "week_transfer",
             "year_to_date_consult", "year_to_date_accept")

    def places() -> list[tuple[int, int]]:
        QApplication.processEvents()
        return [(stats.fields.widget(n).x(), stats.fields.widget(n).width()) for n in names]

    before = places()
    for typed in ("1", "1,", "1,2O", "1,2O3"):  # a letter O for a zero, typed key by key
        type_into(qtbot, stats.fields.widget("week_consult"), typed)
        assert places() == before, typed
    assert "未保存" in stats.fields.widget("week_consult_error").text()
    message = stats.fields.widget("week_consult_error")
    assert message.isVisible() and message.width() <= stats.fields.widget("week_accept").x()


def test_a_masthead_message_moves_the_rows_below_at_most_a_line(main_window, qtbot) -> None:  # noqa: ANN001
    """43O in 总第M期 said its message in a column a few characters wide, three lines tall:
    the rows below moved down and the next click missed. The message has the rest of the
    row now."""
    from support.qtdrive import open_node

    win = main_window
    _laptop(win)
    form = open_node(win, "masthead")
    below = form.fields.widget("issue_date")
    QApplication.processEvents()
    before = below.y()
    type_into(qtbot, form.fields.widget("serial"), "43O")
    QApplication.processEvents()
    message = form.fields.widget("serial_error")
    assert message.isVisible() and "未保存" in message.text()
    line = message.fontMetrics().height()
    assert below.y() - before <= line + 2, (before, below.y(), line)


def test_at_half_the_screen_the_item_buttons_are_whole(main_window) -> None:  # noqa: ANN001
    win = main_window
    _laptop(win)
    win._fit_panes()  # as on the first start at 1366×768
    win.window.resize(683, 738)  # then put on one half of the screen
    QApplication.processEvents()
    items = win.forms["section"].blocks["items"]
    win.select_anchor("s0.2")  # （三）推进情况: numbered items
    QApplication.processEvents()
    area = win.child("formScroll").viewport()
    for name in ("addButton", "deleteButton", "upButton", "downButton", "entries", "entry_text"):
        widget = items.fields.widget(name)
        right = widget.mapTo(area, widget.rect().topRight()).x()
        assert 0 < right < area.width(), (name, right, area.width())  # not cut at the right


def test_at_half_the_screen_a_long_heading_and_the_save_note_wrap(main_window, qtbot) -> None:  # noqa: ANN001
    """（一）优化营商环境工作开展情况 as the form's heading, and the note of an entry not saved,
    were one line each: wider than the pane at half of the screen, they pushed the item
    buttons out of view behind a sideways scroll bar."""
    win = main_window
    _laptop(win)
    win._fit_panes()
    win.window.resize(683, 738)
    QApplication.processEvents()
    stats = block_of(win, "s0.0", "window_stats")
    type_into(qtbot, stats.fields.widget("week_consult"), "12a")  # refused, not saved
    stats.fields.widget("week_accept").setFocus()
    win.select_anchor("s2.0")  # （一）优化营商环境工作开展情况: numbered items
    QApplication.processEvents()
    assert "没有保存" in win.child("saveState").text()
    scroll = win.child("formScroll")
    items = win.forms["section"].blocks["items"]
    for name in ("addButton", "deleteButton", "upButton", "downButton", "entry_text"):
        widget = items.fields.widget(name)
        right = widget.mapTo(scroll.viewport(), widget.rect().topRight()).x()
        assert 0 < right < scroll.viewport().width(), (name, right)


def _whole_rows_of_the_outline(win) -> int:  # noqa: ANN001
    tree = win.child("outline")
    area = tree.viewport().rect()
    items, item = [], tree.topLevelItem(0)
    while item is not None:
        items.append(item)
        item = tree.itemBelow(item)
    return sum(area.contains(tree.visualItemRect(i)) for i in items)


def _issue_rows_room(win) -> float:  # noqa: ANN001
    table = win.child("issueTable")
    return table.viewport().height() / table.verticalHeader().defaultSectionSize()


def test_the_first_start_gives_the_outline_and_checks_their_room(main_window) -> None:  # noqa: ANN001
    """The one sample issue: its 各期简报 row does not take the room of 14 outline rows, and
    检查 shows six lines."""
    win = main_window
    _laptop(win)
    win._fit_panes()
    QApplication.processEvents()
    tree = win.child("outline")
    assert tree.topLevelItemCount() == 6  # 报头, 一 to 四, 版记 (and seven subsections)
    assert _whole_rows_of_the_outline(win) >= 10
    assert 2.5 <= _issue_rows_room(win) <= 4  # one issue: room for three rows, not eight
    checks = win.child("checksList")
    row = checks.sizeHintForRow(0)
    assert checks.viewport().height() >= 5.5 * row


def test_opening_search_leaves_the_issue_list_its_rows(main_window, qtbot) -> None:  # noqa: ANN001
    win = main_window
    _laptop(win)
    win._fit_panes()
    QApplication.processEvents()
    before = _issue_rows_room(win)
    open_search(qtbot, win, "Ctrl+Shift+F", "大厅")
    QApplication.processEvents()
    assert win.search.dock.isVisible()
    assert _issue_rows_room(win) >= min(before, 3) - 0.05  # 本期目录 gave the room, not the list
    assert _whole_rows_of_the_outline(win) >= 3


def test_at_half_the_screen_a_wide_form_scrolls_sideways(main_window) -> None:  # noqa: ANN001
    """The 综窗 figures' four columns and the department list's row cannot wrap: in a narrow
    pane they scroll sideways, nothing is cut off out of reach."""
    win = main_window
    _laptop(win)
    win._fit_panes()
    win.window.resize(683, 738)
    QApplication.processEvents()
    scroll = win.child("formScroll")
    for anchor, kind, name in (("s0.0", "window_stats", "week_transfer"),
                               ("s0.1", "department_list", "registryButton")):
        win.select_anchor(anchor)
        QApplication.processEvents()
        widget = win.forms["section"].blocks[kind].fields.widget(name)
        right = widget.mapTo(scroll.viewport(), widget.rect().topRight()).x()
        bar = scroll.horizontalScrollBar()
        if right >= scroll.viewport().width():  # beyond the pane: a scroll bar leads there
            assert bar.isVisible() and right < scroll.viewport().width() + bar.maximum(), anchor
