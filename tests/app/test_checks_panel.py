"""The 检查 panel as a new user meets it: straight quotes in Chinese text listed with the
full-width pair offered, and a click on a line selecting the words it is about."""

from __future__ import annotations

from support.qtdrive import block_of, type_into

from zwdesk.app.qt import Qt
from zwdesk.store.models import TextEntry


def _lines(win) -> list[str]:  # noqa: ANN001
    view = win.child("checksList")
    return [view.item(i).text() for i in range(view.count())]


def _click_line(win, qtbot, containing: str) -> None:  # noqa: ANN001
    view = win.child("checksList")
    row = next(i for i, text in enumerate(_lines(win)) if containing in text)
    rect = view.visualItemRect(view.item(row))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _selected(field) -> str:  # noqa: ANN001
    return field.textCursor().selectedText()


def test_a_click_on_a_doubled_word_selects_it_in_its_item(main_window, qtbot) -> None:  # noqa: ANN001
    win = main_window
    win.refresh_views()
    _click_line(win, qtbot, "政务政务")
    items = win.forms["section"].blocks["items"]
    text = items.fields.widget("entry_text")
    assert win.child("outline").currentItem().text(0) == "（二）窗口服务效能提升工作情况"
    assert items.rows.view.currentRow() == 3  # 第4条
    assert text.hasFocus() and _selected(text) == "政务政务"


def _typed_in_the_first_item(win, qtbot, typed: str):  # noqa: ANN001, ANN202
    """The first item of （二）窗口服务效能提升工作情况 typed over, and the views refreshed:
    its editor."""
    items = block_of(win, "s2.1", "items")
    items.rows.select(0)
    type_into(qtbot, items.fields.widget("entry_text"), typed)
    win.refresh_views()
    return items


def test_straight_quotes_are_listed_with_the_full_width_pair(main_window, qtbot) -> None:  # noqa: ANN001
    win = main_window
    items = _typed_in_the_first_item(win, qtbot, '推行"一件事一次办"改革，做到\'应办尽办\'。')
    text = items.fields.widget("entry_text")
    lines = _lines(win)
    assert any('半角引号"一件事一次办"应为全角“一件事一次办”' in line for line in lines), lines
    assert any("半角引号'应办尽办'应为全角‘应办尽办’" in line for line in lines), lines
    assert TextEntry.get_by_id(items.rows.current().id).text.startswith('推行"一件事')
    win.select_anchor("masthead")  # elsewhere; the click brings the item back
    _click_line(win, qtbot, "一件事一次办")
    assert text.hasFocus() and _selected(text) == '"一件事一次办"'


def _item(win, containing: str):  # noqa: ANN001, ANN202
    view = win.child("checksList")
    return view.item(next(i for i, text in enumerate(_lines(win)) if containing in text))


def test_half_width_punctuation_is_put_right_with_one_click(main_window, qtbot) -> None:  # noqa: ANN001
    """右键 → 改为“一件事一次办”: stored as if typed, undoable; the line is gone."""
    win = main_window
    items = _typed_in_the_first_item(win, qtbot, '推行"一件事一次办"改革(试点)，做到\'应办尽办\'。')
    line = _item(win, '半角引号"一件事一次办"')
    assert "右键点击可改为“一件事一次办”" in line.toolTip()
    win.select_anchor("masthead")
    assert win.fix_punctuation(line)
    entry = items.rows.current().id
    assert TextEntry.get_by_id(entry).text == '推行“一件事一次办”改革(试点)，做到\'应办尽办\'。'
    win.refresh_views()
    assert win.fix_punctuation(_item(win, "半角引号'应办尽办'"))
    win.refresh_views()
    assert win.fix_punctuation(_item(win, "半角括号"))
    assert TextEntry.get_by_id(entry).text == "推行“一件事一次办”改革（试点），做到‘应办尽办’。"
    win.refresh_views()
    assert not any("半角" in line for line in _lines(win))
    win.undo_action.trigger()
    assert TextEntry.get_by_id(entry).text == "推行“一件事一次办”改革(试点)，做到‘应办尽办’。"


def test_a_title_is_put_right_too(main_window, qtbot) -> None:  # noqa: ANN001
    from support.qtdrive import open_node

    from zwdesk.store.models import Section

    win = main_window
    title = open_node(win, "s0").fields.widget("title")
    type_into(qtbot, title, '综窗"攻坚"行动')
    win.refresh_views()
    assert win.fix_punctuation(_item(win, '半角引号"攻坚"'))
    assert Section.select().where(Section.title == "综窗“攻坚”行动").exists()
    assert title.text() == "综窗“攻坚”行动"
