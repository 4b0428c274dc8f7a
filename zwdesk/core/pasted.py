"""A unit's message pasted as text (粘贴来稿), split into the paragraphs that are news and the
lines that are not: a greeting or introduction at the top (各位好，本周信息如下：), a signature
at the end (——省医保局 王敏, or a last line that is only a unit, a name, a date or a phone),
and courtesies standing alone (谢谢！ 请审阅。). The app shows what was left out, so nothing
disappears unseen. Pure Python: no Qt, no database.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from zwdesk.core.numbering import marker_style, split_leading_number

SIGNATURE_MAX = 30  # characters: a signature is short; a longer line is news
_SENTENCE = re.compile(r"[，。；！？,;!?、]")
_SIGN_MARK = re.compile(r"^(?:[—–]+|-{1,2}|－+|[「【\[]?落款[」】\]]?[:：]?)\s*")
_GREETING = re.compile(r"^[\u4e00-\u9fff]{1,6}好[\s！!。.～~，,]*$")  # 各位好！ 王老师上午好
_COURTESY = re.compile(
    r"^(?:谢谢|感谢|多谢|辛苦了?|(?:以上(?:信息)?[，,]?\s*)?请(?:审阅|审核|审定|查收|指正|领导审阅)"
    r"|以上)[\s！!。.～~，,]*$")
_DATE = re.compile(r"^(?:\d{4}\s*[年.\-/]\s*)?\d{1,2}\s*[月.\-/]\s*\d{1,2}\s*日?$"
                   r"|^\d{4}\s*年(?:\s*\d{1,2}\s*月)?$")
_PHONE = re.compile(r"^[\d\-－ ()（）]{7,16}$")
_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,4}$")
# 联系电话：028-86301234 / 联系人：王敏 / 邮箱：… — a labelled line of a signature
_CONTACT = re.compile(r"^(?:联系人|联系电话|电话|手机|座机|邮箱|电子邮箱|传真|地址|撰稿人?|审核)"
                      r"\s*[:：]?\s*[^，。；！？]{1,40}$")
# 现将我单位本周工作动态报送如下，请审阅。 — an opening sentence announcing the items
_OPENING = re.compile(r"^(?:现将|现把|兹将|以下是|下面是).{0,40}(?:如下|报送|上报|呈报)")
_UNIT = re.compile(r"^[\u4e00-\u9fff（）()]{2,20}(?:局|厅|委|办|中心|窗口|处|科|室|院|会|组|部"
                   r"|站|所|馆|队|司|行|公司|政府|大厅)$")


@dataclass(frozen=True)
class PastedMessage:
    paragraphs: tuple[str, ...]  # the news: one item a paragraph
    left_out: tuple[str, ...]  # greeting, introduction, signature, courtesies: not stored
    signature: str  # the signature's words without its dash ('' when none)


def read_pasted(text: str) -> PastedMessage:
    """Split a pasted message; every non-empty line is either a paragraph or left out."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    first, end = 0, len(lines)
    while first < end and (_courtesy(lines[first]) or _GREETING.match(lines[first])):
        first += 1
    while first < end - 1 and (_introduction(lines[first]) or _OPENING.match(lines[first])):
        first += 1  # 各位领导：/ 本周信息如下： — only while news follows it
    signature = ""
    while end > first and (_courtesy(lines[end - 1]) or _signature(lines[end - 1])):
        if not _courtesy(lines[end - 1]):
            signature = " ".join(filter(None, (_SIGN_MARK.sub("", lines[end - 1]), signature)))
        end -= 1
    kept = {n for n in range(first, end)
            if not (_courtesy(lines[n]) or _marked_signature(lines[n]))}
    news = _joined([line for n, line in enumerate(lines) if n in kept])
    return PastedMessage(tuple(news),
                         tuple(line for n, line in enumerate(lines) if n not in kept), signature)


def _joined(lines: list[str]) -> list[str]:
    """One line an item (the editor sees the split before anything is stored), except the
    sub-points of a numbered item announced with a colon (三、…措施如下：（1）…（2）…):
    they stay in it."""
    out: list[str] = []
    for line in lines:
        marker = split_leading_number(line)[0].strip()
        if out and marker and _announces(out[-1], marker):
            out[-1] += line
        else:
            out.append(line)
    return out


def _announces(paragraph: str, marker: str) -> bool:
    """The paragraph is numbered, ends with a colon or holds sub-points already, and the line's
    number is of another style than its own (三、 above （1）)."""
    own = split_leading_number(paragraph)[0].strip()
    return bool(own) and marker_style(own) != marker_style(marker) and (
        paragraph.endswith(("：", ":")) or marker_style(marker) in _sub_styles(paragraph))


def _sub_styles(paragraph: str) -> set[str]:
    return {marker_style(m) for m in re.findall(r"[（(][0-9０-９一二三四五六七八九十]+[）)]|[①-⑳]",
                                          paragraph)}


def _courtesy(line: str) -> bool:
    return _COURTESY.match(line) is not None


def _introduction(line: str) -> bool:
    """各位好，本周信息如下： — an opening ending with a colon, not a numbered item."""
    return line.endswith(("：", ":")) and not split_leading_number(line)[0]


def _marked_signature(line: str) -> bool:
    """——省医保局 王敏: a dash or 落款 before a short line without sentence punctuation."""
    words = _SIGN_MARK.sub("", line)
    return (words != line and 0 < len(words) <= SIGNATURE_MAX
            and not _SENTENCE.search(words) and not words.endswith("。"))


def _signature(line: str) -> bool:
    """A line of the signature at the end: marked by a dash, or only units, names, dates and
    phones, without sentence punctuation (省医保局 王敏 / 2023年3月15日)."""
    if _marked_signature(line) or _CONTACT.match(line):
        return True
    if len(line) > SIGNATURE_MAX or _SENTENCE.search(line):
        return False
    parts = line.replace("\u3000", " ").split()
    return all(_DATE.match(p) or _PHONE.match(p) or _NAME.match(p) or _UNIT.match(p)
               for p in parts)


def signed_date(left_out: tuple[str, ...]) -> dt.date | None:
    """The date a signature gives (2023年3月15日 on a line of its own), if one does."""
    from zwdesk.core.dates import DateError, find_date

    for line in reversed(left_out):
        if _DATE.match(line):
            try:
                return find_date(line)
            except DateError:
                return None
    return None
