"""Settings kept in the database itself (the ``Setting`` table), so every program that uses
the database — the app, the command line — prints the same way."""

from __future__ import annotations

from zwdesk.store.models import Setting, database

# 版记 on an even page (double-sided printing, GB/T 9704-2012 7.5): on unless switched off.
BANJI_EVEN_PAGE = "banji_even_page"
ON, OFF = "1", "0"


def banji_even_page() -> bool:
    row = Setting.get_or_none(Setting.key == BANJI_EVEN_PAGE)
    return row is None or row.value != OFF


def set_banji_even_page(on: bool) -> None:
    with database.atomic():
        value = ON if on else OFF
        Setting.insert(key=BANJI_EVEN_PAGE, value=value).on_conflict(
            conflict_target=[Setting.key], update={Setting.value: value}).execute()
