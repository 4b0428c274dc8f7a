"""The SQLite store: where the file is, how it is opened, what the tables hold."""

from __future__ import annotations

import copy
import json
import random
import sqlite3
from pathlib import Path

import pytest
from peewee import IntegrityError
from support.backends import sqlite_only
from support.builders import (
    SAMPLE_JSON,
    db_snapshot,
    inspection_block,
    items_block,
    leaf,
    make_issue,
    random_issue,
    row_counts,
    run_cli,
    sample_data,
    write_json,
)

from zwdesk import cli
from zwdesk.core import limits
from zwdesk.core.exchange import FormatError, parse_issue
from zwdesk.operations import import_issue_file
from zwdesk.store import database as database_module
from zwdesk.store import migrations
from zwdesk.store import models as models_module
from zwdesk.store.database import default_db_path
from zwdesk.store.issues import IssueExistsError, find_issue, load_issue, save_issue
from zwdesk.store.models import (
    ALL_MODELS,
    Distribution,
    InspectionCheck,
    Issue,
    PlatformStats,
    Recipient,
    Section,
    Setting,
    TextEntry,
    WindowStats,
)


def _import(db: Path, data: dict, tmp_path: Path, *extra: str) -> int:
    source = write_json(tmp_path / f"{data['year']}-{data['number']}.json", data)
    return cli.main(["--db", str(db), "import", str(source), *extra])


# --- where the database lives ---


def test_default_path_is_the_environment_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("ZWDESK_DB", str(tmp_path / "elsewhere" / "mine.sqlite3"))
    assert default_db_path() == tmp_path / "elsewhere" / "mine.sqlite3"


@pytest.mark.parametrize("env_value", [None, ""])
def test_default_path_is_in_the_user_data_folder(tmp_path, monkeypatch, env_value):
    if env_value is None:
        monkeypatch.delenv("ZWDESK_DB", raising=False)
    else:
        monkeypatch.setenv("ZWDESK_DB", env_value)
    calls = []

    def user_data_dir(appname, *args, **kwargs):
        calls.append(appname)
        return str(tmp_path / "AppData" / appname)

    monkeypatch.setattr(database_module.appdirs, "user_data_dir", user_data_dir)
    assert default_db_path() == tmp_path / "AppData" / "zwdesk" / "zwdesk.sqlite3"
    assert calls == ["zwdesk"]


def test_cli_prefers_db_option_then_env_then_user_folder(tmp_path, monkeypatch):
    option, env = tmp_path / "option.sqlite3", tmp_path / "env.sqlite3"
    user = tmp_path / "appdirs" / "zwdesk.sqlite3"
    monkeypatch.setenv("ZWDESK_DB", str(env))

    assert cli.main(["--db", str(option), "sample"]) == 0
    assert option.exists() and not env.exists() and not user.exists()

    assert cli.main(["sample"]) == 0
    assert env.exists() and not user.exists()

    monkeypatch.delenv("ZWDESK_DB")
    assert cli.main(["list"]) == 0
    assert user.exists()
    assert row_counts(user)["issue"] == 0
    assert row_counts(env)["issue"] == 1


def test_cli_subprocess_uses_env_variable(tmp_path):
    env_db = tmp_path / "env-default.sqlite3"  # what builders.cli_env sets ZWDESK_DB to
    result = run_cli(tmp_path, "sample")
    assert result.returncode == 0, result.stderr
    assert row_counts(env_db)["issue"] == 1


def test_database_folder_is_created(tmp_path):
    db = tmp_path / "a" / "b" / "c.sqlite3"
    assert cli.main(["--db", str(db), "list"]) == 0
    assert db.is_file()


def test_database_folder_that_cannot_be_made(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert cli.main(["--db", str(blocker / "db.sqlite3"), "list"]) == 1
    err = capsys.readouterr().err
    assert "无法创建数据文件夹" in err and str(blocker) in err and "Traceback" not in err


# --- connection settings and schema ---


@sqlite_only
def test_pragmas(store):
    assert store.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.execute_sql("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_schema_version_is_stored_in_setting(store, tmp_path):
    current = migrations.current_version()
    assert current == 1 + len(migrations.MIGRATIONS)
    assert Setting.get_by_id(migrations.SCHEMA_VERSION_KEY).value == str(current)
    assert migrations.stored_version(store) == current
    rows = db_snapshot(store.location)["setting"]
    assert rows == [("schema_version", str(current))]


def test_every_model_has_its_table(store):
    assert {m._meta.table_name for m in ALL_MODELS} <= set(store.get_tables())


ISSUE_TABLES = ["publication", "issue", "section", "windowstats", "platformstats", "textentry",
                "inspectioncheck", "distribution", "recipient"]


def test_a_new_database_starts_empty(tmp_path, capsys):
    db = tmp_path / "new.sqlite3"
    assert cli.main(["--db", str(db), "list"]) == 0
    assert capsys.readouterr().out == ""
    counts = row_counts(db)
    assert counts["setting"] == 1
    assert {table: counts[table] for table in ISSUE_TABLES} == dict.fromkeys(ISSUE_TABLES, 0)


COUNT_COLUMNS = {
    WindowStats: ["week_consult", "week_accept", "week_issue", "week_transfer",
                  "ytd_consult", "ytd_accept", "ytd_issue", "ytd_transfer"],
    PlatformStats: ["licensing_accepted", "licensing_completed", "public_accepted",
                    "public_completed", "other_categories", "other_accepted", "other_completed"],
    Distribution: ["copies"],
    Recipient: ["copies"],
    Issue: ["year", "number", "serial"],
}


# Counts go up to 2**63 - 1: SQLite's INTEGER holds that, a server's BIGINT does (its INTEGER
# is 32-bit); the year, number and copies are small.
BIG_COUNTS = {WindowStats, PlatformStats}


@pytest.mark.parametrize("model", COUNT_COLUMNS, ids=lambda m: m.__name__)
def test_counts_are_integer_columns(store, model):
    columns = {c.name: c.data_type.upper() for c in store.get_columns(model._meta.table_name)}
    wide = "BIGINT" if store.server and model in BIG_COUNTS else "INTEGER"
    for name in COUNT_COLUMNS[model]:
        assert columns[name] == wide, name


def test_counts_are_stored_as_integers(store, tmp_path):
    data = parse_issue(SAMPLE_JSON.read_bytes(), "s")
    data["sections"][0]["subsections"][0]["block"]["week"]["consult"] = limits.MAX_COUNT
    save_issue(data)
    types = store.execute_sql(
        f"SELECT {'pg_typeof' if store.server else 'typeof'}(week_consult), week_consult "
        "FROM windowstats").fetchone()
    assert types == ("bigint" if store.server else "integer", limits.MAX_COUNT)
    assert load_issue(find_issue(2023, 9))["sections"][0]["subsections"][0]["block"]["week"][
        "consult"] == limits.MAX_COUNT
    total = store.execute_sql(
        "SELECT licensing_accepted + public_accepted + other_accepted FROM platformstats"
    ).fetchone()[0]
    assert total == 86756 + 887013 + 7389


def test_database_refuses_negative_counts(store):
    save_issue(parse_issue(SAMPLE_JSON.read_bytes(), "s"))
    with pytest.raises(IntegrityError):
        WindowStats.update(week_consult=-1).execute()
    with pytest.raises(IntegrityError):
        Distribution.update(copies=0).execute()


def test_database_enforces_unique_year_number_and_serial(store):
    save_issue(parse_issue(SAMPLE_JSON.read_bytes(), "s"))
    publication = Issue.get().publication
    with pytest.raises(IntegrityError):
        Issue.create(publication=publication, year=2023, number=9, serial=1,
                     issue_date="2023-01-01", period_start="2023-01-01",
                     period_end="2023-01-01")
    with pytest.raises(IntegrityError):
        Issue.create(publication=publication, year=2023, number=10, serial=429,
                     issue_date="2023-01-01", period_start="2023-01-01",
                     period_end="2023-01-01")


# --- sample and list ---


def test_sample_twice_keeps_one_issue(tmp_path, capsys):
    db = tmp_path / "s.sqlite3"
    assert cli.main(["--db", str(db), "sample"]) == 0
    assert "示例期 2023年第9期已加入" in capsys.readouterr().out
    first = db_snapshot(db)
    assert cli.main(["--db", str(db), "sample"]) == 0
    assert "示例期 2023年第9期已存在" in capsys.readouterr().out
    assert db_snapshot(db) == first
    assert len(first["issue"]) == 1
    assert cli.main(["--db", str(db), "list"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1


def test_sample_content_is_the_shipped_file(tmp_path):
    db = tmp_path / "s.sqlite3"
    out = tmp_path / "s.json"
    assert cli.main(["--db", str(db), "sample"]) == 0
    assert cli.main(["--db", str(db), "dump", "2023-9", "-o", str(out)]) == 0
    assert json.loads(out.read_text("utf-8")) == sample_data()


def test_list_is_newest_first_across_years(tmp_path, capsys):
    db = tmp_path / "l.sqlite3"
    keys = [(2023, 9, 429), (2023, 10, 430), (2023, 11, 431), (2024, 1, 470), (2024, 2, 471),
            (2022, 52, 400), (2023, 2, 422)]
    random.Random(7).shuffle(keys)
    for year, number, serial in keys:
        data = make_issue(year, number, serial)
        if (year, number) == (2024, 1):
            data["period"] = {"start": "2023-12-28", "end": "2024-01-03"}
        assert _import(db, data, tmp_path) == 0
    capsys.readouterr()
    assert cli.main(["--db", str(db), "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[0] for line in lines] == [
        "2024-2", "2024-1", "2023-11", "2023-10", "2023-9", "2023-2", "2022-52"]
    assert lines[1] == ("2024-1\t2024年第1期\t总第470期\t"
                        "（2023年12月28日\u20142024年1月3日）\t草稿")
    assert lines[0] == "2024-2\t2024年第2期\t总第471期\t（3月11日\u20143月15日）\t草稿"


# --- deleting, replacing, transactions ---

CHILD_TABLES = ["section", "windowstats", "platformstats", "textentry", "inspectioncheck",
                "distribution", "recipient"]
ORPHAN_QUERIES = [
    "SELECT count(*) FROM section WHERE issue_id NOT IN (SELECT id FROM issue)",
    "SELECT count(*) FROM section WHERE parent_id IS NOT NULL "
    "AND parent_id NOT IN (SELECT id FROM section)",
    *(f"SELECT count(*) FROM {table} WHERE section_id NOT IN (SELECT id FROM section)"
      for table in ("windowstats", "platformstats", "textentry", "inspectioncheck")),
    *(f"SELECT count(*) FROM {table} WHERE issue_id NOT IN (SELECT id FROM issue)"
      for table in ("distribution", "recipient")),
]


def _orphans(db) -> int:
    return sum(db.execute_sql(query).fetchone()[0] for query in ORPHAN_QUERIES)


def test_deleting_an_issue_cascades(store, tmp_path):
    other = make_issue(2024, 3, 472, distribution={
        "report": "a", "send": "b", "issue": "c", "copies": 2,
        "recipients": [{"group": "报", "name": "中心领导", "copies": 1}]})
    save_issue(parse_issue(json.dumps(other), "o"))
    only_other = row_counts(store.location)
    sample = save_issue(parse_issue(SAMPLE_JSON.read_bytes(), "s"))
    with_both = row_counts(store.location)
    assert all(with_both[t] > only_other[t] for t in CHILD_TABLES if t != "recipient")

    sample.delete_instance()

    assert row_counts(store.location) == only_other
    assert _orphans(store) == 0
    if not store.server:  # a server checks every foreign key at every write
        assert store.execute_sql("PRAGMA foreign_key_check").fetchall() == []
    assert find_issue(2024, 3) is not None and find_issue(2023, 9) is None


def test_replace_swaps_the_whole_issue(tmp_path, capsys):
    db = tmp_path / "r.sqlite3"
    assert _import(db, sample_data(), tmp_path) == 0
    assert _import(db, make_issue(2023, 10, 430), tmp_path) == 0
    replacement = make_issue(2023, 9, 429, sections=[
        leaf("大厅巡查情况", inspection_block([("着装情况", "良好。")]))])

    assert _import(db, replacement, tmp_path) == 1
    assert "2023年第9期已存在" in capsys.readouterr().err
    assert _import(db, replacement, tmp_path, "--replace") == 0

    out = tmp_path / "back.json"
    assert cli.main(["--db", str(db), "dump", "2023-9", "-o", str(out)]) == 0
    assert json.loads(out.read_text("utf-8")) == replacement
    # The old sections and rows are gone: the store holds exactly what importing the two
    # current issues into a fresh database gives.
    fresh = tmp_path / "fresh.sqlite3"
    assert _import(fresh, make_issue(2023, 10, 430), tmp_path) == 0
    assert _import(fresh, replacement, tmp_path) == 0
    counts, fresh_counts = row_counts(db), row_counts(fresh)
    # Only the history is longer: the replaced issue's (its import) goes on in the new one.
    assert counts.pop("historyline") == fresh_counts.pop("historyline") + 1
    assert counts == fresh_counts
    assert counts["textentry"] == 1  # the sample had 18 entries


def test_replace_may_change_the_serial_to_a_free_one(tmp_path):
    db = tmp_path / "r.sqlite3"
    assert _import(db, sample_data(), tmp_path) == 0
    moved = sample_data() | {"serial": 500}
    assert _import(db, moved, tmp_path, "--replace") == 0
    with sqlite3.connect(str(db)) as connection:
        assert connection.execute("SELECT year, number, serial FROM issue").fetchall() == [
            (2023, 9, 500)]
    connection.close()


def test_replace_of_a_new_year_number_simply_imports(tmp_path):
    db = tmp_path / "r.sqlite3"
    assert _import(db, sample_data(), tmp_path, "--replace") == 0
    assert len(db_snapshot(db)["issue"]) == 1


def test_replace_refused_when_the_serial_belongs_to_another_issue(tmp_path, capsys):
    db = tmp_path / "r.sqlite3"
    assert _import(db, sample_data(), tmp_path) == 0
    assert _import(db, make_issue(2023, 10, 430), tmp_path) == 0
    before = db_snapshot(db)
    clash = sample_data() | {"serial": 430}
    capsys.readouterr()

    assert _import(db, clash, tmp_path, "--replace") == 1

    err = capsys.readouterr().err
    assert ": serial: " in err and "总第430期已被 2023年第10期使用" in err
    assert db_snapshot(db) == before


class Boom(RuntimeError):
    pass


@pytest.mark.parametrize("target", ["Recipient", "InspectionCheck", "Distribution"])
def test_an_import_failing_half_way_leaves_nothing(store, tmp_path, monkeypatch, target):
    data = sample_data()
    data["distribution"]["recipients"] = [{"group": "报", "name": "中心领导", "copies": 2}]
    source = write_json(tmp_path / "half.json", data)
    save_issue(parse_issue(json.dumps(make_issue(2024, 1, 470)), "x"))
    before = db_snapshot(store.location)
    model = getattr(models_module, target)

    def create(*args, **kwargs):
        raise Boom("disk pulled out")

    monkeypatch.setattr(model, "create", create)
    with pytest.raises(Boom):
        import_issue_file(source)
    monkeypatch.undo()

    assert db_snapshot(store.location) == before
    assert find_issue(2023, 9) is None
    import_issue_file(source)  # nothing left behind blocks a retry
    assert find_issue(2023, 9) is not None


def test_a_replace_failing_half_way_keeps_the_old_issue(store, tmp_path, monkeypatch):
    import_issue_file(SAMPLE_JSON)
    before = db_snapshot(store.location)
    replacement = write_json(tmp_path / "new.json", make_issue(2023, 9, 429, sections=[
        leaf("推进情况", items_block(["一", "二", "三"]))]))
    calls = []

    def create(*args, **kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise Boom("fails on the second entry")
        return original(*args, **kwargs)

    original = TextEntry.create
    monkeypatch.setattr(models_module.TextEntry, "create", create)
    with pytest.raises(Boom):
        import_issue_file(replacement, replace=True)
    monkeypatch.undo()

    assert len(calls) == 2
    assert db_snapshot(store.location) == before


def test_taken_number_and_serial_raise_with_their_paths(store):
    save_issue(parse_issue(SAMPLE_JSON.read_bytes(), "s"))
    with pytest.raises(IssueExistsError) as info:
        save_issue(parse_issue(json.dumps(make_issue(2023, 9, 999)), "x"))
    assert info.value.path == "number"
    with pytest.raises(IssueExistsError) as info:
        save_issue(parse_issue(json.dumps(make_issue(2024, 1, 429)), "x"))
    assert info.value.path == "serial"
    with pytest.raises(FormatError) as info:
        import_issue_file(SAMPLE_JSON)
    assert info.value.source == str(SAMPLE_JSON) and info.value.path == "number"


def test_one_publication_row_per_name_and_editor(store):
    for n in range(3):
        save_issue(parse_issue(json.dumps(make_issue(2024, n + 1, 470 + n)), "x"))
    save_issue(parse_issue(json.dumps(make_issue(2024, 9, 480, editor="另一个编辑单位")), "y"))
    assert store.execute_sql("SELECT count(*) FROM publication").fetchone()[0] == 2


def test_sections_keep_their_order_and_nesting(store):
    data = random_issue(3)
    issue = save_issue(parse_issue(json.dumps(data), "r"))
    top = (Section.select().where((Section.issue == issue) & Section.parent.is_null())
           .order_by(Section.position))
    assert [s.title for s in top] == [s["title"] for s in data["sections"]]
    for row, section in zip(top, data["sections"], strict=True):
        assert (row.kind is None) == ("subsections" in section)
        if row.kind is None:
            subs = row.subsections.order_by(Section.position)
            assert [s.title for s in subs] == [s["title"] for s in section["subsections"]]


def test_inspection_checks_are_rows(store):
    issue = save_issue(parse_issue(SAMPLE_JSON.read_bytes(), "s"))
    section = Section.get((Section.issue == issue) & (Section.kind == "inspection"))
    checks = list(section.checks.order_by(InspectionCheck.position))
    assert [c.position for c in checks] == list(range(6))
    assert checks[5].title == "大厅防控情况"


def test_cli_on_a_database_held_by_another_connection(tmp_path):
    """A second program reading the WAL database does not block the CLI."""
    db = tmp_path / "busy.sqlite3"
    assert cli.main(["--db", str(db), "sample"]) == 0
    reader = sqlite3.connect(str(db))
    try:
        reader.execute("BEGIN")
        assert reader.execute("SELECT count(*) FROM issue").fetchone() == (1,)
        assert _import(db, make_issue(2024, 1, 470), tmp_path) == 0
        assert reader.execute("SELECT count(*) FROM issue").fetchone() == (1,)  # its snapshot
    finally:
        reader.close()
    assert row_counts(db)["issue"] == 2


def test_sample_refused_cleanly_when_its_serial_is_taken(tmp_path, capsys):
    db = tmp_path / "s.sqlite3"
    assert _import(db, make_issue(2023, 10, 429), tmp_path) == 0
    before = db_snapshot(db)
    capsys.readouterr()
    assert cli.main(["--db", str(db), "sample"]) == 1
    err = capsys.readouterr().err
    assert "总第429期已被 2023年第10期使用" in err and err.count("\n") == 1
    assert "Traceback" not in err
    assert db_snapshot(db) == before


def test_check_stored_issue_asks_whether_number_and_serial_are_taken(store, sample_issue):
    from zwdesk.store.issues import check_stored_issue, load_issue

    ninth = save_issue(sample_issue)
    other = copy.deepcopy(sample_issue)
    other.update(number=30, serial=450)
    save_issue(other)
    assert [p.field for p in check_stored_issue(ninth)] == ["items[3]"]  # the doubled word
    # the issue as being edited, before it is stored: 期号 and 总期号 of the other issue
    data = load_issue(ninth)
    data.update(number=30, serial=450)
    fields = {(p.severity, p.field) for p in check_stored_issue(ninth, data)
              if p.anchor == "masthead"}
    assert fields == {("error", "number"), ("error", "serial")}
