"""The wording of the bulletin: numerals, dates and the sentences generated from counts.

The sentences follow the printed issue 2023年第9期 word for word (see resources/issue-format-v1.md).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from zwdesk.core.limits import NUMERAL_MAX

_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (section numbers stay below 100)."""
    if not 1 <= n <= NUMERAL_MAX:
        raise ValueError(f"section number out of range: {n}")
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


def section_label(n: int) -> str:
    return f"{chinese_numeral(n)}、"


def subsection_label(n: int) -> str:
    return f"（{chinese_numeral(n)}）"


def item_label(n: int) -> str:
    return f"{n}."


def full_date(d: dt.date) -> str:
    """2023年3月6日: Arabic numerals, no leading zeros."""
    return f"{d.year}年{d.month}月{d.day}日"


def month_day(d: dt.date) -> str:
    return f"{d.month}月{d.day}日"


def period_line(start: dt.date, end: dt.date) -> str:
    """（3月6日—3月10日）, with years on both ends when the week crosses a year."""
    if start.year == end.year:
        return f"（{month_day(start)}\u2014{month_day(end)}）"
    return f"（{full_date(start)}\u2014{full_date(end)}）"


def issue_number_line(year: int, number: int, serial: int) -> str:
    return f"{year}年第{number}期（总第{serial}期）"


_CLOSING = "。！？；…"


def with_full_stop(text: str) -> str:
    """A 版记 line or run-in heading ends with 。 unless the user already ended it."""
    text = text.rstrip()
    return text if text and text[-1] in _CLOSING else text + "。"


# The 版记's lines: group label → key of the distribution in the exchange format.
DISTRIBUTION_GROUPS = (("报", "report"), ("送", "send"), ("发", "issue"))


def lines_from_recipients(recipients: list[dict[str, Any]]) -> dict[str, str]:
    """The 报/送/发 lines of the 版记: the recipients' names of each group joined by 、."""
    return {key: "、".join(r["name"] for r in recipients if r["group"] == group)
            for group, key in DISTRIBUTION_GROUPS}


def distribution_line(label: str, text: str) -> str:
    return f"{label}：{with_full_stop(text)}"


def copies_line(copies: int) -> str:
    return f"（共印{copies}份）"
