"""Next week's issue from the latest one.

``next_issue`` copies the latest issue dict (resources/issue-format-v1.md, dates as
``datetime.date``) into a draft for the following week: the outline and everything that rarely
changes is kept, the week's content is emptied, so the secretary edits only what changed.

What a block keeps or empties is its kind's rule (``next_week`` in zwdesk.core.kinds); the
今年以来 rule is zwdesk.core.kinds.window_stats'. Pure Python: no Qt, no database.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from zwdesk.core import limits
from zwdesk.core.errors import ZwdeskError
from zwdesk.core.kinds import kind
from zwdesk.core.outline import iter_blocks as iter_blocks  # where callers have found it

Issue = dict[str, Any]
Block = dict[str, Any]

WORKING_DAYS = 5  # a bulletin week runs Monday to Friday
ISSUE_RHYTHM = dt.timedelta(days=7)


# --- next week ---


def next_period(period: dict[str, dt.date]) -> dict[str, dt.date]:
    """Monday to Friday of the week after the latest period.

    The new week starts on the first Monday strictly after the latest period's *end* (for an
    ordinary week that is also the Monday after the start's week; taking the end keeps a
    two-week holiday issue from overlapping the next one). An irregular latest period such as
    Tuesday–Thursday still gives a regular Monday–Friday week.
    """
    end = period["end"]
    start = end + dt.timedelta(days=7 - end.weekday())
    return {"start": start, "end": start + dt.timedelta(days=WORKING_DAYS - 1)}


def proposed_issue_date(latest_issue_date: dt.date, new_period_end: dt.date,
                        today: dt.date | None = None) -> dt.date:
    """The latest issue date + 7 days (the house rhythm), never before the day after the new
    period ends and, when ``today`` is given, never before today."""
    floors = [latest_issue_date + ISSUE_RHYTHM, new_period_end + dt.timedelta(days=1)]
    if today is not None:
        floors.append(today)
    return max(floors)


def next_issue(latest: Issue, today: dt.date | None = None) -> Issue:
    """A draft of next week's issue, built from ``latest`` (which is left untouched).

    - period: Monday–Friday of the following week (see ``next_period``);
    - year: the year in which the new period *ends*. A week such as 2024-12-30—2025-01-03 is
      reported at the start of 2025, so it is 2025年第1期, and its 今年以来 figures and platform
      statistics start on 2025-01-01;
    - number: latest number + 1, or 1 when the year changes; serial: latest serial + 1;
    - issue date: see ``proposed_issue_date``. ``today`` is optional on purpose: leave it None
      when back issues are being entered, pass the current date to avoid a date in the past;
    - kept: publication, editor, the outline (titles, order, block kinds), department lists,
      inspection checks, the distribution (with its recipients);
    - emptied: items and text paragraphs; 本周 figures become 0, 今年以来 stays at the latest
      figures (ready to accumulate) within a year and becomes 0 in a new year; platform
      statistics run from 1 January of the new year to the new period's end with all counts 0,
      source and the number of 其它 categories kept.
    """
    period = next_period(latest["period"])
    year = period["end"].year
    new_year = year != latest["year"]
    if not new_year and latest["number"] >= limits.NUMBER_MAX:
        raise ZwdeskError(f"第{latest['number']}期已是一年中可用的最后一个期号 "
                          f"(numbers stop at {limits.NUMBER_MAX})")
    if latest["serial"] >= limits.SERIAL_MAX or year > limits.YEAR_MAX:
        raise ZwdeskError(f"总期号或年份已到上限 (serial {limits.SERIAL_MAX} or year "
                          f"{limits.YEAR_MAX} reached)")
    draft = copy.deepcopy(latest)
    draft.update(
        year=year,
        number=1 if new_year else latest["number"] + 1,
        serial=latest["serial"] + 1,
        issue_date=proposed_issue_date(latest["issue_date"], period["end"], today),
        period=period,
    )
    for _anchor, block in iter_blocks(draft):
        kind(block["kind"]).next_week(block, period["end"], new_year)
    return draft
