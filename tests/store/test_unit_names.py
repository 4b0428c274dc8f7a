"""One unit, one name in the store: a unit found in whatever form its name is written, and the
schema step (6 → 7) that merges the units an older zwdesk stored once per form."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from zwdesk.core.submission import Submission as Received
from zwdesk.core.submission import SubmittedItem as ReceivedItem
from zwdesk.core.submission import make_submission
from zwdesk.store import inbox, migrations
from zwdesk.store.database import open_database
from zwdesk.store.inbox import ItemFilter
from zwdesk.store.models import Submission, SubmittedItem, Unit, database

NAME = "省医保局窗口"
OLD_FORMS = ["省医保局窗口", "省医保局\u200d窗口", "省医保局\u2060窗口", "省医保局 窗口",
             "省医保局\u3000窗口"]


def test_the_store_finds_a_unit_by_any_form_of_its_name(store) -> None:  # noqa: ANN001
    inbox.add_submission(make_submission("a", NAME, "", "", dt.date(2023, 3, 15),
                                         [("一条。", "")]), "a.json")
    # built by hand, not through make_submission: the store folds the name itself
    raw = Received("省医保局\u00a0窗口", "", "", dt.date(2023, 3, 16), (ReceivedItem("又一条。"),))
    inbox.add_submission(raw, "b.json")
    assert inbox.unit_names() == [NAME]
    assert inbox.is_registered("\u200b省医保局\u3000窗口") and not inbox.is_registered("省医保局")
    assert inbox.count_items(ItemFilter(unit="省医保局\u2060窗口")) == 2
    assert inbox.count_items(ItemFilter(unit="医保\u200d局", unit_contains=True)) == 2


def _old_database(path: Path) -> list[int]:
    """A database as zwdesk stored it before names were folded: one unit per form, each with
    a submission fingerprinted under that form; taken back to schema 6. The submissions' ids."""
    open_database(path)
    ids = []
    try:
        for position, form in enumerate(OLD_FORMS, 1):
            unit = Unit.create(name=form, contact="王敏" if position == 3 else "",
                               position=position)
            received = Received(form, "", "", dt.date(2023, 3, position),
                                (ReceivedItem(f"第{position}条。"),))
            row = Submission.create(unit=unit, date=received.date, source=f"{position}.json",
                                    fingerprint=received.fingerprint())
            SubmittedItem.create(submission=row, position=0, text=f"第{position}条。")
            ids.append(row.id)
    finally:
        database.close()
    connection = sqlite3.connect(str(path))
    with connection:
        connection.execute("UPDATE setting SET value = '6' WHERE key = 'schema_version'")
    connection.close()
    return ids


def test_the_schema_step_merges_the_units_of_one_name(tmp_path) -> None:  # noqa: ANN001
    path = tmp_path / "old.sqlite3"
    ids = _old_database(path)
    open_database(path)
    try:
        assert migrations.stored_version(database) == migrations.current_version()
        assert [(u.name, u.contact) for u in Unit.select()] == [(NAME, "王敏")]
        assert [s.id for s in Submission.select().order_by(Submission.id)] == ids
        assert {s.unit.name for s in Submission.select()} == {NAME}
        assert inbox.tally_counts(dt.date(2023, 3, 1), dt.date(2023, 3, 31)) == [(NAME, 5, 0)]
        # the fingerprints follow the one name: the third file sent again is known
        again = make_submission("c", "省医保局\u00a0窗口", "", "", dt.date(2023, 3, 3),
                                [("第3条。", "")])
        with pytest.raises(inbox.DuplicateSubmissionError, match="3.json"):
            inbox.add_submission(again, "again.json")
        assert inbox.fold_unit_names() == 0  # idempotent: nothing left to merge
        assert Unit.select().count() == 1
    finally:
        database.close()
    assert list(tmp_path.glob("old.sqlite3.v6-*.bak"))  # backed up before the step


def test_an_archive_of_split_units_comes_back_as_one(tmp_path, capsys) -> None:  # noqa: ANN001
    """zwdesk archive of a database an older zwdesk split (the units as it stored them),
    imported into a new database: one unit, every submission on it."""
    from zwdesk import cli

    old = tmp_path / "old.sqlite3"
    _old_database(old)  # taken back to schema 6 …
    open_database(old)  # … and upgraded; so split the units again, as an older archive has them
    try:
        for position, form in enumerate(OLD_FORMS[1:], 2):
            unit = Unit.create(name=form, position=position)
            Submission.update(unit=unit).where(Submission.date == dt.date(2023, 3, position)) \
                .execute()
        assert Unit.select().count() == len(OLD_FORMS)
    finally:
        database.close()
    zipped = tmp_path / "全部.zip"
    assert cli.main(["--db", str(old), "archive", "-o", str(zipped)]) == 0
    new = tmp_path / "new.sqlite3"
    assert cli.main(["--db", str(new), "import", str(zipped)]) == 0
    capsys.readouterr()
    open_database(new)
    try:
        assert inbox.unit_names() == [NAME]
        assert inbox.tally_counts(dt.date(2023, 3, 1), dt.date(2023, 3, 31)) == [(NAME, 5, 0)]
    finally:
        database.close()
