"""The distribution register (分发登记表): who receives how many copies of an issue, with a
column to sign for them, on one page in the bulletin's template family.

The 版记's 报/送/发 lines can be written from the same recipients (wording.lines_from_recipients),
so the two never disagree.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zwdesk.core import wording
from zwdesk.core.atomic import write_atomic
from zwdesk.core.docx_render import (
    TEMPLATE_NAME,
    add_table,
    drop_page_numbers,
    empty_body,
    open_template,
    paragraph_styler,
    repeat_as_header,
    styled,
)
from zwdesk.core.wording import DISTRIBUTION_GROUPS as GROUPS
from zwdesk.paths import resource_path

HEADERS = ("序号", "类别", "接收单位", "份数", "签收")
COLUMN_WIDTHS_MM = (14, 14, 78, 16, 34)  # 156 mm, the text block
# Named styles of the template (scripts/build_template.py).
TITLE_STYLE, NOTE_STYLE = "登记表标题", "登记表说明"
CELL_STYLE, TABLE_STYLE = "登记表文字", "登记表表格"


@dataclass(frozen=True)
class RegisterRow:
    group: str  # 报 / 送 / 发
    name: str
    copies: int | None  # None: the 版记 line has no register behind it


def register_rows(issue: dict[str, Any]) -> list[RegisterRow]:
    """The recipients in 报, 送, 发 order; without a register, one row per 版记 line."""
    dist = issue["distribution"]
    recipients = dist.get("recipients") or []
    if recipients:
        order = [group for group, _key in GROUPS]
        ranked = sorted(enumerate(recipients), key=lambda p: (order.index(p[1]["group"]), p[0]))
        return [RegisterRow(r["group"], r["name"], r["copies"]) for _i, r in ranked]
    return [RegisterRow(group, dist[key], None) for group, key in GROUPS if dist[key].strip()]


def register_title(issue: dict[str, Any]) -> str:
    return f"{issue['publication']}{issue['year']}年第{issue['number']}期分发登记表"


def register_docx_bytes(issue: dict[str, Any], template: Path | None = None) -> bytes:
    document = open_template(template or resource_path(TEMPLATE_NAME))
    empty_body(document)
    drop_page_numbers(document)  # a one-page form carries no — 1 —
    styled(document, document.add_paragraph(register_title(issue)), TITLE_STYLE)
    note = (f"{wording.issue_number_line(issue['year'], issue['number'], issue['serial'])}"
            f"　印发日期：{wording.full_date(issue['issue_date'])}"
            f"\t共印{issue['distribution']['copies']}份")
    styled(document, document.add_paragraph(note), NOTE_STYLE)
    rows = register_rows(issue)
    listed = [row.copies for row in rows if row.copies is not None]
    _table(document, rows, sum(listed) if listed else issue["distribution"]["copies"])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render_register(issue: dict[str, Any], target: Path, template: Path | None = None) -> None:
    data = register_docx_bytes(issue, template)
    write_atomic(Path(target), lambda tmp: tmp.write_bytes(data))


def _table(document: Any, rows: list[RegisterRow], total: int) -> None:
    table = add_table(document, COLUMN_WIDTHS_MM, TABLE_STYLE)
    cells = [HEADERS]
    cells += [(str(n), row.group, row.name, "" if row.copies is None else str(row.copies), "")
              for n, row in enumerate(rows, start=1)]
    cells.append(("合计", "", "", str(total), ""))
    repeat_as_header(table.rows[0])
    style = paragraph_styler(document)
    for index, values in enumerate(cells):
        # add_table set the column widths; add_row gives its cells the same
        row_cells = table.rows[0].cells if index == 0 else table.add_row().cells
        for cell, value in zip(row_cells, values, strict=True):
            cell.paragraphs[0].text = value
            style(cell.paragraphs[0], CELL_STYLE)
