"""The sections of the bulletin read back: headings 一、 and （一）, and each block by its
wording. The inverse of bulletin._section / bulletin.block_paragraphs.

A paragraph's role from zwdesk's own styles is trusted when it is there (so a text paragraph
that happens to start with 1. stays text); otherwise the wording decides. Whatever cannot be
placed as typed content is kept as a text paragraph where it stood, and reported.
"""

from __future__ import annotations

import re
from typing import Any

from zwdesk.core import bulletin as b
from zwdesk.core import wording
from zwdesk.core.kinds import KINDS, looks_typed
from zwdesk.core.kinds.reading import BRACKETED, NUMERAL, SPACE, Report, count, numeral_value
from zwdesk.core.reader.paragraphs import Line

_HEADING1 = re.compile(rf"({NUMERAL}){SPACE}[、，,．.]{SPACE}(.*)", re.DOTALL)
_BRACKETED = BRACKETED
_ITEM = re.compile(rf"([0-9０-９]{{1,3}}){SPACE}[.．、]{SPACE}(.*)", re.DOTALL)
_SHORT_TITLE = 40  # a heading numbered one off is still one if it is this short


def heading1(line: Line, expected: int) -> str | None:
    """The title if ``line`` is the heading of section ``expected`` (1-based), else None."""
    if line.role == b.HEADING1:
        return _after_label(line.text, wording.section_label(expected), _HEADING1)
    if line.role is not None:
        return None
    return _numbered(_HEADING1.fullmatch(line.text), expected)


def _numbered(match: re.Match[str] | None, expected: int) -> str | None:
    if match is None:
        return None
    value, title = numeral_value(match[1]), match[2].strip()
    if value is None:
        return None
    # A number typed wrong by one (a number skipped or repeated) still makes a short title a
    # heading; 一、二季度… in the middle of a section does not.
    near = abs(value - expected) <= 1 and len(title) <= _SHORT_TITLE and "。" not in title
    return title if value == expected or (near and title) else None


def _after_label(text: str, label: str, pattern: re.Pattern[str]) -> str:
    if text.startswith(label):
        return text[len(label):]
    match = pattern.fullmatch(text)
    return match[2].strip() if match and numeral_value(match[1]) else text


def heading2(line: Line, expected: int) -> str | None:
    if line.role == b.HEADING2:
        return _after_label(line.text, wording.subsection_label(expected), _BRACKETED)
    if line.role is not None:
        return None
    match = _BRACKETED.fullmatch(line.text)
    if match is None or "。" in match[2]:
        return None
    return _numbered(match, expected)


def check(line: Line) -> dict[str, str] | None:
    """An inspection check: （一）title。finding."""
    if line.role == b.INSPECTION and line.run_in:
        heading, finding = line.text[:line.run_in], line.text[line.run_in:]
        match = _BRACKETED.fullmatch(heading)
        title = match[2] if match and numeral_value(match[1]) else heading
        return {"title": title[:-1] if title.endswith("。") else title, "finding": finding}
    if line.role not in (None, b.INSPECTION):
        return None
    match = _BRACKETED.fullmatch(line.text)
    if match is None or numeral_value(match[1]) is None or "。" not in match[2]:
        return None
    title, _, finding = match[2].partition("。")
    return {"title": title.strip(), "finding": finding.strip()}


def section(title: str, lines: list[Line], report: Report) -> dict[str, Any]:
    """A section from the paragraphs under its heading."""
    for kind in KINDS.values():  # a kind that sits only directly under 一、 is tried first
        found = None if kind.in_subsection else kind.recognise(lines, report, title)
        if found is not None and not any(line.role == b.HEADING2 for line in lines):
            return {"title": title, "block": found}
    checks = [check(line) for line in lines]
    if lines and all(checks) and not any(line.role == b.HEADING2 for line in lines):
        return {"title": title, "block": {"kind": "inspection", "checks": checks}}
    subsections: list[tuple[str, list[Line]]] = []
    leading: list[Line] = []
    for line in lines:
        sub_title = heading2(line, len(subsections) + 1)
        if sub_title is not None:
            subsections.append((sub_title, []))
        elif subsections:
            subsections[-1][1].append(line)
        else:
            leading.append(line)
    if not subsections:
        return {"title": title, "block": block(lines, report, title)}
    if leading:
        report.kept_as_text += [line.text for line in leading]
        report.warnings.append(f"“{title}”下、第一个二级标题前的段落无法归入，已作为文字段落"
                               "并入第一个二级标题下。")
        first_title, first_lines = subsections[0]
        subsections[0] = (first_title, leading + first_lines)
    return {"title": title, "subsections": [
        {"title": sub_title, "block": block(sub_lines, report, sub_title, in_subsection=True)}
        for sub_title, sub_lines in subsections]}


def block(lines: list[Line], report: Report, title: str,
          in_subsection: bool = False) -> dict[str, Any]:
    """The block the paragraphs under a heading print: by their wording (and role)."""
    for kind in KINDS.values():
        found = (None if in_subsection and not kind.in_subsection
                 else kind.recognise(lines, report, title))
        if found is not None:
            return found
    if not lines:
        return {"kind": "text", "paragraphs": []}
    items = _items(lines)
    if items is not None:
        return {"kind": "items", "items": items}
    if not in_subsection:
        checks = [check(line) for line in lines]
        if all(checks):
            return {"kind": "inspection", "checks": checks}
    typed = [line for line in lines if _looks_typed(line, report)]
    if typed:
        report.kept_as_text += [line.text for line in lines]
        report.warnings.append(f"“{title}”下的段落类型混杂，无法作为一种内容读入，"
                               "已全部作为文字段落保留。")
    return {"kind": "text", "paragraphs": [line.text for line in lines]}


def _items(lines: list[Line]) -> list[str] | None:
    """The items' texts if every paragraph is the next numbered item 1. 2. 3. …"""
    items = []
    for number, line in enumerate(lines, start=1):
        label = wording.item_label(number)
        if line.role == b.ITEM and line.text.startswith(label):
            items.append(line.text[len(label):])
            continue
        match = _ITEM.fullmatch(line.text) if line.role in (None, b.ITEM) else None
        if match is None or count(match[1]) != number:
            return None
        items.append(match[2].strip())
    return items


def _looks_typed(line: Line, report: Report) -> bool:
    """A paragraph worded as typed content (a numbered item, a check, a statistics sentence)."""
    if line.role in (b.ITEM, b.INSPECTION) or looks_typed(line):
        return True
    if line.role not in (None, b.BODY):
        return False
    return bool(_ITEM.fullmatch(line.text) and line.role is None) or check(line) is not None
