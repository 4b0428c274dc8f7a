"""Small dialogs: settings (bulletin name, organisation, 版记 on an even page, the user's
name) and a new section's title and kind."""

from __future__ import annotations

from collections.abc import Callable

from zwdesk.app.history import name_hint
from zwdesk.app.qt import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    Qt,
    QVBoxLayout,
    QWidget,
)
from zwdesk.app.uiload import load_ui
from zwdesk.app.windowsize import remember_geometry
from zwdesk.core.cleantext import clean_text
from zwdesk.core.errors import ZwdeskError, chinese_part
from zwdesk.core.kinds import KINDS
from zwdesk.store.settings import banji_even_page, set_banji_even_page
from zwdesk.store.user import check_name, default_name

WITH_SUBSECTIONS = "包含二级标题（（一）（二）…）"


class _Dialog:
    ui_file = ""

    def __init__(self, parent: QWidget | None) -> None:
        self.dialog: QDialog = load_ui(self.ui_file, parent)
        buttons = self.child("buttons")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.dialog.reject)

    def child(self, name: str) -> QWidget:
        return self.dialog.findChild(QWidget, name)

    def _text(self, name: str) -> str:
        return clean_text(self.child(name).text()).strip()

    def _accept(self) -> None:
        problem = self.problem()
        self.child("error").setText(problem)
        self.child("error").setStyleSheet("color:#c00000;")
        if not problem:
            self.dialog.accept()

    def problem(self) -> str:
        return ""

    def exec(self) -> bool:
        return self.dialog.exec() == QDialog.DialogCode.Accepted


class SettingsDialog(_Dialog):
    """The open issue's bulletin name and editor (not ``editable`` when it is 定稿), the
    database's 版记-on-an-even-page setting, and this desk's user name (kept by the caller)."""

    ui_file = "settings_dialog.ui"

    def __init__(self, parent: QWidget | None, name: str, editor: str, user_name: str = "",
                 editable: bool = True) -> None:
        super().__init__(parent)
        self.child("publication").setText(name)
        self.child("editor").setText(editor)
        for field in ("publication", "editor"):
            self.child(field).setReadOnly(not editable)
        if not editable:
            self.child("note").setText("本期已定稿，简报名称和编发单位不能修改。")
        self.child("evenPage").setChecked(banji_even_page())
        self.child("userName").setText(user_name)
        self.child("userName").setPlaceholderText(default_name())
        self.child("userNote").setText(
            f"记入修订记录的名字，只保存在这台电脑上您自己的设置中，每人各自设置。{name_hint()}。")

    def _accept(self) -> None:
        super()._accept()
        if self.dialog.result() == QDialog.DialogCode.Accepted:  # a database-wide setting
            set_banji_even_page(self.child("evenPage").isChecked())

    def problem(self) -> str:
        if not self._text("publication"):
            return "简报名称不能为空"
        if not self._text("editor"):
            return "编发单位不能为空"
        try:
            check_name(self.user_name())
        except ZwdeskError as exc:
            return chinese_part(str(exc))
        return ""

    def values(self) -> tuple[str, str]:
        return self._text("publication"), self._text("editor")

    def user_name(self) -> str:
        return self._text("userName")


class NewSectionDialog(_Dialog):
    ui_file = "new_section_dialog.ui"

    def __init__(self, parent: QWidget | None, subsection: bool) -> None:
        super().__init__(parent)
        self.dialog.setWindowTitle("添加二级标题" if subsection else "添加一级标题")
        kinds = self.child("kind")
        if not subsection:
            kinds.addItem(WITH_SUBSECTIONS, None)
        for kind in KINDS.values():
            if kind.in_subsection or not subsection:  # 巡查 numbers its own （一）（二）
                kinds.addItem(kind.label, kind.name)

    def problem(self) -> str:
        return "" if self._text("title") else "请填写标题"

    def values(self) -> tuple[str, str | None]:
        return self._text("title"), self.child("kind").currentData()


class DepartmentsDialog:
    """The registry of departments offered by the department form: add and delete names.
    Each change is stored at once, like every other edit."""

    def __init__(self, parent: QWidget | None) -> None:
        self.dialog: QDialog = load_ui("departments_dialog.ui", parent)
        self.names = self.child("names")
        self.child("buttonBox").rejected.connect(self.dialog.reject)
        self.child("addButton").clicked.connect(self.add)
        self.child("newName").returnPressed.connect(self.add)
        self.child("deleteButton").clicked.connect(self.delete)
        self._fill()

    def child(self, name: str) -> QWidget:
        return self.dialog.findChild(QWidget, name)

    def _fill(self) -> None:
        from zwdesk.store.departments import registry_names

        self.names.clear()
        self.names.addItems(registry_names())

    def add(self) -> None:
        from zwdesk.store.departments import remember

        name = clean_text(self.child("newName").text()).strip()
        if not name:
            self._say("请填写部门名称")
        elif not remember(name):
            self._say(f"“{name}”已在常用部门中")
        else:
            self._say("")
            self.child("newName").clear()
            self._fill()
            self.names.setCurrentRow(self.names.count() - 1)

    def delete(self) -> None:
        from zwdesk.store.departments import forget

        item = self.names.currentItem()
        if item is None:
            self._say("请先选中要删除的部门")
            return
        row = self.names.currentRow()
        forget(item.text())
        self._fill()
        self.names.setCurrentRow(min(row, self.names.count() - 1))

    def _say(self, text: str) -> None:
        self.child("error").setText(text)
        self.child("error").setStyleSheet("color:#c00000;")

    def exec(self) -> None:
        self.dialog.exec()


YEAR_PROBLEM_ROLE = Qt.ItemDataRole.UserRole


class YearCheckDialog:
    """The 检查全年 list (zwdesk.core.yearcheck), read-only, one problem a line; clicking a
    line opens its issue at the field (``open_place(problem)``), 重新检查 lists the year
    again (``recheck()``: its problems now). Not modal: the issues can be edited with the list
    still open."""

    def __init__(self, parent: QWidget | None, year: int, problems: list,
                 marks: dict[str, str], open_place: Callable[[object], None],
                 recheck: Callable[[], list]) -> None:
        self.year, self.marks, self.recheck = year, marks, recheck
        self.dialog = QDialog(parent)
        self.dialog.setWindowTitle(f"检查全年：{year}年")
        if not remember_geometry(self.dialog, "yearCheck"):
            self.dialog.resize(760, 420)
        layout = QVBoxLayout(self.dialog)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.itemClicked.connect(lambda item: open_place(item.data(YEAR_PROBLEM_ROLE)))
        self.list.itemActivated.connect(lambda item: open_place(item.data(YEAR_PROBLEM_ROLE)))
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        again = buttons.addButton("重新检查", QDialogButtonBox.ButtonRole.ActionRole)
        again.setObjectName("recheckButton")
        again.clicked.connect(lambda: self.show_problems(self.recheck()))
        buttons.rejected.connect(self.dialog.close)
        layout.addWidget(buttons)
        self.show_problems(problems)

    def show_problems(self, problems: list) -> None:
        self.list.clear()
        for problem in problems:
            item = QListWidgetItem(f"{self.marks.get(problem.severity, '')}{problem.place}　"
                                   f"{problem.message}")
            item.setData(YEAR_PROBLEM_ROLE, problem)
            item.setToolTip(problem.message)
            self.list.addItem(item)
        self.summary.setText(f"发现 {len(problems)} 个问题。点击问题可打开对应的位置。"
                             if problems else f"{self.year}年各期未发现问题。")
