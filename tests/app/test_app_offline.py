"""The server away while typing (issue 17 §5): the typed text stays (未保存), a banner says
与服务器的连接已断开，正在重试…, nothing waits on the network, and once the server answers
again what was typed is stored (after the version check). Closing meanwhile asks first."""

from __future__ import annotations

import psycopg
import pytest
from support.qtdrive import block_of, type_into

from zwdesk.app import conflicts

pytestmark = pytest.mark.parametrize("backend", ["postgres"])  # a file does not go away


def admin(location):  # noqa: ANN001, ANN201
    """A connection to the server's maintenance database, as its administrator."""
    params = {**location.connect_params(), "dbname": "postgres"}
    return psycopg.connect(**params, autocommit=True)


def stored_week_accept(location) -> int:  # noqa: ANN001
    with psycopg.connect(**location.connect_params()) as connection:
        return connection.execute("SELECT week_accept FROM windowstats").fetchone()[0]


def take_the_server_away(location) -> None:  # noqa: ANN001
    """No new connection to the archive, and the window's cut (a restart, the network)."""
    with admin(location) as connection:
        connection.execute(f'ALTER DATABASE "{location.dbname}" ALLOW_CONNECTIONS false')
        connection.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                           "WHERE datname = %s AND pid <> pg_backend_pid()", (location.dbname,))


def bring_the_server_back(location) -> None:  # noqa: ANN001
    with admin(location) as connection:
        connection.execute(f'ALTER DATABASE "{location.dbname}" ALLOW_CONNECTIONS true')


@pytest.fixture
def away(main_window, qtbot, db_path, monkeypatch):  # noqa: ANN001, ANN201
    """170 stored; the server goes away; the user types 180, then 185."""
    monkeypatch.setattr(conflicts, "RETRY_SECONDS", (0.3,))
    win = main_window
    stats = block_of(win, "s0.0", "window_stats")
    type_into(qtbot, stats.fields.widget("week_accept"), "170")
    take_the_server_away(db_path)
    try:
        type_into(qtbot, stats.fields.widget("week_accept"), "180")
        yield win, stats
    finally:
        bring_the_server_back(db_path)


def test_typing_while_the_server_is_away_is_stored_when_it_is_back(away, qtbot, db_path) -> None:  # noqa: ANN001
    win, stats = away
    banner = win.child("connectionBanner")
    assert banner.isVisible() and banner.text().startswith("与服务器的连接已断开，正在重试…")
    assert stats.fields.widget("week_accept").text() == "180"
    assert "与服务器的连接已断开" in win.child("week_accept_error").text()
    type_into(qtbot, stats.fields.widget("week_accept"), "185")  # held at once, no waiting
    assert win.editor.held_count() == 1  # the latest of the field
    qtbot.wait(800)  # tries meanwhile fail: still away
    assert banner.isVisible()
    bring_the_server_back(db_path)
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=5000)
    assert stored_week_accept(db_path) == 185
    from zwdesk.store.models import database  # the window's connection, made anew

    with admin(db_path) as connection:  # 正在编辑 held again on it, for the others to see
        held = connection.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 2 "
            "AND pid = %s", (database.obj.connection().info.backend_pid,)).fetchone()[0]
    assert held == 1
    assert win.child("week_accept_error").text() == ""
    assert not win.editor.refusals()
    type_into(qtbot, stats.fields.widget("week_accept"), "190")  # and on it goes
    assert stored_week_accept(db_path) == 190


def test_closing_while_away_asks_first(away, dialogs) -> None:  # noqa: ANN001
    win, _ = away
    dialogs.answer = False
    win.window.close()
    assert win.window.isVisible()  # stays, the typed text in it
    assert dialogs.shown[-1][1] == "连接已断开" and "1 处修改" in dialogs.shown[-1][2]
    dialogs.answer = True  # closed after all: the typed text is given up, as asked
    win.window.close()
    assert not win.window.isVisible()
