"""正在编辑: another desk that has typed in the part shown is named above the form while its
window is open, and no longer once it is gone (issue 17 §2; a server's advisory locks)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from support.builders import cli_env
from support.qtdrive import block_of, type_into

# Another desk: opens the archive as 王敏, types in (marks) the window counts' part, and keeps
# its window open until the test kills it.
OTHER_DESK = """
import sys, time
from zwdesk.store import presence, versions
from zwdesk.store.database import open_database
from zwdesk.store.models import Section, WindowStats
open_database(sys.argv[1])
from zwdesk.store.user import set_user
set_user("王敏")
section = Section.get_by_id(WindowStats.select().get().section_id)
presence.mark_editing(section.issue_id, versions.section_part(section.id))
print("marked", flush=True)
time.sleep(120)
"""


@pytest.mark.parametrize("backend", ["postgres"])  # a file has one writing window
def test_another_desk_editing_the_part_is_named(main_window, qtbot, db_path, tmp_path) -> None:  # noqa: ANN001
    win = main_window
    stats = block_of(win, "s0.0", "window_stats")
    type_into(qtbot, stats.fields.widget("week_accept"), "170")  # this window marks it too
    label = win.child("editingNow")
    assert win.editing_now.update() == []  # never itself
    desk = subprocess.Popen([sys.executable, "-c", OTHER_DESK, str(db_path)],
                            env=cli_env(tmp_path), stdout=subprocess.PIPE, text=True)
    try:
        assert desk.stdout.readline().strip() == "marked"
        qtbot.waitUntil(label.isVisible, timeout=3000)
        assert label.text().startswith("王敏 正在编辑这一部分")
        block_of(win, "s2.1", "items")  # another part: nobody there
        assert win.editing_now.update() == [] and not label.isVisible()
        block_of(win, "s0.0", "window_stats")
        assert win.editing_now.update() == ["王敏"]
    finally:
        desk.kill()  # the window crashed: the server lets its lock go
        desk.wait()
    qtbot.waitUntil(lambda: not label.isVisible(), timeout=5000)


def test_on_a_file_nobody_else_is_editing(main_window, qtbot) -> None:  # noqa: ANN001
    stats = block_of(main_window, "s0.0", "window_stats")
    type_into(qtbot, stats.fields.widget("week_accept"), "170")
    assert main_window.editing_now.update() == []
    assert not main_window.child("editingNow").isVisible()
