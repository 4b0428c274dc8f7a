"""Everything that leaves the app as a file or on paper: the bulletin as Word, PDF or OFD, its
分发登记表, printing (preview, then the printer), and the exchange file.

Slow work (rendering, the office suite's conversion) runs off the GUI thread with the busy
indicator; failures come back as dialogs in plain Chinese. Dialogs go through the window's
Messages (confirm / inform / error), so the tests answer them in one place.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from zwdesk.app import filedialogs
from zwdesk.app.filedialogs import ask_save_path
from zwdesk.app.messages import Messages
from zwdesk.app.qt import QAction, QDesktopServices, QMainWindow, QObject, QSettings, QUrl
from zwdesk.app.session import Session
from zwdesk.app.tasks import run_in_background
from zwdesk.core import office
from zwdesk.core.errors import ZwdeskError
from zwdesk.operations import (
    DocumentWriter,
    bulletin_writer,
    write_document,
    write_register,
)
from zwdesk.store.issues import IssueInfo, load_issue, print_copies

if TYPE_CHECKING:
    from zwdesk.app.printing import PrintJob
    from zwdesk.core.problems import Problem

OUTPUT_ACTIONS = ("actionExportWord", "actionExportPdf", "actionExportOfd", "actionPrint",
                  "actionExportRegister", "actionPrintRegister", "actionRealLayout")

NO_OFFICE_FOR_PRINTING = (f"未找到办公软件，无法生成打印预览。{office.INSTALL_HINT}\n\n"
                          "是否用系统默认程序打开 Word 文档？可以在那里打印。")


def issue_file_name(issue: IssueInfo, suffix: str, tail: str = "") -> str:
    """政务服务工作2023年第9期.docx (or …第9期分发登记表.docx), the name proposed for a file."""
    return f"{issue.publication}{issue.year}年第{issue.number}期{tail}{suffix}"


@dataclass(frozen=True)
class OutputKind:
    title: str  # of the save dialog
    suffix: str
    filter: str
    opens_with: str  # named in the question after the export ("现在用 Word/WPS 打开吗？")
    document: Callable[[], DocumentWriter]  # the bulletin or its register, as a Word
    # document: made when the output starts (it reads the settings)
    tail: str = ""  # after the issue in the proposed file name

    @property
    def pdf(self) -> bool:
        return self.suffix == ".pdf"


WORD = OutputKind("导出 Word", ".docx", "Word 文档 (*.docx)", "Word/WPS ", bulletin_writer)
PDF = OutputKind("导出 PDF", ".pdf", "PDF 文件 (*.pdf)", "PDF 阅读器", bulletin_writer)
OFD = OutputKind("导出 OFD", ".ofd", "OFD 版式文档 (*.ofd)", "OFD 阅读器", bulletin_writer)
REGISTER = OutputKind("导出分发登记表", ".docx", "Word 文档 (*.docx)", "Word/WPS ",
                      lambda: write_register, tail="分发登记表")


class Outputs(QObject):
    """The export, print and exchange-file export commands of the main window.

    ``finish_editing`` stores what is being typed before the issue is read; ``problems`` is
    the 检查 list as it is now (the window's views refreshed first); ``set_busy(busy, message,
    timeout)`` shows the busy indicator and a message in the status bar.
    """

    def __init__(self, session: Session, window: QMainWindow, messages: Messages,
                 finish_editing: Callable[[], None], problems: Callable[[], list[Problem]],
                 set_busy: Callable[[bool, str | None, int], None]) -> None:
        super().__init__(window)
        self.session, self.window, self.messages = session, window, messages
        self.finish_editing, self.problems, self.set_busy = finish_editing, problems, set_busy
        self.running = False  # one output at a time; its actions are disabled meanwhile
        self._action("actionRealLayout").triggered.connect(self.view_real_layout)

    def _action(self, name: str) -> QAction:
        return self.window.findChild(QAction, name)

    def export_word(self) -> None:
        self._export(WORD)

    def export_pdf(self) -> None:
        self._export(PDF)

    def export_ofd(self) -> None:
        self._export(OFD)

    def export_register(self) -> None:
        self._export(REGISTER, check=False)  # the register prints no text to check

    def _export(self, kind: OutputKind, check: bool = True) -> None:
        self.finish_editing()
        issue = self.session.issue
        if issue is None or self.running:
            return
        if check and not self.accept_problems("导出"):
            return
        if kind.pdf and not self._office_found():
            self.messages.error("无法导出 PDF", office.NOT_FOUND_MESSAGE)
            return
        target = self._ask_target(kind, issue)
        if target is not None:
            data, write = load_issue(issue), kind.document()
            self._start_task(f"正在导出 {target.name} …",
                             lambda: write_document(write, data, target, (kind.suffix,)),
                             lambda done: self._export_done(kind, done), "导出失败")

    def _ask_target(self, kind: OutputKind, issue: IssueInfo) -> Path | None:
        return ask_save_path(self.window, kind.title,
                             issue_file_name(issue, kind.suffix, kind.tail), kind.filter)

    def accept_problems(self, verb: str) -> bool:
        """Problems never block an export (or 定稿): the secretary decides, having seen how
        many, and having been told by name of every entry that was typed but not saved."""
        count = len(self.problems())
        if count == 0:
            return True
        question = f"“检查”列出了 {count} 个问题（见窗口下方）。"
        unsaved = [p.message for p in self.session.refusal_problems()]
        if unsaved:
            question += ("\n\n以下填写有误、没有保存，本期中仍是原来的内容：\n"
                         + "\n".join(f"• {text}" for text in unsaved) + "\n")
        return self.messages.confirm(f"{verb}前检查", f"{question}仍然{verb}吗？")

    def _office_found(self) -> bool:
        return office.find_converter() is not None

    def _start_task(self, message: str, work: Callable[[], object],
                    done: Callable[[object], None], failure_title: str) -> None:
        """Run ``work`` off the GUI thread with the busy indicator; failures become a dialog."""
        self._set_busy(True, message)
        self._task = run_in_background(work, done,
                                       lambda text: self._task_failed(failure_title, text))

    def _set_busy(self, busy: bool, message: str = "") -> None:
        self.running = busy
        self.set_busy(busy, message or None, 0 if busy else 8000)
        for name in OUTPUT_ACTIONS:
            self._action(name).setEnabled(not busy)

    def _export_done(self, kind: OutputKind, target: Path) -> None:
        self._set_busy(False, f"已导出 {target}")
        question = f"已导出：\n{target}\n\n现在用 {kind.opens_with}打开吗？"
        if self.messages.confirm("导出完成", question):
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))

    def _task_failed(self, title: str, message: str) -> None:
        self._set_busy(False, title)
        self.messages.error(title, message)

    def print_issue(self) -> None:
        """打印…: the PDF made in the background, then the preview of its pages."""
        self.finish_editing()
        issue = self.session.issue
        if issue is not None and self.accept_problems("打印"):
            self._print(bulletin_writer(), issue_file_name(issue, ""), print_copies(issue))

    def print_register(self) -> None:
        """The 分发登记表, one copy: it is signed and kept."""
        self.finish_editing()
        issue = self.session.issue
        if issue is not None:
            self._print(write_register, issue_file_name(issue, "", "分发登记表"), 1)

    def _print(self, document: DocumentWriter, name: str, copies: int) -> None:
        issue = self.session.issue
        if self.running:
            return
        if not self._office_found():
            self._offer_word_document(issue, document, name)
            return
        from zwdesk.app.printing import PrintJob  # Qt's printing loads when first used

        job = PrintJob(name, copies)
        data = load_issue(issue)
        self._start_task("正在生成打印预览 …", lambda: job.make(document, data),
                         self._show_print_preview, "打印失败")

    def _show_print_preview(self, job: PrintJob) -> None:
        from zwdesk.app.printing import preview_and_print, printed_message

        self._set_busy(False, "打印预览")
        title = f"打印预览 — {job.name}（共印{job.copies}份）"
        try:
            printed = preview_and_print(job.pdf, job.copies, self.window, title)
        except ZwdeskError as exc:
            self.messages.error("打印失败", str(exc))
            return
        finally:
            job.close()
        if printed is not None:
            self.window.statusBar().showMessage(printed_message(*printed, job.name), 15000)

    def view_real_layout(self) -> None:
        """查看实际排版: the pages as the office suite lays them out, made off the GUI thread
        and shown with QtPdf (the preview is the page model's reckoning)."""
        self.finish_editing()
        issue = self.session.issue
        if issue is None or self.running:
            return
        if not self._office_found():
            self.messages.error("无法查看实际排版", office.NOT_FOUND_MESSAGE)
            return
        from zwdesk.app.printing import PrintJob

        job, data, write = PrintJob(issue_file_name(issue, ""), 1), load_issue(issue), \
            bulletin_writer()
        self._start_task("正在排版 …", lambda: job.make(write, data), self._show_real_layout,
                         "无法排版")

    def _show_real_layout(self, job: PrintJob) -> None:
        from zwdesk.app.printing import show_pdf

        self._set_busy(False, "实际排版")
        try:
            show_pdf(job.pdf, self.window, f"实际排版 — {job.name}")
        except ZwdeskError as exc:
            self.messages.error("无法排版", str(exc))
        finally:
            job.close()

    def _offer_word_document(self, issue: IssueInfo, document: DocumentWriter,
                             name: str) -> None:
        """No office suite to make the PDF: print from Word/WPS (or whatever opens .docx)."""
        if not self.messages.confirm("无法打印", NO_OFFICE_FOR_PRINTING):
            return
        # A folder of its own, not the export folder: never overwrite an export the
        # secretary may have edited by hand in Word.
        target = Path(tempfile.gettempdir()) / "zwdesk" / f"{name}.docx"
        data = load_issue(issue)

        def work() -> Path:
            target.parent.mkdir(exist_ok=True)
            document(data, target)
            return target

        self._start_task(f"正在生成 {target.name} …", work, self._open_document, "无法打开")

    def _open_document(self, path: Path) -> None:
        self._set_busy(False, f"已打开 {path}")
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.messages.error("无法打开", f"没有找到可以打开 Word 文档的程序。文件在：\n{path}")

    def export_json(self) -> None:
        from zwdesk.operations import dump_issue

        self.finish_editing()
        issue = self.session.issue
        if issue is None:
            return
        name = issue_file_name(issue, ".json")
        folder = QSettings().value("export/folder", str(Path.home()))
        path, _ = filedialogs.get_save_file_name(self.window, "导出交换文件",
                                              str(Path(folder) / name), "交换文件 (*.json)")
        if not path:
            return
        try:
            dump_issue(issue, Path(path))
        except ZwdeskError as exc:
            self.messages.error("无法导出", str(exc))
            return
        self.window.statusBar().showMessage(f"已导出 {path}", 8000)
