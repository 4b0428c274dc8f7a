"""综窗办件统计: the window's 本周 and 今年以来 counts, printed as one sentence, and the
今年以来 rule (今年以来 = the previous issue's 今年以来 + this week) that next week's issue,
the app's 按上期累计 button and the checks share."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from zwdesk.core.fieldkeys import week_field, year_to_date_field
from zwdesk.core.kinds import spec
from zwdesk.core.kinds.base import Block, Issue, SentenceKind
from zwdesk.core.kinds.reading import AND, NUM, STOP, compact, count
from zwdesk.core.outline import corresponding_block
from zwdesk.core.para import BODY, Para, para
from zwdesk.core.problems import ERROR, WARNING, Problem, issue_label

if TYPE_CHECKING:
    from zwdesk.core.kinds.reading import Report
    from zwdesk.core.outline import Node

Counts = dict[str, int]

COUNT_KEYS = ("consult", "accept", "issue", "transfer")
COUNT_NAMES = {"consult": "咨询", "accept": "受理", "issue": "颁发", "transfer": "流转"}
_COUNTS = spec.Record(dict.fromkeys(COUNT_KEYS, spec.COUNT))


# --- the year-to-date rule ---


def zero_counts() -> Counts:
    return dict.fromkeys(COUNT_KEYS, 0)


def accumulate(previous_ytd: Counts | None, week: Counts) -> Counts:
    """今年以来 = previous issue's 今年以来 + this week, key by key.

    ``previous_ytd`` is None for the first issue of a year, whose 今年以来 is the week itself.
    """
    if previous_ytd is None:
        return {key: week[key] for key in COUNT_KEYS}
    return {key: previous_ytd[key] + week[key] for key in COUNT_KEYS}


def is_first_of_year(year: int, number: int, previous: Issue | None) -> bool:
    """True when the issue opens its year: the previous issue is of an earlier year, or there
    is no previous issue and this one is 第1期."""
    if previous is None:
        return number == 1
    return previous["year"] != year


def previous_window_stats(previous: Issue | None, anchor: str) -> Block | None:
    """The window_stats block of ``previous`` that corresponds to the one at ``anchor``.

    Matched by anchor first; when the outline moved (the block is elsewhere in ``previous``) the
    only window_stats block of ``previous`` is taken. None when there is no previous issue, it
    has no window_stats block, or it has several and none at ``anchor`` (ambiguous).
    """
    return corresponding_block(previous, KIND.name, anchor, only=True)


def expected_year_to_date(year: int, number: int, week: Counts, previous: Issue | None,
                          anchor: str) -> Counts | None:
    """The 今年以来 figures the window_stats block at ``anchor`` should show (按上期累计).

    ``year``/``number`` are the issue's own, ``week`` its 本周 figures, ``previous`` the issue
    before it in number order (or None). Returns None when it cannot be known: no previous issue
    of the same year with a matching window_stats block.
    """
    if is_first_of_year(year, number, previous):
        return accumulate(None, week)
    block = previous_window_stats(previous, anchor)
    if block is None:
        return None
    return accumulate(block["year_to_date"], week)


# --- the sentence, out and back in ---


def sentence(week: Counts, year_to_date: Counts) -> str:
    return (
        f"本周，共计咨询{week['consult']}人次、受理{week['accept']}件、"
        f"颁发{week['issue']}件、流转{week['transfer']}件；"
        f"今年以来，累计咨询{year_to_date['consult']}人次、受理{year_to_date['accept']}件、"
        f"颁发{year_to_date['issue']}件、流转{year_to_date['transfer']}件。"
    )


_SENTENCE = re.compile(
    rf"本周[，,]?(?:共计|合计|共)?咨询{NUM}人次{AND}受理{NUM}件{AND}颁发{NUM}件{AND}"
    rf"流转{NUM}件[；;，,。]今年以来[，,]?(?:累计|共计|共)?咨询{NUM}人次{AND}受理{NUM}件"
    rf"{AND}颁发{NUM}件{AND}流转{NUM}件{STOP}")


# --- the kind ---


class WindowStats(SentenceKind):
    name = "window_stats"
    label = "综窗办件统计"
    fields = {"week": _COUNTS, "year_to_date": _COUNTS}

    def empty(self, period_end: dt.date) -> Block:
        return {"kind": self.name, "week": zero_counts(), "year_to_date": zero_counts()}

    def next_week(self, block: Block, period_end: dt.date, new_year: bool) -> None:
        """本周 becomes 0; 今年以来 stays (ready to accumulate), or is 0 in a new year."""
        week = zero_counts()
        block["week"] = week
        block["year_to_date"] = accumulate(None if new_year else block["year_to_date"], week)

    def paragraphs(self, block: Block, anchor: str) -> list[Para]:
        return [para(BODY, sentence(block["week"], block["year_to_date"]), anchor)]

    def read(self, text: str, report: Report) -> Block | None:
        match = _SENTENCE.fullmatch(compact(text))
        if match is None:
            return None
        values = [count(v) for v in match.groups()]
        return {"kind": self.name, "week": dict(zip(COUNT_KEYS, values[:4], strict=True)),
                "year_to_date": dict(zip(COUNT_KEYS, values[4:], strict=True))}

    def problems(self, node: Node, block: Block, issue: Issue,
                 previous: Issue | None) -> list[Problem]:
        week = block["week"]
        # A new week starts at zero (next_issue): all zeros means the figures are still to come.
        problems = [] if any(week.values()) else [
            Problem(WARNING, node.anchor, week_field(COUNT_KEYS[0]),
                    f"{node.label}：本周数字都是0，是否还没有填写？")]
        first = is_first_of_year(issue["year"], issue["number"], previous)
        prev_block = None if first else previous_window_stats(previous, node.anchor)
        prev_ytd = None if prev_block is None else prev_block["year_to_date"]
        expected = accumulate(prev_ytd, week) if first or prev_ytd is not None else None
        for key in COUNT_KEYS:
            problems += _year_to_date(node, block, key, prev_ytd, expected, previous)
        return problems


def _year_to_date(node: Node, block: Block, key: str, prev_ytd: Counts | None,
                  expected: Counts | None, previous: Issue | None) -> list[Problem]:
    """The one problem of a 今年以来 figure, if any: below this week, below the previous
    issue's, or other than previous + this week."""
    week, ytd = block["week"], block["year_to_date"]
    name, field = COUNT_NAMES[key], year_to_date_field(key)
    if ytd[key] < week[key]:
        return [Problem(ERROR, node.anchor, field, f"{node.label}：今年以来{name}（{ytd[key]}）"
                                                   f"小于本周{name}（{week[key]}）")]
    if previous is not None and prev_ytd is not None and ytd[key] < prev_ytd[key]:
        return [Problem(ERROR, node.anchor, field,
                        f"{node.label}：今年以来{name}（{ytd[key]}）小于上期"
                        f"（{issue_label(previous)}）的今年以来{name}（{prev_ytd[key]}）")]
    if expected is not None and ytd[key] != expected[key]:
        how = ("本期为今年第一期，应等于本周" if prev_ytd is None
               else f"上期{prev_ytd[key]}＋本周{week[key]}")
        return [Problem(WARNING, node.anchor, field, f"{node.label}：今年以来{name}应为"
                                                     f"{expected[key]}（{how}），现为{ytd[key]}")]
    return []


KIND = WindowStats()
