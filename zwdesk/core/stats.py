"""Figures over time: each issue's week and platform figures summed by week, month, quarter or
year. Pure Python: the store hands in one ``IssueFigures`` per issue.

An issue counts in the period that contains the end of its week. The week's four 综窗 counts
are summed; the platform's figures are cumulative (from 1 January), so a period shows those of
its last issue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

WEEK_KEYS = ("consult", "accept", "issue", "transfer")
PLATFORM_KEYS = ("licensing_accepted", "licensing_completed", "public_accepted",
                 "public_completed", "other_accepted", "other_completed")
PERIODS = ("week", "month", "quarter", "year")
HEADER = ("period", "issues", *(f"week_{key}" for key in WEEK_KEYS), *PLATFORM_KEYS)
HEADER_CHINESE = ("时段", "期数", "咨询人次", "受理", "颁发", "流转",
                  "行政许可受理", "行政许可办结", "公共服务受理", "公共服务办结",
                  "其它行权受理", "其它行权办结")


@dataclass(frozen=True)
class IssueFigures:
    """One issue's figures: the week's 综窗 counts (summed over its window_stats blocks) and
    the platform's cumulative figures (None where it has no platform block)."""

    year: int
    number: int
    period_end: dt.date
    week: dict[str, int]
    platform: dict[str, int] | None = None


@dataclass
class PeriodRow:
    label: str
    issues: int = 0
    week: dict[str, int] = field(default_factory=lambda: dict.fromkeys(WEEK_KEYS, 0))
    platform: dict[str, int] | None = None

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
    """One row per period that has issues, in time order."""
    rows: dict[str, PeriodRow] = {}
    for issue in sorted(issues, key=lambda i: (i.period_end, i.year, i.number)):
        label = period_label(issue.period_end, by)
        row = rows.setdefault(label, PeriodRow(label))
        row.issues += 1
        for key in WEEK_KEYS:
            row.week[key] += issue.week.get(key, 0)
        if issue.platform is not None:
            row.platform = dict(issue.platform)  # cumulative: the period's last issue counts
    return list(rows.values())
