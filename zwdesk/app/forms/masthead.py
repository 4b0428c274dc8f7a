"""The 报头 form: year, 第N期, 总第M期, issue date and the period."""

from __future__ import annotations

import datetime as dt

from zwdesk.app.forms.base import Form
from zwdesk.app.qt import QObject, Signal
from zwdesk.core import limits
from zwdesk.store.content import update_issue
from zwdesk.store.issues import IssueInfo, number_taken_by, serial_taken_by


class _Signals(QObject):
    settingsRequested = Signal()  # noqa: N815


class MastheadForm(Form):
    ui_file = "masthead_form.ui"

    def __init__(self, editor, parent=None) -> None:  # noqa: ANN001
        super().__init__(editor, parent)
        self.signals = _Signals()
        f = self.fields
        # Keys are stored when editing finishes: typing 10 must not store 1 on the way.
        f.bind_count("year", "year", "年份", self._setter("year"),
                     limits.YEAR_MIN, limits.YEAR_MAX,
                     validate=lambda v: self._taken_number(v, self.issue.number), on_finish=True)
        f.bind_count("number", "number", "期号", self._setter("number"),
                     limits.NUMBER_MIN, limits.NUMBER_MAX,
                     validate=lambda v: self._taken_number(self.issue.year, v), on_finish=True)
        f.bind_count("serial", "serial", "总期号", self._setter("serial"),
                     limits.SERIAL_MIN, limits.SERIAL_MAX,
                     validate=self._taken_serial, on_finish=True)
        f.bind_date("issue_date", "issue_date", "印发日期", self._setter("issue_date"))
        f.bind_date("period_start", "period_start", "时段开始", self._move_period_start)
        f.bind_date("period_end", "period_end", "时段结束", self._setter("period_end"),
                    validate=lambda d: "早于时段开始日期" if d < self.issue.period_start else None)
        f.widget("settingsButton").clicked.connect(self.signals.settingsRequested)

    @property
    def issue(self) -> IssueInfo:
        return self.editor.issue

    def _setter(self, column: str):  # noqa: ANN202
        return lambda value: update_issue(self.issue.id, **{column: value})

    def _move_period_start(self, start: dt.date) -> None:
        """A start after the end moves the whole period, keeping its length (the usual case:
        the secretary moves the week forward), so the period never ends before it starts."""
        issue = self.issue
        values = {"period_start": start}
        if start > issue.period_end:
            values["period_end"] = start + (issue.period_end - issue.period_start)
        update_issue(issue.id, **values)
        if "period_end" in values:
            self.fields.set_date("period_end", values["period_end"])

    def _taken_number(self, year: int, number: int) -> str | None:
        other = number_taken_by(year, number, self.issue.id)
        return f"{year}年第{number}期已存在（总第{other.serial}期）" if other else None

    def _taken_serial(self, serial: int) -> str | None:
        other = serial_taken_by(serial, self.issue.id)
        return f"总第{serial}期已被 {other.year}年第{other.number}期使用" if other else None

    def load(self) -> None:
        issue = self.issue
        f = self.fields
        f.row_id = issue.id
        for name in ("year", "number", "serial"):
            f.set_text(name, str(getattr(issue, name)))
        for name in ("issue_date", "period_start", "period_end"):
            f.set_date(name, getattr(issue, name))
        f.widget("publicationInfo").setText(
            f"简报名称：{issue.publication}\n编发单位：{issue.editor}")
