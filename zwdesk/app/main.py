"""Starting the desktop app."""

from __future__ import annotations

import sys
from pathlib import Path

from zwdesk.app.qt import QApplication, QLibraryInfo, QLocale, QMessageBox, QTranslator
from zwdesk.core.errors import ZwdeskError

ORGANIZATION = "zwdesk"
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
    _translate_qt_dialogs(app)
    return app


def _translate_qt_dialogs(app: QApplication) -> None:
    """Qt's own dialogs (print, print preview, message box buttons) in Chinese too, whatever
    the system's language."""
    if app.property("zwdesk_translated"):  # once per application
        return
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale("zh_CN"), "qtbase", "_", folder):
        app.installTranslator(translator)
    app.setProperty("zwdesk_translated", True)


def open_store(db_path: Path | None) -> None:
    """Open the database; a database that did not exist yet starts with the sample issue,
    so the first thing a new user sees is a real bulletin."""
    from zwdesk.operations import add_sample
    from zwdesk.store.database import default_db_path, open_database

    path = Path(db_path) if db_path is not None else default_db_path()
    fresh = not path.exists()
    open_database(path)
    if fresh:
        add_sample()


def run_app(db_path: Path | None = None) -> int:
    app = make_application()
    try:
        open_store(db_path)
    except ZwdeskError as exc:
        QMessageBox.critical(None, "无法打开数据库", str(exc))
        return 1
    from zwdesk.app.mainwindow import MainWindow

    window = MainWindow()
    window.show()
    app.main_window = window  # keep the controller alive as long as the app
    return app.exec()
