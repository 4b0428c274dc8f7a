"""Whole numbers as people type and paste them: ``1,203``, ``1，203``, ``1 203``, ``１２０３``.

Pure Python, shared by the forms and anything else that reads a typed count.
"""

from __future__ import annotations

import re
import unicodedata

from zwdesk.core.limits import MAX_COUNT

# Thousands separators: a comma (half- or full-width after NFKC) or a space of any kind
# (a number pasted from a PDF or a web page often carries thin or no-break spaces).
_GROUPED = re.compile(r"\d{1,3}(?:[, ]\d{3})+")
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u3000]+")


def parse_count(text: str, minimum: int = 0,
                maximum: int = MAX_COUNT) -> tuple[int | None, str]:
    """Read a typed whole number; return (value, "") or (None, a message in Chinese).

    Separators are accepted only in groups of three (``1,203``), so that a slip such as
    ``12,03`` or a decimal comma is refused rather than read as a different number.
    """
    text = _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip()
    if not text:
        return None, "请填写数字"
    if text.startswith("-") and text[1:].strip().replace(",", "").isdigit():
        return None, "不能为负数"
    digits = text.replace(",", "").replace(" ", "")
    if not digits.isdigit() or not digits.isascii():
        return None, "请输入整数（不能有小数或文字）"
    if "," in text and not _GROUPED.fullmatch(text):
        return None, "逗号位置不对：千位分隔应每三位一个，如 1,203"
    text = digits  # digits pasted with spaces between them read as one number too
    if len(text.lstrip("0")) > len(str(maximum)):  # int() refuses 4300 digits and more
        return None, f"应不大于 {maximum}"
    value = int(text)
    if value < minimum:
        return None, f"应不小于 {minimum}"
    if value > maximum:
        return None, f"应不大于 {maximum}"
    return value, ""
