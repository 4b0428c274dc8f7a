"""Which rolling backups to keep: the newest few, then one a day for a month, then one a month.

A pure function of the backups' times and the clock, so the rule is tested with a fake clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

NEWEST_KEPT = 10  # the newest backups are all kept
DAILY_DAYS = 30  # then the newest of each earlier day, for this many days


def backups_to_keep(times: Sequence[dt.datetime], now: dt.datetime,
                    newest: int = NEWEST_KEPT, daily_days: int = DAILY_DAYS) -> set[int]:
    """The indexes (into ``times``) of the backups to keep.

    Kept: the ``newest`` newest; of those older, the newest of each earlier day within
    ``daily_days`` days of ``now``; and the newest of each earlier month (for ever). A backup's
    day or month counts as "earlier" when it is not today's or this month's.
    """
    order = sorted(range(len(times)), key=lambda i: times[i], reverse=True)
    keep = set(order[:max(newest, 0)])
    days_seen: set[dt.date] = set()
    months_seen: set[tuple[int, int]] = set()
    first_day = now.date() - dt.timedelta(days=daily_days)
    for index in order:  # newest first, so the first one met of a day or a month is its newest
        when = times[index]
        day, month = when.date(), (when.year, when.month)
        if day < now.date() and day >= first_day and day not in days_seen:
            keep.add(index)
        if month < (now.year, now.month) and month not in months_seen:
            keep.add(index)
        days_seen.add(day)
        months_seen.add(month)
    return keep
