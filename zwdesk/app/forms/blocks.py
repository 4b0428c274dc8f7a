"""Editors of the statistics blocks: 综窗办件 (window_stats) and 平台受理办结 (platform_stats)."""

from __future__ import annotations

from typing import Any

from zwdesk.app.forms.base import Form
from zwdesk.app.nodes import part_of
from zwdesk.core.kinds.window_stats import expected_year_to_date
from zwdesk.store import content
from zwdesk.store.blocks import PLATFORM_COLUMNS, WINDOW_COLUMNS
from zwdesk.store.issues import previous_issue_data
from zwdesk.store.sections import section_info

COUNT_NAMES = {"consult": "咨询人次", "accept": "受理", "issue": "颁发", "transfer": "流转"}
GROUP_NAMES = {"week": "本周", "year_to_date": "今年以来", "licensing": "行政许可",
               "public_service": "公共服务", "other": "其它行权事项"}
PAIR_NAMES = {"accepted": "受理", "completed": "办结", "categories": "类别数"}


class _StatsEditor(Form):
    """Integer columns of one row, each bound to the widget ``<group>_<key>``; the row is read
    and written through the store by its section (``read``, ``write``)."""

    read = staticmethod(content.window_stats)
    write = staticmethod(content.update_window_stats)
    columns: dict[tuple[str, str], str] = {}
    names: dict[str, str] = {}

    def __init__(self, editor, parent=None) -> None:  # noqa: ANN001
        super().__init__(editor, parent)
        for (group, key), column in self.columns.items():
            label = f"{GROUP_NAMES[group]}{self.names[key]}"
            self.fields.bind_count(f"{group}_{key}", f"{group}.{key}", label, self._setter(column))

    def row(self) -> dict[str, Any]:
        """The block's row: its columns' values by name."""
        return self.read(self.node.section_id)

    def _setter(self, column: str):  # noqa: ANN202
        return lambda value: self.write(self.node.section_id, **{column: value})

    def load(self) -> None:
        row = self.row()
        self.fields.row_id = row["id"]
        for (group, key), column in self.columns.items():
            self.fields.set_text(f"{group}_{key}", str(row[column]))


class WindowStatsEditor(_StatsEditor):
    """本周 and 今年以来 counts, with 按上期累计 and a warning where 今年以来 disagrees."""

    ui_file = "window_stats_form.ui"
    columns = WINDOW_COLUMNS
    names = COUNT_NAMES

    def __init__(self, editor, parent=None) -> None:  # noqa: ANN001
        super().__init__(editor, parent)
        self.fields.widget("accumulate").clicked.connect(self.accumulate)
        self.fields.by_key["accumulate"] = self.fields.widget("accumulate")

    def _counts(self, group: str) -> dict[str, int]:
        row = self.row()
        return {key: row[column] for (g, key), column in self.columns.items() if g == group}

    def expected(self) -> dict[str, int] | None:
        """今年以来 = previous 今年以来 + this week (the first issue of a year: the week)."""
        issue = self.editor.issue
        previous, anchor = self._context
        return expected_year_to_date(issue.year, issue.number, self._counts("week"),
                                     previous, anchor)

    def accumulate(self) -> None:
        expected = self.expected()
        if expected is None:
            self._note("找不到同一年上一期的综窗数字，无法自动累计，请直接填写。")
            return
        values = {WINDOW_COLUMNS[("year_to_date", k)]: v for k, v in expected.items()}
        self.editor.edit("按上期累计",
                         lambda: content.update_window_stats(self.node.section_id, **values),
                         part=part_of(self.node))
        self.load()

    def load(self) -> None:
        # The previous issue and this block's place in the outline do not change while the
        # form is on show (the 报头 and the outline are edited elsewhere, and showing this form
        # again loads it anew): read them once here, not on every keystroke.
        self._context = (previous_issue_data(self.editor.issue),
                         section_info(self.node.section_id).anchor)
        super().load()
        self.after_edit()

    def after_edit(self) -> None:
        expected = self.expected()
        actual = self._counts("year_to_date")
        if expected is None or expected == actual:
            self._note("")
            return
        wrong = "、".join(f"{COUNT_NAMES[k]}应为{expected[k]}（现为{actual[k]}）"
                         for k in expected if expected[k] != actual[k])
        self._note(f"⚠ 今年以来与“上期累计+本周”不一致：{wrong}。可点“按上期累计”。")

    def _note(self, text: str) -> None:
        label = self.fields.widget("accumulateNote")
        label.setText(text)
        label.setStyleSheet("color:#a05a00;" if text else "")


class PlatformStatsEditor(_StatsEditor):
    ui_file = "platform_stats_form.ui"
    read = staticmethod(content.platform_stats)
    write = staticmethod(content.update_platform_stats)
    columns = PLATFORM_COLUMNS
    names = PAIR_NAMES

    def __init__(self, editor, parent=None) -> None:  # noqa: ANN001
        super().__init__(editor, parent)
        f = self.fields
        f.bind_text("source", "source", "数据来源", self._setter("source"))
        f.bind_date("from", "from", "统计起始日期", self._setter("date_from"),
                    validate=lambda d: "晚于截止日期" if d > self.row()["date_to"] else None)
        f.bind_date("to", "to", "统计截止日期", self._setter("date_to"),
                    validate=lambda d: "早于起始日期" if d < self.row()["date_from"] else None)

    def load(self) -> None:
        super().load()
        row = self.row()
        self.fields.set_text("source", row["source"])
        self.fields.set_date("from", row["date_from"])
        self.fields.set_date("to", row["date_to"])
