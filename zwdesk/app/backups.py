"""文件 → 备份与恢复…, 导出全部…, 导入全部…, and the backups the app makes by itself.

The app backs up (through zwdesk.store.backups) when it closes after changes and every 30
minutes while there are changes; the dialog lists the backups by date with their issues and
来稿, makes one now, restores one (the current file kept first), and changes the folder and
the number kept. It gets the window and what to do after a restore passed in.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from zwdesk.app.qt import (
    QAbstractItemView,
    QAction,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QObject,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTimer,
    QVBoxLayout,
    QWidget,
)
from zwdesk.core.errors import ZwdeskError, chinese_part
from zwdesk.store import backups
from zwdesk.store.database import open_database_path

AUTO_BACKUP_MS = 30 * 60 * 1000  # every 30 minutes of editing
COLUMNS = ("时间", "期数", "来稿", "大小", "文件")


SERVER_BACKUPS = ("服务器上的简报库由服务器的管理员备份（如 pg_dump），这里没有滚动备份。"
                  "也可以用“文件 → 导出全部…”把全部数据存成一个文件，需要时用“导入全部…”恢复。")


class Backups(QObject):
    """The menu's actions and the automatic backups of one window."""

    def __init__(self, window: QWidget, after_restore: Callable[[], None],
                 read_only: Callable[[], bool]) -> None:
        super().__init__(window)
        self.window, self.after_restore, self.read_only = window, after_restore, read_only
        self.actions = [self._action("备份与恢复…", "actionBackups", self.show_dialog),
                        self._action("导出全部…", "actionExportAll", self.export_all),
                        self._action("导入全部…", "actionImportAll", self.import_all)]
        self._seen = backups.local_changes()
        self._timer = QTimer(self, interval=AUTO_BACKUP_MS)
        self._timer.timeout.connect(self.backup_if_changed)
        self._timer.start()

    def _action(self, text: str, name: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(name)
        action.triggered.connect(slot)
        return action

    def backup_if_changed(self) -> backups.BackupInfo | None:
        """A rolling backup when this window changed the database since the last one. A
        failure is said in the status bar (a close or a timer must not stop on it)."""
        if self.read_only() or open_database_path() is None:  # a server's: its administrator's
            return None
        if backups.local_changes() == self._seen:
            return None
        try:
            info = backups.make_backup()
        except ZwdeskError as exc:
            self._status(f"未能自动备份：{chinese_part(str(exc))}")
            return None
        self._seen = backups.local_changes()
        return info

    def stop(self) -> None:
        """The window closes: the last backup of this session, if anything changed."""
        self._timer.stop()
        self.backup_if_changed()

    def _status(self, text: str) -> None:
        bar = getattr(self.window, "statusBar", None)
        if bar is not None:
            bar().showMessage(text, 10_000)

    def show_dialog(self) -> None:
        if open_database_path() is None:
            QMessageBox.information(self.window, "备份与恢复", SERVER_BACKUPS)
            return
        BackupDialog(self.window, self._restore, self.read_only()).exec()
        self._seen = backups.local_changes()

    def _restore(self, backup: Path) -> str:
        message = _restored(backup, self.after_restore)
        self._seen = backups.local_changes()
        return message

    def export_all(self) -> None:
        from zwdesk.app.filedialogs import get_save_file_name
        from zwdesk.store.archive import write_archive

        name, _ = get_save_file_name(self.window, "导出全部数据", "zwdesk-全部数据.zip",
                                     "zwdesk 全部数据 (*.zip)")
        if not name:
            return
        target = Path(name) if name.lower().endswith(".zip") else Path(name + ".zip")
        try:
            counts = write_archive(target)
        except ZwdeskError as exc:
            QMessageBox.warning(self.window, "未能导出", chinese_part(str(exc)))
            return
        QMessageBox.information(self.window, "已导出全部数据",
                                f"{target}\n{counts['issues']} 期，{counts['items']} 条来稿，"
                                f"{counts['units']} 个单位。")

    def import_all(self) -> None:
        from zwdesk.app.filedialogs import get_open_file_name
        from zwdesk.store.archive import import_archive

        if self.read_only():
            return
        name, _ = get_open_file_name(self.window, "导入全部数据", "", "zwdesk 全部数据 (*.zip)")
        if not name:
            return
        try:
            backups.backup_if_file()
            added = import_archive(Path(name))
        except ZwdeskError as exc:
            QMessageBox.warning(self.window, "未能导入", chinese_part(str(exc)))
            return
        self.after_restore()
        QMessageBox.information(self.window, "已导入全部数据",
                                f"{added['issues']} 期，{added['submissions']} 份报送，"
                                f"{added['items']} 条来稿。")


def offer_restore(parent: QWidget | None, path: Path, problem: str) -> bool:
    """The database cannot be opened because it is damaged: offer its good backups by date and
    issue count. True when one was put in place."""
    if "已损坏" not in problem:
        return False
    found = backups.good_backups(path)
    if not found:
        return False
    labels = [f"{b.time:%Y-%m-%d %H:%M}　{b.issues} 期　{b.items} 条来稿　{b.path.name}"
              for b in found]
    label, ok = QInputDialog.getItem(
        parent, "从备份恢复", f"{chinese_part(problem)}\n\n选择要恢复的备份（最新的在最上面）：",
        labels, 0, False)
    if not ok:
        return False
    try:
        backups.restore(path, found[labels.index(label)].path)
    except ZwdeskError as exc:
        QMessageBox.critical(parent, "未能恢复", chinese_part(str(exc)))
        return False
    return True


def check_after_crash(window: QWidget, path: Path, after_restore: Callable[[], None]) -> None:
    """After an unclean end, SQLite's quick_check runs in the background; on damage the
    backups are offered."""
    from zwdesk.app.tasks import run_in_background

    def checked(problem: object) -> None:
        if not problem:
            return
        text = f"数据库 {path} 已损坏（{problem}）。"
        if QMessageBox.warning(window, "数据库已损坏", text + "\n\n现在从备份恢复吗？",
                               QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                               ) == QMessageBox.StandardButton.Yes:
            dialog = BackupDialog(window, lambda b: _restored(b, after_restore))
            dialog.exec()

    window.crash_check = run_in_background(
        lambda: backups.integrity_problem(path, quick=True), checked, lambda _text: None)


def _restored(backup: Path, after_restore: Callable[[], None]) -> str:
    message = restore_into_open_database(backup)
    after_restore()
    return message


def restore_into_open_database(backup: Path) -> str:
    """Close the open database, put the backup in place, open it again; what was done."""
    from zwdesk.store.database import close_database, open_database

    path = close_database()
    try:
        info, kept = backups.restore(path, backup)
    finally:
        open_database(path)
    where = "" if kept == path else f"\n原来的数据库保留在：{kept}"
    return f"已从 {info.path.name} 恢复（{info.issues} 期，{info.items} 条来稿）。{where}"


class BackupDialog(QDialog):
    """The backups by date, 立即备份, 恢复所选…, and where they go and how many are kept."""

    def __init__(self, parent: QWidget | None, restore: Callable[[Path], str],
                 read_only: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle("备份与恢复")
        self.resize(720, 420)
        self.restore, self.path = restore, backups.open_database_file()
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Each cell whole: a cut time showed two backups a minute apart alike (2026-12-06 …).
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self.restore_selected)
        self.now = QPushButton("立即备份", self)
        self.now.clicked.connect(self.backup_now)
        self.back = QPushButton("从所选备份恢复…", self)
        self.back.clicked.connect(self.restore_selected)
        for button in (self.now, self.back):
            button.setEnabled(not read_only)
        self.folder = QLineEdit(str(backups.backup_folder(self.path)), self)
        self.count = QSpinBox(self, minimum=1, maximum=1000, value=backups.kept_count())
        save = QPushButton("保存设置", self)
        save.setEnabled(not read_only)
        save.clicked.connect(self.save_settings)
        self.note = QLabel(self)
        self._lay_out(save)
        self.reload()

    def _lay_out(self, save: QPushButton) -> None:
        buttons = QHBoxLayout()
        for widget in (self.now, self.back):
            buttons.addWidget(widget)
        buttons.addStretch()
        form = QFormLayout()
        form.addRow("备份文件夹：", self.folder)
        form.addRow("保留最近的份数：", self.count)
        form.addRow("", save)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("自动备份：关闭程序时（有修改）、编辑时每 30 分钟、导入文件夹或"
                                "全部数据之前。保留最近的若干份、30 天内每天 1 份、更早每月 1 份。",
                                self, wordWrap=True))
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(close)

    def reload(self) -> None:
        found = backups.list_backups(backups.backup_folder(self.path))
        self.table.setRowCount(len(found))
        for row, info in enumerate(found):
            cells = (f"{info.time:%Y-%m-%d %H:%M:%S}", str(info.issues), str(info.items),
                     f"{info.size / 2**20:.1f} MB", info.path.name)  # its folder is below
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
            self.table.item(row, 4).setToolTip(str(info.path))
        if found:
            self.table.selectRow(0)
        self.back.setEnabled(self.now.isEnabled() and bool(found))

    def backup_now(self) -> None:
        try:
            info = backups.make_backup()
        except ZwdeskError as exc:
            self.note.setText(chinese_part(str(exc)))
            return
        self.note.setText(f"已备份：{info.path.name}（{info.issues} 期，{info.items} 条来稿）")
        self.reload()

    def selected(self) -> Path | None:
        rows = self.table.selectionModel().selectedRows()
        return Path(self.table.item(rows[0].row(), 4).toolTip()) if rows else None

    def restore_selected(self) -> None:
        chosen = self.selected()
        if chosen is None or not self.back.isEnabled():
            return
        answer = QMessageBox.question(
            self, "从备份恢复", f"用 {chosen.name} 的内容替换现在的数据库？\n"
            "现在的数据库会先另存为一份备份，不会丢失。")
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.note.setText(self.restore(chosen))
        except ZwdeskError as exc:
            self.note.setText(chinese_part(str(exc)))
        self.reload()

    def save_settings(self) -> None:
        try:
            backups.set_backup_settings(folder=self.folder.text(), count=self.count.value())
        except ZwdeskError as exc:
            self.note.setText(chinese_part(str(exc)))
            return
        self.note.setText("已保存备份设置。")
        self.reload()
