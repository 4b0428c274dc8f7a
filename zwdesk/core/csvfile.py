"""Tables written as CSV files that Excel and WPS open as they are."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from zwdesk.core.atomic import write_bytes_atomic
from zwdesk.core.celltext import csv_cell


def write_csv(target: Path, rows: Iterable[Sequence[object]]) -> None:
    """Write ``rows`` (the header first) atomically, quoted where a cell needs it; text that
    a spreadsheet would take for a formula is marked as text (zwdesk.core.celltext)."""
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows(map(csv_cell, row) for row in rows)
    # UTF-8 with a byte-order mark: Excel and WPS then read the Chinese right.
    write_bytes_atomic(target, text.getvalue().encode("utf-8-sig"))
