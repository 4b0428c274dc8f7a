"""Editors of the statistics blocks: 综窗办件 (window_stats) and 平台受理办结 (platform_stats)."""

from __future__ import annotations

from zwdesk.app.forms.base import Form
from zwdesk.store.editing import update_row
from zwdesk.store.issues import PLATFORM_COLUMNS, WINDOW_COLUMNS
from zwdesk.store.models import PlatformStats, WindowStats

COUNT_NAMES = {"consult": "咨询人次", "accept": "受理", "issue": "颁发", "transfer": "流转"}
GROUP_NAMES = {"week": "本周", "year_to_date": "今年以来", "licensing": "行政许可",
               "public_service": "公共服务", "other": "其它行权事项"}
PAIR_NAMES = {"accepted": "受理", "completed": "办结", "categories": "类别数"}


class _StatsEditor(Form):
    """Integer columns of one row, each bound to the widget ``<group>_<key>``."""

    model = WindowStats
    columns: dict[tuple[str, str], str] = {}
    names: dict[str, str] = {}

    def __init__(self, editor, parent=None) -> None:  # noqa: ANN001
        super().__init__(editor, parent)
        for (group, key), column in self.columns.items():
            label = f"{GROUP_NAMES[group]}{self.names[key]}"
            self.fields.bind_count(f"{group}_{key}", f"{group}.{key}", label, self._setter(column))

    def row(self):  # noqa: ANN201 - a peewee row
        return self.model.get(self.model.section == self.node.section_id)

    def _setter(self, column: str):  # noqa: ANN202
        return lambda value: update_row(self.model, self.row().id, **{column: value})

    def load(self) -> None:
        row = self.row()
        self.fields.row_id = row.id
        for (group, key), column in self.columns.items():
            self.fields.set_text(f"{group}_{key}", str(getattr(row, column)))


class WindowStatsEditor(_StatsEditor):
    ui_file = "window_stats_form.ui"
    model = WindowStats
    columns = WINDOW_COLUMNS
    names = COUNT_NAMES


class PlatformStatsEditor(_StatsEditor):
    ui_file = "platform_stats_form.ui"
    model = PlatformStats
    columns = PLATFORM_COLUMNS
    names = PAIR_NAMES

    def __init__(self, editor, parent=None) -> None:  # noqa: ANN001
        super().__init__(editor, parent)
        f = self.fields
        f.bind_text("source", "source", "数据来源", self._setter("source"))
        f.bind_date("from", "from", "统计起始日期", self._setter("date_from"),
                    validate=lambda d: "晚于截止日期" if d > self.row().date_to else None)
        f.bind_date("to", "to", "统计截止日期", self._setter("date_to"),
                    validate=lambda d: "早于起始日期" if d < self.row().date_from else None)

    def load(self) -> None:
        super().load()
        row = self.row()
        self.fields.set_text("source", row.source)
        self.fields.set_date("from", row.date_from)
        self.fields.set_date("to", row.date_to)
