"""A zwdesk archive on a PostgreSQL server (team mode): connecting, creating and upgrading its
schema, the driver's errors in the store's words, and the change notifications that stand in
for SQLite's data_version.

- Driver: psycopg 3, loaded only here (see zwdesk/store/__init__.py).
- One write transaction at a time (an advisory lock taken at BEGIN, as SQLite's BEGIN
  IMMEDIATE takes the file's write lock); reads never wait. Every connection waits at most
  ``LOCK_TIMEOUT_MS`` for that lock or a row another user has locked, then fails with a
  message, as SQLite's busy timeout does.
- Changes: a statement trigger on every table sends ``NOTIFY zwdesk_changes`` with the table's
  name; it reaches the listeners when the transaction commits, never before, and names the
  sending connection's backend pid, so a window can tell its own writes from others'.
- The schema is created or upgraded under an advisory lock: two desks starting the first time
  at once make one schema.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from peewee import PostgresqlDatabase

from zwdesk.core.errors import quote
from zwdesk.store import migrations
from zwdesk.store.backend import StoreDatabase
from zwdesk.store.errors import DatabaseOpenError
from zwdesk.store.location import ServerLocation, mask_secrets
from zwdesk.store.models import ALL_MODELS, database

CHANNEL = "zwdesk_changes"
LOCK_TIMEOUT_MS = 5000
MIGRATION_LOCK = 0x7A77646B  # pg_advisory_lock key held while the schema is made or upgraded
WRITE_LOCK = 0x7A77646C  # pg_advisory_xact_lock key held by each write transaction
NOTIFY_FUNCTION = "zwdesk_notify"


def load_driver() -> None:
    """Import psycopg and give it to peewee, which was imported without it (zwdesk.store)."""
    import peewee
    import psycopg
    from psycopg.pq import TransactionStatus
    from psycopg.types.json import Json, Jsonb

    if getattr(peewee, "psycopg", None) is None:  # noqa: B009 - not in peewee's stubs
        for name, value in (("psycopg", psycopg), ("TransactionStatus", TransactionStatus),
                            ("Json_pg3", Json), ("Jsonb_pg3", Jsonb)):
            setattr(peewee, name, value)
    if ZwdeskServerDatabase.psycopg3_adapter is peewee.Psycopg3Adapter:
        # The adapter's constants are set when its class is made, which was without psycopg.
        ZwdeskServerDatabase.psycopg3_adapter = type("Adapter", (peewee.Psycopg3Adapter,), {
            "txn_idle": TransactionStatus.IDLE, "txn_inerror": TransactionStatus.INERROR,
            "txn_unknown": TransactionStatus.UNKNOWN})


class ZwdeskServerDatabase(StoreDatabase, PostgresqlDatabase):
    """PostgreSQL as zwdesk uses it: psycopg 3, a lock timeout, a connection the server broke
    replaced by a new one at the next transaction, and a second connection that listens for
    other users' changes."""

    server = True
    _state: Any  # peewee's connection state (not in its stubs)

    def __init__(self, location: ServerLocation, read_only: bool = False) -> None:
        load_driver()
        params: dict[str, Any] = location.connect_params()
        options = [str(params.pop("options", "")), f"-c lock_timeout={LOCK_TIMEOUT_MS}"]
        if read_only:
            options.append("-c default_transaction_read_only=on")
        params["options"] = " ".join(o for o in options if o)
        # Every statement planned with its values: a plan made for any pattern (psycopg
        # prepares a statement run five times) cannot tell a rare word from a common one.
        params["prepare_threshold"] = None
        self._params: dict[str, Any] = dict(params)
        dbname = str(params.pop("dbname"))
        super().__init__(dbname, prefer_psycopg3=True, **params)
        self.location, self.display_path, self.read_only = location, str(location), read_only
        self._listener: Any = None
        self._changes = 0

    def read_transaction(self) -> Any:  # noqa: ANN401 - peewee's transaction context
        """A transaction that only reads: one snapshot of the database for a store function's
        several queries (REPEATABLE READ; a reader never waits for a writer on a server)."""
        return self.atomic(isolation_level="REPEATABLE READ")

    # --- a connection the server broke (restarted, terminated, the network gone) ---

    def _broken(self) -> bool:
        conn = self._state.conn
        return not self._state.closed and conn is not None and conn.closed

    def begin(self, isolation_level: Any = None) -> None:  # noqa: ANN401 - peewee's
        if self._broken():
            self._state.reset()  # a new connection for the new transaction
        if isolation_level is not None or self.read_only:  # a read names its level
            super().begin(isolation_level)
            return
        # A write: one writer at a time, as SQLite's BEGIN IMMEDIATE. Each statement of a
        # write then sees the archive as the last write left it, so a whole-issue action (an
        # import --replace, a 来稿 adopted) never works from what another user's write has
        # changed meanwhile, and the versions of zwdesk.store.versions are read and set in
        # turn. Readers never wait; a write waits LOCK_TIMEOUT_MS at most. BEGIN and the lock
        # go in one round trip (a keystroke is a write).
        if self.is_closed():
            self.connect()
        self.execute_sql(f"BEGIN; SELECT pg_advisory_xact_lock({WRITE_LOCK})")

    def execute_sql(self, sql: str, params: Any = None) -> Any:  # noqa: ANN401 - peewee's
        if self._broken() and not self.in_transaction():
            self._state.reset()
        return super().execute_sql(sql, params)

    def rollback(self) -> None:
        if self._broken():  # the server has dropped the transaction with the connection
            self.forget_transaction()
            return
        super().rollback()

    def _close(self, conn: Any) -> None:  # noqa: ANN401 - a psycopg connection
        self.stop_listening()
        with contextlib.suppress(Exception):  # a broken connection has nothing left to close
            conn.close()

    # --- other users' changes ---

    def external_changes(self) -> int:
        """How many commits of other connections this one has been told of (LISTEN/NOTIFY):
        compared with the last value, whether someone else changed the database. While the
        server cannot be reached the count stands still; once listening again it moves on,
        as changes may have been missed meanwhile."""
        import psycopg

        try:
            if self._listener is None:
                self._listener = psycopg.connect(**self._params, autocommit=True)
                self._listener.execute(f"LISTEN {CHANNEL}")
                self._changes += 1
            own = self._own_pid()
            for note in self._listener.notifies(timeout=0):
                if note.pid != own:
                    self._changes += 1
        except psycopg.Error:
            self.stop_listening()
        return self._changes

    def change_socket(self) -> int | None:
        """The socket on which other users' change notifications arrive (to wait on, e.g.
        with a QSocketNotifier, instead of polling); None while not listening."""
        if self._listener is None:
            self.external_changes()
        return None if self._listener is None else self._listener.fileno()

    def stop_listening(self) -> None:
        if self._listener is not None:
            with contextlib.suppress(Exception):
                self._listener.close()
            self._listener = None

    def _own_pid(self) -> int | None:
        conn = self._state.conn
        return None if self._state.closed or conn is None or conn.closed \
            else conn.info.backend_pid

    def advance_ids(self, model: Any) -> None:  # noqa: ANN401 - a peewee model
        """After rows were inserted with their ids: the table's sequence continues after the
        largest (a sequence does not move for ids it did not give out)."""
        from peewee import fn

        table = model._meta.table_name
        model.select(fn.setval(fn.pg_get_serial_sequence(f'"{table}"', "id"),
                               fn.COALESCE(fn.MAX(model.id), 0) + 1, False)).scalar()


def open_server(location: ServerLocation, read_only: bool = False) -> ZwdeskServerDatabase:
    """Connect to the server database, create or upgrade its schema, bind the models to it.
    A database made by a newer zwdesk, one that is not zwdesk's, an unreachable server or a
    wrong password are refused with one message naming the server."""
    db = ZwdeskServerDatabase(location, read_only)
    database.initialize(db)
    import psycopg
    from peewee import DatabaseError, InterfaceError

    try:
        db.connect(reuse_if_open=True)
        if read_only:
            _require_current(db, location)
        else:
            with _migration_lock(db):
                _make_current(db, location)
    except (DatabaseError, InterfaceError, psycopg.Error) as exc:
        db.close()
        raise DatabaseOpenError(describe_connect_error(exc, location)) from None
    except BaseException:
        db.close()
        raise
    return db


@contextlib.contextmanager
def _migration_lock(db: ZwdeskServerDatabase) -> Iterator[None]:
    db.execute_sql("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK,))
    try:
        yield
    finally:
        if not db._broken():
            db.execute_sql("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK,))


def _make_current(db: ZwdeskServerDatabase, location: ServerLocation) -> None:
    try:
        version = migrations.stored_version(db)
    except migrations.NotZwdeskDatabaseError as exc:
        raise DatabaseOpenError(f"无法打开数据库 {location}：{exc}") from None
    migrations.refuse_newer(version, str(location))
    if version is None:
        _require_trigram(db, location)
        with db.atomic():
            migrations.create_schema(db)
            notify_triggers(db)
    elif version < migrations.current_version():
        try:
            migrations.upgrade(db, version)
            with db.atomic():
                notify_triggers(db)  # on the tables the steps added too
        except Exception as exc:
            raise DatabaseOpenError(
                f"升级服务器数据库 {location} 失败，数据库停在版本 "
                f"{migrations.stored_version(db)}，下次打开时重试 "
                f"(upgrade from schema {version} failed: {describe_server_error(exc)})"
            ) from exc


def _require_current(db: ZwdeskServerDatabase, location: ServerLocation) -> None:
    version = migrations.stored_version(db)
    migrations.refuse_newer(version, str(location))
    if version is None or version < migrations.current_version():
        raise DatabaseOpenError(f"服务器数据库 {location} 尚未建立或需要升级，只读方式无法打开 "
                                "(read-only connection to a database that needs its schema)")


def _require_trigram(db: ZwdeskServerDatabase, location: ServerLocation) -> None:
    """The search index needs the pg_trgm extension: made here if the user may, else the
    message says what the administrator has to do."""
    import psycopg

    try:
        with db.atomic():
            db.execute_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception as exc:  # noqa: BLE001 - the driver's error, wrapped by peewee or not
        detail = mask_secrets(str(getattr(exc, "orig", exc))).splitlines()[0]
        missing = isinstance(getattr(exc, "orig", exc), psycopg.errors.UndefinedFile) \
            or "not available" in detail
        why = ("服务器上没有安装 pg_trgm 扩展（postgresql-contrib），请管理员安装" if missing else
               "数据库缺少 pg_trgm 扩展，且当前用户无权创建；请管理员在该数据库中执行 "
               "CREATE EXTENSION pg_trgm;")
        raise DatabaseOpenError(f"无法使用服务器数据库 {location}：{why} "
                                f"(pg_trgm missing: {detail})") from None


def notify_triggers(db: Any) -> None:  # noqa: ANN401 - a peewee Database
    """A statement trigger on every table of the models sends the change notification
    (idempotent: run after creating or upgrading the schema)."""
    db.execute_sql(
        f"CREATE OR REPLACE FUNCTION {NOTIFY_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN PERFORM pg_notify('{CHANNEL}', TG_TABLE_NAME); RETURN NULL; END $$")
    for model in ALL_MODELS:
        table = model._meta.table_name
        db.execute_sql(f'DROP TRIGGER IF EXISTS {NOTIFY_FUNCTION} ON "{table}"')
        db.execute_sql(f'CREATE TRIGGER {NOTIFY_FUNCTION} AFTER INSERT OR UPDATE OR DELETE OR '
                       f'TRUNCATE ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION '
                       f"{NOTIFY_FUNCTION}()")


# --- messages ---


def _driver_error(exc: BaseException) -> BaseException:
    """psycopg's own error behind peewee's wrapper."""
    return getattr(exc, "orig", None) or exc


def _first_line(exc: BaseException, location: ServerLocation | None = None) -> str:
    text = str(_driver_error(exc)).strip()
    secrets = location.secrets() if location is not None else []
    return quote(mask_secrets(text.splitlines()[0] if text else type(exc).__name__, secrets),
                 200)


# (words in the driver's message, what to say) for a connection that could not be made.
_CONNECT_REASONS = (
    (("password authentication failed",), "用户名或密码不正确"),
    (("no password supplied",), "需要密码：请在 PGPASSWORD 或 pgpass 文件中提供"),
    (("does not exist",), "服务器上没有这个数据库或用户"),
    (("connection refused",), "服务器拒绝连接：服务未启动，或端口不对"),
    (("timeout expired", "timed out"), "连接超时：服务器没有响应，请检查网络"),
    (("could not translate host name", "name or service not known", "nodename nor servname"),
     "找不到这个主机名"),
    (("ssl",), "SSL 连接失败"),
    (("no pg_hba.conf entry", "not permitted", "permission denied"), "服务器不允许此用户连接"),
)


def describe_connect_error(exc: BaseException, location: ServerLocation) -> str:
    """One sentence for a server that could not be opened: which server, and why."""
    if isinstance(exc, DatabaseOpenError):
        return str(exc)
    detail = _first_line(exc, location)
    lowered = detail.lower()
    why = next((said for words, said in _CONNECT_REASONS if any(w in lowered for w in words)),
               None)
    where = f"{location.host or 'localhost'}" + (f":{location.port}" if location.port else "")
    if why is None:
        return f"无法打开服务器数据库 {location}：{describe_server_error(exc)}。数据未作任何修改。"
    return (f"无法连接数据库服务器 {where}（数据库 {location.dbname}）：{why}。"
            f"数据未作任何修改。 ({detail})")


# (SQLSTATE prefix, what to say) for a statement the server refused.
_STATEMENT_REASONS = (
    ("55P03", "要修改的内容正被其他用户占用，等待后仍未释放，请稍后重试 (lock timeout)"),
    ("40P01", "与其他用户的修改冲突（死锁），请重试 (deadlock)"),
    ("40001", "与其他用户的修改冲突，请重试 (serialization failure)"),
    ("22001", "内容超出数据库允许的长度 (value too long)"),
    ("25006", "是只读的，不能保存修改 (read-only transaction)"),
    ("42501", "当前用户没有修改权限，请联系管理员 (permission denied)"),
    ("53", "服务器资源不足（磁盘已满或内存不足），请联系管理员 (insufficient resources)"),
    ("57P", "服务器已关闭或重启，连接已断开 (server shut down)"),
    ("08", "与服务器的连接已断开 (connection lost)"),
)


def describe_server_error(exc: BaseException) -> str:
    """What the server's refusal of a statement means, in one phrase with its English."""
    driver = _driver_error(exc)
    state = getattr(driver, "sqlstate", None) or ""
    for prefix, said in _STATEMENT_REASONS:
        if state.startswith(prefix):
            return said
    if getattr(getattr(driver, "pgconn", None), "status", 0) != 0 or \
            "connection" in str(driver).lower() and "closed" in str(driver).lower():
        return "与服务器的连接已断开 (connection lost)"
    return f"出错 ({_first_line(exc)})"


def is_disconnect(exc: BaseException) -> bool:
    """The connection is gone (SQLSTATE class 08, the server shutting down, or no answer at
    all), rather than a statement refused."""
    import psycopg

    error = _driver_error(exc)
    state = getattr(error, "sqlstate", None) or ""
    return state.startswith(("08", "57P")) or (
        isinstance(error, psycopg.OperationalError) and not state)


def is_conflict(exc: BaseException) -> bool:
    """A deadlock or serialization failure: nothing was stored, and trying again may work."""
    return (getattr(_driver_error(exc), "sqlstate", None) or "") in ("40P01", "40001")


def probe_server(location: ServerLocation) -> str:
    """测试连接: connect to the server database and leave at once, changing nothing. Its
    PostgreSQL version; DatabaseOpenError naming the server and the reason otherwise
    (refused, timed out, wrong password, no such database)."""
    load_driver()
    import psycopg

    try:
        with psycopg.connect(**location.connect_params()) as connection:
            row = connection.execute("SHOW server_version").fetchone()
            return str(row[0]) if row else ""
    except psycopg.Error as exc:
        raise DatabaseOpenError(describe_connect_error(exc, location)) from None
