"""The generated sentences read back into counts: the inverse of zwdesk.core.wording.

Hand-typed issues word them with small differences, all accepted: commas instead of 、,
共计/累计 left out, spaces, full-width digits, thousands separators, 尚未授权…共N个，分别是….
Each ``read_*`` returns the block (and problems found, such as a count that contradicts the
list) or None when the paragraph is not that sentence.
"""

from __future__ import annotations

import re
from typing import Any

from zwdesk.core.kinds.reading import AND, DATE, NUM, STOP, compact, count, date

_NUM, _AND, _STOP, _DATE = NUM, AND, STOP, DATE

_PLATFORM = re.compile(
    rf"据(.+?)数据统计[，,：:]?{_DATE}(?:至|到|—+|－|-|~|～){_DATE}[，,]?"
    rf"省本级行政许可事项受理{_NUM}件[，,、]办结{_NUM}件[；;，,。]"
    rf"公共服务事项受理{_NUM}件[，,、]办结{_NUM}件"
    rf"(?:[，,；;]其[它他]{_NUM}类行权事项受理{_NUM}件[，,、](?:累计)?办结{_NUM}件)?{_STOP}")
_DEPARTMENTS = re.compile(
    r"(?:目前[，,]?)?(?:尚)?未授权(?:无差别)?综合窗口的省级部门(?:[（(]单位[）)])?"
    rf"(?:共有|共计|有|共){_NUM}个[，,：:]?(?:分别(?:是|为)[：:]?)?(.*?){_STOP}", re.DOTALL)
_ALL_AUTHORISED = re.compile(
    r"(?:目前[，,]?)?省级部门(?:[（(]单位[）)])?(?:均已|均|已全部|全部|都已)授权(?:无差别)?"
    rf"综合窗口{_STOP}")
_NAME_SEPARATORS = re.compile(r"\s*[、，,；;]\s*")


def read_platform_stats(text: str) -> dict[str, Any] | None:
    match = _PLATFORM.fullmatch(compact(text))
    if match is None:
        return None
    g = match.groups()
    start, end = date(*g[1:4]), date(*g[4:7])
    if start is None or end is None or end < start:
        return None
    numbers = [count(v) if v is not None else 0 for v in g[7:]]
    return {
        "kind": "platform_stats", "source": g[0], "from": start, "to": end,
        "licensing": {"accepted": numbers[0], "completed": numbers[1]},
        "public_service": {"accepted": numbers[2], "completed": numbers[3]},
        "other": {"categories": numbers[4], "accepted": numbers[5], "completed": numbers[6]},
    }


def read_department_list(text: str) -> tuple[dict[str, Any], list[str]] | None:
    """The department_list block and the problems found (a count that contradicts the list)."""
    if _ALL_AUTHORISED.fullmatch(compact(text)):
        return {"kind": "department_list", "departments": []}, []
    match = _DEPARTMENTS.fullmatch(text.strip())
    if match is None:
        return None
    stated = count(match[1])
    names = [name for name in _NAME_SEPARATORS.split(match[2].strip()) if name]
    problems = []
    if stated != len(names):
        problems.append(f"未授权部门的数量与名单不符：写明有{stated}个，但列出了{len(names)}个"
                        f"名称（按列出的名称读入）：“{text}”")
    return {"kind": "department_list", "departments": names}, problems
