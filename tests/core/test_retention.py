"""Which rolling backups are kept, with a fake clock."""

from __future__ import annotations

import datetime as dt

from zwdesk.core.retention import backups_to_keep

NOW = dt.datetime(2026, 12, 6, 15, 0)


def kept(times: list[dt.datetime], newest: int = 10) -> list[dt.datetime]:
    return sorted((times[i] for i in backups_to_keep(times, NOW, newest=newest)), reverse=True)


def test_the_newest_ten_are_all_kept() -> None:
    times = [NOW - dt.timedelta(minutes=30 * n) for n in range(10)]
    assert kept(times) == times


def test_older_ones_of_today_go_and_each_earlier_day_keeps_its_newest() -> None:
    today = [NOW - dt.timedelta(minutes=5 * n) for n in range(14)]  # 14 today
    earlier = [dt.datetime(2026, 12, day, hour) for day in (3, 4, 5) for hour in (9, 17)]
    result = kept(today + earlier)
    assert result[:10] == today[:10]
    assert result[10:] == [dt.datetime(2026, 12, 5, 17), dt.datetime(2026, 12, 4, 17),
                           dt.datetime(2026, 12, 3, 17)]


def test_after_thirty_days_one_a_month_the_newest_of_it() -> None:
    recent = [NOW - dt.timedelta(hours=n) for n in range(10)]
    old = [dt.datetime(2026, 9, day, 12) for day in (2, 15, 28)] + \
        [dt.datetime(2025, 1, day, 12) for day in (1, 31)] + [dt.datetime(2026, 10, 20, 8)]
    result = kept(recent + old)
    assert dt.datetime(2026, 9, 28, 12) in result and dt.datetime(2026, 9, 15, 12) not in result
    assert dt.datetime(2025, 1, 31, 12) in result and dt.datetime(2025, 1, 1, 12) not in result
    assert dt.datetime(2026, 10, 20, 8) in result  # October's only one
    assert len(result) == 10 + 3


def test_a_day_whose_newest_is_among_the_ten_keeps_no_second_one() -> None:
    times = [NOW - dt.timedelta(days=1, minutes=n) for n in range(12)]
    assert kept(times) == times[:10]


def test_a_smaller_count_from_the_settings() -> None:
    times = [NOW - dt.timedelta(minutes=n) for n in range(5)]
    assert kept(times, newest=2) == times[:2]
