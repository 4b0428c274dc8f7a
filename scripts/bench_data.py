"""Databases of many issues for the benchmarks, built quickly.

One year of full issues (copies of the sample, each with its own numbers) is stored through the
store; further years are copied in SQL with shifted ids, numbers and dates, so 50 000 issues take
seconds, not an hour. A benchmark-only shortcut: it knows the database is SQLite.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import sqlite3
from pathlib import Path

# The tables that hang off an issue, with the columns that point at other copied rows.
_ISSUE_TABLES = ("distribution", "recipient")
_SECTION_TABLES = ("windowstats", "platformstats", "textentry", "inspectioncheck")
PER_YEAR_MAX = 500  # 第N期 goes up to 999; 100 years × 500 covers 50 000 issues


def build_database(path: Path, count: int) -> None:
    """A database at ``path`` holding ``count`` issues, newest 2000 + count // per_year."""
    from zwdesk.core.exchange import read_issue
    from zwdesk.operations import sample_path
    from zwdesk.store.database import open_database
    from zwdesk.store.issues import save_issue
    from zwdesk.store.models import database

    per_year = min(count, PER_YEAR_MAX) if count > 52 * 10 else min(count, 52)
    db = open_database(path)
    issue = _in_year(read_issue(sample_path()), 2000)
    with database.atomic():
        for number in range(1, per_year + 1):
            issue.update(year=2000, number=number, serial=number)
            save_issue(issue)
    db.close()
    _copy_years(path, per_year, count)


def build_weekly_years(path: Path, first_year: int, years: int, seed: int = 1) -> None:
    """A database at ``path`` holding every week of ``years`` years from ``first_year`` on, as
    the secretariat would: figures that vary week by week (a dip at the Spring Festival, some
    growth from year to year), 今年以来 accumulating them and the platform's figures growing."""
    from zwdesk.core.exchange import read_issue
    from zwdesk.core.nextissue import next_issue
    from zwdesk.operations import sample_path
    from zwdesk.store.database import open_database
    from zwdesk.store.issues import save_issue
    from zwdesk.store.models import database

    rng = random.Random(seed)
    issue = _in_year(read_issue(sample_path()), first_year - 1)  # December's: not stored
    issue["period"] = {"start": dt.date(first_year - 1, 12, 1), "end": dt.date(first_year - 1,
                                                                               12, 1)}
    platform: dict[str, int] = {}  # the platform's figures so far this year
    db = open_database(path)
    with database.atomic():
        while True:
            issue = next_issue(issue)
            if issue["period"]["end"].year >= first_year + years:
                break
            if issue["number"] == 1:
                platform.clear()
            _vary_figures(issue, rng, platform)
            if issue["year"] >= first_year:
                save_issue(issue)
    db.close()


_WEEK_BASE = {"consult": 800, "accept": 170, "issue": 1150, "transfer": 1650}


def _vary_figures(issue: dict, rng: random.Random, platform: dict[str, int]) -> None:
    """This week's counts (added to 今年以来) and the platform's week added to ``platform``,
    the year's figures so far (next_issue leaves them 0 for the secretary to fill in)."""
    from zwdesk.core.outline import iter_blocks

    week_of_year = issue["period"]["end"].timetuple().tm_yday / 7
    season = 1 + 0.15 * math.sin(week_of_year / 52 * 2 * math.pi)
    growth = 1.08 ** (issue["year"] - 2023)  # 8 % more each year
    scale = season * growth * (0.5 if week_of_year < 6 else 1)  # the Spring Festival
    for _anchor, block in iter_blocks(issue):
        if block["kind"] == "window_stats":
            for key, base in _WEEK_BASE.items():
                block["week"][key] = round(base * scale * rng.uniform(0.85, 1.15))
                block["year_to_date"][key] += block["week"][key]
        elif block["kind"] == "platform_stats":
            for part, base in (("licensing", 9000), ("public_service", 90000), ("other", 800)):
                accepted = round(base * scale * rng.uniform(0.9, 1.1))
                completed = round(accepted * rng.uniform(0.92, 1.0))
                for name, value in (("accepted", accepted), ("completed", completed)):
                    platform[f"{part}.{name}"] = platform.get(f"{part}.{name}", 0) + value
                    block[part][name] = platform[f"{part}.{name}"]


def _in_year(value, year: int):  # noqa: ANN001, ANN202 - any part of an issue dict
    """The issue with every date moved into ``year`` (copies then move year by year)."""
    if isinstance(value, dict):
        return {key: _in_year(item, year) for key, item in value.items()}
    if isinstance(value, list):
        return [_in_year(item, year) for item in value]
    if isinstance(value, dt.date):
        return value.replace(year=year)
    return value


def _copy_years(path: Path, per_year: int, count: int) -> None:
    connection = sqlite3.connect(str(path))
    columns = {table: [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]
               for table in ("issue", "section", *_ISSUE_TABLES, *_SECTION_TABLES)}
    base = {table: connection.execute(f'SELECT max(id) FROM "{table}"').fetchone()[0] or 0
            for table in columns}
    stored, year = per_year, 1
    with connection:
        while stored < count:
            take = min(per_year, count - stored)
            _copy_one_year(connection, columns, base, year, take)
            stored += take
            year += 1
    connection.close()


def _copy_one_year(connection: sqlite3.Connection, columns: dict[str, list[str]],
                   base: dict[str, int], year: int, take: int) -> None:
    def shifted(table: str) -> str:
        exprs = []
        for column in columns[table]:
            if column == "id":
                exprs.append(f"id + {base[table] * year}")
            elif column == "issue_id":
                exprs.append(f"issue_id + {base['issue'] * year}")
            elif column in ("section_id", "parent_id"):
                exprs.append(f"{column} + {base['section'] * year}")
            elif column == "year":
                exprs.append(f"year + {year}")
            elif column == "serial":
                exprs.append(f"serial + {base['issue'] * year}")
            elif column in ("issue_date", "period_start", "period_end", "date_from", "date_to"):
                exprs.append(f"date({column}, '+{year} years')")
            else:
                exprs.append(f'"{column}"')
        return ", ".join(exprs)

    def copy(table: str, where: str) -> None:
        names = ", ".join(f'"{c}"' for c in columns[table])
        connection.execute(f'INSERT INTO "{table}" ({names}) SELECT {shifted(table)} '
                           f'FROM "{table}" WHERE {where}')

    issues = f"issue_id <= {take}"  # the first year's issues have ids 1..per_year
    copy("issue", f"id <= {take}")
    copy("section", issues)
    for table in _ISSUE_TABLES:
        copy(table, issues)
    sections = f"section_id IN (SELECT id FROM section WHERE issue_id <= {take})"
    for table in _SECTION_TABLES:
        copy(table, sections)
