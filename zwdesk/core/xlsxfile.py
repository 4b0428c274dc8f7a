"""Excel workbooks zwdesk writes (the statistics, the tally): one sheet, ready to print, and
saved atomically. openpyxl is imported only when a workbook is asked for."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from zwdesk.core.atomic import write_atomic
from zwdesk.core.celltext import keep_text

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet


def new_sheet(title: str, landscape: bool = False) -> tuple[Workbook, Worksheet]:
    """(workbook, its one worksheet) set to print on A4 at the page's width, the header rows
    repeated; without it Excel and WPS cut a wide table and its charts over several pages."""
    from openpyxl import Workbook
    from openpyxl.worksheet.properties import PageSetupProperties
    from openpyxl.worksheet.worksheet import Worksheet

    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)  # a new workbook holds one worksheet
    sheet.title = title
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as needed
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    return book, sheet


def save_workbook(book: Workbook, target: Path) -> None:
    """Save atomically, every text cell of every sheet stored as text, never as a formula
    (zwdesk.core.celltext): here, so no writer can forget it."""
    for sheet in book.worksheets:
        # The cells as stored (a dict), not iter_rows: that builds every row's tuple, 20 times
        # as slow for a statistics table of 5 000 rows.
        keep_text(sheet._cells.values())
    write_atomic(target, lambda path: book.save(path))
