"""The Word 报送单 filled as a unit fills it in Word or WPS, with python-docx: the prompts typed
over, text typed into an empty cell, the item rows."""

from __future__ import annotations

from pathlib import Path

import docx


def open_form(path: Path):  # noqa: ANN201
    return docx.Document(str(path))


def type_over_prompt(cell, text: str) -> None:  # noqa: ANN001
    """Select the grey prompt and type: Word keeps the prompt's run, with the new text."""
    runs = cell.paragraphs[0].runs
    runs[0].text = text


def type_into(cell, text: str) -> None:  # noqa: ANN001
    """Click into an empty cell and type."""
    cell.paragraphs[0].add_run(text)


def fill_fields(document, unit="省市场监管局窗口", author="王敏", phone="028-86000000",  # noqa: ANN001
                date="2023年3月15日") -> None:
    cells = [row.cells[1] for row in document.tables[0].rows]
    for cell, value in zip(cells, (unit, author, phone, date), strict=True):
        if value is not None:
            type_over_prompt(cell, value)


def item_rows(document):  # noqa: ANN001, ANN201
    return document.tables[1].rows[1:]
