"""The store on a PostgreSQL server: schema and version at connect, other users' changes by
LISTEN/NOTIFY, the server's errors in the store's words, a connection the server drops."""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import replace

import psycopg
import pytest
from support.builders import SAMPLE_JSON, cli_env, db_execute, db_snapshot

from zwdesk.core.exchange import read_issue
from zwdesk.store import migrations
from zwdesk.store import server as server_module
from zwdesk.store.database import (
    DatabaseOpenError,
    DatabaseWriteError,
    change_socket,
    database_errors,
    external_changes,
    open_database,
)
from zwdesk.store.issues import find_issue, list_issues, save_issue
from zwdesk.store.location import ServerLocation
from zwdesk.store.models import Issue, Section, database


def _admin(location: ServerLocation) -> psycopg.Connection:
    return psycopg.connect(**location.connect_params(), autocommit=True)


@pytest.fixture
def on_server(server):  # noqa: ANN001, ANN201 - the server's location; its open Database
    db = open_database(server)
    yield db
    db.close()


# --- opening ---


def test_a_new_database_gets_the_schema_the_index_and_the_triggers(server_databases) -> None:  # noqa: ANN001
    location = server_databases.fresh(empty=True)
    try:
        db = open_database(location)
        assert migrations.stored_version(db) == migrations.current_version()
        with _admin(location) as admin:
            assert admin.execute("SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'"
                                 ).fetchone()
            triggers = {row[0] for row in admin.execute(
                "SELECT event_object_table FROM information_schema.triggers "
                "WHERE trigger_name = 'zwdesk_notify'")}
        assert {"issue", "section", "textentry", "submitteditem", "setting"} <= triggers
        db.close()
    finally:
        server_databases.drop(location)


def test_two_desks_starting_at_once_make_one_schema(server_databases, tmp_path) -> None:  # noqa: ANN001
    location = server_databases.fresh(empty=True)
    try:
        command = [sys.executable, "-m", "zwdesk", "--db", str(location), "list"]
        runs = [subprocess.Popen(command, env=cli_env(tmp_path), stderr=subprocess.PIPE,
                                 text=True) for _ in range(3)]
        assert [(run.wait(timeout=120), run.stderr.read()) for run in runs] == [(0, "")] * 3
        assert db_snapshot(location)["setting"] == [
            (migrations.SCHEMA_VERSION_KEY, str(migrations.current_version()))]
    finally:
        server_databases.drop(location)


def test_a_schema_newer_than_the_program_is_refused(server) -> None:  # noqa: ANN001
    db_execute(server, f"UPDATE setting SET value = '{migrations.current_version() + 1}' "
                       "WHERE key = 'schema_version'")
    before = db_snapshot(server)
    with pytest.raises(migrations.NewerDatabaseError) as info:
        open_database(server)
    message = str(info.value)
    assert "更新版本的 zwdesk" in message and str(server) in message and "请升级 zwdesk" in message
    assert db_snapshot(server) == before


def test_a_database_of_another_program_is_refused(server_databases) -> None:  # noqa: ANN001
    location = server_databases.fresh(empty=True)
    try:
        db_execute(location, "CREATE TABLE orders (id serial primary key)")
        with pytest.raises(DatabaseOpenError) as info:
            open_database(location)
        assert "不是 zwdesk 数据库" in str(info.value)
    finally:
        server_databases.drop(location)


def test_missing_pg_trgm_that_the_user_may_not_create_is_named(server_databases) -> None:  # noqa: ANN001
    location = server_databases.fresh(empty=True)
    role = f"{location.dbname}_user"
    server_databases.admin.execute(f'CREATE ROLE "{role}" LOGIN')
    try:
        with pytest.raises(DatabaseOpenError) as info:
            open_database(replace(location, user=role))
        assert "pg_trgm" in str(info.value) and "CREATE EXTENSION pg_trgm" in str(info.value)
    finally:
        server_databases.drop(location)
        server_databases.admin.execute(f'DROP ROLE IF EXISTS "{role}"')


@pytest.mark.parametrize(("driver_says", "we_say"), [
    ('FATAL:  password authentication failed for user "wangmin"', "用户名或密码不正确"),
    ("fe_sendauth: no password supplied", "PGPASSWORD"),
    ('FATAL:  database "bulletin" does not exist', "没有这个数据库"),
    ("connection timeout expired", "连接超时"),
])
def test_connection_failures_name_the_host_and_the_reason(driver_says, we_say) -> None:  # noqa: ANN001
    location = ServerLocation(dbname="bulletin", host="10.1.2.3", port=5432, user="wangmin",
                              password="s3cret")
    message = server_module.describe_connect_error(
        psycopg.OperationalError(f"connection failed: {driver_says} s3cret"), location)
    assert "10.1.2.3:5432" in message and we_say in message and "s3cret" not in message


# --- other users' changes ---


def _wait_for_change(marker: object, within: float = 1.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if external_changes(database.obj) != marker:
            return True
        time.sleep(0.02)
    return False


def test_another_users_commit_is_noticed_within_a_second_and_ones_own_is_not(on_server,  # noqa: ANN001
                                                                            server) -> None:  # noqa: ANN001
    marker = external_changes(on_server)
    save_issue(read_issue(SAMPLE_JSON))  # this connection's own write
    assert not _wait_for_change(marker, 0.3)
    assert change_socket(on_server) is not None
    with _admin(server) as other:
        other.execute("BEGIN")
        other.execute("UPDATE issue SET status = 'final'")
        assert not _wait_for_change(marker, 0.2)  # not before it commits
        other.execute("COMMIT")
    assert _wait_for_change(marker)


# --- errors ---


def test_a_connection_killed_mid_transaction_stores_nothing_and_reconnects(on_server,  # noqa: ANN001
                                                                          server) -> None:  # noqa: ANN001
    save_issue(read_issue(SAMPLE_JSON))
    before = db_snapshot(server)
    with pytest.raises(DatabaseWriteError) as info, database_errors(), database.atomic():
        Issue.update(status="final").execute()
        Section.update(title="改了一半").execute()
        with _admin(server) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)",
                          (on_server.connection().info.backend_pid,))
        Section.select().count()
    assert "连接已断开" in str(info.value) or "服务器已关闭" in str(info.value)
    assert db_snapshot(server) == before
    assert [i.status for i in list_issues()] == ["draft"]  # a new connection, at once


def test_a_checked_write_lost_with_its_connection_leaves_no_claim(on_server,  # noqa: ANN001
                                                                  server) -> None:  # noqa: ANN001
    """A write that claimed a part, then lost its connection before COMMIT: the next write of
    the issue that names no part still makes every older version stale."""
    from zwdesk.store import editing, versions

    issue_id = save_issue(read_issue(SAMPLE_JSON)).id
    seen = versions.read_versions(issue_id)
    section = Section.select().where(Section.issue == issue_id).first()
    part = versions.section_part(section.id)
    with pytest.raises(DatabaseWriteError), database_errors(), \
            versions.checked(issue_id, {part: seen.of(part)}):
        editing.update_row(Section, section.id, title="断线前改的")
        with _admin(server) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)",
                          (on_server.connection().info.backend_pid,))
        Section.select().count()
    editing.update_row(Section, section.id, title="命令行改的")  # names no part
    with pytest.raises(versions.StaleWriteError), versions.checked(
            issue_id, {"masthead": seen.of("masthead")}):
        editing.update_row(Issue, issue_id, serial=430)
    assert Issue.get_by_id(issue_id).serial == 429


def test_a_value_too_long_for_its_column_is_refused_in_words(on_server, server) -> None:  # noqa: ANN001
    save_issue(read_issue(SAMPLE_JSON))
    before = db_snapshot(server)
    with pytest.raises(DatabaseWriteError) as info, database_errors():
        Section.update(kind="x" * 40).execute()
    assert "超出数据库允许的长度" in str(info.value) and str(server) in str(info.value)
    assert db_snapshot(server) == before


def test_a_row_another_user_holds_waits_then_fails_in_words(server, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(server_module, "LOCK_TIMEOUT_MS", 300)
    db = open_database(server)
    try:
        save_issue(read_issue(SAMPLE_JSON))
        with _admin(server) as other:
            other.execute("BEGIN")
            other.execute("SELECT * FROM issue FOR UPDATE")
            started = time.monotonic()
            with pytest.raises(DatabaseWriteError) as info, database_errors():
                Issue.update(status="final").execute()
            assert time.monotonic() - started < 5
            other.execute("ROLLBACK")
        assert "正被其他用户占用" in str(info.value)
        assert find_issue(2023, 9).status == "draft"
    finally:
        db.close()


def test_an_older_schema_on_the_server_is_upgraded_in_place(server) -> None:  # noqa: ANN001
    """The last step (8 → 9, the parts' versions) run on a server database."""
    db = open_database(server)
    save_issue(read_issue(SAMPLE_JSON))
    db.close()
    db_execute(server, "DROP TABLE partversion")
    db_execute(server, "UPDATE setting SET value = '8' WHERE key = 'schema_version'")
    db = open_database(server)
    try:
        assert migrations.stored_version(db) == migrations.current_version() == 9
        assert [i.serial for i in list_issues()] == [429]
        with _admin(server) as admin:
            assert admin.execute("SELECT count(*) FROM information_schema.triggers WHERE "
                                 "trigger_name = 'zwdesk_notify' AND event_object_table = "
                                 "'partversion'").fetchone()[0] > 0
    finally:
        db.close()
