"""导入审阅稿…: a reviewed Word document against the open issue (ui/review_dialog.ui).

The document is read off the GUI thread; the differences are shown side by side (本期 |
审阅稿, the changed characters marked), each with a check box, the reviewer's comments beside
the paragraphs they are on and all of them in a list below. 采纳所选 stores the chosen
differences as one undoable step, keeping the issue's id.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from difflib import SequenceMatcher
from pathlib import Path

from zwdesk.app import filedialogs
from zwdesk.app.messages import Messages, refuse_read_only
from zwdesk.app.qt import (
    QDialog,
    QHeaderView,
    QLabel,
    Qt,
    QTableWidgetItem,
    QTimer,
    QWidget,
)
from zwdesk.app.session import Session
from zwdesk.app.tasks import run_in_background
from zwdesk.app.uiload import load_ui
from zwdesk.core.errors import ZwdeskError
from zwdesk.core.infile import DOCUMENT_PATTERNS
from zwdesk.core.review import CHANGE, Difference, Review, make_review, shown
from zwdesk.operations import accept_review
from zwdesk.store.issues import issue_label, load_issue

FILE_FILTER = f"Word 文档 ({DOCUMENT_PATTERNS})"
DELETED = "background:#ffd6d3;text-decoration:line-through;"
INSERTED = "background:#c8f0cc;"
TEXT_COLUMNS = (2, 3, 4)


class ReviewImport:
    """The command: ask for the reviewed document, read it in the background, then show the
    dialog. ``stored(count)``: that many differences were stored (the window shows the issue
    anew); ``set_busy(busy, message, timeout)``: the busy indicator and the status bar."""

    def __init__(self, session: Session, parent: QWidget, messages: Messages,
                 finish_editing: Callable[[], None],
                 set_busy: Callable[[bool, str | None, int], None],
                 stored: Callable[[int], None]) -> None:
        self.session, self.parent, self.messages = session, parent, messages
        self.finish_editing, self.set_busy, self.stored = finish_editing, set_busy, stored
        self.task = None

    def start(self) -> None:
        self.finish_editing()
        issue = self.session.issue
        if issue is None or refuse_read_only(self.session, self.messages):
            return
        path, _ = filedialogs.get_open_file_name(self.parent, "选择审阅稿", "", FILE_FILTER)
        if not path:
            return
        from zwdesk.core.reader import read_document

        stored = load_issue(issue)
        self.set_busy(True, f"正在读取审阅稿 {Path(path).name} …", 0)

        def done(result: object) -> None:
            self.set_busy(False, "", 0)
            try:
                review = make_review(stored, result)
            except ZwdeskError as exc:
                self.messages.error("无法导入审阅稿", str(exc))
                return
            ReviewDialog(self.session, self.parent, self.messages.error, review,
                         Path(path).name, self.stored).exec()

        def failed(message: str) -> None:
            self.set_busy(False, "", 0)
            self.messages.error("无法读取审阅稿", message)

        self.task = run_in_background(lambda: read_document(Path(path)), done, failed)


class ReviewDialog:
    def __init__(self, session: Session, parent: QWidget, error: Callable[[str, str], None],
                 review: Review, name: str, stored: Callable[[int], None]) -> None:
        self.session, self.error, self.review, self.stored = session, error, review, stored
        self.dialog: QDialog = load_ui("review_dialog.ui", parent)
        issue = session.issue
        self.dialog.setWindowTitle(f"导入审阅稿 — {issue_label(issue.year, issue.number)}")
        count = len(review.differences)
        self.child("summary").setText(
            f"审阅稿 {name} 与本期有 {count} 处不同（修订按已接受计）。勾选要采纳的修改，"
            "点“采纳所选”后作为一步保存，可以撤销。" if count else
            f"审阅稿 {name} 与本期内容相同。")
        self._fill_differences()
        self._fill_comments()
        self._fill_notes()
        self.child("allButton").clicked.connect(lambda: self._check_all(True))
        self.child("noneButton").clicked.connect(lambda: self._check_all(False))
        buttons = self.child("buttonBox")
        buttons.button(buttons.StandardButton.Ok).setText("采纳所选")
        buttons.button(buttons.StandardButton.Ok).setEnabled(bool(count))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.dialog.reject)
        self.dialog.resize(1100, 640)

    def child(self, name: str) -> QWidget:
        return self.dialog.findChild(QWidget, name)

    def exec(self) -> bool:
        return self.dialog.exec() == QDialog.DialogCode.Accepted

    # --- filling ---

    def _fill_differences(self) -> None:
        table = self.child("differences")
        table.setRowCount(len(self.review.differences))
        remarks = False  # a comment on the paragraph of a difference
        for row, diff in enumerate(self.review.differences):
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            check.setCheckState(Qt.CheckState.Checked)
            table.setItem(row, 0, check)
            table.setItem(row, 1, QTableWidgetItem(diff.place))
            table.item(row, 1).setToolTip(diff.path)
            old, new = marked(diff)
            remark = "\n".join(comment for paragraph, comment in self.review.comments
                               if _on(paragraph, diff))
            remarks = remarks or bool(remark)
            for column, text in zip(TEXT_COLUMNS, (old, new, html.escape(remark)), strict=True):
                label = QLabel(text)
                label.setWordWrap(True)
                label.setTextFormat(Qt.TextFormat.RichText)
                label.setMargin(4)
                table.setCellWidget(row, column, label)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(1, 230)
        for column in TEXT_COLUMNS:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        table.setColumnHidden(TEXT_COLUMNS[-1], not remarks)
        table.resizeRowsToContents()

    def _fill_comments(self) -> None:
        table = self.child("comments")
        table.setRowCount(len(self.review.comments))
        for row, (paragraph, comment) in enumerate(self.review.comments):
            for column, text in enumerate((paragraph, comment)):
                table.setItem(row, column, QTableWidgetItem(text))
                table.item(row, column).setToolTip(text)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # Whole paragraphs, wrapped: rows fit once the columns have their widths.
        QTimer.singleShot(0, table.resizeRowsToContents)
        table.setVisible(bool(self.review.comments))
        self.child("splitter").setSizes([400, 110])  # the comments below, in a short list

    def _fill_notes(self) -> None:
        notes = [f"有 {len(self.review.kept_as_text)} 段未能对应到本期的位置，没有比较，"
                 "请手工核对：" + "；".join(t[:30] for t in self.review.kept_as_text)] \
            if self.review.kept_as_text else []
        notes += [f"提醒：{w}" for w in self.review.warnings]
        self.child("notes").setText("\n".join(notes))
        self.child("notes").setVisible(bool(notes))

    def _check_all(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        table = self.child("differences")
        for row in range(table.rowCount()):
            table.item(row, 0).setCheckState(state)

    # --- accepting ---

    def chosen(self) -> list[Difference]:
        table = self.child("differences")
        return [diff for row, diff in enumerate(self.review.differences)
                if table.item(row, 0).checkState() == Qt.CheckState.Checked]

    def accept(self) -> None:
        chosen = self.chosen()
        if chosen and not self._store(chosen):
            return
        self.dialog.accept()

    def _store(self, chosen: list[Difference]) -> bool:
        issue = self.session.issue
        data = self.review.apply(chosen)
        try:
            stored = self.session.editor.edit(f"采纳审阅修改（{len(chosen)} 处）",
                                              lambda: accept_review(issue, data))
        except ZwdeskError as exc:
            self.error("未能采纳", str(exc))
            return False
        if stored:
            self.stored(len(chosen))
        return stored


def marked(diff: Difference) -> tuple[str, str]:
    """The old and new value as HTML, the characters that differ marked."""
    old, new = html.escape(shown(diff.old)), html.escape(shown(diff.new))
    if diff.kind != CHANGE:
        return (f"<span style='{DELETED}'>{old}</span>" if old else "",
                f"<span style='{INSERTED}'>{new}</span>" if new else "")
    a, b = shown(diff.old), shown(diff.new)
    left, right = [], []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        gone, came = html.escape(a[i1:i2]), html.escape(b[j1:j2])
        if tag == "equal":
            left.append(gone)
            right.append(came)
            continue
        if gone:
            left.append(f"<span style='{DELETED}'>{gone}</span>")
        if came:
            right.append(f"<span style='{INSERTED}'>{came}</span>")
    return "".join(left), "".join(right)


def _on(paragraph: str, diff: Difference) -> bool:
    """Whether a comment's paragraph is the text of this difference (or part of it)."""
    key = paragraph.strip()
    texts = (shown(diff.old), shown(diff.new))
    return bool(key) and any(key in text or (text and text in key) for text in texts)
