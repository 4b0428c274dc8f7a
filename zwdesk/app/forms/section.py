"""The form of a section or subsection: its title, and the editor of its block."""

from __future__ import annotations

from zwdesk.app.fields import strip_typed_number
from zwdesk.app.forms.base import Form
from zwdesk.app.forms.blocks import PlatformStatsEditor, WindowStatsEditor
from zwdesk.app.forms.lists import DepartmentEditor, EntriesEditor, InspectionEditor
from zwdesk.app.nodes import Node
from zwdesk.core.kinds import KINDS
from zwdesk.store.sections import SectionInfo, section_info, set_section_title


class SectionForm(Form):
    ui_file = "section_form.ui"

    def __init__(self, editor, parent=None) -> None:  # noqa: ANN001
        super().__init__(editor, parent)
        self.fields.bind_text("title", "title", "标题", self._write_title, tidy=strip_typed_number)
        area = self.fields.widget("blockArea")
        self.blocks: dict[str, Form] = {
            "window_stats": WindowStatsEditor(editor, area),
            "platform_stats": PlatformStatsEditor(editor, area),
            "items": EntriesEditor(editor, area, numbered=True),
            "text": EntriesEditor(editor, area, numbered=False),
            "inspection": InspectionEditor(editor, area),
            "department_list": DepartmentEditor(editor, area),
        }  # an editor for each kind of zwdesk.core.kinds
        assert set(self.blocks) == set(KINDS)
        self._shown_kind: str | None = None
        for block in self.blocks.values():
            area.layout().addWidget(block.widget)
            block.widget.hide()

    @property
    def section(self) -> SectionInfo | None:
        """The section shown; None once it has been deleted."""
        return section_info(self.node.section_id) if self.node else None

    @property
    def block(self) -> Form | None:
        """The editor of the block shown (as loaded: no read of the database, which may be
        away on a server)."""
        return self.blocks.get(self._shown_kind) if self._shown_kind else None

    def _write_title(self, title: str) -> None:
        set_section_title(self.node.section_id, title)

    def load(self) -> None:
        section = self.section
        self._shown_kind = section.kind
        self.fields.row_id = section.id
        self.fields.set_text("title", section.title)
        self.fields.widget("numberLabel").setText(section.number)
        self.fields.widget("kindLabel").setText(self._kind_text(section))
        for kind, block in self.blocks.items():
            block.widget.setVisible(kind == section.kind)
        if self.block is not None:
            self.block.show_node(Node("section", section.id))

    @staticmethod
    def _kind_text(section: SectionInfo) -> str:
        if section.kind is None:
            return (f"本标题下有 {section.subsections} 个二级标题，请在左侧目录中选择；"
                    "可用“添加二级标题”增加。")
        return f"内容类型：{KINDS[section.kind].label}"

    def after_edit(self) -> None:
        block = self.block
        if block is not None:
            block.after_edit()

    def focus_field(self, key: str) -> None:
        if key == "title":
            self.fields.focus("title")
        elif self.block is not None:
            self.block.focus_field(key)

    def finish_editing(self) -> None:
        super().finish_editing()
        if self.block is not None:
            self.block.finish_editing()

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        for block in self.blocks.values():
            block.set_read_only(read_only)
