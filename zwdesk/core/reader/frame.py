"""The 报头 (publication, 期号 line, organisation and date, period line) and the 版记
(报/送/发 lines, （共印N份）) read back from the paragraphs before the first and after the last
section. The inverse of bulletin.masthead / bulletin._distribution and their wording.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from zwdesk.core import bulletin as b
from zwdesk.core.errors import quote
from zwdesk.core.kinds.reading import compact, count, date, numeral_value
from zwdesk.core.reader.paragraphs import Line
from zwdesk.core.wording import DISTRIBUTION_GROUPS

_D = "[0-9０-９]"
_NUMBER_LINE = re.compile(
    rf"({_D}{{4}})年第({_D}{{1,3}})期[（(]总第({_D}{{1,5}})期[）)]")
_FULL_DATE = re.compile(rf"({_D}{{4}})\s*年\s*({_D}{{1,2}})\s*月\s*({_D}{{1,2}})\s*日")
_C = "〇零○Ｏ一二三四五六七八九十"
_CHINESE_DATE = re.compile(rf"([{_C}]{{4}})\s*年\s*([{_C}]{{1,3}})\s*月\s*([{_C}]{{1,3}})\s*日")
_ANY_DATE = re.compile(rf"[{_C}0-9０-９]+\s*年.*日$")  # a date at the end, readable or not
_PERIOD = re.compile(r"[（(](.+?)(?:—+|－|–|-|~|～|至|到)(.+?)[）)]")
_PERIOD_END = re.compile(rf"(?:({_D}{{4}})年)?(?:({_D}{{1,2}})月)?({_D}{{1,2}})日")
_LABELS = dict(DISTRIBUTION_GROUPS)  # 报 → report …
_DIST_LINE = re.compile(r"([报送发])\s*[：:]\s*(.*)", re.DOTALL)
_COPIES = re.compile(rf"[（(]\s*共印\s*({_D}+)\s*份\s*[）)]")
_SPACE = " \t\u3000\u00a0"
_NEXT_LABEL = re.compile(r"\t(?=[ \u3000]*[报送发][ \u3000]*[：:])")  # cells of one row


@dataclass
class Masthead:
    fields: dict[str, Any]  # publication, editor, year, number, serial, issue_date, period
    leftover: list[Line] = field(default_factory=list)  # lines of the 报头 not recognised
    problems: list[str] = field(default_factory=list)


# --- 报头 ---------------------------------------------------------------------------------------

# A document is a bulletin only if it opens with a 报头: the publication's name as a title, the
# 期号 line on its own (the name may stand before it), then the organisation and the date. A
# sentence that quotes 《政务服务工作》2023年第10期（总第430期） is no 期号 line, and a guide whose
# body mentions one is no bulletin.
TOP_LINES = 8  # lines (名称, 内部资料, 密级…) a 报头 may have above its 期号 line
_TITLE_LENGTH = 40
_SENTENCE = re.compile(r"[。！？；!?;]")
_EXAMPLE = "如“2023年第9期（总第429期）”"


class NoMasthead(Exception):
    """The document does not open with a 报头; the message says what is missing."""


def _title_like(text: str) -> bool:
    return len(text) <= _TITLE_LENGTH and not _SENTENCE.search(text)


def find_number_line(lines: list[Line]) -> int:
    """The index of the 期号 line at the top of the document: alone on its line (after the
    publication's name at most), below nothing but short title lines. Raises NoMasthead."""
    for index, line in enumerate(lines[:TOP_LINES + 1]):
        text = compact(line.text)
        match = _NUMBER_LINE.search(text)
        if match and (line.role == b.MASTHEAD_NUMBER or (
                not text[match.end():] and _title_like(text[:match.start()]))):
            return index
        if line.role != b.MASTHEAD_NAME and not _title_like(line.text):
            break  # zwdesk's 报头 style says what a line is, whatever its words
    for line in lines:
        if quoted := _NUMBER_LINE.search(compact(line.text)):
            raise NoMasthead(f"文件开头没有单独成行的期号（{_EXAMPLE}）；“{quoted[0]}”只出现"
                             f"在正文的“{quote(line.text, 30)}”中")
    raise NoMasthead(f"没有期号行（{_EXAMPLE}）")


def check_masthead(lines: list[Line], at: int) -> None:
    """Raise NoMasthead naming what the 报头 ``lines`` (up to the first section) lack: the
    publication's name above the 期号 line at ``at``, the organisation and date below it."""
    missing = []
    named = any(line.role == b.MASTHEAD_NAME for line in lines)
    if not (named or at > 0 or _name_before_number(lines[at].text)):
        missing.append("期号行之上没有刊名（如“政务服务工作”）")
    if not _organisation_and_date(lines, at):
        missing.append("期号行之下没有编印单位和印发日期（如“四川省政府政务服务和公共资源交易"
                       "服务中心　2023年3月21日”）")
    if missing:
        raise NoMasthead("；".join(missing))


def _name_before_number(text: str) -> str:
    match = _NUMBER_LINE.search(compact(text))
    return text.split(match[1])[0].strip(_SPACE) if match else ""


def _organisation_and_date(lines: list[Line], at: int) -> bool:
    """A line below the 期号 line with a date (readable or not: it is reported) and the
    organisation beside it or on a line of its own above it."""
    named = False  # a line that may hold the organisation
    for line in lines[at + 1:]:
        if _PERIOD.fullmatch(compact(line.text)):
            continue
        match = _date_in(line.text) or _ANY_DATE.search(line.text)
        if match and (named or (line.text[:match.start()] + line.text[match.end():]
                                ).strip(_SPACE)):
            return True
        named = True
    return False


def read_masthead(lines: list[Line]) -> Masthead:
    """The 报头 from the paragraphs before the first section (check_masthead passed)."""
    at = find_number_line(lines)
    match = _NUMBER_LINE.search(compact(lines[at].text))
    assert match is not None  # find_number_line found it there
    used = {at}
    fields: dict[str, Any] = {"year": count(match[1]), "number": count(match[2]),
                              "serial": count(match[3])}
    named = [i for i, line in enumerate(lines) if line.role == b.MASTHEAD_NAME]
    if named:
        fields["publication"] = lines[named[0]].text
        used.add(named[0])
    elif _name_before_number(lines[at].text):
        fields["publication"] = _name_before_number(lines[at].text)
    elif at > 0:
        fields["publication"] = lines[at - 1].text
        used.add(at - 1)
    else:
        fields["publication"] = ""
    problems = _editor_and_date(lines, at, used, fields)
    _period(lines, used, fields, problems)
    leftover = [line for i, line in enumerate(lines) if i not in used]
    return Masthead(fields, leftover, problems)


def _editor_and_date(lines: list[Line], at: int, used: set[int],
                     fields: dict[str, Any]) -> list[str]:
    for index in range(at + 1, len(lines)):
        line = lines[index]
        if line.role == b.MASTHEAD_EDITOR and "\t" in line.text:
            editor, shown = line.text.rsplit("\t", 1)
            match = _date_in(shown.strip(_SPACE), whole=True)
        else:
            match = _date_in(line.text)
            editor = line.text[:match.start()] if match else ""
            if match and not editor.strip(_SPACE):
                editor = line.text[match.end():]
        if match is None or _PERIOD.fullmatch(compact(line.text)):
            continue
        found = _date_of(match)
        if found is None:
            continue
        used.add(index)
        editor = editor.strip(_SPACE)
        if not editor and index - 1 > at and index - 1 not in used:
            editor = lines[index - 1].text
            used.add(index - 1)
        fields["editor"], fields["issue_date"] = editor, found
        return []
    fields["editor"] = _editor_without_date(lines, at, used)
    fields["issue_date"] = dt.date(fields["year"], 1, 1)
    return ["报头中没有找到印发日期（如“2023年3月21日”），暂记为当年1月1日，请核对。"]


def _date_in(text: str, whole: bool = False) -> re.Match[str] | None:
    """A date in digits (2023年3月21日) or in Chinese numerals (二〇二三年三月二十一日)."""
    for pattern in (_FULL_DATE, _CHINESE_DATE):
        match = pattern.fullmatch(text) if whole else pattern.search(text)
        if match:
            return match
    return None


def read_date(text: str) -> dt.date | None:
    """The first date in ``text``, written 2023年3月21日 or 二〇二三年三月二十一日."""
    match = _date_in(text)
    return None if match is None else _date_of(match)


def _date_of(match: re.Match[str]) -> dt.date | None:
    if match.re is _FULL_DATE:
        return date(*match.groups())
    year = "".join(str(_C.index(c) - 3) if c in _C[4:13] else "0" for c in match[1])
    month, day = numeral_value(match[2]), numeral_value(match[3])
    return None if month is None or day is None else date(year, str(month), str(day))


def _editor_without_date(lines: list[Line], at: int, used: set[int]) -> str:
    """The organisation from the line after the 期号 line when its date cannot be read (the
    line is not left over, to be merged into the first section)."""
    for index in range(at + 1, len(lines)):
        text = lines[index].text
        if index in used or _PERIOD.fullmatch(compact(text)):
            continue
        if lines[index].role != b.MASTHEAD_EDITOR and "\t" not in text \
                and not _ANY_DATE.search(text):
            return ""
        used.add(index)
        return _ANY_DATE.sub("", text.split("\t")[0]).strip(_SPACE)
    return ""


def _period(lines: list[Line], used: set[int], fields: dict[str, Any],
            problems: list[str]) -> None:
    for index, line in enumerate(lines):
        if index in used:
            continue
        match = _PERIOD.fullmatch(compact(line.text))
        period = match and _period_dates(match[1], match[2], fields["issue_date"])
        if period:
            used.add(index)
            fields["period"] = {"start": period[0], "end": period[1]}
            return
    day = fields["issue_date"]
    fields["period"] = {"start": day, "end": day}
    problems.append("报头中没有找到时段行（如“（3月6日—3月10日）”），暂记为印发当天，请核对。")


def _period_dates(first: str, second: str,
                  near: dt.date) -> tuple[dt.date, dt.date] | None:
    """（3月6日—3月10日）: the years not printed are those that put the week nearest the
    date of the issue (a week in December reported in January is last year's)."""
    a, z = _PERIOD_END.fullmatch(first), _PERIOD_END.fullmatch(second)
    if a is None or z is None or a[2] is None:
        return None
    end_month = z[2] or a[2]
    candidates = []
    for end_year in ([z[1]] if z[1] else [near.year - 1, near.year, near.year + 1]):
        end = date(str(end_year), end_month, z[3])
        if end is None:
            continue
        for start_year in ([a[1]] if a[1] else [end.year, end.year - 1]):
            start = date(str(start_year), a[2], a[3])
            if start is not None and start <= end:
                candidates.append((abs((near - end).days), start, end))
                break
    if not candidates:
        return None
    _, start, end = min(candidates, key=lambda c: c[0])
    return start, end


# --- 版记 -------------------------------------------------------------------------------------


def is_distribution_line(line: Line) -> bool:
    if line.role not in (None, b.DIST_LINE, b.DIST_COPIES):
        return False
    text = line.text.strip(_SPACE)
    return bool(_DIST_LINE.match(text) or _COPIES.fullmatch(compact(text)))


def read_distribution(lines: list[Line]) -> tuple[dict[str, Any], list[str]]:
    """The distribution from the 版记's lines (a line that continues the one before it — a
    long 送 line broken by hand — is joined to it)."""
    values = {key: "" for _, key in DISTRIBUTION_GROUPS}
    copies: int | None = None
    current: str | None = None
    for line in lines:
        text = line.text.strip(_SPACE)
        found = _COPIES.search(text)
        if found and not text[found.end():].strip(_SPACE):
            copies = count(found[1])
            text = text[:found.start()].strip(_SPACE)
        for part in (p for p in _NEXT_LABEL.split(text) if p.strip(_SPACE)):
            match = _DIST_LINE.match(part.strip(_SPACE))
            if match:
                current = _LABELS[match[1]]
                values[current] += match[2].strip(_SPACE)
            elif current is not None:
                values[current] += part.strip(_SPACE)
    distribution: dict[str, Any] = {key: _without_full_stop(value)
                                    for key, value in values.items()}
    problems = []
    if copies is None or copies < 1:
        problems.append("版记中没有找到印数（如“（共印94份）”），暂记为1份，请核对。")
        copies = 1
    distribution["copies"] = copies
    return distribution, problems


def _without_full_stop(text: str) -> str:
    """A 版记 line ends with 。 (wording.with_full_stop); the stored text has none."""
    return text[:-1] if text.endswith("。") else text
