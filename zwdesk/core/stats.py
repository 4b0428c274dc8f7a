"""Figures over time: each issue's week and platform figures summed by week, month, quarter or
year. Pure Python: the store hands in one ``IssueFigures`` per issue.

An issue counts in the period that contains the end of its week. The week's four 综窗 counts
are summed; the 今年以来 counts and the platform's figures are cumulative (from 1 January), so a
period shows those of its last issue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from zwdesk.core.kinds.window_stats import COUNT_KEYS

WEEK_KEYS = COUNT_KEYS  # the week's four 综窗 counts
PLATFORM_KEYS = ("licensing_accepted", "licensing_completed", "public_accepted",
                 "public_completed", "other_accepted", "other_completed")
PERIODS = ("week", "month", "quarter", "year")
PERIOD_NAMES = {"week": "周", "month": "月", "quarter": "季度", "year": "年"}
# Not a period of the calendar: each issue by its 第N期 (the 统计 window's 按周, where a week
# belongs to its bulletin's year, not to the ISO year its end date falls in).
ISSUE = "issue"
HEADER = ("period", "issues", *(f"week_{key}" for key in WEEK_KEYS), *PLATFORM_KEYS)
HEADER_CHINESE = ("时段", "期数", "咨询人次", "受理", "颁发", "流转",
                  "行政许可受理", "行政许可办结", "公共服务受理", "公共服务办结",
                  "其它行权受理", "其它行权办结")
WEEK_NAMES = dict(zip(WEEK_KEYS, HEADER_CHINESE[2:6], strict=True))


@dataclass(frozen=True)
class IssueFigures:
    """One issue's figures: the week's and 今年以来 综窗 counts (summed over its window_stats
    blocks) and the platform's cumulative figures (None where it has no platform block)."""

    year: int
    number: int
    period_end: dt.date
    week: dict[str, int]
    platform: dict[str, int] | None = None
    ytd: dict[str, int] = field(default_factory=dict)


@dataclass
class PeriodRow:
    label: str
    issues: int = 0
    week: dict[str, int] = field(default_factory=lambda: dict.fromkeys(WEEK_KEYS, 0))
    platform: dict[str, int] | None = None
    ytd: dict[str, int] = field(default_factory=dict)  # 今年以来 of the period's last issue

    @property
    def year(self) -> int:
        """The (ISO week-numbering) year of the label: 2025 for 2025-W01 from 2024-12-30."""
        return int(self.label[:4])

    @property
    def index(self) -> int:
        """The period's place in its year: week 1–53, month 1–12, quarter 1–4; 1 for a year."""
        rest = self.label[5:].lstrip("WQN")
        return int(rest) if rest else 1

    def cells(self) -> tuple[str | int, ...]:
        platform = self.platform or {}
        return (self.label, self.issues, *(self.week[key] for key in WEEK_KEYS),
                *(platform.get(key, "") for key in PLATFORM_KEYS))


def period_label(day: dt.date, by: str) -> str:
    """2023-W10 (ISO week), 2023-03, 2023-Q1 or 2023: the period of ``by`` holding ``day``."""
    if by == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if by == "month":
        return f"{day.year}-{day.month:02d}"
    if by == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if by == "year":
        return str(day.year)
    raise ValueError(f"unknown period: {by!r}")


def by_period(issues: Iterable[IssueFigures], by: str = "week") -> list[PeriodRow]:
    """One row per period that has issues, in time order; by ISSUE one per 第N期 of a year
    (labelled 2021-N01)."""
    rows: dict[str, PeriodRow] = {}
    for issue in sorted(issues, key=lambda i: (i.period_end, i.year, i.number)):
        label = f"{issue.year}-N{issue.number:02d}" if by == ISSUE else \
            period_label(issue.period_end, by)
        row = rows.setdefault(label, PeriodRow(label))
        row.issues += 1
        for key in WEEK_KEYS:
            row.week[key] += issue.week.get(key, 0)
        if issue.platform is not None:
            row.platform = dict(issue.platform)  # cumulative: the period's last issue counts
        row.ytd = dict(issue.ytd)
    return list(rows.values())


# --- what the charts show (drawn by zwdesk.app.charts; shaped here, without Qt) -------------

MAX_TICKS = 13  # axis labels: more overlap on a chart 800 pixels wide
QUARTERS = "一二三四"


@dataclass(frozen=True)
class Series:
    """One line: ``points`` are (x, value); ``labels`` name each x's period for the hover,
    which calls the value ``what`` (the name if empty). A ``muted`` line is drawn in the
    background (the year before)."""

    name: str
    points: list[tuple[int, int]]
    labels: dict[int, str]
    what: str = ""
    muted: bool = False


@dataclass(frozen=True)
class ChartData:
    title: str
    series: list[Series]
    ticks: list[tuple[int, str]]  # the x axis' labels and where they stand
    slots: dict[int, str] = field(default_factory=dict)  # every x's label (ticks are thinned)


def index_label(by: str, index: int) -> str:
    """A period's name within its year: 第10周, 第10期, 3月, 一季度 (a year names itself)."""
    if by == ISSUE:
        return f"第{index}期"
    if by == "week":
        return f"第{index}周"
    if by == "month":
        return f"{index}月"
    if by == "quarter":
        return f"{QUARTERS[index - 1]}季度"
    return str(index)


def sequence_chart(rows: list[PeriodRow], by: str) -> ChartData:
    """The four week counts summed per period, one period after the other (zwdesk stats -o
    FILE.png; the 统计 view by year)."""
    labels = dict(enumerate(f"{row.label}年" if by == "year" else row.label for row in rows))
    series = [Series(WEEK_NAMES[key], [(x, row.week[key]) for x, row in enumerate(rows)],
                     labels) for key in WEEK_KEYS]
    return ChartData(f"综窗办件（按{PERIOD_NAMES[by]}合计）", series,
                     _thin(sorted(labels.items())), labels)


def year_label(by: str, row: PeriodRow) -> str:
    """A period's name with its year, for the hover: 2024年第52期, 2024年3月, 2024年一季度."""
    return f"{row.year}年" + ("" if by == "year" else index_label(by, row.index))


def year_chart(rows: list[PeriodRow], by: str, year: int) -> ChartData:
    """The four week counts summed per period of ``year``, at the period's place in the year
    (week 10 at x = 10), so that it stands above the 今年以来 chart of the same year."""
    mine = [row for row in rows if row.year == year]
    labels = {row.index: year_label(by, row) for row in mine}
    series = [Series(WEEK_NAMES[key], [(row.index, row.week[key]) for row in mine], labels)
              for key in WEEK_KEYS]
    return ChartData(f"{year}年综窗办件（{_per(by)}）", series, *_index_ticks(by, labels))


def _per(by: str) -> str:
    return "每期" if by == ISSUE else f"按{PERIOD_NAMES[by]}合计"


def ytd_chart(rows: list[PeriodRow], by: str, year: int, key: str) -> ChartData:
    """今年以来 ``key`` at the end of each period, ``year`` against the year before, the same
    period of both years at the same x; by year, every year's figure at its end."""
    name = WEEK_NAMES[key]
    if by == "year":
        labels = {row.year: f"{row.label}年" for row in rows if key in row.ytd}
        points = [(row.year, row.ytd[key]) for row in rows if key in row.ytd]
        return ChartData(f"今年以来{name}（各年年末）",
                         [Series("年末", points, labels, f"今年以来{name}")],
                         _thin(sorted(labels.items())), labels)
    series, places = [], {}
    for each in (year, year - 1):
        mine = [row for row in rows if row.year == each and key in row.ytd]
        labels = {row.index: year_label(by, row) for row in mine}
        series.append(Series(f"{each}年", [(row.index, row.ytd[key]) for row in mine], labels,
                             f"今年以来{name}", muted=each != year))
        places.update(labels)
    return ChartData(f"今年以来{name}：{year}年与{year - 1}年", series,
                     *_index_ticks(by, places))


def share_slots(charts: list[ChartData], by: str) -> list[ChartData]:
    """The charts (of one year, by the period's place in it) on the same x axis, from the first
    place any of them has to the last: a year in progress (第1—30期) above the whole year
    before still stands 第10期 above 第10期."""
    places = {x: "" for chart in charts for x in chart.slots}
    ticks, slots = _index_ticks(by, places)
    return [replace(chart, ticks=ticks, slots=slots) for chart in charts]


def _index_ticks(by: str, places: dict[int, str]) -> tuple[list[tuple[int, str]],
                                                          dict[int, str]]:
    """The x axis' labels (thinned) and every x's from the first to the last, by the period's
    place in the year: a period missing in between keeps its place (and is a gap in a line)."""
    slots = {x: index_label(by, x) for x in range(min(places), max(places) + 1)} \
        if places else {}
    return _thin(list(slots.items())), slots


def _thin(ticks: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """At most MAX_TICKS labels, evenly spaced, the first always kept."""
    step = -(-len(ticks) // MAX_TICKS)  # ceiling division
    return ticks[::step] if step > 1 else ticks
