"""The main window's controller: issue list, outline, forms, live preview and the 检查 panel.

The window itself is ui/mainwindow.ui; this class composes it: the forms, the views and the
dialogs each get the session (zwdesk.app.session: the open issue, its edits, what changed)
and the few callbacks they need from the window, and the window follows the session's
signals. Every edit is in the database as soon as it is made; the preview and checks follow a
moment later (one refresh per burst of typing).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from zwdesk.app import outline
from zwdesk.app.archives import ArchiveActions, full_label, short_label
from zwdesk.app.backups import Backups
from zwdesk.app.conflicts import ConflictBanner, ConnectionBanner, EditingNow
from zwdesk.app.dialogs import NewSectionDialog, SettingsDialog, YearCheckDialog
from zwdesk.app.forms.distribution import DistributionForm
from zwdesk.app.forms.masthead import MastheadForm
from zwdesk.app.forms.section import SectionForm
from zwdesk.app.history import HistoryDialog, apply_saved_name, save_name, saved_name
from zwdesk.app.inboxview import Inbox
from zwdesk.app.issuelist import IssueListModel
from zwdesk.app.messages import Messages, refuse_read_only
from zwdesk.app.nodes import DISTRIBUTION, MASTHEAD, SECTION, Node, part_of
from zwdesk.app.outputs import Outputs
from zwdesk.app.preview import Preview
from zwdesk.app.qt import (
    QAction,
    QApplication,
    QByteArray,
    QEvent,
    QFontDatabase,
    QHeaderView,
    QInputDialog,
    QKeySequence,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QObject,
    QPlainTextEdit,
    QPoint,
    QProgressBar,
    QSettings,
    QSizePolicy,
    QStackedWidget,
    Qt,
    QTableView,
    QTimer,
)
from zwdesk.app.reviewdialog import ReviewImport
from zwdesk.app.searchpanel import SearchPanel, select_match
from zwdesk.app.session import SESSION_READ_ONLY_TEXT, Session
from zwdesk.app.uiload import load_ui
from zwdesk.core.bulletin import compose
from zwdesk.core.errors import ZwdeskError
from zwdesk.core.fieldkeys import EDITOR, PUBLICATION
from zwdesk.core.problems import ERROR, WARNING, Problem
from zwdesk.core.slips import full_width
from zwdesk.store import editing, sections
from zwdesk.store.content import set_publication
from zwdesk.store.database import default_db_path, open_location
from zwdesk.store.issues import (
    IssueSummary,
    add_next_issue,
    check_stored_issue,
    delete_issue,
    find_issue_info,
    issue_info,
    load_issue,
    year_run,
)
from zwdesk.store.sections import SectionInfo
from zwdesk.store.versions import last_writer

if TYPE_CHECKING:
    from zwdesk.app.statsview import StatsView

REFRESH_DELAY_MS = 150
PROBLEM_ROLE = Qt.ItemDataRole.UserRole
CHECK_ROWS = 6  # lines of the 检查 list in view on a first start
SEVERITY_MARKS = {ERROR: "✖ ", WARNING: "⚠ "}



def _size_issue_columns(table: QTableView) -> None:
    """Widths from the font, not from the contents: sizing to contents would read every row."""
    metrics = table.fontMetrics()
    header = table.horizontalHeader()
    for column, sample in ((0, "2023"), (1, "第52期"), (2, "总第429期"), (4, "已定稿")):
        header.resizeSection(column, metrics.horizontalAdvance(sample) + 14)
    header.setStretchLastSection(False)
    header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)  # the period takes the rest
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    # Never fewer than three rows in view (a tall 查找 panel squeezed it to two).
    table.setMinimumHeight(header.sizeHint().height() + 3 * table.verticalHeader()
                           .defaultSectionSize() + 2 * table.frameWidth())


def _size_by_current_page(stack: QStackedWidget) -> None:
    """A stack as wide and tall as the form it shows, not as its largest form: the 版记 form's
    width cut the item buttons off in a narrow pane (a window at half of a 1366-px screen),
    and its height gave every form a scroll bar."""
    for index in range(stack.count()):
        policy = (QSizePolicy.Policy.Preferred if index == stack.currentIndex()
                  else QSizePolicy.Policy.Ignored)
        stack.widget(index).setSizePolicy(policy, policy)
    stack.updateGeometry()


def _fixable(words: str) -> bool:
    """Whether a 检查 line is about half-width punctuation that can be put right at once."""
    return bool(words) and full_width(words) != words


class MainWindow(QObject):
    def __init__(self, session: Session) -> None:
        window = load_ui("mainwindow.ui")
        super().__init__(window)  # the controller (its timer, the session) dies with the window
        self.window = window
        self.window.installEventFilter(self)
        self.window.setAcceptDrops(True)  # files dropped on it are imported
        self.session = session
        session.setParent(self)
        self.editor = session.editor  # the forms' edits, their undo and refused entries
        # The window's message boxes for every view; looked up when shown (tests answer them).
        self.messages = Messages(lambda title, text: self.confirm(title, text),
                                 lambda title, text: self.inform(title, text),
                                 lambda title, text: self.error(title, text))
        self._refresh_timer = QTimer(self, singleShot=True, interval=REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self.refresh_views)
        self.problems_shown: list[Problem] = []
        self._history_told = False  # the undo history's message told of another's write
        self._place_before: tuple[str, int, int] = ("", 0, 0)
        self.outputs = Outputs(session, window, self.messages, self.finish_editing,
                               self.current_problems, self.set_busy)
        self.review = ReviewImport(session, window, self.messages, self.finish_editing,
                                   self.set_busy, self._review_stored)
        self._setup_forms()
        self._setup_views()
        self._setup_actions()
        self._follow_session()
        self.conflicts = ConflictBanner(window, self.editor, self._stored_text,
                                        session.check_external_changes)
        self.editing_now = EditingNow(self.child("editingNow"), self._issue_and_part,
                                      lambda: self.editor.offline, self)
        self.connection = ConnectionBanner(self.child("connectionBanner"), self.editor,
                                           session.check_external_changes, self)
        self.search = SearchPanel(session, window, self.select_issue, self.show_place)
        self.inbox = Inbox(session, window, self.messages, self.finish_editing,
                           self._show_adopted, [self.undo_action, self.redo_action])
        self.backups = Backups(window, session.database_replaced,
                               lambda: session.session_read_only)
        self.child("menuFile").insertActions(self.child("actionSettings"), self.backups.actions)
        apply_saved_name()  # the name this desk's writes record (设置)
        self.archives = ArchiveActions(window, open_location, default_db_path)
        self.child("menuFile").insertActions(self.child("actionSettings"), self.archives.actions)
        self.archive_label = QLabel(full_label(open_location()))  # which archive is open
        self.window.statusBar().addPermanentWidget(self.archive_label)
        self.reload_issue_list()
        self._restore_settings()
        self._show_missing_fonts()
        if session.session_read_only:
            self._session_read_only()
        session.start_watching()

    def _follow_session(self) -> None:
        """What the window does when the session says something changed."""
        session, editor = self.session, self.editor
        session.issueOpened.connect(self._issue_opened)
        session.issueChanged.connect(self._after_edit)
        session.issueReloaded.connect(self._after_reload)
        session.issuesChanged.connect(self._issues_changed)
        session.readOnlyChanged.connect(self._read_only_changed)
        session.aboutToFollow.connect(self._note_place)
        session.changedElsewhere.connect(self._changed_elsewhere)
        editor.refusalsChanged.connect(self._refresh_timer.start)
        editor.refusalsChanged.connect(self._show_save_state)
        editor.failed.connect(lambda text: self.error("未能保存", text))
        editor.historyDropped.connect(self._history_dropped)
        editor.ask = lambda title, text: self.confirm(title, text)

    # --- widgets ---

    def child(self, name: str):  # noqa: ANN201 - any widget of the .ui file
        found = self.window.findChild(QObject, name)
        if found is None:
            raise LookupError(name)
        return found

    def _setup_forms(self) -> None:
        stack = self.child("formStack")
        self.forms = {
            MASTHEAD: MastheadForm(self.editor, stack),
            SECTION: SectionForm(self.editor, stack),
            DISTRIBUTION: DistributionForm(self.editor, stack),
        }
        for form in self.forms.values():
            stack.addWidget(form.widget)
        stack.currentChanged.connect(lambda _index: _size_by_current_page(stack))
        _size_by_current_page(stack)
        self.forms[MASTHEAD].signals.settingsRequested.connect(self.edit_settings)
        register = self.forms[DISTRIBUTION].fields
        register.widget("exportRegisterButton").clicked.connect(self.outputs.export_register)
        register.widget("printRegisterButton").clicked.connect(self.outputs.print_register)

    def _setup_views(self) -> None:
        self.issues = IssueListModel(self)
        table = self.child("issueTable")
        table.setModel(self.issues)
        _size_issue_columns(table)
        table.selectionModel().selectionChanged.connect(lambda *_: self._issue_selected())
        tree = self.child("outline")
        tree.currentItemChanged.connect(lambda *_: self.show_node(outline.current_node(tree)))
        left = self.child("leftSplitter")  # a taller or shorter pane (查找 opening) changes
        left.setStretchFactor(0, 0)       # 本期目录, and the issue list keeps its rows
        left.setStretchFactor(1, 1)
        self.preview = Preview(self.child("preview"))
        tree.currentItemChanged.connect(
            lambda *_: self.preview.show_anchor(outline.current_anchor(tree)))
        self.preview.anchorClicked.connect(self.select_anchor)
        self.preview.fieldClicked.connect(lambda _anchor, field: self.focus_field(field))
        self.child("checksList").itemActivated.connect(self._problem_activated)
        self.child("checksList").itemClicked.connect(self._problem_activated)
        self.child("checksList").setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.child("checksList").customContextMenuRequested.connect(self._problem_menu)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(160)
        self.busy.hide()
        self.window.statusBar().addPermanentWidget(self.busy)
        self.child("readOnlyBanner").hide()
        self.child("readOnlyBanner").setWordWrap(True)  # never wider than the form
        # Forms wrap to the pane; one that cannot (the 综窗 figures' four columns in a pane
        # at half of a 1366-px screen) scrolls sideways rather than being cut off.
        self.child("formScroll").setHorizontalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        checks = self.child("checksDock").toggleViewAction()
        checks.setText("检查面板")
        checks.setShortcut(QKeySequence("Ctrl+Shift+K"))
        self.child("menuIssue").addAction(checks)
        year_check = QAction("检查全年…", self.window)
        year_check.setObjectName("actionCheckYear")
        year_check.triggered.connect(lambda: self.check_year())
        self.child("menuIssue").addAction(year_check)
        self.year_dialog: YearCheckDialog | None = None
        stats = QAction("统计…", self.window)
        stats.setObjectName("actionStats")
        stats.triggered.connect(lambda: self.show_stats())
        self.child("menuIssue").addAction(stats)
        self.stats_view: StatsView | None = None
        self.window.findChild(QObject, "toolBar").addAction(checks)

    def _setup_actions(self) -> None:
        undo = self.editor.undo_group.createUndoAction(self.window, "撤销")
        undo.setShortcuts(QKeySequence.StandardKey.Undo)
        redo = self.editor.undo_group.createRedoAction(self.window, "重做")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.undo_action, self.redo_action = undo, redo
        # Said in the status bar, over what the step itself said there (已采用到…): the step
        # just undone is the group's redo text now, the one redone its undo text.
        group, bar = self.editor.undo_group, self.window.statusBar()
        undo.triggered.connect(lambda: bar.showMessage(f"已撤销：{group.redoText()}", 8000))
        redo.triggered.connect(lambda: bar.showMessage(f"已重做：{group.undoText()}", 8000))
        self.child("menuEdit").addActions([undo, redo])
        handlers = {
            "actionNewIssue": self.new_issue, "actionExportWord": self.outputs.export_word,
            "actionExportPdf": self.outputs.export_pdf, "actionExportOfd": self.outputs.export_ofd,
            "actionPrint": self.outputs.print_issue,
            "actionExportRegister": self.outputs.export_register,
            "actionPrintRegister": self.outputs.print_register,
            "actionImport": self.import_issues, "actionImportReview": self.review.start,
            "actionExportJson": self.outputs.export_json,
            "actionSettings": self.edit_settings, "actionQuit": self.window.close,
            "actionFinalize": self.finalize, "actionReopen": self.reopen,
            "actionHistory": self.show_history,
            "actionRunChecks": self.refresh_views, "actionDeleteIssue": self.delete_issue,
            "actionAbout": self.about, "actionHelp": self.show_help,
        }
        for name, handler in handlers.items():
            self.child(name).triggered.connect(handler)
        buttons = {
            "newIssueButton": self.new_issue, "addSectionButton": self.add_section,
            "addSubsectionButton": self.add_subsection, "deleteSectionButton": self.delete_section,
            "moveUpButton": lambda: self.move_section(-1),
            "moveDownButton": lambda: self.move_section(1),
        }
        for name, handler in buttons.items():
            self.child(name).clicked.connect(handler)

    def show(self) -> None:
        first_start = QSettings().value("window/state") is None
        screen = self.window.screen().availableGeometry()
        if first_start and (screen.width() < 1500 or screen.height() < 900):
            self.window.showMaximized()  # an office laptop (1366×768): all of the screen
        else:
            self.window.show()
        if first_start:
            self._fit_panes()

    def _fit_panes(self) -> None:
        """First start: panes in proportion to the window, the issue list as tall as its rows,
        a 检查 panel of CHECK_ROWS lines (the user's own arrangement is remembered after that)."""
        width, height = self.window.width(), self.window.height()
        # The preview wants a whole page's width; below about 1300 px the forms come first.
        scrollbar = self.child("preview").verticalScrollBar().sizeHint().width()
        left = round(width * 0.24)
        preview = self.preview.page_width + scrollbar + 16 if width >= 1300 else round(width * 0.36)
        self.child("mainSplitter").setSizes([left, width - left - preview, preview])
        checks = self.child("checksList")
        row = checks.sizeHintForRow(0) if checks.count() else checks.fontMetrics().height() + 4
        dock = CHECK_ROWS * row + self.child("checksSummary").sizeHint().height() + 40  # title
        self.window.resizeDocks([self.child("checksDock")], [min(dock, round(height * 0.3))],
                                Qt.Orientation.Vertical)
        # The issue list as tall as its rows (3 to 8), 本期目录 the rest: with the one sample
        # issue, 8 empty rows left 本期目录 only 4 rows in view.
        table, splitter = self.child("issueTable"), self.child("leftSplitter")
        shown = min(8, max(3, self.issues.rowCount())) + 0.5
        row_height = table.verticalHeader().defaultSectionSize()
        rows = table.horizontalHeader().height() + shown * row_height
        around = table.parentWidget().height() - table.height()  # its label and button
        total = sum(splitter.sizes())
        top = min(round(rows) + around + 4, round(total * 0.62))
        splitter.setSizes([top, total - top])

    # --- the issue list ---

    def reload_issue_list(self, select_id: int | None = None) -> None:
        """Read the list anew (issues added, deleted, renumbered) and select ``select_id``, or
        the issue selected before, or the newest."""
        current = select_id if select_id is not None else self._selected_issue_id()
        table = self.child("issueTable")
        table.selectionModel().blockSignals(True)
        self.issues.reload()
        table.selectionModel().blockSignals(False)
        if self.issues.rowCount() == 0:
            self.session.open_issue(None)
            return
        row = self.issues.row_of(current) if current is not None else None
        table.selectRow(row if row is not None else 0)
        table.scrollTo(self.issues.index(row or 0, 0))
        self._issue_selected()  # rows were re-read: the selection may not have "changed"

    def _refresh_issue_row(self, issue: IssueSummary) -> None:
        if not self.issues.refresh_issue(issue.id):  # renumbered: its place in the list moved
            self.reload_issue_list(select_id=issue.id)

    def _selected_issue_id(self) -> int | None:
        rows = self.child("issueTable").selectionModel().selectedRows()
        return self.issues.issue_id(rows[0].row()) if rows else None

    def _issue_selected(self) -> None:
        issue_id = self._selected_issue_id()
        if issue_id is not None and (self.editor.issue is None or self.editor.issue.id != issue_id):
            self.open_issue(issue_id)

    def open_issue(self, issue_id: int) -> None:
        self.finish_editing()
        self.session.open_issue(issue_id)  # the session says so: _issue_opened

    def _issue_opened(self) -> None:
        self._show_title()
        self._show_save_state()
        outline.build_outline(self.child("outline"), self.editor.issue)
        self.show_node(outline.current_node(self.child("outline")))
        self._update_read_only()
        self.refresh_views()
        # The outline was rebuilt quietly (its 报头, or the part kept): the new pages keep the
        # last issue's scroll position unless the preview is brought to that part too.
        self.preview.show_anchor(outline.current_anchor(self.child("outline")))

    def _issues_changed(self) -> None:
        """Issues were added, replaced or deleted (导入往期, another program): the list anew,
        the open issue (the session's) kept selected, and what is shown of it."""
        issue = self.session.issue
        self.reload_issue_list(select_id=issue.id if issue is not None else None)
        self.refresh_views()

    def select_issue(self, year: int, number: int) -> None:
        issue = find_issue_info(year, number)
        if issue is not None:
            self.reload_issue_list(select_id=issue.id)

    # --- forms ---

    def _form_of_current(self):  # noqa: ANN202
        widget = self.child("formStack").currentWidget()
        return next((f for f in self.forms.values() if f.widget is widget), None)

    def _issue_and_part(self) -> tuple[int, str] | None:
        """The open issue and the part of it the form shows (zwdesk.store.versions' name)."""
        form = self._form_of_current()
        if self.editor.issue is None or form is None or form.node is None:
            return None
        return self.editor.issue.id, part_of(form.node)

    def _stored_text(self, node: Node, key: str) -> str | None:
        """What the database holds for a field of ``node``, as its form shows it; None when
        that node's form is not the one shown."""
        form = self._form_of_current()
        if form is None or form.node != node:
            return None
        found = form.fields.stored_text(key)
        block = getattr(form, "block", None)
        if found is None and block is not None:
            found = block.fields.stored_text(key)
        return found

    def finish_editing(self) -> None:
        """Store what is typed in a field that stores when editing finishes (第N期, dates):
        before another form, another issue, or any command that reads the issue."""
        form = self._form_of_current()
        if form is not None and self.child("formStack").isVisible() and form.node is not None:
            form.finish_editing()

    def show_node(self, node: Node | None) -> None:
        self.finish_editing()
        if node is None or self.editor.issue is None:
            self.child("formStack").setVisible(False)
            self.child("formHeading").setText("")
            return
        form = self.forms[node.kind]
        self.editor.leave_part(part_of(node))  # 正在编辑 another part no more
        if node != form.node or self.child("formStack").currentWidget() is not form.widget:
            # Another part opened: its heading and first fields, not where the last one was
            # scrolled to (the same part re-read, after an undo or another program, stays put).
            self.child("formScroll").verticalScrollBar().setValue(0)
        self.child("formStack").setVisible(True)
        self.child("formStack").setCurrentWidget(form.widget)
        form.show_node(node)
        form.set_read_only(self.editor.read_only)
        item = self.child("outline").currentItem()
        self.child("formHeading").setText(f"<h3>{item.text(0) if item else ''}</h3>")

    def select_anchor(self, anchor: str) -> None:
        outline.select_anchor(self.child("outline"), anchor)

    def show_place(self, anchor: str, field: str) -> None:
        """The form of the outline node ``anchor``, the cursor in its ``field``."""
        self.select_anchor(anchor)
        self.focus_field(field)

    def _after_edit(self) -> None:
        form = self._form_of_current()
        if form is not None:
            form.after_edit()
        self._show_save_state()
        self._refresh_timer.start()

    def _show_title(self) -> None:
        """The open issue in the title bar (Qt adds “ — 政务服务工作”, the app's name)."""
        issue = self.editor.issue
        title = issue.label if issue is not None else "zwdesk"
        title += "（只读）" if self.editor.session_read_only else ""
        self.window.setWindowTitle(f"{title} · {short_label(open_location())}")

    def _show_save_state(self) -> None:
        """Below the form: saved, or how many entries were refused and are not saved."""
        refused = len(self.editor.refusals())
        label = self.child("saveState")
        if refused:
            label.setText(f"✖ 有 {refused} 处填写有误，没有保存（见下方“检查”）。"
                          "其余修改已自动保存。")
            label.setStyleSheet("color:#c00000;")
        else:
            label.setText("已自动保存")
            label.setStyleSheet("color:#2a7d2a;")

    def _after_reload(self) -> None:
        """Undo/redo (or another program) replaced rows (the session has read the issue
        again): re-read the outline and the form."""
        if self.editor.issue is None:
            return
        outline.build_outline(self.child("outline"), self.editor.issue)
        self.show_node(outline.current_node(self.child("outline")))
        self._update_read_only()

    def refresh_views(self) -> None:
        """Preview, checks, outline titles and the issue's row in the list (as they are while
        the server is away: nothing to read them from)."""
        self._refresh_timer.stop()
        if self.editor.offline:
            return
        self.inbox.refresh()  # an adoption, its undo, or 来稿 added by another program
        issue = self.editor.issue
        if issue is None:
            self.child("preview").clear()
            self.child("checksList").clear()
            return
        data = load_issue(issue)
        self.preview.show(compose(data))
        self._show_problems(self.session.refusal_problems() + check_stored_issue(issue, data))
        outline.build_outline(self.child("outline"), issue)  # titles as typed
        self._refresh_issue_row(issue)

    # --- fonts ---

    def _show_missing_fonts(self) -> None:
        """Official fonts missing here: a note above the preview until the user has read it
        (知道了), shown again only when the set of missing fonts changes."""
        from zwdesk.core.fonts import missing_fonts, missing_fonts_message

        banner = self.child("fontsBanner")
        missing = missing_fonts(QFontDatabase.families())
        told = QSettings().value("fonts/missing-told", "")
        if not missing or told == "、".join(missing):
            banner.hide()
            return
        text = missing_fonts_message(missing).replace("\n\n", "<br>")
        banner.setText(f"{text} <a href='ok'>知道了</a>")
        banner.linkActivated.connect(lambda _link: self._fonts_read(missing))
        banner.show()

    def _fonts_read(self, missing: list[str]) -> None:
        QSettings().setValue("fonts/missing-told", "、".join(missing))
        self.child("fontsBanner").hide()

    # --- other programs writing to the database (the session looks) ---

    def _note_place(self) -> None:
        """Another program wrote: note where the user is, to stay there once views re-read."""
        self._history_told = False
        self._place_before = self._place()

    def _changed_elsewhere(self, label: str, gone: bool) -> None:
        """The open issue was changed, replaced or deleted by another program: say so, and
        stay where the user was."""
        self._say_changed(label, gone)
        if not gone:
            self._return_to(self._place_before)

    def _place(self) -> tuple[str, int, int]:
        """Where the user is: the part in the outline, how far the form and the preview are
        scrolled."""
        return (outline.current_anchor(self.child("outline")),
                self.child("formScroll").verticalScrollBar().value(),
                self.child("preview").verticalScrollBar().value())

    def _return_to(self, place: tuple[str, int, int]) -> None:
        anchor, form, pages = place
        self.select_anchor(anchor)
        self.child("formScroll").verticalScrollBar().setValue(form)
        self.child("preview").verticalScrollBar().setValue(pages)

    def _changed_by(self, gone: bool = False) -> str:
        """Who wrote the open issue last, as a status message names them: the user another
        window or the command line recorded (王敏), or another program."""
        issue = self.editor.issue
        who = "" if gone or issue is None else last_writer(issue.id)
        return f"{who}（在另一窗口或命令行中）" if who else "另一个程序（如命令行导入）"

    def _say_changed(self, label: str, gone: bool) -> None:
        if self._history_told:  # the undo history's message says it already
            return
        self.window.statusBar().showMessage(
            f"{self._changed_by(gone)}删除了{label}。" if gone else
            f"{self._changed_by()}修改了{label}，已重新载入。", 15000)

    def _history_dropped(self, label: str) -> None:
        self._history_told = True
        self.window.statusBar().showMessage(
            f"{self._changed_by()}修改了{label}，已重新载入；撤销记录已清除（以免撤销对方的修改）。",
            15000)

    # --- checks ---

    def current_problems(self) -> list[Problem]:
        """The 检查 list as it is now: the views refreshed first."""
        self.refresh_views()
        return self.problems_shown

    def _show_problems(self, problems: list) -> None:
        self.problems_shown = problems
        view = self.child("checksList")
        view.clear()
        for problem in problems:
            item = QListWidgetItem(SEVERITY_MARKS.get(problem.severity, "") + problem.message)
            item.setData(PROBLEM_ROLE, (problem.anchor, problem.field, problem.words))
            if _fixable(problem.words):
                item.setToolTip(f"右键点击可改为{full_width(problem.words)}")
            view.addItem(item)
        errors = sum(p.severity == ERROR for p in problems)
        summary = (f"发现 {len(problems)} 个问题（其中 {errors} 个须改正）。"
                   "点击问题可跳到对应位置。提醒不妨碍导出。" if problems else "未发现问题。")
        self.child("checksSummary").setText(f"共 {self.preview.page_count} 页。{summary}")

    def check_year(self, year: int | None = None) -> YearCheckDialog | None:
        """检查全年: the year asked (the current issue's offered), its run checked
        (zwdesk.core.yearcheck) and listed in a dialog; a click opens the issue."""
        from zwdesk.core import limits
        from zwdesk.core.yearcheck import check_year

        if year is None:
            current = self.editor.issue
            offered = current.year if current is not None else limits.YEAR_MIN
            year, ok = QInputDialog.getInt(self.window, "检查全年", "年份：", offered,
                                           limits.YEAR_MIN, limits.YEAR_MAX)
            if not ok:
                return None
        self.finish_editing()
        issues, before = year_run(year)
        if not issues:
            self.inform("检查全年", f"没有 {year}年的期刊。")
            return None
        if self.year_dialog is not None:
            self.year_dialog.dialog.close()
        def recheck() -> list:
            self.finish_editing()
            return check_year(*year_run(year))

        self.year_dialog = YearCheckDialog(self.window, year, check_year(issues, before),
                                           SEVERITY_MARKS, self.open_year_problem, recheck)
        self.year_dialog.dialog.show()
        return self.year_dialog

    def open_year_problem(self, problem) -> None:  # noqa: ANN001 - a yearcheck.YearProblem
        """A 检查全年 line: its issue opened at the field, as a 检查 line does."""
        self.select_issue(problem.year, problem.number)
        issue = self.editor.issue
        if issue is not None and (issue.year, issue.number) == (problem.year, problem.number):
            self.select_anchor(problem.anchor)
            self.focus_field(problem.field)
            self.window.activateWindow()  # typing goes to the field, not the list

    def show_stats(self) -> StatsView:
        """统计…: the figures over time (zwdesk.app.statsview), in a window of their own."""
        from zwdesk.app.statsview import StatsView

        self.finish_editing()  # the figures being typed count too
        if self.stats_view is not None:
            self.stats_view.dialog.close()
        self.stats_view = StatsView(self.window, self.error)
        self.stats_view.dialog.show()
        return self.stats_view

    def _problem_activated(self, item: QListWidgetItem) -> None:
        anchor, field, words = item.data(PROBLEM_ROLE)
        if field in (PUBLICATION, EDITOR):
            self.edit_settings()
            return
        self.select_anchor(anchor)
        self.focus_field(field)
        if words:  # the words the line is about (政务政务) selected in the field
            select_match(self.child("formScroll"), [words])

    def _problem_menu(self, point: QPoint) -> None:
        item = self.child("checksList").itemAt(point)
        words = item.data(PROBLEM_ROLE)[2] if item is not None else ""
        if not _fixable(words):
            return
        menu = QMenu(self.window)
        menu.addAction(f"改为{full_width(words)}", lambda: self.fix_punctuation(item))
        menu.exec(self.child("checksList").viewport().mapToGlobal(point))

    def fix_punctuation(self, item: QListWidgetItem) -> bool:
        """A 半角 line's words put right in their field (推行"一件事一次办" → “一件事一次办”),
        as if typed there: stored at once and undoable."""
        words = item.data(PROBLEM_ROLE)[2]
        if not _fixable(words) or self.guard_read_only():
            return False
        self._problem_activated(item)  # the words selected in their field
        field = QApplication.focusWidget()
        self.editor.close_step()  # undone on its own, not with the typing before it
        if isinstance(field, QPlainTextEdit) and field.textCursor().selectedText() == words:
            field.textCursor().insertText(full_width(words))
        elif isinstance(field, QLineEdit) and field.selectedText() == words:
            field.insert(full_width(words))
        else:
            return False
        return True

    def focus_field(self, field: str) -> None:
        """Put the cursor in the field of the form shown (a 检查 line or a preview line)."""
        form = self._form_of_current()
        if form is not None and field:
            form.focus_field(field)
            focused = self.window.focusWidget()
            if focused is not None and self.child("formScroll").isAncestorOf(focused):
                self.child("formScroll").ensureWidgetVisible(focused)

    # --- outline editing ---

    def _current_section(self) -> SectionInfo | None:
        node = outline.current_node(self.child("outline"))
        if node is None or node.kind != SECTION:
            return None
        return sections.section_info(node.section_id)

    def guard_read_only(self, issue_too: bool = True) -> bool:
        """True (and the reason said) in a read-only second window, or (``issue_too``) where
        the open issue cannot be changed."""
        return refuse_read_only(self.session, self.messages, issue_too)

    def add_section(self) -> None:
        if self.guard_read_only():
            return
        dialog = NewSectionDialog(self.window, subsection=False)
        if not dialog.exec():
            return
        title, kind = dialog.values()
        current = self._current_section()  # the new section follows the one selected
        after = None if current is None else current.parent_id or current.id
        issue_id = self.editor.issue.id
        created: list[int] = []
        if self._edit_structure("添加一级标题", lambda: created.append(
                sections.add_top_section(issue_id, title, kind, after=after))):
            self._select_section(created[0])

    def add_subsection(self) -> None:
        if self.guard_read_only():
            return
        current = self._current_section()
        parent = None
        if current is not None:
            parent = current.id if current.kind is None else current.parent_id
        if parent is None:
            self.inform("不能添加二级标题",
                        "请先在目录中选中一个包含二级标题的一级标题（或其下的二级标题）。"
                        "直接包含内容的一级标题不能再分二级标题。")
            return
        dialog = NewSectionDialog(self.window, subsection=True)
        if not dialog.exec():
            return
        title, kind = dialog.values()
        after = current.id if current.parent_id == parent else None  # beside a subsection
        created: list[int] = []
        if self._edit_structure("添加二级标题", lambda: created.append(
                sections.add_subsection(parent, title, kind, after=after))):
            self._select_section(created[0])

    def _edit_structure(self, label: str, apply: Callable[[], object]) -> bool:
        """An edit that adds to the outline; False (and a message) where a limit refuses it."""
        try:
            return self.editor.edit(label, apply)
        except editing.TooManyError as exc:
            self.inform(f"不能{label}", str(exc))
            return False

    def _select_section(self, section_id: int) -> None:
        """After a structural change: the outline anew, and the section's form (its number
        may have changed even where the selection did not)."""
        tree = self.child("outline")
        outline.build_outline(tree, self.editor.issue)
        tree.blockSignals(True)
        outline.select_node(tree, Node(SECTION, section_id))
        tree.blockSignals(False)
        self.show_node(outline.current_node(tree))
        self.search.refresh()  # the hits' places may have moved

    def delete_section(self) -> None:
        if self.guard_read_only():
            return
        section = self._current_section()
        if section is None:
            self.inform("删除标题", "请先在目录中选中要删除的标题。报头和版记不能删除。")
            return
        siblings = sections.siblings(section.id)
        if len(siblings) == 1:
            where = "本期" if section.parent_id is None else "这个一级标题下"
            self.inform("不能删除", f"{where}至少要保留一个标题。可以先添加新的，再删除这个。")
            return
        name = self.child("outline").currentItem().text(0)
        question = f"确定删除“{name}”及其全部内容吗？\n（删除后可用“撤销”恢复）"
        if not self.confirm("删除标题", question):
            return
        index = [s.id for s in siblings].index(section.id)
        neighbour = siblings[index - 1] if index > 0 else siblings[1]
        self.editor.edit("删除标题", lambda: sections.delete_section(section.id))
        self._select_section(neighbour.id)

    def move_section(self, delta: int) -> None:
        if self.guard_read_only():
            return
        section = self._current_section()
        if section is None:
            return
        self.editor.edit("调整标题顺序", lambda: sections.move_section(section.id, delta))
        self._select_section(section.id)

    # --- issues ---

    def new_issue(self) -> None:
        self.finish_editing()
        if self.guard_read_only(issue_too=False):
            return
        try:
            issue = add_next_issue()
        except ZwdeskError as exc:
            self.error("无法新建", str(exc))
            return
        if issue is None:
            self.inform("新建下一期", "还没有任何一期。请先用“文件 → 导入往期”导入一期。")
            return
        self.reload_issue_list(select_id=issue.id)
        self.window.statusBar().showMessage(
            f"已新建 {issue.label}：请填写本周数字和各条内容。", 8000)

    def delete_issue(self) -> None:
        issue = self.editor.issue
        if issue is None:
            return
        label = issue.label
        if issue.final:
            self.inform("删除本期", f"{label}已定稿，不能删除。请先“重新打开”。")
            return
        if not self.confirm("删除本期", f"确定删除 {label} 吗？此操作不能撤销。\n"
                            "建议先用“导出交换文件”留一份备份。"):
            return
        delete_issue(issue.id)
        self.editor.forget(issue.id)
        self.session.open_issue(None)
        self.reload_issue_list()

    def finalize(self) -> None:
        self.finish_editing()
        if not self.session.read_only and not self.outputs.accept_problems("定稿"):
            return
        self.session.finalize()  # the session says so: _read_only_changed

    def reopen(self) -> None:
        issue = self.editor.issue
        if issue is None or not issue.final:
            return
        if not self.confirm("重新打开", f"{issue.label}已定稿。确定重新打开并允许修改吗？"):
            return
        self.session.reopen()
        self.refresh_views()

    def import_issues(self, paths: list[Path] | None = None) -> None:
        """导入往期…: the import dialog; ``paths`` (dropped on the window) start at once."""
        from zwdesk.app.importdialog import ImportDialog

        self.finish_editing()
        if self.guard_read_only(issue_too=False):
            return
        self.import_dialog = ImportDialog(
            self.session, self.window, lambda issue_id: self.reload_issue_list(select_id=issue_id))
        self.import_dialog.show()
        if paths:
            self.import_dialog.start(paths)

    def _review_stored(self, count: int) -> None:
        """导入审阅稿 stored ``count`` differences: the issue shown anew (new sections too)."""
        self.open_issue(self.editor.issue.id)
        self.window.statusBar().showMessage(f"已采纳 {count} 处修改（可撤销）", 8000)

    def _show_adopted(self, section_id: int) -> None:
        """A 来稿 adopted: the section's form with the new item selected, the preview and the
        count anew."""
        place = sections.section_info(section_id)
        if place is not None:
            self.select_anchor(place.anchor)
            self.show_node(outline.current_node(self.child("outline")))
            block = self.forms[SECTION].block
            if block is not None and hasattr(block, "rows"):
                block.rows.select(len(block.rows.rows) - 1)
        self.refresh_views()
        label = place.heading if place is not None else ""
        self.window.statusBar().showMessage(f"已采用到 {label}（可用“撤销”取消）。", 8000)

    def set_busy(self, busy: bool, message: str | None = None, timeout: int = 0) -> None:
        """The busy indicator, and ``message`` in the status bar (for ``timeout`` ms; 0: until
        the next one; None: the status bar left as it is)."""
        self.busy.setVisible(busy)
        if message is not None:
            self.window.statusBar().showMessage(message, timeout)

    def _read_only_changed(self, _read_only: bool) -> None:
        if self.session.session_read_only:
            self._session_read_only()
        self._update_read_only()

    def _session_read_only(self) -> None:
        """Another window holds the database: this one only looks (and follows its edits)."""
        self.child("readOnlyBanner").setText(SESSION_READ_ONLY_TEXT)
        self._show_title()
        for name in ("actionNewIssue", "actionImport", "actionDeleteIssue", "newIssueButton",
                     "actionSettings", "actionImportReview"):
            self.child(name).setEnabled(False)

    def _update_read_only(self) -> None:
        issue = self.editor.issue
        read_only = self.editor.read_only
        final = issue is not None and issue.final
        session = self.editor.session_read_only
        self.child("readOnlyBanner").setVisible(final or session)
        self.child("actionFinalize").setEnabled(issue is not None and not final and not session)
        self.child("actionReopen").setEnabled(final and not session)
        self.child("actionHistory").setEnabled(issue is not None)
        for name in ("addSectionButton", "addSubsectionButton", "deleteSectionButton",
                     "moveUpButton", "moveDownButton"):
            self.child(name).setEnabled(not read_only)
        form = self._form_of_current()
        if form is not None:
            form.set_read_only(read_only)
        if issue is not None:
            self._refresh_issue_row(issue)

    def edit_settings(self) -> None:
        """设置: the bulletin's name and editor (of an issue that can be changed), the 版记
        setting and this desk's user name (a 定稿 issue leaves the last two to change)."""
        issue = self.editor.issue
        if issue is None or self.guard_read_only(issue_too=False):
            return
        editable = not self.editor.read_only
        dialog = SettingsDialog(self.window, issue.publication, issue.editor, saved_name(),
                                editable)
        if not dialog.exec():
            return
        save_name(dialog.user_name())
        name, editor = dialog.values()
        if editable and (name, editor) != (issue.publication, issue.editor):
            self.editor.edit("修改简报名称和编发单位",
                             lambda: set_publication(issue.id, name, editor))
            self.forms[MASTHEAD].load()

    def show_history(self) -> None:
        """本期 → 修订记录…: the open issue's history, read anew while it is shown."""
        issue = self.editor.issue
        if issue is None:
            return
        dialog = HistoryDialog(self.window, issue)
        self.session.issueChanged.connect(dialog.fill)  # another program's write, too
        try:
            dialog.exec()
        finally:
            self.session.issueChanged.disconnect(dialog.fill)

    def show_help(self) -> None:
        from zwdesk.paths import resource_path

        self.inform("使用说明", resource_path("help.txt").read_text(encoding="utf-8").strip())

    def about(self) -> None:
        from zwdesk import __version__

        self.inform("关于 zwdesk", f"zwdesk {__version__}\n政务服务工作 周报编辑与排版。\n"
                    "所有修改自动保存在本机数据库中。")

    # --- messages (one place, so tests can answer them) ---

    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self.window, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def inform(self, title: str, text: str) -> None:
        QMessageBox.information(self.window, title, text)

    def error(self, title: str, text: str) -> None:
        QMessageBox.warning(self.window, title, text)

    # --- window state ---

    def _restore_settings(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.window.restoreGeometry(geometry)
        for name in ("mainSplitter", "leftSplitter"):
            state = settings.value(f"window/{name}")
            if isinstance(state, QByteArray):
                self.child(name).restoreState(state)
        state = settings.value("window/state")
        if isinstance(state, QByteArray):
            self.window.restoreState(state)
        last = settings.value("issue/last")
        if last is not None and issue_info(int(last)) is not None:
            self.reload_issue_list(select_id=int(last))

    def save_settings(self) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.window.saveGeometry())
        settings.setValue("window/state", self.window.saveState())
        for name in ("mainSplitter", "leftSplitter"):
            settings.setValue(f"window/{name}", self.child(name).saveState())
        if self.editor.issue is not None:
            settings.setValue("issue/last", self.editor.issue.id)
        settings.sync()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.window and event.type() in (QEvent.Type.DragEnter, QEvent.Type.Drop):
            return self._dropped(event)
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.finish_editing()
            if self.editor.offline and self.editor.held_count() and not self.confirm(
                    "连接已断开", f"与服务器的连接已断开，还有 {self.editor.held_count()} 处修改"
                    "没有保存。现在关闭，这些修改将丢失。\n\n仍要关闭吗？（选“否”留在窗口中，"
                    "连接恢复后会自动保存。）"):
                event.ignore()
                return True
            self._refresh_timer.stop()  # nothing to refresh in a closing window
            self.session.stop_watching()
            self.editing_now.timer.stop()
            self.connection.stop()
            self.save_settings()
            self.backups.stop()  # a backup of this session's changes
        return False

    def _dropped(self, event: QEvent) -> bool:
        """Files dropped on the window: 来稿 (submission JSON, filled 报送单) into the inbox,
        the others imported (导入往期)."""
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if not paths or self.editor.session_read_only:
            return False
        event.acceptProposedAction()
        if event.type() == QEvent.Type.Drop:
            from zwdesk.inboxfiles import split_submissions

            submissions, others = split_submissions(paths)
            if submissions:
                self.inbox.show_view().add_files(submissions)
            if others:
                self.import_issues(others)
        return True
