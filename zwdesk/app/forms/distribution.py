"""The 版记 form: 报/送/发 lines and the number of copies."""

from __future__ import annotations

from zwdesk.app.forms.base import Form
from zwdesk.store.editing import update_row
from zwdesk.store.models import Distribution


class DistributionForm(Form):
    ui_file = "distribution_form.ui"
    LINES = (
        ("report", "report", "“报”"), ("send", "send", "“送”"), ("issue", "issue_line", "“发”"),
    )

    def __init__(self, editor, parent=None) -> None:  # noqa: ANN001
        super().__init__(editor, parent)
        for name, column, label in self.LINES:
            self.fields.bind_text(name, name, label, self._setter(column))
        self.fields.bind_count("copies", "copies", "印数", self._setter("copies"), 1)

    def _row(self) -> Distribution:
        return Distribution.get(Distribution.issue == self.editor.issue.id)

    def _setter(self, column: str):  # noqa: ANN202
        return lambda value: update_row(Distribution, self._row().id, **{column: value})

    def load(self) -> None:
        row = self._row()
        self.fields.row_id = row.id
        for name, column, _label in self.LINES:
            self.fields.set_text(name, getattr(row, column))
        self.fields.set_text("copies", str(row.copies))
