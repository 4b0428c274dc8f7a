"""Shared fixtures. Qt runs on the offscreen platform (see pytest config / env below)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from support.paths import DATA, ROOT, SAMPLE_JSON, SEED_TEXT  # noqa: F401 (fixtures use them)
from support.servers import NO_SERVER, ServerDatabases, server_url

# The kinds of database the store's, the command line's and the app's data tests run on: a
# SQLite file, and a database on the PostgreSQL server of ZWDESK_TEST_PG (skipped without one,
# except in CI). A test that is about one kind says so: @pytest.mark.parametrize("backend",
# ["sqlite"]) overrides the fixture (support.backends.sqlite_only).
BACKENDS = ("sqlite", "postgres")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):  # noqa: ANN201
    """With CI=true, a test skipped for want of the server fails: CI starts one (.ci/run)."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("CI") == "true" and NO_SERVER in str(report.longrepr):
        report.outcome = "failed"
        report.longrepr = f"CI=true, but no server for this test: {NO_SERVER}"


@pytest.fixture(scope="session")
def server_databases():  # noqa: ANN201
    """The test run's databases on the server; skips the test when no server is given."""
    url = server_url()
    if url is None:
        pytest.skip(NO_SERVER)
    databases = ServerDatabases(url)
    yield databases
    databases.close()


@pytest.fixture
def server(server_databases: ServerDatabases):  # noqa: ANN201
    """A new database with zwdesk's empty schema on the server (its ServerLocation)."""
    location = server_databases.fresh()
    yield location
    server_databases.drop(location)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def db_location(backend: str, tmp_path: Path, request: pytest.FixtureRequest):  # noqa: ANN201
    """Where the test's new database is: a file in its folder, or a database on the server."""
    if backend == "sqlite":
        return tmp_path / "zwdesk.sqlite3"
    return request.getfixturevalue("server")


@pytest.fixture
def new_location(backend: str, tmp_path: Path, request: pytest.FixtureRequest):  # noqa: ANN201
    """Makes more new databases of the test's kind: ``new_location("target")`` is a file
    ``target.sqlite3`` in the test's folder, or a new database on the server (dropped after
    the test)."""
    made = []

    def location(name: str):  # noqa: ANN202 - a Location
        if backend == "sqlite":
            return tmp_path / f"{name}.sqlite3"
        databases = request.getfixturevalue("server_databases")
        made.append(databases.fresh())
        return made[-1]

    yield location
    for server_location in made:
        request.getfixturevalue("server_databases").drop(server_location)


@pytest.fixture(autouse=True)
def _no_real_user_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may read or write the user's real data folder."""
    monkeypatch.setenv("ZWDESK_DB", str(tmp_path / "env-default.sqlite3"))
    monkeypatch.setattr("appdirs.user_data_dir", lambda *a, **k: str(tmp_path / "appdirs"))


@pytest.fixture
def store(db_location):  # noqa: ANN001, ANN201 - a Location; an open peewee Database
    """An open, empty database (a file in the test's folder, or on the server)."""
    from zwdesk.store.database import open_database

    db = open_database(db_location)
    yield db
    db.close()


@pytest.fixture
def db_with_sample(db_location, capsys: pytest.CaptureFixture):  # noqa: ANN001, ANN201
    """A database holding the sample issue, made through the command line (its output is
    taken away, so a test reads only what its own commands print). ``str()`` of it is what
    ``--db`` takes: a file path or the server's URL."""
    from zwdesk import cli

    assert cli.main(["--db", str(db_location), "sample"]) == 0
    capsys.readouterr()
    return db_location


@pytest.fixture
def sample_issue() -> dict:
    """The sample issue 2023年第9期 as an issue dict (dates as datetime.date)."""
    from zwdesk.core.exchange import read_issue

    return read_issue(SAMPLE_JSON)


@pytest.fixture
def db_path(db_location, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN001, ANN201
    """A fresh database for the test (a file, or on the server), made the default through
    ZWDESK_DB; the real user data folder is never touched."""
    monkeypatch.setenv("ZWDESK_DB", str(db_location))
    return db_location


@pytest.fixture
def qt_settings(qapp, tmp_path: Path):  # noqa: ANN001, ANN201 - pytest-qt's fixture
    """QSettings in a private INI folder, so tests neither read nor leave the user's settings."""
    from zwdesk.app.main import make_application
    from zwdesk.app.qt import QSettings

    make_application()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "ini"))
    QSettings().clear()
    return tmp_path / "ini"


class Dialogs:
    """Answers the app's message boxes (confirm / inform / error) and records them."""

    def __init__(self) -> None:
        self.answer = True  # the answer to every question …
        self.answers: list[bool] = []  # … unless answers are queued here, first asked first
        self.shown: list[tuple[str, str, str]] = []

    def install(self, window, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
        def confirm(title: str, text: str) -> bool:
            self.shown.append(("confirm", title, text))
            return self.answers.pop(0) if self.answers else self.answer

        monkeypatch.setattr(window, "confirm", confirm)
        monkeypatch.setattr(window, "inform", lambda t, x: self.shown.append(("inform", t, x)))
        monkeypatch.setattr(window, "error", lambda t, x: self.shown.append(("error", t, x)))


@pytest.fixture
def dialogs() -> Dialogs:
    return Dialogs()


@pytest.fixture
def main_window(qtbot, qt_settings, db_path: Path, dialogs: Dialogs,  # noqa: ANN001, ANN201
                monkeypatch: pytest.MonkeyPatch):
    """The real main window on a new database that holds the sample issue (as on first start)."""
    from support.backends import open_session

    from zwdesk.app.mainwindow import MainWindow

    window = MainWindow(open_session(db_path))
    dialogs.install(window, monkeypatch)
    qtbot.addWidget(window.window)
    window.show()
    return window
