"""平台受理办结统计: the platform's figures from a start date (1 January) to the period's end,
printed as one sentence; cumulative, so they cannot go down from the previous issue's."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from zwdesk.core.fieldkeys import SOURCE, TO
from zwdesk.core.kinds import spec
from zwdesk.core.kinds.base import Block, Issue, SentenceKind
from zwdesk.core.kinds.reading import DATE, NUM, STOP, compact, count, date
from zwdesk.core.outline import corresponding_block
from zwdesk.core.para import BODY, Para, para
from zwdesk.core.problems import ERROR, WARNING, Problem, issue_label, text_field
from zwdesk.core.wording import full_date

if TYPE_CHECKING:
    from zwdesk.core.kinds.reading import Report
    from zwdesk.core.outline import Node

_PAIR = spec.Record({"accepted": spec.COUNT, "completed": spec.COUNT})
# The cumulative figures (field key → name); 其它's number of categories is not one.
PLATFORM_FIGURES = {
    "licensing.accepted": "行政许可事项受理", "licensing.completed": "行政许可事项办结",
    "public_service.accepted": "公共服务事项受理", "public_service.completed": "公共服务事项办结",
    "other.accepted": "其它行权事项受理", "other.completed": "其它行权事项办结",
}


def sentence(block: Block) -> str:
    start, end = block["from"], block["to"]
    lic, pub, other = block["licensing"], block["public_service"], block["other"]
    text = (
        f"据{block['source']}数据统计，{full_date(start)}至{full_date(end)}，"
        f"省本级行政许可事项受理{lic['accepted']}件，办结{lic['completed']}件；"
        f"公共服务事项受理{pub['accepted']}件，办结{pub['completed']}件"
    )
    if other["categories"] == 0:
        return text + "。"
    return (
        text + f"，其它{other['categories']}类行权事项受理{other['accepted']}件，"
        f"累计办结{other['completed']}件。"
    )


_SENTENCE = re.compile(
    rf"据(.+?)数据统计[，,：:]?{DATE}(?:至|到|—+|－|-|~|～){DATE}[，,]?"
    rf"省本级行政许可事项受理{NUM}件[，,、]办结{NUM}件[；;，,。]"
    rf"公共服务事项受理{NUM}件[，,、]办结{NUM}件"
    rf"(?:[，,；;]其[它他]{NUM}类行权事项受理{NUM}件[，,、](?:累计)?办结{NUM}件)?{STOP}")


def _figures(block: Block, source: str, start: dt.date, end: dt.date,
             numbers: list[int]) -> Block:
    """The block with ``numbers`` in printed order (licensing, public service, other)."""
    return {
        **block, "source": source, "from": start, "to": end,
        "licensing": {"accepted": numbers[0], "completed": numbers[1]},
        "public_service": {"accepted": numbers[2], "completed": numbers[3]},
        "other": {"categories": numbers[4], "accepted": numbers[5], "completed": numbers[6]},
    }


def _figure(block: Block, field: str) -> int:
    group, key = field.split(".")
    return block[group][key]


class PlatformStats(SentenceKind):
    name = "platform_stats"
    label = "平台受理办结统计"
    fields = {"source": spec.TEXT, "from": spec.DATE, "to": spec.DATE, "licensing": _PAIR,
              "public_service": _PAIR,
              "other": spec.Record({"categories": spec.COUNT, **_PAIR.keys})}

    def invalid(self, block: Block) -> tuple[str, str] | None:
        if block["to"] < block["from"]:
            return "to", "结束日期早于开始日期 (ends before it starts)"
        return None

    def empty(self, period_end: dt.date) -> Block:
        """The year to date, from the 一体化 platform, all figures 0."""
        return _figures({"kind": self.name}, "四川一体化政务服务平台",
                        dt.date(period_end.year, 1, 1), period_end, [0] * 7)

    def next_week(self, block: Block, period_end: dt.date, new_year: bool) -> None:
        """From 1 January of the new period's year to its end, all counts 0; the source and
        the number of 其它 categories are kept."""
        numbers = [0, 0, 0, 0, block["other"]["categories"], 0, 0]
        block.update(_figures(block, block["source"], dt.date(period_end.year, 1, 1),
                              period_end, numbers))

    def paragraphs(self, block: Block, anchor: str) -> list[Para]:
        return [para(BODY, sentence(block), anchor)]

    def read(self, text: str, report: Report) -> Block | None:
        match = _SENTENCE.fullmatch(compact(text))
        if match is None:
            return None
        g = match.groups()
        start, end = date(*g[1:4]), date(*g[4:7])
        if start is None or end is None or end < start:
            return None
        numbers = [count(v) if v is not None else 0 for v in g[7:]]
        return _figures({"kind": self.name}, g[0], start, end, numbers)

    def problems(self, node: Node, block: Block, issue: Issue,
                 previous: Issue | None) -> list[Problem]:
        problems = text_field(node.anchor, SOURCE, f"{node.label} 数据来源", block["source"])
        counts = [block[group][key] for group in ("licensing", "public_service")
                  for key in ("accepted", "completed")]
        if not any(counts):
            problems.append(Problem(WARNING, node.anchor, "licensing.accepted",
                                    f"{node.label}：受理、办结数字都是0，是否还没有填写？"))
        else:
            problems += falling_figures(node, block, previous)
        return problems + _end_date(node, block, issue)


def _end_date(node: Node, block: Block, issue: Issue) -> list[Problem]:
    start, end, period_end = block["from"], block["to"], issue["period"]["end"]
    if end < start:
        return [Problem(ERROR, node.anchor, TO, f"{node.label}：统计截止日期（{full_date(end)}）"
                                                f"早于起始日期（{full_date(start)}）")]
    if end != period_end:
        return [Problem(WARNING, node.anchor, TO,
                        f"{node.label}：统计截止日期（{full_date(end)}）"
                        f"与本期时段结束日期（{full_date(period_end)}）不一致")]
    return []


def falling_figures(node: Node, block: Block, previous: Issue | None,
                    named: bool = True) -> list[Problem]:
    """Figures counted from the same start date as the previous issue's cannot go down. The
    message starts with the block's label unless not ``named`` (a list whose place column
    names it: check YEAR)."""
    prev = _previous(previous, node.anchor)
    if previous is None or prev is None or prev["from"] != block["from"]:
        return []
    label = issue_label(previous)
    where = f"{node.label}：" if named else ""
    return [Problem(ERROR, node.anchor, field,
                    f"{where}{name}{_figure(block, field)}件，少于上期（{label}）的"
                    f"{_figure(prev, field)}件（起始日期相同，累计数不应减少）")
            for field, name in PLATFORM_FIGURES.items()
            if _figure(block, field) < _figure(prev, field)]


def _previous(previous: Issue | None, anchor: str) -> Block | None:
    """The platform_stats block of ``previous`` at ``anchor``, else its first one."""
    return corresponding_block(previous, KIND.name, anchor)


KIND = PlatformStats()
