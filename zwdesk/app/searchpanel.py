"""查找: a search field and its hits, in a panel beside 检查.

Ctrl+F looks in the open issue, Ctrl+Shift+F in every issue (zwdesk.store.search), newest
first. The hits follow the typing after a short pause, one query per pause, on the GUI thread
like every read of the database (peewee connections are per thread): a query takes about a
millisecond at 5 000 issues, a word of one or two characters found in no recent issue up to
about 50 ms. Choosing a hit opens its issue, shows the form of its section (or the 版记) and
selects the match in the field it was found in.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

from zwdesk.app.qt import (
    QAbstractSpinBox,
    QAction,
    QApplication,
    QDockWidget,
    QKeySequence,
    QLineEdit,
    QListWidgetItem,
    QMainWindow,
    QModelIndex,
    QObject,
    QPainter,
    QPersistentModelIndex,
    QPlainTextEdit,
    QSettings,
    QSize,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
    QTabBar,
    QTextCursor,
    QTextDocument,
    QTimer,
    QWidget,
)
from zwdesk.app.session import Session
from zwdesk.app.uiload import load_ui
from zwdesk.core.errors import ZwdeskError, quote
from zwdesk.core.fieldkeys import TITLE
from zwdesk.store.database import database_errors
from zwdesk.store.issues import issue_label
from zwdesk.store.search import Hit, find_match, query_words, search, snippet_parts

SEARCH_DELAY_MS = 200  # a pause in typing before the query runs
MAX_HITS = 200
SCOPE_ISSUE, SCOPE_ALL = 0, 1
SCOPES = ("本期", "全部期刊")
HIT_ROLE = Qt.ItemDataRole.UserRole
SHOWN_HITS = 8  # the panel is made tall enough for this many hits (the user's size after)
LARGEST_SHARE = 0.55  # of the main window's height, at most (the form keeps the rest)
HEIGHT_KEY = "search/height"
# A light selection, so that the highlighted match and the grey place stay legible on it.
RESULTS_STYLE = ("QListWidget::item { border-bottom: 1px solid #e6e6e6; }"
                 "QListWidget::item:selected { background: #d6e8fa; color: #000; }")
MATCH_STYLE = "background:#ffe08a; color:#000; font-weight:bold;"
PLACE_STYLE = "color:#555;"


def hit_html(hit: Hit, words: list[str]) -> str:
    """The issue and the place in grey, then the match in context, highlighted: one line in
    the panel across the bottom of the window (eight hits in its height on a 1366×768 screen),
    wrapped where the panel is narrow."""
    before, match, after = snippet_parts(hit.text, words)
    return (f'<span style="{PLACE_STYLE}">{issue_label(hit.year, hit.number)}　'
            f"{escape(hit.place)}</span>　　{escape(before)}"
            f'<span style="{MATCH_STYLE}">{escape(match)}</span>{escape(after)}')


class RichTextDelegate(QStyledItemDelegate):
    """Draws an item's text as rich text (a hit with its match highlighted)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        options = QStyleOptionViewItem(option)
        self.initStyleOption(options, index)
        document = self._document(options)
        options.text = ""  # the item's background and selection only; the text is drawn below
        style = options.widget.style() if options.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, options, painter, options.widget)
        area = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, options, options.widget)
        painter.save()
        painter.translate(area.topLeft())
        document.drawContents(painter)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802 - Qt's name
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        options = QStyleOptionViewItem(option)
        self.initStyleOption(options, index)
        document = self._document(options)
        return QSize(round(document.idealWidth()), round(document.size().height()))

    @staticmethod
    def _document(options: QStyleOptionViewItem) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(options.font)
        document.setDocumentMargin(2)
        document.setHtml(options.text)
        return document


class SearchPanel(QObject):
    """The 查找 panel of the main window, tabbed with 检查, and its two menu commands."""

    def __init__(self, session: Session, window: QMainWindow,
                 select_issue: Callable[[int, int], None],
                 show_place: Callable[[str, str], None]) -> None:
        """``select_issue(year, number)`` opens an issue in the window; ``show_place(anchor,
        field)`` shows its form at the field."""
        super().__init__(window)
        self.session, self.window = session, window
        self.select_issue, self.show_place = select_issue, show_place
        self.widget = load_ui("search_panel.ui")
        self.dock = QDockWidget("查找", window)
        self.dock.setObjectName("searchDock")  # the window remembers where it was
        self.dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                              | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.dock.setWidget(self.widget)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        window.tabifyDockWidget(self._window_child("checksDock"), self.dock)
        self.dock.hide()
        self.field: QLineEdit = self._child("searchField")
        self.scope = self._child("searchScope")
        self.scope.addItems(SCOPES)
        self.summary = self._child("searchSummary")
        self.results = self._child("searchResults")
        self.results.setItemDelegate(RichTextDelegate(self.results))
        self.results.setWordWrap(True)
        self.results.setStyleSheet(RESULTS_STYLE)
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run)
        self.field.textChanged.connect(lambda _text: self._timer.start())
        self.field.returnPressed.connect(self._enter)
        self.scope.currentIndexChanged.connect(lambda _index: self.run())
        self.results.itemActivated.connect(self.open_hit)
        # Esc leaves 查找: the panel closes (Ctrl+F brings it back with its hits), 检查 is
        # shown again at its own height, and the cursor goes back to the form.
        leave = QAction(self.widget)
        leave.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        leave.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        leave.triggered.connect(self.leave)
        self.widget.addAction(leave)
        self.dock.visibilityChanged.connect(lambda _shown: self._closed()
                                            if self.dock.isHidden() else None)
        self._checks_height: int | None = None
        self._form_focus: QWidget | None = None
        self.actions = [self._action("查找本期…", "Ctrl+F", SCOPE_ISSUE, "actionFindInIssue"),
                        self._action("查找全部期刊…", "Ctrl+Shift+F", SCOPE_ALL, "actionFindAll")]
        menu = self._window_child("menuEdit")
        menu.addSeparator()
        menu.addActions(self.actions)
        session.issueOpened.connect(self.issue_opened)
        session.issueReloaded.connect(self.refresh)  # the hits' places may have moved

    def _child(self, name: str):  # noqa: ANN202 - a widget of search_panel.ui
        return self.widget.findChild(QWidget, name)

    def _window_child(self, name: str):  # noqa: ANN202 - a widget of mainwindow.ui
        return self.window.findChild(QWidget, name)

    def _action(self, text: str, keys: str, scope: int, name: str) -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(name)
        action.setShortcut(QKeySequence(keys))
        action.triggered.connect(lambda: self.start(scope))
        return action

    def start(self, scope: int) -> None:
        """Show the panel with ``scope`` chosen and the cursor in the search field."""
        focused = QApplication.focusWidget()
        if focused is not None and self._window_child("formScroll").isAncestorOf(focused):
            self._form_focus = focused
        if self.dock.isHidden():
            checks = self._window_child("checksDock")
            self._checks_height = checks.height() if checks.isVisible() else None
            self.dock.show()
            self._resize(self._height())
        self.dock.raise_()
        self.field.setFocus()
        self.field.selectAll()
        if self.scope.currentIndex() != scope:
            self.scope.setCurrentIndex(scope)  # runs the query again
        elif not self.results.count():
            self.run()

    def _height(self) -> int:
        """The user's last height of the panel, else one showing SHOWN_HITS hits (the 检查
        panel it shares the place with is low); never most of the window."""
        saved = QSettings().value(HEIGHT_KEY)
        if saved is not None and str(saved).isdigit():
            wanted = int(saved)
        else:
            hit = self.results.fontMetrics().lineSpacing() + 8  # a line, margins and rule
            around = self.dock.height() - self.results.viewport().height()
            wanted = SHOWN_HITS * hit + max(around, self.field.sizeHint().height() * 3)
        return min(wanted, round(self.window.height() * LARGEST_SHARE))

    def _resize(self, height: int) -> None:
        """The panel ``height`` high: Qt counts the tab bar under tabbed panels in the size it
        is given, not in the panel's height."""
        bars = [bar.height() for bar in self.window.findChildren(QTabBar)
                if bar.isVisible() and bar.parent() is self.window]
        self.window.resizeDocks([self.dock], [height + max(bars, default=0)],
                                     Qt.Orientation.Vertical)

    def leave(self) -> None:
        """Esc: close the panel, the cursor back where it was in the form."""
        self.dock.hide()
        target = self._form_focus
        if target is None or not target.isVisible():
            target = self._window_child("formScroll")
        target.setFocus()

    def _closed(self) -> None:
        """The panel closed (Esc, its ✕): its height kept for next time, 检查's restored."""
        QSettings().setValue(HEIGHT_KEY, self.dock.height())
        if self._checks_height is not None and self._window_child("checksDock").isVisible():
            self.window.resizeDocks([self._window_child("checksDock")],
                                         [self._checks_height], Qt.Orientation.Vertical)
        self._checks_height = None

    def issue_opened(self) -> None:
        """Another issue is open: the hits of 本期 are of the one before."""
        if self.dock.isVisible() and self.scope.currentIndex() == SCOPE_ISSUE:
            self.run()

    def run(self) -> None:
        """Look up what the field holds now and list the hits."""
        self._timer.stop()
        self.results.clear()
        query = self.field.text()
        words = query_words(query)
        issue = self.session.issue
        if not words:
            self.summary.setText("")
            return
        if self.scope.currentIndex() == SCOPE_ISSUE and issue is None:
            self.summary.setText("没有打开的期刊；请选“全部期刊”。")
            return
        where = (dict(year=issue.year, number=issue.number)
                 if self.scope.currentIndex() == SCOPE_ISSUE else {})
        try:
            with database_errors():
                hits = search(query, limit=MAX_HITS + 1, **where)
        except ZwdeskError as exc:
            self.summary.setText(str(exc))
            return
        for hit in hits[:MAX_HITS]:
            item = QListWidgetItem(hit_html(hit, words))
            item.setData(HIT_ROLE, hit)
            self.results.addItem(item)
        self.summary.setText(self._summary(query, hits))
        if hits:
            self.results.setCurrentRow(0)

    def _summary(self, query: str, hits: list[Hit]) -> str:
        if not hits:
            return f"没有找到“{quote(query.strip())}”。"
        if len(hits) > MAX_HITS:
            return f"找到很多处，列出最新的 {MAX_HITS} 处；可多加一个词缩小范围。双击打开。"
        issues = len({(h.year, h.number) for h in hits})
        return f"找到 {len(hits)} 处（{issues} 期）。双击或按回车打开。"

    def _enter(self) -> None:
        """Enter in the field: the query at once, and the first hit opened."""
        if self._timer.isActive() or not self.results.count():
            self.run()
        item = self.results.currentItem()
        if item is not None:
            self.open_hit(item)

    def open_hit(self, item: QListWidgetItem) -> None:
        """Open the hit's issue at its section, the match selected in its field. The issue may
        have changed since the hits were listed (a section moved, another program's import):
        the hit is looked up again in the issue as it is now, and nothing opened where the
        issue no longer holds the words."""
        hit: Hit = item.data(HIT_ROLE)
        self.session.check_external_changes()  # another program's writes, before any read
        issue = self.session.issue
        if issue is None or (issue.year, issue.number) != (hit.year, hit.number):
            self.select_issue(hit.year, hit.number)
            issue = self.session.issue
            if issue is None or (issue.year, issue.number) != (hit.year, hit.number):
                self.summary.setText(f"{issue_label(hit.year, hit.number)}已不存在，请重新查找。")
                return
        try:
            with database_errors():
                now = search(self.field.text(), year=hit.year, number=hit.number,
                             limit=MAX_HITS)
        except ZwdeskError as exc:
            self.summary.setText(str(exc))
            return
        found = current_hit(hit, now)
        if found is None:
            self.summary.setText(f"{issue_label(hit.year, hit.number)}的内容已改变，没有再找到"
                                 f"“{quote(self.field.text().strip())}”，请重新查找。")
            return
        if found != hit:
            self.refresh()  # the list shows the places as they are now
        self.show_place(found.anchor, found.field)
        select_match(self._window_child("formScroll"), query_words(self.field.text()))

    def refresh(self) -> None:
        """The open issue changed its places (a section moved, undo, another program): the
        hits listed again, the same row chosen, if the panel is shown."""
        if not self.dock.isVisible() or not self.results.count():
            return
        row = self.results.currentRow()
        self.results.blockSignals(True)
        self.run()
        if 0 <= row < self.results.count():
            self.results.setCurrentRow(row)
        self.results.blockSignals(False)


def current_hit(hit: Hit, now: list[Hit]) -> Hit | None:
    """Where ``hit`` is among the hits ``now`` of its issue as it is now: the same text at the
    same place, else the same text elsewhere (its section moved), else the same place whose
    text was edited but still holds the words, else the first hit; None if there is none."""
    text = _unnumbered(hit)
    tests = (lambda h: (h.anchor, h.field, h.text) == (hit.anchor, hit.field, hit.text),
             lambda h: h.field == hit.field and _unnumbered(h) == text,
             lambda h: (h.anchor, h.field) == (hit.anchor, hit.field),
             lambda h: True)
    return next((h for test in tests for h in now if test(h)), None)


# The number a title prints before it (四、 （二） 3.), which changes when its section moves.
_TITLE_NUMBER = re.compile(r"^[（(]?[一二三四五六七八九十百零〇\d]+[）)、.．]?")


def _unnumbered(hit: Hit) -> str:
    return _TITLE_NUMBER.sub("", hit.text, count=1) if hit.field == TITLE else hit.text

def select_match(scroll: QWidget, words: list[str]) -> QWidget | None:
    """Select the first match of ``words`` in the text fields of the form shown (the field
    focused first), scrolled into view; None when no field holds one (a generated sentence,
    such as the window figures, has no field of its own)."""
    focused = QApplication.focusWidget()
    fields = [w for kind in (QLineEdit, QPlainTextEdit) for w in scroll.findChildren(kind)
              if w.isVisible() and not isinstance(w.parent(), QAbstractSpinBox)]
    fields.sort(key=lambda w: w is not focused)
    for field in fields:
        text = field.toPlainText() if isinstance(field, QPlainTextEdit) else field.text()
        match = find_match(text, words)
        if match is None:
            continue
        start, length = match
        field.setFocus()
        if isinstance(field, QPlainTextEdit):
            cursor = field.textCursor()
            cursor.setPosition(start)
            cursor.setPosition(start + length, QTextCursor.MoveMode.KeepAnchor)
            field.setTextCursor(cursor)
        else:
            field.setSelection(start, length)
        scroll.ensureWidgetVisible(field)
        return field
    return None
