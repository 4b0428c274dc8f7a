"""The check of a whole year's run of issues (``zwdesk check YEAR``, the app's 检查全年).

``check_year`` takes the year's issue dicts in 第N期 order and the last issue of the years
before (or None), and lists, issue by issue:

- 第N期 numbers: a first issue of the year that is not 第1期, and gaps (缺第5期). Doubled numbers
  cannot be stored (the database refuses them), so they are not looked for;
- 总第M期: each issue's serial should be the previous issue's + the step in 第N期 (+1 between
  consecutive issues; the first issue of the year follows the previous year's last, which gives
  第1期 its serial + 1), so a missing issue is reported once, as a gap in 第N期;
- the weeks: a period should start after the previous issue's period ended (else the two
  overlap, and a week's figures count twice: an error) and at most 7 days after that end (else
  a whole week is left out: a warning). Counting from the previous *end* lets a two-week
  holiday issue be followed by the next week without a warning. Between issues with a gap in
  第N期 only the overlap is looked for (the gap is reported already);
- 今年以来 of each 综窗办件统计 block: the previous issue's + this week (the rule of
  zwdesk.core.kinds.window_stats: ``expected_year_to_date``), or the week itself in the first
  issue of the year; compared only between consecutive issues (and for 第1期), since a
  missing issue's week is not known;
- the platform's cumulative figures: not below the previous issue's when counted from the same
  start date (zwdesk.core.kinds.platform_stats: ``falling_figures``).

Each ``YearProblem`` is placed by its issue (``2023年第9期``) and, inside a block, the place in
words (``2023年第9期 / 一、综窗改革攻坚行动 / （一）省本级综窗办件情况``). Pure Python: no Qt,
no database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from zwdesk.core.checks import place_in_words
from zwdesk.core.fieldkeys import NUMBER, PERIOD_START, SERIAL, year_to_date_field
from zwdesk.core.kinds import platform_stats, window_stats
from zwdesk.core.kinds.window_stats import COUNT_KEYS, COUNT_NAMES, expected_year_to_date
from zwdesk.core.outline import MASTHEAD_ANCHOR, Node, outline_nodes
from zwdesk.core.problems import ERROR, WARNING, Problem, issue_label
from zwdesk.core.wording import full_date

Issue = dict[str, Any]
Block = dict[str, Any]

MAX_GAP = dt.timedelta(days=7)  # from one period's end to the next one's start, at most


@dataclass(frozen=True)
class YearProblem:
    severity: str  # ERROR or WARNING
    year: int
    number: int  # the issue the problem is placed in
    place: str  # 2023年第9期, or 2023年第9期 / 一、… / （一）…
    message: str
    anchor: str = ""  # the outline node and form field the problem is in (zwdesk.core.checks)
    field: str = ""


def check_year(issues: list[Issue], before: Issue | None = None) -> list[YearProblem]:
    """The problems of a year's run: ``issues`` are the year's issue dicts in 第N期 order,
    ``before`` the last issue of an earlier year (None if there is none)."""
    problems: list[YearProblem] = []
    previous = before
    # The 今年以来 a window_stats block should have had, where it had another (by anchor): the
    # next issue is checked against this too, so one wrong figure is blamed once, not again on
    # the issue after it that carries on from the right one.
    should_have: dict[str, dict[str, int]] = {}
    for issue in issues:
        found = _numbering(issue, previous)
        if previous is not None:
            found += _periods(issue, previous)
        found += _figures(issue, previous, should_have)
        problems += [_placed(issue, p) for p in found]
        previous = issue
    return problems


def _placed(issue: Issue, problem: Problem) -> YearProblem:
    label = issue_label(issue)
    place = label if problem.anchor == MASTHEAD_ANCHOR else \
        f"{label} / {place_in_words(issue, problem.anchor, problem.field)}"
    return YearProblem(problem.severity, issue["year"], issue["number"], place, problem.message,
                       problem.anchor, problem.field)


def _step(issue: Issue, previous: Issue) -> int:
    """How many numbers ``issue`` is after ``previous`` (1 when consecutive)."""
    return issue["number"] if previous["year"] != issue["year"] else \
        issue["number"] - previous["number"]


def _consecutive(issue: Issue, previous: Issue | None) -> bool:
    """No issue is missing between ``previous`` and ``issue``: the next number, or 第1期 after
    an earlier year's issue or with none before it."""
    if previous is None:
        return issue["number"] == 1
    return _step(issue, previous) == 1


def _missing(first: int, last: int) -> str:
    return f"第{first}期" if first == last else f"第{first}—{last}期"


def _numbering(issue: Issue, previous: Issue | None) -> list[Problem]:
    number = issue["number"]
    problems = []
    if previous is None or previous["year"] != issue["year"]:
        if number != 1:
            problems.append(Problem(WARNING, MASTHEAD_ANCHOR, NUMBER,
                                    f"本年第一期为第{number}期，缺{_missing(1, number - 1)}"))
    elif number != previous["number"] + 1:
        problems.append(Problem(WARNING, MASTHEAD_ANCHOR, NUMBER,
                                f"上期为{issue_label(previous)}，"
                                f"缺{_missing(previous['number'] + 1, number - 1)}"))
    if previous is not None:
        expected = previous["serial"] + _step(issue, previous)
        if issue["serial"] != expected:
            problems.append(Problem(WARNING, MASTHEAD_ANCHOR, SERIAL,
                                    f"总期号应为总第{expected}期（{issue_label(previous)}为"
                                    f"总第{previous['serial']}期），现为总第{issue['serial']}期"))
    return problems


def _period(issue: Issue) -> str:
    period = issue["period"]
    return f"{full_date(period['start'])}至{full_date(period['end'])}"


def _periods(issue: Issue, previous: Issue) -> list[Problem]:
    start, prev_end = issue["period"]["start"], previous["period"]["end"]
    where = f"时段（{_period(issue)}）"
    prev = f"上期{issue_label(previous)}的时段（{_period(previous)}）"
    if start <= prev_end:
        return [Problem(ERROR, MASTHEAD_ANCHOR, PERIOD_START, f"{where}与{prev}重叠")]
    if _consecutive(issue, previous) and start - prev_end > MAX_GAP:
        return [Problem(WARNING, MASTHEAD_ANCHOR, PERIOD_START,
                        f"{where}与{prev}之间相隔{(start - prev_end).days - 1}天，"
                        f"超过一周，中间的周没有报")]
    return []


def _blocks(issue: Issue, kind_name: str) -> Iterator[tuple[Node, Block]]:
    return ((node, node.block) for node in outline_nodes(issue)
            if node.block is not None and node.block["kind"] == kind_name)


def _figures(issue: Issue, previous: Issue | None,
             should_have: dict[str, dict[str, int]]) -> list[Problem]:
    problems = []
    first = window_stats.is_first_of_year(issue["year"], issue["number"], previous)
    carried = dict(should_have)
    should_have.clear()
    for node, block in _blocks(issue, window_stats.KIND.name):
        if _consecutive(issue, previous):  # else the figures of a missing week are unknown
            problems += _year_to_date(node, block, issue, previous, first, carried,
                                      should_have)
    for node, block in _blocks(issue, platform_stats.KIND.name):
        problems += platform_stats.falling_figures(node, block, previous, named=False)
    return problems


def _year_to_date(node: Node, block: Block, issue: Issue, previous: Issue | None, first: bool,
                  carried: dict[str, dict[str, int]],
                  should_have: dict[str, dict[str, int]]) -> list[Problem]:
    week, ytd = block["week"], block["year_to_date"]
    prev_block = None if first else window_stats.previous_window_stats(previous, node.anchor)
    expected = expected_year_to_date(issue["year"], issue["number"], week,
                                     None if first else previous, node.anchor)
    if expected is None:
        return []
    right = carried.get(node.anchor)
    from_right = None if first or right is None else window_stats.accumulate(right, week)
    if any(ytd[key] != expected[key] for key in COUNT_KEYS):
        should_have[node.anchor] = from_right or expected
    problems = []
    for key in COUNT_KEYS:
        if ytd[key] == expected[key] or (from_right and ytd[key] == from_right[key]):
            continue
        name = COUNT_NAMES[key]
        if prev_block is None:
            how = f"本期为本年第一期，应等于本周{name}{week[key]}"
        elif from_right is not None and right is not None:  # the previous issue is wrong too
            assert previous is not None
            how = (f"应为{from_right[key]}：上期{issue_label(previous)}的今年以来{name}应为"
                   f"{right[key]}（现为{prev_block['year_to_date'][key]}）＋本周{week[key]}")
        else:
            assert previous is not None
            how = (f"应为{expected[key]}：上期{issue_label(previous)}的今年以来{name}"
                   f"{prev_block['year_to_date'][key]}＋本周{week[key]}")
        problems.append(Problem(WARNING, node.anchor, year_to_date_field(key),
                                f"今年以来{name}为{ytd[key]}，{how}"))  # the place names the block
    return problems
