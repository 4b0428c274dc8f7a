"""Text in the spreadsheets zwdesk writes stays text (formula injection): a unit's name or any
other text from a 来稿 such as ``=HYPERLINK("http://…"&A1,"点击查看")`` or ``=cmd|' /C calc'!A0``
must never become a live formula in Excel or WPS. Every .csv and .xlsx writer goes through here
(zwdesk.core.csvfile, zwdesk.core.xlsxfile). Pure Python: openpyxl's cells are handed in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

# What Excel, WPS and LibreOffice take as the start of a formula (or, tab and CR, what lets
# one hide behind a harmless-looking first character).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?%?", re.ASCII)  # 12, -3, 33.3%: numbers stay numbers


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet program could read ``text`` as a formula."""
    return text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text)


def csv_cell(value: object) -> object:
    """A CSV cell: text a spreadsheet would read as a formula gets a leading ``'`` (Excel's
    and WPS's sign for "this is text"); numbers and other text as they are."""
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


def keep_text(cells: Iterable[Any]) -> None:
    """Every text cell of openpyxl ``cells`` stored as a string (``data_type`` 's', written as
    an inline string), never as a formula (openpyxl makes any text starting with ``=`` one)
    nor an error value (``#N/A``); text that looks like a formula is also marked quote-prefixed,
    so editing the cell in Excel or WPS does not turn it into one either."""
    for cell in cells:
        value = cell.value
        if cell.data_type != "n" and isinstance(value, str):  # most cells are numbers
            cell.data_type = "s"
            if looks_like_formula(value):
                cell.quotePrefix = True
