"""The figures of many issues at once, for zwdesk.core.stats: three queries, however many
issues (no issue is loaded whole)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from peewee import Expression, Query, fn

from zwdesk.core.stats import PLATFORM_KEYS, WEEK_KEYS, IssueFigures
from zwdesk.store.models import Issue, PlatformStats, Section, WindowStats, database
from zwdesk.store.transaction import reads


@reads
def issue_figures(start: dt.date | None = None, end: dt.date | None = None
                  ) -> list[IssueFigures]:
    """Every issue whose week ends between ``start`` and ``end`` (both optional, inclusive),
    with its week's and 今年以来 综窗 counts and its first platform block's figures."""
    within = _within(start, end)
    issues = {row[0]: row[1:] for row in _rows(
        Issue.select(Issue.id, Issue.year, Issue.number, Issue.period_end).where(within))}
    weeks = {key: dict.fromkeys(WEEK_KEYS, 0) for key in issues}
    ytds = {key: dict.fromkeys(WEEK_KEYS, 0) for key in issues}
    columns = [getattr(WindowStats, f"{part}_{key}") for part in ("week", "ytd")
               for key in WEEK_KEYS]
    for row in _rows(WindowStats.select(Section.issue, *columns).join(Section).join(Issue)
                     .where(within)):
        for key, week, ytd in zip(WEEK_KEYS, row[1:5], row[5:], strict=True):
            weeks[row[0]][key] += week
            ytds[row[0]][key] += ytd
    platforms: dict[int, dict[str, int]] = {}
    columns = [getattr(PlatformStats, key) for key in PLATFORM_KEYS]
    for row in _rows(PlatformStats.select(Section.issue, *columns).join(Section).join(Issue)
                     .where(within).order_by(Section.position)):
        platforms.setdefault(row[0], dict(zip(PLATFORM_KEYS, row[1:], strict=True)))
    return [IssueFigures(year, number, _as_date(end), weeks[key], platforms.get(key),
                         ytds[key]) for key, (year, number, end) in issues.items()]


def figure_span() -> tuple[dt.date, dt.date] | None:
    """The end dates of the earliest and the latest week stored, or None without issues."""
    [(first, last)] = _rows(Issue.select(fn.MIN(Issue.period_end), fn.MAX(Issue.period_end)))
    if first is None:
        return None
    return _as_date(first), _as_date(last)


def _rows(query: Query) -> list[tuple[Any, ...]]:
    """The query's rows as the database driver gives them: peewee's conversion of every value
    took two thirds of the time at 5 000 issues. Counts are integers in every driver; dates
    go through ``_as_date``."""
    return list(database.execute(query))


def _as_date(value: dt.date | str) -> dt.date:
    # SQLite hands back the stored ISO text; a server database a date.
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _within(start: dt.date | None, end: dt.date | None) -> Expression:
    condition = Issue.id.is_null(False)
    if start is not None:
        condition &= Issue.period_end >= start
    if end is not None:
        condition &= Issue.period_end <= end
    return condition
