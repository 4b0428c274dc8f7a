"""A number typed at the start of a text that the bulletin numbers itself: ``3.``, ``（一）``…

Items print as ``1.…``, titles as ``一、…`` / ``（一）…``: a number the secretary typed too
prints doubled (``1.3.…``). ``split_leading_number`` recognises such a marker; the checks report
it and the forms strip it as it is typed. Pure Python: no Qt, no database.
"""

from __future__ import annotations

import re

_ARABIC = "0-9０-９"
_CHINESE = "一二三四五六七八九十"
# A Chinese number as a heading number is written: 一…九, 十, 十一…十九, 二十…九十九. So 五一
# (the May holiday) is no number; 十一 is one, but also the October holiday, too often at the
# start of a sentence (十一期间…) to be taken for a typed number outside brackets.
_DIGIT = "一二三四五六七八九"
_NUMERAL = f"(?:[{_DIGIT[1:]}]十[{_DIGIT}]?|十[{_DIGIT}]?|[{_DIGIT}])"
# After a number in brackets, these make it part of the text: （2）号楼, （3）批.
_COUNTED = "号楼栋层室期批次个名项届"
# ①–⑳, ⑴–⒇, ⒈–⒛
_CIRCLED = "\u2460-\u2473\u2474-\u2487\u2488-\u249b"

_SPACE = " \t\u3000"
# A marker with the spaces around it, then something that is not a digit of its kind
# (1.5万, 3、4月份 and 一、二季度 are not numbered texts).
_MARKER = re.compile(
    rf"""[{_SPACE}]*(?:
        [{_ARABIC}]{{1,2}}[.．、)）][{_SPACE}]*(?=[^\s{_ARABIC}])           # 3.  3、  3．  3）
      | (?!十一[、.．])
        {_NUMERAL}[、.．][{_SPACE}]*(?=[^\s{_CHINESE}])                  # 一、
      | [（(][{_SPACE}]*[{_ARABIC}]{{1,2}}[{_SPACE}]*[）)]
        [{_SPACE}]*(?=[^\s{_ARABIC}{_COUNTED}])                        # (1)
      | [（(][{_SPACE}]*{_NUMERAL}[{_SPACE}]*[）)][{_SPACE}]*(?=[^\s{_COUNTED}])  # （一）
      | [{_CIRCLED}][{_SPACE}]*(?=[^\s{_ARABIC}])                         # ①  ⑴  ⒈
    )""",
    re.VERBOSE,
)


def split_leading_number(text: str) -> tuple[str, str]:
    """``('3. ', 'rest')`` for ``'3. rest'``: the marker with the spaces after it, and the rest.

    ``('', text)`` when the text does not start with a number marker. A marker is 1–2 Arabic
    digits followed by ``.`` ``．`` ``、`` or ``)`` ``）``; a Chinese numeral followed by ``、``
    or a full stop; an Arabic or Chinese number in parentheses; or a circled number ①/⑴/⒈. It
    counts only when something follows that is not a digit of its kind, so ``2023年``,
    ``1.5万人次``, ``3、4月份`` and ``一、二季度`` are left alone, and so is a bare ``3.``
    (the secretary may be typing ``3.5``). Spaces before the marker belong to it.
    """
    match = _MARKER.match(text)
    if match is None:
        return "", text
    return match[0], text[match.end():]


def marker_style(marker: str) -> str:
    """A number marker's style, its digits and numerals set aside: 1. and 2. share one, （1）
    and 三、 do not (a list's items against the sub-points of one of them)."""
    return re.sub(r"[0-9０-９]+", "0", re.sub(f"[{_CHINESE}]+", "一", marker.strip()))
