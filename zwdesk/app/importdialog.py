"""导入往期…: many files or a folder into the database (ui/import_dialog.ui).

Reading runs off the GUI thread (zwdesk.app.tasks.stream_in_background); each file read is
stored on the GUI thread as it arrives, in its own transaction. The table lists every file:
imported (double-click opens the issue), or why not; the box below it shows the paragraphs
kept as text, the reader's notes or the whole reason of the selected row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from zwdesk.app import filedialogs
from zwdesk.app.qt import QDialog, QHeaderView, Qt, QTableWidgetItem, QWidget
from zwdesk.app.session import Session
from zwdesk.app.tasks import stream_in_background
from zwdesk.app.uiload import load_ui
from zwdesk.core.errors import ZwdeskError, chinese_part, quote_path
from zwdesk.core.exchange import FormatError
from zwdesk.core.infile import DOCUMENT_PATTERNS
from zwdesk.importing import FileRead, collect_files, kept_note, read_files, store_read
from zwdesk.store.issues import find_issue_info, issue_label

FILE_FILTER = f"往期文件 ({DOCUMENT_PATTERNS} *.json);;所有文件 (*)"
IMPORTED, REFUSED = "已导入", "未导入"


@dataclass
class _Row:
    issue_id: int | None
    details: str


class ImportDialog:
    """``open_issue(issue_id)`` shows an imported issue in the window (a double-click)."""

    def __init__(self, session: Session, parent: QWidget,
                 open_issue: Callable[[int], None]) -> None:
        self.session, self.open_issue = session, open_issue
        self.dialog: QDialog = load_ui("import_dialog.ui", parent)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.table = self.child("results")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.rows: list[_Row] = []
        self.task = None
        # The issues (year, number) stored in this run, one replaced twice once: a replaced
        # issue's rows get new ids (on a server always, in a file unless it was the newest).
        self.imported: set[tuple[int, int]] = set()
        self.stored = 0  # the files stored in this run
        for name in ("progress", "cancelButton"):  # no "0 / 100" before a file is chosen
            self.child(name).hide()
        self.child("chooseFilesButton").clicked.connect(self.choose_files)
        self.child("chooseFolderButton").clicked.connect(self.choose_folder)
        self.child("cancelButton").clicked.connect(self.cancel)
        self.child("buttonBox").rejected.connect(self.dialog.reject)
        self.dialog.rejected.connect(self.cancel)
        self.table.itemSelectionChanged.connect(self._show_details)
        self.table.itemDoubleClicked.connect(self._open_issue)

    def child(self, name: str) -> QWidget:
        return self.dialog.findChild(QWidget, name)

    def show(self) -> None:
        self.dialog.resize(980, 600)
        self.dialog.show()

    # --- choosing ---

    def choose_files(self) -> None:
        paths, _ = filedialogs.get_open_file_names(self.dialog, "选择往期文件", "", FILE_FILTER)
        if paths:
            self.start([Path(p) for p in paths])

    def choose_folder(self) -> None:
        folder = filedialogs.get_existing_directory(self.dialog, "选择往期所在的文件夹")
        if folder:
            self.start([Path(folder)])

    # --- running ---

    @property
    def running(self) -> bool:
        return self.task is not None

    def start(self, paths: list[Path]) -> None:
        """Import ``paths`` (files or folders); the table lists this run's files only."""
        if self.running:
            return
        self.table.setRowCount(0)
        self.rows.clear()
        self.child("details").clear()
        files, problems = collect_files(paths)
        for problem in problems:
            self._add_row(problem.path, REFUSED, "", problem.error, None)
        if not files:
            self._say("没有可导入的文件。")
            return
        self.imported, self.stored, self.total = set(), 0, len(files)
        self._set_running(True)
        progress = self.child("progress")
        progress.setRange(0, len(files))
        progress.setValue(0)
        progress.show()
        self.child("cancelButton").show()
        converting = sum(p.suffix.lower() in (".doc", ".wps") for p in files)
        self._say(f"正在用办公软件转换 {converting} 个 .doc/.wps 文件 …" if converting
                  else f"正在读取 {len(files)} 个文件 …")
        replace = self.child("replaceCheck").isChecked()
        self.task = stream_in_background(lambda cancelled: read_files(files, cancelled),
                                         lambda read: self._store(read, replace),
                                         self._finished, self._failed)

    def _store(self, read: FileRead, replace: bool) -> None:
        """One file read: stored now, in its own transaction, and listed."""
        old = find_issue_info(read.issue["year"], read.issue["number"]) if read.issue else None
        try:
            issue = store_read(read, replace=replace)
        except ZwdeskError as exc:
            self._add_row(read.path, REFUSED, "", _reason(read, exc), None)
        else:
            if old is not None:  # replaced: the old rows and their undo history are gone
                self.session.editor.forget(old.id)
            self.imported.add((issue.year, issue.number))
            self.stored += 1
            label = f"{issue_label(issue.year, issue.number)}（总第{issue.serial}期）"
            self._add_row(read.path, IMPORTED, label, _details(read), issue.id,
                          note=kept_note(read) or ("有提醒" if read.warnings else ""))
        progress = self.child("progress")
        progress.setValue(progress.value() + 1)
        self._say(f"已处理 {progress.value()} / {self.total} 个文件，已导入 {self._issues()}")

    def _issues(self) -> str:
        """导入 3 期, or, when files of the same issue replaced one another in this run,
        导入 1 期（5 个文件为同一期，后导入的替换了先导入的）."""
        text = f"{len(self.imported)} 期"
        if self.stored > len(self.imported):
            text += (f"（{self.stored} 个文件中有 {self.stored - len(self.imported)} 个"
                     "替换了本次先导入的同一期）")
        return text

    def _finished(self) -> None:
        done = self.child("progress").value()
        refused = done - self.stored
        if done < self.total:
            text = f"已停止：导入 {self._issues()}，{self.total - done} 个文件未处理。"
        else:
            text = f"完成：导入 {self._issues()}。"
        self._say(text + (f"{refused} 个文件未导入，原因见表中。" if refused else ""))
        self._set_running(False)
        self.task = None
        self.session.issues_changed()

    def _failed(self, message: str) -> None:
        self._add_row(Path(), REFUSED, "", message, None)

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self._say("正在停止：当前文件处理完后停止 …")

    # --- the table ---

    def _add_row(self, path: Path, result: str, label: str, details: str,
                 issue_id: int | None, note: str = "") -> None:
        # The Chinese of each message: the command line adds the English in brackets.
        details = "\n".join(chinese_part(line) for line in details.splitlines())
        row = self.table.rowCount()
        self.table.insertRow(row)
        first_line = details.splitlines()[0].removeprefix(f"{quote_path(path)}: ") \
            if details else ""
        for column, text in enumerate((path.name, result, label,
                                       note if issue_id is not None else first_line)):
            item = QTableWidgetItem(text)
            item.setToolTip(details or text)
            self.table.setItem(row, column, item)
        if issue_id is None:
            self.table.item(row, 1).setForeground(Qt.GlobalColor.darkRed)
        self.rows.append(_Row(issue_id, details))
        self.table.resizeColumnsToContents()
        self.table.scrollToBottom()

    def _show_details(self) -> None:
        row = self.table.currentRow()
        self.child("details").setPlainText(self.rows[row].details if row >= 0 else "")

    def _open_issue(self, item: QTableWidgetItem) -> None:
        issue_id = self.rows[item.row()].issue_id
        if issue_id is not None:
            self.open_issue(issue_id)

    def _set_running(self, running: bool) -> None:
        for name in ("chooseFilesButton", "chooseFolderButton", "replaceCheck"):
            self.child(name).setEnabled(not running)
        self.child("cancelButton").setEnabled(running)

    def _say(self, text: str) -> None:
        self.child("statusLabel").setText(text)


def _reason(read: FileRead, exc: ZwdeskError) -> str:
    """Why a file was not stored; a taken issue in the dialog's words."""
    if isinstance(exc, FormatError) and exc.path == "number" and read.issue is not None:
        label = issue_label(read.issue["year"], read.issue["number"])
        return (f"{quote_path(read.path)}: {label}已存在。如需用这个文件替换它，请勾选"
                "“覆盖已有的同年同期”后再导入。")
    return str(exc)


def _details(read: FileRead) -> str:
    lines = [f"按原文保留（{len(read.kept_as_text)} 段）：", *read.kept_as_text] \
        if read.kept_as_text else []
    return "\n".join(lines + [f"提醒：{w}" for w in read.warnings])
