"""来稿: the inbox in the app (ui/inbox_view.ui), and what the main window shows of it.

``Inbox`` belongs to the main window: the 来稿 menu, the toolbar button that always shows how
many 来稿 wait (来稿 待审 5; it opens the view), adopting an item dragged onto the outline, and
``refresh`` after every change (the main window calls it when its views refresh: after an
edit, an undo; and the session's ``inboxChanged`` when another program such as
``zwdesk inbox add`` changed the database).

``InboxView`` is a window of its own beside the main window: the inbox as a lazy list with
filters (state, unit, dates), the selected 来稿 in full beside it, and what the editor decides:
采用到本期 (an undoable edit of the open issue, through its edit session), 不采用, 退回,
恢复待审; and two ways in: 添加来稿文件 (or files dropped on it) and 粘贴来稿.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from zwdesk.app import filedialogs, outline
from zwdesk.app.fields import from_qdate, to_qdate
from zwdesk.app.inboxlist import InboxListModel, dragged_item
from zwdesk.app.messages import Messages, refuse_read_only
from zwdesk.app.nodes import SECTION
from zwdesk.app.qt import (
    QAction,
    QEvent,
    QHeaderView,
    QKeySequence,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QObject,
    Qt,
    QWidget,
)
from zwdesk.app.session import Session
from zwdesk.app.uiload import load_ui
from zwdesk.core.errors import ZwdeskError, chinese_part, quote, quote_path
from zwdesk.core.infile import DOCUMENT_PATTERNS
from zwdesk.core.tally import month_range
from zwdesk.inboxfiles import SUFFIXES, FileReceived, receive_files
from zwdesk.store import inbox
from zwdesk.store.inbox import STATE_ADOPTED, STATE_PENDING
from zwdesk.store.issues import IssueInfo
from zwdesk.store.sections import section_info

if TYPE_CHECKING:
    from zwdesk.app.tallyview import TallyView

ALL_STATES = "全部"
FILE_FILTER = f"来稿文件 (*.json {DOCUMENT_PATTERNS});;所有文件 (*)"
ADDED_COLOUR, REFUSED_COLOUR = "#2a7d2a", "#c00000"
SAID_CHARS = 30  # of a 来稿's text in the status line


class Inbox(QObject):
    """The main window's part of the inbox: menu, 待审 count, drops on the outline.

    ``finish_editing`` stores what is being typed before an adoption; ``show_adopted(section
    id)`` shows the section an item was adopted into; ``edit_actions`` (undo, redo) work in
    the 来稿 window too.
    """

    def __init__(self, session: Session, window: QMainWindow, messages: Messages,
                 finish_editing: Callable[[], None], show_adopted: Callable[[int], None],
                 edit_actions: list[QAction]) -> None:
        super().__init__(window)
        self.session, self.window, self.messages = session, window, messages
        self.finish_editing, self.show_adopted = finish_editing, show_adopted
        self.edit_actions = edit_actions
        self.view: InboxView | None = None
        self.tally_view: TallyView | None = None
        self.count_action = QAction("来稿", window)
        self.count_action.setObjectName("actionInbox")
        self.count_action.setToolTip("打开来稿：各单位报送的信息，待审的可采用到本期")
        self.count_action.triggered.connect(lambda: self.show_view())
        self._window_child("toolBar").addAction(self.count_action)
        self._add_menu()
        tree = self._window_child("outline")
        tree.viewport().setAcceptDrops(True)
        tree.viewport().installEventFilter(self)
        self._counts: tuple[int, int] | None = None
        self._stale = False
        session.issueReloaded.connect(self._rows_replaced)  # undo/redo, another program
        session.inboxChanged.connect(lambda: self.refresh())  # another program's 来稿
        # The count is read by the window's first refresh_views, as after every edit.

    def _window_child(self, name: str):  # noqa: ANN202 - a widget of mainwindow.ui
        return self.window.findChild(QObject, name)

    def _add_menu(self) -> None:
        menu = QMenu("来稿(&L)", self.window)
        menu.setObjectName("menuInbox")
        self.count_action.setShortcut(QKeySequence("Ctrl+L"))
        for text, handler in (("添加来稿文件…", lambda: self.show_view().add_files()),
                              ("粘贴来稿…", lambda: self.show_view().paste()),
                              ("报送情况…", lambda: self.show_tally())):
            action = menu.addAction(text)
            action.triggered.connect(handler)
        menu.insertAction(menu.actions()[0], self.count_action)
        menubar = self.window.menuBar()
        menubar.insertMenu(self._window_child("menuHelp").menuAction(), menu)

    # --- showing ---

    def refresh(self, reload_view: bool = True) -> None:
        """The 待审 count, and the view's list if it is open and the inbox changed: its counts
        moved, or rows were replaced (undo, another program); typing in a form costs the two
        counts, not a reload of the list. ``reload_view`` False: the caller reloads it."""
        counts = (inbox.pending_count(), inbox.adopted_count())
        self.count_action.setText(f"来稿 待审 {counts[0]}")
        changed, self._counts = counts != self._counts or self._stale, counts
        self._stale = False
        if reload_view and changed and self.view is not None and self.view.window.isVisible():
            self.view.reload()

    def _rows_replaced(self) -> None:
        self._stale = True

    def show_view(self) -> InboxView:
        if self.view is None:
            self.view = InboxView(self)
            self.view.place_beside(self.window)
        self.view.reload()
        self.view.window.show()
        self.view.window.raise_()
        self.view.window.activateWindow()
        return self.view

    def show_tally(self) -> TallyView:
        """报送情况, first on the month of the latest issue (the 来稿 of the bulletins being
        made, not a calendar month that may have none yet)."""
        from zwdesk.app.tallyview import TallyView
        from zwdesk.store.issues import latest_issue_date

        self.tally_view = TallyView(self.dialog_parent(),
                                    error=self.messages.error,
                                    shown=latest_issue_date())
        self.tally_view.show()
        return self.tally_view

    def dialog_parent(self) -> QWidget:
        """The 来稿 window while it is open (dialogs come up over it), else the main window."""
        if self.view is not None and self.view.window.isVisible():
            return self.view.window
        return self.window

    # --- deciding ---

    def writable(self) -> bool:
        """False (and the reason said) in a read-only second window."""
        return not refuse_read_only(self.session, self.messages, issue_too=False)

    def adopt(self, item_id: int, section_id: int | None = None) -> bool:
        """采用到本期: into ``section_id`` of the open issue, or the place the user chooses;
        one undoable step of the issue's edit session (undo makes the 来稿 待审 again)."""
        self.finish_editing()
        issue = self.session.issue
        if issue is None:
            self.messages.inform("采用来稿", "请先在主窗口中打开要放入的一期。")
            return False
        if refuse_read_only(self.session, self.messages):  # a second window, or 定稿
            return False
        where = inbox.adopted_place(item_id)
        if where is not None:
            self.messages.error("不能采用", f"来稿 {item_id} 已采用于 {where}。"
                                "如需改放别处，请先在那一期中删除这一条。")
            return False
        if section_id is None:
            section_id = self._ask_place(issue, item_id)
            if section_id is None:
                return False
        section = section_info(section_id)
        if section is None or section.issue_id != issue.id:
            self.messages.error("不能采用", "只能采用到当前打开的一期；这个栏目已不在本期中。")
            return False
        try:
            stored = self.session.editor.edit("采用来稿",
                                              lambda: inbox.adopt_item(item_id, section_id))
        except ZwdeskError as exc:  # a place of another kind, a 来稿 gone meanwhile
            self.messages.error("不能采用", str(exc))
            return False
        if stored:
            self.show_adopted(section_id)
        return stored

    def _ask_place(self, issue: IssueInfo, item_id: int) -> int | None:
        from zwdesk.app.inboxdialogs import AdoptDialog

        offered = inbox.places(issue.id)
        if not offered:
            self.messages.inform("采用来稿",
                                 "本期没有可放入来稿的栏目（内容类型为条目或段落的标题）。")
            return None
        item = inbox.get_item(item_id)
        dialog = AdoptDialog(self.dialog_parent(), issue.label, item,
                             offered, inbox.last_place_of_unit(issue.id, item.unit))
        return dialog.section_id() if dialog.exec() else None

    # --- dropping a 来稿 on the outline ---

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind not in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            return False
        item_id = dragged_item(event.mimeData())
        if item_id is None:
            return False  # files: the main window imports them
        section_id = self._section_at(event.position().toPoint())
        if section_id is None and kind != QEvent.Type.DragEnter:
            event.ignore()
            return True
        event.acceptProposedAction()
        if kind == QEvent.Type.Drop:
            self.adopt(item_id, section_id)
        return True

    def _section_at(self, point) -> int | None:  # noqa: ANN001 - a QPoint
        item = self._window_child("outline").itemAt(point)
        node = item.data(0, outline.NODE_ROLE) if item is not None else None
        if node is None or node.kind != SECTION:
            return None
        section = section_info(node.section_id)
        return section.id if section is not None and section.kind in inbox.ADOPTABLE_KINDS \
            else None


class InboxView:
    """The 来稿 window."""

    def __init__(self, owner: Inbox) -> None:
        self.owner, self.session, self.messages = owner, owner.session, owner.messages
        self.window: QWidget = load_ui("inbox_view.ui", owner.window)
        self.window.setWindowFlag(Qt.WindowType.Window)  # its own window, above the main one
        self._drops = _FileDrops(self)  # kept: Qt calls back into it
        self.window.installEventFilter(self._drops)
        self.model = InboxListModel(self.window)
        self.table = self.child("inboxTable")
        self.table.setModel(self.model)
        self._size_columns()
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.show_selected())
        self.table.doubleClicked.connect(lambda _index: self.adopt())
        self._setup_filters()
        for name, handler in (("addFilesButton", self.add_files), ("pasteButton", self.paste),
                              ("tallyButton", owner.show_tally), ("adoptButton", self.adopt),
                              ("declineButton", self.decline), ("returnButton", self.return_item),
                              ("resetButton", self.reset)):
            self.child(name).clicked.connect(lambda _checked=False, h=handler: h())
        # Ctrl+Z / Ctrl+Shift+Z here too: the main window's undo (an adoption is its edit)
        self.window.addActions(owner.edit_actions)
        self.child("results").hide()
        self.child("splitter").setStretchFactor(0, 3)
        self.child("splitter").setStretchFactor(1, 2)
        self.show_selected()

    def child(self, name: str) -> QWidget:
        return self.window.findChild(QWidget, name)

    def place_beside(self, main_window: QWidget) -> None:
        """Over the right part of the main window (the preview), leaving the outline free to
        drop 来稿 on."""
        frame, screen = main_window.geometry(), main_window.screen().availableGeometry()
        width = min(960, max(720, round(frame.width() * 0.62)), screen.width())
        height = min(frame.height(), 680, screen.height())
        right = min(frame.right(), screen.right())
        top = min(frame.top() + 40, screen.bottom() - height)
        self.window.setGeometry(max(screen.left(), right - width), top, width, height)

    def _size_columns(self) -> None:
        metrics = self.table.fontMetrics()
        header = self.table.horizontalHeader()
        for column, sample in ((0, "未采用"), (1, "2023-03-15"), (2, "省市场监管局窗口"),
                               (4, "2023-52")):
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 16)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()

    # --- filters ---

    def _setup_filters(self) -> None:
        states = self.child("stateFilter")
        states.addItems([ALL_STATES, *inbox.STATES])
        states.setStyleSheet("combobox-popup: 0;")  # a list below the box: 全部 not hidden above
        states.setCurrentText(STATE_PENDING)  # the week starts from what waits
        states.currentIndexChanged.connect(lambda _i: self.reload())
        units = self.child("unitFilter")
        units.lineEdit().setPlaceholderText("全部单位")
        units.setInsertPolicy(units.InsertPolicy.NoInsert)
        units.currentTextChanged.connect(lambda _t: self.reload(units_changed=False))
        start, end = month_range(dt.date.today())
        self.child("startDate").setDate(to_qdate(start))
        self.child("endDate").setDate(to_qdate(end))
        for name in ("startDate", "endDate"):
            self.child(name).dateChanged.connect(lambda _d: self.reload())
        self.child("dateCheck").toggled.connect(lambda _on: self.reload())
        self._fill_units()

    def _fill_units(self) -> None:
        units = self.child("unitFilter")
        typed = units.currentText()
        names = inbox.unit_names()
        if [units.itemText(i) for i in range(units.count())] == ["", *names]:
            return
        units.blockSignals(True)
        units.clear()
        units.addItems(["", *names])  # the empty first line: all units
        units.setEditText(typed)
        units.blockSignals(False)

    def where(self) -> inbox.ItemFilter:
        state = self.child("stateFilter").currentText()
        unit = self.child("unitFilter").currentText().strip()
        dated = self.child("dateCheck").isChecked()
        for name in ("startDate", "endDate"):
            self.child(name).setEnabled(dated)
        return inbox.ItemFilter(
            None if state == ALL_STATES else state, unit or None,
            from_qdate(self.child("startDate").date()) if dated else None,
            from_qdate(self.child("endDate").date()) if dated else None,
            unit_contains=bool(unit))  # 公安 lists 省公安厅窗口's

    # --- the list ---

    def reload(self, units_changed: bool = True) -> None:
        """Count and read again, keeping the selected 来稿 selected if it is still listed; the
        unit list too, unless only the filter changed (typing a unit name)."""
        selected = self.selected()
        rows = self.table.selectionModel().selectedRows()
        if units_changed:
            self._fill_units()
        self.model.reload(self.where())
        row = self.model.row_of(selected.id, rows[0].row()) if selected is not None else None
        if row is None and self.model.rowCount():
            row = 0
        if row is not None:
            self.table.selectRow(row)
        self.show_selected()
        pending = self.model.rowCount() if self.model.where == inbox.ItemFilter(
            STATE_PENDING) else inbox.pending_count()
        self.child("countLabel").setText(
            f"列出 {self.model.rowCount()} 条（全部待审 {pending} 条）")

    def selected(self) -> inbox.InboxItem | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.item_at(rows[0].row()) if rows else None

    def select_item(self, item_id: int) -> bool:
        row = self.model.row_of(item_id)
        if row is not None:
            self.table.selectRow(row)
        return row is not None

    def show_selected(self) -> None:
        item = self.selected()
        self.child("details").setText(_details(item) if item is not None else "")
        self.child("itemText").setPlainText(item.text if item is not None else "")
        writable = not self.session.session_read_only  # a second window only looks
        undecided = writable and item is not None and item.state != STATE_ADOPTED
        for name in ("adoptButton", "declineButton", "returnButton"):
            self.child(name).setEnabled(undecided)
        self.child("resetButton").setEnabled(undecided and item.state != STATE_PENDING)
        for name in ("addFilesButton", "pasteButton"):
            self.child(name).setEnabled(writable)

    # --- deciding ---

    def adopt(self) -> bool:
        item = self.selected()
        return item is not None and self.owner.adopt(item.id)

    def decline(self) -> bool:
        return self._decide("不采用", required=False,
                            store=lambda item_id, reason: inbox.decline(item_id, reason),
                            done="未采用")

    def return_item(self) -> bool:
        return self._decide("退回修改", required=True, store=inbox.return_item, done="已退回")

    def _decide(self, title: str, required: bool, store, done: str) -> bool:  # noqa: ANN001
        from zwdesk.app.inboxdialogs import ReasonDialog

        item = self.selected()
        if item is None or not self.owner.writable():
            return False
        where = inbox.adopted_place(item.id)
        if where is not None:  # asked before the reason is typed
            self.messages.error(f"不能{title}", f"来稿 {item.id} 已采用于 "
                                f"{where}，请先在那一期中删除这一条。")
            return False
        dialog = ReasonDialog(self.window, title, item, required)
        if not dialog.exec():
            return False
        return self._store(title, lambda: store(item.id, dialog.reason()), done, item)

    def reset(self) -> bool:
        item = self.selected()
        if item is None or not self.owner.writable():
            return False
        return self._store("恢复待审", lambda: inbox.reset(item.id), "已恢复待审", item)

    def _store(self, title: str, write, done: str, item: inbox.InboxItem) -> bool:  # noqa: ANN001
        try:
            write()
        except ZwdeskError as exc:  # adopted meanwhile, a reason missing
            self.messages.error(f"不能{title}", str(exc))
            return False
        self.owner.refresh(reload_view=False)
        self.reload()
        self._say(f"{done}：来稿 {item.id}（{quote(item.unit)}）{quote(item.text, SAID_CHARS)}")
        return True

    # --- ways in ---

    def add_files(self, paths: list[Path] | None = None) -> list[FileReceived]:
        """添加来稿文件…: several .json / .docx files, each its own transaction; the results
        listed below, a refused file (bad, received before) by name and reason."""
        if not self.owner.writable():
            return []
        if paths is None:
            names, _ = filedialogs.get_open_file_names(self.window, "选择来稿文件", "", FILE_FILTER)
            paths = [Path(name) for name in names]
        if not paths:
            return []
        results = receive_files(paths)
        self._list_results(results)
        self.owner.refresh(reload_view=False)
        self.reload()
        return results

    def _list_results(self, results: list[FileReceived]) -> None:
        view = self.child("results")
        view.clear()
        for result in results:  # by name, as added ones are; the whole path in the tooltip
            if result.error:
                shown = chinese_part(result.error).replace(str(result.path), result.path.name)
                row = QListWidgetItem(f"✖ {shown}")
                row.setForeground(Qt.GlobalColor.darkRed)
                row.setToolTip(result.error)
            else:
                news = "，新单位，已加入单位名录" if result.new_unit else ""
                row = QListWidgetItem(f"✔ {quote_path(result.path.name)}：已加入 "
                                      f"{len(result.items)} 条（{quote(result.unit)}{news}）")
                row.setToolTip(quote_path(result.path))
            view.addItem(row)
        view.show()
        added = sum(len(r.items) for r in results)
        refused = sum(bool(r.error) for r in results)
        self._say(f"加入来稿 {added} 条" + (f"，{refused} 个文件未加入（原因见下）" if refused
                                            else "。"))

    def paste(self) -> list[int]:
        """粘贴来稿…: the dialog stores the items on OK; they are shown selected."""
        from zwdesk.app.pastedialog import PasteDialog

        if not self.owner.writable():
            return []
        dialog = PasteDialog(self.window)
        if not dialog.exec():
            return []
        self.owner.refresh(reload_view=False)
        self.reload()
        self.select_item(dialog.added[0])
        self._say(f"已加入粘贴的来稿 {len(dialog.added)} 条。")
        return dialog.added

    def _say(self, text: str) -> None:
        self.child("statusLabel").setText(text)


def _details(item: inbox.InboxItem) -> str:
    """The selected 来稿's fields, as a small table of labels and values."""
    where = (inbox.adopted_place(item.id) or "") if item.state == STATE_ADOPTED else ""
    rows = (("状态", item.state), ("单位", item.unit), ("撰稿人", item.author),
            ("联系电话", item.phone), ("报送日期", item.date.isoformat()), ("来源", item.source),
            ("拟投栏目", item.topic), ("原因", item.reason), ("采用于", where))
    cells = "".join(f"<tr><td style='color:#555;padding-right:8px'>{label}</td>"
                    f"<td>{html.escape(quote(value, 200))}</td></tr>"
                    for label, value in rows if value)
    return f"<table>{cells}</table>"


class _FileDrops(QObject):
    """Files and folders dropped on the 来稿 window are added to the inbox."""

    def __init__(self, view: InboxView) -> None:
        super().__init__(view.window)
        self.view = view

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() not in (QEvent.Type.DragEnter, QEvent.Type.Drop):
            return False
        mime = event.mimeData()
        paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
        if not any(p.is_dir() or p.suffix.lower() in SUFFIXES for p in paths):
            return False
        event.acceptProposedAction()
        if event.type() == QEvent.Type.Drop:
            self.view.add_files(paths)
        return True
