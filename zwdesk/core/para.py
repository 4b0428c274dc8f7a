"""A paragraph of the printed bulletin: its role, its runs, the outline node it comes from.

Composed by zwdesk.core.bulletin (the 报头, the headings, the 版记) and by each block kind in
zwdesk.core.kinds (the paragraphs a block prints as); read by the renderer, the page model,
the preview and the reader. A role maps to a named style of the Word template (ROLE_STYLES:
the renderer writes it, the reader recognises it).
"""

from __future__ import annotations

from dataclasses import dataclass

# Paragraph roles, in the order they can appear.
MASTHEAD_NAME = "masthead_name"  # 政务服务工作
MASTHEAD_NUMBER = "masthead_number"  # 2023年第9期（总第429期）
MASTHEAD_EDITOR = "masthead_editor"  # organisation <tab> date, over the red rule
PERIOD = "period"  # （3月6日—3月10日）
HEADING1 = "heading1"  # 一、…
HEADING2 = "heading2"  # （一）…
BODY = "body"  # generated sentences and plain text
ITEM = "item"  # 1.…
INSPECTION = "inspection"  # （一）title。 finding — the first run is a run-in heading
DIST_LINE = "dist_line"  # 报：… 送：… 发：…
DIST_COPIES = "dist_copies"  # （共印94份）

# Character role of the run-in heading of an inspection check.
RUN_IN_HEADING = "run_in_heading"

# Paragraph role → name of the paragraph style in the template. The one place to change
# when a style is renamed.
ROLE_STYLES = {
    MASTHEAD_NAME: "报头",
    MASTHEAD_NUMBER: "期号",
    MASTHEAD_EDITOR: "编发",
    PERIOD: "时段",
    HEADING1: "一级标题",
    HEADING2: "二级标题",
    BODY: "简报正文",
    ITEM: "条目",
    INSPECTION: "巡查",
    DIST_LINE: "版记",
    DIST_COPIES: "版记份数",
}
RUN_STYLES = {RUN_IN_HEADING: "巡查小标题"}


@dataclass(frozen=True)
class Run:
    text: str
    role: str | None = None  # a character role, or None for the paragraph's own look


@dataclass(frozen=True)
class Para:
    role: str
    runs: tuple[Run, ...]
    anchor: str
    # The form field the paragraph comes from, as zwdesk.core.checks names field keys
    # (items[2], paragraphs[0], checks[1].finding, report…); "" for a whole block.
    field: str = ""

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


def para(role: str, text: str, anchor: str, field: str = "") -> Para:
    """A paragraph of one run in the paragraph's own look."""
    return Para(role, (Run(text),), anchor, field)
