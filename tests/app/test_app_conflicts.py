"""No lost update in the window: another desk changes a part under the user's typing; the
edit is refused, the typed text stays (未保存), a banner names who and when, and the user
chooses (issue 17 §2). On SQLite and on a server (the backend fixture)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from support.builders import cli_env
from support.qtdrive import block_of, type_into

from zwdesk.store.models import WindowStats

# Another desk: its own process and connection, its user, a checked write of 本周受理.
OTHER_DESK = """
import sys
from zwdesk.store import content, versions
from zwdesk.store.database import open_database
from zwdesk.store.models import Section, WindowStats
open_database(sys.argv[1])
from zwdesk.store.user import set_user
set_user(sys.argv[2])
section = Section.get_by_id(WindowStats.select().get().section_id)
part = versions.section_part(section.id)
known = versions.read_versions(section.issue_id)
with versions.checked(section.issue_id, {part: known.of(part)}):
    content.update_window_stats(section.id, week_accept=int(sys.argv[3]))
"""


def other_desk_writes(db_path, tmp_path, value: int) -> None:  # noqa: ANN001
    subprocess.run([sys.executable, "-c", OTHER_DESK, str(db_path), "王敏", str(value)],
                   env=cli_env(tmp_path), check=True, capture_output=True)


def stored_week_accept() -> int:
    return WindowStats.select().get().week_accept


@pytest.fixture
def clash(main_window, qtbot, db_path, tmp_path):  # noqa: ANN001, ANN201
    """The user typed 170; 王敏 stored 999 before this window looked; the user types 180."""
    win = main_window
    win.session.stop_watching()  # the clash comes before the next look
    stats = block_of(win, "s0.0", "window_stats")
    type_into(qtbot, stats.fields.widget("week_accept"), "170")
    assert stored_week_accept() == 170
    other_desk_writes(db_path, tmp_path, 999)
    type_into(qtbot, stats.fields.widget("week_accept"), "180")
    return win, stats


def test_a_clash_keeps_the_typed_text_and_names_who_changed_it(clash, qtbot) -> None:  # noqa: ANN001
    win, stats = clash
    assert stored_week_accept() == 999  # nothing of the refused edit was stored
    banner = win.child("conflictBanner")
    assert banner.isVisible()
    text = win.child("conflictText").text()
    assert "「（一）省本级综窗办件情况」已被 王敏 于" in text and "您的修改未保存" in text
    qtbot.wait(50)  # the window looks at once: the form has the other's version under it
    field = stats.fields.widget("week_accept")
    assert field.text() == "180"
    assert "已被 王敏" in win.child("week_accept_error").text()
    assert "未保存" in win.child("week_accept_error").text()
    assert win.conflicts.differences() == [("本周受理", "170", "999", "180")]
    type_into(qtbot, field, "181")  # typed on, after the other's version was read in
    assert win.conflicts.differences() == [("本周受理", "170", "999", "181")]  # 原来 stays
    type_into(qtbot, field, "185")  # typing on stores nothing until the user chooses
    assert stored_week_accept() == 999


def test_keep_mine_stores_the_typed_text_over_theirs(clash, qtbot) -> None:  # noqa: ANN001
    win, stats = clash
    qtbot.wait(50)
    win.child("conflictMine").click()
    assert stored_week_accept() == 180
    assert not win.child("conflictBanner").isVisible()
    assert stats.fields.widget("week_accept").text() == "180"
    assert win.child("week_accept_error").text() == ""
    type_into(qtbot, stats.fields.widget("week_accept"), "190")  # and editing goes on
    assert stored_week_accept() == 190


def test_take_theirs_shows_what_is_stored(clash, qtbot) -> None:  # noqa: ANN001
    win, stats = clash
    qtbot.wait(50)
    win.child("conflictTheirs").click()
    assert stored_week_accept() == 999
    assert not win.child("conflictBanner").isVisible()
    assert stats.fields.widget("week_accept").text() == "999"
    assert not win.editor.refusals()
    assert "999" in win.preview.plain_text()


def test_another_part_is_not_held(clash, qtbot) -> None:  # noqa: ANN001
    """Only the part that clashed waits for the choice: another section's title is stored."""
    from support.qtdrive import open_node

    win, _ = clash
    form = open_node(win, "s0")
    type_into(qtbot, form.fields.widget("title"), "综窗改革")
    from zwdesk.store.models import Section

    assert Section.select().where(Section.title == "综窗改革").exists()


def test_undo_never_reverts_another_desks_edit(main_window, qtbot, db_path, tmp_path) -> None:  # noqa: ANN001
    win = main_window
    win.session.stop_watching()
    stats = block_of(win, "s0.0", "window_stats")
    type_into(qtbot, stats.fields.widget("week_accept"), "170")
    other_desk_writes(db_path, tmp_path, 999)
    win.undo_action.trigger()
    assert stored_week_accept() == 999


def test_another_desks_edit_shows_within_a_second(main_window, qtbot, db_path, tmp_path) -> None:  # noqa: ANN001
    """The window's own watch (LISTEN/NOTIFY on a server, the change counter in a file) reads
    another desk's edit into the open form and the preview within a second."""
    import time

    win = main_window
    stats = block_of(win, "s0.0", "window_stats")
    qtbot.wait(600)  # the watch has looked once since the window opened
    other_desk_writes(db_path, tmp_path, 4321)
    written = time.monotonic()
    qtbot.waitUntil(lambda: stats.fields.widget("week_accept").text() == "4321", timeout=1500)
    assert time.monotonic() - written < 1.0
    said = win.window.statusBar().currentMessage()
    assert "王敏（在另一窗口或命令行中）修改了2023年第9期" in said
    assert "4321" in win.preview.plain_text() or "4,321" in win.preview.plain_text()
    type_into(qtbot, stats.fields.widget("week_accept"), "4322")  # no clash: it was seen
    assert stored_week_accept() == 4322
    assert not win.child("conflictBanner").isVisible()
