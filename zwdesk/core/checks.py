"""Checks of an issue before it is exported: gaps, figures that do not add up, typing slips.

``check_issue`` reports; it never changes the issue and never blocks anything itself. Each
``Problem`` (zwdesk.core.problems) names the outline node and the field key of the form widget
to focus (zwdesk.core.fieldkeys), with a short message in Chinese for the secretary. This
module checks the 报头, the 版记, the pages and what repeats across sections; each block's own
checks are its kind's (zwdesk.core.kinds), the typing slips in one text zwdesk.core.slips'.

Severity: ``error`` is something that prints broken or impossible (an empty title, an empty
item, 今年以来 below 本周, a cumulative figure below the previous issue's, a taken 期号, a
placeholder such as （请填写单位名称） left in, a typed number that prints doubled as 1.3.);
``warning`` is something that is probably a slip (a 期号 out of sequence, figures that do not
add up with the previous issue, a statistics end date other than the period's, the same
paragraph twice, half-width punctuation, a doubled word, unpaired brackets). Warnings never
block export.

``problem_place`` names a problem's place in words (``三、窗口工作动态 / （二）厅（局）长进大厅 /
第1条``). Pure Python: no Qt, no database.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from zwdesk.core import pages
from zwdesk.core.bulletin import compose
from zwdesk.core.fieldkeys import (
    COPIES,
    EDITOR,
    ISSUE,
    ISSUE_DATE,
    NUMBER,
    PERIOD_END,
    PUBLICATION,
    REPORT,
    SEND,
    SERIAL,
    TITLE,
    YEAR,
    entry_words,
    field_place,
    recipient_name_field,
)
from zwdesk.core.kinds import kind
from zwdesk.core.outline import DISTRIBUTION_ANCHOR, MASTHEAD_ANCHOR, Node, outline_nodes
from zwdesk.core.problems import (
    ERROR,
    WARNING,
    Problem,
    entry_place,
    issue_label,
    leading_number,
    text_field,
)
from zwdesk.core.wording import full_date

Issue = dict[str, Any]
Block = dict[str, Any]


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
    nodes = list(outline_nodes(issue))
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
    places.update((node.anchor, node.place) for node in outline_nodes(issue))
    return field_place(places[anchor], field)


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


def _node_problems(node: Node, issue: Issue, previous: Issue | None) -> list[Problem]:
    problems = text_field(node.anchor, TITLE, node.label, node.title, empty="标题未填写")
    problems += leading_number(node.anchor, TITLE, node.label, node.title, node.number)
    block = node.block
    if block is None:
        return problems
    return problems + kind(block["kind"]).problems(node, block, issue, previous)


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
                                f"版记 {entry_words(recipient_name_field(i))}", recipient["name"])
    needed = sum(r["copies"] for r in recipients)
    if recipients and dist["copies"] < needed:
        problems.append(Problem(WARNING, DISTRIBUTION_ANCHOR, COPIES,
                                f"版记：共印{dist['copies']}份，少于分发名单合计的{needed}份"))
    return problems
