"""Field keys: the form field a problem, a printed paragraph or a search hit points at.

The keys, as used by the app's forms (and ``Problem.field``, ``Para.field``):

- masthead: ``publication``, ``editor``, ``year``, ``number``, ``serial``, ``issue_date``,
  ``period_start``, ``period_end``
- any section or subsection: ``title``
- window_stats: ``week.<key>``, ``year_to_date.<key>`` with key consult/accept/issue/transfer
- items: ``items`` (the list itself, when empty), ``items[i]``
- department_list: ``departments[i]``
- text: ``paragraphs`` (empty list), ``paragraphs[i]``
- inspection: ``checks`` (empty list), ``checks[i].title``, ``checks[i].finding``
- platform_stats: ``source``, ``from``, ``to``, ``<group>.<key>`` (``licensing.accepted``…)
- distribution: ``report``, ``send``, ``issue``, ``copies``, ``recipients[i].name``

Indexes are 0-based like the issue dict; in words they count from 1 like the printed bulletin
(``entry_words``: 第2条, （二）). ``parse_field`` splits a key into its parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from zwdesk.core.wording import chinese_numeral

PUBLICATION = "publication"
EDITOR = "editor"
YEAR = "year"
NUMBER = "number"
SERIAL = "serial"
ISSUE_DATE = "issue_date"
PERIOD_START = "period_start"
PERIOD_END = "period_end"
TITLE = "title"
ITEMS = "items"
DEPARTMENTS = "departments"
PARAGRAPHS = "paragraphs"
CHECKS = "checks"
SOURCE = "source"
FROM = "from"
TO = "to"
REPORT = "report"
SEND = "send"
ISSUE = "issue"
COPIES = "copies"
RECIPIENTS = "recipients"
WEEK = "week"
YEAR_TO_DATE = "year_to_date"


def week_field(key: str) -> str:
    return f"{WEEK}.{key}"


def year_to_date_field(key: str) -> str:
    return f"{YEAR_TO_DATE}.{key}"


def item_field(index: int) -> str:
    return f"{ITEMS}[{index}]"


def department_field(index: int) -> str:
    return f"{DEPARTMENTS}[{index}]"


def paragraph_field(index: int) -> str:
    return f"{PARAGRAPHS}[{index}]"


def check_title_field(index: int) -> str:
    return f"{CHECKS}[{index}].title"


def check_finding_field(index: int) -> str:
    return f"{CHECKS}[{index}].finding"


def recipient_name_field(index: int) -> str:
    return f"{RECIPIENTS}[{index}].name"


@dataclass(frozen=True)
class FieldRef:
    """A field key taken apart: ``checks[1].title`` → name checks, index 1, sub title."""

    name: str
    index: int | None = None
    sub: str | None = None


_FIELD = re.compile(r"(\w+)(?:\[(\d+)\])?(?:\.(\w+))?")


def parse_field(field: str) -> FieldRef:
    match = _FIELD.fullmatch(field)
    if match is None:
        raise ValueError(f"not a field key: {field!r}")
    name, index, sub = match.groups()
    return FieldRef(name, None if index is None else int(index), sub)


def field_place(place: str, field: str) -> str:
    """A node's place with the list entry ``field`` points at: … / 第2条."""
    entry = entry_words(field) if field else ""
    return f"{place} / {entry}" if entry else place


_ENTRY_WORDS = {ITEMS: "第{}条", PARAGRAPHS: "第{}段", DEPARTMENTS: "第{}个部门",
                RECIPIENTS: "分发名单第{}行"}


def entry_words(field: str) -> str:
    """The list entry ``field`` points at, in words (第2条, （二）…); '' for other fields."""
    if not field:  # a problem of a whole node, such as a near-empty page
        return ""
    ref = parse_field(field)
    if ref.index is None:
        return ""
    if ref.name == CHECKS:
        return check_label(ref.index)
    return _ENTRY_WORDS[ref.name].format(ref.index + 1)


def check_label(index: int) -> str:
    """（二） as printed; chinese_numeral stops at 99, an unlikely number of checks."""
    return f"（{chinese_numeral(index + 1)}）" if index < 99 else f"第{index + 1}项"
