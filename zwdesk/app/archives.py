"""Which archive the window works on: the database file on this desk (本机) or a shared one
on a PostgreSQL server (服务器 HOST/DBNAME), and 文件 → 连接服务器… / 使用本机数据库.

The server last connected to is remembered (its URL, never its password: libpq's PGPASSWORD
or pgpass file, or the password typed in the dialog for this run only) and opened at the next
start unless --db or ZWDESK_DB says otherwise."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from zwdesk.app.qt import QDialog, QDialogButtonBox, QLineEdit, QObject, QSettings, QWidget
from zwdesk.app.uiload import load_ui
from zwdesk.core.errors import ZwdeskError, chinese_part
from zwdesk.store.location import (
    Location,
    LocationError,
    ServerLocation,
    location_label,
    parse_location,
)

SERVER_KEY = "archive/server"  # the URL of the server archive last connected to, or ""
DEFAULT_PORT = 5432


def remembered_server() -> ServerLocation | None:
    """The server archive the user connected to last (and did not leave for 本机)."""
    text = str(QSettings().value(SERVER_KEY, "") or "")
    try:
        location = parse_location(text) if text else None
    except LocationError:
        return None
    return location if isinstance(location, ServerLocation) else None


def remember(location: Location) -> None:
    """Open this archive at the next start: a server's URL (without its password), or the
    local file (nothing remembered)."""
    QSettings().setValue(SERVER_KEY, str(location) if isinstance(location, ServerLocation)
                         else "")


def short_label(location: Location | None) -> str:
    """本机, or 服务器 HOST/DBNAME: for the title bar."""
    if isinstance(location, ServerLocation):
        return location.label
    return "本机"


def full_label(location: Location | None) -> str:
    """本机 FILE, or 服务器 HOST/DBNAME: for the status bar."""
    return location_label(location) if location is not None else ""


class ServerDialog(QObject):
    """连接服务器…: host, port, database, user and password; 测试连接 says whether it works
    (and why not) without leaving the archive open now; OK tests first."""

    def __init__(self, parent: QWidget | None, initial: ServerLocation | None = None,
                 probe: Callable[[ServerLocation], str] | None = None) -> None:
        from zwdesk.store.server import probe_server

        dialog: QDialog = load_ui("server_dialog.ui", parent)
        super().__init__(dialog)  # lives and dies with its dialog
        self.dialog = dialog
        self.probe = probe or probe_server
        self.location: ServerLocation | None = None
        if initial is not None:
            self._fill(initial)
        self.child("testButton").clicked.connect(self.test)
        buttons = self.dialog.findChild(QDialogButtonBox, "buttons")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.dialog.reject)

    def child(self, name: str) -> QWidget:
        return self.dialog.findChild(QWidget, name)

    def text(self, name: str) -> str:
        return self.dialog.findChild(QLineEdit, name).text().strip()

    def _fill(self, location: ServerLocation) -> None:
        for name, value in (("host", location.host), ("dbname", location.dbname),
                            ("user", location.user),
                            ("port", str(location.port or DEFAULT_PORT))):
            self.dialog.findChild(QLineEdit, name).setText(value)

    def entered(self) -> ServerLocation:
        """The server as typed; LocationError naming the field that is wrong."""
        host, dbname, port = self.text("host"), self.text("dbname"), self.text("port")
        if not host:
            raise LocationError("请填写服务器地址")
        if not dbname:
            raise LocationError("请填写数据库名称")
        if not (port.isdigit() and 0 < int(port) < 65536):
            raise LocationError(f"端口应为 1–65535 之间的数字，现为“{port}”")
        password = self.dialog.findChild(QLineEdit, "password").text()
        return ServerLocation(dbname=dbname, host=host, port=int(port), user=self.text("user"),
                              password=password or None)

    def test(self) -> bool:
        """测试连接: the result below the fields, in words."""
        try:
            location = self.entered()
            version = self.probe(location)
        except ZwdeskError as exc:
            self._say(f"✖ {chinese_part(str(exc))}", "#c00000")
            return False
        self._say(f"✔ 连接成功：{location.label}（PostgreSQL {version}）", "#2a7d2a")
        self.location = location
        return True

    def _say(self, text: str, colour: str) -> None:
        label = self.child("result")
        label.setText(text)
        label.setStyleSheet(f"color:{colour};")

    def _accept(self) -> None:
        if self.test():
            self.dialog.accept()

    def exec(self) -> ServerLocation | None:
        return self.location if self.dialog.exec() == QDialog.DialogCode.Accepted else None


class ArchiveActions(QObject):
    """文件 → 连接服务器… and 使用本机数据库, carried out by ``reopen(location)`` (the app
    closes this window and opens one on that archive)."""

    def __init__(self, window: QWidget, current: Callable[[], Location | None],
                 local: Callable[[], Path]) -> None:
        super().__init__(window)
        from zwdesk.app.qt import QAction

        self.window, self.current, self.local = window, current, local
        self.reopen: Callable[[Location], object] | None = None  # set by the app
        self.connect_action = QAction("连接服务器…", window)
        self.connect_action.triggered.connect(self.connect_server)
        self.local_action = QAction("使用本机数据库", window)
        self.local_action.triggered.connect(self.use_local)
        self.actions = [self.connect_action, self.local_action]
        # A window opens on one archive for its life (switching opens another window).
        self.local_action.setEnabled(isinstance(current(), ServerLocation))

    def connect_server(self) -> ServerLocation | None:
        current = self.current()
        initial = current if isinstance(current, ServerLocation) else remembered_server()
        location = ServerDialog(self.window, initial).exec()
        if location is not None and self.reopen is not None:
            self.reopen(location)
        return location

    def use_local(self) -> None:
        if self.reopen is not None:
            self.reopen(self.local())
