"""Databases of many issues for the benchmarks, built quickly.

One year of full issues (copies of the sample, each with its own numbers) is stored through the
store; further years are copied in SQL with shifted ids, numbers and dates, so 50 000 issues take
seconds, not an hour. A benchmark-only shortcut: it knows the database is SQLite.
"""

from __future__ import annotations

import datetime as dt
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
