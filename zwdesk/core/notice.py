"""The 通报 of the submission tally: a one-table official notice in the bulletin's template
family (resources/submission-template.docx): the title in 小标宋, a sentence of summary in
the body style, the table, and the issuing body with the date at the right.

Only named styles are filled; column widths and the repeated header row are set here, as for
the distribution register. A column whose cells are all numbers (15, 37.5%) is centred, any
other column is set left; the header row and a last row that is the total (合计) are bold.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from pathlib import Path

from docx.document import Document

from zwdesk.core.atomic import write_atomic
from zwdesk.core.docx_render import (
    add_table,
    empty_body,
    open_template,
    paragraph_styler,
    repeat_as_header,
    styled,
)
from zwdesk.core.submission_form import TEMPLATE_NAME
from zwdesk.core.wording import full_date
from zwdesk.paths import resource_path

ISSUER = "四川省政府政务服务和公共资源交易服务中心"
TOTAL_LABELS = ("合计", "总计")
BLOCK_MM = 156
NUMBER_COLUMN_MM = 24  # 采用率 and 100.0% in 4号 with the cell margins

# Named styles of the template.
TITLE_STYLE, BODY_STYLE, TABLE_STYLE = "通报标题", "通报正文", "通报表格"
HEAD_STYLE, TEXT_STYLE, NUMBER_STYLE = "通报表头", "通报表格文字", "通报表格数字"
TOTAL_STYLE, SIGNATURE_STYLE = "通报表格合计", "通报落款"

_NUMBER = re.compile(r"[-+]?[\d,，.]*\d[\d,，.]*\s*%?")


def write_notice(path: Path, title: str, summary: str, header: Sequence[str],
                 rows: Sequence[Sequence[str]], *, date: dt.date | None = None,
                 template: Path | None = None) -> None:
    """Write the 通报 to ``path`` (.docx) atomically; ``date`` (today when None) is printed
    under the issuing body. Every row has as many cells as ``header``."""
    data = notice_bytes(title, summary, header, rows, date or dt.date.today(), template)
    write_atomic(Path(path), lambda tmp: tmp.write_bytes(data))


def notice_bytes(title: str, summary: str, header: Sequence[str],
                 rows: Sequence[Sequence[str]], date: dt.date,
                 template: Path | None = None) -> bytes:
    if any(len(row) != len(header) for row in rows):
        raise ValueError("every row of the notice needs one cell per column of the header")
    document = open_template(template or resource_path(TEMPLATE_NAME))
    empty_body(document)
    _paragraph(document, title, TITLE_STYLE)
    _paragraph(document, summary, BODY_STYLE)
    _table(document, header, rows)
    _paragraph(document, "", BODY_STYLE)
    _paragraph(document, ISSUER, SIGNATURE_STYLE)
    _paragraph(document, full_date(date), SIGNATURE_STYLE)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _paragraph(document: Document, text: str, style: str) -> None:
    styled(document, document.add_paragraph(text), style)


def _table(document: Document, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    numeric = [all(_NUMBER.fullmatch(row[i].strip()) or not row[i].strip() for row in rows)
               and any(row[i].strip() for row in rows) for i in range(len(header))]
    table = add_table(document, _widths(numeric), TABLE_STYLE)
    repeat_as_header(table.rows[0])
    style = paragraph_styler(document)
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.paragraphs[0].text = text
        style(cell.paragraphs[0], HEAD_STYLE)
    for index, row in enumerate(rows):
        total = index == len(rows) - 1 and row[0].strip() in TOTAL_LABELS
        for cell, text, number in zip(table.add_row().cells, row, numeric, strict=True):
            cell.paragraphs[0].text = text
            style(cell.paragraphs[0],
                  TOTAL_STYLE if total else NUMBER_STYLE if number else TEXT_STYLE)


def _widths(numeric: list[bool]) -> tuple[float, ...]:
    """Number columns a fixed width, the text columns share the rest of the block."""
    texts = numeric.count(False)
    if not texts:
        return tuple(BLOCK_MM / len(numeric) for _ in numeric)
    text_width = (BLOCK_MM - NUMBER_COLUMN_MM * (len(numeric) - texts)) / texts
    return tuple(NUMBER_COLUMN_MM if number else text_width for number in numeric)
