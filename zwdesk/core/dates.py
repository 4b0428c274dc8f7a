"""Dates as people type them: 2023-03-15, 2023-3-5, 2023年3月15日, 2023.3.15, 2023/3/15,
20230315, 二〇二三年三月十五日, in full-width digits too. Used by the 报送单 reader and the
command line's date options. A date without its year is refused, not guessed."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from zwdesk.core import limits
from zwdesk.core.errors import quote
from zwdesk.core.reader.frame import read_date

EXAMPLE = "2023年3月15日"
# A year of more digits is read whole (12023-03-01 is not 2023-03-01) and refused as such.
_YEAR_MONTH_DAY = re.compile(r"(?<!\d)(\d{4,})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})(?!\d)")
_COMPACT = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)")
_MONTH_DAY = re.compile(r"(\d{1,2})\s*[月./\-]\s*(\d{1,2})")


class DateError(ValueError):
    """The text holds no readable date; the message says why, in Chinese."""


def find_date(text: str) -> dt.date | None:
    """The first date in ``text`` (other words around it allowed: 2023年3月15日（星期三）),
    None for an empty text; raise DateError for one that is impossible, lacks its year or
    cannot be read."""
    text = unicodedata.normalize("NFKC", text).strip()
    if not text:
        return None
    match = _YEAR_MONTH_DAY.search(text) or _COMPACT.search(text)
    if match:
        _refuse_year(match[1], text)
        try:
            return dt.date(*map(int, match.groups()))
        except ValueError:
            raise DateError(f"日期不存在：{quote(text)}") from None
    found = read_date(text)
    if found is not None:
        _refuse_year(str(found.year), text)
        return found
    if _MONTH_DAY.search(text) and not re.search(r"\d{4}", text):
        raise DateError(f"日期缺少年份：{quote(text)}（请写完整日期，如{EXAMPLE}）")
    raise DateError(f"无法识别日期：{quote(text)}（请写成如{EXAMPLE}）")


def _refuse_year(year: str, text: str) -> None:
    """A year outside the program's limits (zwdesk.core.limits) is refused, not cut short."""
    if len(year) != 4 or not limits.YEAR_MIN <= int(year) <= limits.YEAR_MAX:
        raise DateError(f"年份超出范围：{quote(text)}（年份应为 {limits.YEAR_MIN}–"
                        f"{limits.YEAR_MAX}）")
