"""The Word 报送单: the blank form a unit fills in with Word or WPS, and the filled form read back
into a Submission (held to the JSON format's rules by submission.make_submission).

The form is two tables under a title: 报送单位 / 撰稿人 / 联系电话 / 报送日期, each label beside
a cell holding a grey prompt, and the items, 序号 | 栏目（可不填） | 信息内容, one item a row.
The look comes from resources/submission-template.docx (scripts/build_submission_template.py);
this module only fills its named styles.

Reading finds the fields by their labels, not by cell positions: people insert and delete rows,
Word merges the two tables when the paragraph between them is deleted, and labels get typed
with the value (“报送单位：省市场监管局”). A prompt left in a cell reads as empty, wherever it
stands. One row is one item: the paragraphs of its 信息内容 cell are joined into one text.
Cells are read as the bulletin reader reads them: tracked changes accepted, fields as shown,
hyperlinks, content controls and line breaks followed.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

from docx.document import Document
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.shared import Mm
from docx.table import _Cell
from lxml import etree

from zwdesk.core import infile, limits
from zwdesk.core.atomic import write_atomic
from zwdesk.core.dates import DateError, find_date
from zwdesk.core.docx_render import (
    add_table,
    drop_page_numbers,
    empty_body,
    open_template,
    styled,
)
from zwdesk.core.exchange import FormatError, read_user_file
from zwdesk.core.numbering import marker_style, split_leading_number
from zwdesk.core.reader.convert import as_docx_bytes
from zwdesk.core.reader.errors import ReaderError
from zwdesk.core.reader.package import Package, open_package
from zwdesk.core.reader.paragraphs import Line, cell_reader, join_breaks
from zwdesk.core.reader.xml import W
from zwdesk.core.submission import Submission, make_submission
from zwdesk.paths import resource_path

TEMPLATE_NAME = "submission-template.docx"
TITLE = "政务服务信息报送单"
INSTRUCTION = ("填写说明：在灰色提示处直接输入（提示可删去，也可保留）；每行填写一条信息，"
               "一条信息可分几段；填好后保存为 Word 文档（.docx）报送。")
ROWS_HINT = "注：信息不止三条时，把光标放在表格最后一格，按 Tab 键即可增加一行；空行不影响报送。"

UNIT, AUTHOR, PHONE, DATE = "报送单位", "撰稿人", "联系电话", "报送日期"
FIELDS = (
    (UNIT, "（请填写单位名称）"),
    (AUTHOR, "（请填写撰稿人姓名）"),
    (PHONE, "（请填写联系电话）"),
    (DATE, "（请填写日期，如2023年3月15日）"),
)
NUMBER, TOPIC, CONTENT = "序号", "栏目（可不填）", "信息内容"
CONTENT_PROMPT = "（请填写一条信息）"
ITEM_BREAK = "\u2029"  # between the numbered items typed into one cell
BLANK_ROWS = 3
PROMPTS = tuple(prompt for _label, prompt in FIELDS) + (CONTENT_PROMPT,)
# A prompt left in a cell, also with one of its brackets deleted or half-width.
_PROMPT = re.compile("|".join(
    rf"[（(]?\s*{re.escape(prompt.strip('（）'))}\s*[）)]?" for prompt in PROMPTS))

FIELD_WIDTHS_MM = (32, 124)  # 156 mm, the text block
ITEM_WIDTHS_MM = (14, 42, 100)
ITEM_ROW_MM = 25  # an empty item row: room to see where to write

# Named styles of the template.
TITLE_STYLE, NOTE_STYLE, LABEL_STYLE = "报送单标题", "报送单说明", "报送单标签"
ENTRY_STYLE, PROMPT_STYLE, TABLE_STYLE = "报送单填写", "报送单提示", "报送单表格"

# What a label may be typed as (spaces between its characters allowed).
_LABELS = {
    UNIT: ("报送单位", "单位"),
    AUTHOR: ("撰稿人", "撰稿", "作者"),
    PHONE: ("联系电话", "电话"),
    DATE: ("报送日期", "日期"),
}
_SPACES = re.compile(r"[ \t\u3000\u00a0]+")
NOT_A_FORM = ("不是报送单：没有找到“报送单位”栏和“信息内容”表格。请用 zwdesk 生成的"
              "《政务服务信息报送单》填写后报送（简报等其他文件不能作为来稿读取）。")


# --- the blank form ------------------------------------------------------------------------------


def write_blank_form(path: Path, template: Path | None = None) -> None:
    """Write the blank 报送单 to ``path`` (.docx) atomically."""
    data = blank_form_bytes(template)
    write_atomic(Path(path), lambda tmp: tmp.write_bytes(data))


def blank_form_bytes(template: Path | None = None) -> bytes:
    document = open_template(template or resource_path(TEMPLATE_NAME))
    empty_body(document)
    drop_page_numbers(document)  # a form carries no — 1 —
    styled(document, document.add_paragraph(TITLE), TITLE_STYLE)
    styled(document, document.add_paragraph(INSTRUCTION), NOTE_STYLE)
    _fields_table(document)
    # A paragraph between the tables keeps Word from joining them (reading copes if it does).
    styled(document, document.add_paragraph(), NOTE_STYLE)
    _items_table(document)
    styled(document, document.add_paragraph(ROWS_HINT), NOTE_STYLE)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _fields_table(document: Document) -> None:
    table = add_table(document, FIELD_WIDTHS_MM, TABLE_STYLE)
    for index, (label, prompt) in enumerate(FIELDS):
        cells = table.rows[0].cells if index == 0 else table.add_row().cells
        _fill(document, cells[0], label, LABEL_STYLE)
        _prompt(document, cells[1], prompt)


def _items_table(document: Document) -> None:
    table = add_table(document, ITEM_WIDTHS_MM, TABLE_STYLE)
    for cell, label in zip(table.rows[0].cells, (NUMBER, TOPIC, CONTENT), strict=True):
        _fill(document, cell, label, LABEL_STYLE)
    for number in range(1, BLANK_ROWS + 1):
        row = table.add_row()
        row.height, row.height_rule = Mm(ITEM_ROW_MM), WD_ROW_HEIGHT_RULE.AT_LEAST
        _fill(document, row.cells[0], str(number), LABEL_STYLE)
        _fill(document, row.cells[1], "", ENTRY_STYLE)
        if number == 1:
            _prompt(document, row.cells[2], CONTENT_PROMPT)
        else:
            _fill(document, row.cells[2], "", ENTRY_STYLE)


def _fill(document: Document, cell: _Cell, text: str, style: str) -> None:
    paragraph = cell.paragraphs[0]
    if text:
        paragraph.add_run(text)
    styled(document, paragraph, style)


def _prompt(document: Document, cell: _Cell, prompt: str) -> None:
    _fill(document, cell, "", ENTRY_STYLE)
    styled(document, cell.paragraphs[0].add_run(prompt), PROMPT_STYLE)


# --- reading a filled form -----------------------------------------------------------------------


def read_form(path: Path, converted: Path | Exception | None = None) -> Submission:
    """Read a filled 报送单 (.docx, or .doc/.wps converted with the office suite — already, in
    ``converted``, when a batch of them was converted in one run).

    Raises FormatError naming the file and the field (报送单位, 第2条信息…) for a file that is
    not a 报送单, is damaged or too large, or lacks the unit, the date or any item.
    """
    path = Path(path)
    source = str(path)
    rows = _table_rows(_package(path, source, converted))
    header = next((i for i, row in enumerate(rows) if _items_header(row)), None)
    fields = _fields([[cell or "" for cell in row]
                      for row in (rows if header is None else rows[:header])])
    if header is None and UNIT not in fields:
        raise FormatError(source, "", NOT_A_FORM)
    if header is None:
        raise FormatError(source, CONTENT, "没有找到“信息内容”表格（表头：序号、栏目、信息内容）")
    if UNIT not in fields:
        raise FormatError(source, UNIT, "没有找到“报送单位”栏")
    items = _items(rows[header], rows[header + 1:])
    if not fields[UNIT] and not items:
        raise FormatError(source, UNIT, "报送单是空的：没有填写报送单位和信息内容")
    # Full-width digits (０２８) are typed with a Chinese input method's full-width mode.
    phone = unicodedata.normalize("NFKC", fields.get(PHONE, ""))
    return make_submission(source, fields[UNIT], fields.get(AUTHOR, ""), phone,
                           _date(source, fields.get(DATE, "")), items)


def looks_like_form(path: Path) -> bool:
    """Whether a Word file is a 报送单 rather than an issue, cheaply (to route a dropped file):
    its title, or both the 报送单位 label and the 信息内容 column, in the text. A .docx gives
    only its word/document.xml (tags dropped: Word splits words over runs); a .doc or .wps is
    searched as it is, for Word and WPS keep its text as UTF-16."""
    try:  # a FIFO, a device, a bomb: not read here; the importer says what is wrong with it
        data = infile.read_regular(path, limits.MAX_FILE_BYTES)
        if data.startswith(b"PK"):
            with infile.open_zip(data, path) as archive:
                xml = infile.read_part(archive, "word/document.xml", path)
            text = re.sub(r"<[^>]*>", "", xml.decode("utf-8", "replace"))
            return TITLE in text or (UNIT in text and CONTENT in text)
    except infile.RefusedFile:
        return False
    return TITLE.encode("utf-16-le") in data or (
        UNIT.encode("utf-16-le") in data and CONTENT.encode("utf-16-le") in data)


def _package(path: Path, source: str, converted: Path | Exception | None) -> Package:
    try:
        if isinstance(converted, Exception):
            raise converted
        data = read_user_file(converted or path, limits.MAX_FILE_BYTES)
        return open_package(data if converted else as_docx_bytes(path, data), source)
    except ReaderError as exc:
        raise FormatError(source, "", exc.cause) from None


def _table_rows(package: Package) -> list[list[str | None]]:
    """Every row of every table, in document order, as the texts of its cells; None for a
    cell merged with the one above it (a 栏目 shared by several items)."""
    read = cell_reader(package)
    return [[None if _merged_above(cell) else _cell_text(read, cell)
             for cell in _children(row, "tc")]
            for table in _tables(package.document) for row in _children(table, "tr")
            if row.find(f"{W}trPr/{W}del") is None]  # a row deleted with changes tracked


def _merged_above(cell: etree._Element) -> bool:
    merge = cell.find(f"{W}tcPr/{W}vMerge")
    return merge is not None and merge.get(W + "val") in (None, "continue")


def _tables(root: etree._Element) -> Iterator[etree._Element]:
    """The outermost tables, wherever they stand (in content controls, inserted text…)."""
    for table in root.iter(W + "tbl"):
        if next(table.iterancestors(W + "tbl"), None) is None and not _deleted(table):
            yield table


def _deleted(element: etree._Element) -> bool:
    return any(a.tag in (W + "del", W + "moveFrom") for a in element.iterancestors())


def _children(parent: etree._Element, name: str) -> list[etree._Element]:
    """The rows of a table or cells of a row, also inside content controls around them."""
    tag, container = W + name, W + ("tbl" if name == "tr" else "tr")
    return [element for element in parent.iter(tag)
            if next(element.iterancestors(container), None) is parent]


def _cell_text(read: Callable[[etree._Element], list[Line]], cell: etree._Element) -> str:
    """The cell's paragraphs joined (Chinese directly, Latin words with a space), prompts left
    in it removed, tabs and runs of spaces made one space. A cell whose paragraphs are
    numbered items (1.… 2.…, typed into one row) keeps them apart with ITEM_BREAK."""
    groups: list[list[str]] = []
    style = None  # the first paragraph's numbering: only the same numbering starts an item
    for line in (line.text for line in read(cell) if line.text.strip()):
        marker = split_leading_number(line)[0]
        if not groups:
            style = marker_style(marker) if marker else None
        if not groups or (style is not None and marker and marker_style(marker) == style):
            groups.append([])
        groups[-1].append(line)
    return ITEM_BREAK.join(_one_text("\n".join(group)) for group in groups)


def _one_text(lines: str) -> str:
    text = join_breaks(lines)
    return _SPACES.sub(" ", _PROMPT.sub("", _typed_into_prompt(text.strip()))).strip()


def _typed_into_prompt(text: str) -> str:
    """What was typed into a prompt without selecting it all: （请填写单位省档案馆窗口名称）
    is 省档案馆窗口, and 省自然资源厅窗口） (the prompt selected but its bracket) is
    省自然资源厅窗口. A bracket alone counts as left of the prompt only where it leaves the
    text's brackets unbalanced: 省政务服务中心（省公共资源交易中心） is a name."""
    if any(prompt in text for prompt in PROMPTS):
        return text  # a whole prompt beside what was typed: removed as it stands
    kept, typed = 0, text
    # Not the date's prompt: a date typed over its example (如2023年4月1日) is read in place.
    for prompt in (p for p in PROMPTS if p != dict(FIELDS)[DATE]):  # the one most of which is left
        before = _common_length(text, prompt)
        after = _common_length(text[before:][::-1], prompt[before:][::-1])
        if before + after > kept:
            kept, typed = before + after, text[before:len(text) - after]
    if typed.strip() and (kept >= 3 or (kept and not _balanced(text) and _balanced(typed))):
        return typed.strip()
    return text


def _common_length(text: str, other: str) -> int:
    return len(os.path.commonprefix([text, other]))


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"（": 1, "(": 1, "）": -1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def _items_header(row: list[str | None]) -> bool:
    return any(_compact(cell).startswith(CONTENT) for cell in row)


def _compact(text: str | None) -> str:
    return _SPACES.sub("", text or "")


def _fields(rows: list[list[str]]) -> dict[str, str]:
    """Label → value: a label cell, its value in the cell after it or typed after “：”."""
    found: dict[str, str] = {}
    for row in rows:
        index = 0
        while index < len(row):
            label = _label(row[index])
            if label is None:
                index += 1
                continue
            key, rest = label
            after = row[index + 1] if index + 1 < len(row) else ""
            found.setdefault(key, _without_label(key, " ".join(filter(None, (rest, after)))))
            index += 2
    return found


def _label(text: str) -> tuple[str, str] | None:
    """(field, what follows the label and its colon) when ``text`` starts with a label."""
    for key, pattern in _LABEL_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            return key, (match[1] or "").strip()
    return None


def _label_pattern(name: str) -> re.Pattern[str]:
    """The label, spaces between its characters allowed, then nothing, or “：” or a space and
    the value."""
    spaced = r"\s*".join(map(re.escape, name))
    return re.compile(rf"\s*{spaced}(?:(?:\s*[：:]|\s)\s*(.*))?", re.DOTALL)


_LABEL_PATTERNS = [(key, _label_pattern(name)) for key, names in _LABELS.items()
                   for name in names]


def _without_label(key: str, value: str) -> str:
    """“单位：省市场监管局” typed into the value cell is the unit 省市场监管局."""
    label = _label(value)
    return label[1] if label is not None and label[0] == key and label[1] else value


def _items(header: list[str | None], rows: list[list[str | None]]) -> list[tuple[str, str]]:
    """(text, topic) of each row with anything in its 栏目 or 信息内容 cell; a 栏目 cell merged
    over several rows is the topic of each."""
    content = next(i for i, cell in enumerate(header) if _compact(cell).startswith(CONTENT))
    topic = next((i for i, cell in enumerate(header) if _compact(cell).startswith("栏目")), None)
    items = []
    above: list[str] = []
    for cells in rows:
        shown = [(above[i] if i < len(above) else "") if cell is None else cell
                 for i, cell in enumerate(cells)]
        above = shown
        if _items_header(cells) or not cells:
            continue  # the header repeated (forms joined), or a row without cells
        same = len(cells) == len(header)  # else cells were merged or split: the last is the text
        text = (cells[content] if same else cells[-1]) or ""  # merged: part of the item above
        typed = same and topic is not None and cells[topic] is not None  # not carried down
        kind = shown[topic] if same and topic is not None else ""
        if text or (kind and typed):
            items += [(part, kind) for part in text.split(ITEM_BREAK)]
    return items


def _date(source: str, text: str) -> dt.date | None:
    try:
        return find_date(text)
    except DateError as exc:
        raise FormatError(source, DATE, str(exc)) from None
