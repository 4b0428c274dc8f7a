"""Checks of an issue before it is exported: gaps, figures that do not add up, typing slips.

``check_issue`` reports; it never changes the issue and never blocks anything itself. Each
``Problem`` names the outline node (``anchor``: masthead / s0 / s0.1 / distribution, as in
``zwdesk.core.bulletin``) and the *field key* of the form widget to focus (constants below),
with a short message in Chinese for the secretary.

Severity: ``error`` is something that prints broken or impossible (an empty title, an empty
item, 今年以来 below 本周, a cumulative figure below the previous issue's, a taken 期号, a
placeholder such as （请填写单位名称） left in, a typed number that prints doubled as 1.3.);
``warning`` is something that is probably a slip (a 期号 out of sequence, figures that do not
add up with the previous issue, a statistics end date other than the period's, the same
paragraph twice, half-width punctuation, a doubled word, unpaired brackets). Warnings never
block export.

Field keys (``Problem.field``), as used by the app's forms:

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

Indexes are 0-based like the issue dict; messages count from 1 like the printed bulletin.
``parse_field`` splits a key into its parts; ``problem_place`` names a problem's place in words
(``三、窗口工作动态 / （二）厅（局）长进大厅 / 第1条``). Pure Python: no Qt, no database.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from typing import Any

from zwdesk.core import pages
from zwdesk.core.bulletin import compose
from zwdesk.core.kinds import kind
from zwdesk.core.numbering import split_leading_number
from zwdesk.core.outline import DISTRIBUTION_ANCHOR, MASTHEAD_ANCHOR, section_anchor
from zwdesk.core.wording import chinese_numeral, full_date

Issue = dict[str, Any]
Block = dict[str, Any]

ERROR = "error"
WARNING = "warning"

# --- field keys ---

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


@dataclass(frozen=True)
class Problem:
    severity: str  # ERROR or WARNING
    anchor: str  # outline node: masthead, s0, s0.1, distribution
    field: str  # field key, see the module docstring
    message: str  # Chinese, for the secretary


def has_errors(problems: Collection[Problem]) -> bool:
    return any(p.severity == ERROR for p in problems)


# --- the whole issue ---


def check_issue(issue: Issue, previous: Issue | None = None, *,
                taken_numbers: Collection[tuple[int, int]] = frozenset(),
                taken_serials: Collection[int] = frozenset(),
                even_page: bool = False) -> list[Problem]:
    """Every problem found in ``issue``, in outline order (masthead, sections, 版记).

    ``previous`` is the issue before this one in number order (None if there is none): it
    gives the expected 期号/总期号 and the 今年以来 figures to add this week to.
    ``taken_numbers`` holds the (year, number) and ``taken_serials`` the serials of the
    *other* issues in the database (leave this issue's own out). ``even_page`` is the
    版记-on-an-even-page setting the pages are counted with.
    """
    problems = _masthead_problems(issue, previous, taken_numbers, taken_serials)
    nodes = list(_nodes(issue))
    repeated = _repeated_texts(nodes)
    for node in nodes:
        problems += _node_problems(node, issue, previous)
        problems += [p for p in repeated if p.anchor == node.anchor]
    problems += _distribution_problems(issue["distribution"])
    return problems + page_problems(issue, even_page)


def problem_place(issue: Issue, problem: Problem) -> str:
    """Where ``problem`` is, in words: 报头, 版记 / 分发名单第2行,
    三、窗口工作动态 / （二）厅（局）长进大厅 / 第1条 (the CLI's 检查 list)."""
    return place_in_words(issue, problem.anchor, problem.field)


def place_in_words(issue: Issue, anchor: str, field: str) -> str:
    """An outline node (``anchor``) and a field key of it in words (see problem_place)."""
    places = {MASTHEAD_ANCHOR: "报头", DISTRIBUTION_ANCHOR: "版记"}
    places.update((node.anchor, node.place) for node in _nodes(issue))
    return field_place(places[anchor], field)


def field_place(place: str, field: str) -> str:
    """A node's place with the list entry ``field`` points at: … / 第2条."""
    entry = _entry(field) if field else ""
    return f"{place} / {entry}" if entry else place


_ENTRY_WORDS = {ITEMS: "第{}条", PARAGRAPHS: "第{}段", DEPARTMENTS: "第{}个部门",
                RECIPIENTS: "分发名单第{}行"}


def _entry(field: str) -> str:
    """The list entry ``field`` points at, in words (第2条, （二）…); '' for other fields."""
    if not field:  # a problem of a whole node, such as a near-empty page
        return ""
    ref = parse_field(field)
    if ref.index is None:
        return ""
    if ref.name == CHECKS:
        return check_label(ref.index)
    return _ENTRY_WORDS[ref.name].format(ref.index + 1)


def issue_label(issue: Issue) -> str:
    return f"{issue['year']}年第{issue['number']}期"


# --- pages ---

NEAR_EMPTY_PAGE = 2  # lines of text on the last page that call for a warning


def page_problems(issue: Issue, even_page: bool = False) -> list[Problem]:
    """Pages that print almost nothing: a last page with one or two lines of text, or a 版记
    standing alone on a page (after a blank page, too, in double-sided printing); with how many
    lines less would save a page."""
    bulletin = compose(issue)
    layout = pages.layout(bulletin, even_page)
    text_page = layout.last_text_page()
    alone = next((p for p in layout.pages if p.distribution and not p.lines and not p.masthead),
                 None)
    if alone is not None and layout.distribution_move != pages.NEXT_PAGE:
        where = "版记单独占一页" + ("，前面还要加一张空白页"
                                    if layout.distribution_move == pages.AFTER_BLANK_PAGE else "")
    elif not text_page.masthead and len(text_page.lines) <= NEAR_EMPTY_PAGE:
        where = f"第{text_page.number}页只有{len(text_page.lines)}行正文"
    else:
        return []
    shorter = pages.shorter_by_cutting(bulletin, even_page)
    advice = f"；精简约{shorter[0]}行可减为{shorter[1]}页" if shorter else ""
    anchor = bulletin.body[text_page.lines[-1].para].anchor if text_page.lines else \
        DISTRIBUTION_ANCHOR
    return [Problem(WARNING, anchor, "", f"{where}{advice}（现共{layout.page_count}页）。")]


# --- masthead ---


def _masthead_problems(issue: Issue, previous: Issue | None,
                       taken_numbers: Collection[tuple[int, int]],
                       taken_serials: Collection[int]) -> list[Problem]:
    problems = text_field(MASTHEAD_ANCHOR, PUBLICATION, "报头 刊名", issue["publication"])
    problems += text_field(MASTHEAD_ANCHOR, EDITOR, "报头 编印单位", issue["editor"])
    problems += _numbering_problems(issue, previous, taken_numbers, taken_serials)
    return problems + _date_problems(issue)


def _numbering_problems(issue: Issue, previous: Issue | None,
                        taken_numbers: Collection[tuple[int, int]],
                        taken_serials: Collection[int]) -> list[Problem]:
    year, number, serial = issue["year"], issue["number"], issue["serial"]
    problems = []
    if (year, number) in taken_numbers:
        problems.append(_masthead(ERROR, NUMBER, f"{year}年第{number}期已存在，期号重复"))
    if serial in taken_serials:
        problems.append(_masthead(ERROR, SERIAL, f"总第{serial}期已被另一期使用，总期号重复"))
    if previous is not None:
        problems += _sequence_problems(issue, previous)
    return problems


def _sequence_problems(issue: Issue, previous: Issue) -> list[Problem]:
    """期号 and 总期号 should follow the previous issue (期号 restarts at 1 in a new year)."""
    prev_label = issue_label(previous)
    problems = []
    new_year = issue["year"] != previous["year"]
    expected = 1 if new_year else previous["number"] + 1
    if issue["number"] != expected:
        lead = "新一年的第一期期号" if new_year else "期号"
        problems.append(_masthead(WARNING, NUMBER, f"{lead}应为第{expected}期（上期为"
                                                   f"{prev_label}），现为第{issue['number']}期"))
    if issue["serial"] != previous["serial"] + 1:
        problems.append(_masthead(WARNING, SERIAL, f"总期号应为总第{previous['serial'] + 1}期"
                                                   f"（上期为总第{previous['serial']}期），"
                                                   f"现为总第{issue['serial']}期"))
    return problems


def _date_problems(issue: Issue) -> list[Problem]:
    start, end = issue["period"]["start"], issue["period"]["end"]
    problems = []
    if end < start:
        problems.append(_masthead(ERROR, PERIOD_END, f"时段结束日期（{full_date(end)}）"
                                                     f"早于开始日期（{full_date(start)}）"))
    if issue["issue_date"] < end:
        problems.append(_masthead(WARNING, ISSUE_DATE,
                                  f"印发日期（{full_date(issue['issue_date'])}）"
                                  f"早于时段结束日期（{full_date(end)}）"))
    # The year of an issue is the year its week ends in (see zwdesk.core.nextissue).
    if issue["year"] != end.year:
        problems.append(_masthead(WARNING, YEAR, f"年份（{issue['year']}）与时段结束日期"
                                                 f"所在年份（{end.year}）不一致"))
    return problems


def _masthead(severity: str, field: str, what: str) -> Problem:
    return Problem(severity, MASTHEAD_ANCHOR, field, f"报头：{what}")


# --- sections ---


@dataclass(frozen=True)
class Node:
    anchor: str
    label: str  # 一、综窗改革攻坚行动 / （一）省本级综窗办件情况, for messages
    place: str  # the label, after its section's for a subsection (problem_place)
    number: str  # 一、 / （一）, as printed before the title
    title: str
    block: Block | None  # None for a section made of subsections


def _nodes(issue: Issue) -> Iterator[Node]:
    for index, section in enumerate(issue["sections"]):
        number = chinese_numeral(index + 1)
        title = section["title"]
        label = f"{number}、{title}" if title.strip() else f"第{number}部分"
        yield Node(section_anchor(index), label, label, f"{number}、", title,
                    section.get("block"))
        for sub_index, sub in enumerate(section.get("subsections", [])):
            sub_number = f"（{chinese_numeral(sub_index + 1)}）"
            sub_label = (sub_number + sub["title"] if sub["title"].strip()
                         else f"第{number}部分{sub_number}")
            yield Node(section_anchor(index, sub_index), sub_label, f"{label} / {sub_label}",
                        sub_number, sub["title"], sub["block"])


def outline_nodes(issue: Issue) -> Iterator[Node]:
    """The sections and subsections of ``issue`` in outline order, as the checks walk them."""
    return _nodes(issue)


def _node_problems(node: Node, issue: Issue, previous: Issue | None) -> list[Problem]:
    problems = text_field(node.anchor, TITLE, node.label, node.title, empty="标题未填写")
    problems += leading_number(node.anchor, TITLE, node.label, node.title, node.number)
    block = node.block
    if block is None:
        return problems
    return problems + kind(block["kind"]).problems(node, block, issue, previous)


def entry_place(node: Node, field: str) -> str:
    """（一）推进情况 第2条, for messages."""
    return f"{node.label} {_entry(field)}"


def list_problems(node: Node, texts: list[str], list_field: str,
                  field_of: Callable[[int], str],
                  label_of: Callable[[int], str] | None = None) -> list[Problem]:
    """A list that must not be empty, of texts that the bulletin numbers with ``label_of``
    (1-based), or leaves unnumbered (None)."""
    if not texts:
        return [Problem(ERROR, node.anchor, list_field, f"{node.label}：没有内容")]
    problems = strings(node, texts, field_of)
    for i, text in enumerate(texts):
        label = label_of(i + 1) if label_of else ""
        problems += leading_number(node.anchor, field_of(i), entry_place(node, field_of(i)), text,
                                    label)
    return problems


def strings(node: Node, texts: list[str], field_of: Callable[[int], str]) -> list[Problem]:
    return [p for i, text in enumerate(texts)
            for p in text_field(node.anchor, field_of(i), entry_place(node, field_of(i)), text)]


def leading_number(anchor: str, field: str, where: str, text: str,
                    label: str) -> list[Problem]:
    """A number typed before a text the bulletin numbers itself with ``label`` (1. / 一、 /
    （一）), or before an unnumbered paragraph (``label`` '')."""
    marker = split_leading_number(text)[0].strip()
    if not marker:
        return []
    result = f"会与自动编号重复，印成“{label}{marker}…”" if label else "正文段落不编号"
    return [Problem(ERROR, anchor, field, f"{where}：开头的编号“{marker}”{result}，请删去")]


def _repeated_texts(nodes: list[Node]) -> list[Problem]:
    """Items, paragraphs and findings that repeat an earlier one word for word (pasted twice).

    Findings may repeat each other: 总体情况良好。 under several checks is the house style.
    """
    first: dict[str, tuple[str, bool]] = {}  # text → its first place in words, a finding?
    problems = []
    for node in nodes:
        for field, text in _entry_texts(node.block):
            key, finding = text.strip(), field.endswith(".finding")
            if not key:
                continue
            if key not in first:
                first[key] = (field_place(node.place, field), finding)
            elif not (finding and first[key][1]):
                problems.append(Problem(WARNING, node.anchor, field,
                                        f"{entry_place(node, field)}：与{first[key][0]}的内容相同，"
                                        "是否重复？"))
    return problems


def _entry_texts(block: Block | None) -> list[tuple[str, str]]:
    """(field key, text) of each item, paragraph or inspection finding of ``block``."""
    return [] if block is None else kind(block["kind"]).entries(block)


def check_label(index: int) -> str:
    """（二） as printed; chinese_numeral stops at 99, an unlikely number of checks."""
    return f"（{chinese_numeral(index + 1)}）" if index < 99 else f"第{index + 1}项"


# --- distribution (版记) ---

_LINES = ((REPORT, "报"), (SEND, "送"), (ISSUE, "发"))


def _distribution_problems(dist: dict[str, Any]) -> list[Problem]:
    problems = []
    if not any(dist[key].strip() for key, _label in _LINES):
        problems.append(Problem(ERROR, DISTRIBUTION_ANCHOR, REPORT, "版记：报、送、发均未填写"))
    for key, label in _LINES:
        if dist[key].strip():  # an empty line is simply left out of the 版记
            problems += text_field(DISTRIBUTION_ANCHOR, key, f"版记 {label}", dist[key])
    recipients = dist.get("recipients", [])
    for i, recipient in enumerate(recipients):
        problems += text_field(DISTRIBUTION_ANCHOR, recipient_name_field(i),
                                f"版记 {_entry(recipient_name_field(i))}", recipient["name"])
    needed = sum(r["copies"] for r in recipients)
    if recipients and dist["copies"] < needed:
        problems.append(Problem(WARNING, DISTRIBUTION_ANCHOR, COPIES,
                                f"版记：共印{dist['copies']}份，少于分发名单合计的{needed}份"))
    return problems


# --- one typed string ---


def text_field(anchor: str, field: str, where: str, text: str,
                empty: str = "未填写") -> list[Problem]:
    """An empty string is an error; otherwise the typing checks give warnings."""
    if not text.strip():
        return [Problem(ERROR, anchor, field, f"{where}：{empty}")]
    if found := placeholders(text):  # a placeholder is the problem; its brackets are not
        return [Problem(ERROR, anchor, field, f"{where}：含有待填写的占位文字“{p}”")
                for p in found]
    return [Problem(WARNING, anchor, field, f"{where}：{what}") for what in text_warnings(text)]


# A bracketed prompt such as （请填写单位名称） or 【待补充】, or a run of XXX / ××× / ＸＸＸ.
_PLACEHOLDER = re.compile(r"[（(【\[〔]\s*(?:请填写|请输入|请选择|待填|待补充|此处)"
                          r"[^（）()【】\[\]〔〕]{0,30}[）)】\]〕]?|[X×Ｘ]{3,}")


def placeholders(text: str) -> list[str]:
    """The placeholder texts left in ``text``: （请填写…）, (请输入…), 【待补充】, XXX…"""
    return [match[0] for match in _PLACEHOLDER.finditer(text)]


MAX_WARNINGS_PER_TEXT = 3  # a pasted text with a slip repeated 1000 times: 3 lines and a count


def text_warnings(text: str) -> list[str]:
    """What looks wrong in one typed string, each as a short Chinese description."""
    found = list(dict.fromkeys([*half_width_punctuation(text), *doubled_words(text),
                                *unpaired_brackets(text)]))
    if len(found) > MAX_WARNINGS_PER_TEXT:
        rest = len(found) - MAX_WARNINGS_PER_TEXT
        found = [*found[:MAX_WARNINGS_PER_TEXT], f"另有 {rest} 处类似问题，请通读这一段"]
    return found


def _excerpt(text: str, at: int, length: int = 1, around: int = 8) -> str:
    start, end = max(0, at - around), min(len(text), at + length + around)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


# Han ideographs (basic, extension A, compatibility, extensions B and up).
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
# Chinese context: Han plus CJK punctuation, full-width forms and the quotes/dash/ellipsis
# Chinese text uses.
_CJK = re.compile(f"[{_HAN}\u3000-\u303f\uff01-\uff60“”‘’…—·]")
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}


def _is_cjk(ch: str) -> bool:
    return _CJK.fullmatch(ch) is not None


def _next_to_cjk(text: str, at: int) -> bool:
    """Whether the nearest non-space character on either side of ``at`` is Chinese."""
    left = text[:at].rstrip(" ")
    right = text[at + 1:].lstrip(" ")
    return bool(left and _is_cjk(left[-1])) or bool(right and _is_cjk(right[0]))


def half_width_punctuation(text: str) -> list[str]:
    """Half-width , ; : ? ! ( ) written in Chinese text.

    A mark counts as Chinese text when the nearest character beside it is Chinese, so
    ``9:30``, ``1,000``, ``1.5`` and URLs are left alone. Parentheses are judged as a pair by
    what they enclose: ``(RB/T214-2017)`` or ``(WTO)`` around plain ASCII is accepted even
    beside Chinese (both forms are common and it is not worth a warning); a pair enclosing
    Chinese is reported once. A parenthesis without its partner is judged like the others.
    """
    pairs, lone = _ascii_paren_pairs(text)
    found = []
    for opening, closing in pairs:
        if any(_is_cjk(ch) for ch in text[opening + 1:closing]):
            found.append((opening, closing - opening + 1,
                          "半角括号“()”应为全角“（）”"))
    for at, ch in enumerate(text):
        if ch in _HALF_TO_FULL and (ch not in "()" or at in lone) and _next_to_cjk(text, at):
            found.append((at, 1, f"半角“{ch}”应为全角“{_HALF_TO_FULL[ch]}”"))
    return [f"{what}：{_excerpt(text, at, length)}" for at, length, what in sorted(found)]


def _ascii_paren_pairs(text: str) -> tuple[list[tuple[int, int]], set[int]]:
    """Matched ``(``/``)`` positions, innermost first, and the positions left unmatched."""
    stack, pairs, lone = [], [], set()
    for at, ch in enumerate(text):
        if ch == "(":
            stack.append(at)
        elif ch == ")":
            if stack:
                pairs.append((stack.pop(), at))
            else:
                lone.add(at)
    return pairs, lone | set(stack)


_DOUBLED = re.compile(f"([{_HAN}]{{2,4}})\\1")
# Verb reduplications (研究研究 "look into it") that a leader's words may legitimately contain.
# A typing slip of these exact words goes unnoticed; the list is kept short on purpose.
ALLOWED_REPEATS = frozenset({"研究", "讨论", "商量", "考虑", "学习", "了解", "交流", "沟通"})


def doubled_words(text: str) -> list[str]:
    """A run of 2–4 Han characters written twice in a row, e.g. 推进政务政务服务.

    Single-character reduplication (常常, 人人, 层层, 一一) is ordinary Chinese and never
    matched. Also accepted: the verb reduplications in ALLOWED_REPEATS and the pattern
    一X一X / 一XY一XY (一步一步, 一项一项, 一件事一件事), which means "one by one".
    """
    found = []
    for match in _DOUBLED.finditer(text):
        run = match[1]
        if run in ALLOWED_REPEATS or (run[0] == "一" and len(run) <= 3):
            continue
        found.append(f"词语重复“{match[0]}”：{_excerpt(text, match.start(), len(match[0]))}")
    return found


_BRACKETS = (("“", "”", "引号"), ("《", "》", "书名号"), ("（", "）", "括号"),
             ("【", "】", "方括号"))


def unpaired_brackets(text: str) -> list[str]:
    """Full-width quotes and brackets “” 《》 （） 【】 that are not closed, or closed twice."""
    found = []
    for opening, closing, name in _BRACKETS:
        open_at: list[int] = []
        for at, ch in enumerate(text):
            if ch == opening:
                open_at.append(at)
            elif ch == closing and open_at:
                open_at.pop()
            elif ch == closing:
                found.append((at, f"{name}不成对：多了 {closing}"))
        found += [(at, f"{name}不成对：{opening} 缺少对应的 {closing}") for at in open_at]
    return [f"{what}：{_excerpt(text, at)}" for at, what in sorted(found)]
