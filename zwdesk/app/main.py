"""Starting the desktop app."""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from zwdesk.app.qt import (
    QApplication,
    QLibraryInfo,
    QLocale,
    QLockFile,
    QMessageBox,
    QTranslator,
)
from zwdesk.core.errors import ZwdeskError

if TYPE_CHECKING:
    from zwdesk.store.location import Location

ORGANIZATION = "zwdesk"
ERROR_LOG = "zwdesk-errors.log"
APPLICATION = "zwdesk"


def make_application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("政务服务工作")
    font = app.font()
    # A clear sans-serif CJK face for the interface where one is installed (Windows: 微软雅黑;
    # Kylin/UOS and Debian: Noto Sans CJK / 文泉驿); Qt falls back by itself otherwise.
    font.setFamilies(["Microsoft YaHei UI", "Microsoft YaHei", "Noto Sans CJK SC",
                      "WenQuanYi Micro Hei", "Source Han Sans SC", font.family()])
    app.setFont(font)
    # A field that cannot be changed (定稿, a read-only window) looks it, not white.
    app.setStyleSheet('QLineEdit[readOnly="true"], QPlainTextEdit[readOnly="true"]'
                      " { background: #f0f0f0; color: #444; }")
    _translate_qt_dialogs(app)
    return app


# Strings of Qt's own dialogs that Qt 6 reworded and its Chinese catalogue still lacks.
_QT_MISSING = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
    ("QPrintSettingsOutput", "Page &Set:"): "打印页面(&S)：",
    ("QAbstractFileIconProvider", "Folder"): "文件夹",  # a file dialog's 类型 column
    ("QAbstractFileIconProvider", "Drive"): "驱动器",
}


class _MissingQtStrings(QTranslator):
    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        return _QT_MISSING.get((context, source))  # None: not ours, Qt asks the next one


def _translate_qt_dialogs(app: QApplication) -> None:
    """Qt's own dialogs (file, print, print preview, message box buttons) in Chinese too,
    whatever the system's language: their texts, and what Qt words by the locale (a file
    dialog's 类型 column said "Microsoft Word Document" under a C locale)."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    if app.property("zwdesk_translated"):  # once per application
        return
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale("zh_CN"), "qtbase", "_", folder):
        app.installTranslator(translator)
    app.installTranslator(_MissingQtStrings(app))  # installed last: asked first
    app.setProperty("zwdesk_translated", True)


def database_path(db_path: Location | None) -> Location:
    """The archive to open: the one given, else $ZWDESK_DB, else the default file."""
    from zwdesk.store.database import default_location
    from zwdesk.store.location import parse_location

    return parse_location(db_path) if db_path is not None else default_location()


def window_lock(path: Path) -> QLockFile | None:
    """The lock that one window holds on a database (``<file>.lock`` beside it), or None when
    another window holds it. A lock left by a window that crashed is taken over."""
    lock = QLockFile(str(path) + ".lock")
    lock.setStaleLockTime(0)  # stale only when its process is gone
    return lock if lock.tryLock(200) else None


def ask_read_only(path: Path) -> bool:
    """Another window has the database open: open read-only (True) or not at all (False)."""
    box = QMessageBox(QMessageBox.Icon.Warning, "数据库已在使用",
                      f"另一个 zwdesk 窗口正在使用这个数据库：\n{path}\n\n"
                      "两个窗口同时修改同一期容易互相覆盖。可以以只读方式打开（只能查看、导出和"
                      "打印），或者回到已打开的窗口。")
    read_only = box.addButton("以只读方式打开", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("退出", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is read_only


def show_unexpected_errors() -> None:
    """No traceback ever reaches the secretary: a failure nobody foresaw becomes a dialog that
    says what happened in Chinese (SQLite's own errors translated), and the traceback goes to
    ``zwdesk-errors.log`` beside the database for whoever maintains the program."""
    import traceback

    from zwdesk.store.database import database_errors

    def hook(kind: type, exc: BaseException, tb: object) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        try:
            with database_errors():
                raise exc
        except ZwdeskError as known:
            message = str(known)
        except BaseException:  # noqa: BLE001 - anything else: a generic, honest message
            log = _error_log()
            with contextlib.suppress(OSError):
                log.parent.mkdir(parents=True, exist_ok=True)  # a server's: the data folder
            with contextlib.suppress(OSError), log.open("a", encoding="utf-8") as out:
                out.write(_masked("".join(traceback.format_exception(kind, exc, tb))) + "\n")
            message = (f"程序出现了意外错误（{kind.__name__}）。已保存的内容不受影响；"
                       f"详细信息已记入 {log}，请告知维护人员。")
        QMessageBox.warning(QApplication.activeWindow(), "出错了", message)

    sys.excepthook = hook


def _error_log() -> Path:
    """Beside the database file; for a server's archive, in the user's data folder."""
    from zwdesk.store.database import data_folder, default_db_path, open_location

    location = open_location()
    if location is None:
        return default_db_path().with_name(ERROR_LOG)
    return location.with_name(ERROR_LOG) if isinstance(location, Path) else \
        data_folder() / ERROR_LOG


NO_DISPLAY = ("zwdesk: 没有图形界面（{}），无法打开窗口。命令行仍可使用："
              "zwdesk --help 列出全部命令，如 zwdesk list、zwdesk export 2023-9 -o 简报.docx"
              " (no display)")


# What Qt's xcb plugin loads from the system, and the package holding it (Qt 6.5 and later
# need libxcb-cursor, which a desktop may lack).
X_LIBRARIES = (("libxcb.so.1", "libxcb1"), ("libxcb-cursor.so.0", "libxcb-cursor0"))


def display_problem(environ: Mapping[str, str] = os.environ) -> str:
    """Why no window can open here, '' if one can. Asked before the QApplication is made:
    without a display (an ssh session, a server) or the X library Qt's xcb plugin needs, Qt
    aborts the whole process (exit 134) with a message about platform plugins."""
    platform = environ.get("QT_QPA_PLATFORM", "").split(":")[0]
    if not sys.platform.startswith("linux") or platform not in ("", "xcb", "wayland"):
        return ""  # Windows and macOS always have one; offscreen, vnc, eglfs: Qt's own choice
    if environ.get("WAYLAND_DISPLAY") and platform != "xcb":
        return ""
    if platform == "wayland":
        return "未设置 WAYLAND_DISPLAY"
    display = environ.get("DISPLAY", "")
    if not display:
        return "未设置 DISPLAY"
    for library, package in X_LIBRARIES:
        try:
            ctypes.CDLL(library)
        except OSError:
            return f"缺少系统库 {library}，请安装 {package}（apt install {package}）"
    xcb = ctypes.CDLL("libxcb.so.1")
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    failed = xcb.xcb_connection_has_error(connection)
    xcb.xcb_disconnect(connection)
    return f"无法连接显示器 {display}" if failed else ""


def _masked(text: str) -> str:
    """The text without any password (a server URL's, the open server's)."""
    from zwdesk.store.database import open_location
    from zwdesk.store.location import ServerLocation, mask_secrets

    location = open_location()
    return mask_secrets(text, location.secrets() if isinstance(location, ServerLocation) else [])


def run_app(db_path: Location | None = None) -> int:
    problem = display_problem()
    if problem:
        print(NO_DISPLAY.format(problem), file=sys.stderr)
        return 1
    app = make_application()
    show_unexpected_errors()
    try:
        path = database_path(db_path)
    except ZwdeskError as exc:  # a ZWDESK_DB that is neither a file nor a server URL
        QMessageBox.critical(None, "无法打开数据库", str(exc))
        return 1
    if db_path is None and not os.environ.get("ZWDESK_DB"):
        from zwdesk.app.archives import remembered_server

        path = remembered_server() or path  # the server connected to last time
    from zwdesk.app.backups import check_after_crash, offer_restore
    from zwdesk.store.backups import left_by_a_crash

    # A server's archive is shared by many windows at once: no lock file, no read-only offer,
    # no file to check or restore (its administrator backs the server up).
    on_file = isinstance(path, Path)
    crashed = on_file and left_by_a_crash(path)
    lock = window_lock(path) if on_file and path.parent.exists() else None
    read_only = on_file and path.parent.exists() and lock is None
    if read_only and not ask_read_only(path):
        return 0
    app.window_lock = lock  # lives as long as the app, or until another archive is opened
    while True:
        try:
            window = open_window(path, read_only=read_only)
            break
        except ZwdeskError as exc:
            if not on_file:  # the server is not there: never a silent switch to another
                path = ask_server_unreachable(str(exc), path)
                if path is None:
                    return 1
                on_file = isinstance(path, Path)
                continue
            if read_only or not offer_restore(None, path, str(exc)):
                QMessageBox.critical(None, "无法打开数据库", str(exc))
                return 1
            # the backup chosen is in place: open it
    if on_file and app.window_lock is None and not read_only:
        app.window_lock = window_lock(path)  # the folder was made just now
    if crashed and not read_only:
        check_after_crash(window.window, path, window.session.database_replaced)
    return app.exec()


def ask_server_unreachable(message: str, server: Location) -> Location | None:
    """The server archive cannot be opened: 重试 (the same server), 使用本机数据库 (the
    local file, said so), or 退出 (None)."""
    from zwdesk.store.database import default_db_path

    box = QMessageBox(QMessageBox.Icon.Warning, "无法连接服务器",
                      f"{message}\n\n可以稍后重试，或者改用本机数据库（本机上的简报库，与服务器上的"
                      "不同）。")
    retry = box.addButton("重试", QMessageBox.ButtonRole.AcceptRole)
    local = box.addButton("使用本机数据库", QMessageBox.ButtonRole.ActionRole)
    box.addButton("退出", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is retry:
        return server
    return default_db_path() if box.clickedButton() is local else None


def open_window(location: Location, read_only: bool = False):  # noqa: ANN201 - a MainWindow
    """Open the archive at ``location`` and a main window on it (ZwdeskError if it cannot
    be opened). The window's 连接服务器… and 使用本机数据库 switch to another archive."""
    from zwdesk.app.mainwindow import MainWindow
    from zwdesk.app.session import Session

    window = MainWindow(Session.open(location, read_only=read_only))
    window.archives.reopen = lambda target: switch_archive(window, target)
    window.show()
    QApplication.instance().main_window = window  # lives as long as the app
    return window


def switch_archive(old, target: Location):  # noqa: ANN001, ANN201 - MainWindows
    """连接服务器… / 使用本机数据库: the window on the open archive closes (what is typed is
    stored, a backup made as on any close), then one on ``target`` opens and is remembered
    for the next start. If ``target`` cannot be opened, the user is told why and the
    archive before is opened again: never another one silently."""
    from zwdesk.app.archives import remember
    from zwdesk.store.database import close_archive, open_location

    app = QApplication.instance()
    previous = open_location()
    quits = app.quitOnLastWindowClosed()
    app.setQuitOnLastWindowClosed(False)  # the next window opens in a moment
    try:
        old.window.close()
        close_archive()
        lock = getattr(app, "window_lock", None)
        if lock is not None:
            lock.unlock()
        app.window_lock = window_lock(target) if isinstance(target, Path) else None
        read_only = isinstance(target, Path) and app.window_lock is None
        try:
            window = open_window(target, read_only=read_only)
        except ZwdeskError as exc:
            QMessageBox.warning(None, "无法打开数据库", f"{exc}\n\n仍使用原来的简报库。")
            app.window_lock = window_lock(previous) if isinstance(previous, Path) else None
            return open_window(previous, read_only=isinstance(previous, Path)
                               and app.window_lock is None)
        remember(target)
        return window
    finally:
        app.setQuitOnLastWindowClosed(quits)
