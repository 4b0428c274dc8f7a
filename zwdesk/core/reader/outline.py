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
from zwdesk.core.kinds import KINDS, resembles_other
from zwdesk.core.kinds.base import Block, Kind
from zwdesk.core.kinds.reading import BRACKETED, NUMERAL, SPACE, Report, numeral_value
from zwdesk.core.reader.paragraphs import Line

_HEADING1 = re.compile(rf"({NUMERAL}){SPACE}[、，,．.]{SPACE}(.*)", re.DOTALL)
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
        return _after_label(line.text, wording.subsection_label(expected), BRACKETED)
    if line.role is not None:
        return None
    match = BRACKETED.fullmatch(line.text)
    if match is None or "。" in match[2]:
        return None
    return _numbered(match, expected)


def section(title: str, lines: list[Line], report: Report) -> dict[str, Any]:
    """A section from the paragraphs under its heading."""
    for kind in KINDS.values():  # a kind that sits only directly under 一、 is tried first
        found = None if kind.in_subsection else _recognise(kind, lines, report, title)
        if found is not None and not any(line.role == b.HEADING2 for line in lines):
            return {"title": title, "block": found}
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
    """The block the paragraphs under a heading print: the first kind, in the registry's
    order, that recognises them by their wording (and role); the last kind takes anything."""
    for kind in KINDS.values():
        found = (None if in_subsection and not kind.in_subsection
                 else _recognise(kind, lines, report, title))
        if found is not None:
            return found
    raise AssertionError("the last kind of the registry recognises any paragraphs")


def _recognise(kind: Kind, lines: list[Line], report: Report, title: str) -> Block | None:
    """The block ``kind`` reads from the paragraphs, told which the other kinds would take."""
    return kind.recognise(lines, report, title, resembles_other(kind.name))
