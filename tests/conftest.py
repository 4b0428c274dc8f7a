"""Shared fixtures. Qt runs on the offscreen platform (see pytest config / env below)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from support.paths import DATA, ROOT, SAMPLE_JSON, SEED_TEXT  # noqa: F401 (fixtures use them)


@pytest.fixture(autouse=True)
def _no_real_user_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may read or write the user's real data folder."""
    monkeypatch.setenv("ZWDESK_DB", str(tmp_path / "env-default.sqlite3"))
    monkeypatch.setattr("appdirs.user_data_dir", lambda *a, **k: str(tmp_path / "appdirs"))


@pytest.fixture
def store(tmp_path: Path):  # noqa: ANN201
    """An open, empty database in the test's folder."""
    from zwdesk.store.database import open_database

    db = open_database(tmp_path / "store.sqlite3")
    yield db
    db.close()


@pytest.fixture
def db_with_sample(tmp_path: Path, capsys: pytest.CaptureFixture) -> Path:
    """A database file holding the sample issue, made through the command line (its output
    is taken away, so a test reads only what its own commands print)."""
    from zwdesk import cli

    db = tmp_path / "zwdesk.sqlite3"
    assert cli.main(["--db", str(db), "sample"]) == 0
    capsys.readouterr()
    return db


@pytest.fixture
def sample_issue() -> dict:
    """The sample issue 2023年第9期 as an issue dict (dates as datetime.date)."""
    from zwdesk.core.exchange import read_issue

    return read_issue(SAMPLE_JSON)


@pytest.fixture
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh database file for the test; the real user data folder is never touched."""
    path = tmp_path / "zwdesk.sqlite3"
    monkeypatch.setenv("ZWDESK_DB", str(path))
    return path


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
    from zwdesk.app.mainwindow import MainWindow
    from zwdesk.app.session import Session

    window = MainWindow(Session.open(db_path))
    dialogs.install(window, monkeypatch)
    qtbot.addWidget(window.window)
    window.show()
    return window
