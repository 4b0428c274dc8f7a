"""Excel workbooks zwdesk writes (the statistics, the tally): one sheet, ready to print, and
saved atomically. openpyxl is imported only when a workbook is asked for."""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
from collections.abc import Iterator
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
    from zwdesk.core.office import work_folder

    with work_folder("xlsx") as folder, _temporaries_in(Path(folder)):
        write_atomic(target, lambda path: book.save(path))


_PATCH = threading.Lock()


@contextlib.contextmanager
def _temporaries_in(folder: Path) -> Iterator[None]:
    """openpyxl writes each sheet to a temporary file first, in the system's temp folder,
    removed only when Python exits normally: a process killed while saving left them there.
    Here they go into ``folder``, a work folder named with this process's pid, which the next
    zwdesk run removes when this process is gone (as the office's). openpyxl has no option
    for it: its module function is replaced while the book is saved (one save at a time)."""
    from openpyxl.worksheet import _writer

    def create_temporary_file(suffix: str = "") -> str:
        fd, name = tempfile.mkstemp(suffix=suffix, prefix="openpyxl.", dir=folder)
        os.close(fd)
        _writer.ALL_TEMP_FILES.append(name)  # openpyxl's own cleanup removes it from there
        return name

    with _PATCH:
        original = _writer.create_temporary_file
        _writer.create_temporary_file = create_temporary_file
        try:
            yield
        finally:
            _writer.create_temporary_file = original
